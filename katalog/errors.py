"""Errors an editor can act on: each names the file, the line and the fix."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, printed as ``path:line: message (hint)``."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class BuildFailed(Exception):
    """Raised once per stage with every error that stage found."""

    def __init__(self, errors: list[ContentError] | tuple[ContentError, ...]):
        self.errors = tuple(sorted(set(errors)))
        super().__init__("\n".join(str(error) for error in self.errors))


class UsageError(Exception):
    """A problem with the command line or the environment, not the content (exit 2)."""
