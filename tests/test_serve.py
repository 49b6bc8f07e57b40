"""The dev server: every save reaches the browser, errors show over the last good site,
and no request reaches a byte outside the output folder."""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SPIN_SECONDS
from katalog.engine.cache import BuildCache
from devserver import AGENCY, CONTENT, ENTRY, PAGE, TITLE, Events, edit, get, indexed_text, running_server, started
from katalog.engine.pipeline import Pipeline
from katalog.engine.steps import Engine
from katalog.tools.reporter import Reporter
from katalog.tools.serve import DevServer

# Slow: a dev server per test, waiting for file events and rebuilds.
pytestmark = pytest.mark.slow


@pytest.fixture
def dev(tmp_path):
    yield from running_server(tmp_path)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server for tests that only read."""
    yield from running_server(tmp_path_factory.mktemp("served"))


def test_two_saves_within_a_second_both_reach_the_browser(dev):
    events = Events(dev.address)
    first = events.wait_for(lambda state: state["build"] >= 1)["build"]
    edit(dev.content / ENTRY, TITLE, TITLE + " Satu")
    events.wait_for(lambda state: state["build"] == first + 1)
    assert "Inovasi Minimal Satu" in get(dev.address + PAGE)[1]
    started = time.monotonic()
    edit(dev.content / ENTRY, TITLE + " Satu", TITLE + " Dua")
    assert time.monotonic() - started < 1
    events.wait_for(lambda state: state["build"] == first + 2)
    status, page = get(dev.address + PAGE)
    assert status == 200 and "Inovasi Minimal Dua" in page and "Inovasi Minimal Satu" not in page
    assert "Inovasi Minimal Dua" in get(dev.address + "opd/pdam/")[1]  # its agency's list shows it too


def test_an_error_shows_over_the_last_good_site_and_clears_when_fixed(dev):
    events = Events(dev.address)
    events.wait_for(lambda state: state["build"] == 1)
    edit(dev.content / ENTRY, AGENCY, AGENCY + "x")
    failed = events.wait_for(lambda state: state["errors"])
    assert failed["errors"] == ["content/innovations/minimal.md:3: agency: unknown agency 'pdamx' (did you mean 'pdam'?)"]
    assert failed["build"] == 1
    status, page = get(dev.address + PAGE)
    assert status == 200 and "Perusahaan Air Minum Daerah" in page  # the last good page
    edit(dev.content / ENTRY, AGENCY + "x", AGENCY)
    assert events.wait_for(lambda state: state["build"] == 2)["errors"] == []
    assert any("content/innovations/minimal.md:3" in line for line in dev.log)


def test_a_new_file_and_a_deleted_one(dev):
    events = Events(dev.address)
    events.wait_for(lambda state: state["build"] == 1)
    assert get(dev.address + "inovasi/baru/")[0] == 404
    (dev.content / "innovations" / "baru.md").write_text(
        "---\ntitle: Inovasi Baru\nagency: pdam\nsummary: Baru.\n---\n", encoding="utf-8")
    events.wait_for(lambda state: state["build"] == 2)
    assert "Inovasi Baru" in get(dev.address + "inovasi/baru/")[1]
    (dev.content / "innovations" / "baru.md").unlink()
    events.wait_for(lambda state: state["build"] == 3)
    assert get(dev.address + "inovasi/baru/")[0] == 404


def stylesheet_url(html: str) -> str:
    """The stylesheet's address from the site root, as a page links to it."""
    return re.search(r'<link rel="stylesheet" href="(?:\.\./)*(static/style\.[0-9a-f]{10}\.css)">', html)[1]


def test_html_pages_get_the_reload_script_and_other_files_do_not(served):
    dev = served
    page = get(dev.address + PAGE)[1]
    assert page.rstrip().endswith('<script src="/__katalog/reload.js" data-build="1"></script></body>\n</html>')
    assert "__katalog" not in (dev.out / PAGE / "index.html").read_text(encoding="utf-8")  # only as served
    status, css = get(dev.address + stylesheet_url(page))
    assert status == 200 and "__katalog" not in css
    status, missing = get(dev.address + "tidak-ada/")
    assert status == 404 and "/__katalog/reload.js" in missing


@pytest.mark.parametrize("request_path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%252e%252e/%252e%252e/etc/passwd",
    "/..%5c..%5c..%5cetc%5cpasswd", "/..\\..\\..\\etc\\passwd", "/static/../../secret.txt", "/%2e%2e/secret.txt",
    "/static/%2e%2e/%2e%2e/secret.txt", "//etc/passwd", "/.%2e/secret.txt", "/%00.html", "/inovasi/%00/",
])
def test_no_request_reaches_outside_the_output_folder(served, request_path):
    dev = served
    (dev.content.parent / "secret.txt").write_text("RAHASIA", encoding="utf-8")  # beside site/
    host, port = dev.server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(f"GET {request_path} HTTP/1.0\r\n\r\n".encode())
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    status = int(response.split(b" ", 2)[1])
    assert 400 <= status < 500, response[:200]
    assert b"RAHASIA" not in response and b"root:" not in response


