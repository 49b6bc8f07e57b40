"""/statistik/ and its open data: every chart, its table, its CSV and statistik.json carry the
same numbers, which are the catalogue's; charts of one value, of zeros and of 40 agencies draw well."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import build
from conftest import ROOT, tree_bytes
from bench import generate
from katalog.render import charts, statistics
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load
from sitecheck import broken_links, parse

EXAMPLE = ROOT / "tests" / "example" / "content"



def build_site(content: Path, out: Path) -> Path:
    assert build.main(["build", "--content", str(content), "--out", str(out), "--no-search", "--no-cache"]) == 0
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return build_site(EXAMPLE, tmp_path_factory.mktemp("example") / "site")


@pytest.fixture(scope="module")
def many_agencies(tmp_path_factory):
    """A generated catalogue of 100 entries and 40 agencies, a tenth of them with no year."""
    root = tmp_path_factory.mktemp("many")
    generate.generate(100, root / "content")
    for path in sorted((root / "content" / "innovations").glob("*.md"))[::10]:
        path.write_text(re.sub(r"(?m)^year: .*\n", "", path.read_text()))
    return root / "content", build_site(root / "content", root / "site")


class Charts(HTMLParser):
    """The figures of a page: per chart id, the values printed in its SVG, its bar count, its table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, dict] = {}
        self.current: dict | None = None
        self.reading: str | None = None
        self.ids: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if "style" in attributes:
            self.styles += 1
        if tag == "figure" and "chart" in attributes.get("class", "").split():
            self.current = {"values": [], "labels": [], "bars": 0, "table": [], "rows": [], "svg": None}
            self.figures[attributes["id"].removeprefix("Grafik-")] = self.current
        elif self.current is None:
            return
        elif tag == "svg":
            self.current["svg"] = attributes
        elif tag == "rect":
            self.current["bars"] += 1
        elif tag == "text":
            self.reading = attributes["class"]
            self.current["values" if self.reading == "chart-value" else "labels"].append("")
        elif tag == "th" and attributes.get("scope") == "row":
            self.reading = "row"
            self.current["rows"].append("")
        elif tag == "td" and "number" in attributes.get("class", ""):
            self.reading = "table"
            self.current["table"].append("")

    def handle_endtag(self, tag):
        if tag in ("text", "td", "th"):
            self.reading = None
        elif tag == "figure":
            self.current = None

    def handle_data(self, data):
        if self.current is None or self.reading is None:
            return
        key = {"chart-value": "values", "chart-label": "labels", "table": "table", "row": "rows"}[self.reading]
        self.current[key][-1] += data


def read_charts(path: Path) -> Charts:
    parser = Charts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def number(text: str) -> float:
    """An Indonesian figure (1.250 or 59,28) as a number."""
    return float(text.strip().replace(".", "").replace(",", "."))


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, like inovasi.csv
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def expected_figures(catalogue) -> dict[str, dict[str, float]]:
    """What the catalogue holds, counted here without statistics.py."""
    entries = catalogue.innovations
    found = {
        "opd": {agency.name: len(catalogue.by_agency.get(agency.id, ())) for agency in catalogue.agencies},
        "tahap": {stage.label: len(value) for stage, value in catalogue.by_stage.items()},
        "jenis": {kind.label: len(value) for kind, value in catalogue.by_type.items()},
        "sektor": {statistics.sector_label(key): len(value) for key, value in catalogue.by_sector.items()},
        "tahun": {str(year): len(value) for year, value in catalogue.by_year.items()},
        "penghargaan": {},
    }
    for key, index in (("tahap", catalogue.by_stage), ("jenis", catalogue.by_type), ("sektor", catalogue.by_sector),
                       ("tahun", catalogue.by_year)):
        unknown = len(entries) - sum(len(value) for value in index.values())
        if unknown:
            found[key][statistics.UNKNOWN] = unknown
    for award in catalogue.awards:
        label = f"{award.year} · {award.level.label}"
        found["penghargaan"][label] = found["penghargaan"].get(label, 0) + 1
    for name, records in catalogue.indicator_tables():
        found["indikator-" + statistics._slug(name)] = {str(record.year): record.value for record in records}
    return found


