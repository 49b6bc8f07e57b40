"""Every page kind of the built site passes the Nu HTML Checker (vnu) with zero errors.

vnu.jar comes from the npm package vnu-jar, which .ci/run installs into .cache/vnu/
(KATALOG_VNU_JAR points at another copy), and runs on the system's Java. Where either
is missing these tests are skipped, except in CI, where KATALOG_REQUIRE_VNU=1 makes
that a failure. vnu runs once per site: the JVM start is most of its time.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import build
import lanes
from conftest import ROOT

VNU_JAR = Path(os.environ.get("KATALOG_VNU_JAR", ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
EXAMPLE = ROOT / "tests" / "example" / "content"


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """The command that starts the checker, or a skip (a failure when KATALOG_REQUIRE_VNU is set)."""
    lanes.require("vnu", "the Nu HTML Checker")
    java = shutil.which("java")
    problem = None
    if java is None:
        problem = "no java on PATH (apt-get install default-jre-headless)"
    elif not VNU_JAR.is_file():
        problem = f"no vnu.jar at {VNU_JAR} (see 'HTML validity' in docs/development.md)"
    if problem:
        if os.environ.get("KATALOG_REQUIRE_VNU"):
            pytest.fail(f"HTML checks required but {problem}")
        pytest.skip(problem)
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    """The example site with its drafts (the draft banner) and its search index (the real search page)."""
    out = tmp_path_factory.mktemp("example") / "site"
    assert build.main(["build", "--content", str(EXAMPLE), "--out", str(out), "--drafts", "--no-cache"]) == 0
    return out


@pytest.fixture(scope="module")
def paginated_site(tmp_path_factory):
    """A generated catalogue long enough for lists of five pages (gaps in the page links), and
    agencies and awards with no innovations; without search, so its search page says so."""
    from bench import generate
    root = tmp_path_factory.mktemp("paginated")
    generate.generate(100, root / "content")
    out = root / "site"
    assert build.main(["build", "--content", str(root / "content"), "--out", str(out), "--no-search",
                       "--no-cache"]) == 0
    return out


# Pages each site must have: if one went missing, a page kind would silently go unchecked.
MUST_HAVE = {
    "example_site": ["404.html", "inovasi/lengkap-lama/index.html", "inovasi/draf/index.html", "cari/index.html",
                     "data/index.html", "aksesibilitas/index.html", "tentang/index.html", "statistik/index.html"],
    "real_site": ["index.html", "inovasi/sipput/index.html", "panduan-editor/index.html"],
    "paginated_site": ["inovasi/halaman/2/index.html", "inovasi/halaman/5/index.html",
                       "statistik/index.html"],  # 40 agencies: the chart's "lainnya" bar
}


def html_files(site: Path) -> list[str]:
    """Every HTML file of the site, relative to it, less any of Pagefind's own."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                  if path.relative_to(site).parts[0] != "pagefind")


@pytest.mark.real_content
@pytest.mark.vnu
@pytest.mark.parametrize("name", list(MUST_HAVE))
def test_every_page_passes_the_nu_html_checker(vnu, request, name):
    site = request.getfixturevalue(name)
    files = html_files(site)
    assert set(MUST_HAVE[name]) <= set(files)
    if name == "example_site":
        assert 'id="cari-form"' in (site / "cari/index.html").read_text(encoding="utf-8")  # not the stand-in
    # --no-langdetect: its findings are only warnings, which --errors-only drops; it saves a fifth of the time.
    result = subprocess.run([*vnu, "--errors-only", "--no-langdetect", "--format", "json", "--stdout", *files],
                            cwd=site, capture_output=True, encoding="utf-8", errors="replace", timeout=300)
    try:
        messages = json.loads(result.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu gave no JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    prefix = site.resolve().as_uri().replace("file:///", "file:/") + "/"
    problems = [f"{m.get('url', '').removeprefix(prefix)}:{m.get('firstLine', m.get('lastLine', '?'))}:"
                f"{m.get('firstColumn', m.get('lastColumn', '?'))}: {m['type']}: {m.get('message', '')}"
                for m in messages if m["type"] != "info"]  # errors, and files vnu could not read
    assert problems == [], f"{len(problems)} HTML errors in {name}:\n" + "\n".join(problems)
    assert result.returncode == 0, result.stderr
