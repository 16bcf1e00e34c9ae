"""Metadata for search engines: Google Scholar citation_* tags and JSON-LD."""

from __future__ import annotations

import json

from markupsafe import Markup

from .model import Model, Paper

# Inside <script>, only these could end the element or open a comment; JSON allows \uXXXX.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # compact: on every paper page
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def scholar_date(date: str) -> str:
    """Google Scholar reads YYYY/MM/DD or YYYY, not YYYY/MM: a month-only date gives its year."""
    parts = date.split("-")
    return "/".join(parts) if len(parts) == 3 else parts[0]


def scholar_meta(paper: Paper) -> list[tuple[str, str]]:
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", a) for a in paper.meta["authors"]]
    # No "others" for an incomplete list: Scholar reads every citation_author as a person.
    if paper.date:
        tags.append(("citation_publication_date", scholar_date(paper.date)))
    if paper.meta["venue"]:
        tags.append(("citation_conference_title", paper.meta["venue"]))
    elif paper.meta.get("journal"):
        tags.append(("citation_journal_title", paper.meta["journal"]))
    if paper.meta.get("doi"):
        tags.append(("citation_doi", paper.meta["doi"]))
    if paper.arxiv:
        tags += [("citation_arxiv_id", paper.arxiv), ("citation_pdf_url", paper.pdf_url)]
    return tags


def scholarly_article(model: Model, paper: Paper) -> Markup:
    """schema.org JSON-LD: what identifies the paper. No abstract (it is on the page and in
    the meta description; here it would be a third copy on every page), no `name`
    beside `headline`, no topics (the page links them; issue 19: bytes on every page)."""
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "author": [{"@type": "Person", "name": a} for a in paper.meta["authors"]],
    }
    if model.config.site_url:  # schema.org wants an absolute URL; unknown in local builds
        data["url"] = model.urls.absolute(paper.path)
    if paper.date:
        data["datePublished"] = paper.date
    if paper.meta["venue"]:
        data["isPartOf"] = {"@type": "PublicationEvent", "name": paper.meta["venue"]}
    if paper.arxiv:
        data["sameAs"] = paper.abs_url
        data["identifier"] = f"arXiv:{paper.arxiv}"
    return script_json(data)
