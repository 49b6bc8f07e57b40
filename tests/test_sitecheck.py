"""The safety checker of tests/test_hostile.py must itself catch what it looks for."""
from __future__ import annotations

import json

import pytest

from sitecheck import unsafe_markup

CLEAN = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
         '<link rel="stylesheet" href="static/style.css"><link rel="icon" href="static/favicon.svg">'
         '<link rel="apple-touch-icon" href="static/favicon.png"><script src="static/search.js" defer></script>'
         '<script type="application/ld+json">{"name": "x"}</script></head><body>'
         '<a href="https://example.org/">x</a> <a href="mailto:a@example.org">y</a> <img src="files/a.png" alt="a">'
         '<form role="search" action="cari/index.html"><input name="q"></form>{}</body></html>')
UNSAFE = [
    "<script>alert(1)</script>",
    '<script src="https://evil.example/x.js"></script>',
    '<img src="x" onerror="alert(1)" alt="x">',
    '<img src="https://evil.example/x.png" alt="x">',
    '<img src="a.png" srcset="https://evil.example/x.png 1x" alt="x">',
    '<video poster="https://evil.example/x.png"></video>',
    '<table background="https://evil.example/x.png"></table>',
    '<a href="https://example.org/" ping="https://evil.example/track">x</a>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;ava&#x09;script:alert(1)">x</a>',
    '<a href=" vbscript:x">x</a>',
    '<iframe src="x.html"></iframe>',
    '<object data="x"></object>',
    '<base href="https://evil.example/">',
    "<style>body{}</style>",
    '<p style="color:red">x</p>',
    '<svg><circle r="1"></circle></svg>',
    '<svg><rect/><foreignObject><p>x</p></foreignObject></svg>',
    '<svg><a href="x"><text>x</text></a></svg>',
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><rect style="fill:red"/></svg>',
    '<form action="https://evil.example/"></form>',
    '<meta http-equiv="refresh" content="0; url=\'https://evil.example/\'">',
    '<meta http-equiv="refresh" content="0; URL= https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<link rel="icon" href="https://evil.example/x.svg">',
    '<link rel="apple-touch-icon" href="//evil.example/x.png">',
    '<link rel="preload" href="x.js">',
    '<script type="application/ld+json">{"name": </script>',
]


def site(tmp_path, body: str):
    (tmp_path / "data").mkdir(parents=True)
    (tmp_path / "data/inovasi.json").write_text(json.dumps([]))
    (tmp_path / "index.html").write_text(CLEAN.replace("{}", body), encoding="utf-8")
    return tmp_path


def test_a_clean_page_passes(tmp_path):
    assert unsafe_markup(site(tmp_path, "<p>Teks <b>tebal</b></p>")) == []
    chart = ('<svg role="img" viewBox="0 0 4 4"><title>t</title><desc>d</desc><rect class="a" x="0" y="0" '
             'width="1" height="1"/><path d="M0 0Z"/><text><tspan x="0" y="1">x</tspan></text></svg><p>after</p>')
    assert unsafe_markup(site(tmp_path / "chart", chart)) == []  # the charts' inline SVG


@pytest.mark.parametrize("markup", UNSAFE)
def test_each_unsafe_thing_is_found(tmp_path, markup):
    assert len(unsafe_markup(site(tmp_path, markup))) >= 1
