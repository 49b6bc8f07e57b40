"""Run the CI files' own shell steps here, in order, as GitHub Actions and GitLab CI would.

Shell steps (`run:`, `before_script:` + `script:`) run for real with bash in a clone of the
repository. Each `uses:` step is stood in for by what it does for the steps after it (see
``GitHubRunner.action``: checkout, setup-python, configure-pages, upload-artifact and
download-artifact between the jobs of a run, the Pages actions); an action, an expression, a
step key or a rule this module does not know fails the test rather than being skipped, so the
stand-ins stay honest.
"""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any, Callable

import yaml

import lanes

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
GITLAB_CI = ROOT / ".gitlab-ci.yml"

# The site's address as actions/configure-pages would tell it (its output base_url has no final slash).
PAGES_BASE_URL = "https://contoh.github.io/katalog-inovasi"
GITLAB_PAGES_URL = "https://contoh.gitlab.io/katalog-inovasi"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
GIT = ["git", "-c", "user.name=Uji CI", "-c", "user.email=uji-ci@example.org", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main"]
STEP_KEYS = {"name", "id", "uses", "with", "run", "env", "timeout-minutes"}  # what the runner models


def load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load_yaml(path) for path in workflow_files()}


def git(cwd: Path, *arguments: str) -> str:
    return subprocess.run([*GIT, *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout


# --- the repository as it is on disk, as a git repository of its own -----------------------------

def snapshot_repository(destination: Path) -> Path:
    """A clone of ROOT whose branch main holds the working tree as it is on disk: every file git
    tracks or does not ignore, the deleted ones deleted. Clones of it have it as origin/main."""
    lanes.require("ci_tools", "a clone of the repository for the CI files' steps")
    git(destination.parent, "clone", "-q", "--no-local", str(ROOT), str(destination))
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for relative in filter(None, dict.fromkeys(listed)):
        source, target = ROOT / relative, destination / relative
        if source.is_dir() and not source.is_symlink():
            continue  # a submodule or nested repository: left as cloned
        if not source.exists() and not source.is_symlink():
            if target.exists() or target.is_symlink():
                target.unlink()  # deleted on disk, not yet in a commit
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.exists():
            target.unlink()
        shutil.copy2(source, target, follow_symlinks=False)
    git(destination, "checkout", "-q", "-B", "main")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "--allow-empty", "-m", "the working tree as it is on disk")
    return destination


def checkout(snapshot: Path, destination: Path) -> Path:
    """What a CI checkout gives: a fresh clone, with the snapshot's main as origin/main."""
    if destination.exists():
        shutil.rmtree(destination)
    git(snapshot, "clone", "-q", str(snapshot), str(destination))
    assert "origin/main" in git(destination, "branch", "-r")
    return destination


def base_environment(venv: Path, home: Path) -> dict[str, str]:
    """The machine's environment with the fresh venv first on PATH, as actions/setup-python or
    the image's python would be, and nothing of the venv this test suite runs in."""
    drop = ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PIP_REQUIRE_VIRTUALENV")
    env = {key: value for key, value in os.environ.items()
           if key not in drop and not key.startswith(("GITHUB_", "RUNNER_", "CI_", "GITLAB_", "KATALOG_"))}
    ours = str(Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin")
    path = [entry for entry in env.get("PATH", "/usr/bin:/bin").split(os.pathsep) if entry and entry != ours]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["CI"] = "true"
    env["GIT_CONFIG_GLOBAL"] = str(home / "gitconfig")  # a runner's git knows no one's settings
    env.setdefault("HOME", str(home))
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run_shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A shell step as both CI services run one: bash with -e and pipefail, the step's lines in order."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


# --- GitHub Actions --------------------------------------------------------------------------------

@dataclasses.dataclass
class Step:
    name: str
    kind: str  # "run" or the action, e.g. "actions/checkout"
    code: int
    stdout: str = ""
    stderr: str = ""
    script: str = ""  # a run: step's script


@dataclasses.dataclass
class Job:
    name: str
    steps: list[Step]
    ok: bool
    skipped: bool = False  # its `if:` was false
    workspace: Path | None = None
    runner_temp: Path | None = None


class GitHubRunner:
    """Runs a workflow's jobs in ``needs`` order; a job runs only when every job it needs succeeded
    (not skipped), and a job stops at its first failing step, as on GitHub. Each job has its own
    runner: its own RUNNER_TEMP and, from ``workspaces(job name)``, its own workspace (by default
    all share ``clone``). Artifacts go to a store shared by the run's jobs, as GitHub keeps them."""

    def __init__(self, workflow: dict[str, Any], clone: Path | None, env: dict[str, str], *, event: str,
                 expressions: dict[str, str], tmp: Path, workspaces: Callable[[str], Path] | None = None,
                 job_env: dict[str, dict[str, str]] | None = None):
        self.workflow, self.event, self.tmp = workflow, event, tmp
        self.env = dict(env, GITHUB_ACTIONS="true", GITHUB_EVENT_NAME=event, RUNNER_OS="Linux")
        self.expressions = expressions  # the known ${{ }} expressions and their values here
        assert clone or workspaces, "a clone for every job, or a workspace per job"
        self.workspaces = workspaces or (lambda job_name: clone)
        self.job_env = job_env or {}  # per job, what its runner has that the others do not
        self.outputs: dict[str, dict[str, str]] = {}
        self.artifacts: dict[str, Path] = {}  # name -> the artifact's files, as uploaded
        self.deployed = False
        self.jobs: dict[str, Job] = {}
        self.summary = tmp / "step-summary.md"

    def run(self, *, done: tuple[str, ...] = ()) -> dict[str, Job]:
        """Run the jobs; those named in ``done`` count as having succeeded without running."""
        jobs = self.workflow["jobs"]
        self.jobs.update({name: Job(name, [], ok=True) for name in done})
        finished: set[str] = set(done)
        while len(finished) < len(jobs):
            ready = [name for name, job in jobs.items() if name not in finished
                     and set(_needs(job)) <= finished]
            assert ready, f"a cycle in needs: {sorted(set(jobs) - finished)}"
            for name in ready:
                finished.add(name)
                if all(self.jobs.get(need) and self.jobs[need].ok and not self.jobs[need].skipped
                       for need in _needs(jobs[name])):
                    self.jobs[name] = self._job(name, jobs[name])
        return self.jobs

    def _job(self, name: str, job: dict[str, Any]) -> Job:
        assert "strategy" not in job, f"job {name}: the runner does not model strategy"
        if "if" in job:  # a condition is one of the known expressions, "true" or "false" here
            condition = self.expressions.get(str(job["if"]).strip())
            assert condition in ("true", "false"), f"job {name}: unknown condition {job['if']!r}"
            if condition == "false":
                return Job(name, [], ok=True, skipped=True)
        self.outputs = {}
        self.workspace = self.workspaces(name)
        self.temp = self.tmp / f"runner-temp-{name}"
        self.temp.mkdir(parents=True)
        job_env = dict(self.env, **self.job_env.get(name, {}), GITHUB_WORKSPACE=str(self.workspace),
                       RUNNER_TEMP=str(self.temp))
        self.job_expressions = {**self.expressions, "runner.temp": str(self.temp)}
        steps: list[Step] = []
        for number, step in enumerate(job["steps"], 1):
            unknown = set(step) - STEP_KEYS
            assert not unknown, f"job {name} step {number}: the runner does not model {sorted(unknown)}"
            label = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
            env = dict(job_env, GITHUB_STEP_SUMMARY=str(self.summary),
                       GITHUB_OUTPUT=str(self.temp / "output"), GITHUB_ENV=str(self.temp / "env"))
            for scope in (self.workflow.get("env") or {}, job.get("env") or {}, step.get("env") or {}):
                env.update({key: self.evaluate(str(value)) for key, value in scope.items()})
            if "run" in step:
                Path(env["GITHUB_OUTPUT"]).write_text("")
                result = run_shell(step["run"], self.workspace, env)
                steps.append(Step(label, "run", result.returncode, result.stdout, result.stderr, step["run"]))
                if "id" in step:  # name=value lines, as GitHub reads them after the step
                    lines = Path(env["GITHUB_OUTPUT"]).read_text().splitlines()
                    self.outputs[step["id"]] = dict(line.split("=", 1) for line in lines if "=" in line)
            else:
                action = step["uses"].split("@")[0]
                with_ = {key: self.evaluate(str(value).lower() if isinstance(value, bool) else str(value))
                         for key, value in (step.get("with") or {}).items()}  # inputs are strings, as GitHub passes them
                self.outputs[step.get("id", f"step{number}")] = self.action(action, with_)
                steps.append(Step(label, action, 0))
            if steps[-1].code != 0:
                return Job(name, steps, False, workspace=self.workspace, runner_temp=self.temp)
        return Job(name, steps, True, workspace=self.workspace, runner_temp=self.temp)

    def evaluate(self, text: str) -> str:
        """Replace each ${{ expression }} from the table of known ones; any other fails."""
        def value(match: re.Match) -> str:
            expression = match.group(1)
            if expression.startswith("steps."):
                step, _, output = expression[len("steps."):].partition(".outputs.")
                assert step in self.outputs, f"no step {step!r} has run: {expression}"
                return self.outputs[step].get(output, "")  # an output the step did not set is empty, as on GitHub
            assert expression in self.job_expressions, f"unknown expression in the workflow: ${{{{ {expression} }}}}"
            return self.job_expressions[expression]
        return EXPRESSION.sub(value, text)

    def action(self, action: str, with_: dict[str, str]) -> dict[str, str]:
        """What each action the workflows use does for the steps after it; returns its outputs."""
        if action == "actions/checkout":
            assert (self.workspace / ".git").is_dir()  # the workspace is the checkout
            if self.event == "pull_request":  # --changed-from needs the base branch's history
                assert with_.get("fetch-depth") == "0"
            if self.event == "issues":  # the default branch's code, never one the issue names
                assert with_.get("ref") == "main" and git(self.workspace, "branch", "--show-current").strip() == "main"
            if with_.get("persist-credentials") != "false":  # the token stays in .git/config, as checkout leaves it
                git(self.workspace, "config", "--local", "http.https://github.com/.extraheader",
                    "AUTHORIZATION: basic " + self.expressions.get("github.token", "token-of-the-job"))
            return {}
        if action == "actions/setup-python":
            assert with_.get("python-version")
            if "cache" in with_:  # pip's cache, keyed by the pinned versions
                assert with_["cache"] == "pip" and (self.workspace / with_["cache-dependency-path"]).is_file()
            return {"python-version": with_["python-version"]}  # the venv is first on PATH
        if action == "actions/configure-pages":
            return {"base_url": PAGES_BASE_URL, "origin": "https://contoh.github.io",
                    "host": "contoh.github.io", "base_path": "/katalog-inovasi"}
        if action == "actions/upload-artifact":
            return self._upload(with_)
        if action == "actions/download-artifact":
            # The artifact's files as they are stored, links included: the job must not count on
            # the download to have dropped anything.
            assert with_.get("name") in self.artifacts, f"no artifact {with_.get('name')!r} in this run"
            target = self.workspace / with_.get("path", ".")  # an absolute path replaces the workspace
            shutil.copytree(self.artifacts[with_["name"]], target, symlinks=True, dirs_exist_ok=True)
            return {"download-path": str(target)}
        if action == "actions/upload-pages-artifact":
            # The action's own archive command (its action.yml, Linux runners).
            archive = self.temp / "artifact.tar"
            subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", with_["path"], "-cf",
                            str(archive), "--exclude=.git", "--exclude=.github", "."], cwd=self.workspace, check=True)
            with tarfile.open(archive) as tar:
                members = tar.getmembers()
            assert "./index.html" in {member.name for member in members}
            assert all(member.isfile() or member.isdir() for member in members)  # Pages takes nothing else
            self.artifacts[with_.get("name", "github-pages")] = archive
            return {}
        if action == "actions/deploy-pages":
            assert "github-pages" in self.artifacts
            self.deployed = True
            return {"page_url": PAGES_BASE_URL + "/"}
        raise AssertionError(f"no stand-in for the action {action}: add what it does to ci_steps.py")

    def _upload(self, with_: dict[str, str]) -> dict[str, str]:
        """actions/upload-artifact: one path, a folder (its contents) or a file, symbolic links
        followed and hidden files left out unless include-hidden-files, as the action searches."""
        name = with_.get("name", "artifact")
        assert name not in self.artifacts or with_.get("overwrite") == "true", f"artifact {name!r} uploaded twice"
        source = self.workspace / with_["path"]  # an absolute path replaces the workspace
        stored = self.tmp / "artifacts" / name
        hidden = with_.get("include-hidden-files") == "true"
        if source.is_dir():
            shutil.copytree(source, stored, ignore=None if hidden else
                            lambda folder, names: [entry for entry in names if entry.startswith(".")])
        elif source.is_file():
            stored.mkdir(parents=True)
            shutil.copy(source, stored / source.name)
        if not stored.exists() or not any(path.is_file() for path in stored.rglob("*")):
            assert with_.get("if-no-files-found", "warn") != "error", f"artifact {name!r}: no files at {source}"
            return {}  # "warn" or "ignore": no artifact
        self.artifacts[name] = stored
        return {"artifact-id": str(len(self.artifacts))}


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs") or []
    return [needs] if isinstance(needs, str) else list(needs)


