"""The CMS's file formats (templates/admin/katalog-cms.js), run in node as the CMS runs them: what an
editor did not change keeps its bytes, what they changed is written as the loader reads it."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from cms import require_cms
from conftest import ROOT, real_content
from katalog.content.yamlnodes import parse
from katalog.tools.cms import plain

pytestmark = [pytest.mark.cms, pytest.mark.real_content]
CONFIG = ROOT / "templates" / "admin" / "config.yml"
DATA_FILES = {"agencies.yaml": "opd", "awards.yaml": "penghargaan", "indikator.yaml": "indikator",
              "iid.yaml": "iid", "site.yaml": "situs"}


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    """run(cases) -> [{"read", "written"}], each case {"collection", "text", "set"} (see tests/cms_format.mjs)."""
    cms = require_cms()
    folder = tmp_path_factory.mktemp("cms-format")
    shutil.copy(ROOT / "templates" / "admin" / "katalog-cms.js", folder)
    shutil.copy(cms / "js-yaml" / "dist" / "js-yaml.mjs", folder / "js-yaml.js")  # as the build copies it
    shutil.copy(ROOT / "tests" / "cms_format.mjs", folder)
    (folder / "package.json").write_text('{"type": "module"}', encoding="utf-8")

    def run(cases: list[dict]) -> list[dict]:
        done = subprocess.run(["node", str(folder / "cms_format.mjs")], input=json.dumps({
            "config": str(CONFIG), "cases": cases}), capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


def collection_of(path) -> str:
    relative = path.relative_to(real_content()).as_posix()
    return "inovasi" if relative.startswith("innovations/") else "halaman" if relative.startswith("pages/") \
        else DATA_FILES[relative]


def content_files():
    return sorted([*(real_content()).glob("*.yaml"), *(real_content() / "innovations").glob("*.md"),
                   *(real_content() / "pages").glob("*.md")])


def text_of(name: str) -> str:
    with open(real_content() / name, encoding="utf-8", newline="") as file:
        return file.read()


def test_every_content_file_read_and_written_unchanged_keeps_its_bytes(formats):
    files = content_files()
    assert len(files) > 45 and {path.name for path in files} >= set(DATA_FILES)
    texts = [path.read_bytes().decode("utf-8") for path in files]
    results = formats([{"collection": collection_of(path), "text": text} for path, text in zip(files, texts)])
    changed = [path.name for path, text, result in zip(files, texts, results) if result["written"] != text]
    assert changed == []


def test_a_changed_summary_changes_that_line_only_in_its_quotes_and_going_back_restores_the_bytes(formats):
    original = text_of("innovations/si-sakti.md")
    [read] = formats([{"collection": "inovasi", "text": original}])
    summary = read["read"]["summary"]
    [edited] = formats([{"collection": "inovasi", "text": original, "set": [[["summary"], summary + " Diperbarui."]]}])
    old_lines, new_lines = original.split("\n"), edited["written"].split("\n")
    assert [index for index, (old, new) in enumerate(zip(old_lines, new_lines)) if old != new] == [3]
    assert len(old_lines) == len(new_lines)
    assert new_lines[3] == "summary: " + json.dumps(summary + " Diperbarui.", ensure_ascii=False)  # still quoted
    [back] = formats([{"collection": "inovasi", "text": edited["written"], "set": [[["summary"], summary]]}])
    assert back["written"] == original


def test_what_the_cms_reads_keeps_dates_as_text_and_partial_dates_as_written(formats):
    [result] = formats([{"collection": "inovasi", "text": text_of("innovations/si-sakti.md")}])
    read = result["read"]
    assert read["implementation_date"] == "2020-01" and read["status"]["date"] == "2020"  # never a whole date
    assert read["updated"] == "2026-12-07" and read["year"] == 2020
    assert [source["publisher"] for source in read["sources"]] == ["Magelang Ekspres", "ANTARA Jateng"]
    assert read["body"].startswith("\nSi Sakti (\"Aksi Siap Antar Akta Kematian\")")


def test_new_fields_are_written_in_the_schema_s_order_with_the_kinds_the_loader_reads(formats):
    original = text_of("innovations/sipput.md")
    [result] = formats([{"collection": "inovasi", "text": original, "set": [
        [["year"], 2019], [["trial_date"], "2020"], [["implementation_date"], "2021-03-04"],
        [["tags"], ["yes", "2020", "pelayanan publik", "no: tidak", "#1", "~", "0293 123", "- a", " spasi"]],
        [["contact"], {"name": "", "unit": "", "phone": "0293 123456", "email": "", "address": ""}],
        [["sources", 1], {"publisher": "Radar Jogja", "title": "", "date": "2024-01-02", "url": "", "note": ""}],
        [["status"], {"state": "berjalan", "date": "2024-03", "source": {"publisher": "", "date": ""}}],
        [["updated"], "2026-12-08"], [["website"], ""], [["awards"], []]]}])
    front = result["written"].split("---\n")[1]
    assert front == (
        'title: SIPPUT\n'
        'agency: dlh\n'
        + original.split("\n")[3] + '\n'
        'year: 2019\n'
        'stage: penerapan\n'
        'trial_date: "2020"\n'
        'implementation_date: 2021-03-04\n'
        'tags:\n'
        '  - "yes"\n  - "2020"\n  - pelayanan publik\n  - "no: tidak"\n  - "#1"\n  - "~"\n  - "0293 123"\n'
        '  - "- a"\n  - " spasi"\n'
        'contact:\n'
        '  phone: "0293 123456"\n'
        'sources:\n'
        '  - publisher: ANTARA\n'
        '    date: 2022-05-26\n'
        '  - publisher: Radar Jogja\n'
        '    date: 2024-01-02\n'
        'status:\n'
        '  state: berjalan\n'
        '  date: "2024-03"\n'
        'updated: 2026-12-08\n')
    loaded = strict(front)
    assert loaded["tags"] == ["yes", "2020", "pelayanan publik", "no: tidak", "#1", "~", "0293 123", "- a", " spasi"]
    assert str(loaded["implementation_date"]) == "2021-03-04" and loaded["trial_date"] == "2020"


def strict(text: str):
    """``text`` read by the catalogue's own YAML reader, which refuses anchors, aliases, tags and
    duplicate keys, as plain values."""
    return plain(parse(text))


def test_a_data_file_that_is_a_list_keeps_its_comments_blank_lines_and_unchanged_items(formats):
    original = text_of("agencies.yaml")
    [read] = formats([{"collection": "opd", "text": original}])
    items = read["read"]["items"]
    assert isinstance(items, list) and items[0]["id"] == "dlh"
    [result] = formats([{"collection": "opd", "text": original, "set": [
        [["items", 1, "description"], "Baris satu.\n\nBaris dua.\n"],
        [["items", len(items)], {"id": "dinas-baru", "name": "Dinas Baru", "short": "DB", "kind": "opd",
                                 "former_names": [], "url": "", "parent": None}]]}])
    written = result["written"]
    old_item = original.split("\n- id: disdukcapil\n")[1].split("\n\n")[0]
    new_item = written.split("\n- id: disdukcapil\n")[1].split("\n\n- id: diskominsta")[0]
    assert new_item == "\n".join(line for line in old_item.split("\n") if not line.startswith("  description:")) \
        + "\n  description: |\n    Baris satu.\n\n    Baris dua."
    assert written.endswith(original.rstrip("\n").rsplit("\n- id: ", 1)[1] + "\n\n- id: dinas-baru\n  name: Dinas Baru\n"
                            "  short: DB\n  kind: opd\n")
    assert written.replace(new_item, old_item).startswith(original.rstrip("\n"))  # nothing else moved
    loaded = strict(written)
    assert loaded[1]["description"] == "Baris satu.\n\nBaris dua.\n" and loaded[-1]["id"] == "dinas-baru"


def test_keys_the_configuration_does_not_know_comments_and_list_order_are_kept(formats):
    original = ("---\n# Catatan untuk editor\ntitle: Contoh\nagency: dlh\ncatatan_internal: {asal: rapat, 'no': 3}\n"
                "summary: Lama.\nsources:\n  - publisher: A  # pertama\n  - publisher: B\n    date: 2020-01-02\n"
                "  - {publisher: C}\n---\n\nIsi.\n")
    [result] = formats([{"collection": "inovasi", "text": original, "set": [[["summary"], "Baru."]]}])
    assert result["read"]["catatan_internal"] == {"asal": "rapat", "no": 3}
    assert result["written"] == original.replace("summary: Lama.", "summary: Baru.")
    reordered = [{"publisher": "C"}, {"publisher": "A"}, {"publisher": "B", "date": "2020-01-02"}]
    [result] = formats([{"collection": "inovasi", "text": original, "set": [[["sources"], reordered]]}])
    assert result["written"].split("sources:\n")[1] == ("  - {publisher: C}\n  - publisher: A  # pertama\n"
                                                        "  - publisher: B\n    date: 2020-01-02\n---\n\nIsi.\n")
    [result] = formats([{"collection": "inovasi", "text": original, "set": [[["sources"], []]]}])
    assert "sources" not in result["written"] and "catatan_internal: {asal: rapat, 'no': 3}" in result["written"]


def test_a_byte_order_mark_and_windows_line_ends_stay(formats):
    original = "\ufeff---\r\ntitle: Contoh\r\nagency: dlh\r\nsummary: Lama.\r\n---\r\n\r\nIsi.\r\n"
    [result] = formats([{"collection": "inovasi", "text": original, "set": [[["summary"], "Baru."]]}])
    assert result["read"]["body"] == "\nIsi.\n"
    assert result["written"] == original.replace("Lama.", "Baru.")


def test_a_new_entry_is_written_whole_in_the_schema_s_order(formats):
    [result] = formats([{"collection": "inovasi", "text": None, "set": [
        [["body"], "## Latar Belakang\n\nTeks."], [["draft"], True], [["summary"], "Layanan baru: cepat."],
        [["agency"], "dinkes"], [["title"], "Layanan Baru"], [["partners"], ["dlh"]], [["year"], 2024],
        [["sources"], [{"publisher": "ANTARA", "date": "2024-05-01", "url": "https://example.org/a"}]],
        [["aliases"], []]]}])
    assert result["written"] == (
        '---\ntitle: Layanan Baru\nagency: dinkes\nsummary: "Layanan baru: cepat."\npartners:\n  - dlh\n'
        'year: 2024\nsources:\n  - publisher: ANTARA\n    date: 2024-05-01\n    url: https://example.org/a\n'
        'draft: true\n---\n\n## Latar Belakang\n\nTeks.\n')


def test_what_is_written_after_edits_to_every_file_is_accepted_by_build_py_check(formats, run, tmp_path):
    """Each file of the real catalogue with a text field changed (to text that must be quoted): the
    catalogue still checks, and every file has changed in that field alone."""
    content = tmp_path / "content"
    shutil.copytree(real_content(), content)
    files = content_files()
    cases = []
    for path in files:
        collection = collection_of(path)
        text = path.read_text(encoding="utf-8")
        key = {"inovasi": ["summary"], "halaman": ["title"], "iid": ["edition"], "situs": ["title"]}.get(
            collection, ["items", 0, "name"])
        value = yaml.safe_load(text.split("---\n")[1] if path.suffix == ".md" else text)
        current = value
        for part in key[1:] if key[0] == "items" else key:  # a list file is a list
            current = current[part]
        cases.append({"collection": collection, "text": text, "set": [[key, current + " #1"]]})  # quoted
    for path, result in zip(files, formats(cases)):
        (content / path.relative_to(real_content())).write_text(result["written"], encoding="utf-8", newline="")
    code, out, err = run("check", "--content", str(content), "--no-cache")
    assert (code, err) == (0, ""), err
    for path in files:
        old, new = path.read_text(encoding="utf-8").split("\n"), \
            (content / path.relative_to(real_content())).read_text(encoding="utf-8").split("\n")
        assert len(old) == len(new) and sum(a != b for a, b in zip(old, new)) == 1, path.name
