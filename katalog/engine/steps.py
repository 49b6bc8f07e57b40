"""One build, step by step, the same for `build`, `check`, `serve` and CI.

``Engine.run`` is a build from the command line: it asks the cache what changed since
the last build (nothing: done), brings the pipeline up to date from the cached state or
builds everything, writes the site (whole, or only the files that changed), brings the
search index up to date, and saves the cache. ``Engine.publish`` is the writing
and indexing step on its own, which the dev server calls after every save.
"""
from __future__ import annotations

import ctypes
import dataclasses
import tempfile
import time
from pathlib import Path
from typing import Iterable

from . import search, write
from .cache import BuildCache, stamp_tree
from .pipeline import Pipeline, Site
from .. import urls


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a build did."""

    site: Site | None  # None: nothing changed since the cached build
    notes: tuple[str, ...]
    written: tuple[str, ...] = ()  # files written (of an update: those whose bytes changed)
    files: int = 0  # files in the output folder after a whole build
    search_seconds: float | None = None  # None: the index was not touched
    shards: tuple[str, ...] = ()  # search shards made again


class Engine:
    def __init__(self, pipeline: Pipeline, out: Path, *, search: bool = True, cache: BuildCache | None = None):
        self.pipeline, self.out, self.search, self.cache = pipeline, out, search, cache
        # The search index's shards live with the cache, which they follow (a build without
        # the cache makes them all); without one, in a folder removed with this engine.
        if cache:
            self.shards = cache.folder / f"{cache.name}.search"
        else:
            self._scratch = tempfile.TemporaryDirectory(prefix="katalog-search-")
            self.shards = Path(self._scratch.name)

    def run(self, *, write_output: bool = True) -> Outcome:
        """Build what changed since the cached build (everything without one); with
        ``write_output`` False (check), stop before writing. Raises BuildFailed or UsageError."""
        pipeline, cache = self.pipeline, self.cache
        roots = {"content": pipeline.root, "templates": pipeline.templates}
        found = cache.changes(roots) if cache else None
        if found is not None and not found[0]:
            return Outcome(site=None, notes=found[2])
        if found is not None and cache.restore(pipeline):
            changes, stamps = found[0], found[1]
            site = pipeline.update(content_changed=changes.content, templates_changed=changes.templates,
                                   tree_changed=changes.tree)
        else:
            stamps = {name: stamp_tree(root, {}) for name, root in roots.items()} if cache else {}
            site = pipeline.build()
        if not write_output:
            return Outcome(site=site, notes=site.notes)
        if cache:
            cache.begin_writing()
        outcome = self.publish(site)
        if cache:
            index = [urls.SEARCH_INDEX] if outcome.shards else []
            touched = None if site.complete else [*outcome.written, *site.deleted, *index]
            cache.save(pipeline, stamps, notes=site.notes, touched=touched)
        return outcome

    def publish(self, site: Site, *, index: bool = True) -> Outcome:
        """Write ``site`` into the output folder, then bring the search index up to date
        (after an update, not when ``index`` is False: the dev server does that later)."""
        if site.complete:
            timings: dict[str, float] = {}
            made: list[str] = []

            def index_into(folder: Path) -> None:
                _release_outputs(site)  # written: the index is made from the files
                started = time.perf_counter()
                made.extend(self._refresh(folder, site.catalogue, changed=None))
                timings["search"] = time.perf_counter() - started

            # An iterator, which lets go of the outputs once it has given the last one.
            files = write.write_site(self.out, iter(site.outputs), site.copies,
                                     finish=index_into if self.search else None)
            return Outcome(site=site, notes=site.notes, files=files, search_seconds=timings.get("search"),
                           shards=tuple(made))
        written = tuple(write.sync(self.out, site.outputs, site.copies, site.deleted))
        if not (index and self.search and (written or site.deleted)):
            return Outcome(site=site, notes=site.notes, written=written)
        started = time.perf_counter()
        made = self._refresh(self.out, site.catalogue, changed=[*written, *site.deleted])
        return Outcome(site=site, notes=site.notes, written=written, search_seconds=time.perf_counter() - started,
                       shards=tuple(made))

    def refresh_search(self, changed: Iterable[str]) -> list[str]:
        """Bring the search index in the output folder of the last good build up to date with
        the files at ``changed`` (the dev server, after a save). Returns the shards made again."""
        state = self.pipeline.state
        if state is None:
            return []
        return self._refresh(self.out, state.catalogue, changed=changed)

    def _refresh(self, folder: Path, catalogue, changed: Iterable[str] | None) -> list[str]:
        return search.refresh(folder, self.pipeline.state.paths, shards=search.shard_count(len(catalogue.innovations)),
                              work=self.shards, changed=changed, precompress=self.pipeline.compresses(catalogue))


def _release_outputs(site: Site) -> None:
    """Let go of a written site's bytes before its search index is made: at 100,000 entries
    they are some 2 GB, which Pagefind's processes would otherwise add to. (``Site`` is
    frozen so that no step changes what it renders; this one only empties it once written.)
    The freed memory goes back to the system where the C library can be asked to (glibc)."""
    object.__setattr__(site, "outputs", ())
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by this process instead
        pass
