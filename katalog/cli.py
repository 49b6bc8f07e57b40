#!/usr/bin/env python3
"""Katalog Inovasi: build, check or preview the catalogue. ``python build.py --help``."""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from katalog.ci_log import say
from katalog.content.records import is_site_url
from katalog.errors import BuildFailed, UsageError
from katalog.tools.reporter import plural

COMMANDS = ("build", "serve", "check", "new", "schema", "report", "iid", "forms", "cms", "propose")
HERE = Path(__file__).resolve().parent.parent  # the repository: templates/ and build.py are there
LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a date can show


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    # Options several commands share, each defined once.
    content_folder = argparse.ArgumentParser(add_help=False)
    content_folder.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    drafts = argparse.ArgumentParser(add_help=False)
    drafts.add_argument("--drafts", action="store_true", help="include entries with draft: true")
    common = argparse.ArgumentParser(add_help=False, parents=[content_folder, drafts])
    common.add_argument("--out", default="site", metavar="DIR", help="output folder (default: site)")
    common.add_argument("--templates", default=str(HERE / "templates"), metavar="DIR",
                        help="templates folder (default: templates/ beside build.py)")
    common.add_argument("--base-url", metavar="URL", help="absolute URL of the published site (overrides site.yaml)")
    common.add_argument("--no-search", action="store_true", help="leave out the search index (faster)")
    common.add_argument("--precompress", action="store_true",
                        help="write a .gz copy beside every text file over 1 KB, for servers that send them "
                             "(nginx gzip_static, GitLab Pages); as precompress: true in site.yaml")
    common.add_argument("--cache", default=".cache/katalog", metavar="DIR",
                        help="where the last build is kept, so the next reads only changed files "
                             "(default: .cache/katalog)")
    common.add_argument("--no-cache", action="store_true", help="build everything, without reading or writing the cache")
    common.add_argument("--cms", metavar="DIR", help="also write /admin/, the editors' form-based editor (Decap CMS), "
                        "from the CMS installed in DIR (e.g. .cache/cms, as .ci/run installs it)")
    common.add_argument("--jobs", type=int, metavar="N", help="processes for reading and rendering, at most "
                        "(default: one per core; 1 for a single process)")
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Katalog Inovasi static site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("build", parents=[common], help="validate content/ and render the site into site/ (default)")
    serve = commands.add_parser("serve", parents=[common],
                                help="build, serve the site locally, and rebuild and reload the browser on every save")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    check = commands.add_parser("check", parents=[common], help="validate content and links; write nothing")
    check.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text",
                       help="json: one JSON object, for editors; github: workflow commands that annotate a pull "
                            "request (and a table in $GITHUB_STEP_SUMMARY); gitlab: a Code Quality report")
    check.add_argument("--changed-from", metavar="REF",
                       help="a git reference (e.g. origin/main): errors in files changed since it come first")
    check.add_argument("--output", metavar="FILE", help="write the json or gitlab report to FILE, not stdout")
    new = commands.add_parser("new", parents=[content_folder],
                              help="write a new innovation file with every field explained")
    new.add_argument("title", metavar="NAME", help='the innovation\'s name, e.g. "Si Cantik"')
    new.add_argument("--agency", required=True, metavar="ID", help="id of the lead agency (agencies.yaml)")
    schema = commands.add_parser("schema", help="write the JSON Schema of the front matter and data files")
    schema.add_argument("--out", default="schema", metavar="DIR", help="folder for the schemas (default: schema)")
    report = commands.add_parser("report", parents=[content_folder, drafts],
                                 help="counts and completeness per agency and entry, for a terminal or a "
                                      "spreadsheet; write nothing else")
    report.add_argument("--format", choices=("text", "json", "csv"), default="text",
                        help="text: tables for a terminal; json: one object; csv: one row per entry, each check "
                             "1 or 0 (UTF-8 with a byte-order mark, for spreadsheets)")
    report.add_argument("--output", metavar="FILE", help="write the report to FILE, not stdout")
    iid = commands.add_parser("iid", parents=[content_folder, drafts],
                              help="each innovation's Indeks Inovasi Daerah profile and evidence, in the form's "
                                   "order, ready to paste into the IID application")
    iid.add_argument("--agency", metavar="ID", help="only this agency's innovations")
    iid.add_argument("--innovation", metavar="SLUG", help="only this innovation")
    iid.add_argument("--format", choices=("text", "csv", "json"), default="text",
                     help="text: for reading and pasting; csv: one row per innovation and field or indicator "
                          "(UTF-8 with a byte-order mark); json: one object")
    iid.add_argument("--output", metavar="FILE", help="write the export to FILE, not stdout")
    forms = commands.add_parser("forms", parents=[content_folder],
                                help="write the proposal form for agency staff: a GitHub issue form and a GitLab "
                                     "issue template, from the schema and agencies.yaml")
    forms.add_argument("--root", default=str(HERE), metavar="DIR",
                       help="repository to write .github/ and .gitlab/ into (default: beside build.py)")
    cms = commands.add_parser("cms", parents=[content_folder],
                              help="write the configuration of the editors' form-based editor at /admin/ (Decap "
                                   "CMS) from the schema and the content's agencies, awards and indicators: "
                                   "templates/admin/config.yml")
    cms.add_argument("--root", default=str(HERE), metavar="DIR",
                     help="repository to write templates/admin/config.yml into (default: beside build.py)")
    propose = commands.add_parser("propose", parents=[content_folder],
                                  help="turn an answered proposal form (an issue's body) into a draft entry, then "
                                       "check the catalogue with it")
    propose.add_argument("body", metavar="ISSUE_BODY_FILE", help="the issue's body, as GitHub or GitLab shows it")
    propose.add_argument("--issue-url", required=True, metavar="URL", help="the issue's address, kept as a source")
    propose.add_argument("--templates", default=str(HERE / "templates"), metavar="DIR",
                         help="templates folder (default: templates/ beside build.py)")
    propose.add_argument("--comment", metavar="FILE", help="also write the result as Markdown for the issue")
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["build", *argv]
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code: 0 ok, 1 content errors, 2 usage errors."""
    try:
        arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:  # argparse has printed the usage message
        return 0 if exit_.code == 0 else 2
    if arguments.command == "check" and arguments.output and arguments.format not in ("json", "gitlab"):
        print("build.py: --output goes with --format json or --format gitlab", file=sys.stderr)
        return 2
    try:
        if arguments.command == "new":
            return new_entry(arguments)
        if arguments.command == "schema":
            return write_schemas(arguments)
        if arguments.command in ("report", "iid"):
            return content_report(arguments)
        if arguments.command == "forms":
            return write_forms(arguments)
        if arguments.command == "cms":
            return write_cms_config(arguments)
        if arguments.command == "propose":
            return propose_entry(arguments)
        return run(arguments)
    except BuildFailed as failure:
        try:
            report_check(arguments, failure.errors)
        except UsageError as error:
            say(f"build.py: {error}", sys.stderr)
            return 2
        return 1
    except UsageError as error:
        say(f"build.py: {error}", sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C: how serve is stopped; a build stopped so has written nothing half
        if arguments.command != "serve":
            print("build.py: interrupted", file=sys.stderr)
            return 130
        return 0


def run(arguments: argparse.Namespace) -> int:
    """build, check and serve: the engine's steps (engine/steps.py), with the same cache."""
    from katalog import workers  # after argument parsing, so --help stays fast
    from katalog.engine import pipeline, write
    from katalog.engine.cache import BuildCache
    from katalog.engine.progress import Progress
    from katalog.engine.steps import Engine
    from katalog.tools.reporter import Reporter, contents

    source_date_epoch = _source_date_epoch()
    if arguments.base_url is not None and not is_site_url(arguments.base_url):
        raise UsageError(f"--base-url '{arguments.base_url}' is not an http(s) address of a site "
                         "(e.g. https://example.org/katalog/)")
    content, out, templates = Path(arguments.content), Path(arguments.out), Path(arguments.templates)
    if not templates.is_dir():
        raise UsageError(f"templates folder '{templates}' not found")
    if arguments.command != "check":
        write.check_output_directory(out, protected=[content, templates, HERE / "build.py", HERE / "katalog"])
    if arguments.jobs is not None and arguments.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, found {arguments.jobs}")
    cms = Path(arguments.cms) if arguments.cms else None
    if cms is not None:
        from katalog.render.admin import check_installed
        check_installed(cms)
    settings = dict(content=content, content_shown_as=arguments.content, templates=templates,
                    include_drafts=arguments.drafts, base_url=arguments.base_url,
                    source_date_epoch=source_date_epoch, search=not arguments.no_search,
                    precompress=arguments.precompress, cms=cms)
    cache = None if arguments.no_cache else BuildCache(
        Path(arguments.cache), out=out, settings={key: str(value) for key, value in settings.items()})
    engine = Engine(pipeline.Pipeline(**settings, jobs=arguments.jobs or workers.default_jobs(), progress=Progress()),
                    out, search=not arguments.no_search, cache=cache)
    reporter = Reporter()
    if arguments.command == "serve":
        from katalog.tools.serve import serve
        serve(engine, host=arguments.host, port=arguments.port, reporter=reporter)
        return 0
    started = time.perf_counter()
    outcome = engine.run(write_output=arguments.command != "check")
    if getattr(arguments, "format", "text") == "text":
        reporter.notes(outcome.notes)
    if arguments.command == "check":
        success = (f"check: {contents(outcome.rendered.catalogue)}; no errors" if outcome.rendered
                   else "check: nothing changed since the last build; no errors")
        report_check(arguments, (), notes=outcome.notes, success=success)
        return 0
    reporter.built(outcome, out=arguments.out, seconds=time.perf_counter() - started,
                   search=not arguments.no_search)
    return 0


