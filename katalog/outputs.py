"""What a build hands to the output folder: files made in memory, and files copied as they are."""
from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class OutputFile:
    """A file of the site: its path inside the output directory and its bytes."""

    path: str
    data: bytes


@dataclasses.dataclass(frozen=True)
class CopiedFile:
    """A file copied as it is from ``source`` (content files, static assets)."""

    path: str
    source: Path
