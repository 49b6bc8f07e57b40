"""Markdown bodies -> sanitised HTML, with links between content files resolved.

One Markdown instance is reused for every body (building one costs more than
converting a short text). Links to other content files (``sipput.md``,
``../pages/tentang.md#bagian``) become the links the renderer's ``link_address``
gives (the site's layout is not this module's to know); whether their targets and
fragments exist is checked later, once the whole catalogue is known.
"""
from __future__ import annotations

import contextlib
import posixpath
import re
import signal
import threading
import xml.etree.ElementTree as etree
from typing import Callable
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from ..errors import ContentError
from .schema import Body, Heading, InternalLink, Section
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
# Where a link between content files leads: (kind and slug of the record that links, kind of the
# target: "innovation", "page" or "file", its slug or path under files/, fragment) -> the href written.
LinkAddress = Callable[[str, str, str, str, str], str]
TIME_LIMIT_SECONDS = 5  # a legal 1 MiB body renders in under 1 s; a file may take 10 s at most
_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
# Raw HTML may format text with the tags of ALLOWED_TAGS, but links, images and headings must
# be Markdown, so that they are resolved and checked like every other (alt text, targets,
# heading levels); any other tag (a script, a frame, a style) would be removed, so it is an
# error rather than a silent loss.
_RAW_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9:-]*)")
_RAW_HINTS = {"a": "write a Markdown link: [text](address)", "img": "write an image as ![what it shows](address)",
              **{f"h{level}": "write headings in Markdown: ## Heading" for level in range(1, 7)}}
_REMOVED_HINT = "remove it: a page keeps only simple formatting tags such as <b>, <i>, <sub> and <table>"
_LINK_HINTS = {
    "innovation": "link to an entry as sipput.md, a page as ../pages/tentang.md, a file as ../files/name.pdf",
    "page": "link to an entry as ../innovations/sipput.md, a page as tentang.md, a file as ../files/name.pdf",
    "agency": "link to an entry as innovations/sipput.md, a page as pages/tentang.md, a file as files/name.pdf",
    "award": "link to an entry as innovations/sipput.md, a page as pages/tentang.md, a file as files/name.pdf",
}


class _Context:
    """What the tree processor needs to know about the body being converted."""

    def __init__(self, *, path: str, source: str, first_line: int, own_kind: str, own_slug: str,
                 link_address: LinkAddress):
        self.path, self.own_kind, self.own_slug = path, own_kind, own_slug
        self.link_address = link_address
        self.source_lines = source.split("\n")
        self.first_line = first_line
        self.headings: list[Heading] = []
        self.sections: list[list] = []  # [heading text, words] of each ## section
        self.links: list[InternalLink] = []
        self.errors: list[ContentError] = []
        # Links and headings are met in document order, so a search goes on from the last find.
        # Raw HTML is not (the parser keeps blocks apart from inline tags): one search per tag.
        self._found_at: dict[str, tuple[int, int]] = {}  # search name -> (line index, column)
        self._heading_index = 0

    def line_of_link(self, needle: str, kind: str = "link") -> int:
        index, column = self._found_at.get(kind, (0, 0))
        while index < len(self.source_lines):
            found = self.source_lines[index].find(needle, column)
            if found >= 0:
                self._found_at[kind] = (index, found + len(needle))
                return self.first_line + index
            index, column = index + 1, 0
        return self.first_line + self._found_at.get(kind, (0, 0))[0]

    def line_of_heading(self, text: str) -> int:
        """The line of the next heading that holds ``text``, else of the next heading."""
        lines = self.source_lines
        first = None
        for index in range(self._heading_index, len(lines)):
            is_heading = _ATX_HEADING.match(lines[index]) or (
                index + 1 < len(lines) and lines[index].strip() and _SETEXT_UNDERLINE.match(lines[index + 1]))
            if not is_heading:
                continue
            if text in lines[index]:
                first = index
                break
            if first is None:
                first = index
        found = self._heading_index if first is None else first
        self._heading_index = found + 1
        return self.first_line + found

    def fail(self, line: int, message: str, hint: str = "") -> None:
        self.errors.append(ContentError(self.path, line, message, hint))


