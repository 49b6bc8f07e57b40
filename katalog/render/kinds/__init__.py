"""Every kind of page of the site, each declared once (pages.PageKind), and the site planned from them.

A new kind of page is a declaration in one of these modules (or a new module added to
MODULES) and its template: its groups, planning and what an edit re-plans follow from it.
"""
from __future__ import annotations

from typing import Iterable

from ...content.catalogue import Catalogue
from ..pages import Group, Page, PageKind, refuse_duplicate_urls
from . import agencies, browse, entries, fixed, iid

MODULES = (entries, agencies, browse, fixed, iid)
KINDS: tuple[PageKind, ...] = tuple(kind for module in MODULES for kind in module.KINDS)


def groups(catalogue: Catalogue) -> list[Group]:
    """Every group of pages the catalogue has."""
    return [Group(kind.name, key) for kind in KINDS for key in kind.keys(catalogue)]


def plan_group(catalogue: Catalogue, group: Group) -> list[Page]:
    """The pages of one group; none when the group no longer exists (e.g. a deleted entry)."""
    return next(kind for kind in KINDS if kind.name == group.kind).plan(catalogue, group.key)


def plan(catalogue: Catalogue, only: Iterable[Group] | None = None) -> list[Page]:
    """Every page of the site (or of the groups ``only``), in URL order; two pages with one URL are an error."""
    pages = [page for group in (groups(catalogue) if only is None else only) for page in plan_group(catalogue, group)]
    refuse_duplicate_urls(pages)
    return sorted(pages, key=lambda page: page.url)
