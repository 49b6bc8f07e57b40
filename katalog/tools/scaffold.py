"""``python build.py new``: a new innovation file with every field of the schema explained.

The front matter is generated from ``schema.Innovation``, so a field added there
appears here too (and a test fails until it has an Indonesian explanation below).
"""
from __future__ import annotations

import enum
import json
import re
import textwrap
import typing
import unicodedata
from pathlib import Path

from ..content import schema
from ..errors import UsageError
from ..content.load import WINDOWS_RESERVED
from ..content.completeness import RECOMMENDED_SECTIONS
from ..content.records import MAX_SLUG_LENGTH, suggestion
from ..content.text import TextRefused, forbidden_character, read_text, shown
from ..content.yamlnodes import YamlRefused, parse

# Field -> (what it means, for editors, in Indonesian; an example in the field's YAML shape, a
# nested one starting on the next line).
# "Wajib", the allowed values and length limits are added from the schema.
FIELD_HELP: typing.Mapping[str, tuple[str, str]] = {
    "title": ("Nama inovasi seperti yang dikenal warga, mis. SIPPUT; menjadi judul halaman.", "Nama Inovasi"),
    "agency": ("Id perangkat daerah (OPD, BUMD atau UPT) yang memimpin inovasi ini, dari content/agencies.yaml.",
               "dinkes"),
    "summary": ("Satu atau dua kalimat sederhana untuk daftar, pencarian dan pratinjau saat dibagikan.", "Ringkasan."),
    "also_known_as": ("Ejaan atau nama lain inovasi ini; pencarian juga menemukannya.", "[Nama Lain]"),
    "partners": ("Id perangkat daerah lain yang ikut terlibat, dari content/agencies.yaml.", "[dinkes, dlh]"),
    "year": ("Tahun inovasi mulai diterapkan, empat angka.", "2020"),
    "stage": ("Tahap inovasi menurut Indeks Inovasi Daerah.", "penerapan"),
    "type": ("Jenis inovasi: berbasis teknologi digital atau tidak.", "digital"),
    "form": ("Bentuk inovasi daerah menurut PP 38/2017 Pasal 9: tata kelola pemerintahan daerah, pelayanan publik, "
             "atau inovasi daerah lainnya.", "pelayanan-publik"),
    "initiator": ("Siapa yang mengusulkan inovasi ini, menurut PP 38/2017.", "perangkat-daerah"),
    "trial_date": ("Waktu uji coba dimulai, sejauh diketahui: tahun atau tahun dan bulan dalam tanda kutip, "
                   "atau tanggal lengkap (YYYY-MM-DD).", '"2019-06"'),
    "implementation_date": ("Waktu penerapan dimulai, ditulis seperti waktu uji coba.", '"2020"'),
    "sector": ("Urusan pemerintahan yang dilayani, ditulis huruf kecil dengan tanda hubung, "
               "mis. kesehatan, lingkungan-hidup, kependudukan.", "kesehatan"),
    "awards": ("Id penghargaan yang diraih, dari content/awards.yaml.", "[iga-2019]"),
    "tags": ("Kata kunci bebas untuk pencarian.", "[pelayanan publik, perizinan]"),
    "contact": ("Kontak kantor yang terbuka untuk umum, bukan orang pribadi; tulis nomor telepon dalam tanda kutip. "
                "Isi yang diketahui saja.", '\n  name: Petugas Layanan\n  unit: Seksi Pelayanan\n  phone: "0293 000000"'
                "\n  email: layanan@contoh.go.id\n  address: Jalan Contoh No. 1, Kota Magelang"),
    "website": ("Alamat lengkap (http/https) layanan ini di internet.", "https://contoh.magelangkota.go.id/"),
    "documents": ("Dokumen untuk diunduh (panduan, SOP, laporan); simpan berkasnya di content/files/ dan tulis "
                  "jalurnya relatif dari sana.", "\n  - title: Panduan layanan\n    file: {slug}/panduan.pdf"),
    "image": ("Gambar untuk pratinjau saat dibagikan, sebuah berkas di content/files/.", "{slug}/foto.jpg"),
    "sources": ("Sumber terbitan yang mendukung isi entri ini (sangat dianjurkan). Penerbit (mis. ANTARA) wajib "
                "diisi; judul, tanggal (YYYY-MM-DD) dan alamat bila diketahui. Catatan singkat (note, mis. "
                "advertorial) ditampilkan dalam kurung sesudah sumbernya.",
                "\n  - publisher: Nama Penerbit\n    title: Judul berita atau dokumen\n    date: 2024-05-26"
                "\n    url: https://contoh.go.id/berita/judul-berita"),
    "replications": ("Daerah atau lembaga lain yang mereplikasi inovasi ini (replikasi), datang mempelajarinya "
                     "(studi-tiru), atau memuatnya dalam panduan replikasi (panduan). Siapa (by), jenis (kind) dan "
                     "sumbernya (source) wajib; waktu (date, seperti waktu uji coba) dan keterangan singkat "
                     "(description) bila diketahui.",
                     "\n  - by: Pemerintah Kabupaten Contoh\n    kind: studi-tiru\n    date: \"2023-05\""
                     "\n    description: Rombongan dinas kesehatan mempelajari alur layanannya."
                     "\n    source:\n      publisher: Nama Penerbit\n      title: Judul berita kunjungan"
                     "\n      url: https://contoh.go.id/berita/kunjungan"),
    "status": ("Apakah inovasi ini masih berjalan (berjalan) atau sudah berhenti (berhenti), per kapan (date: "
               "terakhir dipastikan berjalan, atau sejak kapan berhenti) dan menurut sumber apa, seperti dicatat "
               "JIPPNas.", "\n  state: berjalan\n  date: \"2024-03\"\n  source:\n    publisher: Nama Penerbit"
               "\n    url: https://contoh.go.id/berita/layanan-masih-berjalan"),
    "evidence": ("Bukti dukung untuk Indeks Inovasi Daerah: per butir, indikatornya (id dari content/iid.yaml), "
                 "tingkat yang diklaim (level, salah satu tingkat indikator itu), dan dokumennya: berkas di "
                 "content/files/ (file) atau alamatnya (url), dengan sumber, tanggal dan catatan bila ada.",
                 "\n  - indicator: regulasi\n    level: perkada\n    file: {slug}/perwal.pdf"
                 "\n    date: \"2021-03\""),
    "updated": ("Tanggal terakhir entri ini diperiksa kebenarannya (YYYY-MM-DD).", "2025-01-31"),
    "draft": ("Biarkan true selama entri belum selesai: entri tidak ikut diterbitkan kecuali dibangun dengan --drafts "
              "(pratinjau: python build.py serve --drafts). Hapus baris ini bila entri siap terbit.", "true"),
    "aliases": ("Alamat lama di situs ini yang harus dialihkan ke entri ini, mis. setelah berganti nama.",
                "[/inovasi/nama-lama/]"),
}
SUMMARY_PLACEHOLDER = ("Ganti kalimat ini dengan satu atau dua kalimat sederhana: layanan apa ini, "
                       "untuk siapa, dan apa manfaatnya.")
