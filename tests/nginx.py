"""A real nginx (Debian's) serving a built site with deploy/nginx.conf, for tests.

Only what the README says to change is changed: root, listen and the log paths.
The test wraps the file in a minimal main configuration of its own (pid, temp
folders, mime types), as /etc/nginx/nginx.conf would. Skipped where there is no
nginx, except in CI, where KATALOG_REQUIRE_NGINX=1 makes that a failure.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT

CONFIG = ROOT / "deploy" / "nginx.conf"
NGINX = os.environ.get("KATALOG_NGINX", "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")


def require_nginx() -> str:
    if not Path(NGINX).exists() or not MIME_TYPES.exists():
        problem = f"no nginx at {NGINX} (apt-get install nginx)"
        if os.environ.get("KATALOG_REQUIRE_NGINX"):
            pytest.fail(f"nginx tests required but {problem}")
        pytest.skip(problem)
    return NGINX


def site_config(*, root: Path, port: int, logs: Path) -> str:
    """deploy/nginx.conf with root, listen and log paths changed, and nothing else."""
    text = CONFIG.read_text(encoding="utf-8")
    text, roots = re.subn(r"(?m)^(\s*)root [^;]+;", lambda m: f"{m[1]}root {root};", text)
    text, listens = re.subn(r"(?m)^(\s*)listen [^;]+;\n", "", text)
    text = text.replace("server {\n", f"server {{\n    listen 127.0.0.1:{port};\n", 1)
    text, access = re.subn(r"(?m)^(\s*)access_log [^;]+;", lambda m: f"{m[1]}access_log {logs / 'access.log'};", text)
    text, error = re.subn(r"(?m)^(\s*)error_log [^;]+;", lambda m: f"{m[1]}error_log {logs / 'error.log'};", text)
    assert (roots, listens, access, error) == (1, 2, 1, 1), "deploy/nginx.conf changed shape: update tests/nginx.py"
    return text


def _main_config(folder: Path, site: Path) -> str:
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    return f"""daemon off;
master_process off;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'};
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {site};
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def nginx_serving(site: Path, folder: Path):
    """nginx serving ``site`` on a free loopback port; yields its base URL."""
    binary = require_nginx()
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    site_conf = folder / "katalog.conf"
    site_conf.write_text(site_config(root=site.resolve(), port=port, logs=folder), encoding="utf-8")
    main_conf = folder / "nginx.conf"
    main_conf.write_text(_main_config(folder, site_conf), encoding="utf-8")
    checked = subprocess.run([binary, "-t", "-c", str(main_conf), "-p", str(folder)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([binary, "-c", str(main_conf), "-p", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stderr.close()
        shutil.rmtree(folder / "body", ignore_errors=True)
