"""``build.py new``: a new entry generated from the schema, valid as written, never over another file.

The golden file tests/example/new-entry.md pins the whole output for one title. After an
intended change, regenerate it with ``UPDATE_GOLDEN=1 python -m pytest tests/test_scaffold.py``
and review the diff.
"""
from __future__ import annotations

import dataclasses
import os
import re
import shutil

import pytest

from conftest import ROOT
from katalog.content import load, schema
from katalog.tools import scaffold
from katalog.errors import UsageError
from katalog.content.completeness import RECOMMENDED_SECTIONS
from katalog.content.records import MAX_SLUG_LENGTH, SLUG

EXAMPLE = ROOT / "tests" / "example"
WROTE = "wrote {}: fill in the fields, then preview it: python build.py serve --drafts\n"


@pytest.fixture
def content(tmp_path):
    """A copy of the example content tree (agencies dinkes, pkm-utara, pdam)."""
    return shutil.copytree(EXAMPLE / "content", tmp_path / "content")


def new(content, title, agency="dinkes"):
    return scaffold.new_entry(content=content, content_shown_as=str(content), title=title, agency=agency)


def test_output_matches_golden_file(content):
    path = new(content, "Si Cantik")
    written = (content / "innovations" / "si-cantik.md").read_text(encoding="utf-8")
    assert str(path) == f"{content}/innovations/si-cantik.md"
    if os.environ.get("UPDATE_GOLDEN"):
        (EXAMPLE / "new-entry.md").write_text(written, encoding="utf-8")
    assert written == (EXAMPLE / "new-entry.md").read_text(encoding="utf-8")


def test_cli_writes_the_entry_and_says_where(site_dir, run):
    code, out, err = run("new", "Si Cantik", "--agency", "dinkes")
    assert (code, out, err) == (0, WROTE.format("content/innovations/si-cantik.md"), "")
    assert (site_dir.root / "content/innovations/si-cantik.md").is_file()


def test_new_entry_checks_as_a_draft_and_stays_out_of_the_published_site(content, run, tmp_path):
    code, out, err = run("new", "Layanan Café Ñandú: Izin #1", "--agency", "pdam", "--content", str(content))
    assert (code, err) == (0, "")
    code, out, err = run("check", "--content", str(content), "--drafts")
    assert (code, err) == (0, "")
    assert "4 innovations" in out  # the example's three, its draft included, and the new one
    drafts_site, public_site = tmp_path / "drafts", tmp_path / "public"
    assert run("build", "--content", str(content), "--out", str(drafts_site), "--drafts", "--no-search")[0] == 0
    page = (drafts_site / "inovasi/layanan-cafe-nandu-izin-1/index.html").read_text(encoding="utf-8")
    assert "Layanan Café Ñandú: Izin #1</h1>" in page
    for section, hint in scaffold.SECTION_HINTS.items():
        assert f">{section}</h2>" in page and f"<em>{hint}</em>" in page
    assert run("build", "--content", str(content), "--out", str(public_site), "--no-search")[0] == 0
    assert not (public_site / "inovasi/layanan-cafe-nandu-izin-1").exists()
    assert (public_site / "inovasi/minimal/index.html").is_file()


def test_every_editable_field_is_explained_in_indonesian_above_its_line():
    assert list(scaffold.FIELD_HELP) == [field.name for field in schema.editable_fields(schema.Innovation)]
    assert list(scaffold.SECTION_HINTS) == list(RECOMMENDED_SECTIONS)
    front_matter = scaffold.entry_text(title="Si Cantik", agency="dinkes", slug="si-cantik").split("---\n")[1]
    blocks = front_matter.split("\n\n")[1:]  # the first block is the note on how to fill in the file
    assert len(blocks) == len(scaffold.FIELD_HELP)
    explanations = {}
    for field, block in zip(schema.editable_fields(schema.Innovation), blocks):
        lines = block.split("\n")
        at = next(index for index, line in enumerate(lines) if re.match(rf"(# )?{field.name}:", line))
        explanation, field_line = " ".join(line[2:] for line in lines[:at]), lines[at]
        assert explanation.startswith(scaffold.FIELD_HELP[field.name][0]), field.name
        set_in_file = field.metadata["required"] or field.name == "draft"
        assert field_line.startswith("# ") != set_in_file, field.name
        explanations[field.name] = explanation
    # what the schema says is added to the explanation: allowed values, length, required
    assert explanations["stage"].endswith(" Pilih salah satu: inisiatif, uji-coba, penerapan.")
    assert explanations["type"].endswith(" Pilih salah satu: digital, non-digital.")
    assert explanations["summary"].endswith(" Paling banyak 300 karakter. Wajib.")
    assert explanations["title"].endswith(" Wajib.") and not explanations["year"].endswith(" Wajib.")


