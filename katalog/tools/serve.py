"""The dev server: build, serve the output folder, watch content/ and templates/, and on
every save re-render what the save affects and reload the browser.

It runs the engine's own steps (engine/steps.py) with the build's cache: it starts
from the last build (nothing changed: it serves at once), and when it stops it saves
the cache for the folder as it left it, so the next `build.py` has nothing to do.
Serving and reloading are in preview.py. Watching is watchfiles (inotify, FSEvents,
or polling where the system has none). livereload 2.7 was the first choice, but it
ignores a change that comes within 3 s of the last reload and rebuilds on the thread
that serves.
"""
from __future__ import annotations

import gc
import threading
import time
import traceback
from pathlib import Path
from typing import Callable

import watchfiles

from ..engine.cache import Changes
from ..engine.steps import Engine
from ..errors import BuildFailed, UsageError
from .preview import Preview, make_server
from .reporter import Reporter

QUIET_MS = 30  # a save that writes a file in several steps is one change when the steps come within this


class Builder:
    """Runs the engine on every change, and tells the open pages."""

    def __init__(self, engine: Engine, preview: Preview, reporter: Reporter):
        self.engine, self.preview, self.report = engine, preview, reporter
        self.indexer = SearchIndexer(engine, reporter) if engine.search else None

    def first_build(self) -> None:
        """The site as the cache left it, or built (whole, or what changed since); errors
        leave the last site in place."""
        started = time.perf_counter()
        outcome = self._attempt(self.engine.start)
        if outcome is not None:
            self.report.notes(outcome.notes)
            self.report.built(outcome, out=str(self.engine.out), seconds=time.perf_counter() - started,
                              search=self.engine.search)
        self.engine.pipeline.one_process()  # from now on the server's thread runs: no forking

    def rebuild(self, changes: Changes, everything: bool = False) -> None:
        """Bring the site up to date with the changes; never raises, so watching goes on."""
        started = time.perf_counter()
        if everything:
            self.engine.pipeline.forget()
        outcome = self._attempt(lambda: self.engine.apply(changes))
        if outcome is None:
            return
        if outcome.rendered.complete:
            self.report.notes(outcome.notes)
        self.report.saved(outcome, changed=sorted(changes.content | changes.templates),
                          seconds=time.perf_counter() - started)
        if self.indexer and (outcome.written or outcome.rendered.deleted):
            self.indexer.request([*outcome.written, *outcome.rendered.deleted])

    def catch_up(self) -> None:
        """Build what was saved since the files were last read and no watcher reported."""
        unseen = self.engine.unseen_changes()
        if unseen:
            self.rebuild(unseen)

    def _attempt(self, step):
        """Run ``step``; on failure show why in the log and over the last good site, and return None."""
        try:
            outcome = step()
        except BuildFailed as failure:
            return self._failed([str(error) for error in failure.errors])
        except UsageError as error:  # writing failed: what is on disk is unknown, so build it all next time
            self.engine.pipeline.forget()
            return self._failed([f"build.py: {error}"])
        except Exception as error:  # noqa: BLE001 - a bug must not stop the watching; show it instead
            self.engine.pipeline.forget()
            self.report.warn("".join(traceback.format_exception(error)).rstrip())
            return self._failed([f"build.py: unexpected {type(error).__name__}: {error}"])
        gc.freeze()  # the catalogue lives on: spare the collector from walking it after every save
        self.preview.publish()
        return outcome

    def _failed(self, lines: list[str]) -> None:
        self.report.errors(lines, consequence="the browser keeps the last good site")
        self.preview.publish(errors=tuple(lines))

    def finish(self) -> None:
        """Serving stops: the search index catches up, then the cache keeps the site as it is."""
        if self.indexer and not self.indexer.finish():
            return  # the index is not up to date: the next build makes it (the cache was not saved)
        self.report.notes(self.engine.finish())


