"""``python build.py forms``: the proposal form for agency staff, generated from the schema.

One list of questions (``questions``) feeds the GitHub issue form, the GitLab issue
template and ``build.py propose``, which reads the answers back: a question's label is
the heading under which GitHub and GitLab show its answer. The help texts are those of
``build.py new`` and of the editors' guide, so the form cannot drift from the model.
"""
from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import yaml

from ..content import schema
from ..content.completeness import RECOMMENDED_SECTIONS
from ..content.text import TextRefused, read_text
from ..content.yamlnodes import YamlRefused, parse
from ..errors import UsageError
from .scaffold import FIELD_HELP, SECTION_HINTS

GITHUB_FORM = Path(".github/ISSUE_TEMPLATE/usulan-inovasi.yml")
GITLAB_TEMPLATE = Path(".gitlab/issue_templates/usulan-inovasi.md")
LABEL = "usulan-inovasi"  # the issues the proposal workflow converts carry it
GENERATED = "Dibuat oleh 'python build.py forms' dari skema katalog; jangan disunting langsung."

# The form asks agency staff, not editors of YAML: these say it in their terms (others are FIELD_HELP's).
FORM_HELP: typing.Mapping[str, str] = {
    "agency": "Perangkat daerah, BUMD atau UPT yang memimpin inovasi ini. Bila tidak ada di daftar, "
              "tulis namanya di Latar Belakang dan pilih yang terdekat.",
    "sector": "Urusan pemerintahan yang dilayani, huruf kecil dengan tanda hubung, mis. kesehatan, "
              "lingkungan-hidup, kependudukan.",
    "sources": "Alamat (http/https) berita, dokumen atau halaman resmi yang mendukung isi usulan, satu alamat "
               "per baris. Tanpa sumber, usulan tetap diterima sebagai draf.",
}
CONTACT_LABELS = {"name": "Kontak: jabatan atau loket", "unit": "Kontak: unit kerja",
                  "phone": "Kontak: telepon kantor", "email": "Kontak: surel kantor", "address": "Kontak: alamat kantor"}
CONTACT_HELP = "Kontak kantor yang terbuka untuk umum, bukan orang pribadi. Isi yang diketahui saja."
LABELS = {"title": "Nama inovasi", "agency": "Perangkat daerah pengampu", "summary": "Ringkasan", "year": "Tahun mulai",
          "stage": "Tahap", "type": "Jenis", "sector": "Urusan pemerintahan", "form": "Bentuk", "initiator": "Inisiator",
          "website": "Situs layanan", "sources": "Sumber"}
ASKED = ("title", "agency", "summary", "year", "stage", "type", "sector", "form", "initiator", "website")


@dataclasses.dataclass(frozen=True)
class Question:
    key: str  # a field ("year"), "contact.<field>", "status.date", "sources", "section:<heading>" or
    # "evidence:<indicator id>"
    label: str  # the heading its answer comes under in the issue
    kind: str  # "input", "textarea" or "dropdown"
    help: str
    required: bool = False
    options: tuple[str, ...] = ()  # a dropdown's choices, as shown
    values: tuple[str, ...] = ()  # what each choice stands for in the entry

    @property
    def form_id(self) -> str:
        return (self.key.replace("section:", "bagian-").replace("evidence:", "bukti-").replace(".", "-")
                .replace(" ", "-").lower())


STATUS_DATE_HELP = ("Saat terakhir diketahui masih berjalan, atau sejak kapan berhenti: tahun, atau tahun dan bulan "
                    "(mis. 2024-03). Sebutkan sumbernya di Sumber.")
EVIDENCE_HELP = ("Alamat (http/https) dokumen bukti dukung Indeks Inovasi Daerah untuk indikator ini (peraturan, "
                 "SK, laporan, foto atau video), bila ada.")


def questions(agencies: list[tuple[str, str]], indicators: list[tuple[str, str, bool]] = ()) -> list[Question]:
    """Every question, in order; ``agencies`` are (id, name) from agencies.yaml, ``indicators``
    (id, name, mandatory) from iid.yaml: one question for the evidence of each."""
    fields = {field.name: field for field in schema.editable_fields(schema.Innovation)}
    hints = typing.get_type_hints(schema.Innovation)
    asked = []
    for name in ASKED:
        field = fields[name]
        help_text = FORM_HELP.get(name) or FIELD_HELP[name][0]
        required = field.metadata["required"]
        vocabulary = _vocabulary(hints[name])
        if name == "agency":
            asked.append(Question(name, LABELS[name], "dropdown", help_text, required,
                                  tuple(f"{agency_name} ({agency_id})" for agency_id, agency_name in agencies),
                                  tuple(agency_id for agency_id, _ in agencies)))
        elif vocabulary:
            asked.append(Question(name, LABELS[name], "dropdown", help_text, required,
                                  tuple(schema.LABELS[member] for member in vocabulary),
                                  tuple(member.value for member in vocabulary)))
        else:
            kind = "textarea" if name == "summary" else "input"
            limit = field.metadata["max_length"]
            asked.append(Question(name, LABELS[name], kind, help_text + (f" Paling banyak {limit} karakter."
                                                                          if limit else ""), required))
    asked += [Question(f"contact.{name}", label, "input", CONTACT_HELP if name == "name" else "")
              for name, label in CONTACT_LABELS.items()]
    asked += [Question("status", "Status", "dropdown", FIELD_HELP["status"][0],
                       options=tuple(schema.LABELS[member] for member in schema.Running),
                       values=tuple(member.value for member in schema.Running)),
              Question("status.date", "Status: per kapan", "input", STATUS_DATE_HELP)]
    asked.append(Question("sources", LABELS["sources"], "textarea", FORM_HELP["sources"]))
    asked += [Question(f"section:{section}", section, "textarea", SECTION_HINTS[section])
              for section in RECOMMENDED_SECTIONS]
    asked += [Question(f"evidence:{indicator_id}", f"Bukti dukung: {name}" + (" (wajib IID)" if mandatory else ""),
                       "input", EVIDENCE_HELP) for indicator_id, name, mandatory in indicators]
    return asked


