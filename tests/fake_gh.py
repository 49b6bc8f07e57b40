"""Stands in for the gh CLI in the workflows' tests: the calls the workflows make, answered from a
small GitHub kept as JSON in the folder $FAKE_GH, and every call recorded in $FAKE_GH/calls.

State: pulls.json (pull requests: number, url, state OPEN/CLOSED/MERGED, head, isCrossRepository),
comments.json (issue comments: id, issue, user.login, body), runs.json (workflow runs: databaseId,
workflow, branch, status) with each run's artifacts under runs/<id>/<name>/. A call this fake does
not know fails, so a workflow cannot rely on something untested.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

STATE = Path(os.environ["FAKE_GH"])
REPOSITORY = "contoh/katalog"
BOT = "github-actions[bot]"


def load(name: str) -> list[dict]:
    path = STATE / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def save(name: str, items: list[dict]) -> None:
    (STATE / f"{name}.json").write_text(json.dumps(items, indent=1), encoding="utf-8")


def pr(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gh pr")
    parser.add_argument("command", choices=["list", "create"])
    parser.add_argument("--head", required=True)
    parser.add_argument("--state", choices=["open", "closed", "merged", "all"], default="open")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--json")
    parser.add_argument("--base")
    parser.add_argument("--title")
    parser.add_argument("--body")
    options = parser.parse_args(arguments)
    pulls = load("pulls")
    if options.command == "list":
        assert options.json, "gh pr list without --json prints a table"
        found = [pull for pull in reversed(pulls) if pull["head"] == options.head
                 and options.state in ("all", pull["state"].lower())][:options.limit]
        print(json.dumps([{field: pull[field] for field in options.json.split(",")} for pull in found]))
        return 0
    assert options.base and options.title and options.body
    if any(pull["head"] == options.head and pull["state"] == "OPEN" and not pull["isCrossRepository"]
           for pull in pulls):
        print(f"a pull request for branch \"{options.head}\" already exists", file=sys.stderr)
        return 1
    number = 34 + len(pulls)
    url = f"https://github.com/{REPOSITORY}/pull/{number}"
    pulls.append({"number": number, "url": url, "state": "OPEN", "head": options.head, "isCrossRepository": False,
                  "base": options.base, "title": options.title, "body": options.body})
    save("pulls", pulls)
    print(url)
    return 0


def api(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gh api")
    parser.add_argument("endpoint")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--paginate", action="store_true")
    parser.add_argument("--input")
    options = parser.parse_args(arguments)
    comments = load("comments")
    listed = re.fullmatch(rf"repos/{REPOSITORY}/issues/([0-9]+)/comments", options.endpoint)
    edited = re.fullmatch(rf"repos/{REPOSITORY}/issues/comments/([0-9]+)", options.endpoint)
    if listed and options.method == "GET":
        print(json.dumps([comment for comment in comments if comment["issue"] == int(listed[1])]))
        return 0
    body = json.loads(Path(options.input).read_text(encoding="utf-8"))["body"] if options.input else None
    if len(body or "") > 65536:
        print("Validation Failed: body is too long (maximum is 65536 characters)", file=sys.stderr)
        return 1
    if listed and options.method == "POST":
        comment = {"id": 900 + len(comments), "issue": int(listed[1]), "user": {"login": BOT}, "body": body}
        save("comments", comments + [comment])
        print(json.dumps(comment))
        return 0
    if edited and options.method == "PATCH":
        [comment] = [comment for comment in comments if comment["id"] == int(edited[1])]
        assert comment["user"]["login"] == BOT, "the bot edited someone else's comment"
        comment["body"] = body
        save("comments", comments)
        print(json.dumps(comment))
        return 0
    print(f"fake gh: no such API call: {options.method} {options.endpoint}", file=sys.stderr)
    return 1


def run(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gh run")
    parser.add_argument("command", choices=["list", "download"])
    parser.add_argument("run_id", nargs="?")
    parser.add_argument("--workflow")
    parser.add_argument("--branch")
    parser.add_argument("--status")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--json")
    parser.add_argument("--name")
    parser.add_argument("--dir", default=".")
    options = parser.parse_args(arguments)
    runs = load("runs")
    if options.command == "list":
        assert options.json, "gh run list without --json prints a table"
        found = [item for item in reversed(runs)
                 if all(getattr(options, key) in (None, item[key]) for key in ("workflow", "branch", "status"))]
        print(json.dumps([{field: item[field] for field in options.json.split(",")}
                          for item in found[:options.limit]]))
        return 0
    artifact = STATE / "runs" / str(options.run_id) / str(options.name)
    if not artifact.is_dir():
        print("no valid artifacts found to download", file=sys.stderr)
        return 1
    shutil.copytree(artifact, options.dir, dirs_exist_ok=True)
    return 0


def main(arguments: list[str]) -> int:
    with open(STATE / "calls", "a", encoding="utf-8") as calls:
        calls.write(" ".join(arguments) + "\n")
    assert os.environ.get("GH_TOKEN"), "gh without GH_TOKEN"
    assert os.environ.get("GH_REPO") == REPOSITORY, "gh without GH_REPO"
    commands = {"pr": pr, "api": api, "run": run}
    if not arguments or arguments[0] not in commands:
        print(f"fake gh: unexpected call: {' '.join(arguments)}", file=sys.stderr)
        return 1
    return commands[arguments[0]](arguments[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
