"""Parallel and cached builds give byte for byte the site a single-process cold build gives."""
from __future__ import annotations

import io
import os
import re

import pytest

from bench import generate
from conftest import tree_bytes
from katalog.engine import progress

# Slow: each test builds a generated catalogue of 60 entries several times.
pytestmark = pytest.mark.slow

ENTRY = "innovations/inovasi-00007.md"


@pytest.fixture
def catalogue(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    generate.generate(60, tmp_path / "content")
    return tmp_path


def cold(run, root, name: str = "cold") -> dict[str, bytes]:
    """The reference: one process, no cache."""
    assert run("build", "--out", name, "--jobs", "1", "--no-cache", "--no-search")[0] == 0
    return tree_bytes(root / name)


def edit(root, relative: str, old: str, new: str) -> None:
    path = root / "content" / relative
    path.write_text(re.sub(old, new, path.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def test_a_parallel_build_gives_the_single_process_build(catalogue, run):
    assert run("build", "--out", "parallel", "--jobs", "3", "--no-cache", "--no-search")[0] == 0
    assert tree_bytes(catalogue / "parallel") == cold(run, catalogue)


def test_cached_builds_give_the_cold_build_after_each_edit(catalogue, run):
    build = ("build", "--out", "site", "--jobs", "2", "--no-search")
    assert run(*build)[0] == 0
    code, out, _ = run(*build)
    assert code == 0 and "up to date, nothing changed since the last build" in out
    for relative, old, new in [
        (ENTRY, "## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja"),  # text only
        (ENTRY, "title: .*", "title: AAA Tujuh"),  # moves in every list
        ("agencies.yaml", "name: Dinas Contoh 3\n", "name: Dinas Baru\n"),  # shown everywhere
        ("innovations/baru.md", "^$", "---\ntitle: Baru\nagency: opd-001\nsummary: Baru.\n---\n"),  # a new file
        (ENTRY, "sources:", "form: lainnya\nreplications: [{by: Kota Lain, kind: replikasi, "
                            "source: {publisher: ANTARA}}]\nsources:"),  # the form and replications pages
        ("indikator.yaml", "^$", "- id: iid\n  name: IID\n  year: 2023\n  value: 59.28\n"
                                 "  sources: [{publisher: Kemendagri}]\n"),  # an optional data file, new
        ("indikator.yaml", "59.28", "60.1"),  # and edited
    ]:
        if not (catalogue / "content" / relative).exists():
            (catalogue / "content" / relative).write_text("", encoding="utf-8")
        edit(catalogue, relative, old, new)
        code, out, _ = run(*build)
        assert code == 0 and "rendered" in out, out  # an update, not a cold build
        site = tree_bytes(catalogue / "site")
        assert {path: data for path, data in site.items() if path != ".katalog-build"} == cold(run, catalogue)
    (catalogue / "content" / "innovations" / "baru.md").unlink()
    assert run(*build)[0] == 0
    assert not (catalogue / "site" / "inovasi" / "baru").exists()


def test_a_template_edit_with_the_cache(catalogue, run):
    import shutil
    from conftest import ROOT
    shutil.copytree(ROOT / "templates", catalogue / "templates")
    build = ("build", "--out", "site", "--templates", "templates", "--no-search")
    assert run(*build)[0] == 0
    card = catalogue / "templates" / "partials" / "card.html"
    card.write_text(card.read_text(encoding="utf-8").replace('<li class="card">', '<li class="card kartu">'),
                    encoding="utf-8")
    code, out, _ = run(*build)
    assert code == 0 and "rendered" in out
    assert run("build", "--out", "cold", "--templates", "templates", "--no-cache", "--no-search", "--jobs", "1")[0] == 0
    site = tree_bytes(catalogue / "site")
    assert {path: data for path, data in site.items() if path != ".katalog-build"} == tree_bytes(catalogue / "cold")
    assert b"card kartu" in site["inovasi/index.html"]


def test_the_cache_is_used_only_for_its_own_output_and_settings(catalogue, run):
    assert run("build", "--no-search")[0] == 0
    assert "up to date" not in run("build", "--no-search", "--drafts")[1]  # other settings: cold
    assert "up to date" not in run("build", "--no-search")[1]  # its cache was for --drafts' output
    assert "up to date" in run("build", "--no-search")[1]
    (catalogue / "site" / ".katalog-build").unlink()  # someone changed the folder
    code, out, _ = run("build", "--no-search")
    assert code == 0 and "up to date" not in out and "rendered" not in out


def test_a_broken_cache_means_a_cold_build(catalogue, run):
    assert run("build", "--no-search")[0] == 0
    for path in (catalogue / ".cache" / "katalog").iterdir():
        path.write_bytes(b"not a pickle")
    code, out, err = run("build", "--no-search")
    assert code == 0 and "Traceback" not in err and "272 files (" in out


def test_a_failed_cached_build_writes_nothing_and_the_next_sees_the_fix(catalogue, run):
    assert run("build", "--no-search")[0] == 0
    before = tree_bytes(catalogue / "site")
    edit(catalogue, ENTRY, "agency: opd-[0-9]+", "agency: tidak-ada")
    code, _, err = run("build", "--no-search")
    assert code == 1 and "unknown agency 'tidak-ada'" in err
    assert tree_bytes(catalogue / "site") == before
    assert "unknown agency" in run("check")[2]
    edit(catalogue, ENTRY, "agency: tidak-ada", "agency: opd-001")
    assert run("build", "--no-search")[0] == 0
    site = tree_bytes(catalogue / "site")
    assert {path: data for path, data in site.items() if path != ".katalog-build"} == cold(run, catalogue)


def test_check_uses_the_cache_but_never_changes_it(catalogue, run):
    assert run("build", "--no-search")[0] == 0
    assert run("check", "--no-search")[1] == "check: nothing changed since the last build; no errors\n"
    edit(catalogue, ENTRY, "## Cara Kerja", "Baru.\n\n## Cara Kerja")
    assert run("check", "--no-search")[1].startswith("check: 60 innovations")
    code, out, _ = run("build", "--no-search")
    assert "1 page rendered" in out  # the check did not take the edit into the cache


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_on_a_terminal_after_a_second(monkeypatch):
    clock = iter([0.0, 0.5, 1.2, 1.4, 1.6])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    screen = Terminal()
    bar = progress.Progress(screen)
    bar.start("reading", 1000)
    bar.advance(100)  # at 0.5 s: not yet
    assert screen.getvalue() == ""
    bar.advance(400)  # at 1.2 s
    assert screen.getvalue() == "\rreading 500/1,000 [############............] 50%\033[K"
    bar.finish()
    assert screen.getvalue().endswith("\r\033[K")


def test_no_progress_bar_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr(progress.time, "monotonic", iter([0.0, 5.0, 6.0]).__next__)
    log = io.StringIO()
    bar = progress.Progress(log)
    bar.start("rendering", 10)
    bar.advance(5)
    bar.finish()
    assert log.getvalue() == ""


def test_an_output_folder_changed_by_hand_means_a_cold_build(catalogue, run):
    assert run("build", "--no-search")[0] == 0
    (catalogue / "site" / "index.html").unlink()
    (catalogue / "site" / "static" / "style.css").write_text("junk", encoding="utf-8")
    code, out, _ = run("build", "--no-search")
    assert code == 0 and "up to date" not in out and "rendered" not in out
    site = tree_bytes(catalogue / "site")
    assert {path: data for path, data in site.items() if path != ".katalog-build"} == cold(run, catalogue)


def test_an_edit_that_keeps_size_and_time_is_seen(catalogue, run):
    assert run("build", "--no-search")[0] == 0
    path = catalogue / "content" / ENTRY
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("title: Inovasi 7", "title: Inovasi X"), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # as cp -p or rsync -a leave it
    code, out, _ = run("build", "--no-search")
    assert code == 0 and "rendered" in out
    assert b"Inovasi X" in (catalogue / "site" / "inovasi" / "inovasi-00007" / "index.html").read_bytes()


def test_files_in_hidden_and_linked_template_folders_are_followed(catalogue, run):
    import shutil
    from conftest import ROOT
    shutil.copytree(ROOT / "templates", catalogue / "templates")
    hidden = catalogue / "templates" / "static" / ".well-known" / "security.txt"
    hidden.parent.mkdir()
    hidden.write_text("v1", encoding="utf-8")
    outside = catalogue / "luar.css"
    outside.write_text("a {}", encoding="utf-8")
    (catalogue / "templates" / "static" / "luar.css").symlink_to(outside)
    build = ("build", "--templates", "templates", "--no-search")
    assert run(*build)[0] == 0
    hidden.write_text("v2", encoding="utf-8")
    outside.write_text("b {}", encoding="utf-8")
    assert run(*build)[0] == 0
    assert (catalogue / "site" / "static" / ".well-known" / "security.txt").read_text(encoding="utf-8") == "v2"
    assert (catalogue / "site" / "static" / "luar.cf2f3b6589.css").read_text(encoding="utf-8") == "b {}"


def test_a_cache_of_the_wrong_shape_means_a_cold_build(catalogue, run):
    import pickle
    assert run("build", "--no-search")[0] == 0
    for path in (catalogue / ".cache" / "katalog").iterdir():
        path.write_bytes(pickle.dumps({"key": "x"} if path.suffix == ".stamps" else ("x",)))
    code, out, err = run("build", "--no-search")
    assert code == 0 and err == "" and "272 files (" in out


def test_one_cache_per_output_folder_whatever_the_settings(catalogue, run, monkeypatch):
    for epoch in ("1", "2", "3"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert run("build", "--no-search")[0] == 0
    assert len(list((catalogue / ".cache" / "katalog").iterdir())) == 2  # its state and its stamps


def test_a_change_to_any_stage_of_the_engine_makes_the_cache_stale(tmp_path, monkeypatch):
    import shutil
    from katalog.engine import cache
    engine = tmp_path / "katalog"
    shutil.copytree(cache.ENGINE, engine, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "ENGINE", engine)
    before = cache._engine_version()
    with open(engine / "render" / "pages.py", "a", encoding="utf-8") as module:
        module.write("\n# a change in a subpackage\n")
    assert cache._engine_version() != before
