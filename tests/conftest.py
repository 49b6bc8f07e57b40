"""Shared helpers: small content trees written on the fly, and the command line run in-process."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402  (the entry point lives beside the package, not inside it)

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


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real catalogue in content/, built once (with its search index) for every test that reads it."""
    out = tmp_path_factory.mktemp("real") / "site"
    assert build.main(["build", "--content", str(ROOT / "content"), "--out", str(out)]) == 0
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


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path, with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}
