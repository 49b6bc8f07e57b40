"""site.yaml's `repository`: the "Sunting halaman ini" and "Laporkan kesalahan" links it
gives every case page and free page, the `edit_url` override, and how the setting is checked."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from katalog.content import schema
from katalog.render import repository
from katalog.content.load import load

TITLE = "Si Cantik & Data #2 ?é"
GITHUB = schema.Repository(url="https://github.com/contoh/katalog-inovasi", host=schema.RepositoryHost.GITHUB)
GITLAB = schema.Repository(url="https://gitlab.com/contoh/katalog-inovasi.git/", branch="rilis/2026",
                           host=schema.RepositoryHost.GITLAB, content_path="situs/konten/")


def site(**settings) -> schema.Settings:
    return schema.Settings(base_url="https://example.org/katalog/", **settings)


def issue(address: str) -> tuple[str, dict[str, list[str]]]:
    """A new-issue link as the address of its form and its decoded query."""
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query, strict_parsing=True)


def body(address: str, path: str) -> str:
    return (f"Halaman: {address}\nBerkas sumber: {path}\n\nApa yang keliru di halaman ini?\n\n\n"
            "Apa sumber untuk perbaikannya (misalnya tautan ke berita atau dokumen resmi)?\n")


# --- the links ---------------------------------------------------------------------------

def test_github_links_of_a_case_page():
    links = dict(repository.page_links(site(repository=GITHUB), source="innovations/si-cantik.md", title=TITLE,
                                       url="inovasi/si-cantik/"))
    assert list(links) == ["Sunting halaman ini", "Laporkan kesalahan"]
    assert links["Sunting halaman ini"] == \
        "https://github.com/contoh/katalog-inovasi/edit/main/content/innovations/si-cantik.md"
    form, query = issue(links["Laporkan kesalahan"])
    assert form == "https://github.com/contoh/katalog-inovasi/issues/new"
    assert query == {"title": [f"Kesalahan di halaman: {TITLE}"],
                     "body": [body("https://example.org/katalog/inovasi/si-cantik/", "content/innovations/si-cantik.md")]}


def test_gitlab_links_of_a_free_page_strip_git_and_slash_and_use_branch_and_folder():
    links = dict(repository.page_links(site(repository=GITLAB), source="pages/tentang.md", title=TITLE,
                                       url="tentang/"))
    assert links["Sunting halaman ini"] == \
        "https://gitlab.com/contoh/katalog-inovasi/-/edit/rilis/2026/situs/konten/pages/tentang.md"
    form, query = issue(links["Laporkan kesalahan"])
    assert form == "https://gitlab.com/contoh/katalog-inovasi/-/issues/new"
    assert query == {"issue[title]": [f"Kesalahan di halaman: {TITLE}"],
                     "issue[description]": [body("https://example.org/katalog/tentang/", "situs/konten/pages/tentang.md")]}


def test_the_query_is_percent_encoded_so_the_title_cannot_end_it():
    address = repository.report_link(site(repository=GITHUB), source="pages/tentang.md", title=TITLE, url="tentang/")
    query = urlsplit(address).query
    assert query.startswith("title=Kesalahan%20di%20halaman%3A%20Si%20Cantik%20%26%20Data%20%232%20%3F%C3%A9&body=")
    assert "#" not in address and " " not in address and address.isascii()


def test_without_base_url_the_report_names_the_pages_path():
    settings = schema.Settings(repository=GITHUB)
    _, query = issue(repository.report_link(settings, source="innovations/sipput.md", title="SIPPUT",
                                            url="inovasi/sipput/"))
    assert query["body"] == [body("/inovasi/sipput/", "content/innovations/sipput.md")]


def test_content_at_the_repositorys_root():
    at_root = schema.Repository(url="https://github.com/contoh/isi", host=schema.RepositoryHost.GITHUB,
                                content_path=".")
    assert repository.edit_link(site(repository=at_root), source="pages/tentang.md") == \
        "https://github.com/contoh/isi/edit/main/pages/tentang.md"


def test_edit_url_overrides_the_edit_link_only():
    settings = site(edit_url="https://git.example.org/katalog/-/edit/main/content/", repository=GITHUB)
    links = dict(repository.page_links(settings, source="innovations/sipput.md", title="SIPPUT", url="inovasi/sipput/"))
    assert links["Sunting halaman ini"] == "https://git.example.org/katalog/-/edit/main/content/innovations/sipput.md"
    assert links["Laporkan kesalahan"].startswith("https://github.com/contoh/katalog-inovasi/issues/new?title=")
    only_edit_url = site(edit_url="https://git.example.org/edit/")
    assert repository.page_links(only_edit_url, source="pages/tentang.md", title="Tentang", url="tentang/") == (
        ("Sunting halaman ini", "https://git.example.org/edit/pages/tentang.md"),)


def test_no_links_without_settings():
    assert repository.page_links(site(), source="innovations/sipput.md", title="SIPPUT", url="inovasi/sipput/") == ()


# --- the built pages ---------------------------------------------------------------------

ENTRY = f'---\ntitle: "{TITLE}"\nagency: dlh\nsummary: Layanan perizinan.\n---\n\nTeks.\n'
PAGE = "---\ntitle: Tentang\n---\n\nTeks.\n"
GITLAB_SETTINGS = ("repository:\n  url: https://gitlab.com/contoh/katalog-inovasi/\n  host: gitlab\n")


def build_site(site_dir, run, settings: str | None) -> dict[str, str]:
    """The case page and free page of a tiny site built with ``settings`` as site.yaml."""
    site_dir({"innovations/si-cantik.md": ENTRY, "pages/tentang.md": PAGE,
              **({"site.yaml": settings} if settings is not None else {})})
    code, _, err = run("build", "--no-search", "--no-cache")
    assert (code, err) == (0, "")
    out = site_dir.root / "site"
    return {name: (out / name / "index.html").read_text(encoding="utf-8")
            for name in ("inovasi/si-cantik", "tentang")}


def links_in(page: str) -> dict[str, str]:
    """Each source link of a page by its text, with its href as a browser reads it."""
    found = re.findall(r'<a href="([^"]*)">(Sunting halaman ini|Laporkan kesalahan)</a>', page)
    return {text: html.unescape(href) for href, text in found}


def test_built_pages_link_to_gitlab(site_dir, run):
    pages = build_site(site_dir, run, GITLAB_SETTINGS)
    entry, free_page = links_in(pages["inovasi/si-cantik"]), links_in(pages["tentang"])
    assert entry["Sunting halaman ini"] == \
        "https://gitlab.com/contoh/katalog-inovasi/-/edit/main/content/innovations/si-cantik.md"
    assert free_page["Sunting halaman ini"] == \
        "https://gitlab.com/contoh/katalog-inovasi/-/edit/main/content/pages/tentang.md"
    _, query = issue(entry["Laporkan kesalahan"])
    assert query == {"issue[title]": [f"Kesalahan di halaman: {TITLE}"],
                     "issue[description]": [body("/inovasi/si-cantik/", "content/innovations/si-cantik.md")]}
    _, query = issue(free_page["Laporkan kesalahan"])
    assert query["issue[title]"] == ["Kesalahan di halaman: Tentang"]
    assert '">Sunting halaman ini</a> · <a href="' in pages["tentang"]


def test_built_pages_use_edit_url_over_the_repository(site_dir, run):
    pages = build_site(site_dir, run, "edit_url: https://git.example.org/edit/\n" + GITLAB_SETTINGS)
    assert links_in(pages["tentang"])["Sunting halaman ini"] == "https://git.example.org/edit/pages/tentang.md"
    assert links_in(pages["inovasi/si-cantik"])["Laporkan kesalahan"].startswith(
        "https://gitlab.com/contoh/katalog-inovasi/-/issues/new?issue%5Btitle%5D=")


@pytest.mark.parametrize("settings", [None, "title: Katalog\n"])
def test_built_pages_have_no_links_and_no_empty_paragraph_without_settings(site_dir, run, settings):
    pages = build_site(site_dir, run, settings)
    for page in pages.values():
        assert "Sunting halaman ini" not in page and "Laporkan kesalahan" not in page
        assert "<p></p>" not in page
    assert 'class="case-footer"' not in pages["tentang"]  # no empty footer either


# --- the setting is checked like every other -------------------------------------------------

REPOSITORY = "title: Katalog\nrepository:\n  url: https://github.com/contoh/katalog-inovasi\n"
NOT_A_REPOSITORY = ("is not the web address of a repository (write it like https://github.com/owner/name, "
                    "without a user name, token, query or #fragment)")
BRANCH_HINT = "(use letters, digits, '.', '_', '-' and '/', without spaces or '..', e.g. main)"
INVALID_SETTINGS = {
    "unknown host": (REPOSITORY + "  host: bitbucket\n", [
        "content/site.yaml:4: repository.host: expected one of github, gitlab, found 'bitbucket' "
        "(use one of: github, gitlab)"]),
    "host in capitals": (REPOSITORY + "  host: GitHub\n", [
        "content/site.yaml:4: repository.host: expected one of github, gitlab, found 'GitHub' "
        "(did you mean 'github'?)"]),
    "missing url": ("title: Katalog\nrepository:\n  branch: main\n  host: github\n", [
        "content/site.yaml:3: repository.url: required field is missing (add 'url: ...')"]),
    "missing host": (REPOSITORY, [
        "content/site.yaml:3: repository.host: required field is missing (add 'host: ...')"]),
    "url without scheme": ("repository:\n  url: github.com/contoh/katalog\n  host: github\n", [
        f"content/site.yaml:2: repository.url: 'github.com/contoh/katalog' {NOT_A_REPOSITORY}"]),
    # Shown on every page: a token pasted with the address must not be published.
    "url with a token": ("repository:\n  url: https://x:ghp_rahasia@github.com/contoh/katalog\n  host: github\n", [
        f"content/site.yaml:2: repository.url: 'https://x:ghp_rahasia@github.com/contoh/katalog' {NOT_A_REPOSITORY}"]),
    "url with a query": ("repository:\n  url: https://github.com/contoh/katalog?tab=x\n  host: github\n", [
        f"content/site.yaml:2: repository.url: 'https://github.com/contoh/katalog?tab=x' {NOT_A_REPOSITORY}"]),
    "branch with a space": (REPOSITORY + '  host: github\n  branch: "a b"\n', [
        f"content/site.yaml:5: repository.branch: 'a b' is not a safe branch name {BRANCH_HINT}"]),
    "branch with ..": (REPOSITORY + "  host: github\n  branch: rilis..lama\n", [
        f"content/site.yaml:5: repository.branch: 'rilis..lama' is not a safe branch name {BRANCH_HINT}"]),
    "branch like an option": (REPOSITORY + "  host: github\n  branch: -x\n", [
        f"content/site.yaml:5: repository.branch: '-x' is not a safe branch name {BRANCH_HINT}"]),
    "branch with a control character": (REPOSITORY + '  host: github\n  branch: "a\\tb"\n', [
        f"content/site.yaml:5: repository.branch: 'a\\u0009b' is not a safe branch name {BRANCH_HINT}"]),
    "content folder outside the repository": (REPOSITORY + "  host: github\n  content_path: ../isi\n", [
        "content/site.yaml:5: repository.content_path: '../isi' is not a folder of the repository "
        "(write it from the repository's root, without '..', e.g. content or situs/content)"]),
    "unknown key inside repository": (REPOSITORY + "  host: github\n  brnch: main\n", [
        "content/site.yaml:5: unknown field 'repository.brnch' (did you mean 'branch'?)"]),
    "unknown key with no near match": (REPOSITORY + "  host: github\n  token: rahasia\n", [
        "content/site.yaml:5: unknown field 'repository.token' (allowed: url, branch, host, content_path, cms_app_id, cms_auth_url)"]),
    "text instead of a mapping": ("repository: https://github.com/contoh/katalog-inovasi\n", [
        "content/site.yaml:1: repository: expected a mapping of 'field: value' lines, found text"]),
}


@pytest.mark.parametrize("case", INVALID_SETTINGS)
def test_invalid_repository_setting_is_reported(site_dir, run, case):
    settings, expected = INVALID_SETTINGS[case]
    site_dir({"site.yaml": settings})
    code, _, err = run("check")
    assert code == 1
    assert err.splitlines()[:-1] == expected


def test_defaults_and_tolerated_spellings(site_dir, run):
    site_dir({"site.yaml": REPOSITORY + "  host: github\n  branch:\n  content_path: situs/konten/\n"})
    code, _, err = run("check")
    assert (code, err) == (0, "")
    loaded = load(site_dir.root / "content", shown_as="content").settings.repository
    assert loaded == schema.Repository(url="https://github.com/contoh/katalog-inovasi", branch="main",
                                       host=schema.RepositoryHost.GITHUB, content_path="situs/konten/")
