"""Reads a built site the way a browser would: every page's links, ids and headings."""
from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree


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


# What a page may contain, beyond text and formatting: anything else could run script,
# load from another origin, or send a reader elsewhere.
_NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "math", "template"}
# Inline SVG is the site's charts (partials/bar-chart.html): only these shapes and texts, never
# script, links, images, foreignObject or animation (which could change an attribute to a script URL).
_SVG_TAGS = {"svg", "title", "desc", "rect", "text", "tspan", "path", "g"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "background"}
_LOADING_ATTRIBUTES = {"src", "poster", "data", "srcset", "background"}  # fetched as the page loads
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "alternate", "canonical", "prev", "next"}
_OWN_FILE_RELS = {"stylesheet", "icon", "apple-touch-icon"}  # loaded by the browser: the site's own files only


class _SafetyParser(HTMLParser):
    def __init__(self, base_url: str = "") -> None:
        super().__init__(convert_charrefs=True)  # attribute values arrive as a browser reads them
        self.base_url = base_url
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script: str | None = None
        self._svg_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        problem = _unsafe_tag(tag, attributes, self.base_url)
        if tag == "svg" or self._svg_depth:
            self._svg_depth += 1
            if tag not in _SVG_TAGS:
                problem = f"<{tag}> in an <svg>"
        if problem:
            self.problems.append(problem)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "ping"):
                self.problems.append(f"<{tag} {name}=...>")
            elif name in _URL_ATTRIBUTES and not all(
                    _safe_url(url, name in _LOADING_ATTRIBUTES, self.base_url) for url in _urls(name, value or "")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = attributes.get("type") or "javascript"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._svg_depth:
            self._svg_depth -= 1  # <rect/> opens nothing

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None
        if self._svg_depth:
            self._svg_depth -= 1

    def handle_data(self, data):
        if self._in_script == "application/ld+json":
            try:
                json.loads(data)
            except ValueError:
                self.problems.append("JSON-LD that is not JSON")
        elif self._in_script and data.strip():
            self.problems.append(f"inline script {data[:40]!r}")
        else:
            self.text.append(data)


def _unsafe_tag(tag: str, attributes: dict, base_url: str) -> str | None:

    if tag in _NEVER:
        return f"<{tag}>"
    if tag == "script" and attributes.get("type") != "application/ld+json" and not own_file(attributes.get("src"), base_url):
        return f"<script src={attributes.get('src')!r}>"
    if tag == "link" and (attributes.get("rel") not in _LINK_RELS or
                          (attributes.get("rel") in _OWN_FILE_RELS and not own_file(attributes.get("href"), base_url))):
        return f"<link rel={attributes.get('rel')!r} href={attributes.get('href')!r}>"
    if tag == "meta" and attributes.get("http-equiv") not in (None, "Content-Security-Policy", "refresh"):
        return f"<meta http-equiv={attributes.get('http-equiv')!r}>"
    if tag == "meta" and attributes.get("http-equiv") == "refresh" and \
            not own_file(_refresh_target(attributes.get("content", "")), base_url):
        return f"<meta refresh {attributes.get('content')!r}>"
    if tag == "form" and not own_file(attributes.get("action"), base_url):
        return f"<form action={attributes.get('action')!r}>"
    return None


def _urls(name: str, value: str) -> list[str]:
    """The URLs in an attribute: srcset lists several, each before its size."""
    if name != "srcset":
        return [value]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _refresh_target(content: str) -> str:
    """The address in a refresh's content ("0; url='x'"), as a browser reads it."""
    match = re.search(r"url\s*=\s*(.*)", content, re.IGNORECASE | re.DOTALL)
    return match.group(1).strip().strip("'\"").strip() if match else ""


def own_file(url: str | None, base_url: str) -> bool:
    """A link into the site itself: relative (no scheme, no host), or under the site's own address."""
    if url and base_url and url.startswith(base_url):
        return True
    return bool(url) and not _SCHEME.match(url) and not url.startswith(("/", "\\"))


def _safe_url(value: str, loads: bool, base_url: str) -> bool:
    """Browsers drop tabs and newlines from URLs and trim spaces and controls first."""
    url = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))
    scheme = _SCHEME.match(url)
    if loads:
        return own_file(url, base_url)
    return not scheme or scheme.group(1).lower() in _SAFE_SCHEMES


def unsafe_markup(site: Path, base_url: str = "") -> list[str]:
    """Everything in ``site``'s pages, feed and data that could run script or load from elsewhere.

    ``base_url`` is the site's own address (the 404 page links to it, as it is served at any path)."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0] == "pagefind":
            continue
        parser = _SafetyParser(base_url)
        parser.feed(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(site)}: {problem}" for problem in parser.problems]
    for name in ("feed.xml", "sitemap.xml"):
        if (site / name).exists():
            ElementTree.parse(site / name)  # well-formed, so no value broke out of its element
    json.loads((site / "data/inovasi.json").read_text(encoding="utf-8"))
    return problems


def visible_text(path: Path) -> str:
    """The text a reader sees on a page (no scripts), with runs of whitespace as one space."""
    parser = _SafetyParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(parser.text).split())