# Body section -> the hint the editor replaces; shown in the preview so that nothing is forgotten.
SECTION_HINTS: typing.Mapping[str, str] = {
    "Latar Belakang": "Masalah apa yang diselesaikan, bagi siapa, dan bagaimana keadaannya sebelum inovasi ini ada.",
    "Tujuan": "Apa yang hendak dicapai inovasi ini (Tujuan Inovasi dalam profil Indeks Inovasi Daerah).",
    "Rancang Bangun dan Pokok Perubahan": "Bagaimana inovasi ini dirancang dan apa pokok perubahannya dibanding "
                                          "cara lama; profil Indeks Inovasi Daerah meminta paling sedikit 300 kata.",
    "Cara Kerja": "Bagaimana layanan ini berjalan, langkah demi langkah, dari sisi warga dan dari sisi petugas.",
    "Hasil dan Dampak": "Apa yang berubah sejak inovasi ini diterapkan, dengan angka dan sumbernya bila ada.",
    "Manfaat": "Manfaat yang diperoleh warga dan pemerintah daerah (Manfaat yang Diperoleh dalam profil Indeks "
               "Inovasi Daerah).",
    "Sumber Daya dan Biaya": "Orang, peralatan, aplikasi dan anggaran yang dibutuhkan untuk menjalankannya.",
    "Langkah Replikasi": "Apa yang perlu disiapkan daerah lain yang ingin menerapkan inovasi ini, dan urutannya.",
}
_FILLED = {"summary": SUMMARY_PLACEHOLDER, "draft": True}  # besides the title and agency given
_COMMENT_WIDTH = 88
EXISTS = "{} already exists: edit it, or choose another name"


def new_entry(*, content: Path, content_shown_as: str, title: str, agency: str) -> Path:
    """Write ``innovations/<slug>.md`` for ``title`` under ``content``; return its path as shown.

    Raises UsageError, writing nothing, for a bad title or agency or an existing file.
    """
    shown_as = content_shown_as.rstrip("/") or "."
    if not content.is_dir():
        raise UsageError(f"content directory '{shown_as}' not found (use --content DIR)")
    title, slug = checked_title(title)
    _check_agency(agency, content=content, shown_as=shown_as)
    folder, shown_path = content / "innovations", f"{shown_as}/innovations/{slug}.md"
    # Two names that differ only in case are one file on Windows and macOS.
    taken = [path.name for path in folder.iterdir() if path.name.casefold() == f"{slug}.md"] if folder.is_dir() else []
    if taken:
        raise UsageError(EXISTS.format(f"{shown_as}/innovations/{taken[0]}"))
    text = entry_text(title=title, agency=agency, slug=slug)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create {shown_as}/innovations/: {error.strerror or error}") from None
    try:  # "x" never replaces a file, not even one created since the check above
        with open(folder / f"{slug}.md", "x", encoding="utf-8", newline="\n") as file:
            try:
                file.write(text)
            except OSError:
                (folder / f"{slug}.md").unlink()  # ours, and only half written
                raise
    except FileExistsError:
        raise UsageError(EXISTS.format(shown_path)) from None
    except OSError as error:
        raise UsageError(f"cannot write {shown_path}: {error.strerror or error}") from None
    return Path(shown_path)


