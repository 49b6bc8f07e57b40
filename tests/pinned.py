"""Reading the pinned versions of requirements/*.txt (uv pip compile's output, hashes included)."""
from __future__ import annotations

import re
from pathlib import Path

from packaging.utils import canonicalize_name

# A requirement line: name==version, an optional environment marker, then the hashes' continuation.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins_of(text: str) -> dict[str, str]:
    """Canonical package name -> pinned version, from requirement lines or `pip list --format=freeze`."""
    found = {}
    for line in text.splitlines():
        match = PIN.match(line.strip())
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def pins(path: Path) -> dict[str, str]:
    return pins_of(path.read_text(encoding="utf-8"))


def requirement_blocks(path: Path) -> list[tuple[str, list[str]]]:
    """Each requirement's first line and the --hash options that follow it."""
    blocks: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            assert blocks, f"{path.name}: a hash before any requirement"
            blocks[-1][1].append(stripped.rstrip(" \\"))
        else:
            blocks.append((stripped.rstrip(" \\"), []))
    return blocks
