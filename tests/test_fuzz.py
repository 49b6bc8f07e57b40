"""Property-based tests of the loader: whatever a content file holds, loading it gives
records or content errors (each naming the file, a line in it and what is wrong),
never a traceback.

Each example writes one file into a small content tree made once per module and
reads just that file again with load.reload(): the whole per-file path (bytes,
UTF-8, front matter, YAML, records, Markdown) without building a site.
"""
from __future__ import annotations

import datetime
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from katalog.content import schema
from katalog.errors import ContentError
from katalog.content.load import load, reload
from katalog.content.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, SAFE_SCHEMES

from conftest import MINIMAL_SITE, write_tree

pytestmark = pytest.mark.fuzz

ENTRY = "innovations/x.md"
VALID = {"title": "SIPPUT", "agency": "dlh", "summary": "Layanan sampah."}
VALID_FRONT = b"---\ntitle: SIPPUT\nagency: dlh\nsummary: Layanan sampah.\n---\n"
KINDS = {"agencies.yaml": "agency", "awards.yaml": "award", "indikator.yaml": "indicator", "site.yaml": "settings"}


def fuzz(examples: int) -> settings:
    """The same counts locally and in CI: 11,000 examples in all, about 30 s on two cores.
    No deadline: the first examples pay for warming up, and the loader's own time limit
    is what bounds a slow file."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Tree:
    """The loaded content tree, with a short repr for Hypothesis's failure reports."""

    def __init__(self, content):
        self.content, self.root = content, content.root

    def __repr__(self) -> str:
        return f"Tree({self.root})"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A valid content tree, loaded once; examples overwrite one file and reload just it.
    In memory where there is a tmpfs: writing to disk would cost as much as the loading."""
    memory = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=memory if memory.is_dir() else tmp_path_factory.getbasetemp()) as folder:
        root = write_tree(Path(folder) / "content", MINIMAL_SITE)
        yield Tree(load(root, shown_as="content", include_drafts=True))


def load_file(tree, relative: str, data: bytes):
    """The content with ``relative`` holding ``data``, and that file's errors, checked."""
    (tree.root / relative).write_bytes(data)
    content = reload(tree.content, [relative], shown_as="content", include_drafts=True, tree_changed=False)
    errors = content.file_errors.get(relative, ())
    last_line = data.count(b"\n") + 1
    for error in errors:
        assert isinstance(error, ContentError)
        assert error.path == f"content/{relative}"
        # Every file here is small enough to read, so each error points at a line in it.
        assert 1 <= error.line <= last_line, str(error)
        assert error.message.strip(), str(error)
    return content, errors


def check_entry(tree, data: bytes):
    """An innovation file loads as the entry 'x' or is refused with errors."""
    content, errors = load_file(tree, ENTRY, data)
    loaded = [entry for entry in content.innovations if entry.slug == "x"]
    assert loaded or errors, "entry neither loaded nor refused"
    event("entry loaded" if loaded else "entry refused")  # shown by --hypothesis-show-statistics
    assert ("innovation", "x") in content.failed or loaded
    for entry in loaded:
        assert entry.origin.path == f"content/{ENTRY}"
        assert entry.title.strip() or errors  # an empty title only in a partial record, given with its errors
        assert_safe(entry.body.html)
    return loaded, errors


def check_data_file(tree, relative: str, data: bytes):
    """A data file gives its records, or errors that say why some or all did not load."""
    content, errors = load_file(tree, relative, data)
    if relative == "site.yaml":
        assert isinstance(content.settings, schema.Settings)
        return [content.settings], errors
    records = {"agencies.yaml": content.agencies, "awards.yaml": content.awards,
               "indikator.yaml": content.indicators}[relative]
    if not errors:
        assert (KINDS[relative], "*") not in content.failed
    for record in records:
        assert record.origin.path == f"content/{relative}" and record.id
    event(f"{len(records)} records" if records else "no records")
    for record in (*content.agencies, *content.awards) if relative != "indikator.yaml" else ():
        assert_safe(record.body.html)
    return records, errors


