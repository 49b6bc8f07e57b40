"""GitHub's runner's own rule for reading a step's output as workflow commands, for the tests.

As actions/runner does it (commit 258d6c8, August 2026): src/Runner.Sdk/ProcessInvoker.cs reads
stdout and stderr with StreamReader.ReadLine (a line ends at \\r, \\n or \\r\\n), and every line
goes to ActionCommandManager.TryProcessCommand (src/Runner.Worker/ActionCommandManager.cs), which
tries ActionCommand.TryParseV2, then ActionCommand.TryParse (src/Runner.Common/ActionCommand.cs):

- TryParseV2: the line with its leading white space trimmed starts with "::"; the next "::" after
  it ends the command part, whose first word (up to a space) must be a registered command;
- TryParse, the legacy form: the first "##[" anywhere in the line; the first "]" after it ends
  the command part, whose first word must be a registered command;
- names are compared ignoring case; after ``stop-commands`` with a token, nothing is processed
  until a command named by that token (``::TOKEN::``), which resumes.

StartsWith and IndexOf are the culture-sensitive .NET ones, which skip characters Unicode calls
ignorable (with ICU): this model deletes such characters first, so it finds at least what the
runner finds.
"""
from __future__ import annotations

import re
import unicodedata

# Every IActionCommandExtension of ActionCommandManager.cs, and stop-commands itself
# (internal-set-repo-path is registered only for the runner's own plugins; counted here anyway).
REGISTERED = {"add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error", "group", "notice",
              "remove-matcher", "save-state", "set-env", "set-output", "warning", "stop-commands",
              "internal-set-repo-path"}
_IGNORABLE_MARKS = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
                              "\U000e0100-\U000e01ef]")


def _as_the_runner_compares(line: str) -> str:
    kept = "".join(char for char in line if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf", "Cn"))
    return _IGNORABLE_MARKS.sub("", kept)


def parse(line: str, registered: set[str] = REGISTERED) -> tuple[str, str] | None:
    """(command, data) if the runner reads ``line`` (one line) as a command, else None."""
    line = _as_the_runner_compares(line)
    names = {name.casefold() for name in registered}
    trimmed = line.lstrip()
    if trimmed.startswith("::"):  # TryParseV2
        end = trimmed.find("::", 2)
        if end >= 0:
            name = trimmed[2:end].split(" ", 1)[0]
            if name.casefold() in names:
                return name, trimmed[end + 2:]
    prefix = line.find("##[")  # TryParse: only the first "##[" counts
    if prefix >= 0:
        end = line.find("]", prefix)
        if end >= 0:
            name = line[prefix + 3:end].split(" ", 1)[0]
            if name.casefold() in names:
                return name, line[end + 1:]
    return None


def lines(output: str) -> list[str]:
    """The lines of ``output`` as StreamReader.ReadLine gives them."""
    return re.split(r"\r\n|\r|\n", output.removesuffix("\n"))


def processed(output: str) -> list[tuple[str, str]]:
    """Every command the runner would act on in ``output``, in order, ``stop-commands`` and the
    command that resumes included (TryProcessCommand)."""
    acted, registered, stop_token = [], set(REGISTERED), None
    for line in lines(output):
        found = parse(line, registered)
        if found is None:
            continue
        name, data = found
        if stop_token is not None:
            if name.casefold() == stop_token.casefold():
                acted.append(found)
                registered.discard(stop_token)
                stop_token = None
            continue
        acted.append(found)
        if name.casefold() == "stop-commands":
            stop_token = data
            registered.add(data)
    return acted
