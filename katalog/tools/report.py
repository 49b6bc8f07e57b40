"""`build.py report`: the catalogue at a glance, for a terminal, or as JSON or CSV for spreadsheets.

The counts are statistics.py's figures (those /statistik/ shows); completeness is
completeness.py's, the same checks as the case pages' "Belum terdokumentasi" box and
/kelengkapan/. Entries come agency by agency, lowest share first, and in each agency
the entries with the most gaps first, as on /kelengkapan/.
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from ..content import completeness
from ..render import statistics
from ..content.catalogue import Catalogue
from ..content.completeness import CHECKS, AgencyCompleteness
from ..render.opendata import cell, csv_row  # the open data's CSV: one encoding and one formula guard for both

FORMATS = ("text", "json", "csv")
CSV_HEADER = ("slug", "title", "agency", *(check.name for check in CHECKS), "present", "total", "percent")


def figures(catalogue: Catalogue) -> tuple[statistics.Figure, ...]:
    """The counts: innovations per agency, stage, type, sector and year."""
    entries = catalogue.innovations
    return (statistics.by_agency(catalogue), statistics.by_stage(entries), statistics.by_type(entries),
            statistics.by_sector(entries), statistics.by_year(entries))


def report(catalogue: Catalogue, form: str) -> bytes:
    """The whole report in ``form`` (one of FORMATS), as the bytes to print or write."""
    agencies = completeness.by_agency(catalogue)
    if form == "json":
        return (json.dumps(as_json(catalogue, agencies), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if form == "csv":
        return as_csv(catalogue, agencies).encode("utf-8-sig")
    return as_text(catalogue, agencies).encode("utf-8")


def _entries(agencies: Sequence[AgencyCompleteness]):
    return [(item.agency, entry) for item in agencies for entry in item.entries]


def as_json(catalogue: Catalogue, agencies: Sequence[AgencyCompleteness]) -> dict[str, Any]:
    present, total = sum(item.present for item in agencies), sum(item.total for item in agencies)
    return {
        "innovations": len(catalogue.innovations),
        "counts": {figure.id: {"title": figure.title,
                               "rows": [{"label": row.label, "count": row.value, "unknown": row.kind == "unknown"}
                                        for row in figure.rows]} for figure in figures(catalogue)},
        "checks": [{"name": check.name, "label": check.label} for check in CHECKS],
        "completeness": {
            "present": present, "total": total, "percent": completeness.percent(present, total),
            "complete": sum(item.complete for item in agencies),
            "agencies": [{"id": item.agency.id, "name": item.agency.name, "innovations": len(item.entries),
                          "complete": item.complete, "present": item.present, "total": item.total,
                          "percent": item.percent} for item in agencies],
            "entries": [{"slug": entry.slug, "title": entry.title, "agency": agency.id,
                         "checks": {check.name: ok for check, ok in zip(CHECKS, entry.passed)},
                         "present": entry.present, "total": entry.total, "percent": entry.percent,
                         "missing": entry.missing} for agency, entry in _entries(agencies)],
        },
    }


def as_csv(catalogue: Catalogue, agencies: Sequence[AgencyCompleteness]) -> str:
    """One row per entry: slug, title, agency, each check as 1 or 0, then its share."""
    rows = [csv_row(list(CSV_HEADER))]
    for agency, entry in _entries(agencies):
        rows.append(csv_row([cell(entry.slug), cell(entry.title), cell(agency.id),
                              *("1" if ok else "0" for ok in entry.passed),
                              str(entry.present), str(entry.total), str(entry.percent)]))
    return "".join(rows)


def as_text(catalogue: Catalogue, agencies: Sequence[AgencyCompleteness]) -> str:
    entries = catalogue.innovations
    present, total = sum(item.present for item in agencies), sum(item.total for item in agencies)
    lines = [f"{catalogue.settings.title}: {len(entries)} inovasi, "
             f"{sum(1 for agency in catalogue.agencies if catalogue.by_agency.get(agency.id))} perangkat daerah "
             "dengan inovasi"]
    for figure in figures(catalogue):
        lines += ["", figure.title,
                  *_table((figure.label_heading, figure.value_heading),
                          [(row.label, str(row.value)) for row in figure.rows], numeric={1})]
    lines += ["", f"Kelengkapan dokumentasi: {present} dari {total} butir ({completeness.percent(present, total)}%); "
                  f"{sum(item.complete for item in agencies)} dari {len(entries)} inovasi lengkap",
              "Butir: " + ", ".join(check.name for check in CHECKS)]
    lines += ["", "Kelengkapan per perangkat daerah, terendah lebih dahulu",
              *_table(("Perangkat daerah", "Inovasi", "Lengkap", "Butir", "Persen"),
                      [(item.agency.name, str(len(item.entries)), str(item.complete),
                        f"{item.present}/{item.total}", f"{item.percent}%") for item in agencies],
                      numeric={1, 2, 3, 4})]
    lines += ["", "Kelengkapan per inovasi, yang paling banyak kekurangannya lebih dahulu",
              *_table(("Inovasi", "OPD", "Butir", "Persen", "Belum ada"),
                      [(entry.slug, agency.short, f"{entry.present}/{entry.total}", f"{entry.percent}%",
                        ", ".join(entry.missing) or "-") for agency, entry in _entries(agencies)],
                      numeric={2, 3})]
    return "\n".join(lines) + "\n"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> list[str]:
    """Columns padded to their widest cell, numbers right-aligned, two spaces apart, indented."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    return ["  " + "  ".join(cell.rjust(width) if index in numeric else cell.ljust(width)
                             for index, (cell, width) in enumerate(zip(line, widths))).rstrip()
            for line in (headers, *rows)]
