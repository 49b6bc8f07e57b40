"""/admin/: the editors' form-based editor (Decap CMS), copied into the site by a build with ``--cms DIR``.

The CMS is not committed: ``.ci/run`` (and a publishing job that turns /admin/ on, docs/cms.md)
installs it from the npm registry at the versions below into a git-ignored folder (``.cache/cms``), with ``npm pack``:
the package's own files, checked against the registry's hash, and none of its dependencies (its
``dist/`` is one bundle). A build with ``--cms`` copies into ``admin/`` the page and its files
from ``templates/admin/`` (``index.html``, the generated ``config.yml``, ``katalog-cms.js``,
``katalog-init.js``), Decap's bundle with the chunks it loads on demand and their licence, and
js-yaml's module (as js-yaml.js), which ``katalog-cms.js`` reads the catalogue's files with. A build without
``--cms`` has no ``admin/`` at all; the address stays reserved (urls.ADMIN).
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import urls
from ..errors import UsageError
from ..outputs import CopiedFile

DECAP_CMS = ("decap-cms", "3.16.3")
JS_YAML = ("js-yaml", "4.1.0")
DECAP_SERVER = ("decap-server", "3.11.3")  # the local backend, for editing a checkout and for the tests
INSTALL = ("npm pack decap-cms@{0} js-yaml@{1}, each unpacked into DIR/<name>/ "
           "(docs/cms.md; .ci/run does it)")


def installed_version(cms: Path, name: str) -> str | None:
    try:
        return json.loads((cms / name / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None


def check_installed(cms: Path) -> None:
    """UsageError unless ``cms`` holds the pinned Decap CMS and js-yaml."""
    for name, version in (DECAP_CMS, JS_YAML):
        found = installed_version(cms, name)
        if found != version:
            what = f"version {found}" if found else "nothing"
            raise UsageError(f"--cms {cms}: {name} {version} is needed and {cms}/{name}/ holds {what}; install "
                             + INSTALL.format(DECAP_CMS[1], JS_YAML[1]))


def admin_files(templates: Path, cms: Path | None) -> list[CopiedFile]:
    """The files of /admin/, or none without ``cms`` (the folder the CMS was installed in)."""
    if cms is None:
        return []
    files = {}
    page = templates / "admin"
    for path in sorted(page.iterdir()) if page.is_dir() else ():
        if path.is_file() and not path.name.startswith("."):
            files[path.name] = path
    dist = cms / DECAP_CMS[0] / "dist"
    for path in sorted(dist.iterdir()):
        name = path.name
        # The chunks it loads on demand; not its WebAssembly (a WebP encoder for image uploads, which
        # the configuration does not turn on and the page's policy would not run).
        if name in ("decap-cms.js", "decap-cms.js.LICENSE.txt") or \
                (name.endswith(".decap-cms.js") and name.split(".")[0].isdigit()):
            files[name] = path
    # Named .js: a module needs a JavaScript type, which Debian's nginx gives .js and not .mjs.
    files["js-yaml.js"] = cms / JS_YAML[0] / "dist" / "js-yaml.mjs"
    files["js-yaml.LICENSE.txt"] = cms / JS_YAML[0] / "LICENSE"
    return [CopiedFile(urls.ADMIN + name, source) for name, source in sorted(files.items())]
