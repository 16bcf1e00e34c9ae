"""`python build.py serve`: a real server in a subprocess, on a free port, over a copy of
content/. Raw HTTP for the path-safety checks (a raw socket, so no client normalises the
path), a live-reload end-to-end test in headless Chromium (marked `browser`)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog.pages import dump_page, read_page
from catalog.serve.handlers import resolve

ROOT = Path(__file__).resolve().parent.parent
SLUG = "2403.09611"
BASE = "/catalog/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, tmp: Path, base_url: str = BASE, port: int | None = None):
        self.content = tmp / "content"
        if not self.content.exists():
            shutil.copytree(ROOT / "content", self.content)
        self.site = tmp / "site"
        self.port = port or free_port()
        self.base = base_url
        self.log = tmp / "serve.log"
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(self.content),
             "--output", str(self.site), "--port", str(self.port), "--base-url", base_url],
            cwd=tmp, stdout=self.log.open("w"), stderr=subprocess.STDOUT, text=True)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited {self.proc.returncode}:\n{self.output()}")
            if "Serving" in self.output():
                return
            time.sleep(0.1)
        raise AssertionError(f"server did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.base}"

    def status(self) -> dict:
        return json.loads(raw_get(self.port, "/__serve__/status")[2])

    def wait_for(self, predicate, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if predicate(status):
                return status
            time.sleep(0.05)
        raise AssertionError(f"timed out; last status {status}\n{self.output()}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def raw_get(port: int, target: str) -> tuple[int, dict[str, str], str]:
    """Send the request line exactly as given; (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("serve"))
    srv.wait_ready()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.output()


# ------------------------------------------------------------------------ serving

def test_prints_the_url(server):
    assert f"http://127.0.0.1:{server.port}{BASE}" in server.output()


def test_root_redirects_to_the_base_path(server):
    status, headers, _ = raw_get(server.port, "/")
    assert status in (301, 302) and headers["location"] == BASE
    status, headers, _ = raw_get(server.port, BASE.rstrip("/"))
    assert status in (301, 302) and headers["location"] == BASE


def test_pages_are_served_under_the_base_path_with_livereload(server):
    status, headers, body = raw_get(server.port, BASE)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "livereload.js" in body
    status, _, body = raw_get(server.port, f"{BASE}papers/{SLUG}/")
    assert status == 200 and f"{SLUG}" in body
    status, headers, _ = raw_get(server.port, f"{BASE}papers/{SLUG}")
    assert status in (301, 302) and headers["location"] == f"{BASE}papers/{SLUG}/"
    status, headers, _ = raw_get(server.port, f"{BASE}papers.json")
    assert status == 200 and "json" in headers["content-type"]
    status, _, _ = raw_get(server.port, "/livereload.js")
    assert status == 200


def test_missing_pages_get_our_404_with_status_404(server):
    ours = (server.site / "404.html").read_text(encoding="utf-8")
    marker = ours[ours.index("<title>"):ours.index("</title>")]
    for target in (f"{BASE}no-such-page/", f"{BASE}papers/nope/", "/elsewhere", f"{BASE}papers/{SLUG}/index.html/"):
        status, _, body = raw_get(server.port, target)
        assert status == 404, target
        assert marker in body, target


@pytest.mark.parametrize("target", [
    "/catalog/../../../../etc/passwd",
    "/catalog/..",
    "/catalog/papers/../../content/site.yaml",
    "/catalog/%2e%2e/%2e%2e/etc/passwd",
    "/catalog/%2E%2E/content/site.yaml",
    "/catalog/papers/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/catalog/..%2f..%2fetc%2fpasswd",
    "/catalog/papers%2F..%2F..%2Fcontent%2Fsite.yaml",
    "/catalog/..%5c..%5cetc%5cpasswd",
    "/catalog/..\\..\\etc\\passwd",
    "/catalog//etc/passwd",
    "/catalog/%2fetc%2fpasswd",
    "//etc/passwd",
    "/etc/passwd",
    "/catalog/%00",
    "/catalog/index.html%00.txt",
    "/catalog/%252e%252e/%252e%252e/etc/passwd",
    "http://127.0.0.1/../../etc/passwd",
    "/../content/site.yaml",
])
def test_nothing_outside_the_site_is_served(server, target):
    status, _, body = raw_get(server.port, target)
    assert status in (400, 404), (target, status)
    assert "root:" not in body and "base_url" not in body


def test_resolve_refuses_escapes(tmp_path):
    site = tmp_path / "site"
    (site / "papers" / "x").mkdir(parents=True)
    (site / "papers" / "x" / "index.html").write_text("ok")
    (tmp_path / "secret.txt").write_text("secret")
    (site / "link").symlink_to(tmp_path / "secret.txt")
    assert resolve(site, "/", "/papers/x/") == (200, (site / "papers" / "x" / "index.html").resolve())
    assert resolve(site, "/", "/papers/x")[0] == 301
    assert resolve(site, "/", "/link")[0] == 404  # a symlink out of the site
    assert resolve(site, "/", "/../secret.txt")[0] == 404
    assert resolve(site, "/", "/%2e%2e/secret.txt")[0] == 404
    assert resolve(site, "/", "/papers%2f..%2f..%2fsecret.txt")[0] == 400
    assert resolve(site, "/", "/..\\secret.txt")[0] == 400
    assert resolve(site, "/", "/%ff")[0] in (400, 404)


