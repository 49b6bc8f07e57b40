"""The geometry of a horizontal bar chart as plain data; templates/partials/bar-chart.html draws it.

The chart is inline SVG with a ``viewBox`` and drawn at the width of its column
(``width: 100%``, at most VIEW_WIDTH CSS pixels), so one unit of the viewBox is
between NARROWEST_WIDTH / VIEW_WIDTH of a pixel (a 320 px phone) and one pixel. The
font size is computed from the narrowest width so that text is never under
MIN_FONT_PX there. Each label has its own line(s) above its bar, so a long agency
name never competes with the bar for width, and the value is printed beside every
bar (a zero value draws no bar but still prints "0"). Text width is estimated from
the number of characters (CHAR_WIDTH of the font size, generous for system sans
fonts), to wrap labels and to keep room for the values.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Sequence

VIEW_WIDTH = 400  # viewBox units; also the chart's largest drawn width in CSS pixels (style.css: 25rem)
NARROWEST_WIDTH = 288  # CSS px the chart is drawn at on a 320 px screen (1rem of padding each side)
MIN_FONT_PX = 12
FONT_SIZE = math.ceil(MIN_FONT_PX * VIEW_WIDTH / NARROWEST_WIDTH * 10) / 10  # 16.7 units: 12 px at 320, 13.7 at 360
CHAR_WIDTH = 0.62  # of the font size: a generous average width of a character of a sans-serif font
DIGIT_WIDTH = 0.7  # of the font size: a bold digit (DejaVu Sans Bold's are 0.696)
LINE_HEIGHT = 1.25 * FONT_SIZE
BAR_HEIGHT = 1.1 * FONT_SIZE
GAP_BELOW_LABEL = 0.2 * FONT_SIZE
GAP_BETWEEN_BARS = 0.8 * FONT_SIZE
VALUE_GAP = 0.3 * FONT_SIZE  # between the end of a bar and its value
RIGHT_MARGIN = 0.2 * FONT_SIZE  # after the longest value
MAX_LABEL_LINES = 3


@dataclasses.dataclass(frozen=True)
class TextLine:
    x: float
    y: float  # the baseline
    text: str


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str  # whole, for the description; ``label_lines`` may wrap or shorten it
    value_text: str
    x: float
    y: float
    width: float  # 0 for a zero value: no rect is drawn
    height: float
    label_lines: tuple[TextLine, ...]
    value_x: float
    value_y: float
    kind: str = ""  # "other" (the sum of the rest) or "unknown" (not recorded): a class of its own
    broken: str = ""  # the path of a break drawn across a bar cut short, else ""


@dataclasses.dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    font_size: float
    bars: tuple[Bar, ...]


def number_text(value: float) -> str:
    """A figure written the Indonesian way, as render.number_id: 59,28 and 1.250."""
    return f"{value:,}".translate({ord(","): ".", ord("."): ","})


def bar_chart(rows: Sequence[tuple[str, float, str]]) -> BarChart:
    """The chart of ``rows``: (label, value, kind) each, drawn top to bottom in the given order."""
    texts = [number_text(value) for _, value, _ in rows]
    value_room = max((len(text) for text in texts), default=1) * DIGIT_WIDTH * FONT_SIZE + VALUE_GAP + RIGHT_MARGIN
    room = VIEW_WIDTH - value_room
    # The sum of the rest ("other") would dwarf the bars it follows: they set the scale, and a
    # longer "other" bar is cut at the full width with a break across it (its value says how long).
    longest = max((value for _, value, kind in rows if kind != "other"), default=0) \
        or max((value for _, value, _ in rows), default=0)
    scale = room / longest if longest > 0 else 0
    bars, y = [], 0.0
    for (label, value, kind), text in zip(rows, texts):
        lines = []
        for line in wrap(label, int(VIEW_WIDTH / (CHAR_WIDTH * FONT_SIZE))):
            lines.append(TextLine(0, _round(y + 0.9 * FONT_SIZE), line))
            y += LINE_HEIGHT
        y += GAP_BELOW_LABEL
        width = math.floor(min(max(value, 0) * scale, room) * 10) / 10  # rounded down: never into the values' room
        width = int(width) if width == int(width) else width
        broken = ""
        if value > longest > 0:
            x, top, bottom = _round(width * 0.8), _round(y - 2), _round(y + BAR_HEIGHT + 2)
            broken = f"M{x} {bottom}L{_round(x + 6)} {top}L{_round(x + 12)} {top}L{_round(x + 6)} {bottom}Z"
        if 0 < width < 1:
            width = 1  # a small value still shows a bar beside its figure
        bars.append(Bar(label=label, value_text=text, x=0, y=_round(y), width=width, height=_round(BAR_HEIGHT),
                        label_lines=tuple(lines), value_x=_round(width + VALUE_GAP if width else 0),
                        value_y=_round(y + BAR_HEIGHT / 2 + 0.35 * FONT_SIZE), kind=kind, broken=broken))
        y += BAR_HEIGHT + GAP_BETWEEN_BARS
    height = _round(y - GAP_BETWEEN_BARS + 0.3 * FONT_SIZE) if bars else 0
    return BarChart(width=VIEW_WIDTH, height=height, font_size=FONT_SIZE, bars=tuple(bars))


def wrap(text: str, width: int, lines: int = MAX_LABEL_LINES) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words, at most
    ``lines`` of them (the last shortened with "…"); a word longer than a line is cut."""
    found: list[str] = []
    words = text.split()
    current = ""
    for word in words:
        while len(word) > width:  # a very long word: cut it
            if current:
                found.append(current)
                current = ""
            found.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            found.append(current)
            current = word
    if current or not found:
        found.append(current)
    if len(found) > lines:
        last = found[lines - 1]
        found = found[:lines - 1] + [(last[:width - 1].rstrip() if len(last) >= width else last) + "…"]
    return found


def _round(value: float) -> float:
    """One decimal: precise enough for a screen, and short in the HTML."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded
