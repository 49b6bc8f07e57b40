"""What build.py prints, made so that a CI runner never reads it as a command.

GitHub's runner reads a line of a step's output as a workflow command when, after leading
white space, it starts with ``::`` (``::name params::data``), or when it holds the legacy form
``##[name params]data`` anywhere (actions/runner, src/Runner.Common/ActionCommand.cs,
TryParseV2 and TryParse). It compares culture-sensitively, so a character Unicode calls
ignorable between the two colons does not keep them apart. Error lines and notes quote
content, so when ``GITHUB_ACTIONS`` is set every line build.py prints goes through ``inert``
(``check --format github``'s own ``::error`` commands excepted). Elsewhere nothing changes.
"""
from __future__ import annotations

import os
import sys
from typing import TextIO

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) that str.isprintable() lets through.
_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF))


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def inert(text: str) -> str:
    """``text`` as one line no runner reads as a command: in GitHub Actions, line breaks and
    invisible characters as ``\\uXXXX``, ``::`` as ``:\\u003a`` and ``##[`` as ``#\\u0023[`` (all
    of them JSON escapes, so a JSON report stays the same data); elsewhere ``text`` as it is."""
    if not in_github_actions():
        return text
    shown = "".join(_escaped(char) if _invisible(char) else char for char in text)
    return shown.replace("::", ":\\u003a").replace("##[", "#\\u0023[")


def say(text: str, file: TextIO | None = None) -> None:
    """Print ``text`` (one or more lines), each line made ``inert``."""
    print("\n".join(inert(line) for line in text.split("\n")), file=file or sys.stdout)


def _invisible(char: str) -> bool:
    if char in " \t":
        return False
    code = ord(char)
    return not char.isprintable() or any(low <= code <= high for low, high in _IGNORABLE)


def _escaped(char: str) -> str:
    """The character as a JSON escape: above U+FFFF, as its two UTF-16 halves."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
