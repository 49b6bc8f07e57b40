"""The catalogue at a glance: counts per agency, stage, type, sector, year and award level,
and the city's yearly figures, each with a sentence that says what it shows.

Plain functions of the Catalogue; /statistik/, the agency and award pages, and the
open data (statistik.json, one CSV per figure) all read the same Figure values, so a
chart, its table and its files always carry the same numbers.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from typing import Iterable, Sequence

from . import charts
from .. import urls
from ..content import schema
from ..content.catalogue import Catalogue

UNKNOWN = "belum tercatat"  # the bar of entries that do not give the field: counted, never dropped
OTHERS = "lainnya"  # the bar of the agencies after the first AGENCY_BARS
AGENCY_BARS = 15  # at more than MANY_AGENCIES agencies the chart shows this many and one bar for the rest
MANY_AGENCIES = 40
LEVEL_ORDER = (schema.Level.INTERNASIONAL, schema.Level.NASIONAL, schema.Level.PROVINSI, schema.Level.KOTA)


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of a figure's table: what is counted, the number, and the page that lists it."""

    label: str
    value: int | float
    url: str | None = None
    kind: str = ""  # "unknown" for the bar of entries without the field, "other" for the sum of the rest


@dataclasses.dataclass(frozen=True)
class Figure:
    """One set of figures: the chart draws ``bars`` (``rows``, or their first ones and a
    bar for the rest), the table and the open data hold every row."""

    id: str  # also the name of its CSV, data/statistik/<id>.csv
    title: str
    caption: str  # the finding, in a sentence
    label_heading: str  # the table's first column
    value_heading: str  # its second
    rows: tuple[Row, ...]
    bars: tuple[Row, ...]

    @property
    def chart(self) -> charts.BarChart:
        return charts.bar_chart([(row.label, row.value, row.kind) for row in self.bars])

    @property
    def csv_path(self) -> str:
        return f"{urls.DATA}statistik/{self.id}.csv"

    @property
    def summary(self) -> str:
        """The chart's values in words, for its <desc>."""
        return "; ".join(f"{row.label}: {charts.number_text(row.value)}" for row in self.bars) + "."


def figures(catalogue: Catalogue) -> tuple[Figure, ...]:
    """Every figure of /statistik/, in the order of the page."""
    entries = catalogue.innovations
    return (by_agency(catalogue), by_stage(entries), by_type(entries), by_sector(entries), by_year(entries),
            awards_by_year(catalogue), *indicators(catalogue))


def by_agency(catalogue: Catalogue) -> Figure:
    """Innovations per lead agency, largest first (ties by name); every agency, also those with none."""
    counts = Counter(entry.agency for entry in catalogue.innovations)
    rows = tuple(sorted((Row(agency.name, counts[agency.id], urls.agency(agency.id)) for agency in catalogue.agencies),
                        key=lambda row: (-row.value, row.label.casefold(), row.label)))
    bars = rows
    if len(rows) >= MANY_AGENCIES:
        rest = rows[AGENCY_BARS:]
        bars = rows[:AGENCY_BARS] + (Row(f"{len(rest)} perangkat daerah {OTHERS}", sum(row.value for row in rest),
                                         urls.AGENCIES, kind="other"),)
    total = len(catalogue.innovations)
    return Figure("opd", "Inovasi per perangkat daerah", _leader_caption(
        rows, total, one="{} mencatat inovasi terbanyak: {} dari {}.",
        many="{} sama-sama mencatat inovasi terbanyak: masing-masing {} dari {}.", crowd="perangkat daerah"),
        "Perangkat daerah", "Jumlah inovasi", rows, bars)


def by_stage(entries: Sequence[schema.Innovation], *, linked: bool = True) -> Figure:
    """Innovations per stage: every stage, in the order of the Indeks Inovasi Daerah. ``linked``:
    each row links to the stage's page (which lists the whole catalogue's, not a part's)."""
    counts = Counter(entry.stage for entry in entries)
    rows = tuple(Row(stage.label, counts[stage],
                     urls.term(urls.STAGES, stage) if linked and counts[stage] else None)  # a page when it has entries
                 for stage in schema.Stage)
    rows += _unknown(counts[None])
    return Figure("tahap", "Inovasi menurut tahap", _leader_caption(
        rows, len(entries), one="Tahap dengan inovasi terbanyak: {}, {} dari {}.",
        many="Tahap dengan inovasi terbanyak: {}, masing-masing {} dari {}.", lower=True)
        + _unrecorded(counts, "tahapnya"),
        "Tahap", "Jumlah inovasi", rows, rows)


