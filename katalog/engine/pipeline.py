"""The stages of a build in order: load, check, plan, render; nothing is written here.

``render_all`` runs the stages for the whole site. ``update`` is given the files that
changed since the last good build (the dev server's saves, or what the cache found):
it reads only those files, plans only the groups of pages the change affects
(render/dependencies.py) and renders only the pages that differ. A failed update
raises BuildFailed and keeps the last good state, which the build cache saves and
gives back through ``restore``.
"""
from __future__ import annotations

import collections
import dataclasses
import io
from pathlib import Path
from typing import Iterable, Iterator

from . import precompress
from ..render import feeds, search_names
from ..content.catalogue import Catalogue, build_catalogue, with_entries_replaced
from ..render.dependencies import affected_groups, change_between, unchanged
from ..errors import BuildFailed, ContentError
from ..content.load import Content, load, reload
from .progress import Progress
from ..render.kinds import groups, plan_group
from ..render.pages import Group, Page, refuse_duplicate_urls
from ..outputs import CopiedFile, OutputFile
from ..render.admin import admin_files
from ..render.templates import (content_files, environment, render_pages, static_assets,
                     static_files, templates_used_by)
from .. import urls
from ..urls import output_path


class Outputs:
    """The files an update or a whole build rendered, handed over once: a whole site's are some
    2 GB at 100,000 entries, so the writer takes them one by one and nothing keeps them after."""

    def __init__(self, files: Iterable[OutputFile]):
        self._files = collections.deque(files)

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[OutputFile]:
        """Each file, still held (tests and the dev server read them)."""
        return iter(self._files)

    def drain(self) -> Iterator[OutputFile]:
        """Each file, let go of as it is given."""
        while self._files:
            yield self._files.popleft()


@dataclasses.dataclass(frozen=True)
class Rendered:
    """What a whole build or an update rendered, ready to write."""

    catalogue: Catalogue
    outputs: Outputs  # every file of a build; of an update, those it rendered again
    copies: tuple[CopiedFile, ...]  # likewise
    notes: tuple[str, ...] = ()  # things the person building should know; not errors
    deleted: tuple[str, ...] = ()  # paths an update no longer makes
    pages_rendered: int = 0
    complete: bool = True  # every file of the site (else an update's changes)


@dataclasses.dataclass(frozen=True)
class State:
    """The last good build: what the next update starts from, and what the build cache keeps."""

    content: Content
    catalogue: Catalogue
    pages: dict[Group, list[Page]]
    paths: frozenset[str]  # every file the build made
    listings: tuple[OutputFile, ...]  # robots.txt, feed and sitemap
    notes: tuple[str, ...]
    assets: dict[str, str]  # templates/static/ files by name, and where they are published
    memo: dict  # kept from build to build: each entry's open-data text, the search page's names file


