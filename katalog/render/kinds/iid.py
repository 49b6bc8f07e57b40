"""The readiness view for the Indeks Inovasi Daerah: a summary (/iid/) and one table per agency
(/iid/<agency>/), what each innovation has and still lacks, the most missing first. Both exist
only when content/iid.yaml does; the summary grows with agencies and indicators, not entries,
and an agency's table is split into pages of IID_PAGE_SIZE rows, so no page passes 50 KB."""
from __future__ import annotations

import dataclasses

from ... import urls
from ...content import schema
from ...content.catalogue import Catalogue
from .. import readiness
from ..pages import Page, PageKind, Shows, page_at, paginated
from .agencies import GUIDE_PAGE

IID_PAGE_SIZE = 50  # rows of an agency's table per page: about 0.8 KB each
INDEX_NAME = "Indeks Inovasi Daerah"  # the city's yearly IID figures in indikator.yaml carry this name
IID_GUIDE_PAGE = "panduan-iid"  # the free page that explains the profile and evidence to editors, if any


def summary(catalogue: Catalogue, key: None) -> list[Page]:
    if catalogue.iid is None:
        return []
    agencies = tuple(item.summary() for item in readiness.by_agency(catalogue))
    history = [indicator for indicator in catalogue.indicators if indicator.name == INDEX_NAME]
    page = page_at(urls.IID, "iid.html", "Kesiapan Indeks Inovasi Daerah", iid=catalogue.iid, agencies=agencies,
                   mandatory=readiness.mandatory(catalogue.iid), history=history,
                   by_indicator=readiness.evidence_by_indicator(catalogue),
                   entries=sum(item.entries for item in agencies), ready=sum(item.ready for item in agencies),
                   guide=catalogue.page_by_slug.get(IID_GUIDE_PAGE) or catalogue.page_by_slug.get(GUIDE_PAGE))
    return [dataclasses.replace(page, description="Profil dan bukti dukung Indeks Inovasi Daerah setiap inovasi: "
                                                  "yang sudah ada dan yang masih kurang, menurut perangkat daerah.")]


def agency_table(catalogue: Catalogue, agency_id: str) -> list[Page]:
    item = readiness.of_agency(catalogue, agency_id)
    if item is None:
        return []
    pages = paginated(urls.iid(agency_id), "iid-opd.html", f"Kesiapan IID {item.agency.short}", item.entries,
                      size=IID_PAGE_SIZE, iid=catalogue.iid, mandatory=readiness.mandatory(catalogue.iid),
                      summary=item.summary())
    return [dataclasses.replace(page, description=f"Profil dan bukti dukung Indeks Inovasi Daerah setiap inovasi "
                                                  f"{item.agency.name}.") for page in pages]


def _row(catalogue: Catalogue, entry: schema.Innovation) -> readiness.EntryReadiness | None:
    """An entry as its agency's table shows it: its row."""
    return readiness.of_entry(entry, catalogue.iid) if catalogue.iid else None


def _counted(catalogue: Catalogue, entry: schema.Innovation) -> tuple | None:
    """An entry as the summary counts it: its agency and gaps, and which evidence (indicator, level) it has."""
    row = _row(catalogue, entry)
    return None if row is None else (row.agency, row.profile, row.mandatory,
                                     frozenset((item.indicator, item.level) for item in entry.evidence))


KINDS = (
    PageKind("iid", "iid.html", summary, shows=(Shows(_counted),)),
    PageKind("iid-agency", "iid-opd.html", agency_table,
             keys=lambda catalogue: (agency.id for agency in catalogue.agencies) if catalogue.iid else (),
             shows=(Shows(_row, lambda catalogue, entry: (entry.agency,)),)),
)
