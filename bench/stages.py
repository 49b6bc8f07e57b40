#!/usr/bin/env python3
"""Where a cold build's time goes: python bench/stages.py [--size N] [--catalogue DIR].

Runs each stage of a cold build once, in one process, and prints its CPU and wall
seconds (writing also waits on the disk) beside the CPU seconds of the floor
(floor.py). A cold build on C cores can only be as fast as (floor + everything
else) / C, plus the stages that run in one process whatever C is; this table
shows how large "everything else" is.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from floor import floor  # noqa: E402
from generate import generate  # noqa: E402
from katalog.engine import write  # noqa: E402
from katalog.render import feeds, kinds, templates as render
from katalog.content.catalogue import build_catalogue  # noqa: E402
from katalog.content.load import load  # noqa: E402


def stages(content: Path, scratch: Path) -> list[tuple[str, float, float, str]]:
    """(stage, CPU seconds, wall seconds, how it runs in a build) for each stage of a cold build."""
    rows = []

    def timed(name: str, runs_on: str, work):
        cpu, wall = time.process_time(), time.perf_counter()
        result = work()
        rows.append((name, time.process_time() - cpu, time.perf_counter() - wall, runs_on))
        return result

    timed("floor: read + Markdown", "all cores", lambda: floor(content))
    loaded = timed("read: Markdown, YAML, schema", "all cores", lambda: load(content, shown_as="content"))
    catalogue = timed("catalogue", "1 process", lambda: build_catalogue(loaded))
    planned = timed("plan pages (related entries...)", "1 process",
                    lambda: [page for group in kinds.groups(catalogue) for page in kinds.plan_group(catalogue, group)])
    templates = ROOT / "templates"
    outputs = timed("render pages (Jinja)", "all cores", lambda: render.render_pages(
        sorted(planned, key=lambda page: page.url), catalogue=catalogue, templates=templates,
        assets=render.static_assets(templates)))
    outputs += timed("open data, feed, sitemap", "1 process",
                     lambda: feeds.open_data(catalogue, {}) + feeds.listings(catalogue, planned, source_date_epoch=None)[0])
    out = scratch / "site"
    for name in ("write (first build)", "write again (same pages)"):
        timed(name, "1 process", lambda: write.write_site(out, outputs, render.static_files(templates)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="entries to generate (default 10000)")
    parser.add_argument("--catalogue", type=Path, help="time this content folder instead of a generated one")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        content = arguments.catalogue or Path(scratch, "content")
        if not arguments.catalogue:
            generate(arguments.size, content)
        rows = stages(content, Path(scratch))
    floor_seconds = rows[0][1]
    print(f"{'stage':<34} {'CPU s':>7} {'wall s':>7} {'x floor':>8}  runs on")
    for name, cpu, wall, runs_on in rows:
        print(f"{name:<34} {cpu:>7.2f} {wall:>7.2f} {cpu / floor_seconds:>8.2f}  {runs_on}")
    beyond = sum(cpu for name, cpu, _, _ in rows[1:] if name != "write again (same pages)") - floor_seconds
    print(f"{'a cold build beyond the floor':<34} {beyond:>7.2f} {'':>7} {beyond / floor_seconds:>8.2f}")


if __name__ == "__main__":
    main()
