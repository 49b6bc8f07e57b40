"""/admin/ end to end: Decap CMS in Chromium, saving through its local backend (decap-server, from npm)
into a git checkout of the real content, as an editor on their own computer does (docs/cms.md).

The site is built with --cms and served on 127.0.0.1; decap-server runs on a free port, so the test
changes that port, and only that, in the built admin/config.yml and in admin/index.html's policy
(both name decap-server's default, 8081). Screenshots go to KATALOG_SCREENSHOTS when it is set
(the editors' guide's come from content/files/panduan-peramban/), else to a temporary folder.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from browser import RECORD_VIOLATIONS, WCAG_TAGS, browser, serve  # noqa: F401
from cms import SERVER, require_cms
from conftest import ROOT, build, real_content

pytestmark = [pytest.mark.browser, pytest.mark.cms, pytest.mark.real_content]
ADMIN_HTML = ROOT / "templates" / "admin" / "index.html"
NEW_TITLE = "Layanan Uji Peramban"
NEW_SLUG = "layanan-uji-peramban"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def cms_site(tmp_path_factory):
    """(admin URL, the checkout decap-server saves into, the folder of screenshots)."""
    cms = require_cms(server=True)
    folder = tmp_path_factory.mktemp("cms")
    repo = folder / "repo"
    shutil.copytree(real_content(), repo / "content")
    git(folder, "init", "-q", str(repo))
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Uji", "-c", "user.email=uji@example.org", "commit", "-qm", "isi")
    site = folder / "site"
    assert build.main(["build", "--content", str(repo / "content"), "--out", str(site), "--cms", str(cms),
                       "--no-search", "--no-cache"]) == 0
    port = free_port()
    for name in ("config.yml", "index.html"):
        path = site / "admin" / name
        text = path.read_text(encoding="utf-8")
        assert text.count("localhost:8081") == (1 if name == "index.html" else 2)
        path.write_text(text.replace("localhost:8081", f"localhost:{port}"), encoding="utf-8")
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["proxy_url"] == f"http://localhost:{port}/api/v1"
    environment = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo),
                   "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(SERVER / "dist" / "index.js")], cwd=repo, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"decap-server did not start: {server.stderr.read().decode(errors='replace')}")
            time.sleep(0.2)
    url, http = serve(site)
    shots = Path(os.environ.get("KATALOG_SCREENSHOTS") or folder / "layar")
    shots.mkdir(parents=True, exist_ok=True)
    try:
        yield url + "admin/", repo, shots
    finally:
        http.shutdown()
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def editor(browser, cms_site):
    """A signed-in page of the CMS, recording policy violations and requests elsewhere."""
    admin, _, _ = cms_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.elsewhere = []
    site = admin.rsplit("admin/", 1)[0]
    page.on("request", lambda request: None if request.url.startswith(site) or "://localhost:" in request.url
            else page.elsewhere.append(request.url))
    page.goto(admin)
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("text=Inovasi", timeout=20000)
    yield page
    context.close()


def open_entry(page, admin: str, slug: str):
    page.goto(f"{admin}#/collections/inovasi/entries/{slug}")
    page.wait_for_selector('textarea[id^="summary-field"]', timeout=20000)
    page.wait_for_timeout(500)  # every widget has mounted


def publish(page) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def case_page(repo: Path, slug: str, out: Path) -> bytes:
    assert build.main(["build", "--content", str(repo / "content"), "--out", str(out), "--no-search",
                       "--no-cache"]) == 0
    return (out / "inovasi" / slug / "index.html").read_bytes()


@pytest.mark.parametrize("slug", ["si-sakti", "data-go"])
def test_an_edited_summary_changes_that_line_only_and_saving_it_back_leaves_no_diff(editor, cms_site, slug,
                                                                                     tmp_path):
    admin, repo, shots = cms_site
    path = repo / "content" / "innovations" / f"{slug}.md"
    original = path.read_bytes()
    before = case_page(repo, slug, tmp_path / "sebelum")
    open_entry(editor, admin, slug)
    summary = editor.locator('textarea[id^="summary-field"]')
    old = summary.input_value()
    summary.fill(old + " Diperbarui.")
    publish(editor)
    wait_for(lambda: path.read_bytes() != original)
    diff = git(repo, "diff", "--unified=0", "--no-color").splitlines()
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    old_line = next(line for line in original.decode().split("\n") if line.startswith("summary: "))
    assert changed == ["-" + old_line, "+" + old_line[:-1] + ' Diperbarui."']  # the same quotes, one line
    if slug == "si-sakti":
        editor.screenshot(path=str(shots / "simpan.png"))
    editor.reload()  # the entry as the file now holds it
    editor.wait_for_selector('textarea[id^="summary-field"]', timeout=20000)
    editor.wait_for_timeout(500)
    summary = editor.locator('textarea[id^="summary-field"]')
    assert summary.input_value() == old + " Diperbarui."
    summary.fill(old)
    publish(editor)
    wait_for(lambda: path.read_bytes() == original)
    assert git(repo, "status", "--porcelain") == ""  # saved unchanged: git diff is empty
    assert case_page(repo, slug, tmp_path / "sesudah") == before
    assert editor.evaluate("window.violations") == [] and editor.elsewhere == []


def test_a_data_file_s_item_edited_and_saved_back_leaves_no_diff(editor, cms_site):
    """agencies.yaml, a list at its top level with blank lines between its items: one item's description
    changes that line only, and saving the old text back gives the file's bytes again."""
    admin, repo, _ = cms_site
    path = repo / "content" / "agencies.yaml"
    original = path.read_bytes()
    agency = yaml.safe_load(original)[1]

    def description_box(navigate=True):
        if navigate:
            editor.goto(f"{admin}#/collections/opd")
            editor.locator('a[href*="entries/opd"]').click()
        boxes = editor.locator('textarea[id^="description-field"]')
        boxes.first.wait_for(state="attached", timeout=20000)
        box = next(box for box in boxes.all() if box.input_value().startswith(agency["description"][:40]))
        # Unfold its item with the arrow in the bar above its summary.
        editor.get_by_text(f"{agency['name']} ({agency['id']})", exact=True) \
            .locator("xpath=preceding-sibling::div[1]/button[1]").click()
        box.wait_for(timeout=10000)
        return box

    box = description_box()
    old = box.input_value()
    assert old == agency["description"]
    box.fill(old + " Diperbarui.")
    publish(editor)
    wait_for(lambda: path.read_bytes() != original)
    changed = [line for line in git(repo, "diff", "--unified=0", "--no-color").splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    old_line = next(line for line in original.decode().split("\n") if line.startswith("  description: ")
                    and agency["description"][:40] in line)
    assert changed == ["-" + old_line, "+" + old_line[:-1] + ' Diperbarui."']
    editor.reload()  # the file as it now is
    box = description_box(navigate=False)
    box.fill(old)
    publish(editor)
    wait_for(lambda: path.read_bytes() == original)
    assert git(repo, "status", "--porcelain") == ""
    assert editor.evaluate("window.violations") == [] and editor.elsewhere == []


def test_a_new_innovation_created_in_the_form_is_a_file_that_build_py_check_accepts(editor, cms_site, run):
    admin, repo, shots = cms_site
    editor.goto(f"{admin}#/collections/inovasi/new")
    editor.wait_for_selector('textarea[id^="summary-field"]', timeout=20000)
    editor.locator('input[id^="title-field"]').first.fill(NEW_TITLE)
    agency = editor.locator('input[id^="agency-field"]')
    agency.fill("Dinas Kesehatan")
    agency.press("Enter")
    editor.locator('textarea[id^="summary-field"]').fill("Layanan uji: dibuat lewat penyunting di peramban.")
    editor.locator('input[id^="year-field"]').fill("2024")
    stage = editor.locator('input[id^="stage-field"]')
    stage.fill("Uji coba")
    stage.press("Enter")
    editor.locator('input[id^="trial_date-field"]').fill("2024-05")
    editor.screenshot(path=str(shots / "entri-baru.png"))
    publish(editor)
    path = repo / "content" / "innovations" / f"{NEW_SLUG}.md"
    wait_for(path.exists)
    editor.wait_for_timeout(500)
    text = path.read_text(encoding="utf-8")
    assert text == (f"---\ntitle: {NEW_TITLE}\nagency: dinkes\nsummary: \"Layanan uji: dibuat lewat penyunting di "
                    "peramban.\"\nyear: 2024\nstage: uji-coba\ntrial_date: \"2024-05\"\ndraft: true\n---\n")
    for arguments in (("check", "--content", str(repo / "content"), "--no-cache", "--drafts"),
                      ("check", "--content", str(repo / "content"), "--no-cache")):
        code, out, err = run(*arguments)
        assert (code, err) == (0, ""), err
    assert editor.evaluate("window.violations") == [] and editor.elsewhere == []


def test_a_required_field_left_empty_is_refused_and_nothing_is_written(editor, cms_site):
    admin, repo, shots = cms_site
    editor.goto(f"{admin}#/collections/inovasi/new")
    editor.wait_for_selector('textarea[id^="summary-field"]', timeout=20000)
    editor.locator('input[id^="title-field"]').first.fill("Tanpa Ringkasan")
    before = sorted(path.name for path in (repo / "content" / "innovations").iterdir())
    publish(editor)
    editor.wait_for_selector("text=Ringkasan is required", timeout=10000)
    assert editor.get_by_text("Perangkat daerah pengampu is required").is_visible()
    editor.screenshot(path=str(shots / "wajib.png"))
    editor.wait_for_timeout(1000)
    assert sorted(path.name for path in (repo / "content" / "innovations").iterdir()) == before
    assert editor.evaluate("window.violations") == [] and editor.elsewhere == []


def test_axe_finds_nothing_in_the_catalogue_s_own_markup_and_the_policy_is_kept(editor, cms_site):
    """The page's own markup (language, title, viewport, the text without JavaScript) passes axe on every
    screen an editor sees; Decap's own interface is reported here, not failed (it is not ours to change)."""
    from axe_playwright_python.sync_playwright import Axe
    admin, _, shots = cms_site
    editor.screenshot(path=str(shots / "koleksi.png"))
    ours, theirs = [], []
    for address in (f"{admin}#/collections/inovasi", f"{admin}#/collections/inovasi/entries/si-sakti",
                    f"{admin}#/collections/opd/entries/opd"):
        editor.goto(address)
        editor.wait_for_timeout(2500)
        results = Axe().run(editor, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        for violation in results.response["violations"]:
            for node in violation["nodes"]:
                inside = editor.evaluate("(selector) => { const found = document.querySelector(selector);"
                                         " return !!found && !!found.closest('#nc-root'); }", node["target"][0])
                (theirs if inside else ours).append(f"{violation['id']}: {node['target']}")
    # Reached by a jump from another entry's address: read from its file all the same (katalog-cms.js).
    count = len(yaml.safe_load((real_content() / "agencies.yaml").read_text(encoding="utf-8")))
    editor.wait_for_selector(f"text={count} perangkat daerah", timeout=20000)
    editor.screenshot(path=str(shots / "data.png"))
    assert ours == []
    print(f"Decap's own interface: {len(theirs)} axe findings", *sorted(set(theirs))[:20], sep="\n  ")
    assert editor.evaluate("window.violations") == [] and editor.elsewhere == []


def test_the_page_s_policy_is_the_one_nginx_sends_and_names_only_what_the_cms_needs():
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                     ADMIN_HTML.read_text(encoding="utf-8"))[1]
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert f'~^/admin/  "{meta}; frame-ancestors \'none\'";' in nginx
    directives = dict(part.strip().split(" ", 1) for part in meta.split(";"))
    assert directives == {
        "default-src": "'none'", "script-src": "'self' 'unsafe-eval'", "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' blob: https://avatars.githubusercontent.com https://gitlab.com https://secure.gravatar.com",
        "connect-src": "'self' http://localhost:8081 https://api.github.com https://gitlab.com",
        "base-uri": "'none'", "form-action": "'none'", "object-src": "'none'"}
