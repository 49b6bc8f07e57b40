"""The test lanes (tests/lanes.py): the quick lane, `pytest -m "not slow"`, can never pull in a test that
needs a browser, a server, an outside tool or fuzzing, and only tests marked real_content read content/."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

import lanes
from conftest import ROOT, real_content

TESTS = ROOT / "tests"


def test_a_tool_used_without_its_marker_fails_the_test():
    """This test carries none of the markers, so each helper's check must fail it."""
    for marker, what in lanes.TOOLS.items():
        with pytest.raises(pytest.fail.Exception, match=rf"not marked @pytest\.mark\.{marker}\b"):
            lanes.require(marker, what)
    with pytest.raises(pytest.fail.Exception, match=r"not marked @pytest\.mark\.real_content\b"):
        real_content()


@pytest.mark.real_content
def test_a_marked_test_may_use_what_its_marker_names():
    assert real_content() == ROOT.joinpath("content")
    with pytest.raises(pytest.fail.Exception):
        lanes.require("browser", "Chromium")  # one marker allows only its own tool


def test_the_helpers_that_start_a_tool_check_its_marker():
    for module, marker in (("browser.py", "browser"), ("nginx.py", "nginx"), ("ci_steps.py", "ci_tools"),
                           ("test_ci_files.py", "ci_tools"), ("test_html_valid.py", "vnu"), ("cms.py", "cms")):
        assert f'lanes.require("{marker}", ' in (TESTS / module).read_text(encoding="utf-8"), module


def test_no_test_module_reaches_content_or_another_test_module_but_through_the_helpers():
    for path in sorted(TESTS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "conftest.py":
            assert not re.search(r'ROOT\s*/\s*"content"', text), path.name
        assert not re.search(r"^\s*(?:from|import) test_", text, flags=re.M), path.name
        assert "spec_from_file" + "_location" not in text, path.name  # bench.generate is imported as a module


def collected(*arguments: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


@pytest.mark.slow  # collects the suite three times over
def test_the_quick_lane_holds_no_tool_and_at_least_half_of_the_tests():
    every, quick = collected(), collected("-m", "not slow")
    tools = set(collected("-m", " or ".join(lanes.TOOLS)))
    assert tools and not tools & set(quick)
    for module in ("test_browser.py", "test_nginx.py", "test_fuzz.py", "test_serve_browser.py",
                   "test_search_words.py", "test_html_valid.py"):
        assert not [test for test in quick if test.startswith(f"tests/{module}::")], module
    assert len(quick) * 2 >= len(every)