def test_fresh_entry_loads_with_the_given_values_and_a_draft_flag(content):
    new(content, "Si Cantik", agency="pkm-utara")
    loaded = load.load(content, shown_as="content", include_drafts=True)
    entry = next(entry for entry in loaded.innovations if entry.slug == "si-cantik")
    assert (entry.title, entry.agency, entry.summary, entry.draft) == (
        "Si Cantik", "pkm-utara", scaffold.SUMMARY_PLACEHOLDER, True)
    assert len(scaffold.SUMMARY_PLACEHOLDER) <= 300
    assert [heading.text for heading in entry.body.headings] == list(RECOMMENDED_SECTIONS)


def test_a_field_added_to_the_schema_appears_without_editing_the_scaffold(monkeypatch):
    extended = dataclasses.make_dataclass("Innovation", [("budget", int | None, schema.spec("yearly budget"))],
                                          bases=(schema.Innovation,), frozen=True, kw_only=True)
    monkeypatch.setattr(schema, "Innovation", extended)
    monkeypatch.setitem(scaffold.FIELD_HELP, "budget", ("Anggaran per tahun, dalam rupiah.", "50000000"))
    text = scaffold.entry_text(title="Si Cantik", agency="dinkes", slug="si-cantik")
    assert "# Anggaran per tahun, dalam rupiah.\n# budget: 50000000\n---\n" in text


