"""Records -> Catalogue: stable order, lookups, and every cross-reference checked."""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from types import MappingProxyType
from typing import Iterable, Mapping, TypeVar

from . import evidence, schema
from .. import urls
from ..errors import BuildFailed, ContentError
from .load import Content
from .records import suggestion
from .text import shown

IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif"})

T = TypeVar("T")

# The fields of an innovation the catalogue's indexes and order are made from: an edit that
# changes none of them swaps the entry into the indexes in place (with_entries_replaced).
INDEXED_FIELDS = ("title", "agency", "partners", "awards", "sector", "year", "stage", "type", "form", "tags", "status")


@dataclasses.dataclass(frozen=True)
class Catalogue:
    """The whole checked catalogue; every tuple is in display order."""

    settings: schema.Settings  # site.yaml
    agencies: tuple[schema.Agency, ...]
    awards: tuple[schema.Award, ...]
    indicators: tuple[schema.Indicator, ...]  # by name, then year
    iid: schema.Iid | None  # the Indeks Inovasi Daerah's definitions (iid.yaml), if any
    innovations: tuple[schema.Innovation, ...]
    pages: tuple[schema.Page, ...]
    files: Mapping[str, int]  # size in bytes by path under content/files/
    agency_by_id: Mapping[str, schema.Agency]
    award_by_id: Mapping[str, schema.Award]
    innovation_by_slug: Mapping[str, schema.Innovation]
    page_by_slug: Mapping[str, schema.Page]
    by_agency: Mapping[str, tuple[schema.Innovation, ...]]
    by_partner: Mapping[str, tuple[schema.Innovation, ...]]
    by_award: Mapping[str, tuple[schema.Innovation, ...]]
    by_sector: Mapping[str, tuple[schema.Innovation, ...]]
    by_year: Mapping[int, tuple[schema.Innovation, ...]]
    by_stage: Mapping[schema.Stage, tuple[schema.Innovation, ...]]
    by_type: Mapping[schema.InnovationType, tuple[schema.Innovation, ...]]
    by_form: Mapping[schema.Form, tuple[schema.Innovation, ...]]
    by_tag: Mapping[str, tuple[schema.Innovation, ...]]
    by_status: Mapping[schema.Running, tuple[schema.Innovation, ...]]
    units_of: Mapping[str, tuple[schema.Agency, ...]]

    def programmes(self) -> list[tuple[str, tuple[schema.Award, ...]]]:
        """Awards grouped by name, each group newest first."""
        groups: dict[str, list[schema.Award]] = defaultdict(list)
        for award in self.awards:
            groups[award.name].append(award)
        return [(name, tuple(groups[name])) for name in sorted(groups, key=str.casefold)]

    def indicator_tables(self) -> list[tuple[str, tuple[schema.Indicator, ...]]]:
        """The yearly figures grouped by name, each group oldest year first."""
        groups: dict[str, list[schema.Indicator]] = defaultdict(list)
        for indicator in self.indicators:
            groups[indicator.name].append(indicator)
        return [(name, tuple(records)) for name, records in groups.items()]  # already in name order

    def replications(self) -> list[tuple[schema.Innovation, schema.Replication]]:
        """Every replication of every innovation, newest first; undated ones last."""
        found = [(entry, replication) for entry in self.innovations for replication in entry.replications]
        dated = sorted((pair for pair in found if pair[1].date), key=lambda pair: pair[1].date, reverse=True)
        return dated + [pair for pair in found if not pair[1].date]  # sorted() is stable: catalogue order kept


