"""The HTTP side of `serve`: site/ under its base path, nothing outside it, livereload's
script and the build error overlay in every page, and the status API."""

from __future__ import annotations

import html
import mimetypes
import sys
import time
from pathlib import Path
from urllib.parse import unquote

from livereload.handlers import LiveReloadJSHandler
from tornado import web

from .builder import BuildError
from .reload import ReloadHandler, State

STATUS_PATH = "/__serve__/status"
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".xml": "application/xml; charset=utf-8", ".bib": "text/plain; charset=utf-8",
         ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".woff2": "font/woff2"}
# livereload's own snippet: load livereload.js from the server the page came from.
LIVE_SCRIPT = ('<script>(function(){var s=document.createElement("script");'
               'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
               's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
               'document.head.appendChild(s);})();</script>')


class SiteHandler(web.RequestHandler):
    """Serves site/ under the base path; refuses any path that could leave it."""

    def initialize(self, state: State):
        self.state = state

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")

    def head(self):
        return self.get(head=True)

    def get(self, head: bool = False):
        raw = self.request.path
        base = self.state.base_url
        if raw == "/" and base != "/":
            return self.redirect(base)
        if raw + "/" == base:
            return self.redirect(base)
        status, target = resolve(self.state.site, base, raw)
        if status == 301:
            query = f"?{self.request.query}" if self.request.query else ""
            return self.redirect(raw + "/" + query, permanent=False)
        if status == 400:
            raise web.HTTPError(400)
        if status == 404:
            return self.not_found(head)
        if "v=" in self.request.query:  # a versioned asset (?v=<content hash>): the URL changes with it
            self.set_header("Cache-Control", "max-age=31536000, immutable")
        self.send_file(target, 200, head)

    def not_found(self, head: bool = False):
        page = self.state.site / "404.html"
        if page.is_file():
            return self.send_file(page, 404, head)
        self.set_status(404)
        self.set_header("Content-Type", TYPES[".html"])
        self.finish(self.decorate(b"<!doctype html><title>Not found</title><h1>Not found</h1>"))

    def send_file(self, path: Path, status: int, head: bool):
        try:
            data = path.read_bytes()
        except OSError:  # replaced or removed since we looked: treat as missing
            if status == 404:
                raise web.HTTPError(404)
            return self.not_found(head)
        kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".html":
            data = self.decorate(data)
            if status == 200:  # when this page was last served (reload.State.stale)
                self.state.served[path.relative_to(self.state.site.resolve()).as_posix()] = time.monotonic_ns()
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Content-Length", str(len(data)))
        self.finish(b"" if head else data)

    def decorate(self, data: bytes) -> bytes:
        """livereload's script, and the error overlay while the last build is broken."""
        extra = LIVE_SCRIPT.encode()
        error = self.state.error
        if error is not None:
            extra += overlay(error)
        marker = data.find(b"</head>")
        if marker < 0:
            return data + extra
        return data[:marker] + extra + data[marker:]

    def write_error(self, status_code: int, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


def resolve(site: Path, base: str, raw: str) -> tuple[int, Path | None]:
    """(status, file) for a raw request path: 200 with the file, 301 (add a slash), 400 or 404."""
    lowered = raw.lower()
    if "\\" in raw or "\0" in raw or any(code in lowered for code in ("%2f", "%5c", "%00")):
        return 400, None
    if not raw.startswith(base):
        return 404, None
    try:
        rel = unquote(raw[len(base):], errors="strict")
    except UnicodeDecodeError:
        return 400, None
    if "\\" in rel or "\0" in rel:
        return 400, None
    segments = rel.split("/")
    trailing = segments[-1] == ""
    if trailing:
        segments = segments[:-1]
    if any(s in ("", ".", "..") for s in segments):
        return 404, None
    root = site.resolve()
    target = root.joinpath(*segments) if segments else root
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return 404, None
    if real != root and not real.is_relative_to(root):
        return 404, None
    if real.is_dir():
        if not trailing and segments:
            return 301, None
        real = real / "index.html"
        if not real.is_file():
            return 404, None
    elif trailing:
        return 404, None
    return 200, real


def overlay(error: BuildError) -> bytes:
    where = f"{error.path}:{error.line}" if error.path and error.line else (error.path or "")
    return (
        '<div id="build-error" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;'
        "margin:0;padding:1rem 1.25rem;background:#7f1d1d;color:#fff;font:14px/1.5 ui-monospace,monospace;"
        'white-space:pre-wrap;box-shadow:0 4px 16px rgba(0,0,0,.4)"><strong>Build failed</strong>'
        f"{' — ' + html.escape(where) if where else ''}\n{html.escape(error.message)}\n"
        "<small>The page below is the last good build. Save a fix and this page reloads.</small></div>"
    ).encode()


class StatusHandler(web.RequestHandler):
    def initialize(self, state: State):
        self.state = state

    def get(self):
        self.set_header("Cache-Control", "no-store")
        self.finish(self.state.status())


def application(state: State) -> web.Application:
    return web.Application([
        (r"/livereload", ReloadHandler, {"state": state}),
        (r"/livereload\.js", LiveReloadJSHandler),
        (STATUS_PATH, StatusHandler, {"state": state}),
        (r".*", SiteHandler, {"state": state}),
    ], log_function=_log)


def _log(handler: web.RequestHandler) -> None:
    if handler.get_status() >= 500:  # 404s of a preview are normal; tornado would print each one
        print(f"{handler.get_status()} {handler.request.method} {handler.request.uri}", file=sys.stderr)
