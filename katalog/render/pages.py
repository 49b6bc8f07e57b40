"""What a page of the site is, and how a kind of page is declared.

Every page belongs to a group, the pages one planner makes: a case page and its
redirects, an agency's numbered pages, the home page. A ``PageKind`` declares, once,
what a kind of page needs: which groups the catalogue has of it, how one group is
planned, its template, and what its pages show of an innovation. From those
declarations the site is planned (kinds/) and the pages an edit affects are derived
(dependencies.py). The kinds themselves are declared in katalog/render/kinds/.
"""
from __future__ import annotations

import dataclasses
import datetime
import operator
from types import MappingProxyType
from typing import Any, Callable, Hashable, Iterable, Mapping, Sequence

from .. import urls
from ..content import schema
from ..content.catalogue import Catalogue
from ..content.text import shown
from ..errors import BuildFailed, ContentError

PAGE_SIZE = 24


@dataclasses.dataclass(frozen=True)
class Page:
    """One output page: rendered from ``template`` with ``context`` at ``url``."""

    url: str
    template: str
    title: str
    context: Mapping[str, Any]
    origin: tuple[str, int] = ("content", 0)  # what to blame when two pages claim one URL
    description: str = ""  # for meta description and share previews; the site's when empty
    image: str = ""  # a file under content/files/ for share previews
    modified: datetime.date | None = None  # for the sitemap
    listed: bool = True  # False for pages a search engine should not list (404, redirects)


@dataclasses.dataclass(frozen=True)
class Group:
    """The pages one planner makes: the kind of page, and which one of its kind (None for a kind
    with one group): Group("innovation", "sipput") is SIPPUT's case page and its redirects."""

    kind: str
    key: Hashable = None

    def __repr__(self) -> str:
        return f"Group({self.kind!r})" if self.key is None else f"Group({self.kind!r}, {self.key!r})"


ONE_GROUP = (None,)  # the keys of a kind with a single group


@dataclasses.dataclass(frozen=True)
class Shows:
    """One way a kind's pages show innovations: ``seen`` is an innovation as those pages see it, in
    a catalogue (an edit that changes it re-plans them), ``groups`` the keys of the groups that show it."""

    seen: Callable[[Catalogue, schema.Innovation], Hashable]
    groups: Callable[[Catalogue, schema.Innovation], Iterable[Hashable]] = lambda catalogue, entry: ONE_GROUP


@dataclasses.dataclass(frozen=True)
class PageKind:
    """A kind of page, declared once: its groups, how each is planned, its template, what it shows."""

    name: str
    template: str  # what its pages are rendered with (a case page's redirects use redirect.html)
    plan: Callable[[Catalogue, Hashable], list[Page]]  # a group's pages; none once the group no longer exists
    keys: Callable[[Catalogue], Iterable[Hashable]] = lambda catalogue: ONE_GROUP
    shows: tuple[Shows, ...] = ()  # how its pages show innovations; none: no innovation edit affects them
    # The keys of its groups that show the free page with a slug (its text or title).
    free_page_keys: Callable[[str], Iterable[Hashable]] = lambda slug: ()


def fields(*names: str) -> Callable[[Catalogue, schema.Innovation], tuple]:
    """An innovation seen as these fields."""
    get = operator.attrgetter(*names)
    return (lambda catalogue, entry: get(entry)) if len(names) > 1 else lambda catalogue, entry: (get(entry),)


# What lists show of an innovation or sort and group it by: the card (title, summary, agency,
# year, stage, awards, the draft mark), the agency and browse indexes (partners, sector, type,
# form, status), related lists (tags), home's "recently reviewed" (updated), the replications page.
LISTED_FIELDS = ("title", "summary", "agency", "partners", "year", "stage", "type", "sector", "awards", "tags",
                 "updated", "draft", "form", "replications", "status")
LISTED = fields(*LISTED_FIELDS)
# What pages that count innovations see: the listed fields but the card's text.
COUNTED = fields(*(name for name in LISTED_FIELDS if name not in ("title", "summary")))
EVERYTHING = Shows(seen=lambda catalogue, entry: entry)  # the entry itself, every field and its body


def page_at(url: str, template: str, title: str, **context: Any) -> Page:
    return Page(url=url, template=template, title=title, context=MappingProxyType(context))


def with_context(page: Page, **context: Any) -> Page:
    return dataclasses.replace(page, context=MappingProxyType({**page.context, **context}))


def counts(index: Mapping[str, tuple]) -> Mapping[str, int]:
    return MappingProxyType({key: len(entries) for key, entries in index.items()})


def paginated(url: str, template: str, title: str, entries: Sequence, size: int = PAGE_SIZE,
              **context: Any) -> list[Page]:
    """The list split into numbered pages of ``size``; page 1 keeps the list's own URL."""
    count = max(1, -(-len(entries) // size))
    pages = []
    for number in range(1, count + 1):
        pagination = {
            "number": number, "count": count, "total": len(entries),
            "previous": urls.numbered(url, number - 1) if number > 1 else None,
            "next": urls.numbered(url, number + 1) if number < count else None,
            "pages": [(n, urls.numbered(url, n) if n else None) for n in page_window(number, count)],
        }
        page_title = title if number == 1 else f"{title} (halaman {number} dari {count})"
        pages.append(page_at(urls.numbered(url, number), template, page_title, list_title=title,
                             entries=entries[(number - 1) * size:number * size],
                             pagination=pagination, **context))
    return pages


def page_window(number: int, count: int, around: int = 2) -> list[int]:
    """The page numbers a list links to: the first, the last and those around ``number``;
    0 stands for a gap. A fixed number of links, however long the list."""
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    window: list[int] = []
    for n in shown:
        if window and n > window[-1] + 1:
            window.append(0)
        window.append(n)
    return window


def refuse_duplicate_urls(pages: list[Page]) -> None:
    """Two pages may not be written to one file, nor to files that differ only in case
    (case-insensitive file systems and hosts would keep just one of them)."""
    seen: dict[str, Page] = {}
    errors = []
    for page in sorted(pages, key=lambda page: page.template == "redirect.html"):  # blame the alias
        key = urls.output_path(page.url).casefold()
        if key in seen:
            errors.append(ContentError(*page.origin, f"two pages at /{page.url}: "
                                       f"'{shown(seen[key].title)}' and '{shown(page.title)}'",
                                       "remove the alias or rename one of the files or ids"))
        else:
            seen[key] = page
    if errors:
        raise BuildFailed(errors)