def build_catalogue(content: Content) -> Catalogue:
    """Check every reference between records and index them.

    Raises BuildFailed with the loader's errors and these checks' together.
    """
    errors: list[ContentError] = list(content.errors)
    failed = content.failed
    agencies = _unique(content.agencies, "id", errors)
    awards = _unique(content.awards, "id", errors)
    indicators = _unique(content.indicators, "id", errors)
    innovations = {entry.slug: entry for entry in content.innovations}
    pages = {page.slug: page for page in content.pages}
    files = content.files
    for agency in agencies.values():
        _check_agency(agency, agencies, failed, errors)
    if content.iid is not None:
        evidence.check_definitions(content.iid, errors)
    for entry in innovations.values():
        _check_innovation(entry, agencies, awards, files, failed, errors)
        evidence.check_evidence(entry, content.iid, files, failed, errors)
    for page in pages.values():
        if page.slug in urls.RESERVED_PAGE_SLUGS:
            errors.append(ContentError(page.origin.path, 0, f"page name '{page.slug}' is used by the catalogue "
                                       "itself", "rename the file"))
    for record in (*agencies.values(), *awards.values(), *innovations.values(), *pages.values()):
        _check_links(record, innovations, pages, files, failed | content.drafts, content.drafts, errors)
    if errors:
        raise BuildFailed(errors)

    ordered = sorted(innovations.values(), key=_order)
    return Catalogue(
        settings=content.settings,
        agencies=tuple(sorted(agencies.values(), key=lambda a: (a.name.casefold(), a.id))),
        awards=tuple(sorted(awards.values(), key=lambda a: (a.name.casefold(), -a.year, a.id))),
        indicators=tuple(sorted(indicators.values(), key=lambda i: (i.name.casefold(), i.name, i.year, i.id))),
        iid=content.iid,
        innovations=tuple(ordered),
        pages=tuple(sorted(pages.values(), key=lambda page: page.slug)),
        files=content.files,
        agency_by_id=MappingProxyType(agencies),
        award_by_id=MappingProxyType(awards),
        innovation_by_slug=MappingProxyType(innovations),
        page_by_slug=MappingProxyType(pages),
        **_innovation_indexes(ordered),
        units_of=_index(sorted(agencies.values(), key=lambda a: (a.name.casefold(), a.id)),
                        lambda agency: [agency.parent] if agency.parent else []),
    )


def with_entries_replaced(catalogue: Catalogue, *, previous: Content, content: Content,
                          slugs: set[str]) -> Catalogue | None:
    """``catalogue`` (built from ``previous``) with the innovations at ``slugs`` taken from
    ``content``, when nothing but what only their own pages show changed; None when a
    full build_catalogue is needed.

    This is the dev server's common case (an editor edits the text of one entry): it
    checks the entries it replaces and swaps them into the indexes, instead of checking
    and indexing the whole catalogue again.
    """
    if content.file_errors or (content.settings, content.agencies, content.awards, content.indicators, content.iid,
                               content.pages, content.files) != (previous.settings, previous.agencies, previous.awards,
                                                                 previous.indicators, previous.iid, previous.pages,
                                                                 previous.files) \
            or len(content.innovations) != len(previous.innovations) or content.drafts != previous.drafts:
        return None
    new_by_slug = {entry.slug: entry for entry in content.innovations if entry.slug in slugs}
    indexed_changed = False
    for slug in slugs:
        before, after = catalogue.innovation_by_slug.get(slug), new_by_slug.get(slug)
        if before is None or after is None or before.aliases != after.aliases \
                or [heading.id for heading in before.body.headings] != [heading.id for heading in after.body.headings]:
            return None  # links to it may break: check everything
        indexed_changed = indexed_changed or any(getattr(before, name) != getattr(after, name) for name in INDEXED_FIELDS)
    innovations = {**catalogue.innovation_by_slug, **new_by_slug}
    errors: list[ContentError] = []
    for entry in new_by_slug.values():
        _check_innovation(entry, catalogue.agency_by_id, catalogue.award_by_id, catalogue.files, content.failed, errors)
        evidence.check_evidence(entry, catalogue.iid, catalogue.files, content.failed, errors)
        _check_links(entry, innovations, catalogue.page_by_slug, catalogue.files, content.failed | content.drafts,
                     content.drafts, errors)
    if errors:
        return None  # the full build reports them with everything else
    if indexed_changed:
        # It may move in lists or change lists (a title, an agency, a year...): the indexes are made
        # again from the catalogue's order, re-sorted (nearly sorted already: one pass), without
        # checking every other record again, since links to the entry cannot have changed.
        ordered = sorted((new_by_slug.get(entry.slug, entry) for entry in catalogue.innovations), key=_order)
        return dataclasses.replace(catalogue, innovations=tuple(ordered),
                                   innovation_by_slug=MappingProxyType({**catalogue.innovation_by_slug, **new_by_slug}),
                                   **_innovation_indexes(ordered))

    def swapped(records: tuple) -> tuple:
        return tuple(new_by_slug.get(record.slug, record) for record in records)

    def swapped_in(index: Mapping, keys: Iterable) -> Mapping:
        keys = set(keys) & index.keys()
        return MappingProxyType({key: swapped(records) if key in keys else records for key, records in index.items()})

    entries = list(new_by_slug.values())
    return dataclasses.replace(
        catalogue, innovations=swapped(catalogue.innovations), innovation_by_slug=MappingProxyType(innovations),
        by_agency=swapped_in(catalogue.by_agency, [entry.agency for entry in entries]),
        by_partner=swapped_in(catalogue.by_partner, [key for entry in entries for key in entry.partners]),
        by_award=swapped_in(catalogue.by_award, [key for entry in entries for key in entry.awards]),
        by_sector=swapped_in(catalogue.by_sector, [entry.sector for entry in entries]),
        by_year=swapped_in(catalogue.by_year, [entry.year for entry in entries]),
        by_stage=swapped_in(catalogue.by_stage, [entry.stage for entry in entries]),
        by_type=swapped_in(catalogue.by_type, [entry.type for entry in entries]),
        by_form=swapped_in(catalogue.by_form, [entry.form for entry in entries]),
        by_tag=swapped_in(catalogue.by_tag, [key for entry in entries for key in entry.tags]),
        by_status=swapped_in(catalogue.by_status, [entry.status.state for entry in entries if entry.status]),
    )