def report_check(arguments: argparse.Namespace, errors, *, notes=(), success: str = "") -> None:
    """Print the errors (or the success line) of a build or check in the format asked for."""
    from katalog.tools import check_formats as formats

    form = getattr(arguments, "format", "text") if arguments.command != "report" else "text"  # errors as lines
    changed_from = getattr(arguments, "changed_from", None)
    changed: frozenset[str] = frozenset()
    if form in ("github", "gitlab") or changed_from:
        root = formats.repository_root(Path(arguments.content))
        if changed_from and root is None:
            raise UsageError("--changed-from needs the content folder to be inside a git work tree")
        errors = formats.from_repository_root(errors, root)
        changed = formats.changed_files(changed_from, root) if changed_from else frozenset()
        errors = formats.changed_first(errors, changed)
    if form == "json":
        _emit(arguments, formats.json_report(errors, notes) + "\n")
    elif form == "gitlab":
        _emit(arguments, formats.gitlab_report(errors))
    elif form == "github":
        for line in formats.github_commands(errors, notes):
            print(line)  # commands meant for the runner, their text escaped as its toolkit does
        if os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
                summary.write(formats.github_summary(errors, changed))
    else:
        for error in errors:
            say(str(error), sys.stderr)
    count = plural(len(errors), "error")
    if form in ("text", "github"):
        if errors:
            say(f"{count}; nothing was written", sys.stderr)
        else:
            say(success)
    elif getattr(arguments, "output", None):  # the report went to a file: the log still says how it went
        if errors:
            say(f"wrote {arguments.output}: {count}", sys.stderr)
        else:
            say(f"wrote {arguments.output}; {success}")


