"""The kinds of page about agencies and awards: their indexes, one page each, and completeness."""
from __future__ import annotations

import dataclasses

from ... import urls
from ...content import completeness, schema
from ...content.catalogue import Catalogue
from .. import statistics
from ..pages import COUNTED, LISTED, Page, PageKind, Shows, counts, page_at, paginated, with_context

# The free page the completeness page links to for how to fill in what is missing.
GUIDE_PAGE = "panduan-editor"
# Rows of an agency's completeness table per page: each is about 0.7 KB, so a page stays near 40 KB.
COMPLETENESS_PAGE_SIZE = 50


def agencies(catalogue: Catalogue, key: None) -> list[Page]:
    return [page_at(urls.AGENCIES, "agencies.html", "Perangkat daerah dan BUMD", agencies=catalogue.agencies,
                    counts=counts(catalogue.by_agency))]


def agency(catalogue: Catalogue, agency_id: str) -> list[Page]:
    record = catalogue.agency_by_id.get(agency_id)
    if record is None:
        return []
    pages = paginated(
        urls.agency(record.id), "agency.html", record.name, catalogue.by_agency.get(record.id, ()),
        agency=record, parent=catalogue.agency_by_id.get(record.parent or ""),
        units=catalogue.units_of.get(record.id, ()), partner_of=catalogue.by_partner.get(record.id, ()),
        figures=(), completeness=None,
    )
    share = completeness.of_agency(catalogue, record.id)  # its share, linked to its completeness pages
    # By stage and year, and its share, on the first page only.
    first = with_context(pages[0], figures=statistics.agency_figures(catalogue, record.id),
                         completeness=share.percent if share else None)
    return [first, *pages[1:]]


def completeness_summary(catalogue: Catalogue, key: None) -> list[Page]:
    """What complete means, and per agency (lowest share first) its totals and how many of its entries
    pass each check; the entries themselves are on each agency's own pages."""
    items = tuple(item.summary() for item in completeness.by_agency(catalogue))
    present, total = sum(item.present for item in items), sum(item.total for item in items)
    page = page_at(urls.COMPLETENESS, "kelengkapan.html", "Kelengkapan Dokumentasi", checks=completeness.CHECKS,
                   agencies=items, guide=catalogue.page_by_slug.get(GUIDE_PAGE), present=present, total=total,
                   percent=completeness.percent(present, total), entries=sum(item.entries for item in items),
                   complete=sum(item.complete for item in items))
    return [dataclasses.replace(page, description="Bidang dan bagian yang sudah dan belum terdokumentasi, "
                                                  "menurut perangkat daerah.")]


def agency_completeness(catalogue: Catalogue, agency_id: str) -> list[Page]:
    """Which checks each entry of one agency passes, most gaps first, in numbered pages; none without entries."""
    item = completeness.of_agency(catalogue, agency_id)
    if item is None:
        return []
    pages = paginated(urls.completeness(agency_id), "kelengkapan-opd.html",
                      f"Kelengkapan Dokumentasi {item.agency.short}", item.entries, size=COMPLETENESS_PAGE_SIZE,
                      checks=completeness.CHECKS, summary=item.summary())
    return [dataclasses.replace(page, description=f"Bidang dan bagian yang sudah dan belum terdokumentasi pada "
                                                  f"setiap inovasi {item.agency.name}.") for page in pages]


def awards(catalogue: Catalogue, key: None) -> list[Page]:
    return [page_at(urls.AWARDS, "awards.html", "Penghargaan", programmes=catalogue.programmes(),
                    counts=counts(catalogue.by_award), indicators=catalogue.indicator_tables())]


def award(catalogue: Catalogue, award_id: str) -> list[Page]:
    record = catalogue.award_by_id.get(award_id)
    if record is None:
        return []
    years = statistics.programme_years(catalogue, record)  # the programme over the years, when it has more than one
    return paginated(urls.award(record.id), "award.html", f"{record.name} {record.year}",
                     catalogue.by_award.get(record.id, ()), award=record, programme=years if len(years) > 1 else ())


def _checks_passed(catalogue: Catalogue, entry: schema.Innovation) -> tuple:
    """An entry as a completeness total sees it: its agency and the checks it passes."""
    row = completeness.of_entry(entry)
    return row.agency, row.passed


def _programmes_of(catalogue: Catalogue, entry: schema.Innovation) -> set[str]:
    """Every award of the same programme (name) as the entry's: an award's page counts them year by year."""
    names = {catalogue.award_by_id[award].name for award in entry.awards if award in catalogue.award_by_id}
    return {award.id for award in catalogue.awards if award.name in names}


OWN_AGENCIES = Shows(LISTED, lambda catalogue, entry: (entry.agency, *entry.partners))

KINDS = (
    PageKind("agencies", "agencies.html", agencies, shows=(Shows(COUNTED),)),
    PageKind("agency", "agency.html", agency, keys=lambda catalogue: (record.id for record in catalogue.agencies),
             shows=(OWN_AGENCIES, Shows(_checks_passed, lambda catalogue, entry: (entry.agency,)))),
    PageKind("completeness", "kelengkapan.html", completeness_summary, shows=(Shows(_checks_passed),)),
    PageKind("agency-completeness", "kelengkapan-opd.html", agency_completeness,
             keys=lambda catalogue: (record.id for record in catalogue.agencies),
             shows=(Shows(lambda catalogue, entry: completeness.of_entry(entry), lambda catalogue, entry: (entry.agency,)),)),
    PageKind("awards", "awards.html", awards, shows=(Shows(COUNTED),)),
    PageKind("award", "award.html", award, keys=lambda catalogue: (record.id for record in catalogue.awards),
             shows=(Shows(LISTED, lambda catalogue, entry: entry.awards), Shows(COUNTED, _programmes_of))),
)