def _order(entry: schema.Innovation) -> tuple[str, str]:
    """The catalogue's order of innovations (see pages._order)."""
    return entry.title.casefold(), entry.slug


def _innovation_indexes(ordered: list[schema.Innovation]) -> dict[str, Mapping]:
    """Every by_* index of the innovations, in one pass (serve rebuilds the catalogue on
    every save, so this runs often); each list keeps the catalogue's order."""
    by_agency, by_partner, by_award, by_sector, by_year, by_stage, by_type, by_form, by_tag, by_status = (
        defaultdict(list) for _ in range(10))
    for entry in ordered:
        by_agency[entry.agency].append(entry)
        if entry.sector is not None:
            by_sector[entry.sector].append(entry)
        if entry.year is not None:
            by_year[entry.year].append(entry)
        if entry.stage is not None:
            by_stage[entry.stage].append(entry)
        if entry.type is not None:
            by_type[entry.type].append(entry)
        if entry.form is not None:
            by_form[entry.form].append(entry)
        if entry.status is not None:
            by_status[entry.status.state].append(entry)
        for index, keys in ((by_partner, entry.partners), (by_award, entry.awards), (by_tag, entry.tags)):
            for key in dict.fromkeys(keys) if len(keys) > 1 else keys:  # an entry once per list
                index[key].append(entry)
    found = {"by_agency": by_agency, "by_partner": by_partner, "by_award": by_award, "by_sector": by_sector,
             "by_year": by_year, "by_stage": by_stage, "by_type": by_type, "by_form": by_form, "by_tag": by_tag,
             "by_status": by_status}
    return {name: MappingProxyType({key: tuple(index[key]) for key in sorted(index, key=_sort_key)})
            for name, index in found.items()}


def _index(records: Iterable[T], keys_of) -> Mapping:
    index: dict = defaultdict(list)
    for record in records:
        for key in dict.fromkeys(keys_of(record)):
            index[key].append(record)
    return MappingProxyType({key: tuple(index[key]) for key in sorted(index, key=_sort_key)})


def _sort_key(key) -> tuple:
    return (0, key) if isinstance(key, (int, str)) else (1, key.value)


def _unique(records, key: str, errors: list[ContentError]) -> dict:
    by_key: dict = {}
    for record in records:
        value = getattr(record, key)
        if value in by_key:
            first = by_key[value].origin.line
            errors.append(ContentError(record.origin.path, record.origin.line_of(key),
                                       f"{key}: duplicate id '{shown(str(value))}' (first on line {first})",
                                       "give each item its own id"))
        else:
            by_key[value] = record
    return by_key


def _exists(kind: str, key: str, records: Mapping, failed: frozenset) -> bool:
    """Whether ``key`` names a record, counting those that failed to load (already reported)."""
    return key in records or (kind, key) in failed or (kind, "*") in failed


def _unknown(record, field: str, value: str, known: Mapping, what: str, hint: str) -> ContentError:
    return ContentError(record.origin.path, record.origin.line_of(field),
                        f"{field.partition('.')[0]}: unknown {what} '{shown(value)}'",
                        suggestion(value, known) or hint)


def _check_agency(agency: schema.Agency, agencies: Mapping, failed: frozenset, errors: list[ContentError]) -> None:
    if agency.parent is None:
        return
    if not _exists("agency", agency.parent, agencies, failed) or agency.parent == agency.id:
        errors.append(_unknown(agency, "parent", agency.parent, agencies, "agency",
                               "use the id of another item of agencies.yaml"))
    elif agency.parent in agencies and agencies[agency.parent].kind is schema.AgencyKind.UPT:
        errors.append(ContentError(agency.origin.path, agency.origin.line_of("parent"),
                                   f"parent: '{shown(agency.parent)}' is itself a unit", "use the id of the OPD above it"))
    elif agency.kind is not schema.AgencyKind.UPT:
        errors.append(ContentError(agency.origin.path, agency.origin.line_of("parent"),
                                   "parent: only a unit (kind: upt) has a parent agency", "add 'kind: upt'"))


