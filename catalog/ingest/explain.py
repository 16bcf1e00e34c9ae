"""`python build.py topics`: why each paper got its topics, and which papers to check first."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError
from ..pages import Page, load_pages, machine_owned
from ..topics import Topic, load_topics
from .classify import Judgement, judge
from .clean import plain_text

REVIEW_COUNT = 20


def page_judgements(page: Page, topics: list[Topic]) -> list[Judgement]:
    """Judge a page as ingest does: a title derived from the abstract adds nothing."""
    title = "" if machine_owned(page.meta, "title") else page.meta.get("title") or ""
    return judge(title, plain_text(page.body), topics)


def explain(content_dir: Path, slug: str) -> str:
    page = next((p for p in load_pages(content_dir / "papers") if p.slug == slug), None)
    if page is None:
        raise ContentError(content_dir / "papers" / f"{slug}.md", 1, f"no page with slug {slug!r}")
    topics = load_topics(content_dir)
    judgements = page_judgements(page, topics)
    owner = "classified by ingest" if machine_owned(page.meta, "topics") else "set by a person: ingest never changes them"
    says = [j.key for j in judgements if j.assigned]
    lines = [f"{page.slug}: {page.meta.get('title') or '(no title)'}",
             f"topics on the page: {', '.join(page.meta['topics']) or 'none (Other)'} ({owner})",
             f"classifier says:    {', '.join(says) or 'none (Other)'}", ""]
    top = max(j.score for j in judgements) if judgements else 0
    for j, topic in zip(judgements, topics):
        verdict = "assigned" if j.assigned else "not assigned"
        why = f" ({topic.share:g} of the paper's top score {top:g})" if j.threshold > topic.threshold else ""
        lines.append(f"{j.key}: score {j.score:g} vs threshold {j.threshold:g}{why} -> {verdict}")
        for e in sorted(j.evidence, key=lambda e: -e.score * e.weight):
            sentence = e.sentence if len(e.sentence) <= 160 else e.sentence[:157] + "..."
            lines.append(f"  +{e.score * e.weight:g} (phrases {e.score:g} x place {e.weight:g}) {', '.join(e.phrases)}")
            lines.append(f"      \"{sentence}\"")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def review(content_dir: Path, count: int = REVIEW_COUNT) -> str:
    """The papers whose closest topic decision is nearest its threshold, closest first."""
    topics = load_topics(content_dir)
    rows = []
    for page in load_pages(content_dir / "papers"):
        judgements = page_judgements(page, topics)
        closest = min(judgements, key=lambda j: j.margin, default=None)
        if closest is not None:
            rows.append((closest.margin, page, closest, judgements))
    rows.sort(key=lambda row: (row[0], row[1].slug))
    lines = [f"{'margin':>6}  {'slug':<28} closest decision                 page topics"]
    for margin, page, j, judgements in rows[:count]:
        decision = f"{j.key} {j.score:g}/{j.threshold:g} {'in' if j.assigned else 'out'}"
        mark = "" if machine_owned(page.meta, "topics") else "  (hand-set)"
        lines.append(f"{margin:6.2f}  {page.slug:<28} {decision:<32} {page.meta['topics'] or ['other']}{mark}")
    lines.append(f"({min(count, len(rows))} of {len(rows)} papers; `--explain SLUG` shows the evidence)")
    return "\n".join(lines) + "\n"