def by_type(entries: Sequence[schema.Innovation]) -> Figure:
    counts = Counter(entry.type for entry in entries)
    rows = tuple(Row(kind.label, counts[kind], urls.term(urls.TYPES, kind) if counts[kind] else None)
                 for kind in schema.InnovationType)  # a term with no entry has no page
    rows += _unknown(counts[None])
    return Figure("jenis", "Inovasi digital dan non-digital", _leader_caption(
        rows, len(entries), one="Inovasi {} paling banyak: {} dari {}.",
        many="Inovasi {} sama banyak: masing-masing {} dari {}.", lower=True) + _unrecorded(counts, "jenisnya"),
        "Jenis", "Jumlah inovasi", rows, rows)


def by_sector(entries: Sequence[schema.Innovation]) -> Figure:
    """Innovations per government affair, largest first (ties by name)."""
    counts = Counter(entry.sector for entry in entries)
    rows = tuple(sorted((Row(sector_label(sector), count, urls.term(urls.SECTORS, sector))
                         for sector, count in counts.items() if sector is not None),
                        key=lambda row: (-row.value, row.label.casefold())))
    rows += _unknown(counts[None])
    return Figure("sektor", "Inovasi menurut urusan pemerintahan", _leader_caption(
        rows, len(entries), one="Urusan dengan inovasi terbanyak: {}, {} dari {}.",
        many="Urusan dengan inovasi terbanyak: {}, masing-masing {} dari {}.", lower=True)
        + _unrecorded(counts, "urusannya"),
        "Urusan", "Jumlah inovasi", rows, rows)


def by_year(entries: Sequence[schema.Innovation], *, linked: bool = True) -> Figure:
    """Innovations per year first put into use, oldest first, the years between with none
    included; those without a year in a bar of their own, last."""
    counts = Counter(entry.year for entry in entries)
    years = [year for year in counts if year is not None]
    rows = tuple(Row(str(year), counts[year], urls.term(urls.YEARS, year) if counts[year] and linked else None)
                 for year in (range(min(years), max(years) + 1) if years else ()))
    rows += _unknown(counts[None])
    caption = _leader_caption(rows, len(entries), one="Inovasi paling banyak mulai diterapkan pada {}: {} dari {}.",
                              many="Inovasi paling banyak mulai diterapkan pada {}: masing-masing {} dari {}.")
    caption += _unrecorded(counts, "tahun mulai diterapkan")
    return Figure("tahun", "Inovasi menurut tahun mulai diterapkan", caption, "Tahun", "Jumlah inovasi", rows, rows)


def awards_by_year(catalogue: Catalogue) -> Figure:
    """Awards per year and level, oldest year first, highest level first within a year
    (internasional, nasional, provinsi, kota, then those whose level is not recorded). Only
    the levels a year has: nine years of three levels would be mostly bars of zero."""
    counts = Counter((award.year, award.level) for award in catalogue.awards)
    order = {level: index for index, level in enumerate((*LEVEL_ORDER, None))}
    rows = tuple(Row(f"{year} · {level.label if level else 'tingkat ' + UNKNOWN}", count)
                 for (year, level), count in sorted(counts.items(), key=lambda item: (item[0][0], order[item[0][1]])))
    total = len(catalogue.awards)
    per_year = Counter(award.year for award in catalogue.awards)
    best = max(per_year.values(), default=0)
    top = sorted(year for year, count in per_year.items() if count == best)
    if not total:
        caption = "Belum ada penghargaan dalam katalog."
    else:
        by_level = Counter(award.level for award in catalogue.awards)
        levels_text = _join([f"{_number(by_level[level])} tingkat {level.label.lower()}" for level in LEVEL_ORDER
                             if by_level[level]])
        year_text = (f"Penghargaan terbanyak tercatat pada {top[0]}: {_number(best)} dari {_number(total)}."
                     if len(top) == 1 else
                     f"Penghargaan terbanyak tercatat pada {_join([str(year) for year in top])}: "
                     f"masing-masing {_number(best)} dari {_number(total)}.")
        caption = year_text + (f" Menurut tingkat: {levels_text}." if levels_text else "")
    return Figure("penghargaan", "Penghargaan per tahun menurut tingkat", caption, "Tahun dan tingkat",
                  "Jumlah penghargaan", rows, rows)


