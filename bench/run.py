#!/usr/bin/env python3
"""Time builds of generated catalogues: python bench/run.py [--sizes 1000,10000] [--runs 3].

Each figure is the median wall time of several runs, each in a fresh process,
with the largest peak memory (maximum resident set size) of those runs. The
floor is what any build must pay: reading every entry and converting its body
with the same Markdown settings, in one process. Prints a table and writes it
to bench/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLOOR = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from katalog.markup import MarkdownRenderer
renderer = MarkdownRenderer()
for path in sorted(Path(sys.argv[2], "innovations").glob("*.md")):
    text = path.read_text(encoding="utf-8")
    body = text[text.index("\\n---\\n", 4) + 5:]
    renderer.render(body, path=str(path), first_line=1, own_kind="innovation", own_slug=path.stem)
"""


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one run of ``command``; exits if it fails."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{errors.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


def measure(command: list[str], runs: int) -> dict[str, float]:
    results = [run_once(command) for _ in range(runs)]
    return {"seconds": round(statistics.median(seconds for seconds, _ in results), 3),
            "peak_mb": round(max(peak for _, peak in results), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="catalogue sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    arguments = parser.parse_args()
    python = sys.executable
    table = {"cores": os.cpu_count(), "python": sys.version.split()[0], "runs": arguments.runs, "sizes": {}}
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(n) for n in arguments.sizes.split(",")):
            content, out = Path(scratch, f"content-{size}"), Path(scratch, f"site-{size}")
            subprocess.run([python, str(HERE / "generate.py"), str(size), str(content)], check=True)
            build = [python, "build.py", "--content", str(content), "--out", str(out)]
            table["sizes"][size] = {
                "floor (read + Markdown)": measure([python, "-c", FLOOR, str(ROOT), str(content)], arguments.runs),
                "build (no search)": measure([*build, "--no-search"], arguments.runs),
                "check": measure([python, "build.py", "check", "--content", str(content)], arguments.runs),
                "build + search index": measure(build, arguments.runs),
            }
    (HERE / "results.json").write_text(json.dumps(table, indent=2) + "\n")
    print(f"{table['cores']} cores, Python {table['python']}, median of {table['runs']} runs")
    print(f"{'entries':>8}  {'what':<24} {'seconds':>8} {'peak MB':>8}")
    for size, rows in table["sizes"].items():
        for what, figures in rows.items():
            print(f"{size:>8}  {what:<24} {figures['seconds']:>8.2f} {figures['peak_mb']:>8.1f}")


if __name__ == "__main__":
    main()
