"""`build.py schema`: JSON Schemas that are valid, fit the real content, and agree with the loader."""
from __future__ import annotations

import dataclasses
import datetime
import json
import shutil
import types
import typing
from pathlib import Path

import jsonschema
import pytest
import yaml
from jsonschema import Draft7Validator

import build
from conftest import ROOT, real_content
from katalog.content import schema
from katalog.errors import UsageError
from katalog.tools.jsonschema import SCHEMA_FILES, SchemaFile, document, write_schemas

EXAMPLE = ROOT / "tests" / "example" / "content"
CONTENT_ROOTS = {"content": real_content(), "example": EXAMPLE}
SCHEMA_FOR = {file.name: file for file in SCHEMA_FILES}


def as_editor_sees(value):
    """YAML as an editor's YAML 1.2 tooling hands it to a validator: dates are plain strings."""
    if isinstance(value, dict):
        return {key: as_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def editor_view(path: Path):
    """The YAML of a data file, or of a Markdown file's front matter (between the first two '---')."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        lines = text.splitlines()
        assert lines[0] == "---", f"{path} does not start with front matter"
        text = "\n".join(lines[1:lines.index("---", 1)])
    return as_editor_sees(yaml.safe_load(text))


def schema_errors(file: SchemaFile, instance) -> list[str]:
    validator = Draft7Validator(document(file), format_checker=Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(instance)]


def files_for(file: SchemaFile, root: Path) -> list[Path]:
    return sorted(root.glob(file.applies_to.removeprefix("content/")))


CONTENT_FILES = [
    pytest.param(file, path, id=f"{name}/{path.relative_to(root).as_posix()}",
                 marks=[pytest.mark.real_content] if name == "content" else [])
    for name, root in CONTENT_ROOTS.items() for file in SCHEMA_FILES for path in files_for(file, root)
]


# --- (1) the schemas are valid JSON Schema ---------------------------------------------------

@pytest.mark.parametrize("file", SCHEMA_FILES, ids=lambda file: file.name)
def test_each_schema_is_a_valid_draft_7_schema(file):
    generated = document(file)
    Draft7Validator.check_schema(generated)
    assert jsonschema.validators.validator_for(generated) is Draft7Validator


# Keywords that draft-07 and 2020-12 read alike: tools on either draft complete and check every field.
SHARED_KEYWORDS = {"$schema", "$id", "title", "description", "default", "type", "properties", "required",
                   "additionalProperties", "items", "enum", "pattern", "format", "minLength", "maxLength",
                   "minimum", "maximum", "minItems"}


def keywords(node: dict) -> set[str]:
    found = set(node)
    for child in [*node.get("properties", {}).values(), *([node["items"]] if "items" in node else [])]:
        found |= keywords(child)
    return found


@pytest.mark.parametrize("file", SCHEMA_FILES, ids=lambda file: file.name)
def test_schemas_use_only_keywords_that_draft_7_reads_alike(file):
    assert keywords(document(file)) <= SHARED_KEYWORDS


# --- (2) every content file passes, the example's and the real catalogue's ------------------------------------------------------

def test_every_kind_of_file_is_covered_by_the_example_site():
    assert all(files_for(file, EXAMPLE) for file in SCHEMA_FILES)


@pytest.mark.parametrize(("file", "path"), CONTENT_FILES)
def test_content_file_is_valid_against_its_schema(file, path):
    instance = editor_view(path)
    assert schema_errors(file, instance) == []


# --- (3) schema and loader refuse the same mistakes ------------------------------------------

MINIMAL = "innovations/minimal.md"
MINIMAL_TEXT = "---\ntitle: Inovasi Minimal\nagency: pdam\nsummary: Entri tanpa bidang opsional.\n{extra}---\n"
AGENCY_TEXT = (EXAMPLE / "agencies.yaml").read_text(encoding="utf-8")
AWARD_TEXT = (EXAMPLE / "awards.yaml").read_text(encoding="utf-8")
SITE_TEXT = (EXAMPLE / "site.yaml").read_text(encoding="utf-8")
INDICATOR_TEXT = (EXAMPLE / "indikator.yaml").read_text(encoding="utf-8")
assert INDICATOR_TEXT.startswith("- id: iid-2021\n  name: Indeks Inovasi Daerah\n  year: 2021\n  value: 59.28\n")

# name: (file changed in a copy of the example content, its new text, what the loader says)
REFUSED = {
    "unknown field": (MINIMAL, MINIMAL_TEXT.format(extra="sumary: Salah ketik.\n"), "unknown field 'sumary'"),
    "wrong stage": (MINIMAL, MINIMAL_TEXT.format(extra="stage: selesai\n"), "stage: expected one of"),
    "agency id not a slug": ("agencies.yaml", AGENCY_TEXT + "- id: Dinas_Baru\n  name: Dinas Baru\n  short: DB\n",
                             "is not a valid id"),
    "summary over 300 characters": (
        MINIMAL, MINIMAL_TEXT.replace("Entri tanpa bidang opsional.", "x" * 301).format(extra=""),
        "301 characters, more than 300"),
    "missing required field": ("awards.yaml", AWARD_TEXT + "- id: lomba-2021\n  name: Lomba\n",
                               "year: required field is missing"),
    "wrong form": (MINIMAL, MINIMAL_TEXT.format(extra="form: layanan\n"), "form: expected one of"),
    "wrong initiator": (MINIMAL, MINIMAL_TEXT.format(extra="initiator: walikota\n"), "initiator: expected one of"),
    "month 13": (MINIMAL, MINIMAL_TEXT.format(extra='trial_date: "2020-13"\n'), "has no month 13"),
    "a year not in quotes": (MINIMAL, MINIMAL_TEXT.format(extra="trial_date: 2020\n"),
                             "expected a year, a month or a date"),
    "a date in words": (MINIMAL, MINIMAL_TEXT.format(extra="implementation_date: 6 Januari 2020\n"),
                        "expected a year, a month or a date"),
    "a year out of range": (MINIMAL, MINIMAL_TEXT.format(extra='implementation_date: "2101-01"\n'),
                            "not a plausible year"),
    "replication without by": (MINIMAL, MINIMAL_TEXT.format(
        extra="replications:\n  - kind: replikasi\n    source: {publisher: ANTARA}\n"), "by: required field"),
    "replication without source": (MINIMAL, MINIMAL_TEXT.format(
        extra="replications:\n  - by: Kota Lain\n    kind: replikasi\n"), "source: required field"),
    "wrong replication kind": (MINIMAL, MINIMAL_TEXT.format(
        extra="replications:\n  - by: Kota Lain\n    kind: tiru\n    source: {publisher: ANTARA}\n"),
        "kind: expected one of"),
    "unknown field in a source": (MINIMAL, MINIMAL_TEXT.format(
        extra="sources:\n  - publisher: ANTARA\n    catatan: advertorial\n"), "unknown field 'sources.0.catatan'"),
    "indicator value in quotes": ("indikator.yaml", INDICATOR_TEXT.replace("value: 59.28", 'value: "59.28"'),
                                  "value: expected a number"),
    "indicator value true": ("indikator.yaml", INDICATOR_TEXT.replace("value: 59.28", "value: true"),
                             "value: expected a number"),
    "indicator without sources": ("indikator.yaml", INDICATOR_TEXT.split("  sources:")[0],
                                  "sources: required field is missing"),
    "indicator with an empty list of sources": (
        "indikator.yaml", INDICATOR_TEXT.split("  sources:")[0] + "  sources: []\n", "sources: list is empty"),
    "unknown field in an indicator": ("indikator.yaml", INDICATOR_TEXT.replace("  year: 2021", "  tahun: 2021"),
                                      "unknown field 'tahun'"),
    "year out of range": (MINIMAL, MINIMAL_TEXT.format(extra="year: 2101\n"), "not a plausible year"),
    "empty required value": (MINIMAL, MINIMAL_TEXT.replace("title: Inovasi Minimal", "title:").format(extra=""),
                             "title: value is empty"),
    "website not http": (MINIMAL, MINIMAL_TEXT.format(extra="website: ftp://example.org/\n"),
                         "is not an http(s) address"),
    "unknown repository host": ("site.yaml", SITE_TEXT.replace("host: github", "host: bitbucket"),
                                "repository.host: expected one of github, gitlab"),
    "branch with a space": ("site.yaml", SITE_TEXT.replace("branch: main", 'branch: "a b"'),
                            "is not a safe branch name"),
    "branch with ..": ("site.yaml", SITE_TEXT.replace("branch: main", "branch: a..b"), "is not a safe branch name"),
    "content folder outside the repository": (
        "site.yaml", SITE_TEXT.replace("branch: main", "content_path: ../isi"), "is not a folder of the repository"),
    "unknown field in repository": ("site.yaml", SITE_TEXT.replace("branch: main", "brnch: main"),
                                    "unknown field 'repository.brnch'"),
}
# Values the loader accepts, so the schema must not flag them in an editor.
ACCEPTED = {
    "empty optional values": (MINIMAL, MINIMAL_TEXT.format(extra="stage:\ntype:\nyear:\ncontact:\ntags:\n"
                                                               "draft:\nupdated:\n")),
    "year at the bounds": (MINIMAL, MINIMAL_TEXT.format(extra="year: 1900\nupdated: 2100-12-31\n")),
    "partial dates of each form": (MINIMAL, MINIMAL_TEXT.format(
        extra='trial_date: "1900"\nimplementation_date: "2100-12"\nreplications:\n  - by: Kota Lain\n'
              '    kind: panduan\n    date: 2023-05-10\n    source: {publisher: ANTARA, note: advertorial}\n')),
    "a whole date in quotes": (MINIMAL, MINIMAL_TEXT.format(extra='trial_date: "2020-01-06"\n')),
    "new optional fields left empty": (MINIMAL, MINIMAL_TEXT.format(
        extra="form:\ninitiator:\ntrial_date:\nimplementation_date:\nreplications:\n")),
    "an award without giver, with date and description": (
        "awards.yaml", AWARD_TEXT + "- id: lomba-kota\n  name: Lomba Kota\n  year: 2021\n  level: kota\n  date: \"2021-08\"\n"
                       "  description: Lomba *tahunan*.\n"),
    "a whole-number indicator": ("indikator.yaml", INDICATOR_TEXT.replace("value: 59.28", "value: 61")),
    "no indicators at all": ("indikator.yaml", "[]\n"),
    "site settings left empty": ("site.yaml", "title: Katalog\nbase_url: ''\nedit_url: ''\nlicense:\n"
                                              "repository:\n"),
    "repository address with .git/, a branch folder and content at the root": (
        "site.yaml", "repository:\n  url: https://gitlab.com/contoh/katalog.git/\n  host: gitlab\n"
                     "  branch: rilis/2026.1\n  content_path: .\n"),
    "repository with defaults left empty": (
        "site.yaml", "repository:\n  url: https://github.com/contoh/katalog\n  host: github\n  branch:\n"
                     "  content_path: situs/konten/\n"),
}


def content_copy(tmp_path: Path, changed: dict[str, str]) -> Path:
    """A copy of the example content with the files in ``changed`` rewritten."""
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    for relative, text in changed.items():
        (root / relative).write_text(text, encoding="utf-8")
    return root


def schema_of(relative: str) -> SchemaFile:
    return next(file for file in SCHEMA_FILES if Path("content", relative).match(file.applies_to))


def test_unchanged_example_content_passes_the_loader(tmp_path):
    root = content_copy(tmp_path, {})
    assert build.main(["check", "--content", str(root)]) == 0


@pytest.mark.parametrize("case", REFUSED)
def test_schema_and_loader_both_refuse(case, tmp_path, capsys):
    relative, text, loader_says = REFUSED[case]
    root = content_copy(tmp_path, {relative: text})
    assert schema_errors(schema_of(relative), editor_view(root / relative)), "the schema accepts it"
    assert build.main(["check", "--content", str(root)]) == 1
    assert loader_says in capsys.readouterr().err


@pytest.mark.parametrize("case", ACCEPTED)
def test_schema_and_loader_both_accept(case, tmp_path):
    relative, text = ACCEPTED[case]
    root = content_copy(tmp_path, {relative: text})
    assert schema_errors(schema_of(relative), editor_view(root / relative)) == []
    assert build.main(["check", "--content", str(root)]) == 0



def test_empty_list_item_is_refused_by_both(tmp_path):
    root = content_copy(tmp_path, {MINIMAL: MINIMAL_TEXT.format(extra="tags: [contoh, null]\n")})
    assert schema_errors(schema_of(MINIMAL), editor_view(root / MINIMAL))
    assert build.main(["check", "--content", str(root)]) == 1


# --- (4) every field of schema.py is in its schema -------------------------------------------

def assert_same_fields(record: type, generated: dict) -> None:
    fields = schema.editable_fields(record)
    assert list(generated["properties"]) == [field.name for field in fields], record.__name__
    assert generated.get("required", []) == [field.name for field in fields if field.metadata["required"]]
    assert generated["additionalProperties"] is False
    hints = typing.get_type_hints(record)
    for field in fields:
        prop = generated["properties"][field.name]
        assert prop["description"].startswith(field.metadata["doc"]), f"{record.__name__}.{field.name}"
        value_type, value_schema = without_none(hints[field.name]), prop
        if typing.get_origin(value_type) is tuple:  # a list: look at its items
            value_type, value_schema = typing.get_args(value_type)[0], prop["items"]
        if dataclasses.is_dataclass(value_type) and value_type is not schema.PartialDate:  # that one is text
            assert_same_fields(value_type, value_schema)


def without_none(annotation):
    """``X`` for ``X | None``."""
    if isinstance(annotation, types.UnionType):
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


@pytest.mark.parametrize("file", SCHEMA_FILES, ids=lambda file: file.name)
def test_every_editable_field_is_in_the_schema(file):
    generated = document(file)
    assert_same_fields(file.record, generated["items"] if file.is_list else generated)
    assert generated["type"] == ("array" if file.is_list else "object")


# --- (5) the command -------------------------------------------------------------------------

def test_schema_command_writes_every_file_the_same_each_time(tmp_path, capsys):
    out = tmp_path / "schema"
    assert build.main(["schema", "--out", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == sorted(SCHEMA_FOR)
    first = {path.name: path.read_bytes() for path in out.iterdir()}
    assert build.main(["schema", "--out", str(out)]) == 0
    assert {path.name: path.read_bytes() for path in out.iterdir()} == first
    for name, data in first.items():
        assert data.endswith(b"}\n") and not data.endswith(b"\n\n")
        assert json.loads(data.decode("utf-8")) == document(SCHEMA_FOR[name])
    assert f"wrote {len(SCHEMA_FILES)} JSON Schemas" in capsys.readouterr().out


def test_write_schemas_returns_the_paths_in_a_fixed_order(tmp_path):
    assert write_schemas(tmp_path / "a" / "b") == [tmp_path / "a" / "b" / file.name for file in SCHEMA_FILES]


@pytest.mark.parametrize("kind", ["file", "symbolic link"])
def test_out_path_that_is_not_a_folder_is_a_usage_error(kind, tmp_path, capsys):
    out, folder = tmp_path / "schema", tmp_path / "elsewhere"
    folder.mkdir()
    if kind == "file":
        out.write_text("not a folder", encoding="utf-8")
    else:
        out.symlink_to(folder, target_is_directory=True)
    with pytest.raises(UsageError, match="not a folder"):
        write_schemas(out)
    assert build.main(["schema", "--out", str(out)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert not any(folder.iterdir())
