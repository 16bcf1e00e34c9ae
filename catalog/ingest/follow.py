"""Machine-set topics follow topics.yaml and what people labeled: the learned model for a
content folder, and re-classifying the pages whose topics ingest set when either changed.

The stamp (stamp.py) remembers the configuration and model the machine's topics were last
judged by, so an ingest with nothing new does not classify 10,000 pages again for nothing.
"""

from __future__ import annotations

from pathlib import Path

from ..pages import write_if_changed
from ..ownership import machine_owned, set_generated
from ..topics import Topic
from .cache import cache_dir
from .clean import plain_text
from .decide import Classifier
from .labels import evidence_title, examples, person_labeled
from .model import load_or_train
from .stamp import STAMP, fingerprint, read_stamp



def classifier_for(content_dir: Path, labeled_pages, topics: list[Topic], cache: bool = True) -> Classifier:
    """The vocabulary and the model learned from the shipped papers and `labeled_pages` (the
    pages a person labeled, at most labels.MAX_PAGE_LABELS), loaded from the ingest cache or trained and kept there."""
    items = examples([page for page in labeled_pages if person_labeled(page.meta)])
    return Classifier(topics, load_or_train(cache_dir(content_dir) if cache else None, topics, items))


def stamp_of(classifier: Classifier, content_dir: Path) -> str:
    return f"{fingerprint(content_dir)} {classifier.model.key if classifier.model else '-'}"


def follow(content_dir: Path, pages, classifier: Classifier) -> list:
    """Re-classify the machine's pages, once, after topics.yaml, the code or the labels changed."""
    lines = read_stamp(content_dir)
    if lines and lines[0] == stamp_of(classifier, content_dir):
        return []
    pages = list(pages)
    changed = reclassify(pages, classifier)
    if any(machine_owned(page.meta, "topics") for page in pages):  # a curated catalog gets no stamp
        remember(content_dir, classifier, [page.slug for page in changed])
    return changed


def remember(content_dir: Path, classifier: Classifier, changed: list[str] | None = None) -> None:
    """Stamp what the machine's topics now follow; `changed`: the pages that changed topics
    (None keeps the list of the last re-classification)."""
    lines = read_stamp(content_dir) or [""]
    if changed is None:
        changed = [line[len("changed: "):] for line in lines[1:] if line.startswith("changed: ")]
    text = "\n".join([stamp_of(classifier, content_dir)] + [f"changed: {slug}" for slug in changed]) + "\n"
    write_if_changed(content_dir / "papers" / STAMP, text)


def reclassify(pages: list, classifier: Classifier) -> list:
    """Pages whose machine-assigned topics change under the current configuration, updated.

    Only a page whose `topics` still equal what ingest recorded is the machine's; a list a
    person edited (or a curated page with no record) is never touched. A title a person,
    arXiv or a dump gave counts as evidence, and so do arXiv categories.
    """
    mine = [page for page in pages if machine_owned(page.meta, "topics")]
    found = classifier.classify_many((evidence_title(page.meta, page.body), plain_text(page.body),
                                      page.meta.get("categories") or ()) for page in mine)
    changed = []
    for page, topics_now in zip(mine, found):
        if topics_now != page.meta["topics"]:
            set_generated(page.meta, "topics", topics_now)
            changed.append(page)
    return changed
