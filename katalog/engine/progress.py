"""A progress bar for long builds: on a terminal only, and only once a step has taken
a second (a quick build prints nothing extra, a log file gets no control characters)."""
from __future__ import annotations

import sys
import time
from typing import TextIO

SHOW_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.1
WIDTH = 24


class Progress:
    """Counts done items of each step and redraws one line on ``stream``."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.step, self.total, self.done = "", 0, 0

    def start(self, step: str, total: int) -> None:
        self.step, self.total, self.done = step, total, 0

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and now - self.started >= SHOW_AFTER_SECONDS and now - self.drawn_at >= REDRAW_SECONDS:
            self.drawn_at = now
            filled = WIDTH * self.done // max(self.total, 1)
            self.stream.write(f"\r{self.step} {self.done:,}/{self.total:,} "
                              f"[{'#' * filled}{'.' * (WIDTH - filled)}] {100 * self.done // max(self.total, 1)}%\033[K")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.drawn_at:
            self.stream.write("\r\033[K")  # the summary line takes its place
            self.stream.flush()
            self.drawn_at = 0.0