def test_uncommented_examples_are_valid_yaml_of_the_right_shape(content):
    new(content, "Si Cantik")
    path = content / "innovations" / "si-cantik.md"
    names = "|".join(field.name for field in schema.editable_fields(schema.Innovation))
    text = re.sub(rf"^# ((?:{names}):.*|  .*)$", r"\1", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    loaded = load.load(content, shown_as="content", include_drafts=True)  # types only: ids are not looked up
    assert loaded.errors == ()
    entry = next(entry for entry in loaded.innovations if entry.slug == "si-cantik")
    for field in schema.editable_fields(schema.Innovation):
        assert getattr(entry, field.name) not in (None, (), ""), f"{field.name} example did not load"
    assert entry.documents[0].file == "si-cantik/panduan.pdf" and entry.contact.phone == "0293 000000"


@pytest.mark.parametrize("title", ["SIPPUT: Sistem", "Si Cantik #1", "yes", "2020", "null", "true", "@Magelang",
                                   "- Daftar", "'Kutip'", '"Kutip" Ganda', "[x] Layanan", "Layanan: 100% \\ Café"])
def test_titles_yaml_would_misread_are_quoted_and_load_back_unchanged(content, title):
    new(content, title)
    loaded = load.load(content, shown_as="content", include_drafts=True)
    assert loaded.errors == ()
    assert title in {entry.title for entry in loaded.innovations}


@pytest.mark.parametrize("title, slug", [
    ("Si Cantik", "si-cantik"),
    ("Gemakpitasi", "gemakpitasi"),
    ("SIPPUT (Sistem Informasi Pelayanan Publik Terpadu)", "sipput-sistem-informasi-pelayanan-publik-terpadu"),
    ("Layanan Café Ñandú", "layanan-cafe-nandu"),
    ("  --Siap Uji KIR:  Online!! ", "siap-uji-kir-online"),
    ("E-Kinerja 2.0", "e-kinerja-2-0"),
    ("Straße", "strasse"),
    ("画像 Magelang", "magelang"),
    ("画像", ""),
    ("!!! ???", ""),
])
def test_slug_is_transliterated_from_the_title(title, slug):
    assert scaffold.slug_from_title(title) == slug


def test_long_title_is_cut_between_words():
    full = "inovasi-" + "-".join(["pelayanan-publik-terpadu"] * 10)
    slug = scaffold.slug_from_title(" ".join(["Inovasi"] + ["Pelayanan Publik Terpadu"] * 10))
    assert SLUG.fullmatch(slug) and MAX_SLUG_LENGTH - len("-terpadu") < len(slug) <= MAX_SLUG_LENGTH
    assert full.startswith(slug) and full[len(slug)] == "-"
    # a hyphen right after the limit ends the slug there; one word longer than the limit is cut
    assert scaffold.slug_from_title("b" * MAX_SLUG_LENGTH + " cc") == "b" * MAX_SLUG_LENGTH
    assert scaffold.slug_from_title("a" * 100) == "a" * MAX_SLUG_LENGTH


def test_existing_file_is_never_overwritten(site_dir, run):
    site_dir({"innovations/si-cantik.md": "old\n"})
    code, out, err = run("new", "Si Cantik", "--agency", "dinkes")
    assert (code, out) == (2, "")
    assert err == ("build.py: content/innovations/si-cantik.md already exists: "
                   "edit it, or choose another name\n")
    assert (site_dir.root / "content/innovations/si-cantik.md").read_text() == "old\n"


def test_file_differing_only_in_case_counts_as_existing(site_dir, run):
    site_dir({"innovations/Si-Cantik.md": "old\n"})
    code, _, err = run("new", "Si Cantik", "--agency", "dinkes")
    assert (code, err) == (2, "build.py: content/innovations/Si-Cantik.md already exists: "
                              "edit it, or choose another name\n")
    assert sorted(path.name for path in (site_dir.root / "content/innovations").iterdir()) == ["Si-Cantik.md",
                                                                                              "sipput.md"]


@pytest.mark.parametrize("agency, message", [
    ("dlhh", "unknown agency 'dlhh' in content/agencies.yaml (did you mean 'dlh'?)"),
    ("DINKES", "unknown agency 'DINKES' in content/agencies.yaml (did you mean 'dinkes'?)"),
    ("pdam", "unknown agency 'pdam' in content/agencies.yaml (use an id listed in content/agencies.yaml)"),
])
def test_unknown_agency_is_refused_with_a_suggestion(site_dir, run, agency, message):
    code, out, err = run("new", "Si Cantik", "--agency", agency)
    assert (code, out, err) == (2, "", f"build.py: {message}\n")
    assert not (site_dir.root / "content/innovations/si-cantik.md").exists()


@pytest.mark.parametrize("files, message", [
    ({"agencies.yaml": None}, "content/agencies.yaml not found: create it, then run: python build.py check"),
    ({"agencies.yaml": "- id: dlh\n  name: [\n"},
     "cannot read the agencies in content/agencies.yaml: run python build.py check to see why"),
    ({"agencies.yaml": "id: dlh\n"},
     "content/agencies.yaml is not a list of agencies: run python build.py check to see why"),
])
def test_missing_or_broken_agency_list_is_a_usage_error(site_dir, run, files, message):
    site_dir(files)
    assert run("new", "Si Cantik", "--agency", "dlh") == (2, "", f"build.py: {message}\n")


@pytest.mark.parametrize("title, message", [
    ("   ", 'the name is empty: write it in quotes, e.g. python build.py new "Si Cantik" --agency ID'),
    ("Si\nCantik", "the name must be one line"),
    ("Si\u2028Cantik", "the name must be one line"),
    ("Si\u202eCantik", "the name contains a bidirectional control character \\u202e: retype it"),
    ("画像", "the name '画像' gives no file name: write it with Latin letters or digits, e.g. \"Si Cantik\""),
    ("Con", "the name 'Con' gives the file name 'con.md', which Windows reserves: choose a longer name"),
])
def test_bad_titles_are_refused(site_dir, run, title, message):
    assert run("new", title, "--agency", "dlh") == (2, "", f"build.py: {message}\n")
    assert [path.name for path in (site_dir.root / "content/innovations").iterdir()] == ["sipput.md"]


def test_missing_content_folder_is_a_usage_error(tmp_path, run):
    missing = tmp_path / "nowhere"
    assert run("new", "Si Cantik", "--agency", "dlh", "--content", str(missing)) == (
        2, "", f"build.py: content directory '{missing}' not found (use --content DIR)\n")
    assert not missing.exists()


def test_innovations_folder_is_created_when_absent(site_dir, run):
    site_dir({"innovations/sipput.md": None})
    (site_dir.root / "content/innovations").rmdir()
    assert run("new", "Si Cantik", "--agency", "dlh")[0] == 0
    assert (site_dir.root / "content/innovations/si-cantik.md").is_file()


def test_new_entry_raises_usage_error_when_called_directly(content):
    new(content, "Si Cantik")
    with pytest.raises(UsageError, match="already exists"):
        new(content, "SI CANTIK")


def test_file_created_meanwhile_is_not_replaced(content, monkeypatch):
    entry_text = scaffold.entry_text

    def another_editor_saves_first(**values):  # between the check for the file and the writing
        (content / "innovations" / "si-cantik.md").write_text("theirs\n")
        return entry_text(**values)

    monkeypatch.setattr(scaffold, "entry_text", another_editor_saves_first)
    with pytest.raises(UsageError, match="si-cantik.md already exists"):
        new(content, "Si Cantik")
    assert (content / "innovations" / "si-cantik.md").read_text() == "theirs\n"
