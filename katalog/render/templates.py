"""Pages -> output files: Jinja templates with autoescape, and the static assets."""
from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

import jinja2
import jinja2.meta

from . import jsonld
from .. import urls, workers
from ..outputs import CopiedFile, OutputFile
from ..content import schema
from ..content.catalogue import Catalogue
from ..errors import BuildFailed, ContentError
from .pages import Page


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, by template file and source: a build in a process that
    has built before (the tests run hundreds) compiles only what changed. Jinja checks each entry's
    checksum of the source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=_COMPILED,
        autoescape=True,  # every value from content is escaped, in every template
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # No stat() of every template on every include: the pipeline clears the cache
        # when a template is edited.
        auto_reload=False,
    )
    env.globals.update(href=_href, asset=_asset, urls=urls, Stage=schema.Stage)
    env.filters["date_id"] = date_id
    env.filters["partial_date_id"] = partial_date_id
    env.filters["number_id"] = number_id
    env.filters["file_size"] = file_size
    env.filters["script_json"] = jsonld.script_json
    return env


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, to_url: str) -> str:
    """A link from the page being rendered to ``to_url``.

    The 404 page is served at whatever address was missing, so relative links
    from it only work at the top level; with a base URL its links are absolute.
    """
    page_url, base_url = context["page"].url, context["site"].base_url
    if page_url == urls.NOT_FOUND and base_url:
        return urls.absolute(base_url, to_url)
    return urls.href(page_url, to_url)


@jinja2.pass_context
def _asset(context: jinja2.runtime.Context, name: str) -> str:
    """The URL of ``name`` under templates/static/ as published: named after its content."""
    assets = context["assets"]
    if name not in assets:
        raise LookupError(f"no file '{name}' in templates/static/")
    return assets[name]


MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")


