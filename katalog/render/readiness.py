"""What each innovation has, and still lacks, for the Indeks Inovasi Daerah (IID).

The definitions come from iid.yaml (catalogue.iid): the profile's fields, each read
from an entry field or a body section, and the evidence indicators, some mandatory.
This is the one reading of them that the readiness pages (/iid/), the case page's
evidence, ``build.py iid`` and /data/iid.* share. No score is estimated: the IID's
weights change every year and its per-level weights are not public.
"""
from __future__ import annotations

import dataclasses
import datetime
import html
import posixpath
import re
from collections import Counter
from typing import Any, Iterable

from .. import urls
from ..content import schema
from ..content.catalogue import Catalogue
from .templates import date_id, partial_date_id

MISSING = "BELUM ADA"  # what the export shows where a profile field is not filled in


@dataclasses.dataclass(frozen=True)
class EntryReadiness:
    """One innovation against the definitions: a row of its agency's readiness table."""

    slug: str
    title: str
    agency: str
    profile: tuple[bool, ...]  # each profile field filled in (and long enough), in iid.yaml's order
    words: tuple[int | None, ...]  # the words of each profile field that asks for a minimum, else None
    mandatory: tuple[bool, ...]  # evidence for each mandatory indicator, in iid.yaml's order
    evidence: int  # evidence items
    status: schema.Running | None

    @property
    def gaps(self) -> int:
        return self.profile.count(False) + self.mandatory.count(False)

    @property
    def ready(self) -> bool:
        return not self.gaps


def mandatory(iid: schema.Iid) -> tuple[schema.IidIndicator, ...]:
    return tuple(indicator for indicator in iid.indicators if indicator.mandatory)


def section_words(entry: schema.Innovation, heading: str) -> int | None:
    """The words of the entry's ## section ``heading`` (any case); None when it has none."""
    found = [section.words for section in entry.body.sections if section.heading.casefold() == heading.casefold()]
    return sum(found) if found else None


def of_entry(entry: schema.Innovation, iid: schema.Iid) -> EntryReadiness:
    profile, words = [], []
    for item in iid.profile:
        if item.section is not None:
            count = section_words(entry, item.section)
            words.append(count if item.min_words else None)  # only these the table shows
            profile.append(count is not None and count >= (item.min_words or 1))
        else:
            words.append(None)
            profile.append(bool(getattr(entry, item.field)))
    claimed = {item.indicator for item in entry.evidence}
    return EntryReadiness(entry.slug, entry.title, entry.agency, tuple(profile), tuple(words),
                          tuple(indicator.id in claimed for indicator in mandatory(iid)), len(entry.evidence),
                          entry.status.state if entry.status else None)


def most_gaps_first(rows: Iterable[EntryReadiness]) -> tuple[EntryReadiness, ...]:
    return tuple(sorted(rows, key=lambda row: (-row.gaps, row.title.casefold(), row.slug)))


@dataclasses.dataclass(frozen=True)
class AgencyReadiness:
    """One agency's innovations against the definitions: a row of the summary, and its own table."""

    agency: schema.Agency
    entries: tuple[EntryReadiness, ...]  # most gaps first

    @property
    def ready(self) -> int:
        return sum(row.ready for row in self.entries)

    @property
    def profile_complete(self) -> int:
        return sum(all(row.profile) for row in self.entries)

    @property
    def mandatory_complete(self) -> int:
        return sum(all(row.mandatory) for row in self.entries)

    @property
    def gaps(self) -> int:
        return sum(row.gaps for row in self.entries)

    def summary(self) -> "AgencySummary":
        return AgencySummary(self.agency, len(self.entries), self.ready, self.profile_complete,
                             self.mandatory_complete, self.gaps)


@dataclasses.dataclass(frozen=True)
class AgencySummary:
    """An agency's totals, all the summary page shows of it (so an edit that keeps them keeps the page)."""

    agency: schema.Agency
    entries: int
    ready: int  # every profile field and every mandatory evidence
    profile_complete: int
    mandatory_complete: int
    gaps: int


def of_agency(catalogue: Catalogue, agency_id: str) -> AgencyReadiness | None:
    """One agency's readiness; None without iid.yaml or without innovations."""
    entries = catalogue.by_agency.get(agency_id, ())
    if catalogue.iid is None or not entries:
        return None
    return AgencyReadiness(catalogue.agency_by_id[agency_id],
                           most_gaps_first(of_entry(entry, catalogue.iid) for entry in entries))


def by_agency(catalogue: Catalogue) -> tuple[AgencyReadiness, ...]:
    """Every agency with innovations, the most missing first (per innovation, then in all)."""
    found = [item for item in (of_agency(catalogue, agency.id) for agency in catalogue.agencies) if item]
    return tuple(sorted(found, key=lambda item: (-item.gaps / len(item.entries), -item.gaps,
                                                 item.agency.name.casefold())))


@dataclasses.dataclass(frozen=True)
class IndicatorCount:
    """How many innovations have evidence for an indicator, and for each of its levels."""

    indicator: schema.IidIndicator
    innovations: int
    levels: tuple[tuple[schema.IidLevel, int], ...]


