"""JSON Schema of the files editors write, generated from schema.py.

``python build.py schema`` writes one schema per kind of file, so an editor's
YAML tooling can complete field names, show what each field means and flag a
mistake while it is typed. The loader stays the authority: it also checks what
a schema cannot say (that an agency id exists, that a file exists, that ids are
unique), and tests/test_jsonschema.py holds the two to the same verdict.
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import typing
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from ..content import records, schema
from ..errors import UsageError

DIALECT = "http://json-schema.org/draft-07/schema#"  # the draft editor tools implement (yaml-language-server, remark)
# The loader's year check (records._check) refuses a year outside these bounds.
YEAR_RANGE = (1900, 2100)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# records.PARTIAL_DATE with a plausible year (YEAR_RANGE) and a month of 01 to 12; the loader also
# refuses a day the month does not have.
PARTIAL_DATE_PATTERN = r"^(?:19\d\d|20\d\d|2100)(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"
# Patterns of the string checks in records._check, as regular expressions that both
# Python and the JavaScript of editor plugins read alike. Anchored when used.
CHECK_PATTERNS = {
    "slug": records.SLUG.pattern,
    "url": r"https?://[^\s/?#]\S*",          # http(s), a host, no spaces
    "base_url": r"https?://[^\s/?#@]+(?:/[^\s?#]*)?",  # ... and no user name, query or fragment
    "repository": r"https?://[^\s/?#@]+(?:/[^\s?#]*)?",  # as base_url
    "email": records._EMAIL.pattern,  # the loader's own pattern
    "name": r"(?![^<>]*&#?[0-9A-Za-z]+;)[^<>]*",  # records._MARKUP_IN_NAME, inverted
    "branch": records.BRANCH.pattern,
    "folder": records.FOLDER.pattern,
}
CHECK_FORMATS = {"url": "uri", "base_url": "uri", "repository": "uri", "email": "email"}


class SchemaFile(NamedTuple):
    """One schema file: its name, the record it describes, and the content files it is for."""

    name: str
    record: type
    is_list: bool  # the file holds a list of records rather than one
    applies_to: str  # glob, relative to the project folder
    title: str


SCHEMA_FILES = (
    SchemaFile("innovation.schema.json", schema.Innovation, False, "content/innovations/*.md",
               "Innovation: front matter of content/innovations/<slug>.md"),
    SchemaFile("page.schema.json", schema.Page, False, "content/pages/*.md",
               "Free page: front matter of content/pages/<slug>.md"),
    SchemaFile("site.schema.json", schema.Settings, False, "content/site.yaml", "Site settings: content/site.yaml"),
    SchemaFile("agencies.schema.json", schema.Agency, True, "content/agencies.yaml",
               "Agencies (OPD, BUMD, UPT): content/agencies.yaml"),
    SchemaFile("awards.schema.json", schema.Award, True, "content/awards.yaml",
               "Awards and competitions: content/awards.yaml"),
    SchemaFile("indicators.schema.json", schema.Indicator, True, "content/indikator.yaml",
               "The city's yearly figures: content/indikator.yaml"),
    SchemaFile("iid.schema.json", schema.Iid, False, "content/iid.yaml",
               "The Indeks Inovasi Daerah's profile and indicators: content/iid.yaml"),
)


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into ``out`` (created if needed); returns the paths in SCHEMA_FILES order."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UsageError(f"schema output path '{out}' is a file or a symbolic link, not a folder; "
                         "give another with --out")
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for file in SCHEMA_FILES:
            path = out / file.name
            path.write_bytes(render(document(file)))
            written.append(path)
    except OSError as error:
        raise UsageError(f"cannot write the schemas into '{out}': {error.strerror or error}") from None
    return written


def render(document: dict) -> bytes:
    """Stable bytes: keys in schema.py's order, indent 2, UTF-8, one trailing newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def document(file: SchemaFile) -> dict:
    """The whole schema of one content file."""
    header = {
        "$schema": DIALECT,
        "$id": f"urn:katalog-inovasi:schema:{file.name}",
        "title": file.title,
        "description": f"For {file.applies_to}. Generated from katalog/content/schema.py by 'python build.py schema'; "
                       "do not edit. 'python build.py check' also checks what a schema cannot: "
                       "that ids and files exist, that ids are unique, and links.",
    }
    record = object_schema(file.record)
    if file.is_list:
        return {**header, "type": "array", "items": record}
    return {**header, **record}


