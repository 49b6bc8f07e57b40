"""A local preview server for the built site (live reload comes later)."""
from __future__ import annotations

import functools
import http.server
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class names it so
        pass  # one line per request drowns the build messages an editor needs to see


def serve(directory: Path, *, host: str, port: int) -> None:
    """Serve ``directory`` until interrupted. SimpleHTTPRequestHandler refuses paths outside it."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Serving {directory}/ at http://{host}:{server.server_address[1]}/ (Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
