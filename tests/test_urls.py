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
