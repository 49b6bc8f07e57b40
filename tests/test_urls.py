import pytest

from katalog import urls


@pytest.mark.parametrize("from_url, to_url, link", [
    ("", "", "index.html"),
    ("", "inovasi/sipput/", "inovasi/sipput/index.html"),
    ("inovasi/sipput/", "inovasi/data-go/", "../data-go/index.html"),
    ("inovasi/sipput/", "", "../../index.html"),
    ("inovasi/sipput/", "inovasi/sipput/#cara-kerja", "#cara-kerja"),
    ("tentang/", "inovasi/x/#a", "../inovasi/x/index.html#a"),
    ("404.html", "static/style.css", "static/style.css"),
    ("inovasi/halaman/2/", "inovasi/", "../../index.html"),
])
def test_href_is_relative(from_url, to_url, link):
    assert urls.href(from_url, to_url) == link


def test_numbered_pages_keep_page_one_at_the_list_url():
    assert urls.numbered("inovasi/", 1) == "inovasi/"
    assert urls.numbered("inovasi/", 3) == "inovasi/halaman/3/"


def test_absolute_urls_are_pretty():
    assert urls.absolute("https://example.org/katalog/", "inovasi/sipput/") == \
        "https://example.org/katalog/inovasi/sipput/"


def test_file_names_are_percent_encoded_in_links():
    assert urls.href("inovasi/x/", urls.file("Panduan #1 (baru).pdf")) == "../../files/Panduan%20%231%20%28baru%29.pdf"


def test_every_top_level_name_of_a_built_site_is_reserved_for_the_catalogue():
    """The names a free page may not take come from urls.py; the example site has every page kind,
    so a page kind or file added without its name in urls.OWN_PAGES or OWN_FILES fails here."""
    from conftest import ROOT
    expected = ROOT / "tests" / "example" / "expected"
    free_pages = {path.stem for path in (ROOT / "tests" / "example" / "content" / "pages").glob("*.md")}
    tops = {path.name.partition(".")[0] for path in expected.iterdir() if not path.name.startswith(".")} - {"index"}
    assert tops - free_pages <= urls.RESERVED_PAGE_SLUGS
    assert {"inovasi", "kelengkapan", "statistik", "pagefind", "halaman", "feed"} <= urls.RESERVED_PAGE_SLUGS
    assert "replikasi" not in urls.RESERVED_PAGE_SLUGS  # a free page of that name is the replications page's text
