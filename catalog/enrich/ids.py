"""Pages without an arXiv id and what the snapshot's abstracts say about them (by_abstract.py):
the id is written when one record matches clearly, and every page gets one line saying what
was found. The ownership rules are enrich's (apply.py): a curated page is only told its id,
an id a person removed is not looked for again (`generated:` remembers it), the slug stays.
"""

from __future__ import annotations

from collections import Counter

from ..ingest.dedupe import THRESHOLD
from ..arxiv.record import date_from_arxiv
from ..pages import Page
from ..ownership import set_generated
from .apply import is_curated, may_set
from .by_abstract import FLOOR, Candidate, Verdict
from ..arxiv.record import base_id


def id_less(pages: list[Page]) -> list[Page]:
    """Pages with no arXiv id whose id enrich may look for (curated ones too: they are told);
    a body of fewer than three words has no word 3-grams to compare."""
    return [page for page in pages if not page.meta.get("arxiv") and page.meta.get("withdrawn") is not True
            and (is_curated(page.meta) or may_set(page.meta, "arxiv")) and len(page.body.split()) >= 3]


def fill_ids(verdicts: list[Verdict], pages: list[Page], result, snapshot: str) -> list[tuple[Page, dict]]:
    """Write the ids found (the caller merges the records returned); a line for every page."""
    owners = {base_id(p.meta["arxiv"]): p.slug for p in pages if p.meta.get("arxiv")}
    claimed = Counter(v.best.id for v in verdicts if v.found)
    merges = []
    for verdict in verdicts:
        page, best = verdict.page, verdict.best
        if not verdict.found:
            result.ids_missing.append(f"no id: {page.slug}: {_why_not(verdict, snapshot)}; nothing changed")
            continue
        said = f"arXiv:{best.id} (similarity {best.similarity:.2f})"
        if best.id in owners:
            result.ids_missing.append(f"no id: {page.slug}: {said} is the id of the page {owners[best.id]} already "
                                      "(the same paper twice?); nothing changed")
        elif claimed[best.id] > 1:
            result.ids_missing.append(f"no id: {page.slug}: {said} matches {claimed[best.id]} pages "
                                      "(the same paper twice?); nothing changed")
        elif is_curated(page.meta):
            result.ids_missing.append(f"no id: {page.slug}: {said}; a curated page is left alone: "
                                      f'add `arxiv: "{best.id}"` to it if that is the paper')
        else:
            set_generated(page.meta, "arxiv", best.id)
            if not page.meta.get("date"):
                page.meta["date"] = date_from_arxiv(best.id)  # as ingest does; the record's month may follow
            result.ids_found.append(f"id found: {page.slug} -> {said}")
            merges.append((page, best.raw))
    return merges


def _why_not(verdict: Verdict, snapshot: str) -> str:
    best, second = verdict.best, verdict.second
    if best is None:
        return f"no abstract in {snapshot} is like its own (similarity {FLOOR:.2f} or more)"
    if verdict.ambiguous:
        return f"ambiguous: {_name(best)} and {_name(second)} are both close to it (set `arxiv:` by hand)"
    return f"the closest abstract, {_name(best)}, is below {THRESHOLD:.2f}"


def _name(candidate: Candidate) -> str:
    return f"arXiv:{candidate.id} (similarity {candidate.similarity:.2f})"