def test_serve_with_drafts_shows_them_with_a_banner(tmp_path):
    with started(tmp_path, drafts=True) as dev:
        events = Events(dev.address)
        events.wait_for(lambda state: state["build"] == 1)
        edit(dev.content / ENTRY, TITLE, "draft: true\n" + TITLE)
        events.wait_for(lambda state: state["build"] == 2)
        status, page = get(dev.address + PAGE)
        assert status == 200 and "<strong>Draf</strong>: halaman ini belum terbit." in page


def test_the_search_index_follows_in_the_background(tmp_path):
    with started(tmp_path, search=True) as dev:
        events = Events(dev.address)
        events.wait_for(lambda state: state["build"] == 1)
        assert "Inovasi Minimal Dicari" not in indexed_text(dev.out)
        edit(dev.content / ENTRY, TITLE, TITLE + " Dicari")
        events.wait_for(lambda state: state["build"] == 2)  # the reload does not wait for the index
        deadline = time.monotonic() + 30
        # Done when the new index is in place and the one it replaced is gone (removed just after the swap).
        while "Inovasi Minimal Dicari" not in indexed_text(dev.out) or (dev.out / ".pagefind-old").exists():
            assert time.monotonic() < deadline, "the index was not refreshed"
            time.sleep(0.2)
        assert not (dev.out / ".pagefind-new").exists() and not (dev.out / ".pagefind-new-pages").exists()


