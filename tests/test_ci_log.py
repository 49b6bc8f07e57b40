"""Nothing from content becomes a command in a CI log: build.py's lines in GitHub Actions, judged by
the runner's own rule (tests/runner_commands.py), for both forms of workflow command."""
from __future__ import annotations

import json

import pytest

from katalog.ci_log import inert
from runner_commands import lines, parse, processed

# Content that would be a command in a log if printed as it is: a YAML key holding a line break
# (duplicated, so the check quotes it), a heading in the legacy form, and two colons kept apart
# by an invisible character, which the runner's culture-sensitive comparison does not see.
HOSTILE_ENTRY = """\
---
title: Bermusuhan
agency: dlh
summary: Ringkas.
"w\\n::warning::DUP": 1
"w\\n::warning::DUP": 2
---

# ##[add-mask]Usulan

# A\u200b:\u200b:error::ZW
"""


def test_the_model_is_the_runner_s_rule():
    assert parse("::warning::DUP") == ("warning", "DUP")
    assert parse("  \t::Error file=a.md,line=3::pesan") == ("Error", "pesan")
    assert parse("x.md:9: heading '##[add-mask]Usulan' is level 1") == ("add-mask", "Usulan' is level 1")
    assert parse("a ::warning::b") is None and parse("::nama-lain::x") is None and parse("##[tidak]x") is None
    assert parse(":\u200b:warning::x") == ("warning", "x")  # the runner does not see the invisible character
    assert lines("a\r::warning::b\r\nc\n") == ["a", "::warning::b", "c"]
    assert processed("::stop-commands::k1\n::warning::x\n##[add-mask]y\n::k1::\n::notice::z\n") == [
        ("stop-commands", "k1"), ("k1", ""), ("notice", "z")]


@pytest.mark.parametrize("text, escaped", [
    ("::warning::x", ":\\u003awarning:\\u003ax"),
    ("heading '##[add-mask]Usulan'", "heading '#\\u0023[add-mask]Usulan'"),
    ("###[x] :::", "##\\u0023[x] :\\u003a:"),
    ("a\nb\r\u200b\U000e0041 \u034f", "a\\u000ab\\u000d\\u200b\\udb40\\udc41 \\u034f"),
    ("biasa: teks, tab\tdan spasi", "biasa: teks, tab\tdan spasi"),
])
def test_inert_escapes_what_the_runner_reads_in_github_actions_only(monkeypatch, text, escaped):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert inert(text) == text
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert inert(text) == escaped and parse(escaped) is None
    assert json.loads(f'"{escaped}"'.replace("\t", "\\t")) == text  # JSON reads the escapes back


@pytest.fixture
def hostile(site_dir):
    site_dir({"innovations/bermusuhan.md": HOSTILE_ENTRY})
    return site_dir


def test_without_github_actions_the_hostile_lines_would_be_commands(run, hostile, monkeypatch):
    """The check as an editor sees it: unchanged text, and the raw lines show what is at stake."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, out, err = run("check")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "content/innovations/bermusuhan.md:6: duplicate key 'w\\u000a::warning::DUP' (first on line 5) "
        "(keep one of them)",
        "1 error; nothing was written"]
    # The key as it was printed before it went through shown(): a live ::warning.
    assert [parse(line) for line in lines("duplicate key 'w\n::warning::DUP'")] == [None, ("warning", "DUP'")]


def test_in_github_actions_no_line_of_check_or_build_is_a_command(run, hostile, monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = run("check")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "content/innovations/bermusuhan.md:6: duplicate key 'w\\u000a:\\u003awarning:\\u003aDUP' (first on line 5) "
        "(keep one of them)",
        "1 error; nothing was written"]
    assert processed(out + err) == []
    # With the YAML fixed, the body's headings are what the check quotes.
    hostile({"innovations/bermusuhan.md": HOSTILE_ENTRY.replace('"w\\n::warning::DUP": 2\n', "")
             .replace('"w\\n::warning::DUP": 1\n', "")})
    for command in (["check"], ["build", "--out", str(tmp_path / "site"), "--no-search", "--no-cache"],
                    ["check", "--format", "json"]):
        code, out, err = run(*command)
        assert code == 1 and processed(out + err) == [], (command, out, err)
    code, out, err = run("check")
    level_1 = "is level 1 (the title is the page's only level-1 heading: start body headings at '##')"
    assert err.splitlines() == [
        f"content/innovations/bermusuhan.md:7: heading '#\\u0023[add-mask]Usulan' {level_1}",
        f"content/innovations/bermusuhan.md:9: heading 'A\\u200b:\\u200b:error:\\u003aZW' {level_1}",
        "2 errors; nothing was written"]
    # The JSON report holds the same data as outside GitHub Actions: its escapes are JSON's own.
    escaped = json.loads(run("check", "--format", "json")[1])
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert escaped == json.loads(run("check", "--format", "json")[1])


def test_check_s_github_format_gives_exactly_its_own_annotations(run, hostile, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = run("check", "--format", "github")
    assert code == 1 and err == "1 error; nothing was written\n"
    assert processed(out + err) == [("error", "duplicate key 'w\\u000a::warning::DUP' (first on line 5) "
                                              "(keep one of them)")]
    hostile({"innovations/bermusuhan.md": HOSTILE_ENTRY.replace('"w\\n::warning::DUP": 2\n', "")})
    code, out, err = run("check", "--format", "github")
    level_1 = "is level 1 (the title is the page's only level-1 heading: start body headings at '##')"
    # The annotations' data as GitHub shows it: the legacy form and the colons inside are only text.
    assert [(name, data.split(" (allowed:")[0]) for name, data in processed(out + err)] == [
        ("error", "unknown field 'w\\u000a::warning::DUP'"), ("error", f"heading '##[add-mask]Usulan' {level_1}"),
        ("error", f"heading 'A\\u200b:\\u200b:error::ZW' {level_1}")]
