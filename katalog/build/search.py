"""The search index: Pagefind, in shards that a change rebuilds one at a time.

A single Pagefind index of a national catalogue is rebuilt whole after every change
and holds every page in memory while it is made (1.3 GB at 10,000 entries). So the
searchable pages (those marked ``data-pagefind-body``) are split into shards by a hash
of their path; each shard is a Pagefind bundle of its own (``pagefind/``,
``pagefind-1/``, ..., see urls.search_bundles), and the search page merges them
(Pagefind's ``mergeIndex``). After a change only the shards holding a changed or
deleted page are made again, each in a folder beside the one in use that then takes
its place, so a search never loads half a shard. A catalogue of up to
urls.SEARCH_SHARD_ENTRIES entries is one shard, laid out as a single index always was.

Pagefind (its binary, from the ``pagefind[bin]`` wheel, offline) runs once per shard
over hard links to that shard's searchable pages only, so it parses no other page and
its memory is bounded by the shard, not by the site. (Its Python API was tried
too: its client waits 0.1 s for every answer, so 50 small pages took 5.2 s.)
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

from . import precompress as gzip_twins, search_canonical
from ..errors import UsageError
from ..site import urls

TIMEOUT_SECONDS = 900
SEARCHABLE = b"data-pagefind-body"
# Shards made at once. Pagefind keeps about 1.3 cores busy and 170 MB per 1,250 pages; two at
# once took 10,000 entries from 11.1 s to 8.4 s on 2 cores, and bound the memory of any machine.
PARALLEL_SHARDS = 2  # Pagefind's mark; the templates put it on case and agency pages


def shard_of(path: str, shards: int) -> int:
    """The shard of the page at ``path`` (in the output folder): stable across builds."""
    if shards == 1:
        return 0
    return int.from_bytes(hashlib.sha1(path.encode()).digest()[:4], "big") % shards


def refresh(out: Path, paths: Iterable[str], *, bundles: tuple[str, ...], changed: Iterable[str] | None = None,
            precompress: bool = False) -> list[str]:
    """Bring the search index in ``out`` up to date with the site's ``paths`` (every file
    it has); ``changed`` are the files written or deleted since the index was last made
    (None: all of them). Returns the bundle folders made again or removed. Raises UsageError."""
    pages: list[list[str]] = [[] for _ in bundles]
    for path in paths:
        if path.endswith(".html"):
            pages[shard_of(path, len(bundles))].append(path)
    stale = _stale_shards(out, bundles, changed)
    removed = _other_bundles(out, bundles)  # the shards of another size of catalogue
    for folder in removed:
        shutil.rmtree(out / folder, ignore_errors=True)

    def make(shard: int) -> None:
        try:
            _make_bundle(out, bundles[shard], sorted(pages[shard]), ui=shard == 0, precompress=precompress)
        except OSError as error:
            raise UsageError(f"search index: cannot write {bundles[shard]}/: {error.strerror or error}: "
                             f"'{error.filename}'") from None

    with ThreadPoolExecutor(max_workers=PARALLEL_SHARDS) as pool:
        list(pool.map(make, sorted(stale)))
    return [*(bundles[shard] for shard in sorted(stale)), *removed]


def _stale_shards(out: Path, bundles: tuple[str, ...], changed: Iterable[str] | None) -> set[int]:
    everything = set(range(len(bundles)))
    if changed is None or set(_other_bundles(out, bundles)):
        return everything
    stale = {shard for shard in everything if not (out / bundles[shard] / search_canonical.ENTRY).is_file()}
    stale |= {shard_of(path, len(bundles)) for path in changed if path.endswith(".html")}
    return stale


def _other_bundles(out: Path, bundles: tuple[str, ...]) -> list[str]:
    """Bundle folders in ``out`` that are not among ``bundles``."""
    try:
        names = [entry.name for entry in os.scandir(out) if entry.is_dir()]
    except OSError:
        return []
    return sorted(name for name in names if urls.is_search_bundle(name) and name not in bundles)


def _make_bundle(out: Path, bundle: str, paths: list[str], *, ui: bool, precompress: bool) -> None:
    """Index the searchable ones of ``paths`` into ``out/bundle``, made beside it and swapped in."""
    fresh, retired = out / f".{bundle}-new", out / f".{bundle}-old"
    for folder in (fresh, retired):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        _index(out, paths, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if not ui:  # the search page loads Pagefind's scripts and styles from the first bundle only
        for entry in fresh.iterdir():
            if entry.is_file() and entry.name.startswith("pagefind-") and entry.suffix in (".js", ".css"):
                entry.unlink()
    # Pagefind writes its filter and meta indexes in a random order (its issue #638), so two
    # builds would differ there; put them in one order. An index of another shape stays as it is.
    left_as_is = search_canonical.canonicalise(fresh)
    if left_as_is:
        print(f"note: search index left as Pagefind wrote it, so two builds may differ in {bundle}/ ({left_as_is})",
              file=sys.stderr)
    if precompress:
        gzip_twins.compress_folder(fresh)
    target = out / bundle
    if target.exists():
        os.rename(target, retired)
    os.rename(fresh, target)
    shutil.rmtree(retired, ignore_errors=True)


def _index(out: Path, paths: list[str], output: Path) -> None:
    """Run Pagefind over the searchable ones of ``paths``: hard links to them, in a folder of
    their own, are its site, so it reads those pages and no others."""
    pages = output.with_name(output.name + "-pages")
    shutil.rmtree(pages, ignore_errors=True)
    try:
        for path in paths:
            source = out / path
            with open(source, "rb") as file:
                if SEARCHABLE not in file.read():
                    continue
            target = pages / path
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # a disk without hard links
                shutil.copyfile(source, target)
        pages.mkdir(exist_ok=True)
        _pagefind(pages, output)
    finally:
        shutil.rmtree(pages, ignore_errors=True)


def _pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise UsageError(f"search index: Pagefind took more than {TIMEOUT_SECONDS} s") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        if "No module named pagefind" in result.stderr:
            raise UsageError("search index: Pagefind is not installed (pip install 'pagefind[bin]'), "
                             "or build with --no-search")
        raise UsageError("search index: Pagefind failed: " + (detail[-1] if detail else f"exit {result.returncode}"))
