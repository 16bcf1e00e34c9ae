"""`python build.py serve`: build, serve site/ under its base path, rebuild and reload on change.

Built on livereload (tornado): its websocket handler and livereload.js reload open tabs.
Where livereload falls short this module wraps it:

* the site is mounted at the base path Pages uses (`/catalog/` -> site/), `/` redirects
  there, and anything outside it gets the site's own 404.html with status 404;
* files are served by our handler, which refuses anything that could leave site/
  (`..`, `%2e%2e`, encoded slashes or backslashes, NUL, absolute paths, symlinks out);
* reloads are not throttled (livereload ignores a second change within 3 s): every
  rebuild reloads, and only the tabs showing a page that changed;
* a broken edit does not stop the server: the error (file and line) is printed and shown
  as an overlay on every page until a good save, which rebuilds and reloads.

Watching is catalog/serve/watch.py (inotify, else polling mtimes). Rebuilds run the build
of `python build.py` (catalog/serve/builder.py).
"""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from ..render import site as render
from ..config import load_config
from ..errors import ContentError
from .builder import Builder, BuildError, Stage
from .watch import EVERYTHING, make_watcher
from ..render.urls import normalise_base_url, output_file

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
TAB_RELOAD_WAIT = 1.0  # after the fast preview, let reloaded tabs load before the exact rebuild


# ------------------------------------------------------------------------ state

class State:
    """What the server knows about the build, shared by the builder thread and tornado."""

    def __init__(self, site: Path, base_url: str):
        self.site = site
        self.base_url = base_url
        self.error: BuildError | None = None
        self.generation = 0       # completed rebuilds
        self.busy = False         # a rebuild is running
        self.pending = False      # kept for clients of the status API: builds are exact, never pending
        self.indexing = False     # the search index is being refreshed
        self.lock = threading.Lock()

    def status(self) -> dict:
        error = self.error
        return {"generation": self.generation, "busy": self.busy, "pending": self.pending, "indexing": self.indexing,
                "error": None if error is None else {"message": error.message, "path": error.path, "line": error.line}}


# ------------------------------------------------------------------------ reloading

class ReloadHandler(LiveReloadHandler):
    """livereload's websocket, remembering which page each tab shows."""

    page_path = ""
    connected = threading.Condition()
    connections = 0  # tabs that said hello so far (a reloaded tab says it once loaded)

    def on_message(self, message):
        try:
            data = json.loads(message)
        except ValueError:
            return
        if data.get("command") == "info" and "url" in data:
            self.page_path = urlsplit(str(data["url"])).path
        super().on_message(message)
        if data.get("command") == "info":
            with ReloadHandler.connected:
                ReloadHandler.connections += 1
                ReloadHandler.connected.notify_all()


class Reloader:
    """Sends livereload's reload command, every time, to the tabs whose page changed."""

    def __init__(self, loop: IOLoop, state: State):
        self.loop, self.state = loop, state
        self.expected = 0  # connections count once every reloaded tab is back

    def __call__(self, changed: set[str] | None) -> None:
        with ReloadHandler.connected:
            self.expected = -1  # not sent yet
        self.loop.add_callback(self._send, changed)

    def _send(self, changed: set[str] | None) -> None:
        sent = 0
        for waiter in list(LiveReloadHandler.waiters):
            if changed is not None and not (self._file_of(waiter.page_path) & changed):
                continue
            try:
                waiter.write_message({"command": "reload", "path": waiter.page_path or "*",
                                      "liveCSS": False, "liveImg": False})
                sent += 1
            except Exception:  # a tab that went away
                LiveReloadHandler.waiters.discard(waiter)
        with ReloadHandler.connected:
            self.expected = ReloadHandler.connections + sent
            ReloadHandler.connected.notify_all()

    def wait_for_tabs(self, timeout: float) -> None:
        """Until the tabs just reloaded have loaded again (they reconnect), at most `timeout`:
        the rest of a rebuild would otherwise compete with serving them."""
        deadline = time.monotonic() + timeout
        with ReloadHandler.connected:
            while self.expected < 0 or ReloadHandler.connections < self.expected:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                ReloadHandler.connected.wait(left)

    def _file_of(self, page_path: str) -> set[str]:
        """The site files a tab at `page_path` shows (its page; any page shows the assets)."""
        path = unquote(page_path)
        files = {"404.html"}
        if path.startswith(self.state.base_url):
            files.add(output_file(path[len(self.state.base_url):]))
        return files


# ------------------------------------------------------------------------ HTTP

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
        (r"/livereload", ReloadHandler),
        (r"/livereload\.js", LiveReloadJSHandler),
        (STATUS_PATH, StatusHandler, {"state": state}),
        (r".*", SiteHandler, {"state": state}),
    ], log_function=_log)


def _log(handler: web.RequestHandler) -> None:
    if handler.get_status() >= 500:  # 404s of a preview are normal; tornado would print each one
        print(f"{handler.get_status()} {handler.request.method} {handler.request.uri}", file=sys.stderr)