def date_id(value) -> str:
    """A date written the Indonesian way: 26 Mei 2022."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def partial_date_id(value: schema.PartialDate) -> str:
    """As much of a date as is known, the Indonesian way: 2020, Januari 2020, 6 Januari 2020."""
    parts = [str(value.day) if value.day else "", MONTHS[value.month - 1] if value.month else "", str(value.year)]
    return " ".join(part for part in parts if part)


def number_id(value: float) -> str:
    """A figure written the Indonesian way: 59,28 and 1.250 (decimal comma, dots between thousands)."""
    return f"{value:,}".translate({ord(","): ".", ord("."): ","})


def render_pages(pages: Sequence[Page], *, catalogue: Catalogue, templates: Path, assets: dict[str, str],
                 search: bool = True, env: jinja2.Environment | None = None, jobs: int = 1,
                 on_done: Callable[[int], None] | None = None) -> list[OutputFile]:
    """Render every page, on ``jobs`` processes; all template errors are collected and
    raised together. ``env`` (from environment()) is reused across builds by the dev server."""
    env = env or environment(templates)
    if jobs > 1:
        for name in sorted({page.template for page in pages}):
            _load(env, name)  # compiled once here, and the forked workers inherit them
    results = workers.run(_render_slice, (pages, catalogue, templates, search, env, assets), len(pages), jobs=jobs,
                           on_done=on_done)
    failures: dict[tuple[str, int, str], list[str]] = {}  # one error per template fault, not per page
    for _, found in results:
        for where, page_urls in found.items():
            failures.setdefault(where, []).extend(page_urls)
    if failures:
        raise BuildFailed([
            ContentError(os.path.relpath(templates / name), line, message, _while_rendering(page_urls))
            for (name, line, message), page_urls in failures.items()
        ])
    return workers.flatten([outputs for outputs, _ in results])


def _load(env: jinja2.Environment, name: str) -> None:
    try:
        env.get_template(name)
    except jinja2.TemplateError:
        pass  # reported for each page that uses it


def _render_slice(shared: tuple, start: int, stop: int) -> tuple[list[OutputFile], dict]:
    pages, catalogue, templates, search, env, assets = shared
    # In templates, `site` is the site's settings (site.yaml).
    context = {"site": catalogue.settings, "catalogue": catalogue, "search": search, "assets": assets}
    outputs = []
    failures: dict[tuple[str, int, str], list[str]] = {}
    for page in pages[start:stop]:
        try:
            template = env.get_template(page.template)
            html = template.render(page=page, **context, **page.context)
        except jinja2.TemplateSyntaxError as error:
            where = (error.name or page.template, error.lineno or 0, f"template syntax: {error.message}")
            failures.setdefault(where, []).append(page.url)
        except Exception as error:  # noqa: BLE001 - a template can raise anything: name the template and line
            kind = "template error" if isinstance(error, jinja2.TemplateError) else f"template error ({type(error).__name__})"
            where = (*_template_position(error, templates, page.template), f"{kind}: {error}")
            failures.setdefault(where, []).append(page.url)
        else:
            outputs.append(OutputFile(urls.output_path(page.url), html.encode("utf-8")))
    return outputs, failures


def templates_used_by(env: jinja2.Environment, name: str) -> set[str]:
    """``name`` and every template it extends, includes or imports; "*" when one is
    chosen at render time and so cannot be known."""
    used: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in used:
            continue
        used.add(current)
        source = env.loader.get_source(env, current)[0]
        waiting += [found or "*" for found in jinja2.meta.find_referenced_templates(env.parse(source))]
    return used


def _while_rendering(page_urls: list[str]) -> str:
    more = f" and {len(page_urls) - 1} more pages" if len(page_urls) > 1 else ""
    return f"while rendering /{page_urls[0]}{more}"


def _template_position(error: Exception, templates: Path, default: str) -> tuple[str, int]:
    """The template and line an error was raised from: the innermost template frame of its traceback."""
    position = (default, 0)
    traceback = error.__traceback__
    while traceback is not None:
        filename = Path(traceback.tb_frame.f_code.co_filename)
        if filename.suffix == ".html" and templates.resolve() in filename.resolve().parents:
            position = (filename.resolve().relative_to(templates.resolve()).as_posix(), traceback.tb_lineno)
        traceback = traceback.tb_next
    return position


ASSET_HASH_LENGTH = 10  # 40 bits: a collision between two versions of one file is not a worry
# Stylesheets, scripts, images and fonts are named after their content; other files
# (a security.txt, say) keep their names, since something outside the site may ask for them.
FINGERPRINTED = frozenset({".css", ".js", ".mjs", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg",
                           ".ico", ".woff", ".woff2"})


def static_assets(templates: Path) -> dict[str, str]:
    """Each file under templates/static/ (by its path there) and where it is published,
    under static/: a stylesheet, script, image or font named after a hash of its bytes
    (style.3f9a0c6e21.css), so that a browser may keep it for a year and a changed file
    is never hidden by a cache."""
    root = templates / "static"
    if not root.is_dir():
        return {}
    assets = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        name = path.relative_to(root).as_posix()
        if path.suffix.lower() in FINGERPRINTED:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:ASSET_HASH_LENGTH]
            assets[name] = f"{urls.STATIC}{name[:-len(path.suffix)]}.{digest}{path.suffix}"
        else:
            assets[name] = urls.STATIC + name
    return assets


def static_files(templates: Path, assets: dict[str, str]) -> list[CopiedFile]:
    """The files under templates/static/, copied to their published names."""
    return [CopiedFile(published, templates / "static" / name) for name, published in sorted(assets.items())]


def content_files(catalogue: Catalogue, content_root: Path) -> list[CopiedFile]:
    """The images and documents under content/files/, copied to files/."""
    return [CopiedFile(urls.FILES + path, content_root / "files" / path) for path in catalogue.files]


def file_size(size: int) -> str:
    """A file size for readers: 820 B, 12 KB, 3,4 MB (Indonesian decimal comma)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
