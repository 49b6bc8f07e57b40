"""Assets named after their content, and .gz twins of text files for servers that send them."""
from __future__ import annotations

import gzip
import re

from conftest import ROOT, stylesheet, tree_bytes


def build_with(run, *options: str) -> None:
    code, _, err = run("build", "--templates", "templates", *options)
    assert (code, err) == (0, ""), err


def copy_templates(site_dir) -> None:
    import shutil
    shutil.copytree(ROOT / "templates", site_dir.root / "templates")


def test_every_text_file_over_1_kb_has_an_identical_gzip_twin(site_dir, run):
    copy_templates(site_dir)
    build_with(run, "--precompress", "--no-cache")
    site = site_dir.root / "site"
    files = tree_bytes(site)
    twins = {path for path in files if path.endswith(".gz")}
    expected = {path + ".gz" for path, data in files.items() if not path.endswith(".gz") and len(data) > 1024
                and re.search(r"\.(html|css|js|json|xml|txt|csv|svg)$", path)}
    assert twins == expected
    assert {"index.html.gz", "inovasi/sipput/index.html.gz",
            "pagefind/pagefind-ui.js.gz", stylesheet(site).relative_to(site).as_posix() + ".gz"} <= twins
    assert not any(path.endswith((".png.gz", ".pf_meta.gz", ".pagefind.gz")) for path in twins)
    for twin in twins:
        assert gzip.decompress(files[twin]) == files[twin[:-3]], twin
        assert files[twin][4:8] == b"\0\0\0\0" and files[twin][3] == 0  # no time, no file name in the header


def test_two_precompressed_builds_are_byte_identical(site_dir, run, tmp_path):
    copy_templates(site_dir)
    build_with(run, "--precompress", "--no-cache")
    first = tree_bytes(site_dir.root / "site")
    build_with(run, "--precompress", "--no-cache", "--out", str(tmp_path / "again"))
    assert tree_bytes(tmp_path / "again") == first


def test_site_yaml_asks_for_it_too_and_without_it_there_are_none(site_dir, run):
    copy_templates(site_dir)
    build_with(run, "--no-cache")
    assert not list((site_dir.root / "site").rglob("*.gz"))
    site_dir({"site.yaml": "precompress: true\n"})
    build_with(run, "--no-cache")
    assert (site_dir.root / "site/inovasi/sipput/index.html.gz").is_file()
    assert (site_dir.root / "site/pagefind/pagefind.js.gz").is_file()


def test_cached_builds_keep_the_twins_true(site_dir, run):
    """After an edit the changed page's twin is new, a deleted entry's twin goes, and the rest stay."""
    copy_templates(site_dir)
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dlh\nsummary: Lain.\n---\nTeks.\n"})
    build_with(run, "--precompress", "--no-search")
    site = site_dir.root / "site"
    site_dir({"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: Baru.\n---\nTeks baru.\n",
              "innovations/lain.md": None})
    build_with(run, "--precompress", "--no-search")
    assert b"Teks baru." in gzip.decompress((site / "inovasi/sipput/index.html.gz").read_bytes())
    assert not (site / "inovasi/lain").exists()
    cached = tree_bytes(site)
    del cached[".katalog-build"]  # the cache's id of the build, which a build without the cache does not write
    build_with(run, "--precompress", "--no-search", "--no-cache", "--out", "cold")
    assert tree_bytes(site_dir.root / "cold") == cached


def test_a_changed_stylesheet_gets_a_new_name_that_every_page_links_to(site_dir, run):
    copy_templates(site_dir)
    build_with(run, "--no-search")
    site = site_dir.root / "site"
    old = stylesheet(site).name
    assert re.fullmatch(r"style\.[0-9a-f]{10}\.css", old)
    css = site_dir.root / "templates/static/style.css"
    css.write_text(css.read_text() + "\n/* ubah */\n")
    build_with(run, "--no-search")  # a cached build
    new = stylesheet(site).name
    assert new != old and not (site / "static" / old).exists()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page.read_text())
        assert [link.rsplit("/", 1)[-1] for link in links] == [new], page
    assert (site / "static" / new).read_bytes() == css.read_bytes()


def test_turning_precompress_on_in_site_yaml_gives_the_cold_builds_site(site_dir, run):
    """A cached build after the switch makes the twins of files it did not otherwise copy again."""
    copy_templates(site_dir)
    build_with(run, "--no-search")
    site_dir({"site.yaml": "precompress: true\n"})
    build_with(run, "--no-search")
    cached = tree_bytes(site_dir.root / "site")
    del cached[".katalog-build"]
    assert stylesheet(site_dir.root / "site").relative_to(site_dir.root / "site").as_posix() + ".gz" in cached
    build_with(run, "--no-search", "--no-cache", "--out", "cold")
    assert tree_bytes(site_dir.root / "cold") == cached
