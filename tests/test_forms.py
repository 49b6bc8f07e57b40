"""The proposal form (build.py forms): a GitHub issue form and a GitLab issue template, generated
from the schema, new's help and agencies.yaml, and committed exactly as generated."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import EXAMPLE, ROOT, real_content
from katalog.content.completeness import RECOMMENDED_SECTIONS
from katalog.tools import forms


@pytest.fixture
def content(tmp_path):
    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    return tmp_path / "content"


def github_items() -> list[dict]:
    form = yaml.safe_load((ROOT / forms.GITHUB_FORM).read_text(encoding="utf-8"))
    return [item for item in form["body"] if item["type"] != "markdown"]


@pytest.mark.real_content
def test_the_committed_forms_are_what_build_py_forms_writes(run, tmp_path):
    code, out, err = run("forms", "--root", str(tmp_path), "--content", str(real_content()))
    assert (code, err) == (0, "")
    assert out == f"wrote {tmp_path / forms.GITHUB_FORM}, {tmp_path / forms.GITLAB_TEMPLATE}\n"
    for relative in (forms.GITHUB_FORM, forms.GITLAB_TEMPLATE):
        assert (ROOT / relative).read_text(encoding="utf-8") == (tmp_path / relative).read_text(encoding="utf-8"), \
            f"{relative} is out of date: run python build.py forms"


@pytest.mark.real_content
def test_the_github_form_asks_every_question_with_agencies_and_choices_from_the_model():
    form = yaml.safe_load((ROOT / forms.GITHUB_FORM).read_text(encoding="utf-8"))
    assert form["labels"] == [forms.LABEL] and form["name"] and form["description"]
    items = github_items()
    by_label = {item["attributes"]["label"]: item for item in items}
    agencies = by_label["Perangkat daerah pengampu"]["attributes"]["options"]
    assert agencies == [f"{name} ({agency_id})" for agency_id, name in forms.read_agencies(real_content())]
    assert agencies
    assert by_label["Tahap"]["attributes"]["options"] == ["Inisiatif", "Uji coba", "Penerapan"]
    assert by_label["Jenis"]["attributes"]["options"] == ["Digital", "Non-digital"]
    assert list(by_label) == ["Nama inovasi", "Perangkat daerah pengampu", "Ringkasan", "Tahun mulai", "Tahap",
                              "Jenis", "Urusan pemerintahan", "Bentuk", "Inisiator", "Situs layanan",
                              *forms.CONTACT_LABELS.values(), "Status", "Status: per kapan", "Sumber",
                              *RECOMMENDED_SECTIONS,
                              *(f"Bukti dukung: {name}" + (" (wajib IID)" if mandatory else "")
                                for _, name, mandatory in forms.read_indicators(real_content()))]
    assert by_label["Status"]["attributes"]["options"] == ["Masih berjalan", "Berhenti"]
    assert any(label.startswith("Bukti dukung: ") and label.endswith(" (wajib IID)") for label in by_label)
    assert [label for label, item in by_label.items() if item.get("validations", {}).get("required")] == \
        ["Nama inovasi", "Perangkat daerah pengampu", "Ringkasan"]
    assert by_label["Sumber"]["type"] == "textarea" and "satu alamat per baris" in \
        by_label["Sumber"]["attributes"]["description"]
    # Each recommended section has the guide's (new's) help; every question but the contact's details has help.
    assert all(by_label[section]["type"] == "textarea" and by_label[section]["attributes"]["description"]
               for section in RECOMMENDED_SECTIONS)
    assert all(item["attributes"].get("description") for item in items if not item["id"].startswith("contact-")
               or item["id"] == "contact-name")


def test_the_github_form_keeps_github_s_rules():
    """What GitHub refuses in an issue form: ids other than letters, digits, - and _, a repeated id
    or label, an empty or repeated option, a key it does not know."""
    form = yaml.safe_load((ROOT / forms.GITHUB_FORM).read_text(encoding="utf-8"))
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
    assert form["body"][0]["type"] == "markdown"
    items = github_items()
    ids = [item["id"] for item in items]
    labels = [item["attributes"]["label"] for item in items]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_-]+", form_id) for form_id in ids)
    assert len(labels) == len(set(labels))
    for item in items:
        assert item["type"] in ("input", "textarea", "dropdown")
        assert set(item) <= {"type", "id", "attributes", "validations"}
        assert set(item["attributes"]) <= {"label", "description", "options", "placeholder", "value", "multiple"}
        options = item["attributes"].get("options", [])
        assert (item["type"] == "dropdown") == bool(options)
        assert all(option.strip() for option in options) and len(options) == len(set(options))


def test_the_gitlab_template_has_the_same_headings_in_the_same_order():
    template = (ROOT / forms.GITLAB_TEMPLATE).read_text(encoding="utf-8")
    headings = [line[4:] for line in template.splitlines() if line.startswith("### ")]
    assert headings == [item["attributes"]["label"] for item in github_items()]
    assert template.rstrip().endswith(f"/label ~{forms.LABEL}")
    # Its help is in comments (GitLab hides them), and none of them can end early.
    comments = re.findall(r"<!--(.*?)-->", template, re.S)
    assert len(comments) == 2 + sum(1 for item in github_items() if item["attributes"].get("description"))
    assert not any("--" in comment for comment in comments)


def test_a_new_agency_changes_the_form(tmp_path, content):
    forms.write_forms(tmp_path / "before", content)
    with open(content / "agencies.yaml", "a", encoding="utf-8") as file:
        file.write("\n- id: dinas-baru\n  name: Dinas Baru\n  short: DB\n")
    forms.write_forms(tmp_path, content)
    assert "Dinas Baru (dinas-baru)" in (tmp_path / forms.GITHUB_FORM).read_text(encoding="utf-8")
    assert "Dinas Baru (dinas-baru)" in (tmp_path / forms.GITLAB_TEMPLATE).read_text(encoding="utf-8")
    assert "Dinas Baru" not in (tmp_path / "before" / forms.GITHUB_FORM).read_text(encoding="utf-8")


def test_an_unreadable_agencies_file_is_a_usage_error(run, tmp_path, content):
    (content / "agencies.yaml").write_text("- id: [\n", encoding="utf-8")
    code, out, err = run("forms", "--root", str(tmp_path), "--content", str(content))
    assert (code, out) == (2, "") and f"cannot read {content}/agencies.yaml" in err
    assert "Traceback" not in err and not (tmp_path / ".github").exists()
