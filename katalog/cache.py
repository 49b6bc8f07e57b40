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
import sys
from pathlib import Path
from typing import Any, Mapping

from . import pipeline as pipeline_module

BUILD_ID = ".katalog-build"  # in the output folder
ENGINE = Path(__file__).resolve().parent


@dataclasses.dataclass(frozen=True)
class Changes:
    """Input files that differ from the cached build's, by folder."""

    content: frozenset[str]
    templates: frozenset[str]
    tree: bool  # files were added or removed

    def __bool__(self) -> bool:
        return bool(self.content or self.templates or self.tree)


Stamps = Mapping[str, tuple[int, int, str]]  # path -> (mtime_ns, size, sha256)


class BuildCache:
    def __init__(self, folder: Path, *, settings: dict[str, Any], out: Path):
        self.folder, self.out = folder, out
        # What the output depends on besides the input files; and the cache's own name, per output folder.
        self.key = hashlib.sha256((repr(sorted(settings.items())) + _engine_version()).encode()).hexdigest()
        self.name = hashlib.sha256((self.key + str(out.resolve())).encode()).hexdigest()[:16]

    def changes(self, roots: dict[str, Path]) -> tuple[Changes, dict[str, Stamps], tuple[str, ...]] | None:
        """What changed since the cached build, the new stamps, and the build's notes; None
        when there is no usable cache (none yet, another engine or settings, or the output
        folder changed)."""
        saved = self._read("stamps")
        if saved is None or not self._output_matches(saved["build"]):
            return None
        stamps = {name: stamp_tree(root, saved["stamps"].get(name, {})) for name, root in roots.items()}
        changed = {name: {path for path in set(stamps[name]) | set(saved["stamps"].get(name, {}))
                          if stamps[name].get(path, (0, 0, ""))[2] != saved["stamps"][name].get(path, (0, 0, ""))[2]}
                   for name in roots}
        tree = any(set(stamps[name]) != set(saved["stamps"].get(name, {})) for name in roots)
        changes = Changes(frozenset(changed.get("content", ())), frozenset(changed.get("templates", ())), tree)
        return changes, stamps, tuple(saved["notes"])

    def restore(self, pipeline: pipeline_module.Pipeline) -> bool:
        saved = self._read("state")
        if saved is None:
            return False
        pipeline.state, pipeline.memo, pipeline.fingerprints = saved
        return True

    def begin_writing(self) -> None:
        """The output folder is about to change: until end_writing, no cache matches it."""
        (self.out / BUILD_ID).unlink(missing_ok=True)

    def save(self, pipeline: pipeline_module.Pipeline, stamps: dict[str, Stamps], notes: tuple[str, ...]) -> None:
        """Keep ``pipeline``'s state for the output folder just written. A cache that cannot
        be written only makes the next build a cold one."""
        # Named after the inputs and settings, so that two builds of the same content stay byte-identical.
        inputs = repr(sorted((name, sorted((path, stamp[2]) for path, stamp in files.items()))
                             for name, files in stamps.items()))
        build = hashlib.sha256((self.key + inputs).encode()).hexdigest()[:16]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write("state", (pipeline.state, pipeline.memo, pipeline.fingerprints))
            self._write("stamps", {"build": build, "stamps": stamps, "notes": notes})
            (self.out / BUILD_ID).write_text(build + "\n", encoding="utf-8")
        except OSError as error:
            print(f"note: the build cache was not saved ({error.strerror or error})", file=sys.stderr)

    def _output_matches(self, build: str) -> bool:
        try:
            return (self.out / BUILD_ID).read_text(encoding="utf-8").strip() == build
        except OSError:
            return False

    def _read(self, part: str) -> Any:
        gc.disable()  # unpickling millions of small objects: the collector would run for nothing
        try:
            with open(self.folder / f"{self.name}.{part}", "rb") as file:
                return pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None
        finally:
            gc.freeze()  # and they live until the build ends: never walk them
            gc.enable()

    def _write(self, part: str, value: Any) -> None:
        target = self.folder / f"{self.name}.{part}"
        temporary = target.with_suffix(".new")
        gc.disable()
        try:
            with open(temporary, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            gc.enable()
        os.replace(temporary, target)


def stamp_tree(root: Path, previous: Stamps) -> dict[str, tuple[int, int, str]]:
    """Every file under ``root`` with its modification time, size and content hash; the
    hash is taken again only for files whose time or size differ from ``previous``."""
    stamps = {}
    for folder, directories, names in os.walk(root):
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            try:
                status = os.lstat(path)
            except OSError:
                continue
            old = previous.get(relative)
            if old and old[0] == status.st_mtime_ns and old[1] == status.st_size:
                stamps[relative] = old
            else:
                stamps[relative] = (status.st_mtime_ns, status.st_size, _hash(path))
    return stamps


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
    for path in sorted(ENGINE.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()
