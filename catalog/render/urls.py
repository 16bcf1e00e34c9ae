"""The one place internal URLs are built: every link and asset goes through `Urls`.

Paths inside the site are written relative to its root without a leading slash
("papers/2403.09611/", "static/site.css"). `Urls.url` prefixes the base path the site
is served under ("/" or "/catalog/"), so a link works from any page depth, including
404.html; `Urls.absolute` prefixes the public site URL for feeds, sitemap and canonical
tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote


def paper_path(slug: str) -> str:
    return f"papers/{quote(slug, safe='')}/"


def topic_path(key: str) -> str:
    return f"topics/{quote(key, safe='')}/"


def output_file(path: str) -> str:
    """The file that serves a site path: "papers/x/" -> "papers/x/index.html"."""
    path = unquote(path)
    return path + "index.html" if path == "" or path.endswith("/") else path


@dataclass(frozen=True)
class Urls:
    base_url: str = "/"  # always starts and ends with "/"
    site_url: str = ""   # absolute root of the public site, no trailing "/"; "" if unknown
    versions: tuple[tuple[str, str], ...] = ()  # static asset -> content hash, for cache busting

    def url(self, path: str = "") -> str:
        path = path.lstrip("/")
        version = dict(self.versions).get(path)
        return self.base_url + path + (f"?v={version}" if version else "")

    def absolute(self, path: str = "") -> str:
        """Absolute URL when the site URL is known, else the base-relative one."""
        path = path.lstrip("/")
        return f"{self.site_url}/{path}" if self.site_url else self.base_url + path


def normalise_base_url(value: str) -> str:
    value = (value or "/").strip()
    return "/" + value.strip("/") + "/" if value.strip("/") else "/"
