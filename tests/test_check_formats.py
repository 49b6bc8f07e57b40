"""``check --format github|gitlab``: errors where the editor looks, on the line they changed."""
from __future__ import annotations

import json
import subprocess

import pytest

from katalog.tools.check_formats import github_commands, github_summary
from katalog.errors import ContentError

BROKEN_AGENCY = "---\ntitle: Zeta\nagency: dlx\nsummary: x\n---\n"
BROKEN_STAGE = "---\ntitle: Alfa\nagency: dlh\nsummary: x\nstage: no\n---\n"


def git(root, *arguments):
    subprocess.run(["git", "-c", "user.name=Uji", "-c", "user.email=uji@example.org", *arguments],
                   cwd=root, check=True, capture_output=True)


@pytest.fixture
def repository(site_dir):
    """The minimal site as a git repository whose first commit already holds a broken entry."""
    site_dir({"innovations/alfa.md": BROKEN_STAGE})
    git(site_dir.root, "init", "-q", "-b", "main")
    git(site_dir.root, "add", "-A")
    git(site_dir.root, "commit", "-q", "-m", "base")
    return site_dir


def test_a_broken_entry_is_one_error_command_on_its_line(site_dir, run):
    site_dir({"innovations/zeta.md": BROKEN_AGENCY})
    code, out, err = run("check", "--format", "github")
    assert code == 1
    assert out == ("::error file=content/innovations/zeta.md,line=3,title=agency::"
                   "agency: unknown agency 'dlx' (did you mean 'dlh'?)\n")
    assert err == "1 error; nothing was written\n"


def test_properties_and_messages_are_escaped_as_github_requires():
    error = ContentError("content/a,b:c%.md", 7, "title: 50% of\r\nit", "use a, b: c")
    assert github_commands([error], notes=["no base_url: 100%\nnext"]) == [
        "::error file=content/a%2Cb%3Ac%25.md,line=7,title=title::title: 50%25 of%0D%0Ait (use a, b: c)",
        "::notice title=build.py check::no base_url: 100%25%0Anext",
    ]
    # An error of the whole site has no line, and a message with no field gets a generic title.
    assert github_commands([ContentError("content", 0, "two pages at /x/")]) == [
        "::error file=content,title=content::two pages at /x/"]


def test_notes_are_notices_and_success_is_one_plain_line(site_dir, run):
    code, out, err = run("check", "--format", "github")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "::notice title=build.py check::no base_url: feed.xml and sitemap.xml are left out (set base_url in "
        "content/site.yaml or pass --base-url)",  # a message's ':' needs no escape, only a property's
        "check: 1 innovation, 2 agencies, 1 award, 0 free pages; no errors",
    ]


def test_errors_in_changed_files_come_first(repository, run):
    """GitHub shows ten annotations a step: the change's own errors must be among them."""
    repository({"innovations/zeta.md": BROKEN_AGENCY})  # new since the base, and sorted last
    code, out, _ = run("check", "--format", "github")
    assert code == 1 and [line.split(",")[0] for line in out.splitlines()] == [
        "::error file=content/innovations/alfa.md", "::error file=content/innovations/zeta.md"]
    code, out, _ = run("check", "--format", "github", "--changed-from", "main")
    assert code == 1 and [line.split(",")[0] for line in out.splitlines()] == [
        "::error file=content/innovations/zeta.md", "::error file=content/innovations/alfa.md"]
    # Committed on a branch, the change still counts: it is what differs from where it branched off.
    git(repository.root, "checkout", "-q", "-b", "usulan")
    git(repository.root, "add", "-A")
    git(repository.root, "commit", "-q", "-m", "zeta")
    code, out, _ = run("check", "--format", "github", "--changed-from", "main")
    assert out.splitlines()[0].startswith("::error file=content/innovations/zeta.md,line=3,")


def test_an_unknown_reference_is_a_usage_error(repository, run):
    code, out, err = run("check", "--format", "github", "--changed-from", "origin/tidak-ada")
    assert (code, out) == (2, "")
    assert err.startswith("build.py: --changed-from 'origin/tidak-ada': git could not compare with it (")
    assert err.endswith("in CI, fetch the base branch (actions/checkout with fetch-depth: 0)\n")
    assert run("check", "--changed-from", "--help")[0] == 2


