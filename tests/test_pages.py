"""Which pages the site has, at which URLs, and how lists are split."""
from katalog import pages
from katalog.catalogue import build_catalogue
from katalog.load import load


def plan_of(root):
    return pages.plan(build_catalogue(load(root / "content", shown_as="content")))


def test_every_page_kind_is_planned(site_dir):
    site_dir({"pages/tentang.md": "---\ntitle: Tentang\n---\nTeks.\n"})
    assert [(page.url, page.template) for page in plan_of(site_dir.root)] == [
        ("", "home.html"),
        ("404.html", "404.html"),
        ("aksesibilitas/", "accessibility.html"),
        ("cari/", "search.html"),
        ("data/", "data.html"),
        ("inovasi/", "list.html"),
        ("inovasi/sipput/", "innovation.html"),
        ("jenis/", "terms.html"),
        ("opd/", "agencies.html"),
        ("opd/dinkes/", "agency.html"),
        ("opd/dlh/", "agency.html"),
        ("penghargaan/", "awards.html"),
        ("penghargaan/iga-2019/", "award.html"),
        ("sektor/", "terms.html"),
        ("tahap/", "terms.html"),
        ("tahun/", "terms.html"),
        ("tentang/", "page.html"),
    ]


def test_long_lists_are_paginated(site_dir):
    site_dir({f"innovations/inovasi-{n:02}.md": f"---\ntitle: Inovasi {n:02}\nagency: dlh\nsummary: x\n---\n"
              for n in range(pages.PAGE_SIZE * 2)})
    planned = {page.url: page for page in plan_of(site_dir.root)}
    first, second, third = planned["inovasi/"], planned["inovasi/halaman/2/"], planned["inovasi/halaman/3/"]
    assert [len(page.context["entries"]) for page in (first, second, third)] == [pages.PAGE_SIZE, pages.PAGE_SIZE, 1]
    assert second.context["pagination"]["previous"] == "inovasi/"
    assert second.context["pagination"]["next"] == "inovasi/halaman/3/"
    assert third.context["pagination"]["next"] is None
    assert "opd/dlh/halaman/3/" in planned and "inovasi/halaman/4/" not in planned


def test_undocumented_lists_missing_fields_and_sections(site_dir):
    entry = build_catalogue(load(site_dir.root / "content", shown_as="content")).innovations[0]
    assert pages.undocumented(entry) == [
        "Tahun mulai diterapkan", "Tahap inovasi", "Jenis inovasi", "Urusan pemerintahan (sektor)",
        "Kontak layanan", "Dokumen pendukung", "Sumber", "Bagian “Latar Belakang”",
        "Bagian “Hasil dan Dampak”", "Bagian “Sumber Daya dan Biaya”", "Bagian “Langkah Replikasi”",
    ]


def test_page_links_are_a_window_of_fixed_size():
    assert pages.page_window(1, 1) == [1]
    assert pages.page_window(1, 3) == [1, 2, 3]
    assert pages.page_window(1, 400) == [1, 2, 3, 0, 400]
    assert pages.page_window(200, 400) == [1, 0, 198, 199, 200, 201, 202, 0, 400]
    assert pages.page_window(4, 7) == [1, 2, 3, 4, 5, 6, 7]