def test_head_requests_are_answered(served):
    request = urllib.request.Request(served.address + PAGE, method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200 and response.read() == b""
    request = urllib.request.Request(served.address + stylesheet_url(get(served.address + PAGE)[1]), method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def test_a_template_that_raises_is_shown_and_watching_goes_on(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    with started(tmp_path / "site-root", templates=templates) as dev:
        events = Events(dev.address)
        events.wait_for(lambda state: state["build"] == 1)
        edit(templates / "innovation.html", "</article>", "{{ entry.summary / 2 }}</article>")
        failed = events.wait_for(lambda state: state["errors"])
        line = (templates / "innovation.html").read_text(encoding="utf-8").split("{{ entry.summary / 2 }}")[0].count("\n") + 1
        assert failed["errors"] == [
            f"{os.path.relpath(templates / 'innovation.html')}:{line}: template error (TypeError): unsupported operand "
            f"type(s) for /: 'str' and 'int' (while rendering /inovasi/lengkap/ and 1 more pages)"]
        edit(templates / "innovation.html", "{{ entry.summary / 2 }}</article>", "</article>")
        assert events.wait_for(lambda state: state["build"] == 2)["errors"] == []


def test_a_content_folder_deleted_and_restored_is_watched_again(tmp_path):
    with started(tmp_path) as dev:
        events = Events(dev.address)
        events.wait_for(lambda state: state["build"] == 1)
        shutil.move(dev.content, tmp_path / "elsewhere")
        assert "content directory 'content' not found" in events.wait_for(lambda state: state["errors"])["errors"][0]
        shutil.move(tmp_path / "elsewhere", dev.content)
        events.wait_for(lambda state: state["build"] == 2 and not state["errors"])
        edit(dev.content / ENTRY, TITLE, TITLE + " Kembali")
        events.wait_for(lambda state: state["build"] == 3)
        assert "Inovasi Minimal Kembali" in get(dev.address + PAGE)[1]


def test_a_file_too_slow_for_markdown_is_refused_while_serving(tmp_path, monkeypatch, slow_markdown):
    """Rebuilds run on the main thread of `build.py serve`, where Markdown's time limit works."""
    from katalog.content import markup
    monkeypatch.setattr(markup, "TIME_LIMIT_SECONDS", 0.5)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    pipeline = Pipeline(content=content, content_shown_as="content", templates=ROOT / "templates", search=False)
    dev = DevServer(Engine(pipeline, tmp_path / "site", search=False), host="127.0.0.1", port=0,
                    reporter=Reporter(say=lambda line: None, warn=lambda line: None))
    seen = {}

    def save_a_slow_file():
        try:
            events = Events(dev.address)
            events.wait_for(lambda state: state["build"] == 1)
            assert dev.watching.wait(30)  # without a cache, a save before the watcher runs is not seen
            started = time.monotonic()
            with open(content / ENTRY, "a", encoding="utf-8") as file:
                file.write(f"\n{slow_markdown}\n")  # Markdown would spin for a minute
            seen["state"] = events.wait_for(lambda state: state["errors"], timeout=SPIN_SECONDS / 2)
            seen["seconds"] = time.monotonic() - started
        except BaseException as error:  # noqa: BLE001 (reported by the assertion below)
            seen["error"] = error
        finally:
            dev.close()

    threading.Thread(target=save_a_slow_file, daemon=True).start()
    dev.serve_forever()  # on this, the main thread, until close()
    assert "error" not in seen, seen.get("error")
    assert seen["seconds"] < SPIN_SECONDS / 2  # unbounded, Markdown would spin for SPIN_SECONDS
    assert [error.split(": ", 1)[1] for error in seen["state"]["errors"]] == [
        "Markdown took more than 0.5 s to render (look for long runs of [ or < and simplify them)"]


def test_ctrl_c_stops_build_py_serve_cleanly(tmp_path):
    import signal
    import subprocess
    import sys
    shutil.copytree(CONTENT, tmp_path / "content")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--no-search"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # not ignored
    try:
        line = ""
        while not line.startswith("Serving"):
            line = process.stdout.readline()
            assert line, process.stderr.read()
        address = line.split(" at ")[1].split()[0]
        assert get(address)[0] == 200
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert (process.returncode, err) == (0, "")


def build_py(folder: Path, *arguments: str) -> str:
    """`build.py` run in ``folder`` as an editor runs it; returns what it printed."""
    import subprocess
    import sys
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *arguments], cwd=folder, capture_output=True,
                            text=True, timeout=300)
    return result.stdout + result.stderr


def serving(folder: Path, *arguments: str):
    """`build.py serve` started in ``folder``: (the process, its address, what it printed until serving)."""
    import signal
    import subprocess
    import sys
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", *arguments],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    printed = []
    while not (printed and printed[-1].startswith("Serving")):
        printed.append(process.stdout.readline())
        assert printed[-1], "".join(printed)
    time.sleep(0.2)  # the watcher starts just after "Serving" is printed (as in devserver.running_server)
    return process, printed[-1].split(" at ")[1].split()[0], "".join(printed)


def stopped(process) -> str:
    import signal
    process.send_signal(signal.SIGINT)
    try:
        out, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, out
    return out


def test_serve_starts_from_the_last_build_and_leaves_the_next_one_nothing_to_do(tmp_path):
    """One engine and one cache for build and serve: serve builds nothing after a build, keeps the cache
    and the search index up to date while it runs, and once stopped the next build is "up to date"."""
    shutil.copytree(CONTENT, tmp_path / "content")
    assert "built site/:" in build_py(tmp_path) and "up to date" in build_py(tmp_path)
    process, address, printed = serving(tmp_path)
    try:
        assert "built site/: up to date, nothing changed since the last build" in printed
        events = Events(address)
        events.wait_for(lambda state: state["build"] == 1)
        edit(tmp_path / "content" / ENTRY, TITLE, TITLE + " Disajikan")
        events.wait_for(lambda state: state["build"] == 2)
    finally:
        out = stopped(process)
    assert "innovations/minimal.md: " in out and "Traceback" not in out
    assert "up to date" in build_py(tmp_path)
    assert "Inovasi Minimal Disajikan" in (tmp_path / "site" / PAGE / "index.html").read_text(encoding="utf-8")
    assert "Inovasi Minimal Disajikan" in indexed_text(tmp_path / "site")  # the index caught up before serve stopped


def test_a_save_made_before_the_watcher_runs_is_built_once_it_does(tmp_path):
    """The first build has read the files, the watcher is not set up yet: a save in between is found
    by its stamp as soon as the watcher runs, not at the next save."""
    shutil.copytree(CONTENT, tmp_path / "content")
    pipeline = Pipeline(content=tmp_path / "content", content_shown_as="content", templates=ROOT / "templates",
                        search=False)
    engine = Engine(pipeline, tmp_path / "site", search=False, cache=BuildCache(
        tmp_path / "cache", out=tmp_path / "site", settings={"the settings": "of these tests"}))
    server = DevServer(engine, host="127.0.0.1", port=0, reporter=Reporter(say=lambda _: None, warn=print))
    edit(tmp_path / "content" / ENTRY, TITLE, TITLE + " Sebelum")  # no watcher runs yet
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        events = Events(server.address)
        assert events.wait_for(lambda state: state["build"] == 2)["errors"] == []
        assert "Inovasi Minimal Sebelum" in get(server.address + PAGE)[1]
    finally:
        server.close()
        thread.join(timeout=10)


def test_a_save_that_failed_in_serve_is_read_again_by_the_next_build(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    build_py(tmp_path, "--no-search")
    process, address, _ = serving(tmp_path, "--no-search")
    try:
        events = Events(address)
        events.wait_for(lambda state: state["build"] == 1)
        edit(tmp_path / "content" / ENTRY, TITLE, TITLE + " Baru")
        events.wait_for(lambda state: state["build"] == 2)
        edit(tmp_path / "content" / ENTRY, AGENCY, AGENCY + "x")
        events.wait_for(lambda state: state["errors"])
    finally:
        stopped(process)
    out = build_py(tmp_path, "--no-search")
    assert "content/innovations/minimal.md:3: agency: unknown agency 'pdamx'" in out and "up to date" not in out
    edit(tmp_path / "content" / ENTRY, AGENCY + "x", AGENCY)
    out = build_py(tmp_path, "--no-search")
    assert "0 pages rendered, 0 files written, 0 removed" in out  # as serve left it: read again, nothing to do
    assert "Inovasi Minimal Baru" in (tmp_path / "site" / PAGE / "index.html").read_text(encoding="utf-8")
