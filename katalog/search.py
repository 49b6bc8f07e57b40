"""The search index: Pagefind, run over the rendered pages before they are published."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import UsageError

TIMEOUT_SECONDS = 900


def index(site: Path) -> None:
    """Write Pagefind's index and UI into ``site/pagefind/``; raises UsageError if it cannot.

    Pagefind ships as a binary inside the ``pagefind[bin]`` wheel and runs offline.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
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
