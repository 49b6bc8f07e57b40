"""The list of names the search page offers for "did you mean" (katalog/render/search_names.py):
built with the site, named after its bytes, the same from build to build, every name as JSON."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re

import build
import pytest

from conftest import EXAMPLE, MINIMAL_SITE, real_content
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load
from katalog.render import search_names

AWKWARD = ['Si "Cantik"', "Back\\slash", "</script><script>alert(1)</script>", "Baris\u2028baru", "Kafé Ñ 世界",
           "  spasi  "]


def example_catalogue():
    return build_catalogue(load(EXAMPLE / "content", shown_as="content"))


@pytest.mark.real_content
def test_the_real_site_has_its_names_file_linked_from_the_search_page(real_site):
    [path] = real_site.glob("static/search-names.*.json")
    data = path.read_bytes()
    assert path.name == f"search-names.{hashlib.sha256(data).hexdigest()[:10]}.json"
    assert f'data-names="../static/{path.name}"' in (real_site / "cari/index.html").read_text(encoding="utf-8")
    catalogue = build_catalogue(load(real_content(), shown_as="content"))
    expected = {name for entry in catalogue.innovations for name in (entry.title, *entry.also_known_as)}
    expected |= {name for agency in catalogue.agencies for name in (agency.name, agency.short, *agency.former_names)}
    names = json.loads(data)
    assert set(names) <= expected  # "Datago", another spelling of "Data Go", is compared as "datago" too: kept once
    assert {search_names.key(name) for name in names} == {search_names.key(name) for name in expected}
    assert len(names) == len(set(names))
    assert not re.search(rb'",\s|\[\s|\s\]', data)  # no whitespace between items


def test_names_are_unique_by_what_search_compares():
    catalogue = example_catalogue()
    entry = dataclasses.replace(catalogue.innovations[0], title="SI-BULAN", also_known_as=("si bulan", "Sí Bulan"))
    names = search_names.names(dataclasses.replace(catalogue, innovations=(entry, *catalogue.innovations[1:])))
    assert [name for name in names if search_names.key(name) == "sibulan"] == ["SI-BULAN"]
    assert search_names.key("Sí Bulan!") == search_names.key("si-bulan") == "sibulan"


def test_names_are_in_one_order_whatever_the_catalogue_order():
    catalogue = example_catalogue()
    shuffled = dataclasses.replace(catalogue, innovations=tuple(reversed(catalogue.innovations)),
                                   agencies=tuple(reversed(catalogue.agencies)))
    assert search_names.names(shuffled) == search_names.names(catalogue)
    keys = [search_names.key(name) for name in search_names.names(catalogue)]
    assert keys == sorted(keys)


def test_the_memo_keeps_the_file_while_the_names_stay_and_not_a_moment_longer(monkeypatch):
    catalogue, memo = example_catalogue(), {}
    first = search_names.output(catalogue, memo)
    monkeypatch.setattr(search_names, "_unique", lambda found: pytest.fail("the names were folded again"))
    other_body = dataclasses.replace(catalogue.innovations[0], summary="Ringkasan lain.")
    same_names = dataclasses.replace(catalogue, innovations=(other_body, *catalogue.innovations[1:]))
    assert search_names.output(same_names, memo) is first  # another catalogue, the same names
    monkeypatch.undo()
    renamed = dataclasses.replace(catalogue.innovations[0], title="Nama Baru")
    second = search_names.output(dataclasses.replace(catalogue, innovations=(renamed, *catalogue.innovations[1:])),
                                 memo)
    assert second.path != first.path and "Nama Baru" in json.loads(second.data)
    assert memo["names"][1] is second


def test_awkward_names_are_kept_as_json_strings():
    catalogue = example_catalogue()
    entry = dataclasses.replace(catalogue.innovations[0], title=AWKWARD[0], also_known_as=tuple(AWKWARD[1:]))
    output = search_names.output(dataclasses.replace(catalogue, innovations=(entry,)))
    names = json.loads(output.data.decode("utf-8"))
    assert {name.strip() for name in AWKWARD} <= set(names)
    assert output.path.startswith("static/search-names.") and output.path.endswith(".json")


def test_two_builds_give_the_same_names_file(site_dir, tmp_path):
    site_dir({"innovations/si-bulan.md": MINIMAL_SITE["innovations/sipput.md"].replace("SIPPUT", "Si Bulan")})
    for out in ("a", "b"):
        assert build.main(["build", "--out", out, "--no-search", "--no-cache"]) == 0
    [first], [second] = (list((site_dir.root / out / "static").glob("search-names.*")) for out in ("a", "b"))
    assert first.name == second.name and first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_bytes()) == ["Dinas Kesehatan", "Dinas Lingkungan Hidup", "Dinkes", "DLH", "Si Bulan",
                                              "SIPPUT"]


def test_an_edit_of_a_name_gives_a_new_file_and_removes_the_old(site_dir):
    assert build.main(["build", "--no-search"]) == 0
    [before] = (site_dir.root / "site/static").glob("search-names.*")
    site_dir({"innovations/sipput.md": MINIMAL_SITE["innovations/sipput.md"].replace("SIPPUT", "SIPPUT Baru")})
    assert build.main(["build", "--no-search"]) == 0  # with the cache: an update
    [after] = (site_dir.root / "site/static").glob("search-names.*")
    assert after.name != before.name and "SIPPUT Baru" in json.loads(after.read_bytes())
