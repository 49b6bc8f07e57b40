"""The kinds of page about innovations: the home page, the list of all, the case page, replications."""
from __future__ import annotations

import bisect
import dataclasses
import datetime
import heapq
from collections import Counter
from types import MappingProxyType
from typing import Sequence

from ... import urls
from ...content import completeness, schema
from ...content.catalogue import Catalogue
from .. import jsonld, readiness, repository
from ..pages import EVERYTHING, LISTED, Page, PageKind, Shows, page_at, paginated, with_context
from .fixed import REPLICATIONS_PAGE, text_page

HOME_LIST_SIZE = 6
_NO_DATE = datetime.date.min


def home(catalogue: Catalogue, key: None) -> list[Page]:
    awarded = [entry for entry in catalogue.innovations if entry.awards]
    shown = {entry.slug for entry in awarded[:HOME_LIST_SIZE]}
    # The most recent, enough of them to leave HOME_LIST_SIZE once the awarded ones are taken out (= sorted(...)).
    recent = heapq.nsmallest(2 * HOME_LIST_SIZE, catalogue.innovations, key=lambda e: (
        -(e.updated or _NO_DATE).toordinal(), -(e.year or 0), e.title.casefold(), e.slug))
    recent = [entry for entry in recent if entry.slug not in shown]  # a phone screen is short: no card twice
    return [page_at(urls.HOME, "home.html", catalogue.settings.title,
                    counts={"innovations": len(catalogue.innovations), "agencies": len(catalogue.by_agency),
                            "awards": len(catalogue.awards)},
                    recent=recent[:HOME_LIST_SIZE], awarded=awarded[:HOME_LIST_SIZE], awarded_total=len(awarded))]


def every_innovation(catalogue: Catalogue, key: None) -> list[Page]:
    return paginated(urls.INNOVATIONS, "list.html", "Semua inovasi", catalogue.innovations, parent=None)


def case_page(catalogue: Catalogue, slug: str) -> list[Page]:
    """An innovation's case page and a redirect at each of its old addresses."""
    entry = catalogue.innovation_by_slug.get(slug)
    if entry is None:
        return []
    agency = catalogue.agency_by_id[entry.agency]
    awards = sorted((catalogue.award_by_id[award] for award in entry.awards), key=lambda a: (-a.year, a.name))
    url = urls.innovation(entry.slug)
    page = page_at(
        url, "innovation.html", entry.title, entry=entry, agency=agency,
        partners=[catalogue.agency_by_id[partner] for partner in entry.partners], awards=awards,
        undocumented=completeness.missing(entry), related=related(catalogue, entry),
        evidence=readiness.evidence_groups(entry, catalogue.iid), status=readiness.status_text(entry.status),
        structured_data=jsonld.innovation(entry, agency=agency, awards=awards, settings=catalogue.settings),
        source_links=repository.page_links(catalogue.settings, source=f"innovations/{entry.slug}.md",
                                           title=entry.title, url=url),
    )
    page = dataclasses.replace(page, modified=entry.updated, description=entry.summary, image=entry.image or "")
    return [page, *_redirects(entry)]


def _redirects(entry: schema.Innovation) -> list[Page]:
    """A small page at each old URL of the entry that sends readers on to it."""
    return [Page(url=alias, template="redirect.html", title=entry.title,
                 context=MappingProxyType({"target": urls.innovation(entry.slug)}),
                 origin=(entry.origin.path, entry.origin.line_of(f"aliases.{index}")), listed=False)
            for index, alias in enumerate(entry.aliases)]


RELATED_COUNT = 4
RELATED_POOL = 40  # candidates taken from each shared list, so the cost does not grow with the catalogue


