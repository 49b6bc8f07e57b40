#!/usr/bin/env python3
"""Time the edit loop of `build.py serve`: from saving one entry to the reload message
the browser gets, and to the new page being served.

    python bench/serve_edit.py [--size 10000] [--runs 7] [--catalogue DIR]

Generates a catalogue with bench/generate.py (or uses DIR), starts the dev server
without the search index (it is refreshed in the background and never delays a
reload), and edits one entry's body, then its title (which moves it in every list).
Prints medians and writes bench/serve_edit.json.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Reloads:
    """Reads the server's event stream and stamps each build number as it arrives."""

    def __init__(self, address: str):
        self.arrived: dict[int, float] = {}
        self.condition = threading.Condition()
        self.stream = urllib.request.urlopen(address + "__katalog/events", timeout=600)
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        for line in self.stream:
            if line.startswith(b"data: "):
                state = json.loads(line[6:])
                with self.condition:
                    if state["errors"]:
                        sys.exit(f"the edit broke the build: {state['errors']}")
                    self.arrived.setdefault(state["build"], time.perf_counter())
                    self.condition.notify_all()

    def wait(self, build: int) -> float:
        with self.condition:
            if not self.condition.wait_for(lambda: build in self.arrived, 60):
                raise TimeoutError(f"no build {build} within 60 s")
            return self.arrived[build]


def time_edits(content: Path, runs: int, work: Path, search: bool = False) -> dict:
    """Start `serve` on ``content`` and time ``runs`` text edits and title edits of one entry
    (with ``search``, the server also keeps the search index up to date, after each reload)."""
    port = free_port()
    address = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, str(HERE.parent / "build.py"), "serve", "--content", str(content), "--out",
         str(work / "site"), "--port", str(port), "--no-cache", *([] if search else ["--no-search"])],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    entry = content / "innovations" / "inovasi-00007.md"
    original = entry.read_text(encoding="utf-8")
    try:
        for line in server.stdout:
            if line.startswith("Serving"):
                break
        else:
            sys.exit("the server did not start")
        results = {"entries": len(list((content / "innovations").iterdir())), "cores": os.cpu_count(),
                   "first build and start, s": round(time.perf_counter() - started, 2)}
        reloads = Reloads(address)
        reloads.wait(1)
        build = 1
        for kind, change in (
            ("body", lambda text, run: text.replace("## Cara Kerja", f"Kalimat baru {run}.\n\n## Cara Kerja", 1)),
            ("title", lambda text, run: re.sub(r"(?m)^title: .*$", f"title: Inovasi {run} Diubah", text, count=1)),
        ):
            to_reload, to_page = [], []
            for run in range(runs):
                marker = f"Kalimat baru {run}." if kind == "body" else f"Inovasi {run} Diubah"
                time.sleep(0.3)  # a person between two saves
                saved = time.perf_counter()
                entry.write_text(change(original, run), encoding="utf-8")
                build += 1
                to_reload.append(reloads.wait(build) - saved)
                page = urllib.request.urlopen(address + "inovasi/inovasi-00007/", timeout=60).read().decode()
                to_page.append(time.perf_counter() - saved)
                assert marker in page, "the served page does not show the edit"
            results[f"{kind} edit: save to reload message, ms"] = round(statistics.median(to_reload) * 1000)
            results[f"{kind} edit: save to page served, ms"] = round(statistics.median(to_page) * 1000)
            results[f"{kind} edit: slowest reload, ms"] = round(max(to_reload) * 1000)
        return results
    finally:
        entry.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--catalogue", type=Path, help="use this generated catalogue instead of a new one")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="serve-edit-"))
    content = arguments.catalogue or work / "content"
    if not arguments.catalogue:
        generate(arguments.size, content)
    results = time_edits(content, arguments.runs, work)
    width = max(len(key) for key in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    (HERE / "serve_edit.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