def object_schema(record: type) -> dict:
    """A mapping with exactly the editable fields of ``record``."""
    hints = typing.get_type_hints(record)
    fields = schema.editable_fields(record)
    result: dict[str, Any] = {
        "type": "object",
        "properties": {field.name: field_schema(field, hints[field.name]) for field in fields},
    }
    required = [field.name for field in fields if field.metadata["required"]]
    if required:
        result["required"] = required
    result["additionalProperties"] = False  # the loader refuses unknown fields: a typo must not vanish
    return result


def field_schema(field: dataclasses.Field, annotation: Any) -> dict:
    """One field: its meaning, its value, and null when the loader reads an empty value as "not set"."""
    expected = records._without_none(annotation)
    value = value_schema(expected, field)
    result = {"description": field.metadata["doc"] + _labels(expected), **value}
    if field.default not in (None, ()):
        result["default"] = field.default  # editors offer it when completing the field
    if field.metadata["required"]:
        return result
    # records.Reader.value: an empty optional field ("stage:") is as good as a missing one.
    if "enum" in result:
        return {**result, "enum": [*result["enum"], None]}
    return {**result, "type": [result["type"], "null"]}


def value_schema(expected: Any, field: dataclasses.Field) -> dict:
    """The schema of a value of type ``expected``, read the way records.Reader reads it."""
    if typing.get_origin(expected) is tuple:
        # The field's check applies to every item, as in the loader (partners: ids).
        items = {"type": "array", "items": value_schema(typing.get_args(expected)[0], field)}
        return {**items, "minItems": 1} if field.metadata["required"] else items  # records.Reader.record
    if expected is schema.PartialDate:
        # Text in the editor's YAML 1.2, whether quoted ("2020", "2020-01") or not (2020-01-06).
        return {"type": "string", "pattern": PARTIAL_DATE_PATTERN}
    if dataclasses.is_dataclass(expected):
        return object_schema(expected)
    if isinstance(expected, type) and issubclass(expected, Enum):
        return {"enum": [member.value for member in expected]}
    if expected is bool:
        return {"type": "boolean"}
    if expected is float:  # records._is_type: whole or not; the loader also refuses .nan and .inf
        return {"type": "number"}
    if expected is int:
        bounds = {"minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]} if field.metadata["check"] == "year" else {}
        return {"type": "integer", **bounds}
    if expected is datetime.date:
        # Editor tools read YAML 1.2, where an unquoted 2019-10-07 is a string.
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if expected is str:
        return string_schema(field)
    raise TypeError(f"no JSON Schema for {expected!r} (field '{field.name}'); add it to katalog/tools/jsonschema.py")


def string_schema(field: dataclasses.Field) -> dict:
    """Text, with the field's check as a pattern and format where a pattern can say it."""
    check = field.metadata["check"]
    may_be_empty = field.default == ""  # records.Reader.scalar: "" is the setting's own "not set"
    result: dict[str, Any] = {"type": "string"}
    if check in CHECK_FORMATS and not may_be_empty:
        result["format"] = CHECK_FORMATS[check]
    if check in CHECK_PATTERNS:
        optional = "?" if may_be_empty else ""
        result["pattern"] = f"^(?:{CHECK_PATTERNS[check]}){optional}$"
    elif not may_be_empty:
        result["minLength"] = 1  # the loader refuses empty text
    max_length = records.MAX_SLUG_LENGTH if check == "slug" else field.metadata["max_length"]
    if max_length:
        result["maxLength"] = max_length
    return result


def _labels(expected: Any) -> str:
    """For a closed list of values: each value with the Indonesian label readers see."""
    if not (isinstance(expected, type) and issubclass(expected, schema.Vocabulary)):
        return ""
    return ". Values: " + "; ".join(f"{member.value} = {member.label}" for member in expected)