def _check_innovation(entry, agencies, awards, files, failed, errors: list[ContentError]) -> None:
    agency_hint = "use an id from agencies.yaml"
    if entry.agency and not _exists("agency", entry.agency, agencies, failed):  # empty: wrong, reported already
        errors.append(_unknown(entry, "agency", entry.agency, agencies, "agency", agency_hint))
    for index, partner in enumerate(entry.partners):
        if not _exists("agency", partner, agencies, failed):
            errors.append(_unknown(entry, f"partners.{index}", partner, agencies, "agency", agency_hint))
        elif partner == entry.agency:
            errors.append(ContentError(entry.origin.path, entry.origin.line_of(f"partners.{index}"),
                                       f"partners: '{shown(partner)}' is already the lead agency", "remove it"))
    for field in ("partners", "awards"):
        values = getattr(entry, field)
        for index, value in enumerate(values):
            if value in values[:index]:
                errors.append(ContentError(entry.origin.path, entry.origin.line_of(f"{field}.{index}"),
                                           f"{field}: '{shown(value)}' is listed twice", "remove one"))
    for index, award in enumerate(entry.awards):
        if not _exists("award", award, awards, failed):
            errors.append(_unknown(entry, f"awards.{index}", award, awards, "award", "use an id from awards.yaml"))
    for index, alias in enumerate(entry.aliases):
        if alias.partition("/")[0].casefold() in urls.GENERATED_FOLDERS or alias.casefold() in urls.GENERATED_FILES:
            errors.append(ContentError(entry.origin.path, entry.origin.line_of(f"aliases.{index}"),
                                       f"aliases: '/{shown(alias)}' is an address the catalogue uses for its own files",
                                       "give the old address of a page, e.g. /inovasi/nama-lama/"))
    if entry.image and entry.image.rpartition(".")[2].lower() not in IMAGE_TYPES:
        errors.append(ContentError(entry.origin.path, entry.origin.line_of("image"),
                                   f"image: '{shown(entry.image)}' is not an image",
                                   "use a " + ", ".join(sorted(IMAGE_TYPES)) + " file"))
    named_files = [(f"documents.{i}.file", document.file) for i, document in enumerate(entry.documents)]
    if entry.image:
        named_files.append(("image", entry.image))
    for field, path in named_files:
        if path not in files:
            errors.append(ContentError(entry.origin.path, entry.origin.line_of(field),
                                       f"{field.split('.')[0]}: file 'files/{shown(path)}' does not exist",
                                       suggestion(path, files) or "put the file under content/files/"))


def _check_links(record, innovations: Mapping, pages: Mapping, files: Mapping, failed: frozenset,
                 drafts: frozenset, errors: list[ContentError]) -> None:
    for link in record.body.links:
        if link.kind == "file":
            if link.slug not in files:
                errors.append(ContentError(record.origin.path, link.line, f"link to missing file 'files/{shown(link.slug)}'",
                                           suggestion(link.slug, files) or "put the file under content/files/"))
            continue
        if link.kind not in ("innovation", "page"):  # a section of an agency's own description
            _check_fragment(record, record, link, "", errors)
            continue
        targets = innovations if link.kind == "innovation" else pages
        folder = "innovations" if link.kind == "innovation" else "pages"
        target = targets.get(link.slug)
        if (link.kind, link.slug) in failed:
            if (link.kind, link.slug) in drafts:
                errors.append(ContentError(record.origin.path, link.line, f"link to '{folder}/{shown(link.slug)}.md', "
                                           "which is a draft", "publish it (remove draft: true) or build with --drafts"))
            continue  # otherwise its own errors are reported
        if target is None:
            close = suggestion(link.slug, targets)
            errors.append(ContentError(record.origin.path, link.line,
                                       f"link to missing file '{folder}/{shown(link.slug)}.md'",
                                       close.replace("'?", ".md'?") if close else "check the file name"))
        else:
            _check_fragment(record, target, link, f"{link.slug}.md", errors)


def _check_fragment(record, target, link, target_name: str, errors: list[ContentError]) -> None:
    if not link.fragment or any(heading.id == link.fragment for heading in target.body.headings):
        return
    ids = [heading.id for heading in target.body.headings]
    errors.append(ContentError(record.origin.path, link.line, f"link to '{shown(target_name)}#{shown(link.fragment)}': no such heading",
                               suggestion(link.fragment, ids) or
                               ("headings there: " + ", ".join(ids) if ids else "that page has no headings")))
