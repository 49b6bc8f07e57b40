"""Cross-references and lookups, on small content trees."""
import re

import pytest

from conftest import ROOT
from katalog.content import schema
from katalog.content.catalogue import build_catalogue, with_entries_replaced
from katalog.errors import BuildFailed
from katalog.content.load import load


from bench.generate import generate


def catalogue_of(root):
    return build_catalogue(load(root / "content", shown_as="content"))


def errors_of(root):
    with pytest.raises(BuildFailed) as failed:
        catalogue_of(root)
    return [str(error) for error in failed.value.errors]


def test_lookups(site_dir):
    site_dir({"innovations/alpha.md": "---\ntitle: Alpha\nagency: dinkes\nsummary: x\npartners: [dlh]\n"
                                      "awards: [iga-2019]\nyear: 2019\nstage: penerapan\nsector: kesehatan\n---\n"})
    catalogue = catalogue_of(site_dir.root)
    assert [entry.slug for entry in catalogue.innovations] == ["alpha", "sipput"]
    assert [agency.id for agency in catalogue.agencies] == ["dinkes", "dlh"]  # by name
    assert [e.slug for e in catalogue.by_agency["dlh"]] == ["sipput"]
    assert [e.slug for e in catalogue.by_partner["dlh"]] == ["alpha"]
    assert [e.slug for e in catalogue.by_award["iga-2019"]] == ["alpha"]
    assert list(catalogue.by_sector) == ["kesehatan"] and list(catalogue.by_year) == [2019]
    assert list(catalogue.by_stage) == [schema.Stage.PENERAPAN]
    assert catalogue.programmes() == [("Innovative Government Award", (catalogue.award_by_id["iga-2019"],))]


def test_every_reference_is_checked(site_dir):
    site_dir({
        "agencies.yaml": "- id: dlh\n  name: Dinas Lingkungan Hidup\n  short: DLH\n"
                         "- id: dinkes\n  name: Dinas Kesehatan\n  short: Dinkes\n"
                         "- id: pkm\n  name: Puskesmas\n  short: PKM\n  kind: upt\n  parent: dinkess\n"
                         "- id: dlh\n  name: Lagi\n  short: L\n",
        "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\npartners: [dlh, dinks]\n"
                                 "awards: [iga-2091]\ndocuments:\n  - {title: Panduan, file: panduan.pdf}\n"
                                 "image: foto.jpg\n---\n",
        "pages/inovasi.md": "---\ntitle: Bentrok\n---\n",
    })
    assert errors_of(site_dir.root) == [
        "content/agencies.yaml:11: parent: unknown agency 'dinkess' (did you mean 'dinkes'?)",
        "content/agencies.yaml:12: id: duplicate id 'dlh' (first on line 1) (give each item its own id)",
        "content/innovations/sipput.md:5: partners: 'dlh' is already the lead agency (remove it)",
        "content/innovations/sipput.md:5: partners: unknown agency 'dinks' (did you mean 'dinkes'?)",
        "content/innovations/sipput.md:6: awards: unknown award 'iga-2091' (did you mean 'iga-2019'?)",
        "content/innovations/sipput.md:8: documents: file 'files/panduan.pdf' does not exist "
        "(put the file under content/files/)",
        "content/innovations/sipput.md:9: image: file 'files/foto.jpg' does not exist "
        "(put the file under content/files/)",
        "content/pages/inovasi.md: page name 'inovasi' is used by the catalogue itself (rename the file)",
    ]


def test_parent_only_for_units(site_dir):
    site_dir({"agencies.yaml": "- id: dlh\n  name: Dinas Lingkungan Hidup\n  short: DLH\n  parent: dinkes\n"
                               "- id: dinkes\n  name: Dinas Kesehatan\n  short: Dinkes\n"})
    assert errors_of(site_dir.root) == [
        "content/agencies.yaml:4: parent: only a unit (kind: upt) has a parent agency (add 'kind: upt')"]


def test_aliases_may_not_take_a_page_or_a_file_folder(site_dir, run):
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dlh\nsummary: x\n"
                                     "aliases: [/inovasi/sipput/, /static/style.css/]\n---\n"})
    assert errors_of(site_dir.root) == [
        "content/innovations/lain.md:5: aliases: '/static/style.css' is an address the catalogue uses for its own "
        "files (give the old address of a page, e.g. /inovasi/nama-lama/)"]
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dlh\nsummary: x\naliases:\n  - /inovasi/sipput/\n---\n"})
    code, _, err = run("check")
    assert code == 1
    assert err.splitlines()[0] == ("content/innovations/lain.md:6: two pages at /inovasi/sipput/: 'SIPPUT' and 'Lain' "
                                   "(remove the alias or rename one of the files or ids)")


