"""The dev server: build, serve the output folder, watch content/ and templates/, and on
every save re-render what the save affects and reload the browser.

Serving is the standard library's threaded HTTP server, and reloading is a small script
the server adds to each HTML page it sends; it listens to /__katalog/events
(server-sent events). Watching is watchfiles (inotify, FSEvents, or polling where the
system has none). livereload 2.7 was the first choice, but it ignores a change that
comes within 3 s of the last reload and rebuilds on the thread that serves.
"""
from __future__ import annotations

import functools
import gc
import http.server
import json
import os
import threading
import time
import traceback
import urllib.parse
from pathlib import Path
from typing import Callable

import watchfiles

from . import search, write
from .errors import BuildFailed, UsageError
from .pipeline import Pipeline

EVENTS, SCRIPT = "/__katalog/events", "/__katalog/reload.js"
QUIET_MS = 30  # a save that writes a file in several steps is one change when the steps come within this
KEEPALIVE_SECONDS = 15


class Preview:
    """What the open pages should show: the number of the last good build, and the errors
    of the last build if it failed (the last good site stays served meanwhile)."""

    def __init__(self) -> None:
        self.build, self.errors, self.version = 0, (), 0
        self._changed = threading.Condition()

    def publish(self, errors: tuple[str, ...] = ()) -> None:
        with self._changed:
            self.build += 0 if errors else 1
            self.errors, self.version = errors, self.version + 1
            self._changed.notify_all()

    def state_after(self, version: int, timeout: float) -> tuple[int, dict] | None:
        """The state once it is newer than ``version``; None if nothing changed within ``timeout``."""
        with self._changed:
            if not self._changed.wait_for(lambda: self.version > version, timeout):
                return None
            return self.version, {"build": self.build, "errors": list(self.errors)}


class Builder:
    """Runs the pipeline on every change, writes the result, and tells the open pages."""

    def __init__(self, pipeline: Pipeline, out: Path, preview: Preview, search_index: bool,
                 log: Callable[[str], None] = print):
        self.pipeline, self.out, self.preview, self.log = pipeline, out, preview, log
        self.indexer = SearchIndexer(out, log) if search_index else None

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
            if update.complete:
                written = write.write_site(self.out, update.outputs, update.copies,
                                           finish=search.index if self.indexer else None)
            else:
                written = write.sync(self.out, update.outputs, update.copies, update.deleted)
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
            self.log(f"built {written} files in {time.perf_counter() - started:.2f} s")
            return
        changed = sorted(content_changed | templates_changed)
        self.log(f"{', '.join(changed[:3])}{' ...' if len(changed) > 3 else ''}: {update.rendered} pages rendered, "
                 f"{written} files written, {len(update.deleted)} removed in "
                 f"{(time.perf_counter() - started) * 1000:.0f} ms")
        if self.indexer:
            self.indexer.request()

    def _failed(self, lines: list[str]) -> None:
        for line in lines:
            self.log(line)
        self.log(f"{len(lines)} error{'s' if len(lines) != 1 else ''}; the browser keeps the last good site")
        self.preview.publish(errors=tuple(lines))


class SearchIndexer:
    """Refreshes the search index in the background, so that a save never waits for it."""

    def __init__(self, out: Path, log: Callable[[str], None]):
        self.out, self.log = out, log
        self._wanted = threading.Event()
        threading.Thread(target=self._run, name="search-index", daemon=True).start()

    def request(self) -> None:
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            time.sleep(1)  # a burst of saves gives one refresh
            self._wanted.clear()
            try:
                search.refresh(self.out)
            except (UsageError, OSError) as error:
                self.log(f"search index not refreshed: {error}")


