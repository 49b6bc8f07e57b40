"""The hostile corpus (tests/hostile.py) through build.py, as an editor would run it.

Every case either prints exactly its error lines from tests/hostile_expected.txt,
exits 1 and leaves the previous site/ byte-identical, or builds a site with nothing
in it that could run script or load from elsewhere. A pathological Markdown body may
do either, by the installed Markdown's speed: only the renderer's limits may refuse it. None may print a traceback,
take more than 10 s, or write anywhere but site/ and the build cache.

After an intended change of messages, rewrite the outcomes with
``UPDATE_GOLDEN=1 python -m pytest tests/test_hostile.py`` and review the diff.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import build
from browser import RECORD_VIOLATIONS, launch, require_browser, serve, wait_for_results, wait_for_search
from conftest import tree_bytes
from hostile import BASE, CASES, ENTRY, HOSTILE_TEXT, write_files
from katalog.render import search_names
from sitecheck import broken_links, unsafe_markup, visible_text

TIME_LIMIT_SECONDS = 10
EXPECTED = Path(__file__).with_name("hostile_expected.txt")
BUILDS = "builds"
# What a renderer-dependent case (see hostile.Case) records; it then builds, or is refused so:
RENDERER_DEPENDENT = "builds, or refused at the body's first line by the renderer's time or depth limit"
RENDERER_REFUSALS = {
    f"content/{ENTRY}:6: Markdown took more than 5 s to render (look for long runs of [ or < and simplify them)"
    "\n1 error; nothing was written",
    f"content/{ENTRY}:6: Markdown is nested too deeply to render (flatten the nested lists or quotes)"
    "\n1 error; nothing was written",
}


def read_expected() -> dict[str, str]:
    """Case id -> what build.py prints on stderr, or BUILDS."""
    blocks = EXPECTED.read_text(encoding="utf-8").split("\n[")[1:]
    return {case_id: text.rstrip("\n") for case_id, _, text in (block.partition("]\n") for block in blocks)}


@pytest.fixture(scope="module")
def expected():
    """The recorded outcomes; under UPDATE_GOLDEN, a dict the tests fill and that is written at the end."""
    if not os.environ.get("UPDATE_GOLDEN"):
        yield read_expected()
        return
    outcomes = read_expected() if EXPECTED.exists() else {}  # a run of some cases (-k) keeps the others
    yield outcomes
    header = ("# What build.py prints for each case of tests/hostile.py (stderr, exit 1), or 'builds'.\n"
              "# Written by UPDATE_GOLDEN=1 python -m pytest tests/test_hostile.py: review every change.\n")
    EXPECTED.write_text(header + "".join(f"\n[{case.id}]\n{outcomes[case.id]}\n" for case in CASES
                                         if case.id in outcomes), encoding="utf-8")


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A folder with BASE's content and the site built from it: the state each case starts from."""
    root = tmp_path_factory.mktemp("previous")
    write_files(root / "content", BASE)
    assert build.main(["build", "--content", str(root / "content"), "--out", str(root / "site"),
                       "--no-search", "--no-cache"]) == 0
    return root


def files_outside_site(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*")
            if path.relative_to(root).parts[0] not in ("site", ".cache")}


# The Markdown that explodes parsers is slow by design: left out of the quick lane.
@pytest.mark.parametrize("case", [pytest.param(case, id=case.id, marks=[pytest.mark.slow] if case.family == "Markdown" else [])
                                  for case in CASES])
def test_hostile_case(case, previous, expected, tmp_path, monkeypatch, capsys):
    shutil.copytree(previous, tmp_path, dirs_exist_ok=True)
    write_files(tmp_path / "content", case.files)
    monkeypatch.chdir(tmp_path)
    site_before, files_before = tree_bytes(tmp_path / "site"), files_outside_site(tmp_path)

    started = time.perf_counter()
    code = build.main(["build", "--no-search"])
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err

    outcome = BUILDS if code == 0 and not err else err.rstrip("\n")
    if os.environ.get("UPDATE_GOLDEN"):
        expected[case.id] = RENDERER_DEPENDENT if case.renderer_dependent else outcome
    assert elapsed < TIME_LIMIT_SECONDS
    assert "Traceback" not in err
    assert files_outside_site(tmp_path) == files_before
    assert (expected[case.id] == RENDERER_DEPENDENT) == case.renderer_dependent
    if case.renderer_dependent:
        assert outcome in {BUILDS, *RENDERER_REFUSALS}
    else:
        assert outcome == expected[case.id]
    site = tmp_path / "site"
    if outcome != BUILDS:
        assert code == 1 and err.endswith("; nothing was written\n")
        assert tree_bytes(site) == site_before
        return
    assert unsafe_markup(site, base_url="https://example.org/katalog/") == []
    assert broken_links(site) == []
    page = site / "inovasi/x/index.html"
    assert page.exists() == (case.published and "innovations/x.md" in case.files)
    for text in case.shows:
        assert text in visible_text(page)


@pytest.fixture(scope="module")
def injection_site(tmp_path_factory):
    """One site with every injection case that builds, each entry under its own name, with its search
    index, served on loopback under its own base URL (so that even the 404 page's absolute links stay home)."""
    outcomes = read_expected()
    files = dict(BASE)
    cases = [case for case in CASES if case.family in ("script injection", "template injection")
             and outcomes.get(case.id) == BUILDS]
    for number, case in enumerate(cases):
        files.update({path.replace(ENTRY, f"innovations/x-{number}.md"): data for path, data in case.files.items()})
    root = tmp_path_factory.mktemp("injection")
    write_files(root / "content", files)
    url, server = serve(root / "site")
    assert build.main(["build", "--content", str(root / "content"), "--out", str(root / "site"), "--no-cache",
                       "--base-url", url]) == 0
    yield root / "site", url
    server.shutdown()


@pytest.mark.browser
def test_no_page_built_from_injection_cases_runs_script_or_loads_from_elsewhere(injection_site):
    sync_playwright = require_browser()
    site, url = injection_site
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                   if path.relative_to(site).parts[0] != "pagefind")
    searches = ["cari/?q=script", "cari/?q=alert", "cari/?q=onerror", "cari/?q=7"]
    # One letter short of the hostile title: the search page offers that title ("did you mean").
    misspelt = "cari/?q=" + search_names.key(HOSTILE_TEXT)[:-1]
    offered = []
    assert len(pages) > 40 and any(page.startswith("inovasi/x-") for page in pages)
    dialogs, elsewhere, violations = [], [], []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("request", lambda request: None if request.url.startswith(url) else elsewhere.append(request.url))
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for path in pages + searches + [misspelt]:
            page.goto(url + path)
            if path == misspelt:
                wait_for_search(page)
                offered = page.eval_on_selector_all("#saran-nama a", "links => links.map(link => link.textContent)")
            elif path.startswith("cari/?"):
                wait_for_results(page)
            violations += [f"{path}: {violation}" for violation in page.evaluate("window.violations")]
        browser.close()
    assert (dialogs, elsewhere, violations) == ([], [], [])
    assert HOSTILE_TEXT.strip() in offered  # shown as text, not run
