"""The content model: every field an editor may write, defined once.

The loader checks YAML against these dataclasses, the field tables of docs/editing.md
are tested against them, and templates read them. A field's metadata says
whether it is required, which extra check applies and what it means.
"""
from __future__ import annotations

import copyreg
import dataclasses
import datetime
from enum import Enum
from types import MappingProxyType
from typing import Any, Mapping


def frozen_mapping(items: dict) -> Mapping:
    return MappingProxyType(items)


# Records travel between processes and into the build cache by pickle, which cannot
# name the mappingproxy type itself: rebuild it from a dict.
copyreg.pickle(MappingProxyType, lambda mapping: (frozen_mapping, (dict(mapping),)))


def spec(doc: str, *, required: bool = False, check: str = "", max_length: int = 0,
         default: Any = None, refers: str = "") -> Any:
    """A field editors write. ``check`` names an extra rule in records.py (slug, url, ...);
    ``refers`` the kind of record an id in it names (checked once the whole catalogue is read)."""
    metadata = {"doc": doc, "required": required, "check": check, "max_length": max_length, "refers": refers}
    return dataclasses.field(default=default, metadata=metadata)


def derived(doc: str, default: Any = None) -> Any:
    """A field the generator fills in; editors never write it."""
    return dataclasses.field(default=default, metadata={"doc": doc, "derived": True})


def editable_fields(record: type) -> list[dataclasses.Field]:
    """The fields of ``record`` that content files may set, in declaration order."""
    return [f for f in dataclasses.fields(record) if not f.metadata.get("derived")]


class Vocabulary(Enum):
    """A closed list of values; ``label`` is the Indonesian text shown to readers."""

    @property
    def label(self) -> str:
        return LABELS[self]


class Stage(Vocabulary):
    INISIATIF = "inisiatif"
    UJI_COBA = "uji-coba"
    PENERAPAN = "penerapan"


class InnovationType(Vocabulary):
    DIGITAL = "digital"
    NON_DIGITAL = "non-digital"


class Level(Vocabulary):
    KOTA = "kota"
    PROVINSI = "provinsi"
    NASIONAL = "nasional"
    INTERNASIONAL = "internasional"


class AgencyKind(Vocabulary):
    OPD = "opd"
    BUMD = "bumd"
    UPT = "upt"


class RepositoryHost(Vocabulary):
    GITHUB = "github"
    GITLAB = "gitlab"


class Form(Vocabulary):
    """The forms of regional innovation of PP 38/2017, Pasal 9."""

    TATA_KELOLA = "tata-kelola"
    PELAYANAN_PUBLIK = "pelayanan-publik"
    LAINNYA = "lainnya"


class Initiator(Vocabulary):
    """Who may propose a regional innovation under PP 38/2017."""

    KEPALA_DAERAH = "kepala-daerah"
    ANGGOTA_DPRD = "anggota-dprd"
    ASN = "asn"
    PERANGKAT_DAERAH = "perangkat-daerah"
    MASYARAKAT = "masyarakat"


class ReplicationKind(Vocabulary):
    STUDI_TIRU = "studi-tiru"
    REPLIKASI = "replikasi"
    PANDUAN = "panduan"


class Running(Vocabulary):
    """Whether an innovation still runs, as KemenPAN-RB's JIPPNas records it ("berlanjut"/"berhenti")."""

    BERJALAN = "berjalan"
    BERHENTI = "berhenti"


class EvidenceKind(Vocabulary):
    """The kinds of document an indicator of the Indeks Inovasi Daerah accepts."""

    PDF = "pdf"
    FOTO = "foto"
    VIDEO = "video"


