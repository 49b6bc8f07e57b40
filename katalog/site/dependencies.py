"""Which pages an edit affects: the rules the dev server follows to re-render only those.

Two steps keep an edit cheap at any size of catalogue. ``affected_groups`` names
the groups of pages (pages.groups) that may show a changed record; only they are
planned again. Within them, ``unchanged`` tells which pages really differ: a
numbered list page is rendered again only if its cards or its page links changed.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from . import urls
from ..content import completeness, schema
from ..content.catalogue import LISTED_FIELDS, Catalogue
from .pages import FACET_FOLDERS, Group, Page, group_of_page, groups, related_to



@dataclasses.dataclass(frozen=True)
class Change:
    """The records an edit added, removed or changed."""

    innovations: frozenset[str] = frozenset()  # slugs
    pages: frozenset[str] = frozenset()  # slugs of free pages
    everything: bool = False  # settings, agencies, awards, indicators, files or the list of free pages


def change_between(old: Catalogue, new: Catalogue, *, innovations: set[str], pages: set[str]) -> Change:
    """What changed from ``old`` to ``new``, given the slugs whose files were touched."""
    # Indicators show on one page only, but change about once a year: not worth a rule of their own.
    everything = (old.site != new.site or old.agencies != new.agencies or old.awards != new.awards
                  or old.indicators != new.indicators or old.files != new.files
                  or _page_titles(old) != _page_titles(new))
    return Change(
        innovations=frozenset(slug for slug in innovations
                              if old.innovation_by_slug.get(slug) != new.innovation_by_slug.get(slug)),
        pages=frozenset(slug for slug in pages if old.page_by_slug.get(slug) != new.page_by_slug.get(slug)),
        everything=everything,
    )


def _page_titles(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [(page.slug, page.title) for page in catalogue.pages]  # every page's footer links them


def affected_groups(old: Catalogue, new: Catalogue, change: Change) -> set[Group]:
    """The groups of pages that may differ between ``old`` and ``new``."""
    if change.everything:
        return set(groups(old)) | set(groups(new))
    affected: set[Group] = {group_of_page(slug) for slug in change.pages}
    for slug in change.innovations:
        affected.add(("innovation", slug))
        before, after = old.innovation_by_slug.get(slug), new.innovation_by_slug.get(slug)
        if before is None or after is None or _names(before) != _names(after):
            affected.add(("search",))  # it counts the entries and links the list of their names (search_names.py)
        affected |= _completeness_showing(before, after)
        if before is not None and after is not None and _listed(before) == _listed(after):
            continue  # only its own page shows what changed
        counted = before is None or after is None or any(
            getattr(before, name) != getattr(after, name) for name in LISTED_FIELDS if name not in CARD_ONLY_FIELDS)
        for entry, catalogue in ((before, old), (after, new)):
            if entry is not None:
                affected |= lists_showing(catalogue, entry, counted=counted)
    return affected


# Listed fields that only cards and related lists show (and sort by): no count, chart or
# index of terms changes with them, so the pages that only count entries are left alone.
CARD_ONLY_FIELDS = frozenset({"title", "summary"})


def _completeness_showing(before: schema.Innovation | None, after: schema.Innovation | None) -> set[Group]:
    """The completeness pages of the entry's agency (before and after) when its row changes, and when its
    agency's totals change, the summary and the agency's page (which shows its share)."""
    rows = [completeness.of_entry(entry) for entry in (before, after) if entry is not None]
    if len(rows) == 2 and rows[0] == rows[1]:
        return set()
    agencies = {row.agency for row in rows}
    affected: set[Group] = {("completeness", agency) for agency in agencies}  # its row: title and checks
    if len(rows) < 2 or (rows[0].agency, rows[0].passed) != (rows[1].agency, rows[1].passed):
        affected |= {("completeness",), *(("agency", agency) for agency in agencies)}
    return affected


def _names(entry: schema.Innovation) -> tuple:
    return entry.title, entry.also_known_as


def _listed(entry: schema.Innovation) -> tuple:
    return tuple(getattr(entry, name) for name in LISTED_FIELDS)


def lists_showing(catalogue: Catalogue, entry: schema.Innovation, *, counted: bool = True) -> set[Group]:
    """The groups whose pages list, count or relate ``entry``; without ``counted``, only
    those that show its card or relate it (its counts are as they were)."""
    shown: set[Group] = {("home",), ("list",), ("agency", entry.agency),
                         *(("agency", partner) for partner in entry.partners), *(("award", award) for award in entry.awards)}
    if counted:
        shown |= {("agencies",), ("awards",), *((folder,) for folder in FACET_FOLDERS),
                  ("statistics",)}  # counts every entry by agency, stage, type, sector and year
        # An award's page counts the recipients of every year of its programme (awards of the same name).
        names = {catalogue.award_by_id[award].name for award in entry.awards if award in catalogue.award_by_id}
        shown |= {("award", award.id) for award in catalogue.awards if award.name in names}
    for folder, key in ((urls.SECTORS, entry.sector), (urls.YEARS, entry.year), (urls.STAGES, entry.stage),
                        (urls.TYPES, entry.type), (urls.FORMS, entry.form)):
        if key is not None:
            shown.add((folder, key))
    if entry.replications:
        shown.add(("replications",))
    shown |= {("innovation", slug) for slug in related_to(catalogue, entry)}
    return shown


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


_RECORDS = frozenset({schema.Innovation, schema.Page, schema.Agency, schema.Award, schema.Site})
