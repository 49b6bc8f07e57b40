"""content/ -> typed records. Reads every file once, collects every error, raises once."""
from __future__ import annotations

import dataclasses
import functools
import os
import re
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, TypeVar

from . import schema
from .. import urls, workers
from ..errors import ContentError, UsageError
from .markup import MarkdownRenderer
from .records import Reader, slug_problem
from .text import TextRefused, read_text, shown
from .yamlnodes import Node, YamlRefused, parse

ENTRY_FOLDERS = frozenset({"innovations", "pages"})
INDICATORS = "indikator.yaml"  # the city's yearly figures; optional, unlike agencies.yaml and awards.yaml
IID = "iid.yaml"  # the Indeks Inovasi Daerah's profile and indicators, one edition; optional
# Kinds of data records whose ``description`` is a paragraph of Markdown, rendered into ``body``.
DESCRIBED = frozenset({"agency", "award"})
# Files published as they are: documents and images only. HTML, SVG and scripts could
# run code on the site's own origin.
PUBLISHED_FILE_TYPES = frozenset({
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "avif", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
    "odt", "ods", "odp", "csv", "txt", "zip",
})
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])", re.IGNORECASE)
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Content:
    """Everything content/ holds, checked file by file (cross-references come later)."""

    root: Path
    settings: schema.Settings  # site.yaml
    agencies: tuple[schema.Agency, ...]
    awards: tuple[schema.Award, ...]
    indicators: tuple[schema.Indicator, ...]  # indikator.yaml, which may be absent
    iid: schema.Iid | None  # iid.yaml, which may be absent
    innovations: tuple[schema.Innovation, ...]  # in file-name order
    pages: tuple[schema.Page, ...]
    files: Mapping[str, int]  # size in bytes of each file under content/files/, by "/"-separated path
    # The errors of each file, by its path under root; "" holds those of the tree as a whole.
    # Kept per file so that reload() can replace the errors of just the files it reads again.
    file_errors: Mapping[str, tuple[ContentError, ...]] = dataclasses.field(default_factory=dict)
    # Records that exist but did not load, as (kind, id); id "*" when it could not be read.
    # References to them are not reported again as unknown.
    failed: frozenset[tuple[str, str]] = frozenset()
    drafts: frozenset[tuple[str, str]] = frozenset()  # (kind, slug) of drafts left out of this build

    @property
    def errors(self) -> tuple[ContentError, ...]:
        return tuple(sorted({error for errors in self.file_errors.values() for error in errors}))


def load(root: Path, *, shown_as: str, include_drafts: bool = False, jobs: int = 1,
         on_read: Callable[[int], None] | None = None) -> Content:
    """Read ``root``, keeping what loaded and every error; errors name files as ``shown_as/...``.

    Loading goes on past bad files so that the cross-reference checks can run on
    the rest, and an editor sees every error of the run at once.
    """
    if not root.is_dir():
        raise UsageError(f"content directory '{shown_as}' not found (use --content DIR)")
    return _Loader(root, shown_as.rstrip("/") or ".", include_drafts).load(jobs, on_read)


def reload(previous: Content, changed: Iterable[str], *, shown_as: str, include_drafts: bool = False,
           tree_changed: bool = True) -> Content:
    """``previous`` with the files at ``changed`` (paths under its root, new, edited or
    deleted) read again; every other record is reused. The dev server calls this on
    every save, so it reads only those files (and walks the tree only when a file was
    added or removed: ``tree_changed``)."""
    if not previous.root.is_dir():
        raise UsageError(f"content directory '{shown_as}' not found (use --content DIR)")
    return _Loader(previous.root, shown_as.rstrip("/") or ".", include_drafts, previous).reload(
        previous, frozenset(changed), tree_changed)


@functools.cache
def _markdown() -> MarkdownRenderer:
    """One Markdown renderer per process: its patterns are compiled once."""
    return MarkdownRenderer(link_address=urls.content_link)


def _read_entries(shared: tuple, start: int, stop: int) -> tuple:
    """The entries of one slice of a folder's files, as a worker process reads them."""
    root, shown_as, include_drafts, folder, cls, kind, names = shared
    loader = _Loader(root, shown_as, include_drafts, markdown=_markdown())
    records = loader.entries(folder, cls, kind, {}, frozenset(f"{folder}/{name}" for name in names[start:stop]))
    return records, loader.file_errors, loader.failed, loader.drafts


