"""The ways to browse besides agencies and awards: by sector, year, stage, type and form.

Each facet is two kinds of page, declared together: its index of terms with counts
(e.g. /tahun/) and one paginated list per term (/tahun/2019/).
"""
from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, Callable, Mapping

from ... import urls
from ...content import schema
from ...content.catalogue import Catalogue
from ..pages import COUNTED, LISTED, Page, PageKind, Shows, page_at, paginated

STATUS_INTRO = ("Apakah inovasi masih berjalan atau sudah berhenti, dan per kapan, menurut sumber yang dikutip "
                "halamannya, seperti dicatat JIPPNas Kementerian PANRB. Inovasi yang "
                "statusnya belum tercatat tidak ada di sini.")
FORMS_INTRO = ("Peraturan Pemerintah Nomor 38 Tahun 2017 tentang Inovasi Daerah (Pasal 9) membagi inovasi daerah "
               "dalam tiga bentuk: " + "; ".join(form.label.lower() for form in schema.Form) + ".")


@dataclasses.dataclass(frozen=True)
class Facet:
    """One way to browse: its kind's name, the entry field it groups by, its folder and titles."""

    name: str  # of the term pages' kind; the index's is name + "-index"
    field: str  # the Innovation field the term is read from
    folder: str
    title: str  # of the index page, e.g. "Menurut tahun"
    noun: str  # of one term's page, e.g. "Tahun"
    terms: Callable[[Catalogue], Mapping[Any, tuple[schema.Innovation, ...]]]
    intro: str = ""  # a sentence on what the terms mean, above the index

    def label(self, key: Any) -> str:
        return sector_label(key) if self.folder == urls.SECTORS else getattr(key, "label", str(key))


def sector_label(sector: str) -> str:
    return sector.replace("-", " ").capitalize()


FACETS = (
    Facet("sector", "sector", urls.SECTORS, "Menurut urusan pemerintahan", "Urusan", lambda c: c.by_sector),
    Facet("year", "year", urls.YEARS, "Menurut tahun mulai diterapkan", "Tahun",  # newest first
          lambda c: MappingProxyType(dict(sorted(c.by_year.items(), reverse=True)))),
    Facet("stage", "stage", urls.STAGES, "Menurut tahap inovasi", "Tahap", lambda c: c.by_stage),
    Facet("type", "type", urls.TYPES, "Menurut jenis inovasi", "Jenis", lambda c: c.by_type),
    Facet("form", "form", urls.FORMS, "Menurut bentuk inovasi", "Bentuk", lambda c: c.by_form, intro=FORMS_INTRO),
    Facet("status", "status", urls.STATUSES, "Menurut status: masih berjalan atau berhenti", "Status",
          lambda c: c.by_status, intro=STATUS_INTRO),
)


def index_of(facet: Facet) -> Callable[[Catalogue, None], list[Page]]:
    def plan(catalogue: Catalogue, key: None) -> list[Page]:
        """The facet's index of terms with counts."""
        terms = [(facet.label(term), urls.term(facet.folder, term), len(entries))
                 for term, entries in facet.terms(catalogue).items()]
        return [page_at(facet.folder, "terms.html", facet.title, terms=terms, intro=facet.intro)]
    return plan


def term_of(facet: Facet) -> Callable[[Catalogue, Any], list[Page]]:
    def plan(catalogue: Catalogue, term: Any) -> list[Page]:
        """The paginated list of one term; none once no entry has it."""
        entries = facet.terms(catalogue).get(term)
        if not entries:
            return []
        return paginated(urls.term(facet.folder, term), "list.html", f"{facet.noun}: {facet.label(term)}",
                         entries, parent=(facet.folder, facet.title))
    return plan


def kinds_of(facet: Facet) -> tuple[PageKind, PageKind]:
    def term_of_entry(catalogue: Catalogue, entry: schema.Innovation) -> tuple:
        value = getattr(entry, facet.field)
        value = value.state if isinstance(value, schema.Status) else value
        return () if value is None else (value,)
    return (
        PageKind(f"{facet.name}-index", "terms.html", index_of(facet), shows=(Shows(COUNTED),)),
        PageKind(facet.name, "list.html", term_of(facet), keys=lambda catalogue: tuple(facet.terms(catalogue)),
                 shows=(Shows(LISTED, term_of_entry),)),
    )


KINDS = tuple(kind for facet in FACETS for kind in kinds_of(facet))
