"""The catalog as render sees it: pages + topics + config, loaded once, ready to write.

Everything here is derived from content only (no clock) and iterated in sorted order,
so two builds of the same content are byte-identical.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from . import bibtex
from .dates import iso_timestamp, month_label, publication_date  # noqa: F401 (the model's date rule)
from ..config import SiteConfig, load_config
from ..errors import ContentError
from .markup import Markup, safe_href
from ..pages import Page, load_pages
from ..ownership import has_derived_title
from .related import related_vectors, term_id, term_vector, terms
from ..topics import OTHER_DESCRIPTION, OTHER_KEY, OTHER_NAME, Topic, load_topics
from .urls import Urls, paper_path

ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
TEASER_CHARS = 160  # a search engine's description length; listings and the meta description (issue 19)
CUT = "…"  # how a derived title that stops inside the first sentence ends (ingest/titles.py)


@dataclass
class Paper:
    slug: str
    source: Path
    meta: dict
    path: str                      # site path, e.g. "papers/2403.09611/"
    abstract_html: str
    abstract_text: str
    topics: list[Topic]            # configured topics only, in the page's order; [Other] if none
    cite_key: str = ""
    related: list["Paper"] = field(default_factory=list, repr=False)
    position: int = 0              # index in its first topic's group, for previous/next
    terms: tuple = field(default=(b"", b""), repr=False)  # term vector of the abstract (related.py)
    exported: tuple | None = field(default=None, repr=False)  # (papers.json record, BibTeX entry): fragments.py

    @property
    def title(self) -> str:
        title = self.meta["title"]
        return title if title.strip() else self.slug  # a page without one warns (schema.check)

    def __post_init__(self):
        # The paper's date for display, sorting, the year filter, feeds and citations:
        # an attribute, as sorting and the plan ask for it ~20 times per paper.
        self.date: str | None = publication_date(self.meta)

    @property
    def date_repeats_venue(self) -> bool:
        """A bare year the venue names ("2021" beside "EACL 2021"): listings show it once."""
        return bool(self.date and len(self.date) == 4 and self.date in (self.meta["venue"] or ""))

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def authors_incomplete(self) -> bool:
        """`authors_incomplete: true` in the front matter: the list names only the first authors."""
        return self.meta.get("authors_incomplete") is True

    @property
    def date_label(self) -> str:
        return month_label(self.date)

    @cached_property  # read ~10 times per page (a Paper's meta does not change; an edit makes a new Paper)
    def arxiv(self) -> str | None:
        value = self.meta["arxiv"]
        return value if value and ARXIV_ID.match(value) else None

    @property
    def abs_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def pdf_url(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None

    @property
    def code_links(self) -> list[tuple[str, str]]:
        """(url, label) for code links that are http(s); anything else is not a link."""
        out = []
        for url in self.meta["links"].get("code", []):
            href = safe_href(url)
            if href and urlsplit(href).scheme in ("http", "https"):
                parts = urlsplit(href)
                out.append((href, (parts.netloc + parts.path).rstrip("/")))
        return out

    @cached_property
    def title_derived(self) -> bool:
        """The title is one ingest made from the abstract (no real title yet): shown as such."""
        return has_derived_title(self.meta)

    @cached_property  # three times on its page, once per listing
    def teaser(self) -> str:
        text = " ".join(self.abstract_text.split())
        if self.title_derived:
            text = after_opening(text, self.meta["title"])
        if len(text) <= TEASER_CHARS:
            return text
        return text[:TEASER_CHARS].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def after_opening(text: str, title: str) -> str:
    """The abstract from where a title made of its opening stops, so the listing does not say
    the same sentence twice: the next sentence, or "…" and the rest of a sentence the title
    cut. The whole text when the title is not its opening (or is all of it)."""
    opening = title.removesuffix(CUT)
    if not opening or not text.startswith(opening):
        return text
    rest = text[len(opening):]
    if rest[:1] in (".", "!", "?"):
        rest = rest[1:].strip()
    elif rest[:1] in ("", " ", ",", ";", ":"):
        rest = CUT + rest.lstrip(" ,;:")
    else:
        return text  # the title stops inside a word: not this text's opening
    return rest if rest.strip(CUT) else text


@dataclass
class Model:
    config: SiteConfig
    urls: Urls
    topics: list[Topic]                 # configured topics, then Other
    papers: list[Paper]                 # sorted by slug
    groups: dict[str, list[Paper]]      # topic key -> papers, newest first

    @property
    def newest_date(self) -> str | None:
        return max((p.date for p in self.papers if p.date), default=None)

    def neighbours(self, paper: Paper) -> tuple[Paper | None, Paper | None]:
        """(newer, older) paper within the paper's first topic."""
        group = self.groups[paper.topics[0].key]
        i = paper.position
        return (group[i - 1] if i else None), (group[i + 1] if i + 1 < len(group) else None)