def test_paths_are_relative_to_the_repository_root_from_any_folder(repository, run, monkeypatch):
    monkeypatch.chdir(repository.root / "content")
    code, out, _ = run("check", "--content", ".", "--format", "github")
    assert code == 1 and out.startswith("::error file=content/innovations/alfa.md,line=5,title=stage::")


def test_every_error_goes_to_the_step_summary_as_a_table(site_dir, run, tmp_path, monkeypatch):
    site_dir({f"innovations/e{number:02}.md": BROKEN_AGENCY.replace("Zeta", f"E{number}") for number in range(12)})
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run("check", "--format", "github")
    assert code == 1 and out.count("::error ") == 12
    text = summary.read_text()
    assert text.startswith("earlier step\n### Pemeriksaan katalog: 12 kesalahan\n")  # appended, not replaced
    assert "| content/innovations/e11.md | 3 | agency: unknown agency 'dlx' | did you mean 'dlh'? |" in text
    assert text.count("| content/innovations/e") == 12


def test_summary_cells_cannot_break_the_table():
    table = github_summary([ContentError("a|b.md", 1, "x | y\nz <b>", "")], changed=frozenset({"a|b.md"}))
    assert table.splitlines()[-1] == "| a\\|b.md (diubah) | 1 | x \\| y z &lt;b&gt; |  |"


def test_gitlab_code_quality_report(site_dir, run, tmp_path):
    site_dir({"innovations/zeta.md": BROKEN_AGENCY, "innovations/alfa.md": BROKEN_STAGE})
    code, out, err = run("check", "--format", "gitlab")
    assert (code, err) == (1, "")
    assert not out.encode().startswith(b"\xef\xbb\xbf")
    report = json.loads(out)
    assert report == [
        {"description": "stage: expected one of inisiatif, uji-coba, penerapan, found false (YAML reads yes/no/on/off "
                        "as true/false) (use one of: inisiatif, uji-coba, penerapan)",
         "check_name": "stage", "fingerprint": report[0]["fingerprint"], "severity": "major",
         "location": {"path": "content/innovations/alfa.md", "lines": {"begin": 5}}},
        {"description": "agency: unknown agency 'dlx' (did you mean 'dlh'?)",
         "check_name": "agency", "fingerprint": report[1]["fingerprint"], "severity": "major",
         "location": {"path": "content/innovations/zeta.md", "lines": {"begin": 3}}},
    ]
    assert len({issue["fingerprint"] for issue in report}) == 2
    assert all(len(issue["fingerprint"]) == 64 for issue in report)
    # Stable across runs, and written to a file with --output (the log keeps one line).
    code, out, err = run("check", "--format", "gitlab", "--output", str(tmp_path / "cq.json"))
    assert (code, out, err) == (1, "", f"wrote {tmp_path / 'cq.json'}: 2 errors\n")
    assert json.loads((tmp_path / "cq.json").read_bytes()) == report
    # The same message on another line is another issue.
    site_dir({"innovations/zeta.md": "---\ntitle: Zeta\n\nagency: dlx\nsummary: x\n---\n"})
    moved = json.loads(run("check", "--format", "gitlab")[1])
    assert moved[0] == report[0] and moved[1]["fingerprint"] != report[1]["fingerprint"]


def test_gitlab_report_of_good_content_is_an_empty_array(site_dir, run, tmp_path):
    assert run("check", "--format", "gitlab") == (0, "[]\n", "")
    code, out, _ = run("check", "--format", "gitlab", "--output", str(tmp_path / "cq.json"))
    assert code == 0 and out.startswith(f"wrote {tmp_path / 'cq.json'}; check: ")
    assert (tmp_path / "cq.json").read_text() == "[]\n"


def test_output_goes_only_with_a_report_format(site_dir, run):
    assert run("check", "--output", "x.json") == (2, "", "build.py: --output goes with --format json or --format gitlab\n")


def test_a_content_folder_reached_through_a_symbolic_link_still_names_repository_paths(repository, run, tmp_path):
    alias = tmp_path.parent / f"{tmp_path.name}-alias"
    alias.symlink_to(repository.root)
    code, out, _ = run("check", "--content", str(alias / "content"), "--format", "github")
    assert code == 1 and out.startswith("::error file=content/innovations/alfa.md,line=5,title=stage::")
