"""The build, stage by stage: load, check, plan, render; writing only when all passed."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from . import feeds
from .catalogue import Catalogue, build_catalogue
from .errors import BuildFailed, ContentError
from .load import load
from .pages import plan
from .render import CopiedFile, OutputFile, content_files, render_pages, static_files


@dataclasses.dataclass(frozen=True)
class Site:
    """A rendered site, ready to write."""

    catalogue: Catalogue
    outputs: tuple[OutputFile, ...]
    copies: tuple[CopiedFile, ...]
    notes: tuple[str, ...] = ()  # things the person building should know; not errors


def build(*, content: Path, content_shown_as: str, templates: Path, include_drafts: bool = False,
          base_url: str | None = None, source_date_epoch: int | None = None, search: bool = True) -> Site:
    """Everything up to writing; raises BuildFailed with every error found."""
    records = load(content, shown_as=content_shown_as, include_drafts=include_drafts)
    if base_url is not None:
        records = dataclasses.replace(records, site=dataclasses.replace(records.site, base_url=base_url))
    catalogue = build_catalogue(records)
    pages = plan(catalogue)
    outputs = render_pages(pages, catalogue=catalogue, templates=templates, search=search)
    other_files, notes = feeds.outputs(catalogue, pages, source_date_epoch=source_date_epoch)
    outputs += other_files
    copies = static_files(templates) + content_files(catalogue, content)
    _refuse_path_conflicts([output.path for output in outputs] + [copy.path for copy in copies])
    return Site(catalogue=catalogue, outputs=tuple(outputs), copies=tuple(copies), notes=tuple(notes))


def _refuse_path_conflicts(paths: list[str]) -> None:
    """A file may not also be needed as a folder (e.g. an alias under a copied file)."""
    files = set(paths)
    conflicts = sorted({path for path in paths for parent in _parents(path) if parent in files})
    if conflicts:
        raise BuildFailed([ContentError("content", 0, f"output '{path}' needs a folder where a file already is",
                                        "remove the alias or rename the file") for path in conflicts])


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