def derived_titles(model: Model) -> int:
    return sum(1 for paper in model.papers if paper.title_derived)


OTHER = Topic(key=OTHER_KEY, name=OTHER_NAME, description=OTHER_DESCRIPTION)


def load_model(content_dir: Path, base_url: str | None = None, site_url: str | None = None,
               versions: tuple = (), pages: list[Page] | None = None, derived: dict | None = None,
               related_lists: Callable | None = None) -> Model:
    """The model of `content_dir`. The build passes its cached `pages`, `derived`
    (slug -> (abstract HTML, plain text, term counts) from the cache) and a caching
    `related_lists` (as related.related_vectors, with the vectors as a function that
    computes them, called only when the lists must be computed)."""
    config = load_config(content_dir, base_url=base_url, site_url=site_url)
    topics = load_topics(content_dir) + [OTHER]
    by_key = {t.key: t for t in topics}
    pages = load_pages(content_dir / "papers") if pages is None else pages
    pages = [page for page in pages if page.meta.get("withdrawn") is not True]  # removed: no page, no listing
    derived = {} if derived is None else derived
    markup = Markup() if len(derived) < len(pages) else None
    derived = [derived.get(page.slug) or derive(page, markup) for page in pages]
    papers = [_paper(page, by_key, extra) for page, extra in zip(pages, derived)]
    keys = bibtex.unique_keys([p.meta for p in papers], {p.slug: extra[3] for p, extra in zip(papers, derived)})
    for paper in papers:
        paper.cite_key = keys[paper.slug]
    slugs = [p.slug for p in papers]
    vectors = lambda: [similarity_terms(p) for p in papers]  # noqa: E731 (not needed when the lists are cached)
    most_similar = related_lists(slugs, vectors, config.related_count) if related_lists else \
        related_vectors(slugs, vectors(), config.related_count)
    by_slug = {p.slug: p for p in papers}
    for paper in papers:
        paper.related = [by_slug[s] for s in most_similar[paper.slug]]
    groups = {t.key: [] for t in topics}
    for paper in newest_first(papers):
        paper.position = len(groups[paper.topics[0].key])
        for topic in paper.topics:
            groups[topic.key].append(paper)
    urls = Urls(base_url=config.base_url, site_url=config.site_url, versions=versions)
    return Model(config=config, urls=urls, topics=topics, papers=papers, groups=groups)


def derive(page: Page, markup: Markup) -> tuple[str, str, tuple[bytes, bytes], str]:
    """What render derives from one page alone (the build cache keeps it): abstract HTML,
    plain text, the term vector of the abstract for related papers, the BibTeX base key."""
    html, text = markup.render(page.body)
    return html, text, term_vector(text), bibtex.base_key(page.meta)


def _paper(page: Page, by_key: dict[str, Topic], derived: tuple) -> Paper:
    if page.slug.startswith(".") or not page.slug.strip():
        raise ContentError(page.path, 2, f"slug {page.slug!r} cannot be a URL path segment")
    html, text, counts = derived[:3]
    known = [by_key[k] for k in dict.fromkeys(page.meta["topics"]) if k in by_key and k != OTHER_KEY]
    return Paper(slug=page.slug, source=page.path, meta=page.meta, path=paper_path(page.slug),
                 abstract_html=html, abstract_text=text, topics=known or [OTHER], terms=counts)


def newest_first(papers: list[Paper]) -> list[Paper]:
    """Newest first, undated last; ties by slug (stable sorts)."""
    by_slug = sorted(papers, key=lambda p: p.slug)
    return sorted(by_slug, key=lambda p: (p.date is not None, p.date or ""), reverse=True)


def similarity_terms(paper: "Paper") -> tuple[bytes, bytes]:
    """What related papers are computed from: the terms of the abstract, and each topic as
    a term (counted three times, so sharing a topic weighs like sharing a key phrase).
    Not the title: a title edit (the commonest hand edit) then leaves every related list as
    it was, so the build does not recompute them; an uncurated title is drawn from the
    abstract anyway, and on the 150 real papers of the topic dev set the lists share a topic
    as often (65% of pairs, with the title 66%)."""
    ids, counts = paper.terms
    extra = [term_id(t) for topic in paper.topics if topic.key != OTHER_KEY for t in terms(f"topic-{topic.key}")]
    if not extra:
        return paper.terms
    return ids + array("Q", extra).tobytes(), counts + array("i", [3] * len(extra)).tobytes()
