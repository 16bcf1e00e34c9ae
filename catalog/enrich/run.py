"""Enrich: real titles, authors, dates, categories, DOI and journal from arXiv into pages.

Two sources, one merge (apply.py): arXiv's API (`enrich_from_api`, cached on disk) or
arXiv's bulk metadata snapshot (`enrich_from_snapshot`, streamed). Pages are written as
they are enriched, so an interrupted run keeps its progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from ..errors import ContentError
from ..page_update import updated_text
from ..pages import Page, load_pages, write_if_changed
from .apply import apply_record, is_curated, may_set
from .arxiv_api import BATCH, ApiUnavailable, Client
from .cache import Cache
from ..arxiv.record import base_id, from_raw
from .snapshot import read_snapshot
from .ids import fill_ids, id_less
from .by_abstract import AbstractMatcher

ENRICHED = ("title", "authors", "date", "comments", "categories", "doi", "journal", "year")


@dataclass
class EnrichResult:
    to_fill: int = 0                 # distinct arXiv ids whose pages enrich may fill
    curated: int = 0                 # pages left alone as curated
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)    # one line per id (or batch) that got nothing
    failed_ids: int = 0
    warnings: list[str] = field(default_factory=list)  # withdrawn papers, malformed lines
    requests: int = 0
    cached: int = 0
    id_less: int = 0                 # pages without an id looked for in the snapshot by their abstract
    ids_found: list[str] = field(default_factory=list)    # one line per page that got its id
    ids_missing: list[str] = field(default_factory=list)  # one line per page that did not, and why

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self, source: str) -> str:
        asked = f"; {self.requests} requests, {self.cached} answers from the cache" if source == "api" else ""
        pages = f"{self.id_less} page{'' if self.id_less == 1 else 's'}"
        by_text = (f"; {pages} without an id: {len(self.ids_found)} found by their abstract, "
                   f"{len(self.ids_missing)} not" if self.id_less else "")
        return (f"enrich ({source}): {self.to_fill} arXiv ids to fill, {self.curated} curated pages left alone -> "
                f"{len(self.updated)} pages updated, {self.unchanged} unchanged, {self.failed_ids} ids failed{asked}"
                f"{by_text}")

    def fail(self, message: str, ids: int = 1) -> None:
        self.failed.append(message)
        self.failed_ids += ids


def select(pages: list[Page], result: EnrichResult) -> dict[str, list[Page]]:
    """Base arXiv id -> the pages with that id that enrich may still fill, in id order."""
    wanted: dict[str, list[Page]] = {}
    for page in pages:
        meta = page.meta
        if not meta.get("arxiv"):
            continue
        if is_curated(meta):
            result.curated += 1
            continue
        ident = base_id(meta["arxiv"])
        if ident is None:
            result.fail(f"{page.path}: {meta['arxiv']!r} is not an arXiv id")
        elif any(may_set(meta, key) for key in ENRICHED):
            wanted.setdefault(ident, []).append(page)
    result.to_fill = len(wanted)
    return dict(sorted(wanted.items()))


def merge(pages: list[Page], raw: dict, result: EnrichResult) -> None:
    """Apply one record to its pages and write those that changed."""
    record = from_raw(raw)
    if record.withdrawn:
        result.warnings.append(f"arXiv:{record.id}: withdrawn on arXiv"
                               f"{' (' + record.comment + ')' if record.comment else ''}; metadata filled all the same")
    for page in pages:
        apply_record(page.meta, record)
        text = updated_text(page, page.meta, page.body)  # the person's layout kept
        # Compared with the text as read first: a second run reads no page twice.
        if text != page.text and write_if_changed(page.path, text):
            result.updated.append(page.slug)
        else:
            result.unchanged += 1


def _where(pages: list[Page]) -> str:
    return ", ".join(str(p.path) for p in pages)


def _bar(total: int | None, quiet: bool, unit: str, **kwargs) -> tqdm:
    # disable=None: no bar when stderr is not a terminal (tests, CI logs)
    return tqdm(total=total, unit=unit, disable=True if quiet else None, leave=False, **kwargs)


def enrich_from_api(content_dir: Path, client: Client, cache: Cache, quiet: bool = False) -> EnrichResult:
    result = EnrichResult()
    wanted = select(load_pages(Path(content_dir) / "papers"), result)
    for ident in [i for i in wanted if i in cache]:
        result.cached += 1
        _answer(ident, cache.get(ident), wanted[ident], result, "cached answer; --refresh asks again")
    to_ask = [i for i in wanted if i not in cache]
    with _bar(len(to_ask), quiet, "id", desc="arXiv API") as bar:
        for start in range(0, len(to_ask), BATCH):
            batch = to_ask[start:start + BATCH]
            try:
                answer = client.fetch(batch)
            except ApiUnavailable as exc:
                left = len(to_ask) - start
                result.fail(f"error: {exc}; {left} ids not enriched, run `enrich` again later", left)
                break
            finally:
                result.requests = client.requests
            cache.add(answer.records, answer.unknown + list(answer.rejected))
            for ident in batch:
                raw = answer.records.get(ident)
                why = answer.rejected.get(ident, "arXiv does not know this id")
                _answer(ident, raw, wanted[ident], result, why)
            bar.update(len(batch))
    return result


def _answer(ident: str, raw: dict | None, pages: list[Page], result: EnrichResult, why: str) -> None:
    if raw is None:
        result.fail(f"arXiv:{ident} ({_where(pages)}): {why}")
    else:
        merge(pages, raw, result)


def enrich_from_snapshot(content_dir: Path, snapshot: Path, quiet: bool = False) -> EnrichResult:
    result = EnrichResult()
    snapshot = Path(snapshot)
    if not snapshot.is_file():
        raise ContentError(snapshot, None, "no such snapshot file")
    pages = load_pages(Path(content_dir) / "papers")
    wanted = select(pages, result)
    matcher = AbstractMatcher(id_less(pages))
    result.id_less = len(matcher.pages)
    found: set[str] = set()
    size = None if snapshot.suffix == ".gz" else snapshot.stat().st_size  # the bar counts uncompressed bytes
    with _bar(size, quiet, "B", unit_scale=True, desc="snapshot") as bar:
        for hit in read_snapshot(snapshot, set(wanted), result.warnings.append, bar.update,
                                 matcher.consider if matcher.pages else None):
            found.add(hit.id)
            if hit.raw is None:
                result.fail(f"arXiv:{hit.id} ({_where(wanted[hit.id])}): its record at {snapshot}:{hit.line} is malformed")
            else:
                merge(wanted[hit.id], hit.raw, result)
    for ident in wanted.keys() - found:
        result.fail(f"arXiv:{ident} ({_where(wanted[ident])}): not in {snapshot.name}")
    result.failed.sort()
    for page, raw in fill_ids(matcher.verdicts(), pages, result, snapshot.name):
        merge([page], raw, result)
    return result

