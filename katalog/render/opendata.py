"""The catalogue as open data: one flat record per innovation, as JSON and as CSV.

JSON and CSV carry the same records: a list field is an array in JSON and its
items joined with "; " in CSV. COLUMNS documents every field for the /data/ page.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import statistics
from .. import urls
from ..content import schema
from ..content.catalogue import Catalogue

LIST_SEPARATOR = "; "

# (column, type, meaning in Indonesian): the data dictionary shown on /data/.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("slug", "teks", "pengenal inovasi, sama dengan nama berkasnya"),
    ("url", "teks", "alamat halaman inovasi, relatif terhadap akar situs"),
    ("judul", "teks", "nama inovasi"),
    ("nama_lain", "daftar teks", "ejaan atau nama lain inovasi"),
    ("ringkasan", "teks", "satu atau dua kalimat tentang inovasi"),
    ("opd", "teks", "pengenal perangkat daerah pemimpin"),
    ("opd_nama", "teks", "nama lengkap perangkat daerah pemimpin"),
    ("mitra", "daftar teks", "pengenal perangkat daerah mitra"),
    ("tahun", "bilangan atau kosong", "tahun mulai diterapkan"),
    ("tahap", "teks atau kosong", "tahap menurut Indeks Inovasi Daerah: inisiatif, uji-coba, penerapan"),
    ("jenis", "teks atau kosong", "digital atau non-digital"),
    ("bentuk", "teks atau kosong", "bentuk inovasi daerah (PP 38/2017): tata-kelola, pelayanan-publik, lainnya"),
    ("inisiator", "teks atau kosong",
     "pengusul inovasi (PP 38/2017): kepala-daerah, anggota-dprd, asn, perangkat-daerah, masyarakat"),
    ("waktu_uji_coba", "tanggal sebagian atau kosong", "mulai uji coba: TTTT, TTTT-BB atau TTTT-BB-HH"),
    ("waktu_penerapan", "tanggal sebagian atau kosong", "mulai penerapan: TTTT, TTTT-BB atau TTTT-BB-HH"),
    ("sektor", "teks atau kosong", "urusan pemerintahan yang dilayani"),
    ("penghargaan", "daftar teks", "pengenal penghargaan yang diraih (lihat penghargaan.json)"),
    ("tag", "daftar teks", "kata kunci bebas"),
    ("situs", "teks atau kosong", "alamat layanan"),
    ("kontak", "teks atau kosong", "kontak kantor: jabatan atau unit, telepon, surel, alamat"),
    ("dokumen", "daftar teks", "alamat berkas dokumen pendukung, relatif terhadap akar situs"),
    ("sumber", "daftar teks", "sumber yang mendukung isi entri: penerbit, judul, tanggal, alamat, catatan"),
    ("replikasi", "daftar rekaman",
     "daerah yang mereplikasi atau studi tiru: di JSON objek {oleh, jenis (studi-tiru, replikasi, panduan), "
     "tanggal, keterangan, sumber}; di CSV “oleh (jenis, tanggal)”"),
    ("status", "rekaman atau kosong",
     "apakah masih berjalan: di JSON objek {keadaan (berjalan, berhenti), tanggal (terakhir dikonfirmasi berjalan, "
     "atau sejak berhenti), sumber}; di CSV “keadaan (tanggal)”"),
    ("bukti", "daftar rekaman",
     "bukti dukung Indeks Inovasi Daerah: di JSON objek {indikator, tingkat, berkas, url, sumber, tanggal, catatan}; "
     "di CSV “indikator (tingkat)”; per profil dan indikator lengkap di iid.json"),
    ("diperbarui", "tanggal atau kosong", "tanggal peninjauan terakhir (TTTT-BB-HH)"),
)


AGENCY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "teks", "pengenal perangkat daerah"),
    ("url", "teks", "alamat halamannya, relatif terhadap akar situs"),
    ("nama", "teks", "nama lengkap"),
    ("singkatan", "teks", "singkatan, misalnya DLH"),
    ("jenis", "teks atau kosong", "opd, bumd, atau upt (unit di bawah OPD)"),
    ("induk", "teks atau kosong", "pengenal OPD induk sebuah upt"),
    ("nama_lama", "daftar teks", "nama-nama sebelumnya"),
    ("situs", "teks atau kosong", "alamat situs resmi"),
    ("jumlah_inovasi", "bilangan", "jumlah inovasi yang dipimpinnya dalam katalog"),
)
AWARD_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "teks", "pengenal penghargaan"),
    ("url", "teks", "alamat halamannya, relatif terhadap akar situs"),
    ("nama", "teks", "nama penghargaan atau kompetisi; nama yang sama berarti satu program"),
    ("tahun", "bilangan", "tahun diberikan"),
    ("pemberi", "teks atau kosong", "lembaga pemberi; kosong bila sumber tidak menyebutkannya"),
    ("tingkat", "teks atau kosong", "kota, provinsi, nasional, atau internasional"),
    ("peringkat", "teks atau kosong", "peringkat atau kategori"),
    ("penerima", "teks atau kosong", "penerima yang bukan inovasi, misalnya pemerintah kota"),
    ("tanggal", "tanggal sebagian atau kosong", "waktu diberikan atau diselenggarakan: TTTT, TTTT-BB atau TTTT-BB-HH"),
    ("keterangan", "teks atau kosong", "keterangan singkat, dalam Markdown"),
    ("inovasi", "daftar teks", "slug inovasi penerimanya"),
    ("sumber", "daftar teks", "sumber yang mendukungnya: penerbit, judul, tanggal, alamat, catatan"),
)
INDICATOR_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "teks", "pengenal angka"),
    ("nama", "teks", "apa yang diukur, misalnya Indeks Inovasi Daerah"),
    ("tahun", "bilangan", "tahun angka itu"),
    ("nilai", "bilangan", "angkanya, dengan titik desimal"),
    ("predikat", "teks atau kosong", "predikat yang menyertainya, misalnya Kota Inovatif"),
    ("sumber", "daftar teks", "sumber yang memuatnya: penerbit, judul, tanggal, alamat, catatan"),
)

STATISTICS_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "teks", "pengenal grafik; datanya juga di statistik/<id>.csv, dengan kolom label dan nilai"),
    ("judul", "teks", "judul grafik di halaman Statistik"),
    ("keterangan", "teks", "temuan grafik dalam satu atau dua kalimat"),
    ("baris", "daftar rekaman",
     "setiap baris tabelnya: objek {label, nilai, url}; “belum tercatat” menghitung inovasi yang tidak "
     "mengisi bidangnya, url kosong bila tidak ada halamannya"),
)


def innovation_files(catalogue: Catalogue, memo: dict | None = None) -> tuple[bytes, bytes]:
    """inovasi.json and inovasi.csv: one flat record per innovation, in catalogue order.

    ``memo`` keeps each entry's JSON and CSV text from one build to the next (the dev
    server passes the same dict every time), so a save encodes only the entries it
    changed. The bytes are those of json.dumps(records, indent=1) and csv.writer.
    """
    memo = {} if memo is None else memo
    previous = dict(memo)
    memo.clear()  # keeps only current entries
    json_items, csv_rows = [], [csv_row([column for column, _, _ in COLUMNS])]
    for entry in catalogue.innovations:
        agency = catalogue.agency_by_id[entry.agency]
        cached = previous.get(entry.slug)
        if cached is None or cached[0] is not entry or cached[1] is not agency:
            record = _record(entry, agency)
            item = " " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")  # one level in
            # CSV has one line per innovation: each replication as "by (kind, date)", each evidence as
            # "indicator (level)", the status as "state (date)"; JSON keeps them whole.
            flat = {**record, "replikasi": [replication_text(replication) for replication in entry.replications],
                    "bukti": [item.indicator + (f" ({item.level})" if item.level else "") for item in entry.evidence],
                    "status": status_text(entry.status)}
            cached = (entry, agency, item, csv_row([cell(flat[column]) for column, _, _ in COLUMNS]))
        memo[entry.slug] = cached
        json_items.append(cached[2])
        csv_rows.append(cached[3])
    json_text = "[\n" + ",\n".join(json_items) + "\n]\n" if json_items else "[]\n"
    return json_text.encode("utf-8"), "".join(csv_rows).encode("utf-8-sig")


def _record(entry: schema.Innovation, agency: schema.Agency) -> dict[str, Any]:
    contact = entry.contact
    contact_text = ", ".join(value for value in (
        contact.name, contact.unit, contact.phone, contact.email, contact.address) if value) if contact else ""
    return {
        "slug": entry.slug,
        "url": urls.innovation(entry.slug),
        "judul": entry.title,
        "nama_lain": list(entry.also_known_as),
        "ringkasan": entry.summary,
        "opd": entry.agency,
        "opd_nama": agency.name,
        "mitra": list(entry.partners),
        "tahun": entry.year,
        "tahap": entry.stage.value if entry.stage else None,
        "jenis": entry.type.value if entry.type else None,
        "bentuk": entry.form.value if entry.form else None,
        "inisiator": entry.initiator.value if entry.initiator else None,
        "waktu_uji_coba": entry.trial_date.iso if entry.trial_date else None,
        "waktu_penerapan": entry.implementation_date.iso if entry.implementation_date else None,
        "sektor": entry.sector,
        "penghargaan": list(entry.awards),
        "tag": list(entry.tags),
        "situs": entry.website,
        "kontak": contact_text or None,
        "dokumen": [urls.file(document.file) for document in entry.documents],
        "sumber": [source_text(source) for source in entry.sources],
        "replikasi": [{
            "oleh": replication.by, "jenis": replication.kind.value,
            "tanggal": replication.date.iso if replication.date else None,
            "keterangan": replication.description, "sumber": source_text(replication.source),
        } for replication in entry.replications],
        "status": None if entry.status is None else {
            "keadaan": entry.status.state.value, "tanggal": entry.status.date.iso if entry.status.date else None,
            "sumber": source_text(entry.status.source) if entry.status.source else None},
        "bukti": [{
            "indikator": item.indicator, "tingkat": item.level, "berkas": urls.file(item.file) if item.file else None,
            "url": item.url, "sumber": source_text(item.source) if item.source else None,
            "tanggal": item.date.iso if item.date else None, "catatan": item.note,
        } for item in entry.evidence],
        "diperbarui": entry.updated.isoformat() if entry.updated else None,
    }


def status_text(status: schema.Status | None) -> str | None:
    """A status as a short line: "berjalan (2024-03)"."""
    if status is None:
        return None
    return status.state.value + (f" ({status.date.iso})" if status.date else "")


def source_text(source: schema.Source) -> str:
    """A source as one line: publisher, title, date, URL, as far as known, then its note in brackets."""
    parts = [source.publisher, source.title, source.date.isoformat() if source.date else None, source.url]
    text = ", ".join(part for part in parts if part)
    return f"{text} ({source.note})" if source.note else text


def replication_text(replication: schema.Replication) -> str:
    """A replication as a short line: who, what kind, and when if known."""
    when = f", {replication.date.iso}" if replication.date else ""
    return f"{replication.by} ({replication.kind.value}{when})"


def agency_records(catalogue: Catalogue) -> list[dict[str, Any]]:
    return [{
        "id": agency.id, "url": urls.agency(agency.id), "nama": agency.name, "singkatan": agency.short,
        "jenis": agency.kind.value if agency.kind else None, "induk": agency.parent,
        "nama_lama": list(agency.former_names), "situs": agency.url,
        "jumlah_inovasi": len(catalogue.by_agency.get(agency.id, ())),
    } for agency in catalogue.agencies]


def award_records(catalogue: Catalogue) -> list[dict[str, Any]]:
    return [{
        "id": award.id, "url": urls.award(award.id), "nama": award.name, "tahun": award.year,
        "pemberi": award.giver, "tingkat": award.level.value if award.level else None, "peringkat": award.rank,
        "penerima": award.recipient, "tanggal": award.date.iso if award.date else None,
        "keterangan": award.description, "inovasi": [entry.slug for entry in catalogue.by_award.get(award.id, ())],
        "sumber": [source_text(source) for source in award.sources],
    } for award in catalogue.awards]


def indicator_records(catalogue: Catalogue) -> list[dict[str, Any]]:
    return [{
        "id": indicator.id, "nama": indicator.name, "tahun": indicator.year, "nilai": indicator.value,
        "predikat": indicator.predicate, "sumber": [source_text(source) for source in indicator.sources],
    } for indicator in catalogue.indicators]


def statistics_files(catalogue: Catalogue) -> list[tuple[str, bytes]]:
    """statistik.json (every figure of /statistik/) and one CSV per figure, as (path, bytes)."""
    figures = statistics.figures(catalogue)
    records = [{"id": figure.id, "judul": figure.title, "keterangan": figure.caption,
                "baris": [{"label": row.label, "nilai": row.value, "url": row.url} for row in figure.rows]}
               for figure in figures]
    files = [(f"{urls.DATA}statistik.json", to_json(records))]
    for figure in figures:
        rows = [csv_row([cell(value) for value in row]) for row in statistics.csv_rows(figure)]
        files.append((figure.csv_path, "".join(rows).encode("utf-8-sig")))
    return files


def to_json(records: list[dict[str, Any]]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def csv_row(cells: list[str]) -> str:
    """One CSV line; the file is UTF-8 with a byte-order mark, so spreadsheets open Indonesian text correctly."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@")


def cell(value: Any) -> str:
    """A CSV cell. Text a spreadsheet would run as a formula gets a leading apostrophe
    (the usual guard against CSV injection); JSON keeps the value as written."""
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