class _Loader:
    def __init__(self, root: Path, shown_as: str, include_drafts: bool, previous: Content | None = None,
                 markdown: MarkdownRenderer | None = None):
        self.root, self.shown_as, self.include_drafts = root, shown_as, include_drafts
        self.errors: list[ContentError] = []
        self.file_errors = dict(previous.file_errors) if previous else {}
        self.failed = set(previous.failed) if previous else set()
        self.drafts = set(previous.drafts) if previous else set()
        self.markdown = markdown or _markdown()

    def shown(self, relative: str) -> str:
        return f"{self.shown_as}/{relative}"

    def fail(self, relative: str, line: int, message: str, hint: str = "") -> None:
        self.errors.append(ContentError(self.shown(relative), line, message, hint))

    def filed_under(self, relative: str, read: Callable[[], T]) -> T:
        """Call ``read``, filing the errors it reports as ``relative``'s."""
        start = len(self.errors)
        result = read()
        self.file_errors[relative] = tuple(self.errors[start:])
        del self.errors[start:]
        return result

    def content(self, **records) -> Content:
        return Content(root=self.root, **records, file_errors=MappingProxyType(
            {path: errors for path, errors in sorted(self.file_errors.items()) if errors}),
            failed=frozenset(self.failed), drafts=frozenset(self.drafts))

    def load(self, jobs: int = 1, on_read: Callable[[int], None] | None = None) -> Content:
        self.filed_under("", self.check_tree)
        return self.content(
            settings=self.settings(), agencies=tuple(self.data_list("agencies.yaml", schema.Agency, "agency")),
            awards=tuple(self.data_list("awards.yaml", schema.Award, "award")),
            indicators=tuple(self.data_list(INDICATORS, schema.Indicator, "indicator", optional=True)),
            iid=self.iid(),
            innovations=self.entries_on(jobs, "innovations", schema.Innovation, "innovation", on_read),
            pages=self.entries("pages", schema.Page, "page", {}, None), files=MappingProxyType(self.files()))

    def entries_on(self, jobs: int, folder: str, cls: type, kind: str, on_read) -> tuple:
        """Every entry of ``folder``, read on ``jobs`` processes (Markdown is most of a build)."""
        directory = self.root / folder
        names = sorted(path.name for path in directory.iterdir()) if directory.is_dir() else []
        shared = (self.root, self.shown_as, self.include_drafts, folder, cls, kind, names)
        records: dict = {}
        for found, file_errors, failed, drafts in workers.run(_read_entries, shared, len(names), jobs=jobs,
                                                                on_done=on_read):
            records.update((record.slug, record) for record in found)
            self.file_errors.update(file_errors)
            self.failed |= failed
            self.drafts |= drafts
        return tuple(sorted(records.values(), key=lambda record: record.slug + ".md"))

    def reload(self, previous: Content, changed: frozenset[str], tree_changed: bool) -> Content:
        if tree_changed or any((self.root / path).is_symlink() for path in changed):
            self.filed_under("", self.check_tree)
        if any(path == "files" or path.startswith("files/") for path in changed):
            self.file_errors = {path: e for path, e in self.file_errors.items() if not path.startswith("files/")}
            files = MappingProxyType(self.files())
        else:
            files = previous.files
        return self.content(
            settings=self.settings() if "site.yaml" in changed else previous.settings,
            agencies=tuple(self.data_list("agencies.yaml", schema.Agency, "agency"))
            if "agencies.yaml" in changed else previous.agencies,
            awards=tuple(self.data_list("awards.yaml", schema.Award, "award"))
            if "awards.yaml" in changed else previous.awards,
            indicators=tuple(self.data_list(INDICATORS, schema.Indicator, "indicator", optional=True))
            if INDICATORS in changed else previous.indicators,
            iid=self.iid() if IID in changed else previous.iid,
            innovations=self.entries("innovations", schema.Innovation, "innovation",
                                     {entry.slug: entry for entry in previous.innovations}, changed),
            pages=self.entries("pages", schema.Page, "page", {page.slug: page for page in previous.pages}, changed),
            files=files)

    def check_tree(self) -> None:
        """Refuse symbolic links anywhere, and names that differ only in case. Hidden files
        (editor lock links such as .#x.md, .DS_Store) are never read or published: skipped."""
        seen: dict[str, str] = {}
        for folder, directories, names in os.walk(self.root):
            directories[:] = [d for d in directories if not d.startswith(".")]
            for name in sorted(directories + names):
                if name.startswith("."):
                    continue
                path = Path(folder, name)
                relative = path.relative_to(self.root).as_posix()
                if path.is_symlink():
                    self.fail(relative, 0, "symbolic links are not allowed in the content folder",
                              "replace the link with the file itself")
                elif relative.lower() in seen:
                    self.fail(relative, 0, f"name differs only in case from '{shown(seen[relative.lower()])}'",
                              "rename one of them: not every computer can tell them apart")
                else:
                    seen[relative.lower()] = relative
                if name.endswith(".md") and not path.is_symlink() and not path.is_file() \
                        and not relative.startswith("files/"):  # a folder or a pipe would be skipped unseen
                    self.fail(relative, 0, "named like a Markdown file but is not a file",
                              "rename it, or make it a file")
                folder_of_file = Path(relative).parent.as_posix()
                if name.endswith(".md") and folder_of_file not in ENTRY_FOLDERS and not relative.startswith("files/") \
                        and path.is_file():
                    self.fail(relative, 0, "Markdown file outside innovations/ and pages/ is not part of the site",
                              "move it into content/innovations/ or content/pages/")
            directories[:] = [d for d in directories if not Path(folder, d).is_symlink()]

    def read(self, relative: str) -> str | None:
        try:
            return read_text(self.root / relative)
        except TextRefused as refused:
            self.fail(relative, refused.line, refused.message, refused.hint)
        except OSError as error:
            self.fail(relative, 0, f"cannot be read: {error.strerror}")
        return None

    def yaml(self, relative: str, text: str, first_line: int = 1) -> Node | None:
        try:
            return parse(text, first_line)
        except YamlRefused as refused:
            self.fail(relative, refused.line, refused.message, refused.hint)
            return None

    def settings(self) -> schema.Settings:
        return self.filed_under("site.yaml", self.site_settings) or schema.Settings()

    def site_settings(self) -> schema.Settings | None:
        return self.mapping_file("site.yaml", schema.Settings, label="settings")

    def iid(self) -> schema.Iid | None:
        """The IID's definitions; None without iid.yaml. A file with errors is read partly, so that
        entries naming its indicators are checked against what could be read."""
        self.failed.discard(("iid", "*"))
        iid = self.filed_under(IID, lambda: self.mapping_file(IID, schema.Iid, label="definitions", partial=True))
        if iid is None and (self.root / IID).exists():
            self.failed.add(("iid", "*"))  # unreadable (reported): entries' evidence is not checked against it
        return iid

    def mapping_file(self, relative: str, cls: type, *, label: str, partial: bool = False):
        """The record of a data file that is one mapping (site.yaml, iid.yaml); None when it is absent."""
        path = self.root / relative
        if not path.exists() or path.is_symlink():
            return None
        text = self.read(relative)
        node = self.yaml(relative, text) if text is not None else None
        if node is None or node.value is None:
            return None
        reader = Reader(self.shown(relative), self.errors, partial=partial)
        return reader.record(cls, node, label=label,
                             extra={"origin": schema.Origin(reader.path, node.line, reader.key_lines)})

    def data_list(self, relative: str, cls: type, kind: str, optional: bool = False) -> list:
        self.failed = {failed for failed in self.failed if failed[0] != kind}
        return self.filed_under(relative, lambda: self.data_items(relative, cls, kind, optional))

    def data_items(self, relative: str, cls: type, kind: str, optional: bool = False) -> list:
        path = self.root / relative
        if optional and not path.exists() and not path.is_symlink():
            return []
        if not path.is_file() or path.is_symlink():
            if not path.is_symlink():
                self.fail(relative, 0, "file is missing", "create it; it may be an empty list: []")
            self.failed.add((kind, "*"))
            return []
        text = self.read(relative)
        node = self.yaml(relative, text) if text is not None else None
        if node is None:
            self.failed.add((kind, "*"))
            return []
        if not isinstance(node.value, list):
            self.fail(relative, node.line, "expected a list of items, each starting with '- id: ...'",
                      "write [] for an empty list")
            self.failed.add((kind, "*"))
            return []
        records = []
        for item in node.value:
            reader = Reader(self.shown(relative), self.errors, partial=True)
            origin = schema.Origin(reader.path, item.line, reader.key_lines)
            record = reader.record(cls, item, extra={"origin": origin}, label="item")
            if record is not None and not record.id:
                record = None  # no valid id: nothing can refer to it
            if record is not None and kind in DESCRIBED and record.description:
                body = self.render(record.description, relative, item.value["description"][1].line,
                                   kind, record.id)
                record = dataclasses.replace(record, body=body)
            if record is not None:
                records.append(record)
            else:
                raw_id = item.value.get("id", (0, None))[1] if isinstance(item.value, dict) else None
                self.failed.add((kind, raw_id.value if raw_id and isinstance(raw_id.value, str) else "*"))
        return records

    def entries(self, folder: str, cls: type, kind: str, records: dict, changed: frozenset[str] | None) -> tuple:
        """The entries of ``folder``, in file-name order: all of them read when ``changed`` is
        None, else ``records`` (the previous ones, by slug) with just the changed files read again."""
        directory = self.root / folder
        if changed is None:
            names = sorted(path.name for path in directory.iterdir()) if directory.is_dir() else []
        else:
            names = sorted(path[len(folder) + 1:] for path in changed
                           if path.startswith(f"{folder}/") and path.count("/") == 1)
        for name in names:
            relative = f"{folder}/{name}"
            slug = name[:-3]
            records.pop(slug, None)
            self.file_errors.pop(relative, None)
            self.failed.discard((kind, slug))
            self.drafts.discard((kind, slug))
            path = directory / name
            if not name.endswith(".md") or name.startswith(".") or not path.is_file() or path.is_symlink() \
                    or directory.is_symlink():
                continue  # editor backups, notes and .DS_Store are not entries
            entry = self.filed_under(relative, lambda: self.entry_file(relative, cls, kind, slug))
            if entry is None:
                self.failed.add((kind, slug))
            elif entry.draft and not self.include_drafts:
                self.drafts.add((kind, slug))
            else:
                records[slug] = entry
        return tuple(sorted(records.values(), key=lambda record: record.slug + ".md"))  # as the folder lists them

    def entry_file(self, relative: str, cls: type, kind: str, slug: str):
        problem = slug_problem(slug)
        if problem:
            self.fail(relative, 0, f"file name {problem}",
                      "name it with lowercase letters, digits and single hyphens, e.g. si-cantik.md")
            return None
        if WINDOWS_RESERVED.fullmatch(slug):
            self.fail(relative, 0, f"file name '{slug}' is reserved on Windows", "choose another name")
            return None
        return self.entry(relative, cls, kind, slug)

    def entry(self, relative: str, cls: type, kind: str, slug: str):
        text = self.read(relative)
        if text is None:
            return None
        if not text.startswith("---\n"):
            self.fail(relative, 1, "file does not start with front matter",
                      "make the first line '---', then the fields, then a line '---'")
            return None
        closing = _CLOSING_FENCE.search(text, 4)
        if closing is None:
            self.fail(relative, 1, "front matter is not closed", "add a line '---' after the last field")
            return None
        node = self.yaml(relative, text[4:closing.start()], first_line=2)
        if node is None:
            return None
        if node.value is None:  # nothing but comments, or nothing: every required field is missing
            node = Node({}, 1)
        reader = Reader(self.shown(relative), self.errors, partial=True)  # its errors and its references at once
        origin = schema.Origin(reader.path, 1, MappingProxyType(reader.key_lines))
        record = reader.record(cls, node, extra={"slug": slug, "origin": origin})
        body_line = text.count("\n", 0, closing.end()) + 2
        body = self.render(text[closing.end() + 1:], relative, body_line, kind, slug)
        return None if record is None else dataclasses.replace(record, body=body)

    def render(self, text: str, relative: str, first_line: int, kind: str, slug: str) -> schema.Body:
        body, errors = self.markdown.render(text, path=self.shown(relative), first_line=first_line,
                                            own_kind=kind, own_slug=slug)
        self.errors.extend(errors)
        return body

    def files(self) -> dict[str, int]:
        """The files under files/, by path; a file that may not be published has its own errors."""
        directory = self.root / "files"
        if not directory.is_dir() or directory.is_symlink():
            return {}
        found = {}
        for folder, directories, names in os.walk(directory):
            directories[:] = [d for d in directories if not d.startswith(".")]
            for name in names:
                path = Path(folder, name)
                if name.startswith(".") or not path.is_file() or path.is_symlink():
                    continue
                relative = path.relative_to(self.root).as_posix()
                extension = name.rpartition(".")[2].lower() if "." in name else ""
                if extension not in PUBLISHED_FILE_TYPES:
                    self.file_errors[relative] = (ContentError(
                        self.shown(relative), 0, f"file type '{extension or name}' is not published",
                        "allowed: " + ", ".join(sorted(PUBLISHED_FILE_TYPES))),)
                elif not os.access(path, os.R_OK):
                    self.file_errors[relative] = (ContentError(self.shown(relative), 0, "file cannot be read",
                                                               "check its permissions"),)
                else:
                    found[path.relative_to(directory).as_posix()] = path.stat().st_size
        return dict(sorted(found.items()))
