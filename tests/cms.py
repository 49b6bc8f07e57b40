"""The editors' CMS (Decap CMS, js-yaml, decap-server) as .ci/run installs it, for tests: skipped where it
is not installed, a failure where CI requires it (KATALOG_REQUIRE_CMS=1, set in .ci/run).

.ci/run installs it into the git-ignored .cache/cms/ (or KATALOG_CMS_DIR): npm pack of decap-cms and
js-yaml unpacked into cms/<name>/, and decap-server with its dependencies in cms/server/.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import lanes
from conftest import ROOT
from katalog.render.admin import DECAP_CMS, DECAP_SERVER, JS_YAML, installed_version

CMS_DIR = Path(os.environ.get("KATALOG_CMS_DIR", ROOT / ".cache" / "cms"))
SERVER = CMS_DIR / "server" / "node_modules" / DECAP_SERVER[0]


def _problem(server: bool) -> str | None:
    if shutil.which("node") is None:
        return "no node (apt-get install nodejs npm)"
    for name, version in (DECAP_CMS, JS_YAML):
        if installed_version(CMS_DIR, name) != version:
            return f"{name} {version} is not installed in {CMS_DIR} (.ci/run installs it)"
    if server and installed_version(SERVER.parent, DECAP_SERVER[0]) != DECAP_SERVER[1]:
        return f"decap-server {DECAP_SERVER[1]} is not installed in {SERVER.parent} (.ci/run installs it)"
    return None


def require_cms(server: bool = False) -> Path:
    """The folder the CMS is installed in, or a skip (a failure when KATALOG_REQUIRE_CMS is set)."""
    lanes.require("cms", "Decap CMS in Node.js")
    problem = _problem(server)
    if problem:
        if os.environ.get("KATALOG_REQUIRE_CMS"):
            pytest.fail(f"CMS tests required but {problem}")
        pytest.skip(problem)
    return CMS_DIR
