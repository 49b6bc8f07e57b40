#!/usr/bin/env python3
"""Time builds of generated catalogues: python bench/run.py [--sizes 1000,10000] [--runs 3].

For each size: the floor (reading every entry and converting its body with the same
Markdown settings, in one process), a cold build (no cache, every core), a warm build
(cached, nothing changed), a build after one entry changed (cached), check (no
cache), a cold and a one-change build with --precompress, the one-entry edit in `serve` until the reload message, and the search index
on its own. Search is left out of every other figure. Each figure is the median of
several runs in fresh processes; peak memory is the largest total of the build's
processes (proportional set size, so memory the workers share is counted once).
Prints one table, checks it against the targets, and writes bench/results.json.
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


def bench_size(size: int, runs: int, scratch: Path) -> dict[str, dict]:
    content, out, cache = scratch / f"content-{size}", scratch / f"site-{size}", scratch / f"cache-{size}"
    generate(size, content)
    python = sys.executable
    build = [python, "build.py", "--content", str(content), "--out", str(out), "--no-search", "--cache", str(cache)]
    entry = content / "innovations" / "inovasi-00007.md"

    def edit_one_entry(run: int) -> None:
        entry.write_text(entry.read_text(encoding="utf-8") + f"\nKalimat tambahan {time.time_ns()}.\n",
                         encoding="utf-8")

    rows = {
        "floor (read + Markdown, 1 process)": measure([python, str(HERE / "floor.py"), str(content)], runs),
        "cold build": measure([*build, "--no-cache"], runs),
    }
    run_once(build)  # fills the cache
    rows["warm build (nothing changed)"] = measure(build, runs)
    rows["build after one entry changed"] = measure(build, runs, before=edit_one_entry)
    rows["check"] = measure([python, "build.py", "check", "--content", str(content), "--no-cache"], runs)
    # --precompress (the city's server): its own output folder and cache, so the rows above stay as they were.
    compressed = [python, "build.py", "--content", str(content), "--out", str(scratch / f"site-gz-{size}"),
                  "--no-search", "--cache", str(scratch / f"cache-gz-{size}"), "--precompress"]
    rows["cold build, --precompress"] = measure([*compressed, "--no-cache"], runs)
    run_once(compressed)  # fills its cache
    rows["one entry changed, --precompress"] = measure(compressed, runs, before=edit_one_entry)
    rows["search index alone (Pagefind)"] = measure([python, "-m", "pagefind", "--site", str(out), "--silent"], runs)
    edits = time_edits(content, max(runs, 5), scratch / f"serve-{size}")
    rows["serve: one-entry edit to reload"] = {"seconds": edits["body edit: save to reload message, ms"] / 1000,
                                               "peak_mb": None}
    return rows


def targets(table: dict) -> list[str]:
    """The performance targets, each with its figure and whether it is met."""
    cores = table["cores"]
    largest = table["sizes"][max(table["sizes"])]
    lines = []

    def check(what: str, ok: bool) -> None:
        lines.append(f"{'met    ' if ok else 'NOT met'}  {what}")

    cold, floor = largest["cold build"]["seconds"], largest["floor (read + Markdown, 1 process)"]["seconds"]
    check(f"cold build {cold:.2f} s <= 1.3 x floor / cores = {1.3 * floor / cores:.2f} s", cold <= 1.3 * floor / cores)
    for row in ("warm build (nothing changed)", "build after one entry changed"):
        check(f"{row} {largest[row]['seconds']:.2f} s < 2 s", largest[row]["seconds"] < 2)
    peak = max(figures["peak_mb"] or 0 for row, figures in largest.items() if "search" not in row)
    check(f"peak memory {peak:.0f} MB < 600 MB (search excluded)", peak < 600)
    if len(table["sizes"]) > 1:
        smallest = table["sizes"][min(table["sizes"])]
        ratio = largest["cold build"]["seconds"] / smallest["cold build"]["seconds"]
        growth = max(table["sizes"]) / min(table["sizes"])
        check(f"cold build grows {ratio:.1f}x for {growth:.0f}x the entries (at most {1.1 * growth:.0f}x)",
              ratio <= 1.1 * growth)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated entry counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    arguments = parser.parse_args()
    table = {"cores": os.cpu_count(), "python": sys.version.split()[0], "runs": arguments.runs, "sizes": {}}
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(n) for n in arguments.sizes.split(",")):
            table["sizes"][size] = bench_size(size, arguments.runs, Path(scratch))
    table["targets"] = targets(table)
    (HERE / "results.json").write_text(json.dumps(table, indent=2) + "\n")
    print(f"{table['cores']} cores, Python {table['python']}, median of {table['runs']} runs")
    print(f"{'entries':>8}  {'what':<36} {'seconds':>8} {'peak MB':>8}")
    for size, rows in table["sizes"].items():
        for what, figures in rows.items():
            peak = f"{figures['peak_mb']:>8.0f}" if figures["peak_mb"] is not None else f"{'-':>8}"
            print(f"{size:>8}  {what:<36} {figures['seconds']:>8.2f} {peak}")
    print("\n".join(table["targets"]))


if __name__ == "__main__":
    main()
