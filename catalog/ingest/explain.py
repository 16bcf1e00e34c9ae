"""`python build.py topics`: why each paper got its topics, and which papers to check first."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError
from ..pages import Page, load_pages
from ..ownership import machine_owned
from ..topics import load_topics
from .clean import plain_text
from .decide import Classifier, Decision
from .follow import classifier_for
from .stamp import last_changed
from .labels import evidence_title

REVIEW_COUNT = 20


def _classifier(content_dir: Path, pages: list[Page]) -> Classifier:
    return classifier_for(content_dir, pages, load_topics(content_dir))


def page_decisions(page: Page, classifier: Classifier) -> list[Decision]:
    """Judge a page as ingest does: a title derived from the abstract adds nothing."""
    return classifier.decide(evidence_title(page.meta, page.body), plain_text(page.body),
                             page.meta.get("categories") or ())


def explain(content_dir: Path, slug: str) -> str:
    pages = load_pages(content_dir / "papers")
    page = next((p for p in pages if p.slug == slug), None)
    if page is None:
        raise ContentError(content_dir / "papers" / f"{slug}.md", 1, f"no page with slug {slug!r}")
    classifier = _classifier(content_dir, pages)
    decisions = page_decisions(page, classifier)
    owner = "classified by ingest" if machine_owned(page.meta, "topics") else "set by a person: ingest never changes them"
    says = [d.key for d in decisions if d.assigned]
    title = evidence_title(page.meta, page.body)
    lines = [f"{page.slug}: {page.meta.get('title') or '(no title)'}",
             f"topics on the page: {', '.join(page.meta['topics']) or 'none (Other)'} ({owner})",
             f"classifier says:    {', '.join(says) or 'none (Other)'}",
             f"evidence: the abstract{', the title' if title else ' (no title a person, arXiv or a dump gave)'}"
             f"{', categories ' + ' '.join(page.meta['categories']) if page.meta.get('categories') else ''}", ""]
    top = max((d.judgement.score for d in decisions), default=0)
    for d, topic in zip(decisions, classifier.topics):
        lines += _explain_topic(d, topic, top, classifier)
    lines += _nearest(classifier, page, title)
    return "\n".join(lines).rstrip() + "\n"


def _explain_topic(d: Decision, topic, top: float, classifier: Classifier) -> list[str]:
    j = d.judgement
    verdict = "assigned" if d.assigned else "not assigned"
    why = f" ({topic.share:g} of the paper's top score {top:g})" if j.threshold > topic.threshold else ""
    vocab = f"vocabulary score {j.score:g} vs threshold {j.threshold:g}{why}"
    if d.learned:
        learned = classifier.model.topics[d.key]
        lines = [f"{d.key}: learned probability {d.probability:.3f} vs threshold {d.threshold:.2f} -> {verdict}",
                 f"  learned from {learned.positives} labeled papers with the topic and {learned.negatives} without;"
                 f" {vocab} ({'in' if j.assigned else 'out'} by the vocabulary alone)"]
    else:
        why = classifier.model.vocabulary_alone.get(d.key, "no model") if classifier.model else "no model"
        lines = [f"{d.key}: {vocab} -> {verdict}", f"  vocabulary alone: {why}"]
    for e in sorted(j.evidence, key=lambda e: -e.score * e.weight):
        sentence = e.sentence if len(e.sentence) <= 160 else e.sentence[:157] + "..."
        lines.append(f"  +{e.score * e.weight:g} (phrases {e.score:g} x place {e.weight:g}) {', '.join(e.phrases)}")
        lines.append(f"      \"{sentence}\"")
    return lines + [""]


def _nearest(classifier: Classifier, page: Page, title: str) -> list[str]:
    model = classifier.model
    itself = {page.slug, str(page.meta.get("arxiv") or page.slug)}  # its own label, as a page or shipped
    found = [(s, i) for s, i in classifier.nearest(title, plain_text(page.body), 7)
             if model.pages[i] not in itself and model.names[i] not in itself][:5]
    if not found:
        return []
    lines = ["nearest labeled papers (by their words):"]
    for similarity, i in found:
        where = f"page {model.pages[i]}" if model.pages[i] else f"arXiv:{model.names[i]} (shipped)"
        name = model.titles[i] or "(no title)"
        name = name if len(name) <= 70 else name[:67] + "..."
        lines.append(f"  {similarity:.2f}  {where}: {', '.join(model.labels[i]) or 'none'}  {name}")
    return lines


def review_order(content_dir: Path) -> list[tuple[float, Page, Decision]]:
    """(margin, page, closest decision) of every page: the machine-set pages whose topics the
    last ingest changed, then the others by how near their closest decision is to its line;
    hand-set pages last (a person decided them already)."""
    pages = load_pages(content_dir / "papers")
    classifier = _classifier(content_dir, pages)
    changed = set(last_changed(content_dir))
    rows = []
    for page in pages:
        closest = min(page_decisions(page, classifier), key=lambda d: d.margin, default=None)
        if closest is not None:
            hand_set = not machine_owned(page.meta, "topics")
            rows.append(((hand_set, page.slug not in changed), closest.margin, page, closest))
    rows.sort(key=lambda row: (row[0], row[1], row[2].slug))
    return [(margin, page, closest) for _, margin, page, closest in rows]


def review(content_dir: Path, count: int = REVIEW_COUNT) -> str:
    rows = review_order(content_dir)
    changed = set(last_changed(content_dir))
    shown = rows[:count]
    width = max([len("slug")] + [len(page.slug) for _, page, _ in shown])
    lines = [f"{'margin':>6}  {'slug':<{width}}  {'closest decision':<32} page topics"]
    for margin, page, d in shown:
        topics = ", ".join(page.meta["topics"]) or "other"
        lines.append(f"{margin:6.2f}  {page.slug:<{width}}  {_decision(d):<32} {topics}{_mark(page, changed)}")
    lines.append(f"({min(count, len(rows))} of {len(rows)} papers; `--explain SLUG` shows the evidence)")
    return "\n".join(lines) + "\n"


def _decision(d: Decision) -> str:
    if d.learned:
        return f"{d.key} p {d.probability:.2f}/{d.threshold:.2f} {'in' if d.assigned else 'out'}"
    j = d.judgement
    return f"{d.key} {j.score:g}/{j.threshold:g} {'in' if j.assigned else 'out'} (vocab)"


def _mark(page: Page, changed: set[str]) -> str:
    if not machine_owned(page.meta, "topics"):
        return "  (hand-set)"
    return "  (changed at the last ingest)" if page.slug in changed else ""
