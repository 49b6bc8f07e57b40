"""The dev server: build, serve the output folder, watch content/ and templates/, and on
every save re-render what the save affects and reload the browser.

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

from ..engine.steps import Engine
from ..engine.pipeline import Pipeline
from ..errors import BuildFailed, UsageError
from .preview import Preview, make_server

QUIET_MS = 30  # a save that writes a file in several steps is one change when the steps come within this


class Builder:
    """Runs the engine on every change, and tells the open pages."""

    def __init__(self, pipeline: Pipeline, out: Path, preview: Preview, search_index: bool,
                 log: Callable[[str], None] = print):
        self.pipeline, self.out, self.preview, self.log = pipeline, out, preview, log
        self.engine = Engine(pipeline, out, search=search_index)
        self.indexer = SearchIndexer(self.engine, log) if search_index else None

    def first_build(self) -> None:
        """The whole site, swapped in at once; errors leave the last site in place."""
        self.rebuild(set(), set(), True, everything=True)

    def rebuild(self, content_changed: set[str], templates_changed: set[str], tree_changed: bool,
                everything: bool = False) -> None:
        """Bring the site up to date with the changes; never raises, so watching goes on."""
        started = time.perf_counter()
        try:
            if everything:
                self.pipeline.forget()
            update = self.pipeline.update(content_changed=content_changed, templates_changed=templates_changed,
                                          tree_changed=tree_changed)
            # A save does not wait for the search index: its shards are made after the reload.
            outcome = self.engine.publish(update, index=False)
        except BuildFailed as failure:
            return self._failed([str(error) for error in failure.errors])
        except UsageError as error:  # writing failed: what is on disk is unknown, so build it all next time
            self.pipeline.forget()
            return self._failed([f"build.py: {error}"])
        except Exception as error:  # noqa: BLE001 - a bug must not stop the watching; show it instead
            self.pipeline.forget()
            self.log("".join(traceback.format_exception(error)).rstrip())
            return self._failed([f"build.py: unexpected {type(error).__name__}: {error}"])
        gc.freeze()  # the catalogue lives on: spare the collector from walking it after every save
        self.preview.publish()
        if update.complete:
            for note in update.notes:
                self.log(f"note: {note}")
            self.log(f"built {outcome.files} files in {time.perf_counter() - started:.2f} s")
            return
        changed = sorted(content_changed | templates_changed)
        self.log(f"{', '.join(changed[:3])}{' ...' if len(changed) > 3 else ''}: {update.rendered} pages rendered, "
                 f"{len(outcome.written)} files written, {len(update.deleted)} removed in "
                 f"{(time.perf_counter() - started) * 1000:.0f} ms")
        if self.indexer and (outcome.written or update.deleted):
            self.indexer.request([*outcome.written, *update.deleted])

    def _failed(self, lines: list[str]) -> None:
        for line in lines:
            self.log(line)
        self.log(f"{len(lines)} error{'s' if len(lines) != 1 else ''}; the browser keeps the last good site")
        self.preview.publish(errors=tuple(lines))


class SearchIndexer:
    """Makes the search shards a save changed again, in the background, so that a save never waits for it."""

    def __init__(self, engine: Engine, log: Callable[[str], None]):
        self.engine, self.log = engine, log
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
            with self._lock:
                changed, self._changed = self._changed, set()
            try:
                self.engine.refresh_search(changed)
            except (UsageError, OSError) as error:
                with self._lock:  # tried again after the next save
                    self._changed |= changed
                self.log(f"search index not refreshed: {error}")


def watch(builder: Builder, roots: dict[str, Path], stop: threading.Event) -> None:
    """Call the builder with every batch of changes under ``roots`` ("content", "templates").
    A root that is deleted is waited for; once it is back, everything is built again."""
    while not stop.is_set():
        if not all(root.is_dir() for root in roots.values()):
            stop.wait(0.5)
            continue
        for changes in watchfiles.watch(*roots.values(), step=QUIET_MS, debounce=1000, stop_event=stop,
                                        raise_interrupt=True, rust_timeout=1000, yield_on_timeout=True):
            if not all(root.is_dir() for root in roots.values()):
                builder.rebuild(set(), set(), True)  # shows "content directory not found"
                break
            if not changes:
                continue
            changed: dict[str, set[str]] = {name: set() for name in roots}
            for kind, path in changes:
                for name, root in roots.items():
                    relative = _relative(Path(path), root)
                    if relative:
                        changed[name].add(relative)
            tree_changed = any(kind is not watchfiles.Change.modified for kind, _ in changes)
            builder.rebuild(changed["content"], changed["templates"], tree_changed)
        else:
            return  # stopped
        while not stop.is_set() and not all(root.is_dir() for root in roots.values()):
            stop.wait(0.5)
        builder.rebuild(set(), set(), True, everything=True)


def _relative(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


class DevServer:
    """A built site, served, with a watcher that rebuilds it on every change."""

    def __init__(self, pipeline: Pipeline, *, out: Path, roots: dict[str, Path], host: str, port: int,
                 search_index: bool, log: Callable[[str], None] = print):
        self.preview = Preview()
        self.server = make_server(out, self.preview, host=host, port=port)
        self.builder = Builder(pipeline, out, self.preview, search_index, log)
        self._stop = threading.Event()
        self._roots = roots
        self.builder.first_build()
        pipeline.jobs = 1  # from now on the server's thread runs: no forking

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Serve and rebuild until interrupted (Ctrl+C) or until close() from another thread.

        Requests are answered on a thread of their own; rebuilds run on the calling thread,
        which in `build.py serve` is the main one, where Markdown's time limit (a timer
        signal) works: a file that would take Markdown hours is refused, as in a build.
        """
        requests = threading.Thread(target=self.server.serve_forever, name="http", daemon=True)
        requests.start()
        try:
            watch(self.builder, self._roots, self._stop)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            self.server.shutdown()
            requests.join(timeout=5)
            self.server.server_close()

    def close(self) -> None:
        self._stop.set()


def serve(pipeline: Pipeline, *, out: Path, roots: dict[str, Path], host: str, port: int,
          search_index: bool) -> None:
    """Build, then serve and rebuild on every change until interrupted."""
    dev = DevServer(pipeline, out=out, roots=roots, host=host, port=port, search_index=search_index)
    print(f"Serving {out}/ at {dev.address} ; watching {', '.join(str(root) for root in roots.values())} "
          "(Ctrl+C stops)", flush=True)
    dev.serve_forever()