def evidence_by_indicator(catalogue: Catalogue) -> tuple[IndicatorCount, ...]:
    innovations: Counter = Counter()
    levels: Counter = Counter()
    for entry in catalogue.innovations:
        innovations.update({item.indicator for item in entry.evidence})
        levels.update({(item.indicator, item.level) for item in entry.evidence if item.level})
    return tuple(IndicatorCount(indicator, innovations[indicator.id],
                                tuple((level, levels[indicator.id, level.id]) for level in indicator.levels))
                 for indicator in catalogue.iid.indicators) if catalogue.iid else ()


def evidence_groups(entry: schema.Innovation, iid: schema.Iid | None) -> list[tuple]:
    """The entry's evidence by indicator, in iid.yaml's order: (indicator, [(item, its level in words)])."""
    if iid is None or not entry.evidence:
        return []
    groups = []
    for indicator in iid.indicators:
        levels = {level.id: level.name for level in indicator.levels}
        items = [(item, levels.get(item.level or "")) for item in entry.evidence if item.indicator == indicator.id]
        if items:
            groups.append((indicator, items))
    return groups


# --- the profile as text, ready to paste into the IID application -----------------------------

_SECTION = re.compile(r"<h2 id=\"[^\"]*\">(.*?)</h2>(.*?)(?=<h2 |\Z)", re.S)
_LINK = re.compile(r"<a href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.S)
_BREAK = re.compile(r"</(?:p|li|h[3-6]|tr|blockquote|pre|dd|dt|figcaption)>|<br ?/?>|</t[dh]>")
_TAG = re.compile(r"<[^>]+>")


def section_texts(entry: schema.Innovation, settings: schema.Settings) -> dict[str, str]:
    """The text of each ## section of the entry's body (by heading, in lower case): paragraphs and
    list items on lines of their own, and each link as "text (address)", with the site's address
    when the site has one."""
    texts: dict[str, str] = {}
    page = urls.output_path(urls.innovation(entry.slug))
    for match in _SECTION.finditer(entry.body.html):
        heading = html.unescape(_TAG.sub("", match.group(1))).strip().casefold()
        body = _LINK.sub(lambda link: f"{_TAG.sub('', link.group(2))} ({_address(link.group(1), page, settings)})",
                         match.group(2))
        blocks = _TAG.sub("", _BREAK.sub("\0", body)).split("\0")  # a line per paragraph, item or cell
        lines = (" ".join(html.unescape(block).split()) for block in blocks)
        texts.setdefault(heading, "\n".join(line for line in lines if line))
    return texts


def _address(href: str, page: str, settings: schema.Settings) -> str:
    href = html.unescape(href)
    if re.match(r"[a-z][a-z0-9+.-]*:", href):
        return href  # http(s), mailto: or tel:
    target, _, fragment = href.partition("#")
    path = urls.pretty(posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) if target else page)
    path = "" if path == "." else path
    address = urls.absolute(settings.base_url, path) if settings.base_url else "/" + path
    return address + (f"#{fragment}" if fragment else "")


def words_of(value: Any, field: str = "") -> str:
    """A field's value in words, as the IID application asks for it."""
    if value is None or value == ():
        return ""
    if field == "sector":  # a slug: kesehatan, lingkungan-hidup
        return value.replace("-", " ").capitalize()
    if isinstance(value, schema.Vocabulary):
        return value.label
    if isinstance(value, schema.PartialDate):
        return partial_date_id(value)
    if isinstance(value, datetime.date):
        return date_id(value)
    if isinstance(value, tuple):
        return "; ".join(words_of(item) for item in value)
    return str(value)


@dataclasses.dataclass(frozen=True)
class ProfileItem:
    number: int
    field: schema.IidProfileField
    text: str  # "" when missing
    words: int | None  # a section's words
    present: bool


def profile(entry: schema.Innovation, iid: schema.Iid, settings: schema.Settings) -> tuple[ProfileItem, ...]:
    """Every profile field of the entry in the form's order, with its text."""
    row = of_entry(entry, iid)
    texts = section_texts(entry, settings) if any(item.section for item in iid.profile) else {}
    return tuple(ProfileItem(number, item, texts.get(item.section.casefold(), "") if item.section
                             else words_of(getattr(entry, item.field), item.field),
                             section_words(entry, item.section) if item.section else None, present)
                 for number, (item, present) in enumerate(zip(iid.profile, row.profile), 1))


def status_text(status: schema.Status | None) -> str:
    """"Masih berjalan, terakhir dikonfirmasi Maret 2024", "Berhenti sejak 2022", or ""."""
    if status is None:
        return ""
    if status.state is schema.Running.BERJALAN:
        return "Masih berjalan" + (f", terakhir dikonfirmasi {partial_date_id(status.date)}" if status.date else "")
    return "Berhenti" + (f" sejak {partial_date_id(status.date)}" if status.date else "")
