"""An update after an edit gives exactly the site a cold build of the edited content gives."""
from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from katalog.errors import BuildFailed
from katalog.pipeline import Pipeline, Site

spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)

ENTRY = "innovations/inovasi-00007.md"
NEW = "innovations/baru.md"
NEW_ENTRY = "---\ntitle: Baru\nagency: opd-001\nsummary: Baru.\ntags: [sampah]\n---\n"


def files_of(site: Site) -> dict[str, bytes]:
    return {**{output.path: output.data for output in site.outputs},
            **{copy.path: copy.source.read_bytes() for copy in site.copies}}


class Editor:
    """A catalogue on disk, a pipeline kept between edits, and the site it has written."""

    def __init__(self, root: Path):
        self.content, self.templates = root / "content", root / "templates"
        shutil.copytree(ROOT / "templates", self.templates)
        generate.generate(100, self.content)  # 100 entries: lists of several pages, shared agencies
        (self.content / "files").mkdir()
        self.pipeline = self.new_pipeline()
        self.site = files_of(self.pipeline.build())

    def new_pipeline(self) -> Pipeline:
        return Pipeline(content=self.content, content_shown_as="content", templates=self.templates,
                        source_date_epoch=0, search=False)

    def edit(self, relative: str, change, *, template: bool = False) -> Site:
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
        cold = files_of(self.new_pipeline().build())
        assert sorted(self.site) == sorted(cold)
        assert [path for path in cold if self.site[path] != cold[path]] == []


@pytest.fixture
def editor(tmp_path):
    return Editor(tmp_path)


def replace(old: str, new: str):
    return lambda data: re.sub(old, new, data.decode(), count=1)


EDITS = {
    "body": (ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja")),
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
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_an_update_gives_the_cold_build(editor, edit):
    for relative, change in EDITS[edit] if isinstance(EDITS[edit], list) else [EDITS[edit]]:
        editor.edit(relative, change)
    editor.assert_same_as_cold_build()


def test_deleting_or_hiding_a_linked_entry_is_an_error(editor):
    with pytest.raises(BuildFailed, match="link to missing file 'innovations/inovasi-00007.md'"):
        editor.edit(ENTRY, None)


def test_a_body_edit_renders_only_its_own_page(editor):
    update = editor.edit(ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja"))
    assert update.rendered == 1
    assert "inovasi/inovasi-00007/index.html" in {output.path for output in update.outputs}


def test_a_title_edit_renders_the_lists_but_not_the_whole_site(editor):
    update = editor.edit(ENTRY, replace("title: Inovasi 7", "title: Inovasi 7 Baru"))
    assert 3 < update.rendered < 60  # own page, its list pages, home, related pages of neighbours


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
    from katalog.catalogue import build_catalogue
    from katalog.load import load
    before = editor.pipeline.state.catalogue
    editor.edit(ENTRY, replace("## Cara Kerja", "Kalimat baru.\n\n## Cara Kerja"))
    after = editor.pipeline.state.catalogue
    assert after.agencies is before.agencies and after.innovations is not before.innovations  # swapped, not rebuilt
    assert after == build_catalogue(load(editor.content, shown_as="content"))
    editor.edit(ENTRY, replace("## Latar Belakang", "## Latar"))  # a heading others could link to
    assert editor.pipeline.state.catalogue.agencies is not after.agencies  # checked in full
