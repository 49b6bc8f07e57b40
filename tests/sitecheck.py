"""Reads a built site the way a browser would: every page's links, ids and headings."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: list[str] = []
        self.h1_count = 0
        self.tags: list[str] = []
        self.policy: str | None = None
        self.loads_before_policy: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "h1":
            self.h1_count += 1
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy":
            self.policy = attributes["content"]
        elif self.policy is None and tag in ("link", "script", "img", "style"):
            self.loads_before_policy.append(tag)  # a policy applies only to what comes after it
        for name in ("href", "src"):
            if attributes.get(name) is not None and tag in ("a", "link", "img", "script"):
                self.links.append(attributes[name])
        if tag == "meta" and attributes.get("http-equiv") == "refresh":
            self.links.append(attributes["content"].partition("url=")[2])


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every relative link or fragment in ``site`` that points at nothing."""
    pages = {path.relative_to(site).as_posix(): parse(path) for path in site.rglob("*.html")}
    files = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    broken = []
    for name, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = name if not parts.path else posixpath.normpath(
                posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            if target not in files:
                broken.append(f"{name}: {link}")
            elif parts.fragment and parts.fragment not in pages[target].ids:
                broken.append(f"{name}: {link} (no such id)")
    return broken
