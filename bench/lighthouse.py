#!/usr/bin/env python3
"""Lighthouse's mobile scores of the built site, served locally: python bench/lighthouse.py [--runs 3].

Builds content/ (with its search index, --precompress) into a temporary folder, serves it with
Debian's nginx and deploy/nginx.conf as tests/nginx.py does (Python's server where there is no
nginx: no compression, no cache headers), and runs Lighthouse from npm, headless, on Debian's
Chromium for each kind of page that the issue names: home, a case page, the awards page, and the
search page without and with a query. Prints each category's score (the median of --runs) with
the metrics behind performance and every audit that costs a point, and writes bench/lighthouse.json.

Lighthouse is not a Python package: install it once, where this script looks (git-ignored):
    npm install --prefix .cache/lighthouse --no-save --no-package-lock --no-audit --no-fund \\
        --ignore-scripts -E lighthouse@12.2.3
(12.2.3: the 13 series wants Node 22.) Performance is simulated mobile throttling (Lantern) over
what this machine measured, so a busy machine scores lower: compare runs made in one sitting.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
import build  # noqa: E402
from browser import CHROMIUM, serve  # noqa: E402

LIGHTHOUSE = Path(os.environ.get("KATALOG_LIGHTHOUSE", ROOT / ".cache/lighthouse/node_modules/lighthouse/cli/index.js"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking --disable-component-update --disable-gpu"


def pages(site: Path, query: str) -> dict[str, str]:
    """The pages to measure, by name: the case page is the first innovation's."""
    case = sorted(path.parent.name for path in (site / "inovasi").glob("*/index.html")
                  if path.parent.name != "halaman")[0]
    return {"home": "", "case page": f"inovasi/{case}/", "awards": "penghargaan/", "search": "cari/",
            f"search ?q={query}": f"cari/?q={quote(query)}"}


@contextlib.contextmanager
def served(site: Path, folder: Path):
    """The site on a loopback port: nginx with deploy/nginx.conf where there is one, else Python's server."""
    import nginx
    if Path(nginx.NGINX).exists() and nginx.MIME_TYPES.exists():
        with nginx.nginx_serving(site, folder / "nginx") as url:
            yield url, "nginx"
    else:
        url, server = serve(site)
        try:
            yield url, "python"
        finally:
            server.shutdown()


def lighthouse(url: str, report: Path) -> dict:
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env=dict(os.environ, CHROME_PATH=str(CHROMIUM)), timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(result: dict) -> list[str]:
    """The audits that cost a category a point: weighted, scored, and under 1."""
    lost = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                shown = f"{audit['score']:.2f}" + (f", {audit['displayValue']}" if audit.get("displayValue") else "")
                if ref["id"] == "errors-in-console":  # which error: the address it names
                    shown += "".join(f"; {item.get('url') or item.get('description')}"
                                     for item in audit.get("details", {}).get("items", []))
                lost.append(f"{category}: {ref['id']} ({shown})")
    return lost


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; each score is their median")
    parser.add_argument("--query", default="akta", help="the query of the search page's second measurement")
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "lighthouse.json"))
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print(f"no Lighthouse at {LIGHTHOUSE}; install it as this script's docstring says", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="katalog-lighthouse-") as temporary:
        folder = Path(temporary)
        site = folder / "site"
        if build.main(["build", "--content", args.content, "--out", str(site), "--precompress", "--no-cache"]) != 0:
            return 1
        results = {}
        with served(site, folder) as (url, server):
            print(f"serving with {server} at {url}; Lighthouse, mobile, median of {args.runs}")
            for name, path in pages(site, args.query).items():
                runs = [lighthouse(url + path, folder / "report.json") for _ in range(args.runs)]
                scores = {category: statistics.median(round(run["categories"][category]["score"] * 100)
                                                      for run in runs) for category in CATEGORIES}
                metrics = {metric: statistics.median(run["audits"][metric]["numericValue"] for run in runs)
                           for metric in METRICS}
                lost = sorted({line for run in runs for line in lost_points(run)})
                results[name] = {"path": path, "scores": scores, "runs": [
                    {category: round(run["categories"][category]["score"] * 100) for category in CATEGORIES}
                    for run in runs], "metrics": metrics, "lost": lost}
                print(f"{name:<16} " + "  ".join(f"{category} {scores[category]:g}" for category in CATEGORIES)
                      + f"  (FCP {metrics['first-contentful-paint'] / 1000:.1f} s, "
                        f"LCP {metrics['largest-contentful-paint'] / 1000:.1f} s, "
                        f"TBT {metrics['total-blocking-time']:.0f} ms, CLS {metrics['cumulative-layout-shift']:.3f})")
                for line in lost:
                    print(f"    {line}")
    Path(args.out).write_text(json.dumps({"server": server, "runs": args.runs, "pages": results}, indent=2,
                                         ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
