"""The CMS's configuration (build.py cms): generated from the schema and the content, and committed
exactly as generated."""
from __future__ import annotations

import dataclasses
import shutil

import pytest
import yaml

from conftest import ROOT, real_content
from katalog import urls
from katalog.content import schema
from katalog.content.completeness import RECOMMENDED_SECTIONS
from katalog.tools import cms, forms

# The committed configuration names the real catalogue's agencies, awards and indicators.
pytestmark = pytest.mark.real_content


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / cms.CONFIG).read_text(encoding="utf-8"))


def collection(config: dict, name: str) -> dict:
    return next(item for item in config["collections"] if item["name"] == name)


def fields(config: dict, name: str) -> dict:
    found = collection(config, name)
    return {field["name"]: field for field in found.get("fields") or found["files"][0]["fields"]}


def test_the_committed_configuration_is_what_build_py_cms_writes(run, tmp_path):
    code, out, err = run("cms", "--root", str(tmp_path), "--content", str(real_content()))
    assert (code, out, err) == (0, f"wrote {tmp_path / cms.CONFIG}\n", "")
    assert (ROOT / cms.CONFIG).read_text(encoding="utf-8") == (tmp_path / cms.CONFIG).read_text(encoding="utf-8"), \
        f"{cms.CONFIG} is out of date: run python build.py cms"


def test_it_has_no_anchors_aliases_or_tags(config):
    events = list(yaml.parse((ROOT / cms.CONFIG).read_text(encoding="utf-8")))
    assert not [event for event in events if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)]
    assert not [event for event in events if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent))
                and event.tag and not event.implicit if not isinstance(event.implicit, tuple)]
    assert not [event for event in events if isinstance(event, yaml.ScalarEvent) and event.tag]


