"""``python build.py cms``: the configuration of the editors' form-based editor at /admin/ (Decap CMS),
generated from the schema the way ``build.py forms`` generates the proposal form.

One collection per kind of content file: innovations and free pages (folders of Markdown
with front matter), and the data files (agencies, awards, yearly figures, the IID's
definitions, the site's settings). Every field of ``katalog/content/schema.py`` becomes a
widget: the agencies, awards, indicators and every vocabulary a dropdown (Indonesian labels,
the stored values), required fields required, lists of records lists of objects, dates
date pickers, partial dates ("2020", "2020-01" or 2020-01-06) text with their pattern, so
that a year never becomes a whole date. The help texts are those of ``build.py new`` and
of the proposal form, so the editor cannot drift from the model.

The files are read and written by the formats that ``templates/admin/katalog-cms.js``
registers (one per collection, ``katalog-<name>``): they keep every line the editor did not
change, so a save changes only what was edited.
"""
from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from pathlib import Path

import yaml

from ..content import schema
from ..content.completeness import RECOMMENDED_SECTIONS
from ..content.records import PARTIAL_DATE
from ..content.text import TextRefused, read_text
from ..content.yamlnodes import YamlRefused, parse
from ..errors import UsageError
from .forms import CONTACT_HELP, FORM_HELP, read_agencies, read_indicators
from .scaffold import FIELD_HELP, SECTION_HINTS

CONFIG = Path("templates/admin/config.yml")
GENERATED = "Dibuat oleh 'python build.py cms' dari skema katalog; jangan disunting langsung."
# decap-server's default port: the local backend (README, docs/cms.md) and the admin page's policy name it.
LOCAL_BACKEND = "http://localhost:8081/api/v1"
# Each collection's format is katalog-<name>: templates/admin/katalog-cms.js registers one per collection,
# with its fields, before the CMS starts.
FORMAT = "katalog-"
# A data file whose top level is a list is shown to the CMS as a mapping with this one key.
LIST_KEY = "items"

