"""The dependency rules: which groups of pages an edit affects."""
from __future__ import annotations

import dataclasses

import pytest

from conftest import ROOT
from katalog.content import schema
from katalog.render import kinds, pages
from katalog.render.kinds.entries import related, related_to
from katalog.render.pages import Group
from katalog.content.catalogue import build_catalogue
from katalog.render.dependencies import Change, affected_groups, change_between, showing, unchanged
from katalog.content.load import load
from katalog.content.schema import Stage

EXAMPLE = ROOT / "tests" / "example" / "content"


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(load(EXAMPLE, shown_as="content"))


def edited(catalogue, slug, **fields):
    """The catalogue with one innovation's fields changed, as a reload would give it."""
    content = load(EXAMPLE, shown_as="content")
    innovations = tuple(dataclasses.replace(entry, **fields) if entry.slug == slug else entry
                        for entry in content.innovations)
    return build_catalogue(dataclasses.replace(content, innovations=innovations))


def groups_after(catalogue, slug, **fields):
    new = edited(catalogue, slug, **fields)
    change = change_between(catalogue, new, innovations={slug}, pages=set())
    return affected_groups(catalogue, new, change)


def test_a_body_edit_affects_only_the_entry(catalogue):
    entry = catalogue.innovation_by_slug["lengkap"]
    body = dataclasses.replace(entry.body, html=entry.body.html + "<p>baru</p>")
    assert groups_after(catalogue, "lengkap", body=body) == {Group("innovation", "lengkap")}


@pytest.mark.parametrize("field, value", [("title", "Lengkap Baru"), ("also_known_as", ("Ejaan Lain",))])
def test_a_name_affects_the_search_page_which_links_the_list_of_names(catalogue, field, value):
    assert Group("search") in groups_after(catalogue, "lengkap", **{field: value})


@pytest.mark.parametrize("field, value", [("website", None), ("aliases", ())])
def test_fields_only_the_case_page_shows_affect_only_the_entry(catalogue, field, value):
    assert groups_after(catalogue, "lengkap", **{field: value}) == {Group("innovation", "lengkap")}


@pytest.mark.parametrize("field, value", [("contact", None), ("sources", ())])
def test_fields_the_completeness_page_checks_affect_it_too(catalogue, field, value):
    assert groups_after(catalogue, "lengkap", **{field: value}) == {Group("innovation", "lengkap"), *COMPLETENESS}


# A change of which checks an entry passes: its agency's completeness pages, the summary, and the agency's
# page (its share); no other agency's.
COMPLETENESS = {Group("completeness"), Group("agency-completeness", "pkm-utara"), Group("agency", "pkm-utara")}


def test_a_recommended_section_removed_affects_the_completeness_page(catalogue):
    entry = catalogue.innovation_by_slug["lengkap"]
    body = dataclasses.replace(entry.body, headings=tuple(heading for heading in entry.body.headings
                                                          if heading.text != "Sumber Daya dan Biaya"))
    assert groups_after(catalogue, "lengkap", body=body) == {Group("innovation", "lengkap"), *COMPLETENESS}


def test_a_new_title_affects_its_agency_completeness_pages_but_not_the_summary(catalogue):
    affected = groups_after(catalogue, "lengkap", title="Judul Baru")
    assert {group for group in affected if "completeness" in group.kind} == {Group("agency-completeness", "pkm-utara")}


def test_a_moved_entry_affects_both_agencies_completeness_pages_and_the_summary(catalogue):
    affected = groups_after(catalogue, "lengkap", agency="dinkes", partners=())
    assert {group for group in affected if "completeness" in group.kind} == {
        Group("completeness"), Group("agency-completeness", "pkm-utara"), Group("agency-completeness", "dinkes")}


def test_a_new_title_affects_every_list_that_shows_the_entry(catalogue):
    affected = groups_after(catalogue, "lengkap", title="Judul Baru")
    assert affected >= {
        Group("home"), Group("innovations"), Group("innovation", "lengkap"), Group("agency", "pkm-utara"),
        Group("agency", "dinkes"), Group("agency", "pdam"), Group("award", "lomba-2019"), Group("sector", "kesehatan"),
        Group("year", 2019), Group("stage", Stage.PENERAPAN),
    }
    assert not any(group.kind == "page" for group in affected)


# The pages that only count entries: a title or summary leaves them as they were.
COUNTING = {Group("agencies"), Group("awards"), Group("statistics"), Group("sector-index"), Group("year-index"),
            Group("stage-index"), Group("type-index"), Group("form-index")}


@pytest.mark.parametrize("fields", [{"title": "Judul Baru"}, {"summary": "Lain."}])
def test_a_new_title_or_summary_leaves_the_pages_that_only_count_alone(catalogue, fields):
    assert not groups_after(catalogue, "lengkap", **fields) & COUNTING
    assert groups_after(catalogue, "lengkap", year=2020) >= COUNTING


