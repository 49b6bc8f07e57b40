"""Shared helpers: small content trees written on the fly, and the command line run in-process."""
from __future__ import annotations

import sys
import textwrap
import time
from pathlib import Path

import markdown
import pytest
from markdown.preprocessors import Preprocessor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The example site: a small catalogue with every field, a draft and a free page, and its golden output.
EXAMPLE = ROOT / "tests" / "example"

import build  # noqa: E402  (the entry point lives beside the package, not inside it)
import lanes  # noqa: E402

MINIMAL_SITE = {
    "agencies.yaml": """\
        - id: dlh
          name: Dinas Lingkungan Hidup
          short: DLH
        - id: dinkes
          name: Dinas Kesehatan
          short: Dinkes
        """,
    "awards.yaml": """\
        - id: iga-2019
          name: Innovative Government Award
          year: 2019
          giver: Kementerian Dalam Negeri
        """,
    "innovations/sipput.md": """\
        ---
        title: SIPPUT
        agency: dlh
        summary: Layanan sampah.
        ---

        ## Cara Kerja

        Teks.
        """,
}


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write ``files`` (relative path -> text, bytes, or None to delete) under ``root``."""
    for relative, data in files.items():
        path = root / relative
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return root


def pytest_collection_modifyitems(items):
    """Every test that needs a tool is slow: the quick lane (-m "not slow") leaves it out. A hypothesis
    test must be marked fuzz, so that no fuzzing reaches the quick lane."""
    for item in items:
        if any(item.get_closest_marker(marker) for marker in lanes.TOOLS):
            item.add_marker(pytest.mark.slow)
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False) and not item.get_closest_marker("fuzz"):
            raise pytest.UsageError(f"{item.nodeid} uses hypothesis but is not marked @pytest.mark.fuzz")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    lanes.current = item  # before the test's fixtures, which may start a tool


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    lanes.current = None


def real_content() -> Path:
    """The real catalogue, content/: only for tests marked real_content, which check what holds of any
    catalogue (it loads, builds, every record has its page), never what it names."""
    lanes.require("real_content", "the real catalogue in content/")
    return ROOT / "content"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real catalogue in content/, built once (with its search index) for every test that reads it."""
    out = tmp_path_factory.mktemp("real") / "site"
    assert build.main(["build", "--content", str(real_content()), "--out", str(out)]) == 0
    return out


@pytest.fixture
def site_dir(tmp_path, monkeypatch):
    """A working directory holding a minimal valid content/ tree; returns a writer for more files."""
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "content", MINIMAL_SITE)

    def write(files: dict[str, str | bytes | None]) -> Path:
        return write_tree(tmp_path / "content", files)

    write.root = tmp_path
    return write


@pytest.fixture
def run(capsys):
    """Run build.py's main(argv); returns (exit code, stdout, stderr)."""

    def run_(*argv: str) -> tuple[int, str, str]:
        code = build.main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_


def stylesheet(site: Path) -> Path:
    """The site's one stylesheet, named after its content (static/style.<hash>.css)."""
    [found] = site.glob("static/style.*.css")
    return found


# A body line holding this makes Markdown spin (see the slow_markdown fixture).
SLOW_MARKER = "LAMBAT-SEKALI"
SPIN_SECONDS = 60  # far longer than any time limit under test; the test fails rather than hangs


class _Spin(Preprocessor):
    """Loops while a body holds SLOW_MARKER, as a parser does on a pathological input: only the
    renderer's time limit can stop it. It loops in Python, so the limit's signal lands within it."""

    def run(self, lines: list[str]) -> list[str]:
        if any(SLOW_MARKER in line for line in lines):
            deadline = time.monotonic() + SPIN_SECONDS
            while time.monotonic() < deadline:
                pass
        return lines


@pytest.fixture
def slow_markdown(monkeypatch):
    """Python-Markdown made slow on purpose for bodies holding SLOW_MARKER, in this process and in
    the worker processes a build forks, whatever the installed version's own speed; returns the marker."""
    from katalog.content import load

    class SpinningMarkdown(markdown.Markdown):
        def __init__(self, **options):
            super().__init__(**options)
            self.preprocessors.register(_Spin(self), "katalog-test-spin", 100)

    monkeypatch.setattr(markdown, "Markdown", SpinningMarkdown)
    load._markdown.cache_clear()  # the renderer made before the patch is not reused
    yield SLOW_MARKER
    load._markdown.cache_clear()


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path, with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}
