"""YAML nodes -> typed, frozen records, checked against the fields in schema.py."""
from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import math
import re
import types
import typing
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from . import schema
from ..errors import ContentError
from .text import shown
from .yamlnodes import Node

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MARKUP_IN_NAME = re.compile(r"[<>]|&#?[0-9A-Za-z]+;")
MAX_SLUG_LENGTH = 80
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
# A branch name goes into edit links: a safe subset of git's rules (no spaces, "..", "//",
# leading "-" or "/", trailing "/" or ".").
BRANCH = re.compile(r"(?![-/])(?!.*\.\.)(?!.*//)[A-Za-z0-9._/-]*[A-Za-z0-9_-]")
# A folder of a repository, relative to its root ("." for the root itself); no way up.
FOLDER = re.compile(r"\.|[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?")
# A partial date as text: a year, a year and month, or (quoted) a whole date.
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
MAX_FIGURE = 10 ** 15  # a figure of indikator.yaml: larger ones are typing mistakes, and lose digits as floats
PARTIAL_DATE_HINT = 'write the year, the month or the day it is known to: "2020", "2020-01" or 2020-01-06'


def suggestion(word: str, choices) -> str:
    """A "did you mean" hint for ``word`` among ``choices``, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def slug_problem(value: str) -> str:
    """Why ``value`` is not a slug, or an empty string if it is one."""
    if len(value) > MAX_SLUG_LENGTH:
        return f"'{shown(value[:20])}...' is longer than {MAX_SLUG_LENGTH} characters"
    if not SLUG.fullmatch(value):
        return f"'{shown(value)}' is not a valid id"
    return ""


@dataclasses.dataclass
class Reader:
    """Converts the nodes of one file, collecting errors and the line of every key.

    A ``partial`` reader gives a record even when some of its fields are wrong (after
    reporting them): the wrong values left out, list items that are wrong dropped, a
    wrong required field empty. The build fails on those errors anyway; the record
    lets the catalogue's checks (unknown agency, broken link...) run in the same run,
    so an editor sees every error at once, not one fix at a time.
    """

    path: str
    errors: list[ContentError]
    key_lines: dict[str, int] = dataclasses.field(default_factory=dict)
    partial: bool = False

    def fail(self, line: int, message: str, hint: str = "") -> None:
        self.errors.append(ContentError(self.path, line, message, hint))

    def record(self, cls: type, node: Node, where: str = "", extra: dict | None = None,
               label: str = "front matter") -> Any:
        """An instance of ``cls`` from a mapping node, or None after reporting why not."""
        if not isinstance(node.value, dict):
            self.fail(node.line, f"{where or label}: expected a mapping of 'field: value' lines, "
                                 f"found {_kind(node.value)}")
            return None
        fields = {f.name: f for f in schema.editable_fields(cls)}
        values, ok = {}, True
        for key, (key_line, value_node) in node.value.items():
            path = f"{where}.{key}" if where else key
            self.key_lines[path] = key_line
            if key not in fields:
                hint = suggestion(key, fields) or "allowed: " + ", ".join(fields)
                self.fail(key_line, f"unknown field '{shown(path)}'", hint)
                ok = False
                continue
            converted = self.value(_hints(cls)[key], fields[key], value_node, path)
            ok = ok and converted is not _INVALID
            values[key] = converted
        for name, field in fields.items():
            if field.metadata["required"] and values.get(name) in (None, "", ()):
                path = f"{where}.{name}" if where else name
                if name not in values:
                    self.fail(node.line, f"{path}: required field is missing", f"add '{name}: ...'")
                elif values[name] == ():  # a required list needs an item, as a required text needs a word
                    self.fail(self.key_lines[path], f"{path}: list is empty", "add at least one item")
                ok = False
        if not ok and not (self.partial and not where):  # only the file's own record is given partly
            return None
        values = {k: v for k, v in values.items() if v is not None and v is not _INVALID}
        for name, field in fields.items():
            if field.metadata["required"] and name not in values:
                values[name] = _EMPTY.get(_without_none(_hints(cls)[name]), ())  # reported above
        return cls(**values, **(extra or {}))

    def value(self, annotation: Any, field: dataclasses.Field, node: Node, path: str) -> Any:
        """The value of one field, or _INVALID after reporting why not."""
        expected = _without_none(annotation)
        if node.value is None:
            if not field.metadata.get("required"):
                return None  # an empty optional field is as good as a missing one
            self.fail(node.line, f"{path}: value is empty", "fill it in or remove the line")
            return _INVALID
        if typing.get_origin(expected) is tuple:
            if not isinstance(node.value, list):
                self.fail(node.line, f"{path}: expected a list, found {_kind(node.value)}",
                          "write one '- item' per line")
                return _INVALID
            item_type = typing.get_args(expected)[0]
            items = []
            for index, item in enumerate(node.value):
                self.key_lines[f"{path}.{index}"] = item.line
                if item.value is None:  # a bare "-" or "null": never a useful item
                    self.fail(item.line, f"{path}.{index}: list item is empty", "fill it in or remove the line")
                    items.append(_INVALID)
                    continue
                items.append(self.value(item_type, field, item, f"{path}.{index}"))
            if self.partial:  # the right items are kept, so that they are checked too
                return tuple(item for item in items if item is not _INVALID)
            return _INVALID if _INVALID in items else tuple(items)
        if expected is schema.PartialDate:  # a value, though a dataclass: not a mapping of fields
            return self.partial_date(node, path)
        if dataclasses.is_dataclass(expected):
            result = self.record(expected, node, path)
            return _INVALID if result is None else result
        return self.scalar(expected, field, node, path)

    def scalar(self, expected: type, field: dataclasses.Field, node: Node, path: str) -> Any:
        value = node.value
        if isinstance(expected, type) and issubclass(expected, Enum):
            choices = [member.value for member in expected]
            if isinstance(value, str) and value in choices:
                return expected(value)
            hint = (suggestion(value, choices) if isinstance(value, str) else "") or "use one of: " + ", ".join(choices)
            self.fail(node.line, f"{path}: expected one of {', '.join(choices)}, found {_shown_value(value)}", hint)
            return _INVALID
        if not _is_type(value, expected):
            self.fail(node.line, f"{path}: expected {_NAMES[expected]}, found {_shown_value(value)}",
                      _TYPE_HINTS.get(expected, ""))
            return _INVALID
        if expected is float and not _plausible_figure(value):
            text = str(value)
            self.fail(node.line, f"{path}: {text[:20]}{'...' if len(text) > 20 else ''} is not a plausible figure",
                      "write the number, e.g. 59.28")
            return _INVALID
        if isinstance(value, str):
            value = value.strip()
            if not value and field.default == "":
                return value  # the field's own default: "not set"
            if not value:
                self.fail(node.line, f"{path}: value is empty", "fill it in or remove the line")
                return _INVALID
        problem = _check(field.metadata.get("check", ""), value, field.metadata.get("max_length", 0))
        if problem:
            refers = field.metadata.get("refers")
            waits = f"; whether it names a known {refers} is checked once it is a valid id" if refers else ""
            self.fail(node.line, f"{path}: {problem[0]}", problem[1] + waits)
            return _INVALID
        return _normal_path(value) if field.metadata.get("check") == "path" else value


    def partial_date(self, node: Node, path: str) -> Any:
        """A year, a year and month, or a date: the YAML date of 2020-01-06, or the text "2020" or "2020-01"."""
        value = node.value
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return schema.PartialDate(value.year, value.month, value.day)
        found = PARTIAL_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
        if found is None:
            hint = f'put the year in quotes: "{value}"' if _is_type(value, int) else PARTIAL_DATE_HINT
            self.fail(node.line, f"{path}: expected a year, a month or a date, found {_shown_value(value)}", hint)
            return _INVALID
        year, month, day = (int(part) if part else 0 for part in found.groups())
        problem = _check("year", year, 0)
        if problem:
            self.fail(node.line, f"{path}: {problem[0]}", problem[1])
            return _INVALID
        if found[2] and not 1 <= month <= 12:
            self.fail(node.line, f"{path}: '{shown(value)}' has no month {found[2]}", PARTIAL_DATE_HINT)
            return _INVALID
        if found[3]:
            try:
                datetime.date(year, month, day)
            except ValueError:
                self.fail(node.line, f"{path}: '{shown(value)}' is not a valid date", PARTIAL_DATE_HINT)
                return _INVALID
        return schema.PartialDate(year, month, day)


_INVALID = object()
_EMPTY = {str: "", int: 0, float: 0.0}  # a required field that is wrong, in a partial record (else an empty list)
_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
          datetime.date: "a date (YYYY-MM-DD)"}
_TYPE_HINTS = {str: "put the value in quotes", int: "write digits only, e.g. 2020", float: "write digits with a "
               "decimal point and no quotes, e.g. 59.28", bool: "write true or false",
               datetime.date: "write the date as YYYY-MM-DD"}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _without_none(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType):
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def _is_type(value: Any, expected: type) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is float:  # a figure may be whole (120) or not (59.28)
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is datetime.date:
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    return isinstance(value, expected)


def _plausible_figure(value: int | float) -> bool:
    """Not .nan or .inf, and short enough to show and to convert (a 1,000-digit int overflows a float)."""
    return (isinstance(value, int) or math.isfinite(value)) and abs(value) < MAX_FIGURE


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(type(value), "a value")


def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, str):
        return f"'{shown(value[:60])}'"
    return _kind(value) if isinstance(value, (dict, list, datetime.date)) else f"{_kind(value)} ({value})"


def _check(check: str, value: Any, max_length: int) -> tuple[str, str] | None:
    if max_length and len(value) > max_length:
        return f"{len(value)} characters, more than {max_length}", "shorten it to one or two plain sentences"
    if check == "slug":
        problem = slug_problem(value)
        return (problem, "use lowercase letters, digits and single hyphens, e.g. dinas-kesehatan") if problem else None
    # Names are search filters, and Pagefind's search page shows filter values as HTML (after
    # decoding character references such as &lt; itself), so neither may reach it.
    if check == "name" and _MARKUP_IN_NAME.search(value):
        return (f"'{shown(value[:60])}' contains < or > or a character reference such as &lt;",
                "write the name as plain text: the search page would show markup")
    if check == "year" and not 1900 <= value <= 2100:
        return f"{value} is not a plausible year", "write the year with four digits, e.g. 2019"
    if check == "base_url" and value and not is_site_url(value):
        return f"'{shown(value[:80])}' is not the address of a site", "write it like https://example.org/katalog/"
    # A repository's address is shown on every page: a user name or token copied with it must not be.
    if check == "repository" and not is_site_url(value):
        return (f"'{shown(value[:80])}' is not the web address of a repository",
                "write it like https://github.com/owner/name, without a user name, token, query or #fragment")
    if check == "url":
        parts = _split_url(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            return f"'{shown(value[:80])}' is not an http(s) address", "write the full address, e.g. https://magelangkota.go.id/"
    if check == "branch" and not BRANCH.fullmatch(value):
        return (f"'{shown(value[:80])}' is not a safe branch name",
                "use letters, digits, '.', '_', '-' and '/', without spaces or '..', e.g. main")
    if check == "folder" and not FOLDER.fullmatch(value):
        return (f"'{shown(value[:80])}' is not a folder of the repository",
                "write it from the repository's root, without '..', e.g. content or situs/content")
    if check == "email" and not _EMAIL.fullmatch(value):
        return f"'{shown(value)}' is not an e-mail address", "write it as name@example.go.id"
    if check == "file" and not _is_file_path(value):
        return f"'{shown(value)}' is not a path under content/files/", "write it relative to content/files/, e.g. sipput/brosur.pdf"
    # "//host/x" is another site's address to a browser, even though it looks like a path.
    if check == "path" and (value.startswith("//") or not _is_relative_path(value.strip("/"))):
        return f"'{shown(value)}' is not a URL path of this site", "write it as /inovasi/old-name/"
    return None


def is_site_url(value: str) -> bool:
    """An absolute http(s) address that can prefix the site's pages: no user name, query, fragment or spaces."""
    parts = _split_url(value)
    return (parts.scheme in ("http", "https") and bool(parts.netloc) and "@" not in parts.netloc
            and not parts.query and not parts.fragment and value.isascii() and not any(char.isspace() for char in value))


def _split_url(value: str):
    """The parts of ``value``; none at all when it cannot be split (an unclosed '[' of an IPv6 host)."""
    try:
        return urlsplit(value)
    except ValueError:
        return urlsplit("")


def _is_file_path(value: str) -> bool:
    """A path below content/files/: any names, but no way up or out."""
    parts = value.split("/")
    return "\\" not in value and ":" not in value and all(part.strip() not in ("", ".", "..") for part in parts)


def _is_relative_path(value: str) -> bool:
    parts = value.split("/")
    return all(_PATH_SEGMENT.fullmatch(part) and part not in (".", "..") for part in parts)


def _normal_path(value: str) -> str:
    """An old address as a site URL: a folder ends with "/", a file such as lama.html does not."""
    path = value.strip("/")
    return path if "." in path.rpartition("/")[2] else path + "/"