# ------------------------------------------------------------------------ the loop

class Rebuilder(threading.Thread):
    """Waits for changes and rebuilds; tells the reloader what changed."""

    def __init__(self, builder: Builder, watcher, state: State, reload, say, warn):
        super().__init__(name="rebuild", daemon=True)
        self.builder, self.watcher, self.state = builder, watcher, state
        self.reload, self.say, self.warn = reload, say, warn
        self.stopping = threading.Event()
        self.search_due: float | None = None
        self.search_thread: threading.Thread | None = None
        self.search_warned = False

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                changed = self.watcher.wait(0.25)
            except OSError:
                if self.stopping.is_set():
                    return
                raise
            if self.stopping.is_set():
                return
            if changed:
                self.rebuild(changed)
            self.maybe_index()

    def publish(self, stage: Stage) -> None:
        if stage.changed:
            self.reload(stage.changed)

    def rebuild(self, changed: set[Path]) -> None:
        state = self.state
        state.busy = True
        try:
            if state.error is None and EVERYTHING not in changed:
                preview = self.builder.preview(changed)
                if preview is not None and preview.changed:
                    self.publish(preview)
                    if hasattr(self.reload, "wait_for_tabs"):
                        self.reload.wait_for_tabs(TAB_RELOAD_WAIT)
            paths = set() if EVERYTHING in changed else changed
            self.builder.update(paths, publish=self.publish)
        except BuildError as exc:
            first = state.error is None or str(state.error) != str(exc)
            state.error = exc
            if first:
                self.warn(f"error: {exc}")
            self.reload(None)  # show the overlay in every tab
        except Exception as exc:  # a bug of ours must not stop the preview either
            state.error = BuildError(f"{type(exc).__name__}: {exc}")
            self.warn(f"error: unexpected {type(exc).__name__} while rebuilding: {exc}")
            self.reload(None)
        else:
            if state.error is not None:
                state.error = None
                self.say("fixed: build is good again")
                self.reload(None)
            self.search_due = time.monotonic() + 1.0
        finally:
            state.generation += 1
            state.busy = False

    def maybe_index(self) -> None:
        """Refresh the Pagefind index a moment after the last change (in the background)."""
        if self.search_due is None or time.monotonic() < self.search_due:
            return
        if self.search_thread is not None and self.search_thread.is_alive():
            return
        if self.state.error is not None:
            return
        self.search_due = None
        self.state.indexing = True
        self.search_thread = threading.Thread(target=self._index, name="search-index", daemon=True)
        self.search_thread.start()

    def _index(self) -> None:
        try:
            self.builder.refresh_search()
        except (ContentError, OSError) as exc:
            if not self.search_warned:
                self.warn(f"warning: search index not updated: {exc}")
                self.search_warned = True
        finally:
            self.state.indexing = False

    def stop(self) -> None:
        self.stopping.set()


def serve(args) -> int:
    try:
        return _serve(args)
    except KeyboardInterrupt:  # Ctrl-C during the first build
        print("stopped", flush=True)
        return 0


def _serve(args) -> int:
    say = (lambda *a: None) if getattr(args, "quiet", False) else (lambda *a: print(*a, flush=True))
    warn = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    content, site = Path(args.content), Path(args.output)
    try:
        base_url = load_config(content, base_url=args.base_url, site_url=args.site_url).base_url
    except ContentError as exc:  # site.yaml broken at start: serve at the option's base, show the error
        base_url = normalise_base_url(args.base_url or "/")
        warn(f"error: {exc}")
    try:
        sockets = bind_sockets(args.port, address=args.host, family=socket.AF_UNSPEC)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            warn(f"error: port {args.port} on {args.host} is already in use; "
                 f"try another one, e.g. python build.py serve --port {args.port + 1}")
        else:
            warn(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return 1

    state = State(site, base_url)
    builder = Builder(content, site, base_url=args.base_url, site_url=args.site_url, say=say)
    try:
        builder.full()
    except BuildError as exc:
        state.error = exc
        warn(f"error: {exc}")
    watcher = make_watcher(content, render.TEMPLATES)
    loop = IOLoop.current()
    reloader = Reloader(loop, state)
    rebuilder = Rebuilder(builder, watcher, state, reloader, say, warn)
    if state.error is None:
        rebuilder.search_due = time.monotonic()
    server = HTTPServer(application(state))
    server.add_sockets(sockets)
    rebuilder.start()
    host = f"[{args.host}]" if ":" in args.host else args.host
    port = sockets[0].getsockname()[1]
    print(f"Serving {site}/ at http://{host}:{port}{base_url}  (Ctrl-C to stop)", flush=True)

    def stop(*_):
        loop.add_callback_from_signal(loop.stop)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        rebuilder.stop()
        server.stop()
        rebuilder.join(timeout=2)
        if not rebuilder.is_alive():
            watcher.close()
        builder.close()
        print("stopped", flush=True)
    return 0
