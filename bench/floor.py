#!/usr/bin/env python3
"""The floor: read every entry and convert its body with the build's Markdown settings,
in one process. python bench/floor.py CONTENT; run.py times it, stages.py calls it."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from katalog import urls  # noqa: E402
from katalog.content.markup import MarkdownRenderer  # noqa: E402


def floor(content: Path) -> None:
    renderer = MarkdownRenderer(link_address=urls.content_link)
    for path in sorted((content / "innovations").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text[text.index("\n---\n", 4) + 5:]
        renderer.render(body, path=str(path), first_line=1, own_kind="innovation", own_slug=path.stem)


if __name__ == "__main__":
    floor(Path(sys.argv[1]))
