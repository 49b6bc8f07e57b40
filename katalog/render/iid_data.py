"""The IID profile and evidence of each innovation as data: /data/iid.json and /data/iid.csv in
the site, and `build.py iid` (text, CSV or JSON) for the operator who fills the IID application.

A record holds the profile in the form's order (each field's text, whether it is there, a
section's words against its minimum), the status, and the evidence by indicator. In the
site, a profile text read from a body section is the address of that section on the case
page, so the data grows with the catalogue by a few hundred bytes an entry; `build.py iid`
prints the texts themselves, ready to paste.
"""
from __future__ import annotations

import json
from typing import Any

from . import opendata, readiness
from .. import urls
from ..content import schema
from ..content.catalogue import Catalogue

# The fields of iid.json's records (the data dictionary on /data/); iid.csv has one row per innovation
# with the same, a column per profile field (by its id) and per indicator (its id: its documents).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("slug", "teks", "pengenal inovasi"),
    ("url", "teks", "alamat halaman inovasi, relatif terhadap akar situs"),
    ("judul", "teks", "nama inovasi"),
    ("opd", "teks", "pengenal perangkat daerah pemimpin"),
    ("status", "teks atau kosong", "berjalan atau berhenti, dengan tanggalnya: “berjalan (2024-03)”"),
    ("profil", "objek", "isian profil menurut pengenalnya di iid-definisi.json: teks bidang, atau untuk bagian teks "
                        "alamat bagian itu di halaman inovasi; kosong bila belum ada"),
    ("kata", "objek", "jumlah kata setiap bagian teks profil (kosong bila bagiannya belum ada)"),
    ("bukti", "daftar rekaman", "dokumen bukti dukung: objek {indikator, tingkat, berkas, url, sumber, tanggal, "
                                "catatan}; di CSV satu kolom per indikator"),
    ("kurang", "daftar teks", "yang masih kurang: pengenal isian profil, dan “bukti:” pengenal indikator wajib"),
)


def record(entry: schema.Innovation, catalogue: Catalogue, *, texts: bool) -> dict[str, Any]:
    """One innovation's IID profile, status and evidence; with ``texts``, a section's own text
    (for the application), else the address of that section on the case page (for the site)."""
    iid = catalogue.iid
    agency = catalogue.agency_by_id[entry.agency]
    items = readiness.profile(entry, iid, catalogue.settings) if texts else _profile_without_texts(entry, iid)
    status = entry.status
    return {
        "slug": entry.slug, "url": urls.innovation(entry.slug), "judul": entry.title, "opd": entry.agency,
        "opd_nama": agency.name,
        "status": None if status is None else {
            "keadaan": status.state.value, "teks": readiness.status_text(status),
            "tanggal": status.date.iso if status.date else None,
            "sumber": opendata.source_text(status.source) if status.source else None},
        "profil": [{"nomor": item.number, "nama": item.field.name, "isi": item.text, "ada": item.present,
                    "kata": item.words, "minimal_kata": item.field.min_words} for item in items],
        "bukti": [{"nomor": number, "indikator": indicator.id, "nama": indicator.name, "wajib": indicator.mandatory,
                   "dokumen": [evidence_record(item, indicator) for item in entry.evidence
                               if item.indicator == indicator.id]}
                  for number, indicator in enumerate(iid.indicators, 1)],
    }


def _profile_without_texts(entry: schema.Innovation, iid: schema.Iid) -> tuple[readiness.ProfileItem, ...]:
    row = readiness.of_entry(entry, iid)
    anchors = {heading.text.casefold(): heading.id for heading in entry.body.headings if heading.level == 2}
    items = []
    for number, (item, present) in enumerate(zip(iid.profile, row.profile), 1):
        words = readiness.section_words(entry, item.section) if item.section else None
        if item.section is not None:
            anchor = anchors.get(item.section.casefold())
            text = f"{urls.innovation(entry.slug)}#{anchor}" if anchor else ""
        else:
            text = readiness.words_of(getattr(entry, item.field), item.field)
        items.append(readiness.ProfileItem(number, item, text, words, present))
    return tuple(items)


def evidence_record(item: schema.Evidence, indicator: schema.IidIndicator) -> dict[str, Any]:
    levels = {level.id: level.name for level in indicator.levels}
    return {"tingkat": item.level, "tingkat_nama": levels.get(item.level or ""),
            "berkas": urls.file(item.file) if item.file else None, "url": item.url,
            "sumber": opendata.source_text(item.source) if item.source else None,
            "tanggal": item.date.iso if item.date else None, "catatan": item.note}