def test_a_moved_entry_affects_its_old_and_new_agency_and_year(catalogue):
    affected = groups_after(catalogue, "lengkap", agency="dinkes", year=2020, partners=())
    assert {Group("agency", "pkm-utara"), Group("agency", "dinkes"), Group("year", 2019),
            Group("year", 2020)} <= affected


def test_settings_agencies_and_awards_affect_every_group(catalogue):
    settings = dataclasses.replace(catalogue.settings, title="Lain")
    new = dataclasses.replace(catalogue, settings=settings)
    change = change_between(catalogue, new, innovations=set(), pages=set())
    assert change.everything
    assert affected_groups(catalogue, new, change) == set(kinds.groups(catalogue))


def test_a_new_free_page_title_affects_every_page_but_its_body_only_itself(catalogue):
    page = catalogue.page_by_slug["tentang"]
    retitled = dataclasses.replace(catalogue, pages=(dataclasses.replace(page, title="Lain"),))
    assert change_between(catalogue, retitled, innovations=set(), pages={"tentang"}).everything
    new = with_page_body(catalogue, "tentang", "<p>lain</p>")
    change = change_between(catalogue, new, innovations=set(), pages={"tentang"})
    assert change == Change(pages=frozenset({"tentang"}))
    assert affected_groups(catalogue, new, change) == {Group("page", "tentang")}


def with_page_body(catalogue, slug: str, html: str):
    page = catalogue.page_by_slug[slug]
    rewritten = dataclasses.replace(page, body=dataclasses.replace(page.body, html=html))
    return dataclasses.replace(catalogue, pages=tuple(rewritten if other.slug == slug else other
                                                      for other in catalogue.pages),
                               page_by_slug={**catalogue.page_by_slug, slug: rewritten})


def test_the_text_of_pages_replikasi_md_affects_the_replications_page_only(catalogue):
    new = with_page_body(catalogue, "replikasi", "<p>Cara lain.</p>")
    change = change_between(catalogue, new, innovations=set(), pages={"replikasi"})
    assert change == Change(pages=frozenset({"replikasi"}))
    assert affected_groups(catalogue, new, change) == {Group("replications")}


def test_an_entry_with_replications_is_listed_on_the_replications_page_and_its_form(catalogue):
    entry = catalogue.innovation_by_slug["lengkap"]
    shown = showing(catalogue, catalogue, entry, None)  # as if it were removed: every page that shows it
    assert {Group("replications"), Group("form-index"), Group("form", schema.Form.PELAYANAN_PUBLIK)} <= shown
    minimal = catalogue.innovation_by_slug["minimal"]
    assert Group("replications") not in showing(catalogue, catalogue, minimal, None)


def test_an_untouched_save_changes_nothing(catalogue):
    change = change_between(catalogue, catalogue, innovations={"lengkap"}, pages=set())
    assert change == Change() and affected_groups(catalogue, catalogue, change) == set()


def test_related_to_is_the_inverse_of_related(tmp_path):
    """Every entry that lists X as related is among related_to(X)."""
    from bench import generate
    generate.generate(150, tmp_path)
    catalogue = build_catalogue(load(tmp_path, shown_as="content"))
    listed_by: dict[str, set[str]] = {}
    for entry in catalogue.innovations:
        for other, _ in related(catalogue, entry):
            listed_by.setdefault(other.slug, set()).add(entry.slug)
    for slug, listers in listed_by.items():
        assert listers <= related_to(catalogue, catalogue.innovation_by_slug[slug]), slug


def test_a_page_is_unchanged_while_it_shows_the_same_records_in_the_same_order(catalogue):
    page = kinds.plan_group(catalogue, Group("innovations"))[0]
    assert unchanged(kinds.plan_group(catalogue, Group("innovations"))[0], page)
    assert not unchanged(page, None)  # a new address
    resummarised = edited(catalogue, "lengkap", summary="Lain.")  # the card shows it
    assert not unchanged(kinds.plan_group(resummarised, Group("innovations"))[0], page)
    reordered = edited(catalogue, "lengkap", title="Zzz")
    assert not unchanged(kinds.plan_group(reordered, Group("innovations"))[0], page)


def test_mappings_compare_in_order():
    """A template may loop over a mapping: the same items in another order show differently."""
    page = pages.Page(url="x/", template="t.html", title="T", context={"counts": {"a": 1, "b": 2}})
    assert unchanged(dataclasses.replace(page, context={"counts": {"a": 1, "b": 2}}), page)
    assert not unchanged(dataclasses.replace(page, context={"counts": {"b": 2, "a": 1}}), page)