def slug_from_title(title: str) -> str:
    """The file name for ``title``: ASCII letters and digits joined by single hyphens, at most
    MAX_SLUG_LENGTH characters, cut between words; empty when nothing Latin is left."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())  # casefold turns ß into ss
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.decode()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[:MAX_SLUG_LENGTH + 1].rpartition("-")[0]  # a hyphen right after the limit counts
        slug = cut or slug[:MAX_SLUG_LENGTH]  # one word longer than the limit is cut anyway
    return slug


def entry_text(*, title: str, agency: str, slug: str) -> str:
    """The new file: front matter with every editable field, then the recommended body sections."""
    values = {"title": title, "agency": agency, **_FILLED}
    hints = typing.get_type_hints(schema.Innovation)
    lines = ["---", "# Entri baru Katalog Inovasi. Isi bidang di bawah: hapus tanda '# ' di depan bidang yang",
             "# dipakai dan ganti contohnya. Di bawah baris '---' kedua, ganti setiap kalimat miring."]
    for field in schema.editable_fields(schema.Innovation):
        explanation, example = FIELD_HELP[field.name]
        lines.append("")
        lines += textwrap.wrap(explanation + _rules(field, hints[field.name]), _COMMENT_WIDTH, initial_indent="# ",
                               subsequent_indent="# ", break_on_hyphens=False, break_long_words=False)
        value = yaml_scalar(values[field.name]) if field.name in values else example.format(slug=slug)
        # An optional field's example is commented out: left empty it is fine, left in it would be published.
        prefix = "# " if field.name not in values and not field.metadata["required"] else ""
        lines += [prefix + line.rstrip() for line in f"{field.name}: {value}".split("\n")]
    lines += ["---", ""]
    for section in RECOMMENDED_SECTIONS:
        lines += [f"## {section}", "", f"*{SECTION_HINTS[section]}*", ""]
    return "\n".join(lines)


def _rules(field, annotation) -> str:
    """What the schema says beyond the explanation: required, allowed values, length."""
    choices = [arg for arg in typing.get_args(annotation) or (annotation,) if isinstance(arg, enum.EnumMeta)]
    rules = ["Pilih salah satu: " + ", ".join(member.value for member in choices[0]) + "."] if choices else []
    rules += [f"Paling banyak {field.metadata['max_length']} karakter."] if field.metadata["max_length"] else []
    rules += ["Wajib."] if field.metadata["required"] else []
    return "".join(" " + rule for rule in rules)


def yaml_scalar(value) -> str:
    """``value`` as YAML: plain when the project's parser reads it back unchanged, else double-quoted."""
    if isinstance(value, bool):
        return str(value).lower()
    try:
        if parse(f"key: {value}").value["key"][1].value == value:
            return value
    except (YamlRefused, AttributeError, TypeError, KeyError):
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def checked_title(title: str) -> tuple[str, str]:
    """The title without surrounding spaces and its slug, or UsageError saying what to change."""
    title = title.strip()
    if not title:
        raise UsageError('the name is empty: write it in quotes, e.g. python build.py new "Si Cantik" --agency ID')
    if len(title.splitlines()) > 1:  # YAML also breaks lines at U+2028 and U+2029
        raise UsageError("the name must be one line")
    problem = forbidden_character(title)
    if problem:
        raise UsageError(f"the name contains a {problem[1]}: retype it")
    limit = schema.Innovation.__dataclass_fields__["title"].metadata["max_length"]
    if limit and len(title) > limit:
        raise UsageError(f"the name has {len(title)} characters, more than {limit}")
    slug = slug_from_title(title)
    if not slug:
        raise UsageError(f"the name '{shown(title)}' gives no file name: "
                         'write it with Latin letters or digits, e.g. "Si Cantik"')
    if WINDOWS_RESERVED.fullmatch(slug):
        raise UsageError(f"the name '{shown(title)}' gives the file name '{slug}.md', which Windows reserves: "
                         "choose a longer name")
    return title, slug


def _check_agency(agency: str, *, content: Path, shown_as: str) -> None:
    """Refuse an agency id that agencies.yaml does not list, with the closest one as a hint."""
    shown_file = f"{shown_as}/agencies.yaml"
    try:
        items = parse(read_text(content / "agencies.yaml")).value
    except FileNotFoundError:
        raise UsageError(f"{shown_file} not found: create it, then run: python build.py check") from None
    except (OSError, TextRefused, YamlRefused):
        raise UsageError(f"cannot read the agencies in {shown_file}: run python build.py check to see why") from None
    if not isinstance(items, list):
        raise UsageError(f"{shown_file} is not a list of agencies: run python build.py check to see why")
    ids = [item.value["id"][1].value for item in items if isinstance(item.value, dict) and "id" in item.value]
    if agency not in ids:
        hint = suggestion(agency.casefold(), map(str, ids)) or f"use an id listed in {shown_file}"
        raise UsageError(f"unknown agency '{shown(agency)}' in {shown_file} ({hint})")