def test_lists_links_and_units_are_checked(site_dir):
    site_dir({
        "agencies.yaml": "- id: dlh\n  name: Dinas Lingkungan Hidup\n  short: DLH\n"
                         "  description: Lihat [x](innovations/nope.md) dan [y](#tidak-ada).\n"
                         "- id: dinkes\n  name: Dinas Kesehatan\n  short: Dinkes\n"
                         "- id: pkm\n  name: Puskesmas\n  short: PKM\n  kind: upt\n  parent: dinkes\n"
                         "- id: pustu\n  name: Pustu\n  short: Pustu\n  kind: upt\n  parent: pkm\n",
        "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\npartners: [dinkes, dinkes]\n"
                                 "awards: [iga-2019, iga-2019]\n---\nLihat [draf](draf.md).\n",
        "innovations/draf.md": "---\ntitle: Draf\nagency: dlh\nsummary: x\ndraft: true\n---\n",
    })
    assert errors_of(site_dir.root) == [
        "content/agencies.yaml:4: link to '#tidak-ada': no such heading (that page has no headings)",
        "content/agencies.yaml:4: link to missing file 'innovations/nope.md' (check the file name)",
        "content/agencies.yaml:17: parent: 'pkm' is itself a unit (use the id of the OPD above it)",
        "content/innovations/sipput.md:5: partners: 'dinkes' is listed twice (remove one)",
        "content/innovations/sipput.md:6: awards: 'iga-2019' is listed twice (remove one)",
        "content/innovations/sipput.md:8: link to 'innovations/draf.md', which is a draft "
        "(publish it (remove draft: true) or build with --drafts)",
    ]


def test_an_alias_may_be_an_old_file_address(site_dir, run):
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dlh\nsummary: x\n"
                                     "aliases: [/inovasi/sipput/index.html, /Inovasi/SIPPUT/, /feed.xml]\n---\n"})
    code, _, err = run("check")
    hint = "(remove the alias or rename one of the files or ids)"
    assert err.splitlines()[:1] == [
        "content/innovations/lain.md:5: aliases: '/feed.xml' is an address the catalogue uses for its own files "
        "(give the old address of a page, e.g. /inovasi/nama-lama/)"]
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dlh\nsummary: x\n"
                                     "aliases: [/inovasi/sipput/index.html, /Inovasi/SIPPUT/]\n---\n"})
    code, _, err = run("check")
    assert err.splitlines()[:2] == [
        f"content/innovations/lain.md:5: two pages at /Inovasi/SIPPUT/: 'SIPPUT' and 'Lain' {hint}",
        f"content/innovations/lain.md:5: two pages at /inovasi/sipput/index.html: 'SIPPUT' and 'Lain' {hint}",
    ]
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dlh\nsummary: x\naliases: [/lama.html]\n---\n"})
    assert run("build")[0] == 0
    assert 'url=inovasi/lain/index.html"' in (site_dir.root / "site/lama.html").read_text()


def test_indicators_are_sorted_by_name_then_year_and_their_ids_unique(site_dir):
    figure = "- id: {id}\n  name: {name}\n  year: {year}\n  value: 1\n  sources: [{{publisher: BPS}}]\n"
    site_dir({"indikator.yaml": figure.format(id="iid-2023", name="Indeks Inovasi Daerah", year=2023)
              + figure.format(id="ikm-2021", name="Indeks Kepuasan Masyarakat", year=2021)
              + figure.format(id="iid-2021", name="Indeks Inovasi Daerah", year=2021)})
    catalogue = catalogue_of(site_dir.root)
    assert [indicator.id for indicator in catalogue.indicators] == ["iid-2021", "iid-2023", "ikm-2021"]
    assert [(name, [i.year for i in records]) for name, records in catalogue.indicator_tables()] == [
        ("Indeks Inovasi Daerah", [2021, 2023]), ("Indeks Kepuasan Masyarakat", [2021])]
    site_dir({"indikator.yaml": figure.format(id="iid", name="A", year=2023) + figure.format(id="iid", name="A",
                                                                                              year=2024)})
    assert errors_of(site_dir.root) == [
        "content/indikator.yaml:6: id: duplicate id 'iid' (first on line 1) (give each item its own id)"]


def test_links_in_an_award_description_are_checked(site_dir):
    site_dir({"awards.yaml": "- id: lomba\n  name: Lomba\n  year: 2023\n"
                             "  description: Lihat [Si Cantik](innovations/si-cantk.md) dan [SIPPUT](#x).\n"})
    assert errors_of(site_dir.root) == [
        "content/awards.yaml:4: link to '#x': no such heading (that page has no headings)",
        "content/awards.yaml:4: link to missing file 'innovations/si-cantk.md' (check the file name)",
    ]


@pytest.mark.parametrize("edit", [
    ("title: Inovasi 7", "title: Aaa Inovasi Pertama"),  # moves to the front of every list
    ("title: Inovasi 7", "title: Inovasi 7 B"),  # moves one place
    ("agency", "opd-001"),  # changes the lists it is in
])
def test_an_entry_replaced_in_place_gives_the_catalogue_a_full_check_would(tmp_path, edit):
    """The dev server's fast path for one changed entry: a changed title or agency re-sorts and
    re-indexes without checking every record again, and must equal build_catalogue."""
    generate(60, tmp_path)
    previous = load(tmp_path, shown_as="content")
    before = build_catalogue(previous)
    entry = tmp_path / "innovations" / "inovasi-00007.md"
    old, new = edit
    text = entry.read_text(encoding="utf-8")
    if old == "agency":
        text = re.sub(r"(?m)^agency: .*$", "agency: opd-001", text, count=1)
    else:
        text = re.sub(rf"(?m)^{re.escape(old)}$", new, text, count=1)
    entry.write_text(text, encoding="utf-8")
    content = load(tmp_path, shown_as="content")
    fast = with_entries_replaced(before, previous=previous, content=content, slugs={"inovasi-00007"})
    full = build_catalogue(content)
    assert fast is not None and fast != before
    assert fast.innovations == full.innovations
    for index in ("by_agency", "by_partner", "by_award", "by_sector", "by_year", "by_stage", "by_type", "by_form",
                  "by_tag"):
        assert list(getattr(fast, index).items()) == list(getattr(full, index).items()), index
    assert fast == full
