"""Light pages for phones on slow connections: small files, no scripts but search, nothing from elsewhere."""
import re

import pytest

from conftest import stylesheet

pytestmark = pytest.mark.real_content

HTML_LIMIT = 50 * 1024
CSS_LIMIT = 20 * 1024


def our_pages(site):
    return [path for path in site.rglob("*.html") if "pagefind" not in path.relative_to(site).parts]


def test_pages_and_stylesheet_are_small(real_site):
    heavy = {str(path.relative_to(real_site)): path.stat().st_size for path in our_pages(real_site)
             if path.stat().st_size >= HTML_LIMIT}
    assert heavy == {}
    assert stylesheet(real_site).stat().st_size < CSS_LIMIT


def test_no_javascript_outside_the_search_page(real_site):
    for path in our_pages(real_site):
        scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", path.read_text())
        if path.relative_to(real_site).as_posix() == "cari/index.html":
            # static/search.js, a module, which loads Pagefind itself with the first query
            assert len(scripts) == 1 and 'type="module"' in scripts[0]
        else:
            assert scripts == [], path


def test_nothing_is_loaded_from_another_site(real_site):
    for path in our_pages(real_site):
        html = path.read_text()
        loaded = re.findall(r'<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc="([^"]+)"', html)
        loaded += re.findall(r'<link rel="(?:stylesheet|icon|preload)" href="([^"]+)"', html)
        assert loaded, path
        assert [url for url in loaded if re.match(r"(?:[a-z]+:)?//", url)] == [], path
    css = stylesheet(real_site).read_text()
    assert "@font-face" not in css and "url(" not in css


def test_every_page_links_the_icon_named_after_its_content(real_site):
    """An SVG and a PNG under static/, each named after its bytes, so that no browser asks for a
    /favicon.ico the site does not have (a 404 in every browser's console)."""
    icons = set()
    for path in our_pages(real_site):
        html = path.read_text()
        linked = re.findall(r'<link rel="icon" href="([^"]+)" type="image/(svg\+xml|png)"', html)
        assert [kind for _, kind in linked] == ["svg+xml", "png"], path
        icons |= {(path.parent / href).resolve() for href, _ in linked}
    assert len(icons) == 2
    for icon in icons:
        assert re.fullmatch(r"favicon\.[0-9a-f]{10}\.(svg|png)", icon.name) and icon.is_file(), icon