LABELS: Mapping[Vocabulary, str] = MappingProxyType({
    Stage.INISIATIF: "Inisiatif", Stage.UJI_COBA: "Uji coba", Stage.PENERAPAN: "Penerapan",
    InnovationType.DIGITAL: "Digital", InnovationType.NON_DIGITAL: "Non-digital",
    Level.KOTA: "Kota", Level.PROVINSI: "Provinsi", Level.NASIONAL: "Nasional",
    Level.INTERNASIONAL: "Internasional",
    AgencyKind.OPD: "Perangkat daerah (OPD)", AgencyKind.BUMD: "Badan usaha milik daerah (BUMD)",
    AgencyKind.UPT: "Unit pelaksana teknis (UPT)",
    RepositoryHost.GITHUB: "GitHub", RepositoryHost.GITLAB: "GitLab",
    Form.TATA_KELOLA: "Tata kelola pemerintahan daerah", Form.PELAYANAN_PUBLIK: "Pelayanan publik",
    Form.LAINNYA: "Inovasi daerah lainnya",
    Initiator.KEPALA_DAERAH: "Kepala daerah", Initiator.ANGGOTA_DPRD: "Anggota DPRD", Initiator.ASN: "ASN",
    Initiator.PERANGKAT_DAERAH: "Perangkat daerah", Initiator.MASYARAKAT: "Masyarakat",
    ReplicationKind.STUDI_TIRU: "Studi tiru (kunjungan belajar)", ReplicationKind.REPLIKASI: "Replikasi",
    ReplicationKind.PANDUAN: "Panduan replikasi",
    Running.BERJALAN: "Masih berjalan", Running.BERHENTI: "Berhenti",
    EvidenceKind.PDF: "PDF", EvidenceKind.FOTO: "Foto", EvidenceKind.VIDEO: "Video",
})


@dataclasses.dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: "2020", "2020-01" or 2020-01-06.

    Sources often give only a year or a month for a trial or a visit; a made-up day
    would be a fact the catalogue does not have. Ordered by (year, month, day), an
    unknown part counting as 0, so "2020" sorts before "2020-01".
    """

    year: int
    month: int = 0  # 0: unknown
    day: int = 0  # 0: unknown

    @property
    def iso(self) -> str:
        """2020, 2020-01 or 2020-01-06: as an editor writes it, and valid in <time datetime>."""
        parts = [f"{self.year:04}", f"{self.month:02}" if self.month else "", f"{self.day:02}" if self.day else ""]
        return "-".join(part for part in parts if part)


@dataclasses.dataclass(frozen=True)
class Origin:
    """Where a record came from: its file and the line of each of its keys."""

    path: str
    line: int
    key_lines: Mapping[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key`` (a dotted path such as ``partners.1``), else the record's."""
        while key:
            if key in self.key_lines:
                return self.key_lines[key]
            key = key.rpartition(".")[0]
        return self.line


@dataclasses.dataclass(frozen=True)
class Heading:
    """A body heading, for the table of contents and fragment checks."""

    level: int
    id: str
    text: str


@dataclasses.dataclass(frozen=True)
class InternalLink:
    """A body link to another content file, checked once the whole catalogue is known."""

    kind: str  # "innovation", "page" or "file"
    slug: str  # for "file": the path under content/files/
    fragment: str
    line: int


@dataclasses.dataclass(frozen=True)
class Section:
    """A ``##`` section of a body: its heading and how many words it holds (with its subsections)."""

    heading: str
    words: int


@dataclasses.dataclass(frozen=True)
class Body:
    """A rendered, sanitised Markdown body and what the checks need to know of it."""

    html: str = ""
    headings: tuple[Heading, ...] = ()
    links: tuple[InternalLink, ...] = ()
    sections: tuple[Section, ...] = ()  # the ## sections in order, for the IID profile's word counts


# --- records editors write ---------------------------------------------------------------