SLUG_PATTERN = ["^[a-z0-9]+(-[a-z0-9]+)*$", "Huruf kecil, angka dan tanda hubung, mis. dinas-kesehatan."]
URL_PATTERN = ["^https?://[^\\s]+$", "Alamat lengkap yang diawali http:// atau https://."]
EMAIL_PATTERN = ["^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "Alamat surel, mis. layanan@contoh.go.id."]
PATH_PATTERN = ["^/[^\\s]*$", "Alamat di situs ini yang diawali /, mis. /inovasi/nama-lama/."]
PARTIAL_DATE_PATTERN = [f"^{PARTIAL_DATE.pattern}$", "Tahun (2020), tahun dan bulan (2020-01) atau tanggal (2020-01-06)."]
PARTIAL_DATE_HINT = ("Sejauh diketahui: tahun (2020), tahun dan bulan (2020-01), atau tanggal lengkap (2020-01-06). "
                     "Jangan mengarang hari atau bulan yang tidak disebut sumbernya.")
DATE_HINT = "Tanggal (YYYY-MM-DD)."

# Every field's label, by record and field, in Indonesian; a field missing here is an error (tested).
LABELS: typing.Mapping[str, typing.Mapping[str, str]] = {
    "Innovation": {
        "title": "Nama inovasi", "agency": "Perangkat daerah pengampu", "summary": "Ringkasan",
        "also_known_as": "Nama atau ejaan lain", "partners": "Perangkat daerah mitra", "year": "Tahun mulai",
        "stage": "Tahap", "type": "Jenis", "form": "Bentuk", "initiator": "Inisiator", "trial_date": "Waktu uji coba",
        "implementation_date": "Waktu penerapan", "sector": "Urusan pemerintahan", "awards": "Penghargaan",
        "tags": "Kata kunci", "contact": "Kontak", "website": "Situs layanan", "documents": "Dokumen",
        "image": "Gambar pratinjau", "sources": "Sumber", "replications": "Replikasi", "status": "Status",
        "evidence": "Bukti dukung IID", "updated": "Terakhir diperiksa", "draft": "Draf (belum terbit)",
        "aliases": "Alamat lama",
    },
    "Page": {"title": "Judul", "summary": "Ringkasan", "footer": "Tautan di kaki halaman",
             "draft": "Draf (belum terbit)"},
    "Source": {"publisher": "Penerbit", "title": "Judul", "date": "Tanggal terbit", "url": "Alamat",
               "note": "Catatan"},
    "Replication": {"by": "Oleh", "kind": "Jenis", "date": "Waktu", "description": "Keterangan", "source": "Sumber"},
    "Status": {"state": "Keadaan", "date": "Per kapan", "source": "Sumber"},
    "Evidence": {"indicator": "Indikator", "level": "Tingkat", "file": "Berkas", "url": "Alamat", "source": "Sumber",
                 "date": "Tanggal dokumen", "note": "Catatan"},
    "Contact": {"name": "Jabatan atau loket", "unit": "Unit kerja", "phone": "Telepon kantor",
                "email": "Surel kantor", "address": "Alamat kantor"},
    "Document": {"title": "Judul dokumen", "file": "Berkas"},
    "Agency": {"id": "Id", "name": "Nama", "short": "Singkatan", "kind": "Jenis", "parent": "Induk (untuk UPT)",
               "former_names": "Nama lama", "url": "Situs resmi", "description": "Keterangan"},
    "Award": {"id": "Id", "name": "Nama penghargaan", "year": "Tahun", "giver": "Pemberi", "level": "Tingkat",
              "rank": "Peringkat", "recipient": "Penerima", "date": "Waktu", "description": "Keterangan",
              "sources": "Sumber"},
    "Indicator": {"id": "Id", "name": "Nama ukuran", "year": "Tahun", "value": "Nilai", "predicate": "Predikat",
                  "sources": "Sumber"},
    "Iid": {"edition": "Edisi", "profile": "Profil inovasi", "indicators": "Indikator bukti dukung",
            "regional_evidence": "Bukti daerah", "sources": "Sumber"},
    "IidProfileField": {"id": "Id", "name": "Nama di profil IID", "field": "Dibaca dari bidang",
                        "section": "Dibaca dari bagian (judul ##)", "min_words": "Paling sedikit (kata)"},
    "IidLevel": {"id": "Id", "name": "Nama tingkat"},
    "IidIndicator": {"id": "Id", "name": "Nama indikator", "mandatory": "Wajib", "levels": "Tingkat",
                     "accepts": "Jenis dokumen yang diterima", "note": "Catatan"},
    "RegionalEvidence": {"title": "Dokumen", "date": "Tanggal", "note": "Catatan", "source": "Sumber"},
    "Settings": {"title": "Nama katalog", "description": "Keterangan", "language": "Kode bahasa",
                 "base_url": "Alamat situs", "edit_url": "Awalan tautan sunting", "repository": "Repositori",
                 "license": "Lisensi", "precompress": "Salinan .gz"},
    "Repository": {"url": "Alamat repositori", "branch": "Cabang", "host": "Layanan", "content_path": "Folder konten",
                   "cms_app_id": "ID aplikasi OAuth GitLab", "cms_auth_url": "Layanan masuk GitHub"},
}

# Help for the fields of records other than an innovation's (whose help is build.py new's FIELD_HELP).
HELP: typing.Mapping[str, str] = {
    "Page.title": "Judul halaman.",
    "Page.summary": "Satu kalimat untuk hasil pencarian dan pratinjau saat dibagikan.",
    "Page.footer": "Tanpa isian, halaman ditautkan di kaki setiap halaman. Isi 'tidak' (matikan sesudah "
                   "menyalakan) untuk bagian panduan yang ditautkan dari halaman pertamanya.",
    "Page.draft": "Selama menyala, halaman tidak ikut diterbitkan.",
    "Source.publisher": "Siapa yang menerbitkan, mis. ANTARA.",
    "Source.date": "Tanggal terbit (YYYY-MM-DD), bila diketahui.",
    "Source.url": "Alamat http(s) berita atau dokumen.",
    "Source.note": "Catatan singkat yang ditampilkan dalam kurung, mis. advertorial.",
    "Replication.by": "Daerah atau lembaga yang mereplikasi atau datang mempelajari, mis. Pemerintah Kabupaten "
                      "Temanggung.",
    "Replication.description": "Satu atau dua kalimat sederhana.",
    "Status.state": "Masih berjalan atau sudah berhenti, seperti dicatat JIPPNas.",
    "Status.date": "Terakhir dipastikan berjalan, atau sejak kapan berhenti. " + PARTIAL_DATE_HINT,
    "Evidence.indicator": "Indikator Indeks Inovasi Daerah dari content/iid.yaml.",
    "Evidence.level": "Tingkat yang diklaim: salah satu tingkat indikator itu.",
    "Evidence.file": "Berkas di content/files/, ditulis relatif dari sana (mis. sipput/perwal.pdf); atau isi Alamat.",
    "Evidence.url": "Alamat http(s) dokumen, bila berkasnya tidak di content/files/ (mis. video).",
    "Contact.name": CONTACT_HELP,
    "Contact.phone": "Nomor telepon kantor.",
    "Document.file": "Berkas di content/files/, ditulis relatif dari sana, mis. sipput/panduan.pdf.",
    "Agency.id": "Huruf kecil dan tanda hubung, unik, mis. dlh. Jangan diubah setelah dipakai entri.",
    "Agency.name": "Nama lengkap, mis. Dinas Lingkungan Hidup.",
    "Agency.short": "Singkatan, mis. DLH.",
    "Agency.parent": "Perangkat daerah yang membawahkan UPT ini.",
    "Agency.former_names": "Nama lama perangkat daerah; pencarian juga menemukannya.",
    "Agency.description": "Satu paragraf Markdown; tautan ke entri ditulis [SIPPUT](innovations/sipput.md).",
    "Award.id": "Huruf kecil, angka dan tanda hubung, unik, mis. iga-2019.",
    "Award.name": "Satu nama, satu program, mis. Innovative Government Award.",
    "Award.giver": "Kosongkan bila tidak ada sumber yang menyebutnya.",
    "Award.rank": "Mis. Peringkat 1, Kategori Ekosistem Inovasi.",
    "Award.recipient": "Penerima yang bukan inovasi, mis. Pemerintah Kota Magelang.",
    "Award.description": "Satu paragraf Markdown; tautan ke entri ditulis [SIPPUT](innovations/sipput.md).",
    "Indicator.id": "Huruf kecil, angka dan tanda hubung, unik, mis. iid-2023.",
    "Indicator.name": "Apa yang diukur, mis. Indeks Inovasi Daerah; satu nama, satu tabel.",
    "Indicator.value": "Angka dengan titik desimal, mis. 59.28.",
    "Indicator.sources": "Paling sedikit satu sumber.",
    "Iid.edition": "Edisi definisi ini, mis. IID 2023.",
    "IidProfileField.field": "Bidang entri asal isinya, mis. stage (atau isi Bagian).",
    "IidProfileField.section": "Judul ## bagian isi entri asal isinya, mis. Tujuan (atau isi Bidang).",
    "IidIndicator.levels": "Tingkat yang boleh diklaim, tertinggi lebih dulu; kosongkan bila tidak diketahui.",
    "Settings.base_url": "Alamat lengkap situs yang terbit; kosongkan untuk tautan relatif saja.",
    "Repository.url": "Alamat web repositori, mis. https://github.com/pemilik/nama.",
    "Repository.content_path": "Folder berkas konten dari akar repositori; . untuk akarnya sendiri.",
    "Repository.cms_app_id": "GitLab: ID aplikasi OAuth untuk masuk ke /admin/ (PKCE); bukan rahasia.",
    "Repository.cms_auth_url": "GitHub: alamat layanan OAuth untuk masuk ke /admin/; kosong: layanan Netlify.",
}

# (record, field) -> the kind of choices whose values the field holds: a dropdown of them.
CHOICES = {("Innovation", "agency"): "agency", ("Innovation", "partners"): "agency", ("Agency", "parent"): "agency",
           ("Innovation", "awards"): "award", ("Evidence", "indicator"): "indicator", ("Evidence", "level"): "level"}
# Fields whose text runs to a paragraph: a text area rather than a line.
PARAGRAPHS = {"summary", "description", "note"}
BODY_HINT = ("Teks halaman dalam Markdown. Bagian yang dianjurkan, masing-masing sebagai judul ## dengan nama persis "
             "ini: " + "; ".join(f"{section} ({SECTION_HINTS[section].rstrip('.')})" for section in RECOMMENDED_SECTIONS)
             + ". Judul dimulai dari ## dan tidak melompati tingkat. Tautan ke entri lain: [SIPPUT](sipput.md).")
PAGE_BODY_HINT = ("Teks halaman dalam Markdown; judul dimulai dari ##. Tautan ke entri: "
                  "[SIPPUT](../innovations/sipput.md).")


@dataclasses.dataclass(frozen=True)
class Choices:
    """The values a dropdown offers, read from the content: (value, label) pairs."""

    agency: tuple[tuple[str, str], ...] = ()
    award: tuple[tuple[str, str], ...] = ()
    indicator: tuple[tuple[str, str], ...] = ()
    level: tuple[tuple[str, str], ...] = ()


def config(choices: Choices, settings: dict | None = None) -> dict:
    """The CMS's configuration as data: backend, media folder and the collections."""
    settings = settings or {}
    repository = settings.get("repository") if isinstance(settings.get("repository"), dict) else None
    content_path = str((repository or {}).get("content_path") or "content").strip("/")
    folder = "" if content_path == "." else content_path + "/"
    # decap-server on this computer, for editing a checkout (docs/cms.md); used only when /admin/ is opened
    # on localhost or 127.0.0.1.
    result: dict = {"local_backend": {"url": LOCAL_BACKEND}, "backend": _backend(repository)}
    if repository:
        result["publish_mode"] = "editorial_workflow"  # every save a pull request (merge request) to review
    if settings.get("base_url"):
        result["site_url"] = result["display_url"] = settings["base_url"]
    result["media_folder"] = f"{folder}files"
    result["public_folder"] = "../files"
    result["slug"] = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    result["collections"] = [
        {"name": "inovasi", "label": "Inovasi", "label_singular": "Inovasi",
         "description": "Satu berkas per inovasi di content/innovations/. Entri baru dimulai sebagai draf.",
         "folder": f"{folder}innovations", "extension": "md", "format": f"{FORMAT}inovasi", "create": True,
         "delete": False, "slug": "{{slug}}", "identifier_field": "title", "summary": "{{title}}",
         "sortable_fields": ["title", "agency", "updated"], "editor": {"preview": False},
         "media_folder": "../files", "public_folder": "../files",
         "fields": [*_fields(schema.Innovation, choices, new_entry=True),
                    {"label": "Isi", "name": "body", "widget": "markdown", "required": False,
                     "modes": ["raw", "rich_text"], "hint": BODY_HINT}]},
        {"name": "halaman", "label": "Halaman", "label_singular": "Halaman",
         "description": "Halaman bebas di content/pages/, mis. tentang dan panduan.",
         "folder": f"{folder}pages", "extension": "md", "format": f"{FORMAT}halaman", "create": True,
         "delete": False, "slug": "{{slug}}", "identifier_field": "title", "summary": "{{title}}",
         "editor": {"preview": False}, "media_folder": "../files", "public_folder": "../files",
         "fields": [*_fields(schema.Page, choices, new_entry=True),
                    {"label": "Isi", "name": "body", "widget": "markdown", "required": False,
                     "modes": ["raw", "rich_text"], "hint": PAGE_BODY_HINT}]},
        *[_data_file(name, label, f"{folder}{file}", record, choices, summary)
          for name, label, file, record, summary in DATA_FILES],
    ]
    return result


def _backend(repository: dict | None) -> dict:
    """Where saves go: the repository of site.yaml (GitHub, or GitLab with PKCE sign-in), else only a
    local checkout through decap-server (the local backend, on this computer)."""
    if not repository or not repository.get("url") or repository.get("host") not in ("github", "gitlab"):
        return {"name": "proxy", "proxy_url": LOCAL_BACKEND, "branch": "main"}
    path = str(repository["url"]).rstrip("/").split("://", 1)[-1].split("/", 1)
    backend = {"name": repository["host"], "repo": path[1] if len(path) > 1 else "",
               "branch": str(repository.get("branch") or "main")}
    if repository["host"] == "gitlab":
        backend["auth_type"] = "pkce"
        if repository.get("cms_app_id"):
            backend["app_id"] = str(repository["cms_app_id"])
        if path[0] != "gitlab.com":
            backend["api_root"] = f"https://{path[0]}/api/v4"
            backend["base_url"] = f"https://{path[0]}"
    elif repository.get("cms_auth_url"):  # GitHub: the OAuth service that holds the app's secret
        backend["base_url"] = str(repository["cms_auth_url"]).rstrip("/")
    return backend


# The data files: (collection, label, file, record, how a collapsed item of a list file is shown);
# a record of site.yaml or iid.yaml is the whole file, the others are lists of records.
DATA_FILES = (
    ("opd", "Perangkat daerah", "agencies.yaml", schema.Agency, "{{fields.name}} ({{fields.id}})"),
    ("penghargaan", "Penghargaan", "awards.yaml", schema.Award, "{{fields.name}} {{fields.year}} ({{fields.id}})"),
    ("indikator", "Angka tahunan kota", "indikator.yaml", schema.Indicator, "{{fields.name}} {{fields.year}}"),
    ("iid", "Definisi Indeks Inovasi Daerah", "iid.yaml", schema.Iid, ""),
    ("situs", "Pengaturan situs", "site.yaml", schema.Settings, ""),
)


def _data_file(name: str, label: str, file: str, record: type, choices: Choices, summary: str) -> dict:
    """One data file as a collection of that one file, with its own format (its fields' order and kinds).
    A file whose top level is a list is shown to the CMS as a mapping with one list, LIST_KEY."""
    fields = _fields(record, choices)
    if summary:
        fields = [{"label": label, "name": LIST_KEY, "widget": "list", "summary": summary, "collapsed": True,
                   "fields": fields}]
    return {"name": name, "label": label, "format": f"{FORMAT}{name}", "delete": False,
            "editor": {"preview": False}, "files": [{"name": name, "label": label, "file": file, "fields": fields}]}


def _fields(record: type, choices: Choices, *, new_entry: bool = False, within: str = "") -> list[dict]:
    """The widgets of ``record``'s fields. ``within``: the label of the optional mapping they are in; the CMS
    would refuse to save while its required fields are empty, even with the mapping left out, so there
    they are not required in the form (their hint says so, and build.py check still requires them)."""
    hints = typing.get_type_hints(record)
    return [_field(record, field, hints[field.name], choices, new_entry=new_entry, within=within)
            for field in schema.editable_fields(record)]


def _field(record: type, field: dataclasses.Field, annotation, choices: Choices, *, new_entry: bool = False,
           within: str = "") -> dict:
    name, record_name = field.name, record.__name__
    kind = _without_none(annotation)
    required = bool(field.metadata["required"])
    item = {"label": LABELS[record_name][name], "name": name, "widget": "string", "required": required and not within}
    help_text = _help(record_name, name)
    if required and within:
        help_text = (help_text + " " if help_text else "") + f"Wajib bila {within} diisi."
    check, limit = field.metadata.get("check", ""), field.metadata.get("max_length", 0)
    listed = typing.get_origin(kind) is tuple
    inner = typing.get_args(kind)[0] if listed else kind
    chosen = CHOICES.get((record_name, name))
    if chosen:
        item.update(widget="select", options=[{"label": label, "value": value}
                                              for value, label in getattr(choices, chosen)])
        if listed:
            item["multiple"] = True
    elif isinstance(inner, type) and issubclass(inner, schema.Vocabulary):
        item.update(widget="select", options=[{"label": schema.LABELS[member], "value": member.value}
                                              for member in inner])
        if listed:
            item["multiple"] = True
    elif listed and dataclasses.is_dataclass(inner):  # an item exists only once added: its own rules apply
        item.update(widget="list", collapsed=True, summary=_summary(inner), fields=_fields(inner, choices))
    elif listed:
        entry = {"label": item["label"], "name": "item", "widget": "string"}
        _checks(entry, check, limit)
        item.update(widget="list", field=entry)
    elif dataclasses.is_dataclass(inner) and inner is not schema.PartialDate:
        optional = within or ("" if required else item["label"])
        item.update(widget="object", collapsed=not required, fields=_fields(inner, choices, within=optional))
    elif inner is schema.PartialDate:
        item["pattern"] = PARTIAL_DATE_PATTERN
        help_text = help_text or PARTIAL_DATE_HINT
    elif inner is datetime.date:
        # No default: empty until picked (Decap 3 fills in the day only for default '{{now}}'), and a default
        # here would make every new list item and mapping that holds a date non-empty.
        item.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
        help_text = help_text or DATE_HINT
    elif inner is bool:
        item["widget"] = "boolean"
        if new_entry and name == "draft":
            item["default"] = True  # a new entry starts as a draft, as build.py new's does
    elif inner in (int, float):
        item.update(widget="number", value_type="int" if inner is int else "float")
        if check == "year":
            item.update(min=1900, max=2100)
    else:
        if name in PARAGRAPHS or limit >= 300:
            item["widget"] = "text"
        _checks(item, check, limit)
    if not field.metadata["required"] and item["widget"] in ("string", "text") and isinstance(field.default, str) \
            and field.default:
        item["default"] = field.default
    if help_text:
        item["hint"] = help_text + (f" Paling banyak {limit} karakter." if limit else "")
    return item


def _checks(item: dict, check: str, limit: int) -> None:
    pattern = {"slug": SLUG_PATTERN, "url": URL_PATTERN, "email": EMAIL_PATTERN, "path": PATH_PATTERN}.get(check)
    if pattern:
        item["pattern"] = pattern
    elif limit:
        item["pattern"] = [f"^[\\s\\S]{{0,{limit}}}$", f"Paling banyak {limit} karakter."]


def _summary(record: type) -> str:
    """How a collapsed item of a list of ``record`` is shown: its first field."""
    first = schema.editable_fields(record)[0].name
    return "{{fields.%s}}" % first


def _help(record_name: str, name: str) -> str:
    if record_name == "Innovation":
        return FORM_HELP.get(name) if name in ("agency",) else FIELD_HELP[name][0]
    return HELP.get(f"{record_name}.{name}", "")


def _without_none(annotation):
    if isinstance(annotation, types.UnionType):
        return next(argument for argument in typing.get_args(annotation) if argument is not type(None))
    return annotation


def read_choices(content: Path) -> Choices:
    """The agencies, awards, indicators and their levels from the content folder, as dropdowns."""
    agencies = tuple((agency_id, f"{name} ({agency_id})") for agency_id, name in read_agencies(content))
    awards = []
    for item in _items(content / "awards.yaml"):
        if {"id", "name", "year"} <= set(item):
            awards.append((str(item["id"]), f"{item['name']} {item['year']} ({item['id']})"))
    indicators = tuple((indicator_id, name) for indicator_id, name, _ in read_indicators(content))
    levels: dict[str, str] = {}
    iid = _mapping(content / "iid.yaml")
    for indicator in iid.get("indicators") or ():
        if isinstance(indicator, dict):
            for level in indicator.get("levels") or ():
                if isinstance(level, dict) and "id" in level and "name" in level:
                    levels.setdefault(str(level["id"]), f"{level['name']} ({level['id']})")
    return Choices(agencies, tuple(awards), indicators, tuple(levels.items()))


def read_settings(content: Path) -> dict:
    return _mapping(content / "site.yaml")


def plain(node):
    """A node of the catalogue's YAML reader (yamlnodes.parse) as plain values: dicts, lists, scalars."""
    value = node.value
    if isinstance(value, dict):
        return {key: plain(child) for key, (_, child) in value.items()}
    if isinstance(value, list):
        return [plain(child) for child in value]
    return value


def _load(path: Path):
    if not path.is_file():
        return None
    try:
        return plain(parse(read_text(path)))
    except (OSError, TextRefused, YamlRefused):
        raise UsageError(f"cannot read {path}: run python build.py check to see why") from None


def _items(path: Path) -> list[dict]:
    value = _load(path)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _mapping(path: Path) -> dict:
    value = _load(path)
    return value if isinstance(value, dict) else {}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the same list twice is written twice: no anchors, no aliases
        return True


def config_text(choices: Choices, settings: dict | None = None) -> str:
    return f"# {GENERATED}\n" + yaml.dump(config(choices, settings), Dumper=_Dumper, allow_unicode=True,
                                          sort_keys=False, width=100)


def write_config(root: Path, content: Path) -> Path:
    """Write templates/admin/config.yml under ``root`` (the repository); returns its path."""
    path = root / CONFIG
    text = config_text(read_choices(content), read_settings(content))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    return path
