"""The documentation: the field tables are the schema's (a field added to schema.py must be documented),
the map of the code is the package, and every link and every file named leads somewhere."""
import datetime
import re
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


def test_the_content_reference_documents_every_field_as_schema_defines_it():
    reference = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    for heading, record in TABLES.items():
        section = reference.partition(f"### {heading}\n")[2]
        assert section, f"docs/editing.md has no section '### {heading}'"
        assert table(record) in section.partition("\n### ")[0], \
            f"docs/editing.md's table for {heading} differs from schema.py; it should read:\n{table(record)}"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "build.py serve" in head and "pytest" in head


def test_the_map_of_the_code_lists_every_module_and_no_other():
    """docs/development.md maps the code: a module added, moved or removed must show there."""
    development = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    mapped = set(re.findall(r"^\| `(katalog/[a-z_/]+\.py)` \|", development, flags=re.M))
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "katalog").rglob("*.py")
               if path.name != "__init__.py"}
    assert mapped == modules


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
README_LIMIT = 12 * 1024


def anchors(markdown: str) -> set[str]:
    """The fragments GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens,
    a repeated heading numbered."""
    found, seen = set(), {}
    for heading in re.findall(r"^#{1,6} (.+)$", re.sub(r"(?ms)^```.*?^```", "", markdown), flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return found


def without_code(markdown: str) -> str:
    """The text outside fenced blocks and code spans (examples of links are not links)."""
    return re.sub(r"`[^`\n]+`", "", re.sub(r"(?ms)^```.*?^```", "", markdown))


def links(path):
    return re.findall(r"\]\(([^)\s]+)\)", without_code(path.read_text(encoding="utf-8")))


def broken_links(path) -> list[str]:
    broken = []
    for link in links(path):
        if re.match(r"[a-z]+:", link):
            continue  # another site's address
        target, _, fragment = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        if not file.exists():
            broken.append(link)
        elif fragment and (file.suffix != ".md" or fragment not in anchors(file.read_text(encoding="utf-8"))):
            broken.append(link)
    return broken


def test_every_link_of_the_documentation_leads_to_a_file_and_heading_that_exist():
    assert {path.relative_to(ROOT).as_posix(): broken_links(path) for path in DOCS} == \
        {path.relative_to(ROOT).as_posix(): [] for path in DOCS}


def test_the_link_checker_sees_a_missing_file_and_a_missing_heading(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n## A heading, with commas\n\n[ok](#a-heading-with-commas) [ok](page.md#page) "
                    "[gone](missing.md) [gone](#no-such-heading) `[code](missing.md)` [web](https://example.org/x)\n",
                    encoding="utf-8")
    assert broken_links(page) == ["missing.md", "#no-such-heading"]


# Folders and files of the repository that the documentation names in code spans (content/ is the
# editors', whose examples name files that need not exist; site/, schema/ and .cache/ are made).
NAMED = re.compile(r"`((?:katalog|tests|bench|templates|deploy|docs|requirements|\.github|\.gitlab|\.ci)/[^`\s<>*]*"
                   r"|build\.py|pyproject\.toml|\.gitlab-ci\.yml)`")


def test_the_documentation_and_pyproject_name_only_files_that_exist():
    named = {}
    for path in DOCS:
        for name in NAMED.findall(path.read_text(encoding="utf-8")):
            named.setdefault(name, path.relative_to(ROOT).as_posix())
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name in re.findall(r"\b((?:katalog|tests|bench|requirements|docs)/[\w/.-]*[\w/])", pyproject):
        named.setdefault(name, "pyproject.toml")
    assert len(named) > 100  # the pattern still finds what the documentation names
    made = {line.strip("/") for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()}
    assert {name: where for name, where in named.items() if not (ROOT / name).exists() and name not in made} == {}


def test_readme_is_a_front_door_that_leads_to_the_rest_in_one_link():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < README_LIMIT
    targets = links(ROOT / "README.md")
    for wanted in ("content/pages/panduan-editor.md", "docs/editing.md#a-new-entry", "docs/publishing.md",
                   "docs/development.md", "bench/README.md"):
        assert wanted in targets, wanted
    tests = readme.partition("\n## Tests\n")[2].partition("\n## ")[0]
    assert '```sh\n.venv/bin/python -m pytest -m "not slow"\n```' in tests