@dataclasses.dataclass(frozen=True, kw_only=True)
class Source:
    publisher: str = spec("who published it, e.g. ANTARA", required=True)
    title: str | None = spec("title of the article or document")
    date: datetime.date | None = spec("date of publication (YYYY-MM-DD)")
    url: str | None = spec("http(s) address", check="url")
    note: str | None = spec("a short remark shown after the source, e.g. advertorial", max_length=100)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Replication:
    by: str = spec("who replicated the innovation or came to learn from it, e.g. Pemerintah Kabupaten Temanggung",
                   required=True)
    kind: ReplicationKind = spec("a study visit, a replication, or a replication guide", required=True)
    date: PartialDate | None = spec('when: "2023", "2023-05" or 2023-05-10')
    description: str | None = spec("one or two plain sentences, at most 300 characters", max_length=300)
    source: Source = spec("the publication that reports it: publisher, title, date, url, note", required=True)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Status:
    state: Running = spec("berjalan (still running) or berhenti (stopped)", required=True)
    date: PartialDate | None = spec('when it was last confirmed running, or since when it stopped: "2024", '
                                    '"2024-03" or 2024-03-12')
    source: Source | None = spec("the publication or record that confirms it: publisher, title, date, url, note")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Evidence:
    indicator: str = spec("id of an indicator in iid.yaml, e.g. regulasi", required=True, check="slug",
                          refers="indicator")
    level: str | None = spec("the level claimed: the id of one of that indicator's levels", check="slug")
    file: str | None = spec("the document, a path under content/files/", check="file")
    url: str | None = spec("the document's http(s) address, when it is not under content/files/", check="url")
    source: Source | None = spec("who published the document: publisher, title, date, url, note")
    date: PartialDate | None = spec('date of the document: "2023", "2023-05" or 2023-05-10')
    note: str | None = spec("a short remark, at most 300 characters", max_length=300)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Contact:
    name: str | None = spec("office role or desk to ask, not a private person")
    unit: str | None = spec("unit within the agency")
    phone: str | None = spec("office telephone, in quotes")
    email: str | None = spec("office e-mail address", check="email")
    address: str | None = spec("office address")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Document:
    title: str = spec("what the document is", required=True)
    file: str = spec("path under content/files/", required=True, check="file")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Repository:
    url: str = spec("web address of the repository, e.g. https://github.com/owner/name", required=True,
                    check="repository")
    branch: str = spec("branch the site is published from", check="branch", default="main")
    host: RepositoryHost = spec("where it is hosted, for the address of its web editor and issues", required=True)
    content_path: str = spec("folder of the content files, from the repository's root; . for the root itself",
                             check="folder", default="content")
    cms_app_id: str | None = spec("GitLab: the ID of the OAuth application that signs editors in to /admin/ "
                                  "(PKCE; public, not a secret)")
    cms_auth_url: str | None = spec("GitHub: the address of the OAuth service that signs editors in to /admin/ "
                                    "(Decap's base_url); empty for Netlify's", check="url")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Settings:
    """The catalogue's settings: content/site.yaml."""

    title: str = spec("name of the catalogue", default="Katalog Inovasi")
    description: str = spec("one sentence on what the catalogue is", default="")
    language: str = spec("language code of the pages", default="id")
    base_url: str = spec("absolute URL of the published site; empty for relative links only",
                         check="base_url", default="")
    edit_url: str = spec("prefix of 'edit this page' links, e.g. a repository's edit URL; wins over repository",
                         check="url", default="")
    repository: Repository | None = spec("the repository the content is kept in, for 'edit' and "
                                         "'report a mistake' links: url, branch, host, content_path")
    license: str = spec("licence of the catalogue's text and data, e.g. CC BY 4.0", default="")
    precompress: bool = spec("true writes a .gz copy beside every text file over 1 KB, for servers that send "
                             "precompressed files (nginx gzip_static, GitLab Pages); as --precompress", default=False)
    origin: Origin | None = derived("file and lines it came from")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Agency:
    id: str = spec("slug, unique", required=True, check="slug")
    name: str = spec("full name, e.g. Dinas Lingkungan Hidup", required=True, check="name")
    short: str = spec("abbreviation, e.g. DLH", required=True)
    kind: AgencyKind | None = spec("regional agency, regional enterprise, or a unit under an OPD (e.g. a Puskesmas)")
    parent: str | None = spec("agency id of the OPD a upt belongs to", check="slug", refers="agency")
    former_names: tuple[str, ...] = spec("earlier names of the agency; search finds them", default=())
    url: str | None = spec("official page", check="url")
    description: str | None = spec("a paragraph of Markdown")
    origin: Origin | None = derived("file and lines it came from")
    body: Body = derived("the description, rendered", default=Body())


