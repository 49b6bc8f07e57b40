"""The build cache: the last good build kept on disk, so that the next build reads and
renders only what changed since.

A cache holds the pipeline's state (records, catalogue, pages) and a stamp of every
input file. It belongs to one output folder: the folder gets a build id, written
last, and the cache is used only when the folder still has that id. Anything else
that could change the output (the engine's code, the settings) is part of the key;
a different key means a cold build. The cache folder is safe to delete.
"""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import importlib.metadata
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .pipeline import Pipeline, State
from ..errors import UsageError
from ..urls import BUILD_ID  # in the output folder
ENGINE = Path(__file__).resolve().parent.parent  # katalog/, every stage's code


@dataclasses.dataclass(frozen=True)
class Changes:
    """Input files that differ from the cached build's, by folder."""

    content: frozenset[str]
    templates: frozenset[str]
    tree: bool  # files were added or removed

    def __bool__(self) -> bool:
        return bool(self.content or self.templates or self.tree)


Stamp = tuple  # (mtime_ns, ctime_ns, inode, size, sha256): the hash is taken again when any other part differs
Stamps = Mapping[str, Stamp]


@dataclasses.dataclass(frozen=True)
class CachedBuild:
    """What the cache knows of the last good build, compared with the input files now."""

    changes: Changes  # what differs since it
    stamps: dict[str, Stamps]  # the input files now, by root: what save() keeps once they are built
    notes: tuple[str, ...]  # the notes that build printed


