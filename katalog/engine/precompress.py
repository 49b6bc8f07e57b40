"""Gzip copies of the site's text files, for servers that send a file's ``.gz``
twin to browsers that accept it (nginx's gzip_static, GitLab Pages): compressed
once at build time, at the best level, instead of on every request.

The copies are byte-identical across builds: no time and no file name in the
gzip header.
"""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterable

from ..outputs import CopiedFile, OutputFile

# Files a browser reads as text. Pagefind's index files are gzip already, images and PDFs compressed.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".csv", ".svg", ".webmanifest"})
SMALLEST = 1024  # below this, the headers weigh more than what compression saves


def compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def worth_compressing(path: str, size: int) -> bool:
    return size > SMALLEST and Path(path).suffix.lower() in TEXT_SUFFIXES


def compressed_outputs(outputs: Iterable[OutputFile], copies: Iterable[CopiedFile],
                       taken: frozenset[str] = frozenset()) -> list[OutputFile]:
    """The ``.gz`` twin of every output and copied file that is worth compressing,
    except where the site already has a file of that name (``taken``)."""
    twins = [OutputFile(output.path + ".gz", compress(output.data)) for output in outputs
             if worth_compressing(output.path, len(output.data))]
    for copy in copies:
        if Path(copy.path).suffix.lower() in TEXT_SUFFIXES:
            data = copy.source.read_bytes()
            if worth_compressing(copy.path, len(data)):
                twins.append(OutputFile(copy.path + ".gz", compress(data)))
    return [twin for twin in twins if twin.path not in taken]


def compress_folder(folder: Path) -> None:
    """Write the twin of every text file under ``folder`` (a fresh folder Pagefind wrote)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and worth_compressing(path.name, path.stat().st_size):
            path.with_name(path.name + ".gz").write_bytes(compress(path.read_bytes()))
