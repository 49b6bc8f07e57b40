"""The search index: Pagefind, made in shards that a change makes again one at a time,
merged into the one index the search page loads.

A Pagefind index of a national catalogue made whole after every change holds every page
in memory (1.3 GB at 10,000 entries) and takes the time of every page. So the
searchable pages (those marked ``data-pagefind-body``) are split into shards by a hash of
their path, and each shard is a Pagefind index of its own, kept in a folder outside the
site (the build cache's, see engine.py). After a change only the shards holding a changed
or deleted page are made again; then search_merge.py joins all of them into the site's
``pagefind/``, the index Pagefind would have made of every page at once. A catalogue of up
to urls.SEARCH_SHARD_ENTRIES entries is one shard.

Pagefind (its binary, from the ``pagefind[bin]`` wheel, offline) runs once per shard
over hard links to that shard's searchable pages only, so it parses no other page and
its memory is bounded by the shard, not by the site. (Its Python API was tried
too: its client waits 0.1 s for every answer, so 50 small pages took 5.2 s.) Should the
shards be of a shape search_merge.py cannot join (another Pagefind version), every page
is indexed in one Pagefind run instead, as before shards.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

from . import precompress as gzip_twins, search_merge
from ..errors import UsageError
from .. import urls

TIMEOUT_SECONDS = 900
SEARCHABLE = b"data-pagefind-body"  # Pagefind's mark; the templates put it on case and agency pages
# Shards made at once. Pagefind keeps about 1.3 cores busy and 170 MB per 1,250 pages; two at
# once took 10,000 entries from 11.1 s to 8.4 s on 2 cores, and bound the memory of any machine.
PARALLEL_SHARDS = 2
KEPT = ".read"  # beside a shard's folder: its reading (search_merge.read_shard), pickled


def shard_of(path: str, shards: int) -> int:
    """The shard of the page at ``path`` (in the output folder): stable across builds."""
    if shards == 1:
        return 0
    return int.from_bytes(hashlib.sha1(path.encode()).digest()[:4], "big") % shards


def shard_count(entries: int) -> int:
    """How many shards a catalogue of ``entries`` has: one up to urls.SEARCH_SHARD_ENTRIES, and a
    power of two beyond, so that a page changes shard only when the catalogue doubles."""
    shards = 1
    while entries > shards * urls.SEARCH_SHARD_ENTRIES:
        shards *= 2
    return shards


@dataclasses.dataclass(frozen=True)
class Refreshed:
    """What bringing the index up to date did."""

    shards: tuple[str, ...] = ()  # the shards made again (their folder names)
    notes: tuple[str, ...] = ()  # what the person building should know, e.g. that the shards could not be merged


def refresh(out: Path, paths: Iterable[str], *, shards: int, work: Path, changed: Iterable[str] | None = None,
            precompress: bool = False) -> Refreshed:
    """Bring the search index in ``out`` up to date with the site's ``paths`` (every file it
    has), keeping ``shards`` shards in ``work``; ``changed`` are the files written or deleted
    since the index was last made (None: all of them). Raises UsageError."""
    pages: list[list[str]] = [[] for _ in range(shards)]
    for path in paths:
        if path.endswith(".html"):
            pages[shard_of(path, shards)].append(path)
    names = [f"shard-{number}" for number in range(shards)]
    stale = _stale_shards(work, names, changed)
    if not stale and (out / urls.SEARCH_INDEX / search_merge.ENTRY).is_file():
        return Refreshed()
    _remove_other_shards(work, names)

    def make(shard: int) -> search_merge.Shard:
        try:
            return _make_shard(out, sorted(pages[shard]), work / names[shard])
        except OSError as error:
            raise UsageError(f"search index: cannot write {work / names[shard]}: {error.strerror or error}: "
                             f"'{error.filename}'") from None

    def kept_or_made(shard: int) -> search_merge.Shard:
        try:
            return _read_kept(work / names[shard])
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            stale.add(shard)  # its reading is lost or of another version of this code: make it again
            return make(shard)

    notes = ()
    try:
        with ThreadPoolExecutor(max_workers=PARALLEL_SHARDS) as pool:
            made = dict(zip(sorted(stale), pool.map(make, sorted(stale))))
        read = [made[number] if number in made else kept_or_made(number) for number in range(shards)]
        search_merge.write_index(read, out / urls.SEARCH_INDEX, precompress=precompress)
    except search_merge.FormatError as error:
        notes = (f"search index made in one run, not from shards ({error})",)
        _index_whole(out, [path for shard in pages for path in shard], precompress=precompress)
    except OSError as error:
        raise UsageError(f"search index: cannot write {urls.SEARCH_INDEX}/: {error.strerror or error}: "
                         f"'{error.filename}'") from None
    return Refreshed(tuple(names[number] for number in sorted(stale)), notes)


def _stale_shards(work: Path, names: list[str], changed: Iterable[str] | None) -> set[int]:
    everything = set(range(len(names)))
    if changed is None:
        return everything
    stale = {number for number in everything if not (work / (names[number] + KEPT)).is_file()}
    stale |= {shard_of(path, len(names)) for path in changed if path.endswith(".html")}
    return stale


def _remove_other_shards(work: Path, names: list[str]) -> None:
    """Remove the shards of another size of catalogue (and whatever else is in ``work``)."""
    try:
        entries = list(os.scandir(work))
    except OSError:
        return
    for entry in entries:
        if entry.name not in names and entry.name.removesuffix(KEPT) not in names:
            shutil.rmtree(entry.path, ignore_errors=True) if entry.is_dir() else os.unlink(entry.path)


def _make_shard(out: Path, paths: list[str], folder: Path) -> search_merge.Shard:
    """Index the searchable ones of ``paths`` into ``folder``, read it, and keep the reading beside it."""
    kept = folder.with_name(folder.name + KEPT)
    kept.unlink(missing_ok=True)  # first: without it, the shard is made again next time
    shutil.rmtree(folder, ignore_errors=True)
    if _index(out, paths, folder):
        shard = search_merge.read_shard(folder)
    else:  # Pagefind refuses a site without pages
        folder.mkdir(parents=True)
        shard = search_merge.Shard(folder=folder, entry={}, languages={})
    with open(kept, "wb") as file:
        pickle.dump(shard, file, protocol=pickle.HIGHEST_PROTOCOL)
    return shard


def _read_kept(folder: Path) -> search_merge.Shard:
    """The reading of the shard in ``folder``, as _make_shard kept it."""
    with open(folder.with_name(folder.name + KEPT), "rb") as file:
        shard = pickle.load(file)
    shard.folder = folder  # the work folder may have moved
    return shard


def _index_whole(out: Path, paths: list[str], *, precompress: bool) -> None:
    """Every searchable page in one Pagefind index, made beside the site's and swapped in."""
    fresh, retired, target = out / f".{urls.SEARCH_INDEX}-new", out / f".{urls.SEARCH_INDEX}-old", out / urls.SEARCH_INDEX
    for folder in (fresh, retired):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        if not _index(out, sorted(paths), fresh):
            raise UsageError("search index: the site has no searchable page (build with --no-search)")
        if precompress:
            gzip_twins.compress_folder(fresh)
        if target.exists():
            os.rename(target, retired)
        os.rename(fresh, target)
    except OSError as error:
        raise UsageError(f"search index: cannot write {urls.SEARCH_INDEX}/: {error.strerror or error}: "
                         f"'{error.filename}'") from None
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def _index(out: Path, paths: list[str], output: Path) -> int:
    """Run Pagefind over the searchable ones of ``paths``: hard links to them, in a folder of
    their own, are its site, so it reads those pages and no others. Returns how many there
    were; with none, Pagefind is not run."""
    pages = output.with_name(output.name + "-pages")
    shutil.rmtree(pages, ignore_errors=True)
    count = 0
    try:
        for path in paths:
            source = out / path
            with open(source, "rb") as file:
                if SEARCHABLE not in file.read():
                    continue
            target = pages / path
            count += 1
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # a disk without hard links
                shutil.copyfile(source, target)
        if count:
            _pagefind(pages, output)
    finally:
        shutil.rmtree(pages, ignore_errors=True)
    return count


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