class Pipeline:
    def __init__(self, *, content: Path, content_shown_as: str, templates: Path, include_drafts: bool = False,
                 base_url: str | None = None, source_date_epoch: int | None = None, search: bool = True,
                 precompress: bool = False, jobs: int = 1, progress: Progress | None = None, cms: Path | None = None):
        self.root, self.shown_as, self.templates = content, content_shown_as, templates
        self.cms = cms  # where the CMS of /admin/ was installed (--cms), or None: no /admin/
        self._jobs = jobs  # processes for reading and rendering a whole site
        self.progress = progress or Progress(io.StringIO())  # silent unless given one
        self.include_drafts, self.base_url, self.search = include_drafts, base_url, search
        self.source_date_epoch = source_date_epoch
        self.precompress = precompress  # or site.yaml's precompress: true
        self.env = environment(templates)  # kept: templates compile once, and again only when edited
        self._state: State | None = None
        # Changes not yet built: a failed update keeps them, so its files are read again next time.
        self.pending_content: set[str] = set()
        self.pending_templates: set[str] = set()
        self.pending_tree = False

    @property
    def state(self) -> State | None:
        """The last good build, or None before the first."""
        return self._state

    def restore(self, state: State) -> None:
        """Start from ``state``, a good build's (the build cache keeps it): the next update is on top of it."""
        self._state = state

    def forget(self) -> None:
        """Drop the last build (its writing failed): the next update builds everything."""
        self._state = None

    def unbuilt(self) -> dict[str, frozenset[str]]:
        """The files saved since the last good build and not yet in it (an update failed), by root."""
        return {"content": frozenset(self.pending_content), "templates": frozenset(self.pending_templates)}

    def one_process(self) -> None:
        """Read and render in this process from now on (the dev server's threads are running: no forking)."""
        self._jobs = 1

    def render_all(self) -> Rendered:
        """The whole site."""
        progress = self.progress
        entries = self.root / "innovations"
        progress.start("reading", sum(1 for _ in entries.iterdir()) if entries.is_dir() else 0)
        try:
            content = self._with_base_url(load(self.root, shown_as=self.shown_as, include_drafts=self.include_drafts,
                                               jobs=self._jobs, on_read=progress.advance))
        finally:
            progress.finish()  # an error message must not follow the bar on its line
        catalogue = build_catalogue(content)
        pages = {group: plan_group(catalogue, group) for group in groups(catalogue)}
        every_page = [page for group_pages in pages.values() for page in group_pages]
        refuse_duplicate_urls(every_page)
        assets = static_assets(self.templates)
        progress.start("rendering", len(every_page))
        try:
            outputs = render_pages(sorted(every_page, key=lambda page: page.url), catalogue=catalogue,
                                   templates=self.templates, assets=assets, search=self.search, env=self.env,
                                   jobs=self._jobs, on_done=progress.advance)
        finally:
            progress.finish()
        listings, notes = self._listings(catalogue, every_page)
        memo = self._state.memo if self._state else {}
        outputs += feeds.open_data(catalogue, memo) + [search_names.output(catalogue, memo)] + list(listings)
        copies = static_files(self.templates, assets) + content_files(catalogue, self.root) \
            + admin_files(self.templates, self.cms)
        paths = [output.path for output in outputs] + [copy.path for copy in copies]
        _refuse_path_conflicts(paths)
        if self.compresses(catalogue):
            twins = precompress.compressed_outputs(outputs, copies, taken=frozenset(paths))
            outputs += twins
            paths += [twin.path for twin in twins]
        self._state = State(content, catalogue, pages, frozenset(paths), listings, notes, assets, memo)
        return Rendered(catalogue=catalogue, outputs=Outputs(outputs), copies=tuple(copies), notes=notes,
                        pages_rendered=len(every_page))

    def update(self, *, content_changed: Iterable[str] = (), templates_changed: Iterable[str] = (),
               tree_changed: bool = False) -> Rendered:
        """What changed since the last good build, given the files (relative to the content
        and templates folders) that were saved, added or deleted since then."""
        self.pending_content |= set(content_changed)
        self.pending_templates |= set(templates_changed)
        self.pending_tree |= tree_changed
        if self._state is None or self._whole_folder_changed():
            return self._render_all_again()
        old = self._state
        content, catalogue = self._reload(old)
        if self.compresses(catalogue) != self.compresses(old.catalogue):
            return self._render_all_again()  # precompress turned on or off in site.yaml: every file gains or loses its twin
        change = change_between(old.catalogue, catalogue, innovations=_slugs(self.pending_content, "innovations"),
                                pages=_slugs(self.pending_content, "pages"))
        affected = affected_groups(old.catalogue, catalogue, change)
        if self.pending_templates:
            self.env.cache.clear()  # Jinja notices edits by mtime, which some disks keep to the second
        page_templates = {page.template for pages in old.pages.values() for page in pages}
        forced = self._templates_to_render(page_templates)
        assets = static_assets(self.templates) if self._static_changed() else old.assets
        if any(assets.get(name) != published for name, published in old.assets.items()):
            forced = page_templates  # pages link to assets by their names, which changed (a new one is not linked yet)
        pages = dict(old.pages)
        to_render = []
        for group in affected:
            planned = plan_group(catalogue, group)
            pages[group] = planned
            before = {page.url: page for page in old.pages.get(group, ())}
            to_render += [page for page in planned if change.everything or page.template in forced
                          or not unchanged(page, before.get(page.url))]
        if forced:
            to_render += [page for group, group_pages in pages.items() if group not in affected
                          for page in group_pages if page.template in forced]
        pages = {group: group_pages for group, group_pages in pages.items() if group_pages}
        outputs = self._render(sorted(to_render, key=lambda page: page.url), catalogue, assets)
        names = search_names.output(catalogue, old.memo)  # named after its content: a changed name, a new file
        outputs += feeds.open_data(catalogue, old.memo) + [names]
        copies = static_files(self.templates, assets) + content_files(catalogue, self.root) \
            + admin_files(self.templates, self.cms)
        # The same addresses as before: no new duplicates or conflicts, and the same files.
        same_files = _same_addresses(old.pages, pages, affected) and old.catalogue.files == catalogue.files \
            and not (change.everything or self.pending_tree or self.pending_templates)
        listings, notes = self._listings_after(old, catalogue, pages, affected, change, same_files)
        if same_files:
            paths = frozenset(_uncompressed(old.paths))
        else:
            every_page = [page for group_pages in pages.values() for page in group_pages]
            paths = frozenset({output_path(page.url) for page in every_page} | {output.path for output in outputs}
                              | {output.path for output in listings} | {copy.path for copy in copies})
            refuse_duplicate_urls(every_page)  # an alias may now take a page's address
            if not paths <= old.paths:  # new addresses: no file may be needed as a folder
                _refuse_path_conflicts(sorted(paths))
        paths = search_names.replacing(paths, names)
        changed_sources = {path for path in self.pending_templates | self.pending_content  # copied as they are
                           if path.startswith(("static/", "files/", "admin/"))}
        copies = [copy for copy in copies if copy.path not in old.paths or copy.path in changed_sources]
        rewritten = [*outputs, *(listing for listing in listings if listing not in old.listings)]
        if self.compresses(catalogue):
            twins = precompress.compressed_outputs(rewritten, copies, taken=paths)
            outputs += twins
            paths = _with_twins(paths, old.paths, rewritten=[*rewritten, *copies], twins=twins)
        self._state = State(content, catalogue, pages, paths, listings, notes, assets, old.memo)
        self.pending_content, self.pending_templates, self.pending_tree = set(), set(), False
        return Rendered(catalogue=catalogue, outputs=Outputs((*outputs, *listings)),
                        copies=tuple(copies), notes=notes, deleted=tuple(sorted(old.paths - paths)),
                        pages_rendered=len(to_render), complete=False)

    def _reload(self, old: State) -> tuple[Content, Catalogue]:
        """The content with the pending files read again, and its catalogue."""
        if not (self.pending_content or self.pending_tree):
            return old.content, old.catalogue
        content = self._with_base_url(reload(old.content, self.pending_content, shown_as=self.shown_as,
                                             include_drafts=self.include_drafts, tree_changed=self.pending_tree))
        entries = _slugs(self.pending_content, "innovations")
        if not self.pending_tree and self.pending_content == {f"innovations/{slug}.md" for slug in entries}:
            catalogue = with_entries_replaced(old.catalogue, previous=old.content, content=content, slugs=entries)
            if catalogue is not None:
                return content, catalogue
        return content, build_catalogue(content)

    def _listings(self, catalogue: Catalogue, pages: list[Page]) -> tuple[tuple[OutputFile, ...], tuple[str, ...]]:
        files, notes = feeds.listings(catalogue, pages, source_date_epoch=self.source_date_epoch)
        return tuple(files), tuple(notes)

    def _listings_after(self, old: State, catalogue: Catalogue, pages: dict[Group, list[Page]], affected: set[Group],
                        change, same_files: bool) -> tuple[tuple[OutputFile, ...], tuple[str, ...]]:
        """robots.txt, feed and sitemap after an update: those of the last build while what
        they list is as it was (an edited text or title leaves the sitemap alone, and the
        feed unless it shows the entry), else made again."""
        if not same_files or any(_sitemap_rows(old.pages.get(group, ())) != _sitemap_rows(pages.get(group, ()))
                                 for group in affected):
            return self._listings(catalogue, [page for group_pages in pages.values() for page in group_pages])
        if feeds.feed_unchanged(old.catalogue, catalogue, change.innovations):
            return old.listings, old.notes
        feed = OutputFile(urls.FEED, feeds.atom(catalogue, source_date_epoch=self.source_date_epoch))
        return tuple(feed if listing.path == feed.path else listing for listing in old.listings), old.notes

    def _whole_folder_changed(self) -> bool:
        """Whether a change names a folder (moved, deleted or made in one step): the files
        in it are not named one by one, so everything is read again."""
        old_files = self._state.content.files if self._state else {}
        return any(
            (root / path).is_dir() or "/" not in path and path in ("innovations", "pages", "files", "static", "partials", "admin")
            or root is self.root and path.startswith("files/") and any(name.startswith(path[6:] + "/") for name in old_files)
            for root, paths in ((self.root, self.pending_content), (self.templates, self.pending_templates))
            for path in paths)

    def _render_all_again(self) -> Rendered:
        """The whole site, as a complete site to write in place of the old."""
        self.env.cache.clear()
        rendered = self.render_all()
        self.pending_content, self.pending_templates, self.pending_tree = set(), set(), False
        return rendered

    def _with_base_url(self, content: Content) -> Content:
        if self.base_url is None:
            return content
        return dataclasses.replace(content, settings=dataclasses.replace(content.settings, base_url=self.base_url))

    def _render(self, pages: list[Page], catalogue: Catalogue, assets: dict[str, str]) -> list[OutputFile]:
        return render_pages(pages, catalogue=catalogue, templates=self.templates, assets=assets, search=self.search,
                            env=self.env)

    def compresses(self, catalogue: Catalogue) -> bool:
        """Whether the site gets .gz twins of its text files (--precompress or site.yaml)."""
        return self.precompress or catalogue.settings.precompress

    def _static_changed(self) -> bool:
        return self.pending_tree or any(name.startswith("static/") for name in self.pending_templates)

    def _templates_to_render(self, page_templates: set[str]) -> set[str]:
        """The page templates that use a template edited since the last build."""
        edited = {name for name in self.pending_templates if not name.startswith("static/")}
        if not edited:
            return set()
        forced = set()
        for name in page_templates:
            try:
                used = templates_used_by(self.env, name)
            except Exception:  # a template that no longer loads: rendering will report it
                used = {"*"}
            if "*" in used or used & edited:
                forced.add(name)
        return forced


