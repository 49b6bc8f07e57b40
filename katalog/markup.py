"""Markdown bodies -> sanitised HTML, with links between content files resolved.

One Markdown instance is reused for every body (building one costs more than
converting a short text). Links to other content files (``sipput.md``,
``../pages/tentang.md#bagian``) become relative URLs; whether their targets and
fragments exist is checked later, once the whole catalogue is known.
"""
from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from . import urls
from .errors import ContentError
from .schema import Body, Heading, InternalLink
from .text import shown

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"}, "th": {"align"}, "ol": {"start"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_ATX_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]")


class _Context:
    """What the tree processor needs to know about the body being converted."""

    def __init__(self, *, path: str, source: str, first_line: int, own_kind: str, own_slug: str):
        self.path, self.own_kind, self.own_slug = path, own_kind, own_slug
        self.source_lines = source.split("\n")
        self.first_line = first_line
        self.headings: list[Heading] = []
        self.links: list[InternalLink] = []
        self.errors: list[ContentError] = []

    def line_of(self, needle: str) -> int:
        for index, line in enumerate(self.source_lines):
            if needle in line:
                return self.first_line + index
        return self.first_line

    def fail(self, line: int, message: str, hint: str = "") -> None:
        self.errors.append(ContentError(self.path, line, message, hint))


class _Inspect(Treeprocessor):
    """Checks headings, links and images, and rewrites links to content files."""

    context: _Context

    def run(self, root: etree.Element) -> None:
        context = self.context
        heading_lines = [context.first_line + i for i, line in enumerate(context.source_lines)
                         if _ATX_HEADING.match(line)]
        previous_level = 1
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = int(element.tag[1])
                line = heading_lines.pop(0) if heading_lines else context.first_line
                text = "".join(element.itertext()).strip()
                if level == 1:
                    context.fail(line, f"heading '{text}' is level 1", "the title is the page's only level-1 "
                                 "heading: start body headings at '##'")
                elif level > previous_level + 1:
                    context.fail(line, f"heading '{text}' skips from level {previous_level} to {level}",
                                 f"use {'#' * (previous_level + 1)}")
                previous_level = level
                context.headings.append(Heading(level, element.get("id", ""), text))
            elif element.tag == "a":
                if not "".join(element.itertext()).strip() and not any(
                        img.get("alt") for img in element.iter("img")):
                    context.fail(context.line_of(element.get("href") or "]("), "link has no text",
                                 "write the text between the brackets: [text](address)")
                self._link(element, "href")
            elif element.tag == "img":
                if not (element.get("alt") or "").strip():
                    context.fail(context.line_of(element.get("src") or "!["), "image has no alt text",
                                 "describe the image between the brackets: ![what it shows](../files/x.jpg)")
                self._link(element, "src")

    def _link(self, element: etree.Element, attribute: str) -> None:
        context = self.context
        address = (element.get(attribute) or "").strip()
        line = context.line_of(address) if address else context.first_line
        parts = urlsplit(address)
        scheme = parts.scheme.lower()
        if scheme:
            if scheme not in SAFE_SCHEMES:
                context.fail(line, f"link to '{shown(address[:60])}' is not allowed",
                             "use an http(s), mailto: or tel: address")
                del element.attrib[attribute]
            elif attribute == "src":
                context.fail(line, f"image '{shown(address[:60])}' is on another site",
                             "save it under content/files/ and write ![alt](../files/name.jpg)")
            return
        if parts.netloc or address.startswith("/"):
            context.fail(line, f"link to '{shown(address[:60])}' is not a content file",
                         "link to an entry by its file, e.g. [SIPPUT](sipput.md)")
            return
        target = self._target(unquote(parts.path), line)
        if target is None:
            return
        kind, slug, url = target
        fragment = parts.fragment
        context.links.append(InternalLink(kind, slug, fragment, line))
        own_url = _url_of(context.own_kind, context.own_slug)
        element.set(attribute, urls.href(own_url, url + (f"#{fragment}" if fragment else "")))

    def _target(self, path: str, line: int) -> tuple[str, str, str] | None:
        if not path:  # a link to a fragment of this page
            return self.context.own_kind, self.context.own_slug, _url_of(self.context.own_kind,
                                                                          self.context.own_slug)
        here = {"innovation": "innovations", "page": "pages", "agency": ""}[self.context.own_kind]
        resolved = posixpath.normpath(posixpath.join(here, path)) if here else posixpath.normpath(path)
        folder, _, rest = resolved.partition("/")
        if folder == "files" and rest:
            return "file", rest, urls.file(rest)
        if folder in ("innovations", "pages") and rest.endswith(".md") and "/" not in rest:
            kind = "innovation" if folder == "innovations" else "page"
            slug = rest[:-3]
            return kind, slug, _url_of(kind, slug)
        self.context.fail(line, f"link to '{shown(path[:60])}' is not a content file",
                          "link to an entry as sipput.md, a page as ../pages/tentang.md, "
                          "a file as ../files/name.pdf")
        return None


def _url_of(kind: str, slug: str) -> str:
    return {"innovation": urls.innovation, "page": urls.page, "agency": urls.agency}[kind](slug)


class MarkdownRenderer:
    """Converts bodies one after another with a single reused Markdown instance."""

    def __init__(self) -> None:
        self._inspect = _Inspect()
        self._markdown = markdown.Markdown(
            extensions=[TableExtension(use_align_attribute=True), TocExtension(), "sane_lists"],
            output_format="html",
        )
        # After the inline patterns and the table of contents, which sets heading ids.
        self._markdown.treeprocessors.register(self._inspect, "katalog-inspect", 1)

    def render(self, text: str, *, path: str, first_line: int, own_kind: str,
               own_slug: str) -> tuple[Body, list[ContentError]]:
        context = _Context(path=path, source=text, first_line=first_line, own_kind=own_kind,
                           own_slug=own_slug)
        self._inspect.context = context
        try:
            html = self._markdown.reset().convert(text)
        except RecursionError:
            return Body(), [ContentError(path, first_line, "Markdown is nested too deeply to render",
                                         "flatten the nested lists or quotes")]
        html = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                         url_schemes=SAFE_SCHEMES, link_rel=None, strip_comments=True)
        body = Body(html=html, headings=tuple(context.headings), links=tuple(context.links))
        return body, context.errors
