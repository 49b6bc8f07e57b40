"""Work spread over processes: reading entries and rendering pages use every core.

Workers are forked, so they start with the parent's modules and data; what they are
given is a slice of a list the parent set aside before forking, and what they send
back is plain data (records, errors, bytes). Where fork is missing (Windows), one job
is asked for, or the work is small, the same functions run in this process: the output
is the same.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Sequence

from .errors import UsageError

CHUNKS_PER_JOB = 16  # small slices: no worker waits long for the last one
# Each process gets this many items at least: forking a worker and sending its results back costs
# more than reading or rendering a few dozen pages (a small site builds faster in one process).
MIN_PER_JOB = 20

# What the forked workers read: set by run() just before the pool forks them.
_shared: Any = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(work: Callable[[Any, int, int], Any], shared: Any, count: int, *, jobs: int,
        on_done: Callable[[int], None] | None = None) -> list[Any]:
    """``work(shared, start, stop)`` over slices of range(count), in order, on at most ``jobs``
    processes, each given MIN_PER_JOB items or more. ``on_done(n)`` hears how many items each
    finished slice covered."""
    global _shared
    jobs = min(jobs, count // MIN_PER_JOB) if "fork" in multiprocessing.get_all_start_methods() else 1
    if jobs <= 1:
        result = work(shared, 0, count)
        if on_done:
            on_done(count)
        return [result]
    size = -(-count // (jobs * CHUNKS_PER_JOB))
    slices = [(start, min(start + size, count)) for start in range(0, count, size)]
    _shared = shared
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_in_worker, work, start, stop) for start, stop in slices]
            results = []
            for future, (start, stop) in zip(futures, slices):
                results.append(future.result())
                if on_done:
                    on_done(stop - start)
            return results
    except BrokenProcessPool:
        raise UsageError("a worker process stopped (out of memory?); try fewer --jobs") from None
    finally:
        _shared = None


def _in_worker(work: Callable[[Any, int, int], Any], start: int, stop: int) -> Any:
    return work(_shared, start, stop)


def flatten(results: Sequence[Sequence]) -> list:
    return [item for result in results for item in result]
