"""The pinned versions (requirements/*.txt): complete, hashed, within pyproject.toml's ranges, and
what README's commands, .ci/run and this very test run install."""
from __future__ import annotations

import importlib.metadata
import os
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT
from pinned import pins, requirement_blocks

LOCKS = {"site.txt": [], "test.txt": ["test"]}  # lock file -> the extras of pyproject.toml it holds
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def declared(extras: list[str]) -> list[Requirement]:
    """pyproject.toml's requirements for the package with ``extras``."""
    listed = PYPROJECT["project"]["dependencies"] + [
        line for extra in extras for line in PYPROJECT["project"]["optional-dependencies"][extra]]
    return [Requirement(line) for line in listed]


def applies(requirement: Requirement) -> bool:
    return requirement.marker is None or requirement.marker.evaluate()


@pytest.mark.parametrize("lock", LOCKS)
def test_every_requirement_is_pinned_with_hashes(lock):
    blocks = requirement_blocks(ROOT / "requirements" / lock)
    assert len(blocks) >= 10
    for line, hashes in blocks:
        assert re.fullmatch(r"[a-z0-9-]+==[0-9][0-9a-z.]*( ; .+)?", line), line
        assert hashes and all(re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", option) for option in hashes), line


@pytest.mark.parametrize("lock, extras", LOCKS.items())
def test_the_pins_satisfy_pyproject_s_ranges_and_were_compiled_from_them(lock, extras):
    path = ROOT / "requirements" / lock
    pinned = pins(path)
    for requirement in declared(extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} has no pin for {requirement}"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (lock, str(requirement), pinned[name])
        for extra in requirement.extras:  # pagefind[bin] brings pagefind-bin
            assert canonicalize_name(f"{requirement.name}-{extra}") in pinned, (lock, str(requirement))
    # The command that made it is in its header: recompiling with it refreshes the file.
    header = path.read_text(encoding="utf-8").splitlines()[1]
    expected = ("#    uv pip compile pyproject.toml" + "".join(f" --extra {extra}" for extra in extras)
                + f" --universal --python-version 3.11 --generate-hashes -o requirements/{lock}")
    assert header == expected


def test_the_site_s_pins_are_the_tests_pins():
    """README's first command and the CI files install site.txt; the suite was green with test.txt."""
    site, test = pins(ROOT / "requirements" / "site.txt"), pins(ROOT / "requirements" / "test.txt")
    assert site.items() <= test.items()


def test_this_environment_has_the_pinned_versions():
    """Under .ci/run the suite runs with exactly the pins (with KATALOG_DEPENDENCIES=newest, the
    scheduled drift check, with the newest releases within pyproject.toml's ranges instead)."""
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version for dist in importlib.metadata.distributions()}
    if os.environ.get("KATALOG_DEPENDENCIES") == "newest":
        for requirement in filter(applies, declared(["test"])):
            assert requirement.specifier.contains(installed[canonicalize_name(requirement.name)], prereleases=True)
        return
    if os.environ.get("KATALOG_DEPENDENCIES") != "locked" and not os.environ.get("CI"):
        # A developer's own environment may hold other versions; it is still tested against the pins' ranges.
        for requirement in filter(applies, declared(["test"])):
            assert requirement.specifier.contains(installed[canonicalize_name(requirement.name)], prereleases=True)
        return
    wanted = {name: version for name, version in pins(ROOT / "requirements" / "test.txt").items()
              if name in installed or name != "colorama"}  # colorama only on Windows
    assert {name: installed.get(name) for name in wanted} == wanted


def test_readme_ci_and_the_ci_files_install_the_pins():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme[:1500])
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements/site.txt "
        "&& .venv/bin/python build.py serve",
        "python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements/test.txt "
        "&& .venv/bin/python -m pytest"]
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\n    .venv/bin/pip install --quiet --require-hashes -r requirements/test.txt\n" in ci_run
    assert ci_run.rstrip().endswith("\n.venv/bin/python -m pytest")
    for path in [*(ROOT / ".github" / "workflows").glob("*.yml"), ROOT / ".gitlab-ci.yml"]:
        text = path.read_text(encoding="utf-8")
        assert "pip install -e" not in text and "pip install ." not in text, path.name
        for line in re.findall(r".*pip install.*", text):
            assert line.strip().endswith("pip install --require-hashes -r requirements/site.txt"), (path.name, line)


def test_dependabot_moves_the_python_pins_and_the_actions():
    import yaml
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    assert all(update["directory"] == "/" and update["schedule"]["interval"] == "weekly" for update in updates.values())
    assert updates["pip"]["groups"] == {"python": {"patterns": ["*"]}}  # both lock files in one pull request