def test_example_charts_tables_csv_and_json_agree_with_the_catalogue(example):
    catalogue = build_catalogue(load(EXAMPLE, shown_as="content"))
    expected = expected_figures(catalogue)
    page = read_charts(example / "statistik" / "index.html")
    published = json.loads((example / "data" / "statistik.json").read_text(encoding="utf-8"))
    assert [figure["id"] for figure in published] == list(page.figures) == \
        ["opd", "tahap", "jenis", "sektor", "tahun", "penghargaan", "indikator-indeks-inovasi-daerah"]
    for record in published:
        figure = page.figures[record["id"]]
        rows = {row["label"]: row["nilai"] for row in record["baris"]}
        assert [number(value) for value in figure["values"]] == list(rows.values())  # no "lainnya" at 3 agencies
        assert [number(value) for value in figure["table"]] == list(rows.values())
        assert figure["rows"] == list(rows)
        assert figure["labels"] == list(rows)
        assert figure["bars"] == sum(1 for value in rows.values() if value)  # a zero draws no bar
        table = read_csv(example / "data" / "statistik" / f"{record['id']}.csv")
        assert table[0] == ["label", "nilai"]
        assert [(label, float(value)) for label, value in table[1:]] == [(k, float(v)) for k, v in rows.items()]
        # Each count the catalogue holds is there; rows it has none of are zero (a stage nobody is at, ...).
        for label, value in rows.items():
            assert value == expected[record["id"]].get(label, 0), (record["id"], label)
        assert set(expected[record["id"]]) <= set(rows)
    years = {row["label"]: row["nilai"] for row in published[4]["baris"]}
    assert years == {"2019": 1, statistics.UNKNOWN: 1}  # the minimal entry gives no year: counted, not dropped
    assert published[0]["keterangan"] == ("Perusahaan Air Minum Daerah dan Puskesmas Utara sama-sama mencatat "
                                          "inovasi terbanyak: masing-masing 1 dari 2.")
    assert published[6]["keterangan"] == ("Indeks Inovasi Daerah kota pada 2022: 61, naik 1,72 dari 59,28 "
                                          "pada 2021.")


def test_every_chart_is_labelled_and_its_ids_are_unique(example):
    path = example / "statistik" / "index.html"
    page = read_charts(path)
    assert len(page.ids) == len(set(page.ids))
    html = path.read_text(encoding="utf-8")
    for chart_id, figure in page.figures.items():
        svg = figure["svg"]
        assert svg["role"] == "img"
        assert svg["aria-labelledby"] == f"Grafik-{chart_id}-title Grafik-{chart_id}-desc"
        assert re.fullmatch(r"0 0 400 [0-9.]+", svg["viewbox"])
        assert f'<title id="Grafik-{chart_id}-title">' in html and f'<desc id="Grafik-{chart_id}-desc">' in html
        assert f'href="../data/statistik/{chart_id}.csv"' in html
    assert "<figcaption>" in html and "<details class=\"chart-table\">" in html


def test_no_style_attribute_anywhere(example, many_agencies):
    for site in (example, many_agencies[1]):
        for path in site.rglob("*.html"):
            assert read_charts(path).styles == 0, path


def test_the_pages_are_linked_and_their_links_resolve(example):
    assert broken_links(example) == []
    home = (example / "index.html").read_text(encoding="utf-8")
    assert 'href="statistik/index.html"' in home
    assert parse(example / "statistik" / "index.html").h1_count == 1
    data_page = (example / "data" / "index.html").read_text(encoding="utf-8")
    assert "statistik.json" in data_page and 'id="statistik"' in data_page


