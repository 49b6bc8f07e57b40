"""A real nginx (Debian's) serving a built site with deploy/nginx.conf, for tests.

Only what docs/publishing.md says to change is changed: root, listen and the log paths; with TLS, also
the file's commented HTTPS lines, uncommented as it says, with a certificate made for the test.
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
import ssl
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import lanes

from conftest import ROOT

CONFIG = ROOT / "deploy" / "nginx.conf"
NGINX = os.environ.get("KATALOG_NGINX", "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")


def require_nginx() -> str:
    lanes.require("nginx", "nginx")
    if not Path(NGINX).exists() or not MIME_TYPES.exists():
        problem = f"no nginx at {NGINX} (apt-get install nginx)"
        if os.environ.get("KATALOG_REQUIRE_NGINX"):
            pytest.fail(f"nginx tests required but {problem}")
        pytest.skip(problem)
    return NGINX


def site_config(*, root: Path, port: int, logs: Path, tls: tuple[Path, Path, int] | None = None) -> str:
    """deploy/nginx.conf with root, listen and log paths changed, and nothing else; with ``tls``
    (certificate, key, the redirect server's port), its HTTPS lines uncommented as it says."""
    text = CONFIG.read_text(encoding="utf-8")
    text, roots = re.subn(r"(?m)^(\s*)root [^;]+;", lambda m: f"{m[1]}root {root};", text)
    text, listens = re.subn(r"(?m)^(\s*)listen [^;]+;\n", "", text)
    if tls:
        text = _with_tls(text, port, *tls)
    else:
        text = text.replace("server {\n", f"server {{\n    listen 127.0.0.1:{port};\n", 1)
    text, access = re.subn(r"(?m)^(\s*)access_log [^;]+;", lambda m: f"{m[1]}access_log {logs / 'access.log'};", text)
    text, error = re.subn(r"(?m)^(\s*)error_log [^;]+;", lambda m: f"{m[1]}error_log {logs / 'error.log'};", text)
    assert (roots, listens, access, error) == (1, 2, 1, 1), "deploy/nginx.conf changed shape: update tests/nginx.py"
    return text


def _with_tls(text: str, port: int, certificate: Path, key: Path, redirect_port: int) -> str:
    replaced = {"    #listen 443 ssl;\n": f"    listen 127.0.0.1:{port} ssl;\n", "    #listen [::]:443 ssl;\n": "",
                "    #ssl_certificate /etc/ssl/katalog/fullchain.pem;": f"    ssl_certificate {certificate};",
                "    #ssl_certificate_key /etc/ssl/katalog/privkey.pem;": f"    ssl_certificate_key {key};",
                "    #add_header Strict-Transport-Security": "    add_header Strict-Transport-Security"}
    for commented, line in replaced.items():
        assert text.count(commented) == 1, f"deploy/nginx.conf's HTTPS lines changed shape: {commented!r}"
        text = text.replace(commented, line)
    redirect = text[text.index("\n#server {\n"):].rstrip("\n")
    assert redirect.endswith("\n#}"), "deploy/nginx.conf's redirect server changed shape"
    server = re.sub(r"(?m)^#", "", redirect).replace("    listen [::]:80;\n", "")
    return text.replace(redirect, server.replace("listen 80;", f"listen 127.0.0.1:{redirect_port};"))


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with openssl."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(certificate), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return certificate, key


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


def _free_port(*taken: int) -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in taken:
            return port


@contextlib.contextmanager
def nginx_serving(site: Path, folder: Path, tls: tuple[Path, Path] | None = None):
    """nginx serving ``site`` on a free loopback port; yields its base URL. With ``tls`` (certificate,
    key): yields the https URL and the URL of the plain http server that redirects to it."""
    binary = require_nginx()
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    redirect_port = _free_port(port)
    site_conf = folder / "katalog.conf"
    site_conf.write_text(site_config(root=site.resolve(), port=port, logs=folder,
                                     tls=(*tls, redirect_port) if tls else None), encoding="utf-8")
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
        yield (f"https://127.0.0.1:{port}/", f"http://127.0.0.1:{redirect_port}/") if tls else \
            f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stderr.close()
        shutil.rmtree(folder / "body", ignore_errors=True)


def fetch(url: str, context: ssl.SSLContext | None = None, **headers: str):
    """(status, headers, body) without following redirects or decoding anything."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def meta_policy(html: bytes) -> str:
    return re.search(rb'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)[1].decode()
