"""The command line: exit codes, every error at once, and a site replaced only by a good build."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT, tree_bytes

# Each invalid site: the files that break it and the exact lines build.py prints.
INVALID_SITES = {
    "malformed YAML": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT: Sistem\nagency: dlh\nsummary: x\n---\n"},
        ["content/innovations/sipput.md:2: YAML syntax: mapping values are not allowed in this context "
         "(put text that contains ': ' in quotes)"],
    ),
    "duplicate key": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\ntitle: Lain\nsummary: x\n---\n"},
        ["content/innovations/sipput.md:4: duplicate key 'title' (first on line 2) (keep one of them)"],
    ),
    "unknown field with suggestion": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsumary: x\nsummary: y\n---\n"},
        ["content/innovations/sipput.md:4: unknown field 'sumary' (did you mean 'summary'?)"],
    ),
    "unknown agency": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlx\nsummary: x\n---\n"},
        ["content/innovations/sipput.md:3: agency: unknown agency 'dlx' (did you mean 'dlh'?)"],
    ),
    "stage: no is a boolean": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\nstage: no\n---\n"},
        ["content/innovations/sipput.md:5: stage: expected one of inisiatif, uji-coba, penerapan, found false "
         "(YAML reads yes/no/on/off as true/false) (use one of: inisiatif, uji-coba, penerapan)"],
    ),
    "year that is a date": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\nyear: 2020-01-01\n---\n"},
        ["content/innovations/sipput.md:5: year: expected a whole number, found a date "
         "(write digits only, e.g. 2020)"],
    ),
    "file name that is not a slug": (
        {"innovations/Si Cantik.md": "---\ntitle: Si Cantik\nagency: dlh\nsummary: x\n---\n"},
        ["content/innovations/Si Cantik.md: file name 'Si Cantik' is not a valid id "
         "(name it with lowercase letters, digits and single hyphens, e.g. si-cantik.md)"],
    ),
    "missing required field": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\n---\n"},
        ["content/innovations/sipput.md:2: summary: required field is missing (add 'summary: ...')"],
    ),
    "three broken files in one run": (
        {
            "innovations/a.md": "---\ntitle: A\nagency: dlh\nsummary: x\nstage: final\n---\n",
            "innovations/b.md": "no front matter\n",
            "agencies.yaml": "- id: dlh\n  name: Dinas Lingkungan Hidup\n  short: DLH\n  kind: dinas\n"
                             "- id: dinkes\n  name: Dinas Kesehatan\n  short: Dinkes\n",
        },
        [
            "content/agencies.yaml:4: kind: expected one of opd, bumd, upt, found 'dinas' "
            "(use one of: opd, bumd, upt)",
            "content/innovations/a.md:5: stage: expected one of inisiatif, uji-coba, penerapan, found 'final' "
            "(use one of: inisiatif, uji-coba, penerapan)",
            "content/innovations/b.md:1: file does not start with front matter "
            "(make the first line '---', then the fields, then a line '---')",
        ],
    ),
    "invisible character in an id": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: \"dlh\\u200b\"\nsummary: x\n---\n"},
        ["content/innovations/sipput.md:3: agency: 'dlh\\u200b' is not a valid id "
         "(use lowercase letters, digits and single hyphens, e.g. dinas-kesehatan; whether it names a known agency "
         "is checked once it is a valid id)"],
    ),
    "link to a missing entry and fragment": (
        {"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\n---\n\n## Cara Kerja\n\n"
                                  "Lihat [lain](sipot.md) dan [bagian](sipput.md#cara-kerj).\n"},
        ["content/innovations/sipput.md:9: link to 'sipput.md#cara-kerj': no such heading "
         "(did you mean 'cara-kerja'?)",
         "content/innovations/sipput.md:9: link to missing file 'innovations/sipot.md' (did you mean 'sipput.md'?)"],
    ),
}


@pytest.mark.parametrize("case", INVALID_SITES, ids=list(INVALID_SITES))
def test_invalid_site_prints_every_error_and_exits_1(site_dir, run, case):
    files, expected = INVALID_SITES[case]
    site_dir(files)
    code, out, err = run("build")
    assert code == 1
    count = len(expected)
    assert err.splitlines() == expected + [f"{count} error{'s' if count > 1 else ''}; nothing was written"]
    assert "Traceback" not in err
    assert not (site_dir.root / "site").exists()


def test_failed_build_leaves_previous_site_byte_identical(site_dir, run):
    assert run("build")[0] == 0
    before = tree_bytes(site_dir.root / "site")
    site_dir({"innovations/sipput.md": "---\ntitle: [unclosed\n---\n"})
    assert run("build")[0] == 1
    assert tree_bytes(site_dir.root / "site") == before
    assert sorted(os.listdir(site_dir.root)) == [".cache", "content", "site"]  # no staging folders left behind


@pytest.mark.slow  # several whole builds, or a time limit waited out
def test_deleted_entry_leaves_no_stale_page(site_dir, run):
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dinkes\nsummary: x\n---\n"})
    assert run("build")[0] == 0
    assert (site_dir.root / "site/inovasi/lain/index.html").exists()
    site_dir({"innovations/lain.md": None})
    assert run("build")[0] == 0
    assert not (site_dir.root / "site/inovasi/lain").exists()


@pytest.mark.slow  # several whole builds, or a time limit waited out
def test_two_builds_are_byte_identical(site_dir):
    # Each build in a process of its own, since PYTHONHASHSEED is read only when Python starts:
    # another time zone, locale and string hash order must not change a byte, search index included.
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dinkes\nsummary: x\nyear: 2020\n"
                                     "sector: kesehatan\nawards: [iga-2019]\n---\n"})
    environments = {
        "one": {"TZ": "Asia/Jakarta", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "1"},
        "two": {"TZ": "America/Los_Angeles", "LC_ALL": "POSIX", "LANG": "id_ID.UTF-8", "PYTHONHASHSEED": "2"},
    }
    for out, environment in environments.items():
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--out", out],
                                cwd=site_dir.root, env={**os.environ, **environment},
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "not from shards" not in result.stderr  # the merged index, not the fallback
    one, two = tree_bytes(site_dir.root / "one"), tree_bytes(site_dir.root / "two")
    assert any(path.startswith("pagefind/filter/") for path in one)
    assert one == two


def test_check_writes_nothing_and_reports_like_build(site_dir, run):
    code, out, _ = run("check")
    assert code == 0 and "no errors" in out
    assert not (site_dir.root / "site").exists()
    site_dir({"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlx\nsummary: x\n---\n"})
    code, _, err = run("check")
    assert code == 1
    assert err.splitlines()[0] == "content/innovations/sipput.md:3: agency: unknown agency 'dlx' (did you mean 'dlh'?)"


def test_a_file_s_field_reference_and_body_errors_come_in_one_run(site_dir, run):
    """A wrong value no longer hides the file's other problems: its references and its body
    are checked in the same run; only what needs a valid value waits, and says so."""
    site_dir({"innovations/rusak.md": "---\ntitle: Rusak\nagency: dlx\nsummary: x\nstage: selesai\n"
                                      "partners: [dinkes, 'Dinas X', dinkex]\n---\n\n## Cara Kerja\n\n"
                                      "Lihat [lain](tidak-ada.md) <script>alert(1)</script>.\n"})
    code, _, err = run("check")
    assert code == 1
    removed = "remove it: a page keeps only simple formatting tags such as <b>, <i>, <sub> and <table>"
    assert err.splitlines() == [
        "content/innovations/rusak.md:3: agency: unknown agency 'dlx' (did you mean 'dlh'?)",
        "content/innovations/rusak.md:5: stage: expected one of inisiatif, uji-coba, penerapan, found 'selesai' "
        "(use one of: inisiatif, uji-coba, penerapan)",
        "content/innovations/rusak.md:6: partners.1: 'Dinas X' is not a valid id (use lowercase letters, digits and "
        "single hyphens, e.g. dinas-kesehatan; whether it names a known agency is checked once it is a valid id)",
        "content/innovations/rusak.md:6: partners: unknown agency 'dinkex' (did you mean 'dinkes'?)",
        "content/innovations/rusak.md:11: link to missing file 'innovations/tidak-ada.md' (check the file name)",
        f"content/innovations/rusak.md:11: raw HTML <script> is not allowed ({removed})",
        "6 errors; nothing was written"]


def pids(shared, start, stop):
    """Which process did each item (a worker's work is pickled by name: at module level)."""
    return [os.getpid()] * (stop - start)


def test_small_work_stays_in_this_process_and_larger_work_goes_to_forked_workers():
    """Forking costs more than a few dozen pages take to render: a small site builds in one process."""
    from katalog import workers

    small = workers.flatten(workers.run(pids, None, 2 * workers.MIN_PER_JOB - 1, jobs=2))
    assert small == [os.getpid()] * (2 * workers.MIN_PER_JOB - 1)
    large = workers.flatten(workers.run(pids, None, 2 * workers.MIN_PER_JOB, jobs=2))
    assert len(large) == 2 * workers.MIN_PER_JOB and os.getpid() not in large


@pytest.mark.slow  # several whole builds, or a time limit waited out
@pytest.mark.parametrize("command", ["check", "build --jobs 1", "build --jobs 2"])
def test_a_body_too_slow_for_markdown_is_refused_at_its_line_in_bounded_time(site_dir, run, slow_markdown,
                                                                          monkeypatch, command):
    """Markdown made to spin (whatever the installed version's speed): the time limit stops it in this
    process and in forked workers, and the file is refused at its body's first line with the others' errors."""
    from katalog import workers
    from katalog.content import markup
    monkeypatch.setattr(markup, "TIME_LIMIT_SECONDS", 0.3)
    monkeypatch.setattr(workers, "MIN_PER_JOB", 1)  # --jobs 2 forks even for these two entries
    assert run("build", "--no-search")[0] == 0
    before = tree_bytes(site_dir.root / "site")
    site_dir({"innovations/lambat.md": f"---\ntitle: Lambat\nagency: dlh\nsummary: x\n---\n\n{slow_markdown}\n",
              "innovations/lain.md": "---\ntitle: Lain\nagency: dlx\nsummary: x\n---\n\n## Cara Kerja\n"})
    started = time.perf_counter()
    code, out, err = run(*command.split(), "--no-search")
    assert time.perf_counter() - started < 10
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "content/innovations/lain.md:3: agency: unknown agency 'dlx' (did you mean 'dlh'?)",
        "content/innovations/lambat.md:6: Markdown took more than 0.3 s to render "
        "(look for long runs of [ or < and simplify them)",
        "2 errors; nothing was written"]
    assert tree_bytes(site_dir.root / "site") == before


