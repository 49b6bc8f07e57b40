"""Strict YAML: values with their line numbers, and no surprises.

PyYAML's own composer keeps the last of two duplicate keys, expands aliases
(billion laughs) and builds arbitrary tagged objects. Composing the nodes here
from the parser's events refuses all of that and bounds nesting, while the
libyaml parser (when installed) keeps it fast.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Any

import yaml

from .text import forbidden_character, shown

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20
_resolver = yaml.resolver.Resolver()
_INT, _TIMESTAMP = "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_constructor = yaml.constructor.SafeConstructor()


@dataclasses.dataclass(frozen=True)
class Node:
    """A YAML value and its 1-based line. Mappings hold ``{key: (key_line, Node)}``."""

    value: Any
    line: int


class YamlRefused(Exception):
    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def parse(text: str, first_line: int = 1) -> Node:
    """One YAML document as Nodes; lines count from ``first_line``. Raises YamlRefused."""
    line_of = _line_counter(text, first_line)
    try:
        return _compose(yaml.parse(text, Loader=Loader), line_of)
    except yaml.MarkedYAMLError as error:
        # At the end of the stream the problem is where the unclosed thing began.
        end_of_stream = "end of stream" in (error.problem or "")
        mark = (error.context_mark if end_of_stream else None) or error.problem_mark or error.context_mark
        line = line_of(mark)
        lines = text.split("\n")
        line_text = lines[line - first_line] if 0 <= line - first_line < len(lines) else ""
        raise YamlRefused(line, f"YAML syntax: {error.problem}",
                          _syntax_hint(error.problem, line_text)) from None
    except yaml.YAMLError as error:
        raise YamlRefused(first_line, f"YAML syntax: {error}") from None


def _syntax_hint(problem: str | None, line_text: str) -> str:
    problem = problem or ""
    if "mapping values" in problem:
        return "put text that contains ': ' in quotes"
    if "tab" in problem or "\t" in line_text:
        return "indent with spaces, not tabs"
    return "check indentation and quotes on this line or the one before"


def _line_counter(text: str, first_line: int):
    """The line of a mark (plus ``below``) as editors count lines, by newlines alone: YAML
    also breaks lines at U+2028 and U+2029, and libyaml marks the end of a file one line past it."""
    newlines = [match.start() for match in re.finditer("\n", text)]
    last = first_line + len(newlines)

    def line_of(mark, below: int = 0) -> int:
        if mark is None:
            return first_line
        return min(bisect.bisect_left(newlines, mark.index) + first_line + below, last)

    return line_of


def _compose(events, line_of) -> Node:
    # An explicit stack instead of recursion: nesting depth is bounded by MAX_DEPTH
    # and a deep document gives an error, never a RecursionError.
    stack: list[tuple[Any, int, list]] = []  # (container, line, pending key)
    root: Node | None = None
    documents = 0
    for event in events:
        line = line_of(event.start_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlRefused(line, "more than one YAML document", "remove the extra '---' line")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(line, f"YAML alias '*{shown(event.anchor)}' is not allowed", "write the value out in full")
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, start, _ = stack.pop()
            node = Node(container, start)
        else:
            if event.anchor is not None:
                raise YamlRefused(line, f"YAML anchor '&{shown(event.anchor)}' is not allowed", "remove it")
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                raise YamlRefused(line, f"YAML tag '{shown(tag)}' is not allowed", "remove the tag")
            if isinstance(event, yaml.ScalarEvent):
                if event.style in ("|", ">"):
                    line = line_of(event.start_mark, below=1)  # a block's text starts on the next line
                try:
                    node = Node(_scalar(event, line), line)
                except YamlRefused as refused:
                    key = _pending_key(stack)
                    if key:
                        refused.message = f"{key}: {refused.message}"
                    raise
            else:
                if len(stack) >= MAX_DEPTH:
                    raise YamlRefused(line, f"YAML nested more than {MAX_DEPTH} levels deep",
                                      "check the indentation; no field needs that many levels")
                container = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append((container, line, []))
                continue
        if not stack:
            root = node
            continue
        container, _, pending = stack[-1]
        if isinstance(container, list):
            container.append(node)
        elif not pending:
            pending.append(_key(node, event))
        else:
            key, key_line = pending.pop()
            if key in container:
                raise YamlRefused(key_line, f"duplicate key '{shown(key)}' (first on line {container[key][0]})",
                                  "keep one of them")
            container[key] = (key_line, node)
    return root if root is not None else Node(None, line_of(None))


def _pending_key(stack: list) -> str:
    """The key whose value is being read, if the innermost container is a mapping."""
    if stack and isinstance(stack[-1][0], dict) and stack[-1][2]:
        return stack[-1][2][0][0]
    return ""


def _key(node: Node, event) -> tuple[str, int]:
    if not isinstance(event, yaml.ScalarEvent):
        raise YamlRefused(node.line, "a key must be a plain word", "write 'name: value'")
    return event.value, node.line


def _scalar(event: yaml.ScalarEvent, line: int) -> Any:
    text = event.value
    problem = forbidden_character(text)
    if problem:
        raise YamlRefused(line, f"{problem[1]} is not allowed in a value", "delete it")
    if not event.implicit[0]:
        return text  # quoted or block text is always a string
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str" or (tag == _INT and not _DECIMAL.fullmatch(text)):
        return text  # YAML 1.1 reads 0x7e4 and 1:20 as numbers; nobody writes a year so
    if tag not in _constructor.yaml_constructors:
        return text  # '<<' (merge) and '=' (value) have no safe constructor: they are plain text
    try:
        return _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, text))
    except (ValueError, OverflowError):
        what = {_INT: "number", _TIMESTAMP: "date"}.get(tag, "value")
        value = f"'{shown(text)}'" if len(text) <= 40 else f"'{shown(text[:40])}...' ({len(text):,} characters)"
        raise YamlRefused(line, f"{value} is not a valid {what}",
                          "write an existing date as YYYY-MM-DD" if what == "date" else
                          "put it in quotes if it is text") from None