def related(catalogue: Catalogue, entry: schema.Innovation) -> list[tuple[schema.Innovation, str]]:
    """Up to four other innovations sharing the agency, sector or tags, each with the reason."""
    agency = catalogue.agency_by_id[entry.agency]
    reasons: dict[str, list[str]] = {}
    scores: Counter = Counter()
    shared = [(catalogue.by_agency.get(entry.agency, ()), 3, f"sama-sama dari {agency.short}")]
    if entry.sector:
        shared.append((catalogue.by_sector.get(entry.sector, ()), 2,
                       f"urusan yang sama: {entry.sector.replace('-', ' ')}"))
    shared += [(catalogue.by_tag.get(tag, ()), 1, f"tag yang sama: {tag}") for tag in entry.tags]
    for candidates, weight, reason in shared:
        for other in _near(candidates, entry):
            scores[other.slug] += weight
            reasons.setdefault(other.slug, []).append(reason)
    best = heapq.nsmallest(RELATED_COUNT, scores, key=lambda slug: (  # = sorted(...)[:RELATED_COUNT]
        -scores[slug], catalogue.innovation_by_slug[slug].title.casefold(), slug))
    return [(catalogue.innovation_by_slug[slug], "; ".join(reasons[slug])) for slug in best]


def _near(candidates: Sequence[schema.Innovation], entry: schema.Innovation) -> list[schema.Innovation]:
    """Up to RELATED_POOL candidates other than ``entry``: those after it in title order, then from the start."""
    after = bisect.bisect_right(candidates, _order(entry), key=_order)  # the lists are in catalogue order
    pool = list(candidates[after:after + RELATED_POOL])
    pool += candidates[:min(RELATED_POOL - len(pool), after)]
    return [other for other in pool if other.slug != entry.slug]


def related_to(catalogue: Catalogue, entry: schema.Innovation) -> set[str]:
    """The slugs of the innovations whose related() may list ``entry``: the inverse of _near.
    Those up to RELATED_POOL before it in a list they share, and, because a pool wraps
    around to the start, the last ones of a list where it is near the start."""
    shared = [catalogue.by_agency.get(entry.agency, ()), catalogue.by_sector.get(entry.sector or "", ()),
              *(catalogue.by_tag.get(tag, ()) for tag in entry.tags)]
    found: set[str] = set()
    for candidates in shared:
        at = bisect.bisect_left(candidates, _order(entry), key=_order)
        found.update(other.slug for other in candidates[max(0, at - RELATED_POOL):at])
        if at < RELATED_POOL:
            found.update(other.slug for other in candidates[max(0, len(candidates) - RELATED_POOL - 1 + at):])
    found.discard(entry.slug)
    return found


def _order(entry: schema.Innovation) -> tuple[str, str]:
    return entry.title.casefold(), entry.slug


def replications(catalogue: Catalogue, key: None) -> list[Page]:
    """Every replication of every innovation, under the free page pages/replikasi.md when there is one."""
    text = catalogue.page_by_slug.get(REPLICATIONS_PAGE)
    every = catalogue.replications()
    if text is None:
        return [page_at(urls.REPLICATIONS, "replications.html", "Replikasi dan studi tiru", free_page=None,
                        source_links=None, replications=every)]
    page = text_page(catalogue, text)
    return [dataclasses.replace(with_context(page, replications=every), template="replications.html")]


KINDS = (
    PageKind("home", "home.html", home, shows=(Shows(LISTED),)),
    PageKind("innovations", "list.html", every_innovation, shows=(Shows(LISTED),)),
    PageKind("innovation", "innovation.html", case_page,
             keys=lambda catalogue: (entry.slug for entry in catalogue.innovations),
             shows=(dataclasses.replace(EVERYTHING, groups=lambda catalogue, entry: (entry.slug,)),
                    Shows(LISTED, lambda catalogue, entry: related_to(catalogue, entry)))),
    PageKind("replications", "replications.html", replications,
             shows=(Shows(LISTED, lambda catalogue, entry: (None,) if entry.replications else ()),),
             free_page_keys=lambda slug: (None,) if slug == REPLICATIONS_PAGE else ()),
)
