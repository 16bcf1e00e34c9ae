"""What the catalog's build may replace (the engine's guard, engine/guard.py, with this
site's names), and the content folder check."""

from __future__ import annotations

from pathlib import Path

from ..engine import guard
from ..engine.guard import OutputRefused  # noqa: F401  (cli.py catches it: exit status 2)
from ..errors import ContentError

# A site written before the marker existed: these names only, papers.json and .nojekyll among them.
_OLD_SITE = {"index.html", "404.html", "papers.json", "catalog.bib", "feed.xml", "robots.txt", ".nojekyll", "social-card.png",
             "static", "papers", "topics", "pagefind", "abstracts"}


def old_site(names: set[str]) -> bool:
    """A folder holding these names is a catalog site written before the marker existed."""
    return names <= _OLD_SITE | {n for n in names if n.startswith("sitemap")} and {"papers.json", ".nojekyll"} <= names


def check_output(output: Path, content: Path) -> None:
    """Raise OutputRefused unless the build may replace `output`."""
    guard.check_output(output, content, legacy=old_site)


def check_content(content: Path) -> None:
    """The content folder must exist and hold pages or dumps: a typo must not render an empty site."""
    if not content.exists():
        raise ContentError(content, None, "content folder does not exist (see --content)")
    if not content.is_dir():
        raise ContentError(content, None, "--content must be a folder, not a file")
    if not (content / "papers").is_dir() and not (content / "sources").is_dir():
        raise ContentError(content, None, "holds neither papers/ nor sources/: is this the content folder?")