@pytest.mark.parametrize("argv, message", [
    (["build", "--bogus"], "unrecognized arguments: --bogus"),
    (["build", "--content", "nowhere"], "content directory 'nowhere' not found"),
    (["build", "--base-url", "ftp://x"], "--base-url 'ftp://x' is not an http(s) address"),
    (["build", "--base-url", "https://exa mple.org/?q=1"], "is not an http(s) address of a site"),
    (["build", "--out", "content"], "would overwrite"),
    (["build", "--out", "content/innovations"], "would overwrite"),
    (["build", "--out", "elsewhere"], "holds files that build.py did not make"),
])
def test_usage_errors_exit_2(site_dir, run, argv, message):
    (site_dir.root / "elsewhere").mkdir()
    (site_dir.root / "elsewhere" / "notes.txt").write_text("precious")
    code, _, err = run(*argv)
    assert code == 2
    assert message in err
    assert (site_dir.root / "elsewhere" / "notes.txt").read_text() == "precious"
    assert (site_dir.root / "content" / "innovations" / "sipput.md").exists()


def test_output_that_is_a_file_or_a_link_is_refused(site_dir, run):
    (site_dir.root / "site").write_text("not a directory")
    code, _, err = run("build")
    assert code == 2 and "is a file" in err
    (site_dir.root / "site").unlink()
    (site_dir.root / "elsewhere").mkdir()
    (site_dir.root / "site").symlink_to(site_dir.root / "elsewhere")
    code, _, err = run("build")
    assert code == 2 and "symbolic link" in err
    assert list((site_dir.root / "elsewhere").iterdir()) == []


