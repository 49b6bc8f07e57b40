"""Templates: autoescape everywhere, and template errors that name the template and line."""
import shutil

from conftest import ROOT
from katalog.catalogue import build_catalogue
from katalog.errors import BuildFailed
from katalog.load import load
from katalog.pages import plan
from katalog.render import render_pages, static_assets


def render(root, templates):
    catalogue = build_catalogue(load(root / "content", shown_as="content"))
    return {out.path: out.data.decode() for out in render_pages(plan(catalogue), catalogue=catalogue,
                                                                 templates=templates,
                                                                 assets=static_assets(templates))}


def test_content_is_escaped_and_jinja_in_content_is_text(site_dir):
    site_dir({"innovations/sipput.md": '---\ntitle: "<script>alert(1)</script> {{ 7*7 }}"\nagency: dlh\n'
                                       'summary: "\\" onmouseover=\\"alert(1)"\n---\n{% raw %}{{ 7*7 }}\n'})
    html = render(site_dir.root, ROOT / "templates")["inovasi/sipput/index.html"]
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert 'content="&#34; onmouseover=&#34;alert(1)"' in html
    assert "{% raw %}{{ 7*7 }}" in html and "49" not in html


def test_template_errors_name_template_line_and_page(site_dir, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "404.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }}\n'
                                        '{% endblock %}\n')
    try:
        render(site_dir.root, templates)
    except BuildFailed as failed:
        assert [str(error) for error in failed.errors] == [
            "templates/404.html:3: template error: 'nothing' is undefined (while rendering /404.html)"]
    else:
        raise AssertionError("a broken template must fail the build")


def test_one_template_fault_is_one_error(site_dir, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "agency.html").write_text("{% if %}\n")
    try:
        render(site_dir.root, templates)
    except BuildFailed as failed:
        assert [str(error) for error in failed.errors] == [
            "templates/agency.html:1: template syntax: Expected an expression, got 'end of statement block' "
            "(while rendering /opd/dinkes/ and 1 more pages)"]
    else:
        raise AssertionError("a broken template must fail the build")