class BuildCache:
    def __init__(self, folder: Path, *, settings: dict[str, Any], out: Path):
        self.folder, self.out = folder, out
        # What the output depends on besides the input files. The cache is named after its
        # output folder only, so a new key (e.g. a new SOURCE_DATE_EPOCH) replaces it.
        self.key = hashlib.sha256((repr(sorted(settings.items())) + _engine_version()).encode()).hexdigest()
        self.name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]

    def look(self, roots: dict[str, Path]) -> CachedBuild | None:
        """The cached build and what changed since; None when there is no usable cache: none
        yet, another engine or settings, or an output folder that is not as it was left."""
        saved = self._read("stamps")
        if not (isinstance(saved, dict) and saved.get("key") == self.key and saved.keys() >= {"stamps", "notes", "output"}
                and self._output_matches(saved["build"], saved["output"])):
            return None
        old = saved["stamps"]
        stamps = {name: stamp_tree(root, old.get(name, {}), follow_links=name != "content")
                  for name, root in roots.items()}
        return CachedBuild(changes_between(old, stamps), stamps, tuple(saved["notes"]))

    def restore(self, pipeline: Pipeline) -> bool:
        """Give ``pipeline`` the cached build's state; False when it cannot be read."""
        state = self._read("state")
        if not isinstance(state, State):
            return False
        pipeline.restore(state)
        return True

    def begin_writing(self) -> None:
        """The output folder is about to change: until save(), no cache matches it."""
        try:
            (self.out / BUILD_ID).unlink(missing_ok=True)
        except OSError as error:
            raise UsageError(f"cannot write the site: {error.strerror or error}: '{self.out}'") from None

    def save(self, state: State, stamps: dict[str, Stamps], notes: tuple[str, ...],
             touched: Iterable[str] | None = None) -> tuple[str, ...]:
        """Keep ``state`` for the output folder just written: all of it, or, after an update,
        the files at ``touched`` (paths; a folder for all it holds). A cache that cannot be
        written only makes the next build a cold one: that is a note, which it returns."""
        # Named after the inputs and settings, so that two builds of the same content stay byte-identical.
        inputs = repr(sorted((name, sorted((path, _digest(stamp)) for path, stamp in files.items()))
                             for name, files in stamps.items()))
        build = hashlib.sha256((self.key + inputs).encode()).hexdigest()[:16]
        try:
            (self.out / BUILD_ID).write_text(build + "\n", encoding="utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write("state", state)
            self._write("stamps", {"key": self.key, "build": build, "stamps": stamps, "notes": notes,
                                   "output": self._output_after(touched)})
        except OSError as error:
            return (f"the build cache was not saved ({error.strerror or error})",)
        return ()

    def _output_matches(self, build: str, output: dict[str, tuple[int, int]]) -> bool:
        """Whether the output folder is the cached build's, every file as it was written
        (a file deleted or edited by hand, or by `serve`, means a cold build)."""
        try:
            self.output = output_stamps(self.out)
            return (self.out / BUILD_ID).read_text(encoding="utf-8").strip() == build and self.output == output
        except OSError:
            return False

    def _output_after(self, touched: Iterable[str] | None) -> dict[str, tuple[int, int]]:
        if touched is None or not hasattr(self, "output"):
            return output_stamps(self.out)
        output = dict(self.output)  # as changes() found it; only the touched files are looked at again
        for relative in touched:
            path = self.out / relative
            if path.is_dir():
                output = {name: stamp for name, stamp in output.items() if not name.startswith(relative + "/")}
                output.update((f"{relative}/{name}", stamp) for name, stamp in output_stamps(path).items())
            elif path.is_file():
                status = path.lstat()
                output[relative] = (status.st_size, status.st_mtime_ns)
            else:  # deleted: a file, or a folder with all it held
                output = {name: stamp for name, stamp in output.items()
                          if name != relative and not name.startswith(relative + "/")}
        return output

    def _read(self, part: str) -> Any:
        gc.disable()  # unpickling millions of small objects: the collector would run for nothing
        try:
            with open(self.folder / f"{self.name}.{part}", "rb") as file:
                return pickle.load(file)
        except Exception:  # noqa: BLE001 - a cache that cannot be read, whatever the reason, is no cache
            return None
        finally:
            gc.freeze()  # and they live until the build ends: never walk them
            gc.enable()

    def _write(self, part: str, value: Any) -> None:
        target = self.folder / f"{self.name}.{part}"
        temporary = target.with_name(f"{target.name}.{os.getpid()}.new")
        gc.disable()
        try:
            with open(temporary, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            gc.enable()
        os.replace(temporary, target)


def stamp_tree(root: Path, previous: Stamps, *, follow_links: bool = False) -> dict[str, Stamp]:
    """Every file under ``root`` with its times, inode, size and content hash; the hash is
    taken again only for files whose other parts differ from ``previous``. Templates may
    be links (``follow_links``): their targets count. Content may not (the loader refuses
    links), so a link there is stamped as a link."""
    stamps = {}
    for relative, path in _files(root, follow_links=follow_links):
        try:
            status = os.stat(path) if follow_links else os.lstat(path)
        except OSError:
            continue
        key = (status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_size)
        old = previous.get(relative)
        if old and old[:4] == key:
            stamps[relative] = old
        else:  # only regular files are read: opening a named pipe would wait for a writer forever
            stamps[relative] = (*key, _hash(path) if stat.S_ISREG(status.st_mode) else "")
    return stamps


def changes_between(old: Mapping[str, Stamps], new: Mapping[str, Stamps]) -> Changes:
    """The files whose content differs between two stampings of the roots ("content", "templates")."""
    changed = {name: frozenset(path for path in set(new[name]) | set(old.get(name, {}))
                               if _digest(new[name].get(path)) != _digest(old.get(name, {}).get(path)))
               for name in new}
    tree = any(set(new[name]) != set(old.get(name, {})) for name in new)
    return Changes(changed.get("content", frozenset()), changed.get("templates", frozenset()), tree)


def restamp(root: Path, stamps: Stamps, paths: Iterable[str], *, follow_links: bool = False) -> dict[str, Stamp]:
    """``stamps`` with the files at ``paths`` (under ``root``; saved, added or deleted) stamped again:
    the dev server's way to follow its saves without walking the whole tree. A path that is a folder,
    or was one, means the tree is walked again."""
    stamps = dict(stamps)
    for relative in paths:
        path = root / relative
        if path.is_dir() or any(name.startswith(relative + "/") for name in stamps):
            return stamp_tree(root, stamps, follow_links=follow_links)
        try:
            status = os.stat(path) if follow_links else os.lstat(path)
        except OSError:
            stamps.pop(relative, None)  # deleted
            continue
        key = (status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_size)
        old = stamps.get(relative)
        stamps[relative] = old if old and old[:4] == key else (
            *key, _hash(str(path)) if stat.S_ISREG(status.st_mode) else "")
    return stamps


def output_stamps(out: Path) -> dict[str, tuple[int, int]]:
    """The size and modification time of every file in the output folder but the build id."""
    stamps = {}
    for relative, path in _files(out):
        if relative != BUILD_ID:
            status = os.lstat(path)
            stamps[relative] = (status.st_size, status.st_mtime_ns)
    return stamps


def _files(root: Path, *, follow_links: bool = False) -> Iterator[tuple[str, str]]:
    """(path relative to ``root`` with "/", path) of every file under ``root``, folders in name order.
    The relative path is cut from the walked one, not computed by os.path.relpath, which made
    half of a warm build's time at 10,000 entries (two calls to abspath for each of 22,000 files)."""
    top = os.fspath(root)
    start = len(os.path.join(top, ""))
    for folder, directories, names in os.walk(top, followlinks=follow_links):
        directories.sort()
        for name in names:
            path = os.path.join(folder, name)
            yield path[start:].replace(os.sep, "/"), path


def _digest(stamp: Stamp | None) -> str:
    return stamp[-1] if stamp else ""


def _hash(path: str) -> str:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return "unreadable"


def _engine_version() -> str:
    """A change to the engine's code, Python or a library that shapes the output makes every cache stale."""
    digest = hashlib.sha256(sys.version.encode())
    for library in ("jinja2", "markdown", "nh3", "pyyaml", "markupsafe"):
        try:
            digest.update(f"{library} {importlib.metadata.version(library)}".encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    for path in sorted(ENGINE.rglob("*.py")):
        digest.update(path.relative_to(ENGINE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