def indicators(catalogue: Catalogue) -> list[Figure]:
    """One figure per yearly figure of the city (indikator.yaml), oldest year first."""
    found, taken = [], set()
    for name, records in catalogue.indicator_tables():
        figure_id = _unique_id("indikator-" + (_slug(name) or "angka"), taken)
        rows = tuple(Row(str(record.year), record.value) for record in records)
        last = records[-1]
        caption = f"{name} kota pada {last.year}: {charts.number_text(last.value)}"
        caption += f" ({last.predicate})" if last.predicate else ""
        if len(records) > 1:
            before = records[-2]
            change = round(last.value - before.value, 2)
            if change:
                caption += (f", {'naik' if change > 0 else 'turun'} {charts.number_text(abs(change))} "
                            f"dari {charts.number_text(before.value)} pada {before.year}")
            else:
                caption += f", sama dengan {before.year}"
        found.append(Figure(figure_id, name, caption + ".", "Tahun", "Nilai", rows, rows))
    return found


@dataclasses.dataclass(frozen=True)
class ProgrammeYear:
    """One year of an award programme, for the award page's table."""

    award: schema.Award
    innovations: int  # recipients in the catalogue


def programme_years(catalogue: Catalogue, award: schema.Award) -> tuple[ProgrammeYear, ...]:
    """Every award of ``award``'s programme (the same name), oldest year first."""
    same = [other for other in catalogue.awards if other.name == award.name]
    return tuple(ProgrammeYear(other, len(catalogue.by_award.get(other.id, ())))
                 for other in sorted(same, key=lambda other: (other.year, other.id)))


def agency_figures(catalogue: Catalogue, agency_id: str) -> tuple[Figure, ...]:
    """An agency's innovations by stage and by year; none under two innovations (a chart of one bar says little)."""
    entries = catalogue.by_agency.get(agency_id, ())
    if len(entries) < 2:
        return ()
    return by_stage(entries, linked=False), by_year(entries, linked=False)


def sector_label(sector: str) -> str:
    return sector.replace("-", " ").capitalize()  # as pages.sector_label


def _unrecorded(counts: Counter, what: str) -> str:
    """A sentence on the entries that do not give the field, when some are known (else the caption says it)."""
    unknown, known = counts[None], sum(count for key, count in counts.items() if key is not None)
    return f" {_number(unknown)} inovasi belum mencatat {what}." if unknown and known else ""


def _unknown(count: int) -> tuple[Row, ...]:
    return (Row(UNKNOWN, count, None, kind="unknown"),) if count else ()


def _leader_caption(rows: Sequence[Row], total: int, *, one: str, many: str, lower: bool = False,
                    crowd: str = "") -> str:
    """The finding: which known row is largest (all of them when tied), of how many."""
    known = [row for row in rows if row.kind == ""]
    best = max((row.value for row in known), default=0)
    if total == 0:
        return "Belum ada inovasi dalam katalog."
    if best == 0:
        return f"Belum ada inovasi yang mencatatnya: {_number(total)} inovasi {UNKNOWN}."
    leaders = [row.label.lower() if lower else row.label for row in known if row.value == best]
    if crowd and len(leaders) > 3:  # long names: a count says it better than a list
        return many.format(f"{len(leaders)} {crowd}", _number(best), _number(total))
    return (one if len(leaders) == 1 else many).format(_join(leaders), _number(best), _number(total))


def _number(value: float) -> str:
    return charts.number_text(value)


def _join(items: Sequence[str]) -> str:
    """A, B, dan C: the Indonesian way; "serta" when a name has "dan" in it already."""
    word = "serta" if any(" dan " in item for item in items) else "dan"
    if len(items) <= 2:
        return f" {word} ".join(items)
    return ", ".join(items[:-1]) + f", {word} " + items[-1]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")


def _unique_id(wanted: str, taken: set[str]) -> str:
    found, number = wanted, 2
    while found in taken:
        found, number = f"{wanted}-{number}", number + 1
    taken.add(found)
    return found


def csv_rows(figure: Figure) -> Iterable[list]:
    """The rows of a figure's CSV: a header, then every row."""
    yield ["label", "nilai"]
    for row in figure.rows:
        yield [row.label, row.value]