def test_collections_for_entries_pages_and_every_data_file(config):
    assert [item["name"] for item in config["collections"]] == [
        "inovasi", "halaman", "opd", "penghargaan", "indikator", "iid", "situs"]
    assert collection(config, "inovasi")["folder"] == "content/innovations"
    assert collection(config, "halaman")["folder"] == "content/pages"
    assert [collection(config, name)["files"][0]["file"] for name in ("opd", "penghargaan", "indikator", "iid", "situs")] \
        == ["content/agencies.yaml", "content/awards.yaml", "content/indikator.yaml", "content/iid.yaml",
            "content/site.yaml"]
    # Each collection has its own format, which templates/admin/katalog-cms.js registers.
    assert all(item["format"] == f"katalog-{item['name']}" for item in config["collections"])
    assert config["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    assert config["backend"] == {"name": "proxy", "proxy_url": "http://localhost:8081/api/v1", "branch": "main"}


def test_every_field_of_the_schema_is_there_in_its_order_with_the_body_last(config):
    assert list(fields(config, "inovasi")) == [field.name for field in schema.editable_fields(schema.Innovation)] \
        + ["body"]
    assert list(fields(config, "halaman")) == [field.name for field in schema.editable_fields(schema.Page)] + ["body"]
    assert list(fields(config, "situs")) == [field.name for field in schema.editable_fields(schema.Settings)]
    assert list(fields(config, "iid")) == [field.name for field in schema.editable_fields(schema.Iid)]
    for name, record in (("opd", schema.Agency), ("penghargaan", schema.Award), ("indikator", schema.Indicator)):
        [items] = fields(config, name).values()
        assert items["name"] == "items" and items["widget"] == "list"
        assert [field["name"] for field in items["fields"]] == [field.name for field in schema.editable_fields(record)]


def test_required_fields_are_required_and_no_other(config):
    entry = fields(config, "inovasi")
    assert [name for name, field in entry.items() if field["required"]] == ["title", "agency", "summary"]
    replication = {field["name"]: field for field in entry["replications"]["fields"]}
    assert [name for name, field in replication.items() if field["required"]] == ["by", "kind", "source"]
    # In a mapping that may be left out, the form cannot require them (the CMS would refuse an entry without
    # the mapping); their hint says so and build.py check requires them.
    status = {field["name"]: field for field in entry["status"]["fields"]}
    assert status["state"]["required"] is False and status["state"]["hint"].endswith(" Wajib bila Status diisi.")
    source = {field["name"]: field for field in replication["source"]["fields"]}
    assert source["publisher"]["required"] is True  # a replication's source is required: so is its publisher


def test_agencies_awards_indicators_and_vocabularies_are_dropdowns_of_stored_values_with_indonesian_labels(config):
    entry = fields(config, "inovasi")
    agencies = [(option["value"], option["label"]) for option in entry["agency"]["options"]]
    assert agencies == [(agency_id, f"{name} ({agency_id})") for agency_id, name in forms.read_agencies(real_content())]
    assert entry["partners"]["widget"] == "select" and entry["partners"]["multiple"] is True
    assert entry["partners"]["options"] == entry["agency"]["options"]
    assert entry["stage"]["options"] == [{"label": "Inisiatif", "value": "inisiatif"},
                                         {"label": "Uji coba", "value": "uji-coba"},
                                         {"label": "Penerapan", "value": "penerapan"}]
    assert {"label": "Masih berjalan", "value": "berjalan"} in \
        {field["name"]: field for field in entry["status"]["fields"]}["state"]["options"]
    assert {"label": "Innovative Government Award 2019 (iga-2019)", "value": "iga-2019"} in entry["awards"]["options"]
    evidence = {field["name"]: field for field in entry["evidence"]["fields"]}
    assert {"label": "Regulasi Inovasi Daerah", "value": "regulasi"} in evidence["indicator"]["options"]
    assert {"label": "Peraturan Daerah (perda)", "value": "perda"} in evidence["level"]["options"]
    # Every vocabulary of the schema is a dropdown somewhere, with its labels.
    shown = {(option["value"], option["label"]) for option in options_in(config)}
    for vocabulary in (schema.Stage, schema.InnovationType, schema.Level, schema.AgencyKind, schema.RepositoryHost,
                       schema.Form, schema.Initiator, schema.ReplicationKind, schema.Running, schema.EvidenceKind):
        assert {(member.value, schema.LABELS[member]) for member in vocabulary} <= shown, vocabulary


def options_in(value):
    if isinstance(value, dict):
        yield from value.get("options", ())
        for child in value.values():
            yield from options_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from options_in(child)


def test_lists_of_records_are_lists_of_objects_and_dates_keep_what_is_known(config):
    entry = fields(config, "inovasi")
    for name, record in (("sources", schema.Source), ("replications", schema.Replication),
                         ("evidence", schema.Evidence), ("documents", schema.Document)):
        assert entry[name]["widget"] == "list"
        assert [field["name"] for field in entry[name]["fields"]] == [f.name for f in schema.editable_fields(record)]
    assert entry["contact"]["widget"] == "object" and entry["status"]["widget"] == "object"
    assert entry["tags"]["widget"] == "list" and entry["tags"]["field"]["widget"] == "string"  # one line each
    assert entry["updated"]["widget"] == "datetime" and entry["updated"]["format"] == "YYYY-MM-DD"
    assert entry["updated"]["time_format"] is False and "default" not in entry["updated"]  # never today unasked
    for name in ("trial_date", "implementation_date"):  # a year stays a year
        assert entry[name]["widget"] == "string" and entry[name]["pattern"][0] == "^" + cms.PARTIAL_DATE.pattern + "$"
    assert entry["draft"]["widget"] == "boolean" and entry["draft"]["default"] is True  # a new entry is a draft
    assert entry["summary"]["pattern"] == ["^[\\s\\S]{0,300}$", "Paling banyak 300 karakter."]


def test_the_body_s_hint_names_the_recommended_sections(config):
    body = fields(config, "inovasi")["body"]
    assert body["widget"] == "markdown" and body["modes"] == ["raw", "rich_text"]  # raw first: written as typed
    positions = [body["hint"].index(f"{section} (") for section in RECOMMENDED_SECTIONS]
    assert positions == sorted(positions)


def test_a_new_agency_or_a_repository_changes_the_configuration(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(real_content(), content)
    with open(content / "agencies.yaml", "a", encoding="utf-8") as file:
        file.write("\n- id: dinas-baru\n  name: Dinas Baru\n  short: DB\n")
    with open(content / "site.yaml", "a", encoding="utf-8") as file:
        file.write("repository:\n  url: https://gitlab.com/pemkot/katalog\n  host: gitlab\n  cms_app_id: abc123\n")
    cms.write_config(tmp_path, content)
    written = yaml.safe_load((tmp_path / cms.CONFIG).read_text(encoding="utf-8"))
    assert {"label": "Dinas Baru (dinas-baru)", "value": "dinas-baru"} in fields(written, "inovasi")["agency"]["options"]
    assert written["backend"] == {"name": "gitlab", "repo": "pemkot/katalog", "branch": "main", "auth_type": "pkce",
                                  "app_id": "abc123"}
    assert written["publish_mode"] == "editorial_workflow"


@pytest.mark.parametrize("repository, backend", [
    ({"url": "https://github.com/pemkot/katalog", "host": "github", "branch": "utama"},
     {"name": "github", "repo": "pemkot/katalog", "branch": "utama"}),
    ({"url": "https://github.com/pemkot/katalog", "host": "github", "cms_auth_url": "https://masuk.example.go.id/"},
     {"name": "github", "repo": "pemkot/katalog", "branch": "main", "base_url": "https://masuk.example.go.id"}),
    ({"url": "https://git.example.go.id/pemkot/katalog", "host": "gitlab", "cms_app_id": "7"},
     {"name": "gitlab", "repo": "pemkot/katalog", "branch": "main", "auth_type": "pkce", "app_id": "7",
      "api_root": "https://git.example.go.id/api/v4", "base_url": "https://git.example.go.id"}),
])
def test_the_backend_follows_site_yaml_s_repository(repository, backend):
    assert cms.config(cms.Choices(), {"repository": repository})["backend"] == backend


def test_admin_is_a_name_no_free_page_or_alias_may_take():
    assert "admin" in urls.RESERVED_PAGE_SLUGS and "admin" in urls.GENERATED_FOLDERS


def test_every_field_has_an_indonesian_label():
    records = [schema.Innovation, schema.Page, schema.Source, schema.Replication, schema.Status, schema.Evidence,
               schema.Contact, schema.Document, schema.Agency, schema.Award, schema.Indicator, schema.Iid,
               schema.IidProfileField, schema.IidLevel, schema.IidIndicator, schema.RegionalEvidence,
               schema.Settings, schema.Repository]
    for record in records:
        assert set(cms.LABELS[record.__name__]) == {field.name for field in schema.editable_fields(record)}, record
    assert all(dataclasses.is_dataclass(record) for record in records)