def _same_addresses(old: dict[Group, list[Page]], new: dict[Group, list[Page]], groups: set[Group]) -> bool:
    return all([page.url for page in old.get(group, ())] == [page.url for page in new.get(group, ())]
               for group in groups)


def _sitemap_rows(pages: list[Page]) -> list[tuple]:
    return [(page.url, page.modified) for page in pages if page.listed]


def _slugs(paths: set[str], folder: str) -> set[str]:
    return {path[len(folder) + 1:-3] for path in paths if path.startswith(f"{folder}/") and path.endswith(".md")}


def _uncompressed(paths: Iterable[str]) -> set[str]:
    return {path for path in paths if not path.endswith(".gz")}


def _with_twins(paths: frozenset[str], old_paths: frozenset[str], *, rewritten, twins) -> frozenset[str]:
    """The site's paths with their ``.gz`` twins: the new ones, and the old ones of files
    that were not written again (a file written again that shrank below the limit loses its twin)."""
    again = {file.path for file in rewritten}
    kept = {path for path in old_paths if path.endswith(".gz") and path[:-3] in paths and path[:-3] not in again}
    return frozenset(_uncompressed(paths) | kept | {twin.path for twin in twins})


def _refuse_path_conflicts(paths: list[str]) -> None:
    """A file may not also be needed as a folder (e.g. an alias under a copied file)."""
    files = set(paths)
    conflicts = sorted({path for path in paths for parent in _parents(path) if parent in files})
    if conflicts:
        raise BuildFailed([ContentError("content", 0, f"output '{path}' needs a folder where a file already is",
                                        "remove the alias or rename the file") for path in conflicts])


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
