"""Reading content files as text, refusing what an editor cannot see or fix easily."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024

# C0 and C1 controls except tab and newline, the bidirectional embeddings, overrides
# and isolates that can make text read differently from what it is, lone surrogates,
# and the non-characters that XML (the feed, the sitemap) cannot carry.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def shown(text: str) -> str:
    """``text`` with invisible and control characters escaped, so an editor can find them."""
    return "".join(
        char if char == " " or unicodedata.category(char)[0] not in "CZ" else f"\\u{ord(char):04x}"
        for char in text
    )


def forbidden_character(text: str) -> tuple[int, str] | None:
    """The 1-based line and description of the first character content may not hold."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group()
    line = text.count("\n", 0, match.start()) + 1
    kind = ("bidirectional control character" if "\u202a" <= char <= "\u2069" else
            "non-character" if char >= "\ufdd0" else "control character")
    return line, f"{kind} {shown(char)}"


def read_text(path: Path) -> str:
    """The file's text with a BOM dropped and CRLF made LF, or TextRefused saying why."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TextRefused(0, f"file is {size:,} bytes, more than the limit of 1 MiB",
                          "split it, or move large material to content/files/")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TextRefused(line, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                          "save the file as UTF-8 in your editor") from None
    text = text.replace("\r\n", "\n")
    problem = forbidden_character(text)
    if problem:
        raise TextRefused(problem[0], f"{problem[1]} is not allowed", "delete it; retype the text around it")
    return text


class TextRefused(Exception):
    """A file that is not acceptable text; line 0 means the whole file."""

    def __init__(self, line: int, message: str, hint: str):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint
