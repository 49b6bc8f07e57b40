"""How ``build.py check`` reports: as JSON, as GitHub workflow commands, or as a
GitLab Code Quality report, so that an editor sees an error where they look.

Paths in the GitHub and GitLab formats are relative to the repository's root
(both hosts match annotations to the files of a change by that path), whatever
folder the check ran from.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import ContentError, UsageError

# "agency: unknown agency 'dlx'" names its field first; the field makes a short title.
_FIELD = re.compile(r"([a-z_][a-z0-9_]*(?:\[[0-9]+\])?(?:\.[a-z_][a-z0-9_]*(?:\[[0-9]+\])?)*): ")


def json_report(errors: Sequence[ContentError], notes: Iterable[str] = ()) -> str:
    """``--format json``: one object, errors in the order they are printed as text."""
    return json.dumps({
        "ok": not errors,
        "errors": [{"path": e.path, "line": e.line, "message": e.message, "hint": e.hint, "text": str(e)}
                   for e in errors],
        "notes": list(notes),
    }, ensure_ascii=False, indent=2)


def github_commands(errors: Sequence[ContentError], notes: Iterable[str] = ()) -> list[str]:
    """One ``::error`` workflow command per error and one ``::notice`` per note.
    GitHub shows the first ten errors of a step on the change's files: callers put
    the errors that matter most first (see ``changed_first``)."""
    lines = []
    for error in errors:
        properties = [f"file={_escape_property(error.path)}"]
        if error.line:
            properties.append(f"line={error.line}")
        properties.append(f"title={_escape_property(title(error))}")
        lines.append(f"::error {','.join(properties)}::{_escape_data(_message(error))}")
    lines += [f"::notice title=build.py check::{_escape_data(note)}" for note in notes]
    return lines


def github_summary(errors: Sequence[ContentError], changed: frozenset[str] = frozenset()) -> str:
    """Every error as a Markdown table, for ``$GITHUB_STEP_SUMMARY`` (no ten-annotation limit there)."""
    if not errors:
        return "### Pemeriksaan katalog\n\nTidak ada kesalahan.\n"
    count = len(errors)
    rows = [f"### Pemeriksaan katalog: {count} kesalahan\n",
            "| Berkas | Baris | Kesalahan | Saran |", "| --- | ---: | --- | --- |"]
    for error in errors:
        where = cell(error.path) + (" (diubah)" if error.path in changed else "")
        rows.append(f"| {where} | {error.line or ''} | {cell(error.message)} | {cell(error.hint)} |")
    return "\n".join(rows) + "\n"


def gitlab_report(errors: Sequence[ContentError]) -> str:
    """A GitLab Code Quality report: a JSON array, one issue per error. The fingerprint
    is stable across runs and differs for every path, line and message."""
    issues = [{
        "description": _message(error),
        "check_name": title(error),
        "fingerprint": hashlib.sha256("\0".join(
            (error.path, str(error.line), error.message, error.hint)).encode("utf-8")).hexdigest(),
        "severity": "major",
        "location": {"path": error.path, "lines": {"begin": max(error.line, 1)}},
    } for error in errors]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def title(error: ContentError) -> str:
    """A short name for the kind of error: its field when the message names one."""
    field = _FIELD.match(error.message)
    return f"{field.group(1)}" if field else "content"


def from_repository_root(errors: Sequence[ContentError], root: Path | None) -> list[ContentError]:
    """The errors with their paths made relative to ``root`` (the repository), which
    hosts need; unchanged where there is no repository or a path lies outside it."""
    if root is None:
        return list(errors)
    moved, root = [], os.path.realpath(root)  # git names the root without symbolic links: so must we
    for error in errors:
        relative = os.path.relpath(os.path.realpath(error.path), root)
        if not relative.startswith(".."):
            error = ContentError(Path(relative).as_posix(), error.line, error.message, error.hint)
        moved.append(error)
    return moved


def changed_first(errors: Sequence[ContentError], changed: frozenset[str]) -> list[ContentError]:
    """Errors in files the change touched first, each part in its usual order."""
    return sorted(errors, key=lambda error: error.path not in changed)


def repository_root(folder: Path) -> Path | None:
    """The root of the git work tree holding ``folder``, or None outside one (or without git)."""
    try:
        found = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True)
    except OSError:
        return None
    return Path(found.stdout.strip()) if found.returncode == 0 else None


def changed_files(ref: str, root: Path) -> frozenset[str]:
    """The files (relative to the repository root) that differ from where this work
    branched off ``ref``: committed, staged or not, and new files git does not ignore."""
    if ref.startswith("-"):
        raise UsageError(f"--changed-from '{ref}' is not a git reference")

    def git(*arguments: str) -> list[str]:
        found = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True)
        if found.returncode != 0:
            raise UsageError(f"--changed-from '{ref}': git could not compare with it "
                             f"({found.stderr.strip().splitlines()[-1] if found.stderr.strip() else 'no output'}); "
                             "in CI, fetch the base branch (actions/checkout with fetch-depth: 0)")
        return [name for name in found.stdout.split("\0") if name]

    # -z: names as they are; without it git quotes any name that is not plain ASCII.
    return frozenset(git("diff", "-z", "--name-only", "--no-renames", "--merge-base", ref, "--")
                     + git("ls-files", "-z", "--others", "--exclude-standard"))


def _message(error: ContentError) -> str:
    return f"{error.message} ({error.hint})" if error.hint else error.message


def _escape_data(text: str) -> str:
    """As GitHub's own toolkit escapes a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As GitHub's own toolkit escapes a command's properties."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;"))
