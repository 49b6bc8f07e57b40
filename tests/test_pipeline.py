"""An update after an edit gives exactly the site a cold build of the edited content gives."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from bench import generate
from katalog.render.kinds import agencies
from katalog.errors import BuildFailed
from katalog.engine.pipeline import Pipeline, Rendered

# Slow: each test renders a generated catalogue of 60 entries, then updates it edit by edit.
pytestmark = pytest.mark.slow


ENTRY = "innovations/inovasi-00007.md"
NEW = "innovations/baru.md"
NEW_ENTRY = "---\ntitle: Baru\nagency: opd-001\nsummary: Baru.\ntags: [sampah]\n---\n"
REPLICATIONS = ("replications:\n  - by: Kota Lain\n    kind: studi-tiru\n    date: \"2023-05\"\n"
                "    source: {publisher: ANTARA}\n")
INDICATORS = ("- id: iid-2023\n  name: Indeks Inovasi Daerah\n  year: 2023\n  value: 59.28\n"
              "  sources: [{publisher: Kemendagri}]\n")
REPLICATION_PAGE = "---\ntitle: Replikasi\n---\n\nTeks.\n"


def files_of(site: Rendered) -> dict[str, bytes]:
    return {**{output.path: output.data for output in site.outputs},
            **{copy.path: copy.source.read_bytes() for copy in site.copies}}


class Editor:
    """A catalogue on disk, a pipeline kept between edits, and the site it has written."""

    def __init__(self, root: Path, drafts: bool = False, search: bool = False):
        self.content, self.templates, self.drafts, self.search = root / "content", root / "templates", drafts, search
        shutil.copytree(ROOT / "templates", self.templates)
        generate.generate(60, self.content)  # lists of three pages, entries sharing agencies and sectors
        (self.content / "files").mkdir()
        self.pipeline = self.new_pipeline()
        self.site = files_of(self.pipeline.render_all())

    def new_pipeline(self) -> Pipeline:
        return Pipeline(content=self.content, content_shown_as="content", templates=self.templates,
                        source_date_epoch=0, search=self.search, include_drafts=self.drafts)

    def pending_edit(self, relative: str, change) -> None:
        """Change a content file, and tell the pipeline with the next edit."""
        path = self.content / relative
        path.write_text(change(path.read_bytes()), encoding="utf-8")
        self.pipeline.pending_content.add(relative)

    def edit(self, relative: str, change, *, template: bool = False) -> Rendered:
        path = (self.templates if template else self.content) / relative
        added = not path.exists()
        if change is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(change(path.read_bytes() if path.exists() else b"").encode()
                             if callable(change) else change.encode())
        changed = {"templates_changed" if template else "content_changed": [relative]}
        update = self.pipeline.update(**changed, tree_changed=added or change is None)
        for path in update.deleted:
            del self.site[path]
        self.site.update(files_of(update))
        return update

    def assert_same_as_cold_build(self) -> None:
        cold = files_of(self.new_pipeline().render_all())
        assert sorted(self.site) == sorted(cold)
        assert [path for path in cold if self.site[path] != cold[path]] == []


@pytest.fixture
def editor(tmp_path):
    return Editor(tmp_path)


def replace(old: str, new: str):
    return lambda data: re.sub(old, new, data.decode(), count=1)


EDITS = {
    "body": (ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja")),
    "a recommended section renamed, which the completeness page counts": (
        ENTRY, replace("## Hasil dan Dampak", "## Hasil")),
    "title, which moves it in every list": (ENTRY, replace("title: Inovasi 7", "title: AAA Inovasi Tujuh")),
    "summary": (ENTRY, replace("summary: ", "summary: Baru. ")),
    "agency": (ENTRY, replace("agency: opd-[0-9]+", "agency: opd-003")),
    "tags, which relate it to others": (ENTRY, replace("sources:", "tags: [sampah]\nsources:")),
    "an alias": (ENTRY, replace("sources:", "aliases: [/lama/tujuh/]\nsources:")),
    "award and year": (ENTRY, replace("year: [0-9]+", "awards: [lomba-001]\nyear: 2011")),
    "a new entry": (NEW, NEW_ENTRY),
    "a new entry made a draft": [(NEW, NEW_ENTRY), (NEW, replace("tags:", "draft: true\ntags:"))],
    "a new entry deleted": [(NEW, NEW_ENTRY), (NEW, None)],
    "a free page": ("pages/tentang.md", "---\ntitle: Tentang\n---\n\n## Isi\n\nTeks.\n"),
    "an agency's name": ("agencies.yaml", replace("name: Dinas Contoh 3\n", "name: Dinas Baru\n")),
    "the site settings": ("site.yaml", replace("title: Katalog Uji", "title: Katalog Lain")),
    "a file": ("files/brosur.pdf", "%PDF-1.4"),
    "a form, which puts it on the form pages": (ENTRY, replace("sources:", "form: tata-kelola\nsources:")),
    "a form changed": [(ENTRY, replace("sources:", "form: tata-kelola\nsources:")),
                       (ENTRY, replace("form: tata-kelola", "form: lainnya"))],
    "replications, which the replications page lists": (ENTRY, replace("sources:", REPLICATIONS + "sources:")),
    "replications, then the title of the entry": [(ENTRY, replace("sources:", REPLICATIONS + "sources:")),
                                                   (ENTRY, replace("title: Inovasi 7", "title: AAA Tujuh"))],
    "replications removed": [(ENTRY, replace("sources:", REPLICATIONS + "sources:")),
                             (ENTRY, replace("replications:\n(  .*\n)*", ""))],
    "the indicators, created, edited and deleted": [
        ("indikator.yaml", INDICATORS), ("indikator.yaml", replace("value: 59.28", "value: 60.5")),
        ("indikator.yaml", None)],
    "the text of the replications page, created, edited and deleted": [
        ("pages/replikasi.md", REPLICATION_PAGE), ("pages/replikasi.md", replace("Teks.", "Teks lain.")),
        ("pages/replikasi.md", replace("title: Replikasi", "title: Cara meniru")), ("pages/replikasi.md", None)],
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_an_update_gives_the_cold_build(editor, edit):
    for relative, change in EDITS[edit] if isinstance(EDITS[edit], list) else [EDITS[edit]]:
        editor.edit(relative, change)
    editor.assert_same_as_cold_build()


def test_an_edit_of_the_replications_page_text_renders_that_page_alone(editor):
    editor.edit("pages/replikasi.md", REPLICATION_PAGE)
    update = editor.edit("pages/replikasi.md", replace("Teks.", "Teks lain."))
    assert update.pages_rendered == 1 and "replikasi/index.html" in {output.path for output in update.outputs}


def test_deleting_or_hiding_a_linked_entry_is_an_error(editor):
    with pytest.raises(BuildFailed, match="link to missing file 'innovations/inovasi-00007.md'"):
        editor.edit(ENTRY, None)


def test_a_year_edit_renders_the_statistics_page_and_its_data(editor):
    before = editor.site["data/statistik/tahun.csv"]
    update = editor.edit(ENTRY, replace("year: [0-9]+", "year: 2001"))
    written = {output.path for output in update.outputs}
    assert {"statistik/index.html", "data/statistik.json", "data/statistik/tahun.csv"} <= written
    assert editor.site["data/statistik/tahun.csv"] != before and "2001" in editor.site["statistik/index.html"].decode()
    editor.assert_same_as_cold_build()


def test_an_award_edit_renders_every_year_of_its_programme(editor):
    update = editor.edit(ENTRY, replace("sources:", "awards: [lomba-001]\nsources:"))
    written = {output.path for output in update.outputs}
    assert {"penghargaan/lomba-011/index.html", "penghargaan/lomba-021/index.html"} <= written  # same programme
    editor.assert_same_as_cold_build()


def test_a_body_edit_renders_only_its_own_page(editor):
    update = editor.edit(ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja"))
    assert update.pages_rendered == 1
    assert "inovasi/inovasi-00007/index.html" in {output.path for output in update.outputs}


def agency_of(editor, relative: str) -> str:
    return re.search(r"agency: (\S+)", (editor.content / relative).read_text()).group(1)


def test_a_section_edit_renders_its_page_and_its_agency_completeness_pages(editor):
    agency = agency_of(editor, ENTRY)

    def gaps():
        return editor.site[f"kelengkapan/{agency}/index.html"].decode().count('<td class="belum">')

    before = gaps()
    update = editor.edit(ENTRY, replace("## Hasil dan Dampak", "## Hasil"))
    assert sorted(output.path for output in update.outputs if output.path.endswith(".html")) == [
        "iid/index.html", f"iid/{agency}/index.html",  # the IID's "Hasil" is read from that section
        "inovasi/inovasi-00007/index.html", "kelengkapan/index.html", f"kelengkapan/{agency}/index.html",
        f"opd/{agency}/index.html"]  # the summary's counts and the agency page's share
    assert gaps() == before + 1
    editor.edit(ENTRY, replace("## Hasil\n", "## Hasil dan Dampak\n"))
    assert gaps() == before
    editor.assert_same_as_cold_build()


def test_a_title_edit_renders_its_agency_completeness_page_but_not_the_summary(editor):
    agency = agency_of(editor, ENTRY)
    update = editor.edit(ENTRY, replace("title: Inovasi 7", "title: AAA Inovasi Tujuh"))
    written = {output.path for output in update.outputs if output.path.startswith("kelengkapan/")}
    assert written == {f"kelengkapan/{agency}/index.html"}
    assert "AAA Inovasi Tujuh" in editor.site[f"kelengkapan/{agency}/index.html"].decode()
    editor.assert_same_as_cold_build()


def test_completeness_pages_in_numbered_pages_follow_edits(tmp_path, monkeypatch):
    monkeypatch.setattr(agencies, "COMPLETENESS_PAGE_SIZE", 1)  # every agency with two entries has two pages
    editor = Editor(tmp_path)
    agency = agency_of(editor, ENTRY)
    largest = max((path.split("/")[1] for path in editor.site if re.fullmatch(r"kelengkapan/[^/]+/halaman/.*", path)),
                  key=lambda other: sum(path.startswith(f"kelengkapan/{other}/") for path in editor.site))
    for relative, change in [(ENTRY, replace("## Hasil dan Dampak", "## Hasil")),
                             (ENTRY, replace("title: Inovasi 7", "title: ZZZ Tujuh")),
                             (ENTRY, replace(f"agency: {agency}", f"agency: {largest}")),
                             (NEW, NEW_ENTRY), (NEW, None)]:
        editor.edit(relative, change)
        editor.assert_same_as_cold_build()


def test_a_title_edit_renders_the_lists_but_not_the_whole_site(editor):
    update = editor.edit(ENTRY, replace("title: Inovasi 7", "title: Inovasi 7 Baru"))
    assert 3 < update.pages_rendered < 60  # own page, its list pages, home, related pages of neighbours


def test_a_title_edit_leaves_the_counting_pages_and_the_sitemap_alone(editor):
    """A title moves the entry in its lists, but no count, chart or address changes. (The search
    page is rendered again: it links the list of names, whose file is named after its content.)"""
    names_before = [path for path in editor.site if path.startswith("static/search-names.")]
    update = editor.edit(ENTRY, replace("title: Inovasi 7", "title: AAA Inovasi Tujuh"))
    written = {output.path for output in update.outputs}
    assert "inovasi/index.html" in written and "inovasi/inovasi-00007/index.html" in written
    counting = {"statistik/index.html", "opd/index.html", "penghargaan/index.html", "tahun/index.html",
                "sektor/index.html", "tahap/index.html", "kelengkapan/index.html"}
    assert counting <= set(editor.site) and not written & counting
    [names] = [path for path in editor.site if path.startswith("static/search-names.")]
    assert names_before != [names] and names_before[0] in update.deleted
    assert "AAA Inovasi Tujuh" in editor.site[names].decode() and names in written
    assert editor.pipeline.state.listings[2].path == "sitemap.xml"
    sitemap = editor.pipeline.state.listings[2]
    editor.edit(ENTRY, replace("title: .*", "title: ZZZ Inovasi Tujuh"))
    assert editor.pipeline.state.listings[2] is sitemap  # kept, not made again
    editor.assert_same_as_cold_build()


def test_the_search_page_links_the_names_file_after_a_title_edit(tmp_path):
    editor = Editor(tmp_path, search=True)
    update = editor.edit(ENTRY, replace("title: Inovasi 7", "title: AAA Inovasi Tujuh"))
    [names] = [path for path in editor.site if path.startswith("static/search-names.")]
    assert "cari/index.html" in {output.path for output in update.outputs}
    assert f'data-names="../{names}"' in editor.site["cari/index.html"].decode()
    editor.assert_same_as_cold_build()


def test_a_body_edit_leaves_the_search_page_and_its_names_alone(editor):
    update = editor.edit(ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja"))
    assert "cari/index.html" not in {output.path for output in update.outputs} and update.deleted == ()


def test_a_new_entry_is_counted_and_named_on_the_search_page(tmp_path):
    editor = Editor(tmp_path, search=True)
    editor.edit(NEW, NEW_ENTRY)
    [names] = [path for path in editor.site if path.startswith("static/search-names.")]
    assert '"Baru"' in editor.site[names].decode()
    assert "Katalog ini memuat 61 inovasi" in editor.site["cari/index.html"].decode()
    editor.assert_same_as_cold_build()


def test_template_edits_render_the_pages_that_use_them(editor):
    update = editor.edit("partials/pagination.html", replace("</nav>", "</nav>\n<!-- ubah -->"), template=True)
    assert {output.path.split("/")[0] for output in update.outputs if output.path.endswith(".html")} \
        >= {"inovasi", "opd", "sektor", "tahun"}
    assert "inovasi/inovasi-00007/index.html" not in {output.path for output in update.outputs}
    editor.edit("static/style.css", replace("body", "body "), template=True)
    editor.assert_same_as_cold_build()


def test_several_edits_in_a_row(editor):
    for edit in ("title, which moves it in every list", "tags, which relate it to others", "an alias", "body"):
        editor.edit(*EDITS[edit])
    editor.edit("innovations/inovasi-00011.md", replace("title: Inovasi 11", "title: Inovasi 07"))
    editor.assert_same_as_cold_build()


def test_a_failed_update_keeps_its_files_for_the_next(editor):
    with pytest.raises(BuildFailed) as failure:
        editor.edit(ENTRY, replace("agency: opd-", "agency: tidak-ada-"))
    assert "agency: unknown agency" in str(failure.value)
    with pytest.raises(BuildFailed, match="agency: unknown agency"):  # the broken entry is not forgotten
        editor.edit("innovations/inovasi-00011.md", replace("## Cara Kerja", "Lain.\n\n## Cara Kerja"))
    editor.edit(ENTRY, replace("agency: tidak-ada-", "agency: opd-"))
    editor.assert_same_as_cold_build()


def test_a_text_edit_swaps_the_entry_into_the_catalogue_instead_of_rebuilding_it(editor):
    from katalog.content.catalogue import build_catalogue
    from katalog.content.load import load
    before = editor.pipeline.state.catalogue
    editor.edit(ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja"))
    after = editor.pipeline.state.catalogue
    assert after.agencies is before.agencies and after.innovations is not before.innovations  # swapped, not rebuilt
    assert after == build_catalogue(load(editor.content, shown_as="content"))
    editor.edit(ENTRY, replace("## Latar Belakang", "## Latar"))  # a heading others could link to
    assert editor.pipeline.state.catalogue.agencies is not after.agencies  # checked in full


# Each field changed once: an update must equal a cold build whatever the field shows.
FIELD_EDITS = {
    "title": "title: Inovasi Tujuh Baru", "agency": "agency: opd-001", "summary": "summary: Ringkasan lain.",
    "also_known_as": "also_known_as: [Tujuh]", "partners": "partners: [opd-002]", "year": "year: 2001",
    "stage": "stage: inisiatif", "type": "type: digital", "sector": "sector: sosial", "awards": "awards: [lomba-002]",
    "tags": "tags: [baru]", "contact": "contact: {name: Petugas}", "website": "website: https://example.org/",
    "documents": "documents: [{title: Brosur, file: brosur.pdf}]", "image": "image: foto.png",
    "sources": "sources: [{publisher: Lain}]", "updated": "updated: 2030-01-01", "draft": "draft: true",
    "aliases": "aliases: [/lama/]", "form": "form: pelayanan-publik", "initiator": "initiator: masyarakat",
    "trial_date": 'trial_date: "2019-05"', "implementation_date": "implementation_date: 2020-01-06",
    "replications": "replications: [{by: Kota Lain, kind: replikasi, source: {publisher: ANTARA, note: iklan}}]",
    "status": 'status: {state: berhenti, date: "2022"}',
    "evidence": "evidence: [{indicator: indikator-5, file: brosur.pdf}, {indicator: indikator-0, level: rendah, "
                "url: https://example.org/sk.pdf}]",
}


def test_every_editable_field_has_an_edit_here():
    from katalog.content.schema import Innovation, editable_fields
    assert sorted(FIELD_EDITS) == sorted(field.name for field in editable_fields(Innovation))


@pytest.mark.parametrize("field", FIELD_EDITS)
def test_an_edit_of_any_field_gives_the_cold_build(tmp_path, field):
    editor = Editor(tmp_path, drafts=True)  # drafts shown, so a draft's mark on its cards counts too
    for name, data in (("brosur.pdf", "%PDF"), ("foto.png", "PNG")):
        editor.edit(f"files/{name}", data)
    editor.edit(ENTRY, lambda data: re.sub(rf"(?m)^{field}:.*\n(  .*\n)*", "", data.decode()).replace(
        "---\n\n", f"{FIELD_EDITS[field]}\n---\n\n", 1))
    editor.assert_same_as_cold_build()


def test_an_alias_may_not_take_another_pages_address(editor):
    with pytest.raises(BuildFailed, match="two pages at /inovasi/inovasi-00013/"):
        editor.edit(ENTRY, replace("sources:", "aliases: [/inovasi/inovasi-00013/]\nsources:"))
    editor.edit(ENTRY, replace("aliases: .*\n", ""))
    editor.assert_same_as_cold_build()


def test_remembered_fingerprints_do_not_go_stale(editor):
    editor.edit("innovations/inovasi-00030.md", replace("title: .*", "title: Inovasi 30 Lain"))
    editor.edit("agencies.yaml", replace("name: Dinas Contoh 3\n", "name: Dinas Baru\n"))
    editor.edit(ENTRY, replace("title: .*", "title: AAA Pertama"))
    editor.edit(ENTRY, replace("title: .*", "title: Inovasi 7"))
    editor.assert_same_as_cold_build()


def test_a_failed_template_keeps_nothing_half_remembered(editor):
    editor.pending_edit(ENTRY, replace("title: .*", "title: AAA Pertama"))
    with pytest.raises(BuildFailed, match="template"):
        editor.edit("innovation.html", replace("</article>", "{{ entry.summary / 2 }}</article>"), template=True)
    editor.edit("innovation.html", replace(r"\{\{ entry.summary / 2 \}\}", ""), template=True)
    editor.assert_same_as_cold_build()


def test_a_moved_folder_is_read_again_whole(editor):
    editor.edit("pages/tentang.md", "---\ntitle: Tentang\n---\n\nTeks.\n")
    shutil.move(editor.content / "pages", editor.content.parent / "pages-lama")
    update = editor.pipeline.update(content_changed=["pages"], tree_changed=True)
    assert update.complete
    editor.site = files_of(update)
    editor.assert_same_as_cold_build()


def test_a_deleted_static_file_leaves_the_site(editor):
    update = editor.edit("static/baru.css", "body {}", template=True)
    assert [path for path in editor.site if path.startswith("static/baru.")] == ["static/baru.62368a1a29.css"]
    assert update.pages_rendered == 0  # no page links to a new file yet
    editor.edit("static/baru.css", None, template=True)
    editor.assert_same_as_cold_build()


def test_a_new_page_kind_is_one_declaration_and_one_template(tmp_path, monkeypatch):
    """A kind of page added the way the site's own are (render/kinds/): declared once, with its template,
    it is planned, rendered, and re-planned after an edit that changes what it shows, as a cold build would."""
    from katalog.render import kinds
    from katalog.render.pages import PageKind, Shows, fields, page_at

    def initiators(catalogue, key):
        entries = [entry for entry in catalogue.innovations if entry.initiator]
        return [page_at("inisiator/", "inisiator.html", "Menurut inisiator", entries=entries)]

    kind = PageKind("initiators", "inisiator.html", initiators, shows=(Shows(fields("title", "initiator")),))
    editor = Editor(tmp_path)
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, kind))
    (editor.templates / "inisiator.html").write_text(
        "{% for entry in entries %}{{ entry.title }}: {{ entry.initiator.label }}\n{% endfor %}", encoding="utf-8")
    editor.site = files_of(editor.pipeline.render_all())  # again, now that its template exists
    assert b"Inovasi 7:" not in editor.site["inisiator/index.html"]
    update = editor.edit(ENTRY, replace("sources:", "initiator: asn\nsources:"))
    assert "inisiator/index.html" in {output.path for output in update.outputs}
    assert b"Inovasi 7: ASN" in editor.site["inisiator/index.html"]
    editor.assert_same_as_cold_build()
    update = editor.edit(ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja"))  # not what it shows
    assert "inisiator/index.html" not in {output.path for output in update.outputs}
