"""Reloading the tabs of `serve`: livereload's websocket, remembering which page each tab
shows, and the reload command sent only to the tabs whose page changed (livereload itself
ignores a second change within 3 s); the server's State shared with the builder thread."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

from ..render.urls import output_file
from .builder import BuildError


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
        # When each page was last served and last changed (time.monotonic_ns), touched only
        # on tornado's thread: a tab that loaded a page before it changed, but said hello
        # after the reload went out, is reloaded on hello (see ReloadHandler.on_message).
        self.served: dict[str, int] = {}
        self.changed: dict[str, int] = {}

    def page_file(self, page_path: str) -> str | None:
        """The site file a tab at `page_path` shows (None outside the base path)."""
        path = unquote(page_path)
        if not path.startswith(self.base_url):
            return None
        return output_file(path[len(self.base_url):])

    def stale(self, page_path: str) -> bool:
        """Whether the page at `page_path` changed after it was last served."""
        file = self.page_file(page_path)
        return file is not None and self.changed.get(file, 0) > self.served.get(file, 0)

    def status(self) -> dict:
        error = self.error
        return {"generation": self.generation, "busy": self.busy, "pending": self.pending, "indexing": self.indexing,
                "error": None if error is None else {"message": error.message, "path": error.path, "line": error.line}}


class ReloadHandler(LiveReloadHandler):
    """livereload's websocket, remembering which page each tab shows."""

    page_path = ""
    connected = threading.Condition()
    connections = 0  # tabs that said hello so far (a reloaded tab says it once loaded)

    def initialize(self, state: State):
        self.state = state

    def on_message(self, message):
        try:
            data = json.loads(message)
        except ValueError:
            return
        if data.get("command") == "info" and "url" in data:
            self.page_path = urlsplit(str(data["url"])).path
        super().on_message(message)
        if data.get("command") == "info" and self.state.stale(self.page_path):
            # It loaded the page before an edit and connected after that edit's reload went out.
            self.write_message(reload_message(self.page_path))
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
        now = time.monotonic_ns()
        served = self.state.served
        for file in served if changed is None else changed & served.keys():
            self.state.changed[file] = now
        sent = 0
        for waiter in list(LiveReloadHandler.waiters):
            if changed is not None and not (self._file_of(waiter.page_path) & changed):
                continue
            try:
                waiter.write_message(reload_message(waiter.page_path))
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
        file = self.state.page_file(page_path)
        return {"404.html"} if file is None else {"404.html", file}


def reload_message(page_path: str) -> dict:
    return {"command": "reload", "path": page_path or "*", "liveCSS": False, "liveImg": False}