def _emit(arguments: argparse.Namespace, report: str) -> None:
    """A machine-readable report, to --output FILE or to stdout."""
    if getattr(arguments, "output", None):
        Path(arguments.output).write_text(report, encoding="utf-8")
    else:
        say(report.removesuffix("\n"))  # in GitHub Actions escaped as JSON escapes: the same data


def new_entry(arguments: argparse.Namespace) -> int:
    from katalog.tools import scaffold
    path = scaffold.new_entry(content=Path(arguments.content), content_shown_as=arguments.content,
                              title=arguments.title, agency=arguments.agency)
    print(f"wrote {path}: fill in the fields, then preview it: python build.py serve --drafts")
    return 0


def write_schemas(arguments: argparse.Namespace) -> int:
    from katalog.tools import jsonschema
    written = jsonschema.write_schemas(Path(arguments.out))
    print(f"wrote {len(written)} JSON Schemas to {arguments.out}/: " + ", ".join(path.name for path in written))
    return 0


def write_forms(arguments: argparse.Namespace) -> int:
    from katalog.tools import forms
    written = forms.write_forms(Path(arguments.root), Path(arguments.content))
    print("wrote " + ", ".join(str(path) for path in written))
    return 0


def write_cms_config(arguments: argparse.Namespace) -> int:
    from katalog.tools import cms
    print(f"wrote {cms.write_config(Path(arguments.root), Path(arguments.content))}")
    return 0


