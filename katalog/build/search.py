"""The search index: Pagefind, run over the rendered pages before they are published."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import precompress as gzip_twins, search_canonical
from ..errors import UsageError

TIMEOUT_SECONDS = 900


def index(site: Path, *, precompress: bool = False) -> None:
    """Write Pagefind's index and UI into ``site/pagefind/``; raises UsageError if it cannot.
    ``precompress`` adds a .gz twin of each of its text files.

    Pagefind ships as a binary inside the ``pagefind[bin]`` wheel and runs offline.
    """
    _pagefind(site, site / "pagefind", precompress)


def refresh(site: Path, *, precompress: bool = False) -> None:
    """Index ``site`` again while it is being served: into a folder beside the index in
    use, which then takes its place, so the search page never loads half an index."""
    fresh, retired = site / ".pagefind-new", site / ".pagefind-old"
    for folder in (fresh, retired):
        shutil.rmtree(folder, ignore_errors=True)
    _pagefind(site, fresh, precompress)
    if (site / "pagefind").exists():
        os.rename(site / "pagefind", retired)
    os.rename(fresh, site / "pagefind")
    shutil.rmtree(retired, ignore_errors=True)


def _pagefind(site: Path, output: Path, precompress: bool) -> None:
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
    # Pagefind writes its filter and meta indexes in a random order (its issue #638), so two
    # builds would differ there; put them in one order. An index of another shape stays as it is.
    left_as_is = search_canonical.canonicalise(output)
    if left_as_is:
        print(f"note: search index left as Pagefind wrote it, so two builds may differ in pagefind/ ({left_as_is})",
              file=sys.stderr)
    if precompress:
        gzip_twins.compress_folder(output)
