"""README's field tables are the schema's: a field added to schema.py must be documented."""
import datetime
import types
import typing

from conftest import ROOT
from katalog.content import schema

TABLES = {
    "site.yaml": schema.Settings, "agencies.yaml": schema.Agency, "awards.yaml": schema.Award,
    "innovations/<slug>.md": schema.Innovation, "pages/<slug>.md": schema.Page,
    "sources": schema.Source, "contact": schema.Contact, "documents": schema.Document,
    "repository": schema.Repository, "indikator.yaml": schema.Indicator, "replications": schema.Replication,
    "status": schema.Status, "evidence": schema.Evidence, "iid.yaml": schema.Iid,
    "profile": schema.IidProfileField, "indicators": schema.IidIndicator, "levels": schema.IidLevel,
    "regional_evidence": schema.RegionalEvidence,
}
# The records of iid.yaml's lists, by the name of their section below.
RECORD_NAMES = {schema.IidProfileField: "profile", schema.IidIndicator: "indicator", schema.IidLevel: "level",
                schema.RegionalEvidence: "regional evidence"}
CHECK_NAMES = {"slug": "id", "url": "URL", "base_url": "URL or empty", "email": "e-mail address",
               "file": "path under files/", "year": "year", "path": "URL path", "branch": "branch name",
               "folder": "folder path", "repository": "URL"}


def type_name(annotation, check: str) -> str:
    if isinstance(annotation, types.UnionType):
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    if typing.get_origin(annotation) is tuple:
        return "list of " + type_name(typing.get_args(annotation)[0], check)
    if isinstance(annotation, type) and issubclass(annotation, schema.Vocabulary):
        return " or ".join(f"`{member.value}`" for member in annotation)
    if annotation is schema.PartialDate:
        return "year, month or date"
    if check in CHECK_NAMES:
        return CHECK_NAMES[check]
    names = {str: "text", int: "number", float: "number", bool: "`true` or `false`", datetime.date: "date"}
    return names.get(annotation) or f"{RECORD_NAMES.get(annotation, annotation.__name__.lower())} (below)"


def table(record: type) -> str:
    hints = typing.get_type_hints(record)
    rows = ["| field | required | type | meaning |", "| --- | --- | --- | --- |"]
    for field in schema.editable_fields(record):
        required = "yes" if field.metadata["required"] else "no"
        rows.append(f"| `{field.name}` | {required} | {type_name(hints[field.name], field.metadata['check'])} "
                    f"| {field.metadata['doc']} |")
    return "\n".join(rows)


def test_readme_documents_every_field_as_schema_defines_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for heading, record in TABLES.items():
        section = readme.partition(f"### {heading}\n")[2]
        assert section, f"README has no section '### {heading}'"
        assert table(record) in section.partition("\n### ")[0], \
            f"README's table for {heading} differs from schema.py; it should read:\n{table(record)}"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "build.py serve" in head and "pytest" in head


def test_the_map_of_the_code_lists_every_module_and_no_other():
    """README's Development section maps the code: a module added, moved or removed must show there."""
    import re
    development = (ROOT / "README.md").read_text(encoding="utf-8").split("## Development", 1)[1]
    mapped = set(re.findall(r"^\| `(katalog/[a-z_/]+\.py)` \|", development, flags=re.M))
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "katalog").rglob("*.py")
               if path.name != "__init__.py"}
    assert mapped == modules
