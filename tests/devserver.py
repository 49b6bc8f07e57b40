"""The dev server for tests: one started in this process on a copy of the example site, its event
stream read as the reload script reads it, and small edits of its files."""
from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

from conftest import EXAMPLE, ROOT
from katalog.engine.cache import BuildCache
from katalog.engine.pipeline import Pipeline
from katalog.engine.steps import Engine
from katalog.tools.reporter import Reporter
from katalog.tools.serve import DevServer

# The entry the tests edit, in the example site (tests/example/content/), and its page.
CONTENT = EXAMPLE / "content"
ENTRY = "innovations/minimal.md"
PAGE = "inovasi/minimal/"
TITLE = "title: Inovasi Minimal"
AGENCY = "agency: pdam"


class Events:
    """The dev server's event stream, read in the background as the reload script reads it."""

    def __init__(self, address: str):
        self.states: list[dict] = []
        self._arrived = threading.Condition()
        self._response = urllib.request.urlopen(address + "__katalog/events", timeout=30)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self._response:
                if line.startswith(b"data: "):
                    with self._arrived:
                        self.states.append(json.loads(line[6:]))
                        self._arrived.notify_all()
        except (OSError, ValueError):
            pass

    def wait_for(self, test, timeout: float = 30) -> dict:  # generous: a busy machine is slow, not wrong
        with self._arrived:
            assert self._arrived.wait_for(lambda: any(test(state) for state in self.states), timeout), self.states
            return next(state for state in self.states if test(state))


def started(*args, **kwargs):
    """A dev server for one test: ``with started(tmp_path) as dev: ...``."""
    return contextlib.contextmanager(running_server)(*args, **kwargs)


def running_server(tmp_path: Path, drafts: bool = False, search: bool = False, templates: Path = ROOT / "templates",
                   cache: Path | None = None):
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(CONTENT, content)
    pipeline = Pipeline(content=content, content_shown_as="content", templates=templates, search=search,
                        include_drafts=drafts)
    log: list[str] = []
    engine = Engine(pipeline, tmp_path / "site", search=search, cache=cache and BuildCache(
        cache, out=tmp_path / "site", settings={"the settings": "of these tests"}))
    server = DevServer(engine, host="127.0.0.1", port=0, reporter=Reporter(say=log.append, warn=log.append))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.content, server.out, server.log = content, tmp_path / "site", log
    assert server.watching.wait(30)
    yield server
    server.close()
    thread.join(timeout=10)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def indexed_text(site: Path) -> str:
    """The text of every page in the search index (Pagefind's fragments are gzipped JSON);
    empty in the moment the new index takes the old one's place."""
    try:
        return "".join(gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace")
                       for fragment in (site / "pagefind" / "fragment").iterdir())
    except FileNotFoundError:
        return ""
