"""`add`: papers by arXiv id (or search) -> records in content/sources/ -> the normal ingest.

The records go into a dump (records.py) and the pages come from ingest, so an added paper
is split, cleaned, deduplicated and classified like any other, its title, authors and
categories machine-set fields a person may overwrite. Ids the catalog has, or removed, are
reported and never written again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from ..ingest import ingest
from ..ingest.ledger import ingest_lock
from .fetch import Fetched, Search
from ..arxiv.ids import NotAnId, parse_target
from .known import Known, what_the_catalog_has
from .records import FILE, added_ids, append_records, record_line, snapshot_record


@dataclass
class AddResult:
    done: list[str] = field(default_factory=list)      # one line per paper added (stdout)
    problems: list[str] = field(default_factory=list)  # one line per id not added (stderr)
    notes: list[str] = field(default_factory=list)     # lines that are no failure (stderr)
    present: int = 0          # asked for, already in the catalog
    removed: int = 0          # asked for, removed from the catalog
    added: int = 0
    merged: int = 0           # its abstract was a page already (without the id): the id joined that page
    ingest_warnings: list[str] = field(default_factory=list)
    ingest_summary: str = ""

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


def split_known(ids: list[str], known: Known, result: AddResult, count_only: bool = False) -> list[str]:
    """The ids to fetch; the others get their line (or, for a search, only a count)."""
    wanted = []
    for ident in ids:
        if ident in known.pages:
            result.present += 1
            if not count_only:
                result.problems.append(f"arXiv:{ident}: already in the catalog: {known.pages[ident]}")
        elif known.removed(ident):
            result.removed += 1
            if not count_only:
                result.problems.append(f"arXiv:{ident}: {known.removed(ident)}")
        else:  # also an id written by an earlier run whose ingest made no page: not written again
            wanted.append(ident)
    return wanted


def write_and_ingest(content_dir: Path, wanted: list[str], fetched: Fetched, known: Known,
                     result: AddResult, say: Callable[..., None]) -> None:
    """Append the fetched records (those not written before), ingest, and say where each paper went."""
    if fetched.stopped:
        result.problems.append(f"error: {fetched.stopped}")
    for ident in wanted:
        if ident in fetched.problems:
            result.problems.append(f"arXiv:{ident}: {fetched.problems[ident]}")
    new = [ident for ident in wanted if ident in fetched.lines and ident not in known.added]
    pending = [ident for ident in wanted if ident in known.added or ident in new]
    if new:
        with ingest_lock(content_dir, say):
            # Checked again under the lock: another `add` may have written them meanwhile.
            already = added_ids(content_dir / "sources")
            lines = [fetched.lines[i] for i in new if i not in already]
            if lines:
                append_records(content_dir / "sources", lines)
    if not pending:
        return
    outcome = ingest(content_dir, say=say)
    result.ingest_warnings, result.ingest_summary = [str(w) for w in outcome.warnings], outcome.summary()
    _report(content_dir, pending, fetched, known, result)


def _report(content_dir: Path, pending: list[str], fetched: Fetched, known: Known, result: AddResult) -> None:
    after = what_the_catalog_has(content_dir, before=known)
    lines = added_ids(content_dir / "sources")
    for ident in pending:
        page = after.pages.get(ident)
        title = fetched.titles.get(ident)
        if page is None:
            where = f"{FILE}:{lines.get(ident, '?')}"
            result.problems.append(f"arXiv:{ident}: its record is in content/sources/{where} but ingest made no page "
                                   f"for it (see ingest's warning for {where} above)")
        elif page in known.files:
            result.merged += 1
            result.done.append(f"arXiv:{ident}: its abstract was in the catalog already: {page} now has its id")
        else:
            result.added += 1
            result.done.append(f"added arXiv:{ident} -> {page}" + (f"  ({title})" if title else ""))


def add_ids(content_dir: Path, targets: list[str], fetch: Callable[[list[str]], Fetched],
            say: Callable[..., None]) -> tuple[AddResult, Fetched]:
    """`add ID_OR_URL …`: each target parsed, looked up in the catalog, fetched, added."""
    result, ids = AddResult(), []
    for target in targets:
        try:
            ident = parse_target(target)
        except NotAnId as exc:
            result.problems.append(f"{exc}; skipped")
            continue
        if ident not in ids:
            ids.append(ident)
    known = what_the_catalog_has(content_dir)
    wanted = split_known(ids, known, result)
    to_fetch = [i for i in wanted if i not in known.added]
    fetched = fetch(to_fetch) if to_fetch else Fetched()
    write_and_ingest(content_dir, wanted, fetched, known, result, say)
    return result, fetched


def add_search(content_dir: Path, found: Search, since: date | None,
               say: Callable[..., None]) -> tuple[AddResult, Fetched]:
    """`add --query`: the search's results that are new to the catalog, added. Results the
    catalog has (or removed) are expected on every run of a scheduled search: counted, not failures."""
    result, fetched = AddResult(), Fetched()
    known = what_the_catalog_has(content_dir)
    ids = list(dict.fromkeys(raw["id"] for raw in found.records))
    wanted = split_known(ids, known, result, count_only=True)
    after = f" since {since.isoformat()}" if since else ""
    say(f"search: {len(found.records)} results{after} (of {found.total} for the query; {found.older} older ones "
        f"seen and left) -> {result.present} already in the catalog, {result.removed} removed from it")
    for raw in found.records:
        if raw["id"] in wanted and raw["id"] not in known.added:
            fetched.take(raw["id"], raw, record_line(snapshot_record(raw)))
    for ident, why in sorted(fetched.problems.items()):  # withdrawn on arXiv: a search finds those too
        result.notes.append(f"arXiv:{ident}: {why}")
    wanted = [i for i in wanted if i not in fetched.problems]
    if found.stopped:
        result.problems.append(f"error: {found.stopped}; the results after it were not read, run `add` again later")
    write_and_ingest(content_dir, wanted, fetched, known, result, say)
    return result, fetched