def test_forty_agencies_show_the_first_fifteen_and_the_rest_in_one_bar(many_agencies):
    content, site = many_agencies
    catalogue = build_catalogue(load(content, shown_as="content"))
    page = read_charts(site / "statistik" / "index.html")
    agencies = page.figures["opd"]
    assert len(agencies["labels"]) == statistics.AGENCY_BARS + 1 == len(agencies["values"])
    assert agencies["labels"][-1].endswith(statistics.OTHERS)
    table = [number(value) for value in agencies["table"]]
    assert len(table) == 40 == len(catalogue.agencies)  # the table lists every agency
    assert table == sorted(table, reverse=True)
    shown = [number(value) for value in agencies["values"]]
    assert shown[:-1] == table[:15] and shown[-1] == sum(table[15:])
    html = (site / "statistik" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="chart-break"') == 1  # the sum of the rest is cut short, not the scale of the others
    assert sum(table) == len(catalogue.innovations)
    years = page.figures["tahun"]
    assert years["labels"][-1] == statistics.UNKNOWN and number(years["values"][-1]) == 10
    for figure in page.figures.values():  # every bar has its printed value
        assert len(figure["values"]) == len(figure["labels"]) and all(value.strip() for value in figure["values"])
    assert len(page.ids) == len(set(page.ids))
    rows = read_csv(site / "data" / "statistik" / "opd.csv")
    assert len(rows) == 41 and [float(value) for _, value in rows[1:]] == table


def test_an_agency_page_shows_its_stages_and_years_from_two_innovations(many_agencies):
    content, site = many_agencies
    catalogue = build_catalogue(load(content, shown_as="content"))
    for agency in catalogue.agencies:
        count = len(catalogue.by_agency.get(agency.id, ()))
        page = read_charts(site / "opd" / agency.id / "index.html")
        assert list(page.figures) == (["tahap", "tahun"] if count >= 2 else []), agency.id
        for figure in page.figures.values():
            assert sum(number(value) for value in figure["values"]) == count
        assert len(page.ids) == len(set(page.ids))


def test_an_award_page_shows_its_programme_over_the_years(many_agencies):
    content, site = many_agencies
    catalogue = build_catalogue(load(content, shown_as="content"))
    award = catalogue.award_by_id["lomba-001"]  # Lomba Inovasi 1 of 2010, 2011 and 2012
    html = (site / "penghargaan" / award.id / "index.html").read_text(encoding="utf-8")
    table = html.partition('<table class="programme">')[2].partition("</table>")[0]
    same = sorted((other for other in catalogue.awards if other.name == award.name), key=lambda other: other.year)
    assert len(same) == 3
    found = re.findall(r'<th scope="row">(?:<span aria-current="page">|<a href="[^"]+">)(\d+)</(?:span|a)></th>'
                       r'<td></td><td class="number">(\d+)</td>', table)
    assert found == [(str(other.year), str(len(catalogue.by_award.get(other.id, ())))) for other in same]


def test_one_value_zeros_and_long_labels_draw_well():
    one = charts.bar_chart([("Satu-satunya", 7, "")])
    assert len(one.bars) == 1 and one.bars[0].width > 0 and one.bars[0].value_text == "7"
    assert one.bars[0].value_x + len("7") * charts.DIGIT_WIDTH * charts.FONT_SIZE <= one.width
    zeros = charts.bar_chart([("A", 0, ""), ("B", 0, "")])
    assert [(bar.width, bar.value_text, bar.value_x) for bar in zeros.bars] == [(0, "0", 0), (0, "0", 0)]
    assert zeros.height > 0
    empty = charts.bar_chart([])
    assert empty.bars == () and empty.height == 0
    long = charts.bar_chart([("Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Magelang " * 3, 1250.5,
                              ""), ("B", 3, "")])
    assert long.bars[0].value_text == "1.250,5" and len(long.bars[0].label_lines) == charts.MAX_LABEL_LINES
    assert long.bars[0].label_lines[-1].text.endswith("…")
    for bar in long.bars:  # nothing past the right edge, and bars below their labels
        assert bar.value_x + len(bar.value_text) * charts.DIGIT_WIDTH * charts.FONT_SIZE <= long.width
        assert all(len(line.text) * charts.CHAR_WIDTH * charts.FONT_SIZE <= long.width for line in bar.label_lines)
        assert bar.label_lines[-1].y < bar.y
    others = charts.bar_chart([("A", 10, ""), ("B", 5, ""), ("25 lainnya", 200, "other")])
    assert others.bars[0].width > 2 * others.bars[1].width > 0  # the first bars set the scale
    assert others.bars[2].width == others.bars[0].width and others.bars[2].broken and not others.bars[0].broken
    assert others.bars[2].value_text == "200"
    # Text is at least 12 px where the chart is narrowest (a 320 px screen).
    assert charts.FONT_SIZE * charts.NARROWEST_WIDTH / charts.VIEW_WIDTH >= charts.MIN_FONT_PX


def test_captions_state_ties_and_zero():
    rows = [statistics.Row("A", 2), statistics.Row("B", 2), statistics.Row("C", 1)]
    assert statistics._leader_caption(rows, 5, one="{} terbanyak: {} dari {}.", many="{} terbanyak: masing-masing "
                                      "{} dari {}.") == "A dan B terbanyak: masing-masing 2 dari 5."
    assert statistics._leader_caption(rows[:1], 2, one="{} terbanyak: {} dari {}.", many="") == "A terbanyak: 2 dari 2."
    assert statistics._leader_caption([], 0, one="", many="") == "Belum ada inovasi dalam katalog."
    assert statistics._join(["A", "B", "C"]) == "A, B, dan C"


def test_two_builds_are_byte_identical(tmp_path):
    first = tree_bytes(build_site(EXAMPLE, tmp_path / "one"))
    second = tree_bytes(build_site(EXAMPLE, tmp_path / "two"))
    assert first == second
    assert "statistik/index.html" in first and "data/statistik/opd.csv" in first