def propose_entry(arguments: argparse.Namespace) -> int:
    """The proposal as a draft entry; exit 1 with every problem (and nothing written) if it cannot be one."""
    from katalog.engine import pipeline
    from katalog.tools import propose

    content, templates = Path(arguments.content), Path(arguments.templates)
    if not content.is_dir():
        raise UsageError(f"content directory '{arguments.content}' not found (use --content DIR)")

    def check() -> None:
        pipeline.Pipeline(content=content, content_shown_as=arguments.content, templates=templates,
                          include_drafts=True, search=False).render_all()

    result = propose.propose(Path(arguments.body), body_shown_as=arguments.body, content=content,
                             content_shown_as=arguments.content, issue_url=arguments.issue_url, check=check)
    if arguments.comment:
        Path(arguments.comment).write_text(result.comment(), encoding="utf-8")
    if result.path:
        say(result.path)
        return 0
    for problem in result.problems:
        say(str(problem), sys.stderr)
    say(f"{plural(len(result.problems), 'problem')}; nothing was written", sys.stderr)
    if not arguments.comment:
        say(result.comment())
    return 1


def content_report(arguments: argparse.Namespace) -> int:
    """Load the content as check does (without rendering), then print or write the report
    (`report`) or the IID export (`iid`)."""
    from katalog import workers
    from katalog.tools import iid_export, report
    from katalog.content.catalogue import build_catalogue
    from katalog.content.load import load

    catalogue = build_catalogue(load(Path(arguments.content), shown_as=arguments.content,
                                     include_drafts=arguments.drafts, jobs=workers.default_jobs()))
    if arguments.command == "iid":
        data = iid_export.export(catalogue, form=arguments.format, agency=arguments.agency,
                                 innovation=arguments.innovation)
    else:
        data = report.report(catalogue, arguments.format)
    if arguments.output:
        Path(arguments.output).write_bytes(data)
        print(f"wrote {arguments.output}: {plural(len(catalogue.innovations), 'innovation')}")
    elif hasattr(sys.stdout, "buffer"):  # the bytes as they are: a CSV keeps its byte-order mark and line ends
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _source_date_epoch() -> int | None:
    """The reproducible-builds clock, when set; the output reads no other."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return None
    if not re.fullmatch(r"[0-9]{1,12}", epoch) or int(epoch) > LAST_EPOCH:
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds up to {LAST_EPOCH}, found '{epoch}'")
    return int(epoch)


if __name__ == "__main__":
    sys.exit(main())