@dataclasses.dataclass(frozen=True, kw_only=True)
class Award:
    id: str = spec("slug, unique, e.g. iga-2019", required=True, check="slug")
    name: str = spec("e.g. Innovative Government Award; one name, one programme", required=True, check="name")
    year: int = spec("year given", required=True, check="year")
    giver: str | None = spec("who gives it, e.g. Kementerian Dalam Negeri; leave out when no source names it")
    level: Level | None = spec("level of the award")
    rank: str | None = spec('e.g. "Peringkat 1, Kategori Ekosistem Inovasi"')
    recipient: str | None = spec("a recipient that is not an innovation, e.g. Pemerintah Kota Magelang")
    date: PartialDate | None = spec('when it was given or held: "2019", "2019-10" or 2019-10-07')
    description: str | None = spec("a paragraph of Markdown")
    sources: tuple[Source, ...] = spec("publications that back it", default=())
    origin: Origin | None = derived("file and lines it came from")
    body: Body = derived("the description, rendered", default=Body())


@dataclasses.dataclass(frozen=True, kw_only=True)
class Indicator:
    """One yearly figure of the city (indikator.yaml), e.g. its Indeks Inovasi Daerah of 2023."""

    id: str = spec("slug, unique, e.g. iid-2023", required=True, check="slug")
    name: str = spec("what is measured, e.g. Indeks Inovasi Daerah; one name, one table", required=True,
                     check="name")
    year: int = spec("year of the figure", required=True, check="year")
    value: float = spec("the figure, a number such as 59.28", required=True)
    predicate: str | None = spec('the grade given with it, e.g. "Kota Inovatif"')
    sources: tuple[Source, ...] = spec("publications that report it, at least one", required=True, default=())
    origin: Origin | None = derived("file and lines it came from")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Innovation:
    title: str = spec("the innovation's name, e.g. SIPPUT", required=True)
    agency: str = spec("id of the lead agency", required=True, check="slug", refers="agency")
    summary: str = spec("one or two plain sentences, at most 300 characters: lists, search, share previews",
                        required=True, max_length=300)
    also_known_as: tuple[str, ...] = spec("other spellings of the name; search finds them", default=())
    partners: tuple[str, ...] = spec("ids of other agencies involved", check="slug", default=(), refers="agency")
    year: int | None = spec("year first put into use", check="year")
    stage: Stage | None = spec("stage in the Indeks Inovasi Daerah")
    type: InnovationType | None = spec("whether the service runs on digital technology")
    form: Form | None = spec("form of regional innovation (PP 38/2017, Pasal 9)")
    initiator: Initiator | None = spec("who proposed it (PP 38/2017)")
    trial_date: PartialDate | None = spec('start of the trial ("waktu uji coba"): "2020", "2020-01" or 2020-01-06')
    implementation_date: PartialDate | None = spec('start of implementation ("waktu penerapan"), written as '
                                                   'trial_date')
    sector: str | None = spec("government affair it serves, a slug such as kesehatan", check="slug")
    awards: tuple[str, ...] = spec("ids from awards.yaml", check="slug", default=(), refers="award")
    tags: tuple[str, ...] = spec("free words", default=())
    contact: Contact | None = spec("public office contact: name, unit, phone, email, address")
    website: str | None = spec("http(s) URL of the service", check="url")
    documents: tuple[Document, ...] = spec("documents to download, each {title, file}; the file must exist", default=())
    image: str | None = spec("a file under content/files/", check="file")
    sources: tuple[Source, ...] = spec("publications that back the entry's facts (strongly advised)", default=())
    replications: tuple[Replication, ...] = spec("other regions that replicated it or came to learn from it, "
                                                 "each {by, kind, date, description, source}", default=())
    status: Status | None = spec("whether it still runs: state (berjalan or berhenti), date, source")
    evidence: tuple[Evidence, ...] = spec("documents for the Indeks Inovasi Daerah's indicators, each {indicator, "
                                          "level, file or url, source, date, note}", default=())
    updated: datetime.date | None = spec("date of the last review (YYYY-MM-DD)")
    draft: bool = spec("true keeps it out of a build unless --drafts", default=False)
    aliases: tuple[str, ...] = spec("old URL paths that must redirect here", check="path", default=())
    slug: str = derived("the file name without .md", default="")
    origin: Origin | None = derived("file and lines it came from")
    body: Body = derived("the rendered body", default=Body())


