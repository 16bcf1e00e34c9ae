"""`python build.py restore SLUG …|--all`: bring back papers whose page was deleted by hand.

`content/ledger.tsv` keeps a deleted paper deleted (ledger.py). Restoring removes the
paper's lines from it, then runs ingest, which recreates the page from the paper's
abstracts in `content/sources/` as a new paper (a derived title, machine-set topics: what
a person had written in the deleted page is not in the ledger, only in version control).
A slug that has a page, is withdrawn, or is unknown gets one line and changes nothing.
The lines are not dropped but marked `restore` (ledger.py): the next ingest gives the page
its old slug, its URL, back, even when that ingest is a later one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

from .ledger import NAME as LEDGER, ingest_lock, read_ledger, write_ledger
from ..pages import read_page


class Restored(NamedTuple):
    slugs: list[str]  # deleted papers whose ledger lines were removed
    locations: dict[str, str]  # those lines: location -> slug
    problems: list[str]  # one line per slug that could not be restored


def deleted_slugs(content_dir: Path) -> list[str]:
    """Slugs the ledger holds whose page file is gone, sorted."""
    ledger = read_ledger(content_dir)
    return sorted({slug for slug in ledger.values() if not (content_dir / "papers" / f"{slug}.md").exists()})


def forget_deleted(content_dir: Path, slugs: list[str] | None, say: Callable[..., None]) -> Restored:
    """Remove the ledger lines of the deleted papers `slugs` (None: of every deleted paper)."""
    content_dir = Path(content_dir)
    with ingest_lock(content_dir, say):
        ledger = read_ledger(content_dir)
        deleted = set(deleted_slugs(content_dir))
        wanted = sorted(deleted) if slugs is None else list(dict.fromkeys(slugs))
        problems = [_why_not(content_dir, slug, set(ledger.values())) for slug in wanted if slug not in deleted]
        chosen = [slug for slug in wanted if slug in deleted]
        dropped = {loc: slug for loc, slug in ledger.items() if slug in chosen}
        if dropped:
            keep = {loc: slug for loc, slug in ledger.items() if loc not in dropped}
            write_ledger(content_dir, keep, {**ledger.restore, **dropped})
    return Restored(chosen, dropped, problems)


def _why_not(content_dir: Path, slug: str, known: set[str]) -> str:
    page = content_dir / "papers" / f"{slug}.md"
    if page.exists():
        if read_page(page, None, report=False).meta.get("withdrawn") is True:
            return f"{page}: {slug!r} is withdrawn, not deleted: delete its `withdrawn: true` line to bring it back"
        return f"{page}: {slug!r} has its page; nothing to restore"
    if slug not in known:
        return f"{content_dir / LEDGER}: no deleted paper {slug!r} (`python build.py restore --all` restores every one)"
    return f"{content_dir / LEDGER}: {slug!r} cannot be restored"


def recreated(content_dir: Path, restored: Restored) -> dict[str, str | None]:
    """Restored slug -> the slug of the page ingest made from its abstracts (usually the
    same), or None when none of its abstracts is in a dump any more."""
    ledger = read_ledger(content_dir)
    out: dict[str, str | None] = {}
    for slug in restored.slugs:
        now = sorted({ledger[loc] for loc, old in restored.locations.items() if old == slug and loc in ledger})
        out[slug] = slug if slug in now else (now[0] if now else None)
    return out


def report(content_dir: Path, restored: Restored) -> list[str]:
    """After the ingest that followed: one line per restored paper."""
    lines = []
    for slug, page in recreated(content_dir, restored).items():
        if page is None:
            lines.append(f"restore: {slug}: none of its abstracts is in {Path(content_dir) / 'sources'} any more; "
                         "nothing to make its page from (its ledger lines are gone)")
        else:
            lines.append(f"restored: {page}" + ("" if page == slug else f" (was {slug})"))
    return lines
