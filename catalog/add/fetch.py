"""Get papers for `add`: by id from arXiv's API or from the bulk snapshot, or by an API search.

The API goes through enrich's client (batches of up to 100 ids, one request every 3 s,
retries with back-off) and its cache in `.cache/arxiv/api.jsonl`: an answer cached with its
abstract is not asked again, and what `add` learns serves a later `enrich`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..enrich.arxiv_api import BATCH, ApiUnavailable, Client
from ..enrich.cache import Cache
from ..arxiv.record import from_raw
from ..enrich.snapshot import read_snapshot
from ..errors import ContentError
from .records import record_line, snapshot_record


@dataclass
class Fetched:
    lines: dict[str, bytes] = field(default_factory=dict)  # id -> the record line to write
    titles: dict[str, str] = field(default_factory=dict)   # id -> title, for the report
    problems: dict[str, str] = field(default_factory=dict)  # id -> why it gets no line
    stopped: str | None = None  # the API failed: why (the ids not asked are in problems too)
    requests: int = 0
    cached: int = 0

    def take(self, ident: str, raw: dict, line: bytes) -> None:
        """Keep a paper's record, unless arXiv withdrew the paper."""
        record = from_raw(raw)
        if record.withdrawn:
            self.problems[ident] = "withdrawn on arXiv" + (f" ({record.comment})" if record.comment else "") + "; not added"
        else:
            self.lines[ident], self.titles[ident] = line, record.title


def from_api(ids: list[str], client: Client, cache: Cache) -> Fetched:
    fetched = Fetched()
    to_ask = []
    for ident in ids:
        raw = cache.get(ident) if ident in cache else None
        if raw and raw.get("abstract"):
            fetched.cached += 1
            fetched.take(ident, raw, record_line(snapshot_record(raw)))
        else:  # not asked yet, asked by enrich (no abstract kept), or unknown then: ask
            to_ask.append(ident)
    for start in range(0, len(to_ask), BATCH):
        batch = to_ask[start:start + BATCH]
        try:
            answer = client.fetch(batch)
        except ApiUnavailable as exc:
            fetched.stopped = str(exc)
            for ident in to_ask[start:]:
                fetched.problems[ident] = "not fetched: the arXiv API failed (see above); run `add` again later"
            break
        finally:
            fetched.requests = client.requests
        cache.add(answer.records, answer.unknown + list(answer.rejected))
        for ident in batch:
            if ident in answer.records:
                raw = answer.records[ident]
                fetched.take(ident, raw, record_line(snapshot_record(raw)))
            else:
                fetched.problems[ident] = answer.rejected.get(ident, "arXiv does not know this id")
    return fetched


def from_snapshot(ids: list[str], snapshot: Path) -> Fetched:
    """The records of `ids` in the snapshot, each line kept exactly as the snapshot has it."""
    if not snapshot.is_file():
        raise ContentError(snapshot, None, "no such snapshot file")
    fetched, warnings = Fetched(), []
    for hit in read_snapshot(snapshot, set(ids), warnings.append):
        if hit.raw is None:
            fetched.problems[hit.id] = f"its record at {snapshot}:{hit.line} is malformed"
        else:
            fetched.take(hit.id, hit.raw, hit.text.rstrip(b"\r\n") + b"\n")
    for ident in ids:
        if ident not in fetched.lines and ident not in fetched.problems:
            fetched.problems[ident] = f"not in {snapshot.name}"
    return fetched


@dataclass
class Search:
    records: list[dict] = field(default_factory=list)  # raw API records, newest first
    total: int = 0        # what arXiv counts for the query (all dates)
    older: int = 0        # results seen that are older than --since
    stopped: str | None = None


def search(client: Client, cache: Cache, query: str, since: date | None, limit: int,
           page_size: int = BATCH) -> Search:
    """Up to `limit` results submitted on or after `since`, newest first, a page at a time.

    Paging stops at the limit, at the end of the results, or at a page holding nothing new
    enough (arXiv sorts by submission date, so the pages after it are older still)."""
    found, start = Search(), 0
    while len(found.records) < limit:
        try:
            page = client.search(query, start, min(page_size, limit - len(found.records)))
        except ApiUnavailable as exc:
            found.stopped = str(exc)
            break
        found.total = page.total
        cache.add({raw["id"]: raw for raw in page.records}, [])
        recent = [raw for raw in page.records if since is None or raw.get("published", "") >= since.isoformat()]
        found.older += len(page.records) - len(recent)
        found.records += recent[:limit - len(found.records)]
        start += len(page.records)
        if not page.records or not recent or start >= page.total:
            break
    return found