def shell_steps_github(workflow: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f"{job_name}: {step.get('name', step['run'][:40])}", step["run"])
            for job_name, job in workflow["jobs"].items() for step in job["steps"] if "run" in step]


def walk(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """Every (path, value) pair in a parsed YAML document."""
    found = [(path, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            found += walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += walk(value, (*path, index))
    return found


# --- GitLab CI ----------------------------------------------------------------------------------

GITLAB_RESERVED = {"default", "variables", "stages", "include", "workflow", "image", "services", "cache",
                   "before_script", "after_script"}
RULE = re.compile(r'^\$(\w+)\s*(==|!=)\s*(?:"([^"]*)"|\$(\w+))$')


def gitlab_jobs(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: job for name, job in config.items() if name not in GITLAB_RESERVED and not name.startswith(".")}


def gitlab_script(config: dict[str, Any], job: dict[str, Any]) -> str:
    """The lines GitLab runs for a job: before_script (the job's, or default's) then script."""
    before = job.get("before_script", (config.get("default") or {}).get("before_script", []))
    return "\n".join([*before, *job["script"]])


def gitlab_rules_allow(job: dict[str, Any], variables: dict[str, str]) -> bool:
    """GitLab's rules: the first rule whose `if:` holds decides (when: never excludes); none: not run."""
    for rule in job.get("rules", []):
        assert set(rule) <= {"if", "when"}, f"the runner does not model rule keys {sorted(rule)}"
        match = RULE.match(rule["if"].strip())
        assert match, f"the runner does not model the rule {rule['if']!r}"
        name, operator, literal, other = match.groups()
        right = literal if other is None else variables.get(other, "")
        if (variables.get(name, "") == right) == (operator == "=="):
            return rule.get("when", "on_success") != "never"
    return False


def expand(text: str, variables: dict[str, str]) -> str:
    """GitLab expands $NAME and ${NAME} in `variables:` values; an unknown name fails."""
    def value(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        assert name in variables, f"unknown variable ${name} in .gitlab-ci.yml"
        return variables[name]
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))", value, text)


@dataclasses.dataclass
class GitLabJob:
    name: str
    ran: bool
    code: int | None = None
    stdout: str = ""
    stderr: str = ""


def run_gitlab_pipeline(config: dict[str, Any], clone_for: Callable[[str], Path], env: dict[str, str],
                        ci: dict[str, str]) -> dict[str, GitLabJob]:
    """Every job whose rules allow it, in stage order, each in its own fresh clone (as a runner
    fetches one); a job of a later stage runs only when the earlier stages succeeded."""
    stages = config.get("stages", ["build", "test", "deploy"])
    jobs = sorted(gitlab_jobs(config).items(), key=lambda item: stages.index(item[1].get("stage", "test")))
    results: dict[str, GitLabJob] = {}
    failed_stage = None
    for name, job in jobs:
        unknown = set(job) - {"stage", "timeout", "rules", "script", "before_script", "variables", "cache",
                              "artifacts", "image"}
        assert not unknown, f"job {name}: the runner does not model {sorted(unknown)}"
        if not gitlab_rules_allow(job, ci):
            results[name] = GitLabJob(name, ran=False)
            continue
        if failed_stage is not None and stages.index(job.get("stage", "test")) > failed_stage:
            results[name] = GitLabJob(name, ran=False)
            continue
        clone = clone_for(name)
        variables = dict(ci, CI_PROJECT_DIR=str(clone), GITLAB_CI="true")
        for scope in (config.get("variables") or {}, job.get("variables") or {}):
            variables.update({key: expand(str(value), variables) for key, value in scope.items()})
        result = run_shell(gitlab_script(config, job), clone, dict(env, **variables))
        results[name] = GitLabJob(name, True, result.returncode, result.stdout, result.stderr)
        if result.returncode != 0:
            failed_stage = stages.index(job.get("stage", "test"))
    return results