class SearchIndexer:
    """Makes the search shards a save changed again, in the background, so that a save never waits for it."""

    def __init__(self, engine: Engine, reporter: Reporter):
        self.engine, self.report = engine, reporter
        self._changed: set[str] = set()  # files written or deleted since the shards were last made
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._thread: threading.Thread | None = None

    def request(self, changed: list[str]) -> None:
        with self._lock:
            self._changed.update(changed)
        if self._thread is None:  # started late: the first build forks its workers with no other thread
            self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
            self._thread.start()
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            time.sleep(1)  # a burst of saves gives one refresh
            self._wanted.clear()
            self._refresh()

    def _refresh(self) -> bool:
        """Make the shards of the files changed so far; False if that failed (they are tried again later)."""
        with self._lock:
            changed, self._changed = self._changed, set()
            if not changed:
                return True
            try:
                self.report.notes(self.engine.refresh_search(changed).notes)
            except (UsageError, OSError) as error:
                self._changed |= changed  # tried again after the next save
                self.report.warn(f"search index not refreshed: {error}")
                return False
        return True

    def finish(self) -> bool:
        """Make what is still waiting, now; whether the index is up to date."""
        return self._refresh()


def watch(builder: Builder, roots: dict[str, Path], stop: threading.Event, watching: threading.Event) -> None:
    """Call the builder with every batch of changes under ``roots`` ("content", "templates").
    A root that is deleted is waited for; once it is back, everything is built again, as soon as
    the new watcher runs (so that a save made while that build runs is not missed). Once the first
    watcher runs, files saved before it did are built too, and then ``watching`` is set."""
    rebuild_everything, started = False, False
    while not stop.is_set():
        if not all(root.is_dir() for root in roots.values()):
            stop.wait(0.5)
            continue
        for changes in watchfiles.watch(*roots.values(), step=QUIET_MS, debounce=1000, stop_event=stop,
                                        raise_interrupt=True, rust_timeout=1000, yield_on_timeout=True):
            if not all(root.is_dir() for root in roots.values()):
                builder.rebuild(Changes(frozenset(), frozenset(), True))  # shows "content directory not found"
                break
            if rebuild_everything:  # the watcher runs now: what is saved from here on is seen
                rebuild_everything = False
                builder.rebuild(Changes(frozenset(), frozenset(), True), everything=True)
            if changes:
                builder.rebuild(_as_changes(changes, roots))
            if not started:  # the watcher runs: a save made before it did is found by its stamp
                started = True
                builder.catch_up()
                watching.set()
        else:
            return  # stopped
        while not stop.is_set() and not all(root.is_dir() for root in roots.values()):
            stop.wait(0.5)
        rebuild_everything = True


def _as_changes(batch: set[tuple[watchfiles.Change, str]], roots: dict[str, Path]) -> Changes:
    """A watcher's batch of (kind, absolute path) as the engine's changes, by root."""
    changed: dict[str, set[str]] = {name: set() for name in roots}
    for _, path in batch:
        for name, root in roots.items():
            relative = _relative(Path(path), root)
            if relative:
                changed[name].add(relative)
    tree_changed = any(kind is not watchfiles.Change.modified for kind, _ in batch)
    return Changes(frozenset(changed["content"]), frozenset(changed["templates"]), tree_changed)


def _relative(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


class DevServer:
    """A built site, served, with a watcher that rebuilds it on every change."""

    def __init__(self, engine: Engine, *, host: str, port: int, reporter: Reporter | None = None):
        self.preview = Preview()
        self.server = make_server(engine.out, self.preview, host=host, port=port)
        self.builder = Builder(engine, self.preview, reporter or Reporter())
        self._stop = threading.Event()
        self.watching = threading.Event()  # set once a save is sure to be seen
        self.roots = {name: root.resolve() for name, root in engine.roots.items()}
        self.builder.first_build()

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Serve and rebuild until interrupted (Ctrl+C) or until close() from another thread;
        then save the build cache for the site as it is.

        Requests are answered on a thread of their own; rebuilds run on the calling thread,
        which in `build.py serve` is the main one, where Markdown's time limit (a timer
        signal) works: a file that would take Markdown hours is refused, as in a build.
        """
        requests = threading.Thread(target=self.server.serve_forever, name="http", daemon=True)
        try:
            requests.start()
            watch(self.builder, self.roots, self._stop, self.watching)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            if requests.is_alive():  # shutdown() would wait forever for a loop that never ran
                self.server.shutdown()
            requests.join(timeout=5)
            self.server.server_close()
            self.builder.finish()

    def close(self) -> None:
        self._stop.set()


def serve(engine: Engine, *, host: str, port: int, reporter: Reporter) -> None:
    """Build (or start from the last build), then serve and rebuild on every change until interrupted."""
    dev = DevServer(engine, host=host, port=port, reporter=reporter)
    reporter.say(f"Serving {engine.out}/ at {dev.address} ; watching "
                 f"{', '.join(str(root) for root in dev.roots.values())} (Ctrl+C stops)")
    dev.serve_forever()