class _Tags(HTMLParser):
    """Every start tag of a piece of HTML, with its attributes (character references decoded)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


_SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def assert_safe(html: str) -> None:
    """Rendered Markdown keeps to the allow-list: no script, no event handlers, no unsafe URLs."""
    for tag, attributes in _Tags(html).tags:
        assert tag in ALLOWED_TAGS, html
        for name, value in attributes:
            assert name in ALLOWED_ATTRIBUTES.get(tag, ()), html
            scheme = _SCHEME.match(value or "") if name in ("href", "src") else None
            assert scheme is None or scheme.group(1).lower() in SAFE_SCHEMES, html


def utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8, as in a broken file


# --- bytes ------------------------------------------------------------------------------

# Pieces that matter to the decoder, the fences and YAML, so that random bytes reach past
# the first check more often than uniform noise would.
BYTE_PIECES = [
    b"---\n", b"---", b"...\n", b"\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80",
    b"\xe2\x80\xae", b"\xe2\x80\x8b", b"\xc2\x85", b"\xe2\x80\xa8", b"\t", b"  ", b"- ", b": ", b"title: X\n",
    b"agency: dlh\n", b"summary: S\n", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!", b"<<", b"=", b"#", b"|",
    b"'", b'"', b"\\", b"%YAML 1.1\n", b"## H\n", b"[l](x.md)", b"<", b">", "é".encode(),
]
byte_soup = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(st.sampled_from(BYTE_PIECES), st.binary(max_size=3)), max_size=30).map(b"".join),
)


@fuzz(3000)
@given(data=byte_soup)
def test_any_bytes_as_an_innovation(tree, data):
    check_entry(tree, data)


@fuzz(1500)
@given(data=byte_soup)
def test_any_bytes_after_the_front_matter_starts(tree, data):
    check_entry(tree, b"---\n" + data)


@fuzz(1500)
@given(relative=st.sampled_from(sorted(KINDS)), data=byte_soup)
def test_any_bytes_as_a_data_file(tree, relative, data):
    check_data_file(tree, relative, data)


# --- YAML structures --------------------------------------------------------------------

class BigInt(str):
    """Digits the dumper writes as a plain number: too many for Python's int() and str()."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(BigInt, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:int", value))


def field_names(*classes) -> list[str]:
    return sorted({f.name for cls in classes for f in schema.editable_fields(cls)})


def fields_of(cls, **known):
    """``known`` with some of ``cls``'s fields added or replaced by values of any type; the
    fields with an extra check (slug, url, year, file...) come up more often."""
    checked = sorted(f.name for f in schema.editable_fields(cls) if f.metadata["check"])
    names = st.one_of(st.sampled_from(field_names(cls)), st.sampled_from(checked))
    extras = st.one_of(st.dictionaries(names, st.one_of(values, addresses), max_size=4),
                       st.dictionaries(names, plausible, max_size=3))
    return extras.map(lambda extra: {**known, **extra})


FIELD_NAMES = field_names(schema.Innovation, schema.Contact, schema.Source, schema.Document, schema.Agency,
                          schema.Award, schema.Settings, schema.Replication, schema.Indicator)
# Characters an editor cannot see or that content may not hold, mixed into ordinary text.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ODD_CHARACTERS = "\x00\x01\x08\x0b\x0c\r\x1b\x7f\x85\x9f\u00a0\u200b\u200e\u200f\u2028\u2029\u202a\u202e" \
                 "\u2066\u2069\ufeff\ufdd0\ufffe\uffff\ud800\udfff\t\n"