class _Inspect(Treeprocessor):
    """Checks headings, links and images, and rewrites links to content files."""

    context: _Context

    def run(self, root: etree.Element) -> None:
        self._sections(root)
        context = self.context
        previous_level = 1
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = int(element.tag[1])
                text = "".join(element.itertext()).strip()
                line = context.line_of_heading(text)
                if level == 1:
                    context.fail(line, f"heading '{shown(text)}' is level 1", "the title is the page's only level-1 "
                                 "heading: start body headings at '##'")
                elif level > previous_level + 1:
                    context.fail(line, f"heading '{shown(text)}' skips from level {previous_level} to {level}",
                                 f"use {'#' * (previous_level + 1)}")
                previous_level = level
                context.headings.append(Heading(level, element.get("id", ""), text))
            elif element.tag == "a":
                line = context.line_of_link(element.get("href") or "](")
                if not "".join(element.itertext()).strip() and not any(
                        img.get("alt") for img in element.iter("img")):
                    context.fail(line, "link has no text", "write the text between the brackets: [text](address)")
                self._link(element, "href", line)
            elif element.tag == "img":
                line = context.line_of_link(element.get("src") or "![")
                if not (element.get("alt") or "").strip():
                    context.fail(line, "image has no alt text",
                                 "describe the image between the brackets: ![what it shows](address)")
                self._link(element, "src", line)

    def _sections(self, root: etree.Element) -> None:
        """The words of each ## section (the IID profile asks for some texts to have a minimum)."""
        sections = self.context.sections
        for element in root:
            if element.tag == "h2":
                sections.append(["".join(element.itertext()).strip(), 0])
            elif sections:
                sections[-1][1] += len("".join(element.itertext()).split())

    def _link(self, element: etree.Element, attribute: str, line: int) -> None:
        context = self.context
        address = (element.get(attribute) or "").strip()
        try:
            parts = urlsplit(address)
        except ValueError:  # an unclosed or misplaced '[', read as the start of an IPv6 host
            context.fail(line, f"link to '{shown(address[:60])}' is not a valid address",
                         "check the brackets: '[' and ']' belong only around an IPv6 address")
            del element.attrib[attribute]
            return
        scheme = parts.scheme.lower()
        if scheme:
            if scheme not in SAFE_SCHEMES:
                context.fail(line, f"link to '{shown(address[:60])}' is not allowed",
                             "use an http(s), mailto: or tel: address")
                del element.attrib[attribute]
            elif attribute == "src":
                context.fail(line, f"image '{shown(address[:60])}' is on another site",
                             "save it under content/files/ and link to it there")
            return
        if parts.netloc or address.startswith("/"):
            context.fail(line, f"link to '{shown(address[:60])}' is not a content file",
                         _LINK_HINTS[context.own_kind])
            return
        target = self._target(unquote(parts.path), address, line)
        if target is None:
            return
        kind, slug = target
        fragment = parts.fragment
        context.links.append(InternalLink(kind, slug, fragment, line))
        element.set(attribute, context.link_address(context.own_kind, context.own_slug, kind, slug, fragment))

    def _target(self, path: str, address: str, line: int) -> tuple[str, str] | None:
        """The kind and slug (or path under files/) of the content file a link names."""
        if not path:  # a link to a fragment of this page
            return self.context.own_kind, self.context.own_slug
        here = {"innovation": "innovations", "page": "pages", "agency": "", "award": ""}[self.context.own_kind]
        resolved = posixpath.normpath(posixpath.join(here, path)) if here else posixpath.normpath(path)
        folder, _, rest = resolved.partition("/")
        if folder == "files" and rest:
            return "file", rest
        if folder in ("innovations", "pages") and rest.endswith(".md") and "/" not in rest:
            return "innovation" if folder == "innovations" else "page", rest[:-3]
        self.context.fail(line, f"link to '{shown(address[:60])}' is not a content file",
                          _LINK_HINTS[self.context.own_kind])
        return None


class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds``: some inputs make Markdown parsers take hours.

    Uses a timer signal, so it applies in a process's main thread on POSIX systems.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class MarkdownRenderer:
    """Converts bodies one after another with a single reused Markdown instance; links between
    content files become what ``link_address`` gives for them."""

    def __init__(self, *, link_address: LinkAddress) -> None:
        self._link_address = link_address
        self._inspect = _Inspect()
        self._markdown = markdown.Markdown(
            extensions=[TableExtension(use_align_attribute=True), TocExtension(), "sane_lists", "fenced_code"],
            output_format="html",
        )
        # After the inline patterns and the table of contents, which sets heading ids.
        self._markdown.treeprocessors.register(self._inspect, "katalog-inspect", 1)

    def render(self, text: str, *, path: str, first_line: int, own_kind: str,
               own_slug: str) -> tuple[Body, list[ContentError]]:
        context = _Context(path=path, source=text, first_line=first_line, own_kind=own_kind,
                           own_slug=own_slug, link_address=self._link_address)
        self._inspect.context = context
        try:
            with _time_limit(TIME_LIMIT_SECONDS):
                html = self._markdown.reset().convert(text)
        except RecursionError:
            return Body(), [ContentError(path, first_line, "Markdown is nested too deeply to render",
                                         "flatten the nested lists or quotes")]
        except _TooSlow:
            return Body(), [ContentError(path, first_line, f"Markdown took more than {TIME_LIMIT_SECONDS} s to render",
                                         "look for long runs of [ or < and simplify them")]
        for block in self._markdown.htmlStash.rawHtmlBlocks:
            for match in _RAW_TAG.finditer(str(block)):
                tag = match.group(1).lower()
                if tag in ALLOWED_TAGS and tag not in _RAW_HINTS:
                    continue
                context.fail(context.line_of_link(match.group(0), f"raw {match.group(0)}"),
                             f"raw HTML <{shown(tag[:20])}> is not allowed", _RAW_HINTS.get(tag, _REMOVED_HINT))
        html = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                         url_schemes=SAFE_SCHEMES, link_rel=None, strip_comments=True)
        body = Body(html=html, headings=tuple(context.headings), links=tuple(context.links),
                    sections=tuple(Section(heading, words) for heading, words in context.sections))
        return body, sorted(context.errors)
