"""The test lanes. README's test command runs every test; the quick lane, `pytest -m "not slow"`, leaves
out every test marked slow. A test that drives Chromium, runs nginx, the Nu HTML Checker or the CI
files' tools, runs the CMS in Node.js, or fuzzes with hypothesis carries that marker (browser, nginx,
vnu, ci_tools, cms, fuzz), and conftest.py makes each of them slow too; tests that read the real
catalogue in content/ are marked real_content. The helpers that start those tools call ``require``, so a test that uses one without its
marker fails, in every lane, instead of slipping into the quick one."""
from __future__ import annotations

import pytest

# The markers that take a test out of the quick lane, with what needs them (pyproject.toml registers them).
TOOLS = {
    "browser": "Chromium",
    "nginx": "nginx",
    "vnu": "the Nu HTML Checker",
    "ci_tools": "the CI files' tools (actionlint, ShellCheck, their steps in git clones)",
    "fuzz": "hypothesis",
    "cms": "Decap CMS in Node.js (its file formats, decap-server)",
}

current = None  # the test being run; conftest.py sets it before the test's fixtures are made


def require(marker: str, what: str) -> None:
    """Fail the running test unless it carries ``marker``; outside pytest (the bench scripts) do nothing."""
    item = current
    if item is not None and item.get_closest_marker(marker) is None:
        pytest.fail(f"{item.nodeid} uses {what} but is not marked @pytest.mark.{marker} "
                    f"(see tests/lanes.py)", pytrace=False)
