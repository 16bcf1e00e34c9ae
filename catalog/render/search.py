"""Search index: Pagefind fed one small record per paper, made from the model.

The pages are not read: `records(model)` gives each paper's URL and a few lines of HTML
holding what a search matches and a result shows: the abstract as the text (results
quote it), then Pagefind metadata (title, authors, venue, ids, date, code link, topics;
Pagefind 1.5 searches metadata too, and search.js weights title, authors, venue and ids
so that a match there ranks first), the filters topic and year, and the sort key date.
The pipeline indexes them after the pages are rendered (while Pagefind runs, only the
build's main process is alive: less memory at once than beside the render workers, and
no slower on two busy cores: bench/search_index_results.md), and only when the pages'
sources, topics.yaml or the code changed, not for a layout change. The browser side is
templates/static/search.js. Time and memory of the ways to feed Pagefind:
bench/search_index_bench.py; what they find: bench/search_quality.py.
"""

from __future__ import annotations

import base64
import itertools
import json
import subprocess
import tempfile
import threading
import time
from html import escape
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import ContentError
from .pagefind_files import canonicalise

BUNDLE = "pagefind"  # site-relative directory of the index; search.js loads BUNDLE/pagefind.js
LANGUAGE = "en"      # one index for the whole site, whatever lang a page declares
# Pagefind's stock UIs and highlighter: we ship our own small UI (static/search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# MathML annotations hold a formula's TeX (for copying): the rendered formula is indexed.
CONFIG = {"force_language": LANGUAGE, "exclude_selectors": ["annotation"]}
AUTHORS_SHOWN = 6    # result meta lists this many authors, then "et al."


def executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    found = get_executable() if get_executable else None
    if found is None or not Path(found).is_file():
        raise ContentError("pagefind", None, "the search indexer is missing: pip install 'pagefind[bin]'")
    return Path(found)


# --- What is indexed -------------------------------------------------------------------

def records(model) -> Iterator[tuple[str, str]]:
    """(URL, HTML) of every paper, in the model's (slug) order; made as they are used, so
    100k records are never all in memory at once."""
    return (("/" + paper.path, record(paper)) for paper in model.papers)


def record(paper) -> str:
    """One paper for Pagefind: the abstract is the text (what results quote); title,
    authors, venue and ids are metadata, which Pagefind 1.5 searches too (search.js
    weights them: a title match ranks first); filters topic and year; the sort key date.
    Nothing twice (issue 19: index size and Pagefind's memory): search.js takes the arXiv id
    from `ids` ("arXiv:<id>") and the topics from the topic filter.
    The teaser is not stored: search.js cuts it from the abstract. The same record
    whether the index is built at once or in shards (shards.py merges them)."""
    meta, authors = paper.meta, paper.meta["authors"]
    shown = ", ".join(authors[:AUTHORS_SHOWN])
    if len(authors) > AUTHORS_SHOWN or (authors and paper.authors_incomplete):
        shown += ", et al."
    ids = ([paper.arxiv, "arXiv:" + paper.arxiv] if paper.arxiv else []) + ([paper.slug] if paper.slug != paper.arxiv else [])
    fields = [("meta", "title", paper.title), ("meta", "authors", shown if authors else None),
              ("meta", "names", ", ".join(authors[AUTHORS_SHOWN:]) or None),
              ("meta", "date", paper.date_label if paper.date and not paper.date_repeats_venue else None),
              ("filter", "year", paper.year), ("meta", "venue", meta["venue"]), ("meta", "ids", " ".join(ids)),
              ("meta", "code", paper.code_links[0][0] if paper.code_links else None),
              ("meta", "derived", "title" if paper.title_derived else None)]  # shown as one, teaser after it
    fields += [("filter", "topic", t.key) for t in paper.topics]
    fields.append(("sort", "date", sort_value(paper)))
    out = ['<html lang="en"><body>', paper.abstract_html, "<div data-pagefind-ignore>"]
    out += [f'<span data-pagefind-{kind}="{name}">{escape(value)}</span>' for kind, name, value in fields if value is not None]
    out.append("</div></body></html>")
    return "".join(out)


