"""The engine's layers import downward only: a test reads every module's imports.

    bottom   errors, urls, outputs, workers, ci_log   import nothing else of the package
    content  reading content                  imports the bottom layer only
    render   planning and rendering pages     imports content and the bottom layer
    engine   ordering a build's steps, cache, writing, search
    tools    what editors and CI call (dev server, new, report, forms...)
    cli      the command line
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "katalog"
LAYERS = {"errors": 0, "urls": 0, "outputs": 0, "workers": 0, "ci_log": 0, "content": 1, "render": 2, "engine": 3,
          "tools": 4, "cli": 5}
NAMES = {0: "bottom", 1: "content", 2: "render", 3: "engine", 4: "tools", 5: "cli"}


def imported_modules(module: str, source: str) -> set[str]:
    """The katalog modules (dotted names) that ``source``, the module ``module``, imports."""
    package = module.split(".")[:-1] if not module.endswith("__init__") else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "katalog"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "katalog":
                continue
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # `from .. import urls` names a module
    return found


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def violations(sources: dict[str, str]) -> list[str]:
    """Every import of a higher layer, as "module (layer) imports module (layer)"."""
    found = []
    for module, source in sorted(sources.items()):
        own = layer(module)
        assert own is not None, f"{module} is in no layer: add its package to LAYERS"
        for imported in sorted(imported_modules(module, source)):
            theirs = layer(imported)
            if theirs is not None and theirs > own:
                found.append(f"{module} ({NAMES[own]}) imports {imported} ({NAMES[theirs]})")
    return found


def package_sources() -> dict[str, str]:
    return {".".join(path.relative_to(ROOT).with_suffix("").parts): path.read_text(encoding="utf-8")
            for path in sorted(PACKAGE.rglob("*.py")) if path.name != "__init__.py"}


def test_every_layer_imports_downward_only():
    sources = package_sources()
    assert len(sources) > 30
    assert violations(sources) == []


def test_an_upward_import_is_found():
    """The test's own negative case: content importing render, relatively or not, is reported."""
    sources = {
        "katalog.content.markup": "from ..render import urls_of_pages\nfrom .schema import Body\n",
        "katalog.content.load": "import katalog.engine.write\nfrom .. import workers\n",
        "katalog.urls": "from .content import schema\n",
        "katalog.render.pages": "from ..content import schema\nfrom .. import urls\n",
    }
    assert violations(sources) == [
        "katalog.content.load (content) imports katalog.engine.write (engine)",
        "katalog.content.markup (content) imports katalog.render (render)",
        "katalog.content.markup (content) imports katalog.render.urls_of_pages (render)",
        "katalog.urls (bottom) imports katalog.content (content)",
        "katalog.urls (bottom) imports katalog.content.schema (content)",
    ]


def test_every_package_and_module_has_a_layer():
    tops = {path.relative_to(PACKAGE).parts[0].removesuffix(".py") for path in PACKAGE.iterdir()
            if path.name != "__init__.py" and not path.name.startswith((".", "__pycache__"))}
    assert tops == set(LAYERS)