URL_PIECES = [
    "http:", "https:", "//", "[", "]", "::1", "example.org", "/", "x.md", "sipput.md", "../", "pages/", "tentang.md",
    "files/", "a.pdf", "#", "bagian", "javascript:", "data:", "mailto:", "?q=1", "%2e", "%00", " ", '"t"', "<", ">",
]
addresses = st.one_of(
    st.lists(st.sampled_from(URL_PIECES), max_size=5).map("".join),
    # scheme://host/rest with odd hosts: brackets, ports, user info, escapes
    st.builds("{}//{}{}".format, st.sampled_from(["http:", "https:", "", "javascript:", "mailto:", "ftp:"]),
              st.text("ab.:[]@%1 ", max_size=8), st.sampled_from(["", "/", "/x.md", "#f", "?q=1", "/a b"])),
)
# Text the loader accepts: no controls, surrogates, unassigned code points or bidi controls.
plain_texts = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn"), exclude_characters=BIDI), max_size=20)
texts = st.one_of(plain_texts, st.text(st.one_of(st.characters(), st.sampled_from(ODD_CHARACTERS)), max_size=20))
big_ints = st.builds(lambda first, count, sign: BigInt(sign + first + "0" * count),
                     st.sampled_from("123456789"), st.integers(1000, 6000), st.sampled_from(["", "-"]))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), big_ints, st.floats(), st.dates(), st.datetimes(),
    texts, addresses, st.sampled_from(["dlh", "uji-coba", "no", "2020-01-01", "a@b.id", "../x", "/inovasi/x/"]),
    st.binary(max_size=8),  # dumped as !!binary
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), texts, st.integers(), st.none(), st.booleans())
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=3)), max_leaves=6)
# Values of about the right type, so that some changed records still load.
plausible = st.one_of(plain_texts, st.integers(1890, 2110), st.dates(), st.booleans(),
                      st.lists(plain_texts, max_size=3),
                      st.sampled_from(["dlh", "kesehatan", "uji-coba", "digital", "https://example.org/", "a.pdf", "2020-13",
                     "2020-01", "lainnya", "studi-tiru"]))
dump_styles = st.sampled_from([False, True, None])


def dumped(data, flow_style, allow_unicode) -> str:
    return yaml.dump(data, Dumper=_Dumper, default_flow_style=flow_style, allow_unicode=allow_unicode,
                     sort_keys=False)


# Valid fields with some replaced or added, so that many examples get as far as the records.
front_matters = st.one_of(
    fields_of(schema.Innovation, **VALID),
    st.dictionaries(keys, values, max_size=6),
    values,
)


@fuzz(1500)
@given(front=front_matters, flow_style=dump_styles, allow_unicode=st.booleans())
def test_yaml_structures_as_front_matter(tree, front, flow_style, allow_unicode):
    loaded, errors = check_entry(tree, b"---\n" + utf8(dumped(front, flow_style, allow_unicode)) + b"---\nTeks.\n")
    if not errors:  # then it was a valid entry, and it is the one that loaded
        assert loaded[0].title == front["title"].strip() and loaded[0].agency == front["agency"]


def data_file(relative: str, item):
    """A data file's name and a list of items (valid ones with fields changed, or anything), or anything."""
    items = st.one_of(item, st.dictionaries(keys, values, max_size=4), values)
    return st.tuples(st.just(relative), st.one_of(st.lists(items, max_size=4), values))


data_files = st.one_of(
    data_file("agencies.yaml", fields_of(schema.Agency, id="x", name="N", short="S")),
    data_file("awards.yaml", fields_of(schema.Award, id="x", name="N", year=2019, giver="G")),
    data_file("indikator.yaml", fields_of(schema.Indicator, id="x", name="N", year=2019, value=59.28,
                                          sources=[{"publisher": "P"}])),
    st.tuples(st.just("site.yaml"), st.one_of(fields_of(schema.Settings), values)),
)


@fuzz(1000)
@given(file=data_files, flow_style=dump_styles, allow_unicode=st.booleans())
def test_yaml_structures_as_data_files(tree, file, flow_style, allow_unicode):
    relative, data = file
    records, errors = check_data_file(tree, relative, utf8(dumped(data, flow_style, allow_unicode)))
    if not errors and relative != "site.yaml":  # a valid list: one record per item
        assert [record.id for record in records] == [item["id"].strip() for item in data]


