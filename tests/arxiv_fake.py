"""A stand-in for arXiv's query API on 127.0.0.1, for tests that must not touch the network.

It answers `?id_list=…&start=…&max_results=…` in the API's Atom format: the entries of
tests/data/enrich/api_entries.xml and tests/data/add/search_entries.xml that were asked
for, wrapped in a feed header like the real one; nothing for an id it does not know (as
arXiv does); HTTP 400 with an error entry for a malformed id (as arXiv does).
`?search_query=…&sortBy=submittedDate&sortOrder=descending&start=…&max_results=…` is
answered from the same entries: terms `abs:`, `ti:`, `au:`, `cat:`, `all:` (a word or a
"quoted phrase", matched on words as arXiv's index does, so "mixture of experts" matches
"Mixture-of-Experts") joined by AND; the matches newest first, a page of them, with
opensearch:totalResults counting them all. `script` lists statuses to answer first (503,
429; None answers normally) to exercise the client's retries. Every request is counted.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, unescape

ENTRIES = Path(__file__).parent / "data" / "enrich" / "api_entries.xml"
SEARCH_ENTRIES = Path(__file__).parent / "data" / "add" / "search_entries.xml"
TERM = re.compile(r'^(abs|ti|au|cat|all):(?:"([^"]+)"|(\S+))$')
VALID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
# The header as arXiv writes it (a recorded answer): the opensearch namespace is declared on
# each element, the arxiv one on each arxiv: element of the entries.
FEED_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{query}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {query}</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2026-11-30T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{per_page}</opensearch:itemsPerPage>
"""
ERROR_ENTRY = """  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_{bad}</id>
    <title>Error</title>
    <summary>incorrect id format for {bad}</summary>
    <updated>2026-11-30T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_{bad}" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
"""


def load_entries(*paths: Path) -> dict[str, str]:
    """Base id -> the text of its <entry> element."""
    entries = {}
    for path in paths or (ENTRIES, SEARCH_ENTRIES):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"  <entry>.*?</entry>\n", text, re.DOTALL):
            ident = re.search(r"<id>https?://arxiv\.org/abs/(.+?)(?:v\d+)?</id>", block).group(1)
            entries[ident] = block
    return entries


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", unescape(text).lower())


def _fields(block: str) -> dict[str, list[str]]:
    def text(tag: str) -> str:
        return " ".join(re.findall(rf"<{tag}>(.*?)</{tag}>", block, re.DOTALL))
    fields = {"abs": _words(text("summary")), "ti": _words(text("title")), "au": _words(text("name"))}
    fields["all"] = fields["ti"] + [""] + fields["abs"] + [""] + fields["au"]
    return fields


def matches(block: str, query: str) -> bool:
    """`block` answers every AND-ed term of `query`; ValueError for syntax the fake does not know."""
    fields = _fields(block)
    for term in re.findall(r'\S+:"[^"]*"|\S+', query):
        if term == "AND":
            continue
        found = TERM.match(term)
        if not found:
            raise ValueError(term)
        key, phrase = found.group(1), found.group(2) or found.group(3)
        if key == "cat":
            if f'term="{phrase}"' not in block.split("<arxiv:primary_category", 1)[-1]:
                return False
            continue
        want, words = _words(phrase), fields[key]
        if not any(words[i:i + len(want)] == want for i in range(len(words))):
            return False
    return True


def published(block: str) -> str:
    return re.search(r"<published>(.*?)</published>", block).group(1)


class FakeArxiv:
    def __init__(self, entries: dict[str, str] | None = None, script: list[int] | None = None):
        self.entries = load_entries() if entries is None else entries
        self.script = list(script or [])
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/query"

    def __enter__(self) -> "FakeArxiv":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, query: str) -> tuple[int, dict, str]:
        self.requests.append(query)
        status = self.script.pop(0) if self.script else None
        if status is not None:
            return status, {"Retry-After": "0", "Content-Type": "text/plain"}, "Rate exceeded.\n"
        args = parse_qs(query)
        if "search_query" in args:
            return self.search(query, args)
        ids = [i for i in args.get("id_list", [""])[0].split(",") if i]
        start, per_page = int(args.get("start", ["0"])[0]), int(args.get("max_results", ["10"])[0])
        bad = [i for i in ids if not VALID.match(i)]
        if bad:
            body = FEED_HEAD.format(query=escape(query), total=1, start=0, per_page=1) + ERROR_ENTRY.format(bad=bad[0])
            return 400, {"Content-Type": "application/atom+xml"}, body + "</feed>\n"
        found = [self.entries[b] for b in (re.sub(r"v\d+$", "", i) for i in ids) if b in self.entries]
        page = found[start:start + per_page]
        body = FEED_HEAD.format(query=escape(query), total=len(found), start=start, per_page=per_page) + "".join(page)
        return 200, {"Content-Type": "application/atom+xml; charset=utf-8"}, body + "</feed>\n"

    def search(self, query: str, args: dict) -> tuple[int, dict, str]:
        start, per_page = int(args.get("start", ["0"])[0]), int(args.get("max_results", ["10"])[0])
        try:
            found = [b for b in self.entries.values() if matches(b, args["search_query"][0])]
        except ValueError as exc:
            body = FEED_HEAD.format(query=escape(query), total=1, start=0, per_page=1) + ERROR_ENTRY.format(bad=exc)
            return 400, {"Content-Type": "application/atom+xml"}, body.replace("incorrect id format for", "malformed query term") + "</feed>\n"
        if args.get("sortBy") == ["submittedDate"]:
            found.sort(key=lambda b: (published(b), b), reverse=args.get("sortOrder") != ["ascending"])
        page = found[start:start + per_page]
        body = FEED_HEAD.format(query=escape(query), total=len(found), start=start, per_page=per_page) + "".join(page)
        return 200, {"Content-Type": "application/atom+xml; charset=utf-8"}, body + "</feed>\n"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, headers, body = fake.answer(urlsplit(self.path).query)
                data = body.encode("utf-8")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