def watch(builder: Builder, roots: dict[str, Path], stop: threading.Event) -> None:
    """Call the builder with every batch of changes under ``roots`` ("content", "templates").
    A root that is deleted is waited for; once it is back, everything is built again."""
    while not stop.is_set():
        if not all(root.is_dir() for root in roots.values()):
            stop.wait(0.5)
            continue
        for changes in watchfiles.watch(*roots.values(), step=QUIET_MS, debounce=1000, stop_event=stop,
                                        raise_interrupt=False, rust_timeout=1000, yield_on_timeout=True):
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


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder and nothing outside it; adds the reload script to HTML pages."""

    preview: Preview  # set on the subclass made by serve()

    def do_GET(self) -> None:  # noqa: N802 - the base class names it so
        try:
            self._respond()
        except ValueError:  # a NUL byte or the like in the path: no such file
            self.send_error(404)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def _respond(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == EVENTS:
            return self._events()
        if path == SCRIPT:
            return self._send(200, RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if not _inside(file, Path(self.directory)):
            return self.send_error(404)
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            build = self.preview.build  # before reading: a page newer than its number only reloads once more
            return self._send(200, self._with_script(file.read_bytes(), build), "text/html; charset=utf-8")
        return super().do_HEAD() if self.command == "HEAD" else super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        # The site's own 404 page, or a bare one before the first good build; with the
        # script, it shows the errors and reloads once the page exists.
        build = self.preview.build
        not_found = Path(self.directory) / "404.html"
        page = not_found.read_bytes() if not_found.is_file() else NO_PAGE
        return self._send(404, self._with_script(page, build), "text/html; charset=utf-8")

    def list_directory(self, path):  # a folder without index.html is a missing page, as on a real host
        self.send_error(404)
        return None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must show the file just written
        super().end_headers()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _with_script(self, page: bytes, build: int) -> bytes:
        tag = f'<script src="{SCRIPT}" data-build="{build}"></script>'.encode()
        end = page.rfind(b"</body>")
        return page[:end] + tag + page[end:] if end >= 0 else page + tag

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        version = 0
        try:
            while True:
                state = self.preview.state_after(version, KEEPALIVE_SECONDS)
                if state is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    version, shown = state
                    self.wfile.write(f"event: state\ndata: {json.dumps(shown)}\n\n".encode())
                self.wfile.flush()
        except OSError:  # the page was closed
            return

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class names it so
        pass  # one line per request would drown the build messages an editor needs to see


def _inside(path: Path, directory: Path) -> bool:
    resolved, root = os.path.realpath(path), os.path.realpath(directory)
    return resolved == root or resolved.startswith(root + os.sep)


def make_server(out: Path, preview: Preview, *, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    try:
        return http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(out)))
    except (OSError, OverflowError) as error:
        raise UsageError(f"cannot serve on {host}:{port}: {getattr(error, 'strerror', None) or error}") from None


class DevServer:
    """A built site, served, with a watcher that rebuilds it on every change."""

    def __init__(self, pipeline: Pipeline, *, out: Path, roots: dict[str, Path], host: str, port: int,
                 search_index: bool, log: Callable[[str], None] = print):
        self.preview = Preview()
        self.server = make_server(out, self.preview, host=host, port=port)
        self.builder = Builder(pipeline, out, self.preview, search_index, log)
        self._stop = threading.Event()
        self.builder.first_build()
        self._watcher = threading.Thread(target=watch, args=(self.builder, roots, self._stop), name="watch",
                                         daemon=True)
        self._watcher.start()

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl+C) or until close() from another thread."""
        try:
            self.server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            self.server.server_close()
            self._watcher.join(timeout=5)

    def close(self) -> None:
        self.server.shutdown()


def serve(pipeline: Pipeline, *, out: Path, roots: dict[str, Path], host: str, port: int,
          search_index: bool) -> None:
    """Build, then serve and rebuild on every change until interrupted."""
    dev = DevServer(pipeline, out=out, roots=roots, host=host, port=port, search_index=search_index)
    print(f"Serving {out}/ at {dev.address} ; watching {', '.join(str(root) for root in roots.values())} "
          "(Ctrl+C stops)", flush=True)
    dev.serve_forever()


NO_PAGE = (b'<!doctype html><html lang="id"><meta charset="utf-8"><title>Belum ada halaman</title>'
           b"<body><p>Halaman ini belum ada. Bila ada galat, perbaiki lalu simpan.</p></body></html>")

# Added to every HTML page the dev server sends: reload when a newer build is out, and
# show the errors of a failed build over the page (the page itself is the last good one).
RELOAD_SCRIPT = """\
(() => {
  const loaded = Number(document.currentScript.dataset.build);
  const panel = document.createElement("div");
  panel.id = "katalog-errors";
  panel.setAttribute("role", "alert");
  panel.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
    "background:#fff5f5;color:#1a1a1a;border-top:4px solid #b00020;padding:1rem;font:16px/1.5 sans-serif;" +
    "box-shadow:0 -2px 12px rgba(0,0,0,.3)";
  const show = (errors) => {
    panel.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = `Perubahan terakhir belum tampil: ${errors.length} galat. ` +
      "Perbaiki lalu simpan; halaman ini versi terakhir yang benar.";
    const list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0;font:14px/1.5 monospace";
    list.textContent = errors.join("\\n");
    panel.append(title, list);
    if (!panel.isConnected) document.body.append(panel);
  };
  // A browser opens about six connections to one server: a hidden tab gives its stream back.
  let source = null;
  const listen = () => {
    source = new EventSource("/__katalog/events");
    source.addEventListener("state", (event) => {
      const state = JSON.parse(event.data);
      if (state.errors.length) show(state.errors);
      else if (state.build > loaded) location.reload();
      else panel.remove();
    });
  };
  document.addEventListener("visibilitychange", () => {
    if (document.hidden && source) { source.close(); source = null; }
    else if (!document.hidden && !source) listen();
  });
  if (!document.hidden) listen();
})();
"""