def test_source_date_epoch_must_be_a_whole_number(site_dir, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12.5")
    code, _, err = run("build")
    assert code == 2
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds up to 253402300799, found '12.5'" in err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "999999999999")
    assert run("build")[0] == 2


@pytest.mark.slow  # several whole builds, or a time limit waited out
def test_drafts_are_left_out_unless_asked_for(site_dir, run):
    site_dir({"innovations/draf.md": "---\ntitle: Draf\nagency: dlh\nsummary: x\ndraft: true\n---\n"})
    assert run("build")[0] == 0
    assert not (site_dir.root / "site/inovasi/draf").exists()
    assert run("build", "--drafts")[0] == 0
    draft_page = (site_dir.root / "site/inovasi/draf/index.html").read_text(encoding="utf-8")
    assert '<p class="notice draft" role="note" data-pagefind-ignore><strong>Draf</strong>: halaman ini belum terbit.' \
        in draft_page
    assert "<strong>Draf</strong>" in (site_dir.root / "site/inovasi/index.html").read_text(encoding="utf-8")
    published = (site_dir.root / "site/inovasi/sipput/index.html").read_text(encoding="utf-8")
    assert "belum terbit" not in published


def test_help_exits_0(run):
    code, out, _ = run("--help")
    assert code == 0 and "serve" in out and "check" in out


def test_errors_of_every_stage_come_together_without_echoes(site_dir, run):
    site_dir({
        # a broken file, and a link to it that must not be reported again as missing
        "innovations/rusak.md": "---\ntitle: Rusak\nagency: dlh\nsummary: x\nstage: final\n---\n",
        "innovations/lain.md": "---\ntitle: Lain\nagency: dlx\nsummary: x\n---\nLihat [Rusak](rusak.md).\n",
        # an award item that fails; an innovation citing it must not get a second error
        "awards.yaml": "- id: iga-2019\n  name: IGA\n  year: dua ribu\n  giver: Kemendagri\n",
        "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\nawards: [iga-2019]\n---\n",
    })
    code, _, err = run("check")
    assert code == 1
    assert err.splitlines() == [
        "content/awards.yaml:3: year: expected a whole number, found 'dua ribu' (write digits only, e.g. 2020)",
        "content/innovations/lain.md:3: agency: unknown agency 'dlx' (did you mean 'dlh'?)",
        "content/innovations/rusak.md:5: stage: expected one of inisiatif, uji-coba, penerapan, found 'final' "
        "(use one of: inisiatif, uji-coba, penerapan)",
        "3 errors; nothing was written",
    ]


@pytest.mark.slow  # several whole builds, or a time limit waited out
def test_file_names_with_spaces_are_linked_and_copied(site_dir, run):
    from sitecheck import broken_links
    site_dir({"files/Panduan baru.pdf": b"%PDF",
              "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\ndocuments:\n"
                                       "  - {title: Panduan, file: Panduan baru.pdf}\n---\n"
                                       "[Panduan](<../files/Panduan baru.pdf>)\n"})
    code, _, err = run("build")
    assert (code, err) == (0, "")
    html = (site_dir.root / "site/inovasi/sipput/index.html").read_text()
    assert html.count('href="../../files/Panduan%20baru.pdf"') == 2
    assert (site_dir.root / "site/files/Panduan baru.pdf").read_bytes() == b"%PDF"
    assert broken_links(site_dir.root / "site") == []


def test_check_format_json_is_pinned(site_dir, run):
    site_dir({"innovations/lain.md": "---\ntitle: Lain\nagency: dlx\nsummary: x\n---\nLihat [SIPPUT](sipput.md#cara).\n"})
    code, out, err = run("check", "--format", "json")
    assert code == 1 and err == ""
    assert out == """\
{
  "ok": false,
  "errors": [
    {
      "path": "content/innovations/lain.md",
      "line": 3,
      "message": "agency: unknown agency 'dlx'",
      "hint": "did you mean 'dlh'?",
      "text": "content/innovations/lain.md:3: agency: unknown agency 'dlx' (did you mean 'dlh'?)"
    },
    {
      "path": "content/innovations/lain.md",
      "line": 6,
      "message": "link to 'sipput.md#cara': no such heading",
      "hint": "headings there: cara-kerja",
      "text": "content/innovations/lain.md:6: link to 'sipput.md#cara': no such heading (headings there: cara-kerja)"
    }
  ],
  "notes": []
}
"""
    site_dir({"innovations/lain.md": None})
    code, out, err = run("check", "--format", "json", "--base-url", "https://example.org/")
    assert (code, json.loads(out), err) == (0, {"ok": True, "errors": [], "notes": []}, "")
    code, out, _ = run("check", "--format", "json")
    assert json.loads(out)["notes"] == [
        "no base_url: feed.xml and sitemap.xml are left out (set base_url in content/site.yaml or pass --base-url)"]


@pytest.mark.slow  # several whole builds, or a time limit waited out
def test_source_date_epoch_is_the_only_clock_the_output_shows(site_dir):
    """With no review dates in the content, the feed is dated by SOURCE_DATE_EPOCH, in UTC whatever TZ says,
    and no other date appears in the output but the fixed stand-in of an entry with no review date."""
    import re
    import subprocess
    import sys
    from conftest import ROOT
    site_dir({"site.yaml": "title: Uji\nbase_url: https://example.org/\n"})
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "TZ": "Pacific/Kiritimati"}  # UTC+14: a day ahead
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache"], cwd=site_dir.root,
                   env=environment, check=True, capture_output=True)
    site = tree_bytes(site_dir.root / "site")
    assert b"<updated>2023-11-14T00:00:00Z</updated>" in site["feed.xml"]
    dates = {date for path, data in site.items() if not path.startswith("pagefind/")
             for date in re.findall(rb"(?<!\d)(?:19|20)\d\d-\d\d-\d\d(?!\d)", data)}
    assert dates == {b"2023-11-14", b"1970-01-01"}
    assert site["feed.xml"].count(b"1970-01-01") == 1  # the one entry's <updated>, a constant, not a clock


@pytest.mark.slow  # several whole builds, or a time limit waited out
def test_a_named_pipe_named_like_an_entry_is_an_error_not_a_hang(site_dir):
    import subprocess
    import sys
    from conftest import ROOT
    os.mkfifo(site_dir.root / "content/innovations/pipa.md")
    for command in ("check", "build"):  # check stamps the tree for the cache; build reads it
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), command], cwd=site_dir.root,
                                capture_output=True, text=True, timeout=30)
        assert (result.returncode, result.stderr.splitlines()[0]) == (
            1, "content/innovations/pipa.md: named like a Markdown file but is not a file (rename it, or make it a file)")
