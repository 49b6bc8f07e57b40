"""The dev server's HTTP side: the output folder served and nothing outside it, a reload
script added to every HTML page, and the build state streamed to that script as
server-sent events (/__katalog/events)."""
from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import urllib.parse
from pathlib import Path

from ..errors import UsageError

EVENTS, SCRIPT = "/__katalog/events", "/__katalog/reload.js"
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
