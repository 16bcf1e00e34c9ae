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

Here: the rebuild loop and the server's start. The HTTP handlers are handlers.py,
reloading the tabs reload.py, watching watch.py (inotify, else polling mtimes). Rebuilds
run the build of `python build.py` (builder.py).
"""

from __future__ import annotations

import errno
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from ..render import site as render
from ..config import load_config
from ..errors import ContentError
from .builder import Builder, BuildError, Stage
from .handlers import application
from .reload import Reloader, State
from .watch import EVERYTHING, make_watcher
from ..render.urls import normalise_base_url

TAB_RELOAD_WAIT = 1.0  # after the fast preview, let reloaded tabs load before the exact rebuild


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
