"""Site settings from `content/site.yaml`; command-line options override the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import ContentError
from .render.urls import normalise_base_url


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Paper Catalog"
    description: str = "Research papers, grouped by topic."
    site_url: str = ""        # e.g. "https://user.github.io/repo" (no trailing slash)
    base_url: str = "/"       # path the site is served under, e.g. "/repo/"
    index_limit: int = 50     # papers per topic group on the index; 0 = all
    related_count: int = 4    # related papers shown on a paper page


def load_config(content_dir: Path, base_url: str | None = None, site_url: str | None = None) -> SiteConfig:
    path = content_dir / "site.yaml"
    data = _read(path)
    site = site_url if site_url is not None else str(data.get("site_url") or "")
    site = site.strip().rstrip("/")
    if site and urlsplit(site).scheme not in ("http", "https"):
        raise ContentError("--site-url" if site_url is not None else path, None,
                           f"site URL must start with http:// or https://, got {site!r}")
    # The base path defaults to the site URL's path, so --site-url alone suits GitHub Pages.
    base = base_url if base_url is not None else data.get("base_url") or urlsplit(site).path or "/"
    if "://" in str(base):
        raise ContentError("--base-url" if base_url is not None else path, None,
                           f"base URL is a path like /repo/, got {base!r}")
    return SiteConfig(
        title=str(data.get("title") or SiteConfig.title),
        description=str(data.get("description") or SiteConfig.description),
        site_url=site,
        base_url=normalise_base_url(str(base)),
        index_limit=_int(path, data, "index_limit", SiteConfig.index_limit),
        related_count=_int(path, data, "related_count", SiteConfig.related_count),
    )


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise ContentError(path, 1, "expected a mapping of settings")
    return data


def _int(path: Path, data: dict, key: str, default: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or value < 0:
        raise ContentError(path, _line_of(path, key), f"{key!r} must be a whole number >= 0")
    return value


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