# Text that no dumper writes: tags, anchors, aliases, merge keys, tabs, directives, deep nesting.
YAML_PIECES = [
    "title: X\n", "agency: dlh\n", "summary: S\n", "year: 2020-01-01\n", "stage: no\n", "year: 0x7e4\n",
    "year: 1:20\n", "updated: 2020-02-30\n", "year: 1e999\n", "year: .nan\n", "draft: ~\n", "tags: []\n",
    "year: " + "9" * 5000 + "\n", "a: !!python/object:os.system x\n", "a: !!python/object/apply:os.system [id]\n",
    "b: !!binary aGk=\n", "c: !custom x\n", "d: ! x\n", "e: &a 1\n", "f: *a\n", "<<: {x: 1}\n", "<<: *a\n",
    "g: <<\n", "h: =\n", "? complex\n: key\n", "? [a]\n: b\n", "%YAML 1.1\n", "%TAG !e! tag:e.com:\n",
    "---\n", "...\n", '"\\ud800"', '"\\x01"', '"\\u202e"', "'it''s'", "|\n", ">-\n", "  ", "\t", "\n", "- ",
    ": ", "[", "]", "{", "}", ",", "#", "contact:\n  email: x\n", "sources:\n  - publisher: P\n",
]
deep = st.one_of(
    st.integers(1, 300).map(lambda n: "a: " + "[" * n + "]" * n + "\n"),
    st.integers(1, 300).map(lambda n: "a: " + "{b: " * n + "1" + "}" * n + "\n"),
    st.integers(1, 60).map(lambda n: "".join("  " * i + "a:\n" for i in range(n))),
    st.integers(1, 60).map(lambda n: "".join("  " * i + "- \n" for i in range(n))),
)
yaml_texts = st.lists(st.one_of(st.sampled_from(YAML_PIECES), deep, texts), max_size=12).map("".join)


@fuzz(1500)
@given(text=yaml_texts, closed=st.booleans())
def test_yaml_text_as_front_matter(tree, text, closed):
    check_entry(tree, utf8("---\n" + text + ("\n---\nTeks.\n" if closed else "")))


@fuzz(500)
@given(relative=st.sampled_from(sorted(KINDS)), text=yaml_texts)
def test_yaml_text_as_a_data_file(tree, relative, text):
    check_data_file(tree, relative, utf8(text))


# --- Markdown bodies --------------------------------------------------------------------

MARKDOWN_PIECES = [
    "[", "]", "(", ")", "![", "](", "[x](", "[]", "<", ">", "> ", "- ", "* ", "1. ", "   ", "    ", "\n", "\n\n",
    "# ", "## ", "### ", "###### ", "=\n", "-\n", "`", "```\n", "*", "_", "|", "| a | b |\n|---|:-:|\n", "---\n",
    "teks", "sipput.md", "x.md", "../pages/tentang.md#bagian", "../files/a.pdf", "#frag", "/inovasi/",
    "http://example.org/", "http://[::1", "http://[x", "mailto:a@b.id", "tel:+62", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "&amp;", "&#0;", "&#x6A;", "\\",
    "<script>alert(1)</script>", "<a href='javascript:alert(1)'>x</a>", "<img src=x onerror=alert(1)>",
    "<div>", "</div>", "<b>", "</b>", "<h1>", "<!--", "-->", "<iframe src=x>", "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>", "[[[[", "<<<<", "\u200b", "\u2028", "é", "\t",
]
nested = st.one_of(
    st.integers(1, 60).map(lambda n: "".join("  " * i + "- x\n" for i in range(n))),
    st.integers(1, 100).map(lambda n: "> " * n + "x\n"),
    st.integers(1, 30).map(lambda n: "".join("   " * i + "1. x\n" for i in range(n))),
)
links = st.builds(lambda image, text, address: f"{'!' if image else ''}[{text}]({address})", st.booleans(),
                  st.one_of(st.sampled_from(["", "x", "[y]", "`c`", "<b>z</b>", "![i](a.png)"]), plain_texts),
                  addresses)
markdown_texts = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), nested, links, plain_texts),
                          max_size=40).map("".join)


@fuzz(1000)
@given(body=markdown_texts)
def test_markdown_bodies(tree, body):
    loaded, errors = check_entry(tree, VALID_FRONT + utf8(body))
    # Valid front matter always gives the entry, whatever errors its body has.
    assert loaded


def test_front_matter_dates_stay_dates(tree):
    """The structures above reach the records: a valid date loads as a date."""
    front = dumped({**VALID, "updated": datetime.date(2024, 1, 2)}, False, True)
    content, errors = load_file(tree, ENTRY, b"---\n" + utf8(front) + b"---\n")
    assert not errors and [entry.updated for entry in content.innovations if entry.slug == "x"] == [
        datetime.date(2024, 1, 2)]