# ------------------------------------------------------------------------ rebuilding

def edit_title(content: Path, slug: str, title: str) -> None:
    path = content / "papers" / f"{slug}.md"
    page = read_page(path)
    page.meta["title"] = title
    path.write_text(dump_page(page.meta, page.body), encoding="utf-8")


def test_edit_rebuilds_and_a_broken_edit_shows_an_overlay_then_recovers(server):
    start = server.status()["generation"]
    edit_title(server.content, SLUG, "Rebuilt By The Server")
    server.wait_for(lambda s: s["generation"] > start and not s["busy"])
    _, _, body = raw_get(server.port, f"{BASE}papers/{SLUG}/")
    assert "Rebuilt By The Server" in body

    path = server.content / "papers" / f"{SLUG}.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("topics: [", "topics: [[", 1), encoding="utf-8")
    status = server.wait_for(lambda s: s["error"] is not None)
    assert status["error"]["path"].endswith(f"{SLUG}.md") and status["error"]["line"]
    code, _, body = raw_get(server.port, f"{BASE}papers/{SLUG}/")
    assert code == 200 and 'id="build-error"' in body and f"{SLUG}.md:{status['error']['line']}" in body
    assert "livereload.js" in body  # the next good save reloads this tab
    _, _, body = raw_get(server.port, f"{BASE}no-such-page/")
    assert 'id="build-error"' in body
    assert f"{SLUG}.md:{status['error']['line']}" in server.output()

    path.write_text(good.replace("Rebuilt By The Server", "Recovered"), encoding="utf-8")
    server.wait_for(lambda s: s["error"] is None and not s["busy"])
    _, _, body = raw_get(server.port, f"{BASE}papers/{SLUG}/")
    assert "Recovered" in body and 'id="build-error"' not in body


# ------------------------------------------------------------------------ friendliness

def livereload_says(port: int, page_url: str, wait: float) -> list[dict]:
    """Connect to livereload's websocket as a tab showing `page_url` (hello, then info) and
    return what the server sends within `wait` seconds."""
    from tornado.ioloop import IOLoop
    from tornado.websocket import websocket_connect

    async def talk() -> list[dict]:
        ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        ws.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        ws.write_message(json.dumps({"command": "info", "url": page_url, "plugins": {}}))
        said, deadline = [], time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = await asyncio.wait_for(ws.read_message(), left)
            except asyncio.TimeoutError:
                break
            if message is None:
                break
            said.append(json.loads(message))
        ws.close()
        return said

    return IOLoop(make_current=False).run_sync(talk)


def test_a_tab_that_loaded_before_an_edit_and_connects_after_it_is_reloaded(server):
    """The race a fast second save hits: the tab fetched the page, the edit's reload went out
    while the tab was still connecting, so it never heard it; on hello the server tells it."""
    page = f"{BASE}papers/{SLUG}/"
    url = f"http://127.0.0.1:{server.port}{page}"
    assert raw_get(server.port, page)[0] == 200  # the tab loads the page
    start = server.status()["generation"]
    edit_title(server.content, SLUG, "Changed While The Tab Was Connecting")
    server.wait_for(lambda s: s["generation"] > start and not s["busy"])
    said = livereload_says(server.port, url, wait=5)
    assert {"command": "reload", "path": page} in [{k: m.get(k) for k in ("command", "path")} for m in said], said

    assert "Changed While The Tab Was Connecting" in raw_get(server.port, page)[2]  # reloaded: fresh
    said = livereload_says(server.port, url, wait=1.5)
    assert [m for m in said if m.get("command") == "reload"] == []  # a fresh tab is left alone


def test_port_in_use_is_one_line_and_exit_1(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        shutil.copytree(ROOT / "content", tmp_path / "content")
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "-q", "--content", str(tmp_path / "content"),
             "--output", str(tmp_path / "site"), "--port", str(port)],
            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "already in use" in errors[0] and f"--port {port + 1}" in errors[0]


def test_ctrl_c_stops_cleanly(tmp_path):
    srv = Server(tmp_path, base_url="/")
    srv.wait_ready()
    status, _, _ = raw_get(srv.port, "/")
    assert status == 200
    assert srv.stop() == 0
    assert "Traceback" not in srv.output() and "stopped" in srv.output()


# ------------------------------------------------------------------------ browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_or_skip() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("/usr/bin/chromium is missing and REQUIRE_BROWSER=1")
        pytest.skip("/usr/bin/chromium is missing")


@pytest.mark.browser
def test_open_tab_shows_an_edited_title_without_navigating(tmp_path):
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    srv = Server(tmp_path)
    srv.wait_ready()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{srv.url}papers/{SLUG}/")
            page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                                   " && window.LiveReload.connector._connectionDesired"
                                   " && window.LiveReload.connector.protocol")  # websocket handshake done
            old = page.text_content("h1")
            url = page.url
            for title in ("Edited On Disk, Seen In The Tab", "Edited Again Within A Second"):
                edit_title(srv.content, SLUG, title)
                # One predicate for both: a second live reload may start between two separate checks.
                page.wait_for_function("t => document.querySelector('h1') &&"
                                       " document.querySelector('h1').textContent.trim() === t"
                                       " && document.title.includes(t)",
                                       arg=title, timeout=30_000)
                page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol",
                                       timeout=30_000)
            assert page.url == url and old != page.text_content("h1")
            browser.close()
    finally:
        assert srv.stop() == 0