def evidence_line(document: dict[str, Any], base_url: str | None = None) -> str:
    """One evidence document as a line: "Peraturan Daerah: files/x.pdf (ANTARA, 2021-03)"; with
    ``base_url`` ("" for a site without one), a file's full address ("/files/x.pdf" without)."""
    where = document["url"] or document["berkas"] or "(tanpa dokumen)"
    if base_url is not None and document["berkas"] and not document["url"]:
        where = urls.absolute(base_url, document["berkas"]) if base_url else "/" + document["berkas"]
    details = ", ".join(part for part in (document["sumber"], document["tanggal"], document["catatan"]) if part)
    line = f"{document['tingkat_nama']}: {where}" if document["tingkat_nama"] else where
    return f"{line} ({details})" if details else line


def site_record(entry: schema.Innovation, catalogue: Catalogue) -> dict[str, Any]:
    """The innovation in iid.json: compact, since it grows with the catalogue (names are in iid-definisi.json)."""
    iid = catalogue.iid
    items = _profile_without_texts(entry, iid)
    row = readiness.of_entry(entry, iid)
    return {
        "slug": entry.slug, "url": urls.innovation(entry.slug), "judul": entry.title, "opd": entry.agency,
        "status": opendata.status_text(entry.status),
        "profil": {item.field.id: item.text for item in items},
        "kata": {item.field.id: item.words for item in items if item.field.section},
        "bukti": [{"indikator": item.indicator, **evidence_record(item, _indicator(iid, item.indicator))}
                  for item in entry.evidence],
        "kurang": [item.field.id for item in items if not item.present]
                  + [f"bukti:{indicator.id}" for indicator, ok in zip(readiness.mandatory(iid), row.mandatory)
                     if not ok],
    }


def _indicator(iid: schema.Iid, indicator_id: str) -> schema.IidIndicator:
    return next(indicator for indicator in iid.indicators if indicator.id == indicator_id)


def csv_header(iid: schema.Iid) -> list[str]:
    return ["slug", "url", "judul", "opd", "status", *(item.id for item in iid.profile),
            *(f"kata_{item.id}" for item in iid.profile if item.section), *(indicator.id for indicator in iid.indicators),
            "kurang"]


def csv_cells(data: dict[str, Any], iid: schema.Iid) -> list[Any]:
    documents = {indicator.id: [] for indicator in iid.indicators}
    for document in data["bukti"]:
        documents[document["indikator"]].append(evidence_line(document))
    return [data["slug"], data["url"], data["judul"], data["opd"], data["status"],
            *(data["profil"][item.id] for item in iid.profile),
            *(data["kata"][item.id] for item in iid.profile if item.section),
            *("; ".join(documents[indicator.id]) for indicator in iid.indicators), data["kurang"]]


def definitions(iid: schema.Iid) -> dict[str, Any]:
    """iid-definisi.json: the edition's profile and indicators, as iid.yaml gives them."""
    return {
        "edisi": iid.edition,
        "profil": [{"id": item.id, "nama": item.name, "bidang": item.field, "bagian": item.section,
                    "minimal_kata": item.min_words} for item in iid.profile],
        "indikator": [{"id": indicator.id, "nama": indicator.name, "wajib": indicator.mandatory,
                       "tingkat": [{"id": level.id, "nama": level.name} for level in indicator.levels],
                       "jenis_dokumen": [kind.value for kind in indicator.accepts], "catatan": indicator.note}
                      for indicator in iid.indicators],
        "sumber": [opendata.source_text(source) for source in iid.sources],
    }


def site_files(catalogue: Catalogue, memo: dict) -> list[tuple[str, bytes]]:
    """iid.json, iid.csv and iid-definisi.json for the site (none without iid.yaml). ``memo`` keeps each
    entry's encoded record from one build to the next, as for inovasi.json: a save encodes only its entry."""
    iid = catalogue.iid
    if iid is None:
        memo.clear()
        return []
    previous = dict(memo)
    memo.clear()
    json_items, csv_lines = [], [opendata.csv_row(csv_header(iid))]
    for entry in catalogue.innovations:
        cached = previous.get(entry.slug)
        if cached is None or cached[0] is not entry or cached[1] is not iid:
            data = site_record(entry, catalogue)
            item = " " + json.dumps(data, ensure_ascii=False, indent=1).replace("\n", "\n ")
            cached = (entry, iid, item, opendata.csv_row([opendata.cell(value) for value in csv_cells(data, iid)]))
        memo[entry.slug] = cached
        json_items.append(cached[2])
        csv_lines.append(cached[3])
    json_text = "[\n" + ",\n".join(json_items) + "\n]\n" if json_items else "[]\n"
    return [("data/iid.json", json_text.encode("utf-8")), ("data/iid.csv", "".join(csv_lines).encode("utf-8-sig")),
            ("data/iid-definisi.json", opendata.to_json([definitions(iid)]))]
