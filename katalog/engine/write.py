"""Writes the pages and copied files into the output directory: it replaces it whole, or not at all,
or syncs it file by file. (The cache writes its build id there, the search index pagefind/.)"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from ..errors import UsageError
from ..outputs import CopiedFile, OutputFile
from ..urls import OUTPUT_MARKER as MARKER

# Written into every output directory as MARKER: a build replaces only a folder that holds
# it, so a mistyped --out can never wipe the sources or anything else.
MARKER_TEXT = b"This folder is made by Katalog Inovasi's build.py and replaced whole on every build.\n"


def check_output_directory(out: Path, *, protected: Iterable[Path]) -> None:
    """Refuse an output path that is a link or a file, that holds or lies in the sources,
    or that is a non-empty folder an earlier build did not make."""
    if out.is_symlink():
        raise UsageError(f"output directory '{out}' is a symbolic link; give a real directory with --out")
    if out.exists() and not out.is_dir():
        raise UsageError(f"output path '{out}' is a file, not a directory; give another with --out")
    resolved = out.resolve()
    for path in protected:
        path = path.resolve()
        if resolved == path or resolved in path.parents or path in resolved.parents:
            raise UsageError(f"output directory '{out}' would overwrite '{path}'; give another with --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"output directory '{out}' holds files that build.py did not make; "
                         "empty it or give another with --out")


def write_site(out: Path, outputs: Iterable[OutputFile], copies: Iterable[CopiedFile],
               finish: Callable[[Path], None] | None = None) -> int:
    """Write every file into a new directory beside ``out``, call ``finish`` on it (the search
    index is made there), then swap it in. Returns the number of files in the new directory.

    A page whose bytes are the same as in the last build is hard-linked from it instead of
    written: it keeps its date (for rsync and HTTP caches), and removing the old directory
    after the swap frees no data (on a disk mounted with discard, that removal was the
    slowest step of a rebuild)."""
    previous = out if (out / MARKER).is_file() else None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as error:
        raise UsageError(f"cannot create the output directory '{out}': {error.strerror or error}") from None
    count = 0
    try:
        os.chmod(staging, 0o755)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        made: set[Path] = set()  # folders already made: one mkdir per folder, not per file
        for output in outputs:
            target = _target(staging, output.path, made)
            if previous is None or not _link_if_same(previous / output.path, target, output.data):
                target.write_bytes(output.data)
            count += 1
        for copy in copies:
            shutil.copyfile(copy.source, _target(staging, copy.path, made))
            count += 1
        if finish is not None:
            finish(staging)
        _swap(staging, out)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot write the site: {error.strerror or error}: '{error.filename}'") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def sync(out: Path, outputs: Iterable[OutputFile], copies: Iterable[CopiedFile], deleted: Iterable[str]) -> list[str]:
    """Bring ``out`` up to date in place, for the dev server: write each file whose bytes
    changed, each through a temporary file and a rename so that a reader never sees half
    of one, and delete the files the site no longer has. Returns the paths written."""
    written = []
    try:
        for relative in deleted:  # first: on a disk that ignores case, a new file may have an old one's name
            target = _target(out, relative)
            target.unlink(missing_ok=True)
            for folder in target.parents:  # an entry's folder goes with its page
                if folder == out or any(folder.iterdir()):
                    break
                folder.rmdir()
        for output in outputs:
            target = _target(out, output.path)
            if not _holds(target, output.data):
                _replace(target, output.data)
                written.append(output.path)
        for copy in copies:
            _replace(_target(out, copy.path), copy.source.read_bytes())
            written.append(copy.path)
    except OSError as error:
        raise UsageError(f"cannot write the site: {error.strerror or error}: '{error.filename}'") from None
    return written


def _replace(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.new")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link to one) holding exactly ``data``."""
    try:
        found = os.lstat(path)
        return stat.S_ISREG(found.st_mode) and found.st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_if_same(old: Path, new: Path, data: bytes) -> bool:
    """Hard-link ``old`` as ``new`` if it holds ``data``; False if not, or if the disk
    cannot link (the caller then writes the file)."""
    if not _holds(old, data):
        return False
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError:
        return False
    return True


def _target(root: Path, relative: str, made: set[Path] | None = None) -> Path:
    """``root/relative``, refusing any path that could leave ``root``."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", ".", "") for p in parts) \
            or "\\" in relative:
        raise ValueError(f"refusing to write outside the output directory: {relative!r}")
    path = root.joinpath(*parts)
    if made is None or path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(path.parent)
    return path


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, retired / out.name)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)
