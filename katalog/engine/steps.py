"""One build, step by step: the one place that orders them, for `build`, `check`, `serve` and CI.

``Engine.run`` is a build: it asks the cache what changed since the last build (nothing:
done), brings the pipeline up to date from the cached state or renders everything, writes
the site (whole, or only the files that changed), brings the search index up to date, and
saves the cache. The dev server calls ``start`` (the same, keeping the state even when
nothing changed), ``apply`` after every save (update and write; the index follows on
``refresh_search``), and ``finish`` when it stops, which saves the cache for the folder
as serving left it, so that the next build has nothing to do.
"""
from __future__ import annotations

import ctypes
import dataclasses
import tempfile
import time
from pathlib import Path
from typing import Iterable

from . import search, write
from .cache import BuildCache, Changes, Stamps, changes_between, restamp, stamp_tree
from .pipeline import Pipeline, Rendered
from .. import urls


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a build did."""

    rendered: Rendered | None  # None: nothing changed since the cached build
    notes: tuple[str, ...]  # of the build, of writing the cache and of the search index
    written: tuple[str, ...] = ()  # files written (of an update: those whose bytes changed)
    files: int = 0  # files in the output folder after a whole build
    search_seconds: float | None = None  # None: the index was not touched
    shards: tuple[str, ...] = ()  # search shards made again


class Engine:
    def __init__(self, pipeline: Pipeline, out: Path, *, search: bool = True, cache: BuildCache | None = None):
        self.pipeline, self.out, self.search, self.cache = pipeline, out, search, cache
        self.roots = {"content": pipeline.root, "templates": pipeline.templates}
        # The input files as last read (the dev server follows its saves in them); None without a cache.
        self._stamps: dict[str, Stamps] | None = None
        self._saved = True  # whether the cache describes the output folder as it is
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
        found = self.cache.look(self.roots) if self.cache else None
        if found is not None and not found.changes:
            self._stamps = found.stamps
            return Outcome(rendered=None, notes=found.notes)
        if found is not None and self.cache.restore(self.pipeline):
            self._stamps = found.stamps
            changes = found.changes
            rendered = self.pipeline.update(content_changed=changes.content, templates_changed=changes.templates,
                                            tree_changed=changes.tree)
        else:
            self._stamps = self._stamp_all() if self.cache else None
            rendered = self.pipeline.render_all()
        if not write_output:
            return Outcome(rendered=rendered, notes=rendered.notes)
        outcome = self._write(rendered, index=True)
        index = [urls.SEARCH_INDEX] if outcome.shards else []
        touched = None if rendered.complete else [*outcome.written, *rendered.deleted, *index]
        return dataclasses.replace(outcome, notes=outcome.notes + self._save(rendered.notes, touched))

    def start(self) -> Outcome:
        """``run``, for the dev server: the pipeline is left holding the last good state, also
        when nothing changed (then it comes from the cache, or, if it cannot be read, from a
        whole build)."""
        outcome = self.run()
        if outcome.rendered is None and not self.cache.restore(self.pipeline):
            self._stamps = self._stamp_all()
            rendered = self.pipeline.render_all()
            outcome = self._write(rendered, index=True)
            outcome = dataclasses.replace(outcome, notes=outcome.notes + self._save(rendered.notes, None))
        return outcome

    def apply(self, changes: Changes) -> Outcome:
        """Bring the site up to date with files saved, added or deleted (the dev server's); the
        search index is left for ``refresh_search``. Raises BuildFailed or UsageError."""
        if self._stamps is not None:  # before reading: a file saved again meanwhile counts as changed
            self._stamps = {name: restamp(root, self._stamps[name], getattr(changes, name),
                                          follow_links=name != "content") for name, root in self.roots.items()}
        rendered = self.pipeline.update(content_changed=changes.content, templates_changed=changes.templates,
                                        tree_changed=changes.tree)
        return self._write(rendered, index=False)

    def unseen_changes(self) -> Changes:
        """Files saved since they were last read (the dev server asks once its watcher runs: a save
        made while the first build ran, or before the watcher was set up, would otherwise wait for
        the next one). Without a cache there are no stamps to compare: nothing is reported."""
        if self._stamps is None:
            return Changes(frozenset(), frozenset(), False)
        now = {name: stamp_tree(root, self._stamps[name], follow_links=name != "content")
               for name, root in self.roots.items()}
        return changes_between(self._stamps, now)

    def refresh_search(self, changed: Iterable[str]) -> search.Refreshed:
        """Bring the search index of the last good build up to date with the files at ``changed``."""
        if self.pipeline.state is None or not self.search:
            return search.Refreshed()
        return self._refresh(self.out, changed=changed)

    def finish(self) -> tuple[str, ...]:
        """The dev server stops: keep the last good build in the cache for the output folder as
        it is now (its search index up to date), so that the next build finds nothing to do.
        Files saved since that build and not in it are left out of the cache's stamps: the
        next build reads them again. Returns notes."""
        if self.cache is None or self._saved or self.pipeline.state is None or self._stamps is None:
            return ()
        unbuilt = self.pipeline.unbuilt()
        self._stamps = {name: {path: stamp for path, stamp in stamps.items() if path not in unbuilt[name]}
                        for name, stamps in self._stamps.items()}
        return self._save(self.pipeline.state.notes, None)

    def _write(self, rendered: Rendered, *, index: bool) -> Outcome:
        """Write ``rendered`` into the output folder, then bring the search index up to date
        (after an update, not when ``index`` is False: the dev server does that later)."""
        if self.cache and self._saved:
            self.cache.begin_writing()
            self._saved = False
        if rendered.complete:
            return self._write_whole(rendered)
        written = tuple(write.sync(self.out, rendered.outputs.drain(), rendered.copies, rendered.deleted))
        if not (index and self.search and (written or rendered.deleted)):
            return Outcome(rendered=rendered, notes=rendered.notes, written=written)
        started = time.perf_counter()
        refreshed = self._refresh(self.out, changed=[*written, *rendered.deleted])
        return Outcome(rendered=rendered, notes=rendered.notes + refreshed.notes, written=written,
                       search_seconds=time.perf_counter() - started, shards=refreshed.shards)

    def _write_whole(self, rendered: Rendered) -> Outcome:
        """A whole site, written into a new folder, indexed there and swapped in."""
        indexed: list[tuple[float, search.Refreshed]] = []

        def index_into(folder: Path) -> None:
            _return_freed_memory()  # the pages are written: Pagefind's processes need the room
            started = time.perf_counter()
            refreshed = self._refresh(folder, changed=None)
            indexed.append((time.perf_counter() - started, refreshed))

        files = write.write_site(self.out, rendered.outputs.drain(), rendered.copies,
                                 finish=index_into if self.search else None)
        if not indexed:
            return Outcome(rendered=rendered, notes=rendered.notes, files=files)
        seconds, refreshed = indexed[0]
        return Outcome(rendered=rendered, notes=rendered.notes + refreshed.notes, files=files,
                       search_seconds=seconds, shards=refreshed.shards)

    def _refresh(self, folder: Path, changed: Iterable[str] | None) -> search.Refreshed:
        state = self.pipeline.state
        return search.refresh(folder, state.paths, shards=search.shard_count(len(state.catalogue.innovations)),
                              work=self.shards, changed=changed, precompress=self.pipeline.compresses(state.catalogue))

    def _save(self, notes: tuple[str, ...], touched: list[str] | None) -> tuple[str, ...]:
        if not self.cache:
            return ()
        self._saved = True
        return self.cache.save(self.pipeline.state, self._stamps, notes=notes, touched=touched)

    def _stamp_all(self) -> dict[str, Stamps]:
        return {name: stamp_tree(root, {}, follow_links=name != "content") for name, root in self.roots.items()}


def _return_freed_memory() -> None:
    """Give the memory of the written pages back to the system where the C library can be asked
    to (glibc): at 100,000 entries they are some 2 GB, which Pagefind's processes would add to."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by this process instead
        pass
