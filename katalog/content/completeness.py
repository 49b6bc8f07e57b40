"""What a complete entry has: the one definition that the case page's "Belum terdokumentasi"
box, the /kelengkapan/ page and ``build.py report`` all read, so they can never disagree.

A check is a front-matter field that must be filled in, or a recommended section of the
body (a ``##`` heading with that text, in any case). An entry's share is the checks it
passes out of all of them; an agency's share is the checks its entries pass out of all
the checks of its entries (so each entry weighs the same).
"""
from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Iterable

from . import schema
from .catalogue import Catalogue

# The body's sections, in the order a case reads best. "Tujuan", "Rancang Bangun dan Pokok Perubahan"
# and "Manfaat" are also texts of the Indeks Inovasi Daerah's profile (iid.yaml reads them from here,
# and its "Hasil Inovasi" from "Hasil dan Dampak"), so an agency writes them once.
RECOMMENDED_SECTIONS = ("Latar Belakang", "Tujuan", "Rancang Bangun dan Pokok Perubahan", "Cara Kerja",
                        "Hasil dan Dampak", "Manfaat", "Sumber Daya dan Biaya", "Langkah Replikasi")
# (column name, column heading) of a section whose own are too long for a table.
_SHORT = {"Rancang Bangun dan Pokok Perubahan": ("rancang_bangun", "Rancang bangun")}


@dataclasses.dataclass(frozen=True)
class Check:
    """One thing a complete entry has."""

    name: str  # short column name: the key in `build.py report`'s JSON and CSV (as the open data names it)
    heading: str  # the column heading on /kelengkapan/
    label: str  # what the case page's "Belum terdokumentasi" box says when it is missing
    field: str = ""  # the Innovation field that must be filled in, or
    section: str = ""  # the recommended body section that must be there


CHECKS: tuple[Check, ...] = (
    Check("tahun", "Tahun", "Tahun mulai diterapkan", field="year"),
    Check("tahap", "Tahap", "Tahap inovasi", field="stage"),
    Check("jenis", "Jenis", "Jenis inovasi", field="type"),
    Check("bentuk", "Bentuk", "Bentuk inovasi", field="form"),
    Check("inisiator", "Inisiator", "Inisiator", field="initiator"),
    Check("waktu_uji_coba", "Uji coba", "Waktu uji coba", field="trial_date"),
    Check("waktu_penerapan", "Penerapan", "Waktu penerapan", field="implementation_date"),
    Check("sektor", "Urusan", "Urusan pemerintahan (sektor)", field="sector"),
    Check("kontak", "Kontak", "Kontak layanan", field="contact"),
    Check("dokumen", "Dokumen", "Dokumen pendukung", field="documents"),
    Check("sumber", "Sumber", "Sumber", field="sources"),
    Check("status", "Status", "Status (masih berjalan atau berhenti)", field="status"),
    *(Check(*_SHORT.get(section, (section.lower().replace(" ", "_"), section.capitalize())), f"Bagian “{section}”",
            section=section) for section in RECOMMENDED_SECTIONS),
)
FIELD_CHECKS = tuple(check for check in CHECKS if check.field)
SECTION_CHECKS = tuple(check for check in CHECKS if check.section)


def passed(entry: schema.Innovation) -> tuple[bool, ...]:
    """For each of CHECKS in order, whether ``entry`` passes it."""
    headings = {heading.text.casefold() for heading in entry.body.headings}
    return tuple(bool(getattr(entry, check.field)) if check.field else check.section.casefold() in headings
                 for check in CHECKS)


def missing(entry: schema.Innovation) -> list[str]:
    """The labels of the checks ``entry`` does not pass, in CHECKS order (the case page's box)."""
    return [check.label for check, ok in zip(CHECKS, passed(entry)) if not ok]


def percent(present: int, total: int) -> int:
    """``present`` of ``total`` as a whole percentage, halves rounded up (7 of 16 is 44); 100 for nothing to check."""
    return (200 * present + total) // (2 * total) if total else 100


@dataclasses.dataclass(frozen=True)
class EntryCompleteness:
    """Which checks one entry passes. Plain values, so a page showing it changes only when they do."""

    slug: str
    title: str
    agency: str
    passed: tuple[bool, ...]  # in CHECKS order

    @property
    def present(self) -> int:
        return sum(self.passed)

    @property
    def total(self) -> int:
        return len(self.passed)

    @property
    def gaps(self) -> int:
        return self.total - self.present

    @property
    def percent(self) -> int:
        return percent(self.present, self.total)

    @property
    def missing(self) -> list[str]:
        """The names of the checks it does not pass."""
        return [check.name for check, ok in zip(CHECKS, self.passed) if not ok]


def of_entry(entry: schema.Innovation) -> EntryCompleteness:
    return EntryCompleteness(entry.slug, entry.title, entry.agency, passed(entry))


def most_gaps_first(entries: Iterable[EntryCompleteness]) -> tuple[EntryCompleteness, ...]:
    """Entries with the most checks missing first; then by title, as the catalogue orders them."""
    return tuple(sorted(entries, key=lambda entry: (-entry.gaps, entry.title.casefold(), entry.slug)))


@dataclasses.dataclass(frozen=True)
class AgencyCompleteness:
    """The entries an agency leads, most gaps first, and its totals."""

    agency: schema.Agency
    entries: tuple[EntryCompleteness, ...]

    @property
    def present(self) -> int:
        return sum(entry.present for entry in self.entries)

    @property
    def total(self) -> int:
        return sum(entry.total for entry in self.entries)

    @property
    def percent(self) -> int:
        return percent(self.present, self.total)

    @property
    def complete(self) -> int:
        """How many of its entries pass every check."""
        return sum(1 for entry in self.entries if not entry.gaps)

    @property
    def counts(self) -> tuple[int, ...]:
        """For each of CHECKS in order, how many of its entries pass it."""
        return tuple(sum(column) for column in zip(*(entry.passed for entry in self.entries)))

    def summary(self) -> AgencySummary:
        return AgencySummary(self.agency, len(self.entries), self.complete, self.present, self.total, self.counts)


@dataclasses.dataclass(frozen=True)
class AgencySummary:
    """An agency's totals without its entries: what /kelengkapan/ shows of it, so an entry's new title
    (which changes no total) leaves that page alone."""

    agency: schema.Agency
    entries: int
    complete: int
    present: int
    total: int
    counts: tuple[int, ...]  # in CHECKS order: how many of its entries pass each

    @property
    def percent(self) -> int:
        return percent(self.present, self.total)


def of_agency(catalogue: Catalogue, agency_id: str) -> AgencyCompleteness | None:
    """The entries ``agency_id`` leads, most gaps first; None when it leads none."""
    entries = catalogue.by_agency.get(agency_id)
    if not entries or agency_id not in catalogue.agency_by_id:
        return None
    return AgencyCompleteness(catalogue.agency_by_id[agency_id], most_gaps_first(of_entry(entry) for entry in entries))


def by_agency(catalogue: Catalogue) -> tuple[AgencyCompleteness, ...]:
    """Every agency that leads an entry, lowest share first (where help is most needed), then by name."""
    found = [item for agency in catalogue.agencies if (item := of_agency(catalogue, agency.id)) is not None]
    return tuple(sorted(found, key=lambda item: (Fraction(item.present, item.total), item.agency.name.casefold(),
                                                 item.agency.id)))
