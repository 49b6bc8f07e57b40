"""The Indeks Inovasi Daerah's definitions (iid.yaml) and each entry's evidence, checked.

iid.yaml is data that Bappeda edits when Kemendagri changes the profile or the
indicators: nothing here names an indicator. Its own checks (unique ids, a profile
field read from a field or a section) and every entry's evidence against it (a known
indicator, one of its levels, a document that exists and is of a kind it accepts)
give errors at their lines, with the catalogue's other errors.
"""
from __future__ import annotations

from typing import Mapping

from . import schema
from ..errors import ContentError
from .records import suggestion

# The file types each kind of document may be, under content/files/ (a video is an address: files/ holds none).
FILE_TYPES = {schema.EvidenceKind.PDF: frozenset({"pdf"}),
              schema.EvidenceKind.FOTO: frozenset({"jpg", "jpeg", "png", "webp", "gif", "avif"}),
              schema.EvidenceKind.VIDEO: frozenset()}


def check_definitions(iid: schema.Iid, errors: list[ContentError]) -> None:
    def fail(key: str, message: str, hint: str = "") -> None:
        errors.append(ContentError(iid.origin.path, iid.origin.line_of(key), message, hint))

    fields = [field.name for field in schema.editable_fields(schema.Innovation)]
    for name, items in (("profile", iid.profile), ("indicators", iid.indicators)):
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                fail(f"{name}.{index}.id", f"{name}: duplicate id '{item.id}' (first as item {seen[item.id] + 1})",
                     "give each item its own id")
            seen.setdefault(item.id, index)
    for index, item in enumerate(iid.profile):
        where = f"profile.{index}"
        if (item.field is None) == (item.section is None):
            fail(where, f"{where}: '{item.id}' needs either field or section", "write field: stage, or section: "
                 "Tujuan (the body heading it is read from)")
        elif item.field is not None and item.field not in fields:
            fail(f"{where}.field", f"{where}.field: '{item.field}' is not a field of an innovation",
                 suggestion(item.field, fields) or "use a field of innovations/<slug>.md, e.g. stage")
        if item.min_words is not None and item.section is None:
            fail(f"{where}.min_words", f"{where}.min_words: only a section has words to count",
                 "remove min_words, or read the item from a section")
    for index, indicator in enumerate(iid.indicators):
        levels = [level.id for level in indicator.levels]
        for number, level in enumerate(levels):
            if level in levels[:number]:
                fail(f"indicators.{index}.levels.{number}", f"indicators.{index}.levels: '{level}' is listed twice",
                     "give each level its own id")


def check_evidence(entry: schema.Innovation, iid: schema.Iid | None, files: Mapping[str, int],
                   failed: frozenset, errors: list[ContentError]) -> None:
    """Each evidence item of ``entry`` against the definitions (skipped when iid.yaml could not be read)."""
    def fail(key: str, message: str, hint: str = "") -> None:
        errors.append(ContentError(entry.origin.path, entry.origin.line_of(key), message, hint))

    if not entry.evidence or ("iid", "*") in failed:
        return
    if iid is None:
        fail("evidence", "evidence: there is no content/iid.yaml to name the indicators",
             "add content/iid.yaml (see the editors' guide), or remove the evidence")
        return
    indicators = {indicator.id: indicator for indicator in iid.indicators}
    for index, item in enumerate(entry.evidence):
        where = f"evidence.{index}"
        indicator = indicators.get(item.indicator)
        if indicator is None:
            fail(f"{where}.indicator", f"evidence: unknown indicator '{item.indicator}'",
                 suggestion(item.indicator, indicators) or "use an indicator id from iid.yaml")
        if item.file is None and item.url is None and item.source is None:
            fail(where, f"{where}: no document", "give the file (under content/files/), its url, or its source")
        if item.file is not None and item.file not in files:
            fail(f"{where}.file", f"evidence: file 'files/{item.file}' does not exist",
                 suggestion(item.file, files) or "put the file under content/files/")
        if indicator is None:
            continue  # its level and kind wait for a known indicator
        levels = [level.id for level in indicator.levels]
        if item.level is not None and item.level not in levels:
            fail(f"{where}.level", f"evidence: indicator '{indicator.id}' has no level '{item.level}'",
                 suggestion(item.level, levels) or ("use one of: " + ", ".join(levels) if levels
                                                    else "remove level: iid.yaml gives this indicator no levels"))
        kind = item.file.rpartition(".")[2].lower() if item.file else None
        if kind and indicator.accepts and not any(kind in FILE_TYPES[accepted] for accepted in indicator.accepts):
            accepted = ", ".join(accepted.value for accepted in indicator.accepts)
            fail(f"{where}.file", f"evidence: '{indicator.id}' accepts {accepted}, not a .{kind} file",
                 "give a document of that kind, or its url (a video as its address)")