def _vocabulary(annotation) -> type[schema.Vocabulary] | None:
    for argument in typing.get_args(annotation) or (annotation,):
        if isinstance(argument, type) and issubclass(argument, schema.Vocabulary):
            return argument
    return None


def read_agencies(content: Path) -> list[tuple[str, str]]:
    """(id, name) of each agency in ``content/agencies.yaml``; UsageError if it cannot be read."""
    try:
        items = parse(read_text(content / "agencies.yaml")).value
    except (OSError, TextRefused, YamlRefused):
        raise UsageError(f"cannot read {content}/agencies.yaml: run python build.py check to see why") from None
    agencies = []
    for item in items if isinstance(items, list) else ():
        fields = item.value if isinstance(item.value, dict) else {}
        if "id" in fields and "name" in fields:
            agencies.append((str(fields["id"][1].value), str(fields["name"][1].value)))
    if not agencies:
        raise UsageError(f"{content}/agencies.yaml lists no agencies: run python build.py check to see why")
    return agencies


def read_indicators(content: Path) -> list[tuple[str, str, bool]]:
    """(id, name, mandatory) of each indicator in ``content/iid.yaml``; none without the file. The file's
    own errors are for `build.py check` to report: what cannot be read here is left out."""
    path = content / "iid.yaml"
    if not path.is_file():
        return []
    try:
        root = parse(read_text(path)).value
    except (OSError, TextRefused, YamlRefused):
        raise UsageError(f"cannot read {content}/iid.yaml: run python build.py check to see why") from None
    items = root.get("indicators", (0, None))[1].value if isinstance(root, dict) else None
    indicators = []
    for item in items if isinstance(items, list) else ():
        fields = item.value if isinstance(item.value, dict) else {}
        if "id" in fields and "name" in fields:
            mandatory = fields.get("mandatory", (0, None))[1]
            indicators.append((str(fields["id"][1].value), str(fields["name"][1].value),
                               bool(mandatory and mandatory.value is True)))
    return indicators


def github_form(asked: list[Question]) -> str:
    """The GitHub issue form (YAML)."""
    body: list[dict] = [{"type": "markdown", "attributes": {"value": (
        "Formulir ini mengusulkan satu inovasi untuk Katalog Inovasi Kota Magelang. Jawaban Anda menjadi draf "
        "entri katalog dalam sebuah permintaan tarik (pull request) yang diperiksa Bappeda sebelum terbit. "
        "Isi yang Anda ketahui saja, dengan sumbernya bila ada; bagian yang kosong boleh dilengkapi kemudian.")}}]
    for question in asked:
        attributes: dict = {"label": question.label}
        if question.help:
            attributes["description"] = question.help
        if question.options:
            attributes["options"] = list(question.options)
        item = {"type": question.kind, "id": question.form_id, "attributes": attributes}
        if question.required:
            item["validations"] = {"required": True}
        body.append(item)
    form = {"name": "Usulan inovasi", "description": "Usulkan inovasi perangkat daerah atau BUMD untuk katalog.",
            "title": "Usulan inovasi: ", "labels": [LABEL], "body": body}
    return f"# {GENERATED}\n" + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


def gitlab_template(asked: list[Question]) -> str:
    """The GitLab issue template: the same headings, with the help in comments that GitLab hides."""
    lines = [f"<!-- {GENERATED} -->", "<!-- Tulis jawaban di bawah setiap judul; biarkan kosong bila belum "
             "diketahui. Jawaban menjadi draf entri katalog yang diperiksa Bappeda. -->", ""]
    for question in asked:
        lines += [f"### {question.label}", ""]
        notes = [question.help] if question.help else []
        if question.options:
            notes.append("Tulis salah satu: " + "; ".join(question.options) + ".")
        if question.required:
            notes.append("Wajib.")
        if notes:
            lines += [f"<!-- {' '.join(notes).replace('--', '-')} -->", ""]
    lines += [f"/label ~{LABEL}", ""]
    return "\n".join(lines)


def write_forms(root: Path, content: Path) -> list[Path]:
    """Write both forms under ``root`` (the repository); returns their paths."""
    asked = questions(read_agencies(content), read_indicators(content))
    written = []
    for relative, text in ((GITHUB_FORM, github_form(asked)), (GITLAB_TEMPLATE, gitlab_template(asked))):
        path = root / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
        written.append(path)
    return written
