"""Which pages the site has, at which URLs, and how lists are split."""
from katalog.content import completeness
from katalog.render import kinds, pages
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load


def plan_of(root):
    return kinds.plan(build_catalogue(load(root / "content", shown_as="content")))


def test_every_page_kind_is_planned(site_dir):
    site_dir({"pages/tentang.md": "---\ntitle: Tentang\n---\nTeks.\n"})
    assert [(page.url, page.template) for page in plan_of(site_dir.root)] == [
        ("", "home.html"),
        ("404.html", "404.html"),
        ("aksesibilitas/", "accessibility.html"),
        ("bentuk/", "terms.html"),
        ("cari/", "search.html"),
        ("data/", "data.html"),
        ("inovasi/", "list.html"),
        ("inovasi/sipput/", "innovation.html"),
        ("jenis/", "terms.html"),
        ("kelengkapan/", "kelengkapan.html"),
        ("kelengkapan/dlh/", "kelengkapan-opd.html"),
        ("opd/", "agencies.html"),
        ("opd/dinkes/", "agency.html"),
        ("opd/dlh/", "agency.html"),
        ("penghargaan/", "awards.html"),
        ("penghargaan/iga-2019/", "award.html"),
        ("replikasi/", "replications.html"),
        ("sektor/", "terms.html"),
        ("statistik/", "statistik.html"),
        ("status/", "terms.html"),
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
    assert completeness.missing(entry) == [
        "Tahun mulai diterapkan", "Tahap inovasi", "Jenis inovasi", "Bentuk inovasi", "Inisiator", "Waktu uji coba",
        "Waktu penerapan", "Urusan pemerintahan (sektor)",
        "Kontak layanan", "Dokumen pendukung", "Sumber", "Status (masih berjalan atau berhenti)",
        "Bagian “Latar Belakang”", "Bagian “Tujuan”", "Bagian “Rancang Bangun dan Pokok Perubahan”",
        "Bagian “Hasil dan Dampak”", "Bagian “Manfaat”", "Bagian “Sumber Daya dan Biaya”",
        "Bagian “Langkah Replikasi”",
    ]


def test_page_links_are_a_window_of_fixed_size():
    assert pages.page_window(1, 1) == [1]
    assert pages.page_window(1, 3) == [1, 2, 3]
    assert pages.page_window(1, 400) == [1, 2, 3, 0, 400]
    assert pages.page_window(200, 400) == [1, 0, 198, 199, 200, 201, 202, 0, 400]
    assert pages.page_window(4, 7) == [1, 2, 3, 4, 5, 6, 7]


def test_documented_form_initiator_and_dates_leave_the_undocumented_list(site_dir):
    site_dir({"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\nform: tata-kelola\n"
                                       "initiator: asn\ntrial_date: '2019'\n---\n"})
    entry = build_catalogue(load(site_dir.root / "content", shown_as="content")).innovations[0]
    missing = completeness.missing(entry)
    assert "Waktu penerapan" in missing
    assert not {"Bentuk inovasi", "Inisiator", "Waktu uji coba"} & set(missing)


REPLICATED = """\
    ---
    title: {title}
    agency: dlh
    summary: x
    replications:
{items}
    ---
    """


def replication(by: str, date: str = "") -> str:
    when = f"\n        date: {date}" if date else ""
    return f"      - by: {by}\n        kind: studi-tiru{when}\n        source: {{publisher: ANTARA}}"


def test_replications_are_gathered_newest_first_and_undated_last(site_dir):
    site_dir({
        "innovations/sipput.md": REPLICATED.format(title="SIPPUT", items="\n".join([
            replication("Kota A", '"2021"'), replication("Kota B"), replication("Kota C", "2022-03-15")])),
        "innovations/si-cantik.md": REPLICATED.format(title="Si Cantik", items="\n".join([
            replication("Kota D", '"2022-03"'), replication("Kota E"), replication("Kota F", '"2021-12"')])),
    })
    catalogue = build_catalogue(load(site_dir.root / "content", shown_as="content"))
    assert [(entry.slug, item.by) for entry, item in catalogue.replications()] == [
        ("sipput", "Kota C"), ("si-cantik", "Kota D"), ("si-cantik", "Kota F"), ("sipput", "Kota A"),
        ("si-cantik", "Kota E"), ("sipput", "Kota B"),  # undated: in catalogue order, then the entry's
    ]
    [page] = [page for page in kinds.plan(catalogue) if page.url == "replikasi/"]
    assert (page.title, page.context["free_page"]) == ("Replikasi dan studi tiru", None)


def test_pages_replikasi_md_is_the_text_of_the_replications_page_and_no_page_of_its_own(site_dir):
    site_dir({"pages/replikasi.md": "---\ntitle: Cara mereplikasi\nsummary: Langkahnya.\n---\nTeks.\n"})
    planned = plan_of(site_dir.root)
    [page] = [page for page in planned if page.url == "replikasi/"]
    assert (page.template, page.title, page.description) == ("replications.html", "Cara mereplikasi", "Langkahnya.")
    assert page.context["free_page"].slug == "replikasi" and page.context["replications"] == []
    assert [page.template for page in planned].count("page.html") == 0


def test_bentuk_is_a_reserved_page_name(site_dir):
    import pytest
    from katalog.errors import BuildFailed
    site_dir({"pages/bentuk.md": "---\ntitle: Bentuk\n---\n"})
    with pytest.raises(BuildFailed) as failed:
        plan_of(site_dir.root)
    assert [str(error) for error in failed.value.errors] == [
        "content/pages/bentuk.md: page name 'bentuk' is used by the catalogue itself (rename the file)"]
