"""A page's links to its source: "Sunting halaman ini" and "Laporkan kesalahan".

Derived here and only here, from site.yaml's ``repository`` (GitHub or GitLab), or
from ``edit_url``, the edit-link prefix for any other host, which wins when both are set.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from .. import urls
from ..content import schema

EDIT_TEXT = "Sunting halaman ini"
REPORT_TEXT = "Laporkan kesalahan"

# Where each host keeps its web editor and its new-issue form, below the repository's address.
_EDIT_PATH = {schema.RepositoryHost.GITHUB: "edit", schema.RepositoryHost.GITLAB: "-/edit"}
_NEW_ISSUE_PATH = {schema.RepositoryHost.GITHUB: "issues/new", schema.RepositoryHost.GITLAB: "-/issues/new"}
_ISSUE_FIELDS = {schema.RepositoryHost.GITHUB: ("title", "body"),
                 schema.RepositoryHost.GITLAB: ("issue[title]", "issue[description]")}


def page_links(settings: schema.Settings, *, source: str, title: str, url: str) -> tuple[tuple[str, str], ...]:
    """The (text, address) of each link the page at ``url``, made from the content file
    ``source`` (e.g. "innovations/sipput.md"), has to its source; none without settings."""
    links = ((EDIT_TEXT, edit_link(settings, source=source)),
             (REPORT_TEXT, report_link(settings, source=source, title=title, url=url)))
    return tuple((text, address) for text, address in links if address)


def edit_link(settings: schema.Settings, *, source: str) -> str:
    """The web editor of ``source``, or "" when the site names neither edit_url nor a repository."""
    if settings.edit_url:
        return settings.edit_url + source  # a prefix for hosts this module does not know
    repository = settings.repository
    if repository is None:
        return ""
    return (f"{repository_address(repository)}/{_EDIT_PATH[repository.host]}/{quote(repository.branch)}/"
            f"{quote(source_path(repository, source=source))}")


def report_link(settings: schema.Settings, *, source: str, title: str, url: str) -> str:
    """A new issue on the repository naming the page and its file, or "" without a repository."""
    repository = settings.repository
    if repository is None:
        return ""
    address = urls.absolute(settings.base_url, url) if settings.base_url else "/" + url
    title_field, body_field = _ISSUE_FIELDS[repository.host]
    query = urlencode({title_field: f"Kesalahan di halaman: {title}",
                       body_field: issue_body(address=address, path=source_path(repository, source=source))},
                      quote_via=quote)
    return f"{repository_address(repository)}/{_NEW_ISSUE_PATH[repository.host]}?{query}"


def issue_body(*, address: str, path: str) -> str:
    """What a reader is asked when reporting a mistake: what is wrong, and the source for the correction."""
    return (f"Halaman: {address}\n"
            f"Berkas sumber: {path}\n\n"
            "Apa yang keliru di halaman ini?\n\n\n"
            "Apa sumber untuk perbaikannya (misalnya tautan ke berita atau dokumen resmi)?\n")


def repository_address(repository: schema.Repository) -> str:
    """The repository's web address, without the trailing "/" or ".git" a copied address may have."""
    return repository.url.rstrip("/").removesuffix(".git").rstrip("/")


def source_path(repository: schema.Repository, *, source: str) -> str:
    """The path of the content file ``source`` from the repository's root."""
    folder = repository.content_path.strip("/")
    return source if folder == "." else f"{folder}/{source}"
