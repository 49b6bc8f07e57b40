#!/usr/bin/env python3
"""Compare two checkouts of build.py on one catalogue, row by row, in the same run:
python bench/compare.py OLD NEW [--size 10000] [--runs 3] [--catalogue DIR [--new-catalogue DIR]] [--search]
[--rows cold,warm,one,serve,check].

OLD and NEW are folders holding build.py (e.g. a `git worktree` of an earlier commit and this
checkout). The runs alternate (old, new, old, new...), so a machine that gets busier or
quieter during the run weighs on both alike. Rows: a cold build (no cache), a warm build
(nothing changed), one entry changed, `check`, and, for `serve` after a build with the cache,
the time until the first page is served. Each figure is the median of --runs runs; the
table gives NEW's figure as a share of OLD's, for the wall time and for the processor time
(user and system, of the command and every process it waited for), which a machine busy
with other work disturbs far less than the wall time. ``--catalogue`` compares on an existing
catalogue (else bench/generate.py writes one, which OLD must be able to read); ``--new-catalogue``
gives NEW its own copy, for content that only NEW reads (the same entries with fields OLD lacks);
``--rows`` measures only some rows (``--rows warm,one``: the edit loop, in minutes instead of an hour).
"""
from __future__ import annotations

import argparse
import math
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from run import run_once  # noqa: E402

ENTRY = "innovations/inovasi-00007.md"
ROWS = ("cold", "warm", "one", "serve", "check")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and processor seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_once(command)[0]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_page(checkout: Path, content: Path, out: Path, cache: Path, search: bool) -> float:
    """Seconds from starting `serve` (after a build with the same cache) to its home page served."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, str(checkout / "build.py"), "serve", "--content", str(content),
                               "--out", str(out), "--cache", str(cache), "--port", str(port),
                               *([] if search else ["--no-search"])],
                              cwd=checkout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                return time.perf_counter() - started
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"{checkout}: serve stopped")
                time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--catalogue", type=Path, help="an existing catalogue (else one is generated)")
    parser.add_argument("--new-catalogue", type=Path, help="NEW's catalogue, if not the same as OLD's")
    parser.add_argument("--search", action="store_true", help="with the search index (else --no-search)")
    parser.add_argument("--rows", type=lambda text: text.split(","), default=list(ROWS),
                        help=f"the rows to measure, of {','.join(ROWS)} (default: all)")
    arguments = parser.parse_args()
    if not set(arguments.rows) <= set(ROWS):
        parser.error(f"--rows: each of {', '.join(ROWS)}")
    rows = set(arguments.rows)
    scratch = Path(tempfile.mkdtemp(prefix="compare-"))
    shared = arguments.catalogue or scratch / "content"
    if not arguments.catalogue:
        generate(arguments.size, shared)
    contents = {"old": shared.resolve(), "new": (arguments.new_catalogue or shared).resolve()}
    search = [] if arguments.search else ["--no-search"]
    checkouts = {"old": arguments.old.resolve(), "new": arguments.new.resolve()}
    figures: dict[str, dict[str, list[tuple[float, float]]]] = {}

    def record(what: str, name: str, figure: tuple[float, float]) -> None:
        figures.setdefault(what, {}).setdefault(name, []).append(figure)

    def build(name: str, *extra: str) -> list[str]:
        return [sys.executable, str(checkouts[name] / "build.py"), "build", "--content", str(contents[name]),
                "--out", str(scratch / f"site-{name}"), "--cache", str(scratch / f"cache-{name}"), *search, *extra]

    for run in range(arguments.runs):
        for name in checkouts:
            content = contents[name]
            entry = content / ENTRY
            original = entry.read_text(encoding="utf-8")
            if "cold" in rows:
                record("cold build", name, timed(build(name, "--no-cache")))
            run_once(build(name))  # fills the cache
            if "warm" in rows:
                record("warm build (nothing changed)", name, timed(build(name)))
            if "one" in rows:
                entry.write_text(original + f"\nKalimat tambahan {time.time_ns()}.\n", encoding="utf-8")
                record("one entry changed", name, timed(build(name)))
                entry.write_text(original, encoding="utf-8")
                run_once(build(name))  # back to the catalogue as it was, built
            if "serve" in rows:
                record("serve: first page after a build", name, (first_page(
                    checkouts[name], content, scratch / f"site-{name}", scratch / f"cache-{name}", arguments.search),
                    float("nan")))
            if "check" in rows:
                record("check (no cache)", name, timed([sys.executable, str(checkouts[name] / "build.py"), "check",
                                                        "--content", str(content), "--no-cache"]))
    print(f"{arguments.size if not arguments.catalogue else shared} entries, "
          f"{'with' if arguments.search else 'without'} search, median of {arguments.runs} alternating runs")
    print(f"{'what':<34} {'wall old':>9} {'new':>7} {'new/old':>8} {'cpu old':>9} {'new':>7} {'new/old':>8}")
    for what, by_name in figures.items():
        row = f"{what:<34}"
        for measure in (0, 1):
            old = statistics.median(figure[measure] for figure in by_name["old"])
            new = statistics.median(figure[measure] for figure in by_name["new"])
            unmeasured = math.isnan(old)  # serve's processor time is not measured
            row += f" {'-':>9} {'-':>7} {'-':>8}" if unmeasured else f" {old:>9.2f} {new:>7.2f} {new / old:>8.0%}"
        print(row)


if __name__ == "__main__":
    main()
