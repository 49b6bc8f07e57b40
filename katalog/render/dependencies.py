"""Which pages an edit affects: derived from the page kinds' declarations (kinds/).

Two steps keep an edit cheap at any size of catalogue. ``affected_groups`` names
the groups of pages that may show a changed record: for each kind, the groups that
show the entry before or after the edit, if the edit changed the entry as that
kind's pages see it (``Shows.seen``); only those groups are planned again. Within
them, ``unchanged`` tells which pages really differ: a numbered list page is
rendered again only if its cards or its page links changed.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from ..content import schema
from ..content.catalogue import Catalogue
from . import kinds
from .pages import Group, Page


@dataclasses.dataclass(frozen=True)
class Change:
    """The records an edit added, removed or changed."""

    innovations: frozenset[str] = frozenset()  # slugs
    pages: frozenset[str] = frozenset()  # slugs of free pages
    everything: bool = False  # settings, agencies, awards, indicators, files or the list of free pages


def change_between(old: Catalogue, new: Catalogue, *, innovations: set[str], pages: set[str]) -> Change:
    """What changed from ``old`` to ``new``, given the slugs whose files were touched."""
    # Indicators show on one page only, but change about once a year: not worth a rule of their own.
    everything = (old.settings != new.settings or old.agencies != new.agencies or old.awards != new.awards
                  or old.indicators != new.indicators or old.iid != new.iid or old.files != new.files
                  or _page_titles(old) != _page_titles(new))
    return Change(
        innovations=frozenset(slug for slug in innovations
                              if old.innovation_by_slug.get(slug) != new.innovation_by_slug.get(slug)),
        pages=frozenset(slug for slug in pages if old.page_by_slug.get(slug) != new.page_by_slug.get(slug)),
        everything=everything,
    )


def _page_titles(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [(page.slug, page.title, page.footer) for page in catalogue.pages]  # every page's footer links them


def affected_groups(old: Catalogue, new: Catalogue, change: Change) -> set[Group]:
    """The groups of pages that may differ between ``old`` and ``new``."""
    if change.everything:
        return set(kinds.groups(old)) | set(kinds.groups(new))
    affected = {Group(kind.name, key) for slug in change.pages for kind in kinds.KINDS
                for key in kind.free_page_keys(slug)}
    for slug in change.innovations:
        affected |= showing(old, new, old.innovation_by_slug.get(slug), new.innovation_by_slug.get(slug))
    return affected


def showing(old: Catalogue, new: Catalogue, before: schema.Innovation | None,
            after: schema.Innovation | None) -> set[Group]:
    """The groups that show an innovation that was ``before`` in ``old`` and is ``after`` in ``new``
    (None: it was added or removed), as each kind sees it, where the edit changed what that kind sees."""
    affected: set[Group] = set()
    for kind in kinds.KINDS:
        for shows in kind.shows:
            if before is not None and after is not None and shows.seen(old, before) == shows.seen(new, after):
                continue
            for entry, catalogue in ((before, old), (after, new)):
                if entry is not None:
                    affected.update(Group(kind.name, key) for key in shows.groups(catalogue, entry))
    return affected


def unchanged(page: Page, before: Page | None) -> bool:
    """Whether ``page`` shows exactly what ``before``, the same URL's page last time, showed.

    Such a page renders to the same bytes (pages are pure functions of what they show and
    of templates), so it is skipped. Mappings compare in order (a template may loop over
    one); records by equality, which an edit breaks. The cost stays low at any size: the
    new plan shares the unchanged records and lists of the old, so most compare by identity.
    """
    return before is not None and _shown(page) == _shown(before) and _same(page.context, before.context)


def _shown(page: Page) -> tuple:
    return page.template, page.title, page.description, page.image, page.modified, page.listed


def _same(new: Any, old: Any) -> bool:
    if new is old:
        return True
    if type(new) is not type(old):
        return False
    if type(new) in _RECORDS:
        return new == old  # a changed record is unequal (and its slug is in the change)
    if isinstance(new, (list, tuple)):
        return len(new) == len(old) and all(map(_same, new, old))
    if isinstance(new, Mapping):
        return len(new) == len(old) and all(new_key == old_key and _same(new_value, old_value) for (
            new_key, new_value), (old_key, old_value) in zip(new.items(), old.items()))
    if dataclasses.is_dataclass(new):
        return all(_same(getattr(new, field.name), getattr(old, field.name)) for field in dataclasses.fields(new))
    return new == old


_RECORDS = frozenset({schema.Innovation, schema.Page, schema.Agency, schema.Award, schema.Settings})
