"""What the commands tell the person who runs them, in one voice: the summary line of a
build, check or save, its notes, and its errors with their count. `build`, `check`,
`serve` and `propose` all speak through here."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Callable, Iterable

from ..ci_log import say as inert_print

if TYPE_CHECKING:  # only named here: the command line imports this module before anything heavy
    from ..content.catalogue import Catalogue
    from ..engine.steps import Outcome


def plural(number: int, noun: str) -> str:
    """``number`` and the noun, in the plural unless it is one: 1 page, 2 pages, 3 agencies."""
    many = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{number} {noun if number == 1 else many}"


def contents(catalogue: Catalogue) -> str:
    """What the catalogue holds: 18 innovations, 11 agencies, 15 awards, 4 free pages."""
    return ", ".join(plural(len(records), noun) for records, noun in (
        (catalogue.innovations, "innovation"), (catalogue.agencies, "agency"), (catalogue.awards, "award"),
        (catalogue.pages, "free page")))


def what_was_written(outcome: Outcome) -> str:
    """A whole build's file count, or what an update rendered, wrote and removed."""
    rendered = outcome.rendered
    if rendered.complete:
        return plural(outcome.files, "file")
    return (f"{plural(rendered.pages_rendered, 'page')} rendered, {plural(len(outcome.written), 'file')} written, "
            f"{len(rendered.deleted)} removed")


def search_part(outcome: Outcome, *, search: bool) -> str:
    if not search:
        return "; no search index"
    if outcome.search_seconds is None:
        return ""
    return f"; search index {outcome.search_seconds:.2f} s ({plural(len(outcome.shards), 'shard')} made)"


class Reporter:
    """Prints through ``say`` (what went right: summary lines and notes) and ``warn`` (errors)."""

    def __init__(self, say: Callable[[str], None] = inert_print,  # lines quote content: never a CI command
                 warn: Callable[[str], None] = lambda line: inert_print(line, sys.stderr)):
        self.say, self.warn = say, warn

    def notes(self, notes: Iterable[str]) -> None:
        for note in notes:
            self.say(f"note: {note}")

    def errors(self, lines: Iterable[str], *, consequence: str = "nothing was written") -> None:
        """Every error, then how many and what that means: "2 errors; nothing was written"."""
        lines = list(lines)
        for line in lines:
            self.warn(line)
        self.warn(f"{plural(len(lines), 'error')}; {consequence}")

    def built(self, outcome: Outcome, *, out: str, seconds: float, search: bool) -> None:
        """The one summary line of a build: "built site/: 99 files (18 innovations, ...) in 0.52 s"."""
        if outcome.rendered is None:
            self.say(f"built {out}/: up to date, nothing changed since the last build ({seconds:.2f} s)")
            return
        self.say(f"built {out}/: {what_was_written(outcome)} ({contents(outcome.rendered.catalogue)}) "
                 f"in {seconds:.2f} s{search_part(outcome, search=search)}")

    def saved(self, outcome: Outcome, *, changed: list[str], seconds: float) -> None:
        """The dev server's line after a save: what changed and what it cost."""
        if outcome.rendered is None or outcome.rendered.complete:
            self.say(f"built {what_was_written(outcome) if outcome.rendered else 'nothing new'} in {seconds:.2f} s")
            return
        names = ", ".join(changed[:3]) + (" ..." if len(changed) > 3 else "")
        self.say(f"{names}: {what_was_written(outcome)} in {seconds * 1000:.0f} ms")
