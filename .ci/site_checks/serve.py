"""Serve a built site on 127.0.0.1 the way GitHub Pages does, for the site checks.

    python .ci/site_checks/serve.py SITE_DIR PREFIX PORT

The site is served under PREFIX ("/" or "/REPO/"); anything outside it, or missing,
gets the site's 404.html with status 404 (as on Pages), so the 404 state can be checked
at a deep URL. Text is sent gzip-compressed when the client asks, as Pages does, so
Lighthouse measures what readers get. Runs until killed.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit


class Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_base__")
        return super().translate_path("/" + path[len(self.prefix):])

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path)
                or not (kind.startswith("text/") or kind in ("application/json", "application/xml", "image/svg+xml"))
                or not urlsplit(self.path).path.endswith(("/", ".html", ".css", ".js", ".json", ".xml", ".svg"))):
            return super().do_GET()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def main(site: str, prefix: str, port: str) -> None:
    handler = type("SiteHandler", (Handler,), {"prefix": prefix, "extensions_map": {
        **Handler.extensions_map, ".js": "text/javascript", ".mjs": "text/javascript"}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)),
                                             functools.partial(handler, directory=str(Path(site).resolve())))
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
