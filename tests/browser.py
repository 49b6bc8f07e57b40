"""Chromium for browser tests: skipped where there is none, a failure where CI requires one.

CI sets KATALOG_REQUIRE_BROWSER=1 (in .ci/run), so a missing browser can never
silently skip these tests there.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("KATALOG_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


def launch(playwright_module):
    return playwright_module.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def require_browser():
    """The sync_playwright factory, or a skip (a failure when KATALOG_REQUIRE_BROWSER is set)."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed (pip install -e '.[test]')"
    if problem is None and not CHROMIUM.exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("KATALOG_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required but {problem}")
        pytest.skip(problem)
    return sync_playwright


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve ``directory`` on a free loopback port in a thread; returns (base URL, server)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server
