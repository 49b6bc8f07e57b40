#!/usr/bin/env python3
"""Time builds of generated catalogues: python bench/run.py [--sizes 1000,10000 | --entries 100000] [--runs 3].

For each size: the floor (reading every entry and converting its body with the same
Markdown settings, in one process); then, each without the search index (--no-search)
and with it (the default build): a cold build (no cache, every core), a warm build
(cached, nothing changed), a build after one entry changed (cached), the same two with
--precompress, and a body edit and a title edit in `serve` until the reload message;
and check (no cache). Each figure is the median of several runs in fresh processes;
peak memory is the largest total of the build's processes, Pagefind's included
(proportional set size, so memory the workers share is counted once). Prints one
table, checks it against the targets, and writes bench/results.json (or --output).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from serve_edit import time_edits  # noqa: E402



def tree_memory_mb(pid: int) -> float:
    """The proportional set size of ``pid`` and its descendants, in MB."""
    total, waiting = 0, [pid]
    while waiting:
        current = waiting.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                waiting += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one run of ``command``; exits if it fails."""
    peak = [0.0]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)

        def sample() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], tree_memory_mb(process.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        process.wait()
        elapsed = time.perf_counter() - started
        sampler.join()
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{errors.read().decode()[-2000:]}")
    return elapsed, peak[0]


def measure(command: list[str], runs: int, before=None) -> dict[str, float]:
    results = []
    for run in range(runs):
        if before:
            before(run)
        results.append(run_once(command))
    return {"seconds": round(statistics.median(seconds for seconds, _ in results), 3),
            "peak_mb": round(max(peak for _, peak in results), 1)}


def bench_size(size: int, runs: int, scratch: Path, *, only_search: bool = False) -> dict[str, dict]:
    """Every row twice: without the search index (as --no-search) and with it (the default build);
    ``only_search``: the default build's cold, warm, one-change and serve rows only."""
    content = scratch / f"content-{size}"
    generate(size, content)
    python = sys.executable
    entry = content / "innovations" / "inovasi-00007.md"

    def edit_one_entry(run: int) -> None:
        entry.write_text(entry.read_text(encoding="utf-8") + f"\nKalimat tambahan {time.time_ns()}.\n",
                         encoding="utf-8")

    rows: dict[str, dict] = {} if only_search else {"floor (read + Markdown, 1 process)": {
        "no search": measure([python, str(HERE / "floor.py"), str(content)], runs)}}
    for search in (True,) if only_search else (False, True):
        column = "search" if search else "no search"
        for flags, name in (((), ""),) if only_search else (((), ""), (("--precompress",), ", --precompress")):
            # Each variant has its own output folder and cache, so that no row disturbs another.
            folder = f"{size}-{'search' if search else 'nosearch'}{'-gz' if flags else ''}"
            build = [python, "build.py", "--content", str(content), "--out", str(scratch / f"site-{folder}"),
                     "--cache", str(scratch / f"cache-{folder}"), *flags, *([] if search else ["--no-search"])]
            rows.setdefault(f"cold build{name}", {})[column] = measure([*build, "--no-cache"], runs)
            run_once(build)  # fills the cache
            if not flags:
                rows.setdefault("warm build (nothing changed)", {})[column] = measure(build, runs)
            rows.setdefault(f"one entry changed{name}", {})[column] = measure(build, runs, before=edit_one_entry)
        edits = time_edits(content, max(runs, 5), scratch / f"serve-{size}-{column}", search=search)
        for kind in ("body", "title"):
            rows.setdefault(f"serve: {kind} edit to reload", {})[column] = {
                "seconds": edits[f"{kind} edit: save to reload message, ms"] / 1000, "peak_mb": None}
    if not only_search:
        rows["check"] = {"no search": measure([python, "build.py", "check", "--content", str(content), "--no-cache"],
                                              runs)}
    return rows


def targets(table: dict) -> list[str]:
    """The performance targets, each with its figure and whether it is met."""
    cores = table["cores"]
    size = max(table["sizes"])
    largest = table["sizes"][size]
    lines = []

    def check(what: str, ok: bool) -> None:
        lines.append(f"{'met    ' if ok else 'NOT met'}  {what}")

    def figure(row: str, column: str = "no search", kind: str = "seconds") -> float:
        return largest[row][column][kind]

    cold, floor = figure("cold build"), figure("floor (read + Markdown, 1 process)")
    check(f"cold build {cold:.2f} s <= 1.3 x floor / cores = {1.3 * floor / cores:.2f} s", cold <= 1.3 * floor / cores)
    for row in ("warm build (nothing changed)", "one entry changed"):
        check(f"{row} {figure(row):.2f} s < 2 s (no search)", figure(row) < 2)
    peaks = {column: max(figures[column]["peak_mb"] or 0 for figures in largest.values() if column in figures)
             for column in ("no search", "search")}
    check(f"peak memory {peaks['no search']:.0f} MB < 600 MB (no search)", peaks["no search"] < 600)
    # With the search index (the build README's users run):
    changed = figure("one entry changed", "search")
    check(f"one entry changed {changed:.2f} s < 5 s (search)", changed < 5)
    check(f"peak memory {peaks['search']:.0f} MB < 800 MB (search)", peaks["search"] < 800)
    ratio = figure("cold build", "search") / cold
    check(f"cold build with search {ratio:.2f} x the one without <= 1.25 x", ratio <= 1.25)
    title, body = figure("serve: title edit to reload"), figure("serve: body edit to reload")
    check(f"serve: title edit {title * 1000:.0f} ms <= 1.5 x body edit {body * 1000:.0f} ms", title <= 1.5 * body)
    if len(table["sizes"]) > 1:
        smallest = table["sizes"][min(table["sizes"])]
        ratio = cold / smallest["cold build"]["no search"]["seconds"]
        growth = size / min(table["sizes"])
        check(f"cold build grows {ratio:.1f}x for {growth:.0f}x the entries (at most {1.1 * growth:.0f}x)",
              ratio <= 1.1 * growth)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated entry counts")
    parser.add_argument("--entries", type=int, help="one size only, e.g. --entries 100000 (not part of CI)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--output", type=Path, default=HERE / "results.json", help="where the table is written")
    parser.add_argument("--only-search", action="store_true",
                        help="the default build's rows only (cold, warm, one change, serve), without targets")
    arguments = parser.parse_args()
    sizes = [arguments.entries] if arguments.entries else [int(n) for n in arguments.sizes.split(",")]
    table = {"cores": os.cpu_count(), "python": sys.version.split()[0], "runs": arguments.runs, "sizes": {}}
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            table["sizes"][size] = bench_size(size, arguments.runs, Path(scratch), only_search=arguments.only_search)
    table["targets"] = [] if arguments.only_search else targets(table)
    arguments.output.write_text(json.dumps(table, indent=2) + "\n")
    print(f"{table['cores']} cores, Python {table['python']}, median of {table['runs']} runs")
    print(f"{'entries':>8}  {'what':<36} {'no search: s':>12} {'MB':>6} {'search: s':>10} {'MB':>6}")
    for size, rows in table["sizes"].items():
        for what, columns in rows.items():
            cells = []
            for column in ("no search", "search"):
                figures = columns.get(column)
                seconds = f"{figures['seconds']:.2f}" if figures else "-"
                peak = f"{figures['peak_mb']:.0f}" if figures and figures["peak_mb"] is not None else "-"
                cells.append((seconds, peak))
            print(f"{size:>8}  {what:<36} {cells[0][0]:>12} {cells[0][1]:>6} {cells[1][0]:>10} {cells[1][1]:>6}")
    print("\n".join(table["targets"]))


if __name__ == "__main__":
    main()