@dataclasses.dataclass(frozen=True, kw_only=True)
class Page:
    title: str = spec("the page's heading", required=True)
    summary: str | None = spec("one sentence for search results and share previews", max_length=300)
    footer: bool = spec("false leaves it out of every page's footer, e.g. a part of a guide that its first page "
                        "links", default=True)
    draft: bool = spec("true keeps it out of a build unless --drafts", default=False)
    slug: str = derived("the file name without .md", default="")
    origin: Origin | None = derived("file and lines it came from")
    body: Body = derived("the rendered body", default=Body())


# --- iid.yaml: the Indeks Inovasi Daerah's definitions of one edition ------------------------
# Kemendagri changes them from year to year: Bappeda edits the file, the code reads it.

@dataclasses.dataclass(frozen=True, kw_only=True)
class IidProfileField:
    id: str = spec("slug, unique, e.g. tujuan", required=True, check="slug")
    name: str = spec("its name in the IID application's profile, e.g. Tujuan Inovasi", required=True)
    field: str | None = spec("the entry field it is read from, e.g. stage (or section)")
    section: str | None = spec("the body section it is read from, its ## heading, e.g. Tujuan (or field)")
    min_words: int | None = spec("the fewest words the application accepts in it")


@dataclasses.dataclass(frozen=True, kw_only=True)
class IidLevel:
    id: str = spec("slug, unique within its indicator, e.g. perda", required=True, check="slug")
    name: str = spec("the level in words, e.g. Peraturan Daerah", required=True)


@dataclasses.dataclass(frozen=True, kw_only=True)
class IidIndicator:
    id: str = spec("slug, unique, e.g. regulasi", required=True, check="slug")
    name: str = spec("its name in the IID application, e.g. Regulasi Inovasi Daerah", required=True, check="name")
    mandatory: bool = spec("true for the evidence every innovation must have", default=False)
    levels: tuple[IidLevel, ...] = spec("the levels an editor may claim, highest first; none when not known",
                                        default=())
    accepts: tuple[EvidenceKind, ...] = spec("the kinds of document accepted: pdf, foto, video", default=())
    note: str | None = spec("what the document must show", max_length=300)


@dataclasses.dataclass(frozen=True, kw_only=True)
class RegionalEvidence:
    title: str = spec("the document, e.g. Perda Kota Magelang Nomor 5 Tahun 2018 tentang Inovasi Daerah",
                      required=True)
    date: PartialDate | None = spec('its date: "2018", "2018-12" or 2018-12-06')
    note: str | None = spec("what a reader should know of it", max_length=300)
    source: Source = spec("the publication that reports it", required=True)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Iid:
    """content/iid.yaml: the profile and evidence of the Indeks Inovasi Daerah, as one edition defines them."""

    edition: str = spec("the edition these definitions are of, e.g. IID 2023", required=True)
    profile: tuple[IidProfileField, ...] = spec("the innovation profile's fields, in the form's order",
                                                required=True, default=())
    indicators: tuple[IidIndicator, ...] = spec("the evidence indicators, in the form's order", required=True,
                                                default=())
    regional_evidence: tuple[RegionalEvidence, ...] = spec("the region's own evidence, e.g. its regulation on "
                                                           "innovation", default=())
    sources: tuple[Source, ...] = spec("where these definitions come from", required=True, default=())
    origin: Origin | None = derived("file and lines it came from")