def sort_value(paper) -> str:
    """The paper's value of the sort "date" (undated papers first, oldest to newest)."""
    return paper.date or "0000"


# --- Building it -----------------------------------------------------------------------

def build_index(recs: Iterable[tuple[str, str]], count: int, bundle: Path,
                say: Callable[..., None] = print) -> float:
    """Index the `count` records `recs` into the directory `bundle` (made; its parent must
    exist); the seconds it took. Raises ContentError on failure (what was written then is
    the caller's to remove)."""
    if not count:
        say("search index: no papers, none built")
        return 0.0
    started = time.perf_counter()
    files = _run_service(recs, count)
    bundle = Path(bundle)
    for item in files:
        path = bundle / item["path"]
        if path.name not in UNUSED:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(item["content"]))
    del files
    pages = indexed_pages(bundle)
    if pages != count:
        raise ContentError("pagefind", None, f"search index holds {pages} pages, expected one per paper ({count})")
    canonicalise(bundle)
    seconds = time.perf_counter() - started
    say(f"search index: {pages} papers in {seconds:.2f} s -> {BUNDLE}/")
    return seconds


def _run_service(recs: Iterable[tuple[str, str]], count: int) -> list[dict]:
    """The index's files ({"path", "content": base64}) from one `pagefind --service`: a new
    index, every record, then GetFiles. The protocol is the one Pagefind's Python and Node
    APIs speak (base64 JSON messages, each followed by a comma); a thread writes while
    this one reads, so no pipe fills up. GetFiles rather than WriteFiles: Pagefind exits
    as soon as its input closes, and its own writes may not have reached the disk then."""
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=errors)
        except OSError as exc:
            raise ContentError("pagefind", None, f"search index failed: {exc}") from None
        failed: list = []  # what went wrong in the writer thread
        writer = threading.Thread(target=_write_all, args=(proc.stdin, _messages(recs), failed), daemon=True)
        writer.start()
        files, failure = None, None
        try:
            for number, payload in enumerate(_answers(proc.stdout, count + 2), start=1):
                if payload.get("type") == "Error":
                    failure = str(payload.get("message") or "error")
                    break
                if number == count + 2:
                    files = payload.get("files")
        except ValueError as exc:
            failure = f"unreadable answer ({exc})"
        finally:
            if writer.is_alive():  # Pagefind stopped early: stop it for good, the writer with it
                proc.kill()
            writer.join()
            try:
                proc.stdin.close()  # Pagefind exits at the end of its input
            except OSError:
                pass
            proc.wait()
            proc.stdout.close()
        if failed:
            raise failed[0]
        if files is None:
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip().splitlines()
            raise ContentError("pagefind", None, "search index failed: "
                               + (detail[-1] if detail else failure or "Pagefind stopped before answering"))
    return files


def _messages(recs: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    payloads = itertools.chain(
        [{"type": "NewIndex", "config": CONFIG}],
        ({"type": "AddFile", "index_id": 0, "url": url, "file_contents": html} for url, html in recs),
        [{"type": "GetFiles", "index_id": 0}])
    for number, payload in enumerate(payloads, start=1):
        yield base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b","


def _write_all(pipe, messages: Iterator[bytes], failed: list) -> None:
    try:
        for data in messages:
            pipe.write(data)
        pipe.flush()
    except (BrokenPipeError, ValueError, OSError):  # Pagefind exited: the reader says why
        pass
    except BaseException as exc:  # making a record failed: end Pagefind's input, so it stops
        failed.append(exc)
        try:
            pipe.close()
        except OSError:
            pass


def _answers(pipe, count: int) -> Iterator[dict]:
    """The payloads of up to `count` answers, as they come."""
    buffer = bytearray()
    while count:
        chunk = pipe.read1(1 << 20)
        if not chunk:
            return
        start = len(buffer)
        buffer += chunk
        end = buffer.find(b",", start)
        while end >= 0 and count:
            yield json.loads(base64.b64decode(bytes(buffer[:end]))).get("payload") or {}
            count -= 1
            del buffer[:end + 1]
            end = buffer.find(b",")


def indexed_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(bundle / "pagefind-entry.json", None, f"search index is unreadable: {exc}") from None
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())


