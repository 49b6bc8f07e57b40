"""/admin/ in a built site: copied only with --cms, the public pages unchanged by it, kept out of the
sitemap, feed, open data and search, and served by deploy/nginx.conf with its own policy."""
from __future__ import annotations

import filecmp
import re
import urllib.request

import pytest

from browser import RECORD_VIOLATIONS, browser  # noqa: F401
from cms import require_cms
from conftest import ROOT, build, real_content
from katalog.render import admin
from nginx import fetch, meta_policy, nginx_serving

pytestmark = [pytest.mark.cms, pytest.mark.real_content]
BASE = "https://katalog.example.go.id/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The real catalogue built twice, with --cms and without (search index, feed and sitemap included)."""
    cms = require_cms()
    folder = tmp_path_factory.mktemp("cms-site")
    for name, extra in (("with", ["--cms", str(cms)]), ("without", [])):
        assert build.main(["build", "--content", str(real_content()), "--out", str(folder / name),
                           "--base-url", BASE, "--precompress", "--no-cache", *extra]) == 0
    return folder / "with", folder / "without"


def files(site):
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def test_the_cms_adds_admin_and_changes_no_other_file(sites):
    with_cms, without = sites
    added = files(with_cms) - files(without)
    assert files(without) <= files(with_cms) and added and all(path.startswith("admin/") for path in added)
    assert not (without / "admin").exists()
    different = [path for path in sorted(files(without)) if not path.startswith("pagefind/")
                 and not filecmp.cmp(with_cms / path, without / path, shallow=False)]
    assert different == []
    # Pagefind numbers its files by what it read: the same pages, so the same index files.
    assert sorted(path for path in files(with_cms) if path.startswith("pagefind/")) == \
        sorted(path for path in files(without) if path.startswith("pagefind/"))


def test_admin_holds_the_page_its_configuration_and_the_pinned_bundle(sites):
    with_cms, _ = sites
    names = {path.name for path in (with_cms / "admin").iterdir() if not path.name.endswith(".gz")}
    assert {"index.html", "config.yml", "katalog-cms.js", "katalog-init.js", "decap-cms.js",
            "decap-cms.js.LICENSE.txt", "js-yaml.js", "js-yaml.LICENSE.txt"} <= names
    assert not [name for name in names if name.endswith((".wasm", ".map"))]
    assert (with_cms / "admin" / "config.yml").read_bytes() == (ROOT / "templates" / "admin" / "config.yml").read_bytes()
    bundle = (with_cms / "admin" / "decap-cms.js").read_bytes()
    assert bundle == (require_cms() / "decap-cms" / "dist" / "decap-cms.js").read_bytes()
    html = (with_cms / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html and "data-pagefind" not in html


def test_admin_is_in_no_sitemap_feed_open_data_or_search_index(sites):
    with_cms, _ = sites
    for name in ("sitemap.xml", "feed.xml", "robots.txt", "data/inovasi.json", "data/inovasi.csv"):
        assert "admin" not in (with_cms / name).read_text(encoding="utf-8"), name
    indexed = b"".join(path.read_bytes() for path in (with_cms / "pagefind").rglob("*") if path.is_file())
    assert b"admin/" not in indexed and b"Penyunting" not in indexed


def test_a_build_with_a_missing_or_other_version_of_the_cms_is_a_usage_error(run, tmp_path):
    (tmp_path / "cms" / "decap-cms").mkdir(parents=True)
    (tmp_path / "cms" / "decap-cms" / "package.json").write_text('{"version": "3.0.0"}', encoding="utf-8")
    code, out, err = run("build", "--out", str(tmp_path / "site"), "--cms", str(tmp_path / "cms"), "--no-search")
    assert (code, out) == (2, "")
    assert err.startswith(f"build.py: --cms {tmp_path / 'cms'}: decap-cms {admin.DECAP_CMS[1]} is needed and "
                          f"{tmp_path / 'cms'}/decap-cms/ holds version 3.0.0; install npm pack decap-cms@")
    assert not (tmp_path / "site").exists()


def test_ci_installs_the_versions_the_build_requires():
    run_file = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for variable, (_, version) in (("DECAP_CMS_VERSION", admin.DECAP_CMS), ("JS_YAML_VERSION", admin.JS_YAML),
                                   ("DECAP_SERVER_VERSION", admin.DECAP_SERVER)):
        assert f"\n{variable}={version}\n" in run_file
    assert "\nexport KATALOG_REQUIRE_CMS=1\n" in run_file


@pytest.fixture(scope="module")
def nginx_url(sites, tmp_path_factory):
    with nginx_serving(sites[0], tmp_path_factory.mktemp("cms-nginx")) as url:
        yield url


@pytest.mark.nginx
def test_nginx_sends_admin_its_own_policy_noindex_and_the_public_pages_theirs_unchanged(nginx_url, sites):
    status, headers, body = fetch(nginx_url + "admin/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == meta_policy(body) + "; frame-ancestors 'none'"
    assert "'unsafe-eval'" in headers["Content-Security-Policy"]
    assert headers["X-Robots-Tag"] == "noindex, nofollow" and headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-cache"
    for path in ("", "inovasi/sipput/", "cari/"):
        status, headers, body = fetch(nginx_url + path)
        assert headers["Content-Security-Policy"] == meta_policy(body) + "; frame-ancestors 'none'"
        assert "'unsafe-" not in headers["Content-Security-Policy"] and "X-Robots-Tag" not in headers
    status, headers, body = fetch(nginx_url + "admin/config.yml")
    assert (status, headers["Content-Type"]) == (200, "text/yaml; charset=utf-8")
    assert body == (sites[0] / "admin" / "config.yml").read_bytes()
    for script in ("admin/js-yaml.js", "admin/katalog-cms.js", "admin/decap-cms.js"):
        status, headers, _ = fetch(nginx_url + script)
        assert (status, headers["Content-Type"]) == (200, "application/javascript; charset=utf-8")
    status, headers, body = fetch(nginx_url + "admin/tidak-ada.js")  # the catalogue's 404 page, as anywhere
    assert (status, body) == (404, (sites[0] / "404.html").read_bytes())


@pytest.mark.nginx
@pytest.mark.browser
def test_through_nginx_the_cms_starts_with_no_policy_violation_and_no_request_elsewhere(browser, nginx_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    elsewhere, refused = [], []
    page.on("request", lambda request: None if request.url.startswith(nginx_url) or "://localhost:" in request.url
            else elsewhere.append(request.url))
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto(nginx_url + "admin/")
    page.get_by_role("button", name="Login").wait_for(timeout=20000)  # config read, formats registered, started
    assert page.title() == "Penyunting Katalog Inovasi"
    assert (page.evaluate("window.violations"), refused, elsewhere) == ([], [], [])
    assert not re.search(r"Config Errors|Error loading", page.inner_text("body"))
    context.close()


@pytest.mark.nginx
def test_the_config_is_served_as_written(nginx_url):
    with urllib.request.urlopen(nginx_url + "admin/config.yml", timeout=10) as response:
        assert response.read() == (ROOT / "templates" / "admin" / "config.yml").read_bytes()
