"""Strict checks of what machines read from a built site, with no network:

    python .ci/site_checks/metadata.py SITE_DIR SITE_URL

  feed      feed.xml is Atom (RFC 4287): feed id/title/updated/self link, an author for
            every entry, entries with unique absolute ids, titles, RFC 3339 dates and an
            alternate link to a page that exists
  sitemap   sitemap.xml (and its parts) by the sitemaps.org schema: absolute <loc>s under
            SITE_URL, unique, <= 2,048 characters, <= 50,000 per file, W3C <lastmod>s,
            each an existing page; robots.txt names it with an absolute URL
  json-ld   every paper page: one ScholarlyArticle with a headline, an absolute url equal
            to the canonical link, authors as Person, an ISO 8601 datePublished
  scholar   every paper page: one citation_title, citation_publication_date as YYYY/MM/DD or
            YYYY, absolute citation_pdf_url; a paper with no authors or no date yet is a
            warning (Scholar skips it; the markup is not wrong)
  social    every page: one absolute canonical link = og:url (none on 404.html), og:title,
            og:description, og:image -> the built 1200x630 PNG
Prints each problem and a count per check; exits 1 if there is any.
"""

from __future__ import annotations

import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SCHOLAR_DATE = re.compile(r"^\d{4}(/\d{2}/\d{2})?$")


class Checker:
    def __init__(self, site: Path, site_url: str):
        self.site, self.root = site, site_url.rstrip("/") + "/"
        self.problems: Counter = Counter()
        self.checked: Counter = Counter()
        self.warnings: Counter = Counter()

    def fail(self, check: str, where: str, message: str) -> None:
        self.problems[check] += 1
        print(f"{check}: {where}: {message}")

    def warn(self, check: str, where: str, message: str) -> None:
        self.warnings[check] += 1
        print(f"{check}: {where}: warning: {message}")

    def local(self, url: str) -> Path | None:
        """The file an absolute URL of this site serves, or None if it is not under SITE_URL."""
        if not url.startswith(self.root):
            return None
        rel = unquote(urlsplit(url).path)[len(urlsplit(self.root).path):]
        return self.site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)

    def page_url(self, check: str, where: str, url: str | None) -> None:
        if not url or urlsplit(url).scheme not in ("http", "https"):
            self.fail(check, where, f"not an absolute URL: {url!r}")
        elif (target := self.local(url)) is None or not target.is_file():
            self.fail(check, where, f"{url} is not a page of this site")

    # --- feed ----------------------------------------------------------------------
    def feed(self) -> None:
        where = "feed.xml"
        try:
            root = ET.parse(self.site / where).getroot()
        except (ET.ParseError, OSError) as exc:
            return self.fail("feed", where, f"not well-formed XML: {exc}")
        if root.tag != ATOM + "feed":
            return self.fail("feed", where, f"root element is {root.tag}, not Atom <feed>")
        self.required_atom(root, where)
        selfs = [l.get("href") for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
        if len(selfs) != 1 or not (selfs[0] or "").startswith(("http://", "https://")):
            self.fail("feed", where, f"needs one absolute rel=self link, has {selfs}")
        feed_author = root.find(ATOM + "author") is not None
        ids = Counter()
        for n, entry in enumerate(root.findall(ATOM + "entry"), 1):
            here = f"{where} entry {n}"
            self.checked["feed"] += 1
            self.required_atom(entry, here)
            ids[entry.findtext(ATOM + "id")] += 1
            if not feed_author and entry.find(ATOM + "author") is None:
                self.fail("feed", here, "no atom:author, and the feed has none either")
            for author in entry.findall(ATOM + "author"):
                if not (author.findtext(ATOM + "name") or "").strip():
                    self.fail("feed", here, "atom:author without a name")
            alternates = [l.get("href") for l in entry.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"]
            if len(alternates) != 1:
                self.fail("feed", here, f"needs one alternate link, has {len(alternates)}")
            else:
                self.page_url("feed", here, alternates[0])
        for value, count in ids.items():
            if count > 1:
                self.fail("feed", where, f"entry id {value} used {count} times")

    def required_atom(self, element, where: str) -> None:
        for name in ("id", "title", "updated"):
            if len(element.findall(ATOM + name)) != 1 or not (element.findtext(ATOM + name) or "").strip():
                self.fail("feed", where, f"needs exactly one non-empty atom:{name}")
        ident = element.findtext(ATOM + "id") or ""
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ident):
            self.fail("feed", where, f"atom:id is not an absolute IRI: {ident!r}")
        if not RFC3339.match(element.findtext(ATOM + "updated") or ""):
            self.fail("feed", where, f"atom:updated is not RFC 3339: {element.findtext(ATOM + 'updated')!r}")

    # --- sitemap -------------------------------------------------------------------
    def sitemap(self) -> None:
        try:
            root = ET.parse(self.site / "sitemap.xml").getroot()
        except (ET.ParseError, OSError) as exc:
            return self.fail("sitemap", "sitemap.xml", f"not well-formed XML: {exc}")
        files = ["sitemap.xml"]
        if root.tag == SM + "sitemapindex":
            parts = [s.findtext(SM + "loc") or "" for s in root.findall(SM + "sitemap")]
            files = []
            for loc in parts:
                target = self.local(loc)
                if target is None or not target.is_file():
                    self.fail("sitemap", "sitemap.xml", f"index entry {loc!r} is not a file of this site")
                else:
                    files.append(target.relative_to(self.site).as_posix())
        seen = Counter()
        for name in files:
            urlset = ET.parse(self.site / name).getroot() if name != "sitemap.xml" else root
            if urlset.tag != SM + "urlset":
                self.fail("sitemap", name, f"root element is {urlset.tag}, not <urlset>")
                continue
            if (self.site / name).stat().st_size > 50 * 1024 * 1024 or len(urlset) > 50_000:
                self.fail("sitemap", name, "over 50 MB or 50,000 URLs")
            for url in urlset:
                self.checked["sitemap"] += 1
                loc, lastmod = url.findtext(SM + "loc") or "", url.findtext(SM + "lastmod")
                seen[loc] += 1
                if len(loc) > 2048:
                    self.fail("sitemap", name, f"<loc> longer than 2,048 characters: {loc[:60]}…")
                self.page_url("sitemap", name, loc)
                if lastmod is not None and not W3C_DATE.match(lastmod):
                    self.fail("sitemap", name, f"<lastmod> is not a W3C datetime: {lastmod!r}")
                unknown = {child.tag for child in url} - {SM + t for t in ("loc", "lastmod", "changefreq", "priority")}
                if unknown:
                    self.fail("sitemap", name, f"unknown elements in <url>: {sorted(unknown)}")
        for loc, count in seen.items():
            if count > 1:
                self.fail("sitemap", "sitemap.xml", f"{loc} listed {count} times")
        pages = {p for p in self.site.rglob("index.html") if "pagefind" not in p.parts}
        listed = {self.local(loc) for loc in seen}
        for missing in sorted(pages - listed):
            self.fail("sitemap", "sitemap.xml", f"page {missing.relative_to(self.site)} is not listed")
        robots = (self.site / "robots.txt").read_text(encoding="utf-8") if (self.site / "robots.txt").is_file() else ""
        if f"Sitemap: {self.root}sitemap.xml" not in robots.splitlines():
            self.fail("sitemap", "robots.txt", f"no 'Sitemap: {self.root}sitemap.xml' line")

    # --- pages: social tags, JSON-LD, Scholar ---------------------------------------
    def pages(self) -> None:
        for path in sorted(self.site.rglob("*.html")):
            if "pagefind" in path.relative_to(self.site).parts:
                continue
            where = path.relative_to(self.site).as_posix()
            head = path.read_text(encoding="utf-8").split("</head>", 1)[0]  # all the tags checked are here
            page = BeautifulSoup(head, "html.parser")
            self.social(page, where)
            if where.startswith("papers/"):
                self.json_ld(page, where)
                self.scholar(page, where)

    def social(self, page, where: str) -> None:
        self.checked["social"] += 1
        canonical = [l.get("href") for l in page.find_all("link", rel="canonical")]
        og_url = [m.get("content") for m in page.find_all("meta", property="og:url")]
        if where == "404.html":
            if canonical or og_url:
                self.fail("social", where, "the 404 page is served at any address: no canonical/og:url")
        elif len(canonical) != 1 or og_url != canonical:
            self.fail("social", where, f"needs one canonical link and an equal og:url: {canonical} {og_url}")
        else:
            self.page_url("social", where, canonical[0])
            if self.local(canonical[0]) != self.site / where:
                self.fail("social", where, f"canonical {canonical[0]} is another page")
        for prop in ("og:title", "og:description", "og:type", "og:image"):
            tag = page.find("meta", property=prop)
            if tag is None or not tag.get("content", "").strip():
                self.fail("social", where, f"no {prop}")
        image = page.find("meta", property="og:image")
        if image is not None and image.get("content"):
            target = self.local(image["content"])
            if target is None or not target.is_file():
                self.fail("social", where, f"og:image {image['content']} is not a file of this site")
            elif (data := target.read_bytes())[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">II", data[16:24]) != (1200, 630):
                self.fail("social", where, "og:image is not a 1200x630 PNG")

    def json_ld(self, page, where: str) -> None:
        self.checked["json-ld"] += 1
        scripts = page.find_all("script", type="application/ld+json")
        if len(scripts) != 1:
            return self.fail("json-ld", where, f"{len(scripts)} JSON-LD blocks, expected 1")
        try:
            data = json.loads(scripts[0].string or "")
        except json.JSONDecodeError as exc:
            return self.fail("json-ld", where, f"not JSON: {exc}")
        if data.get("@context") not in ("https://schema.org", "http://schema.org") or data.get("@type") != "ScholarlyArticle":
            self.fail("json-ld", where, f"not a schema.org ScholarlyArticle: {data.get('@context')} {data.get('@type')}")
        if not isinstance(data.get("headline"), str) or not data["headline"].strip():
            self.fail("json-ld", where, "headline missing or empty")
        canonical = page.find("link", rel="canonical")
        if data.get("url") != (canonical and canonical.get("href")):
            self.fail("json-ld", where, f"url {data.get('url')!r} is not the canonical link")
        authors = data.get("author", [])
        if not isinstance(authors, list) or any(a.get("@type") not in ("Person", "Organization") or not a.get("name")
                                                for a in authors):
            self.fail("json-ld", where, "author must be a list of Person/Organization with a name")
        if "datePublished" in data and not ISO_DATE.match(str(data["datePublished"])):
            self.fail("json-ld", where, f"datePublished is not ISO 8601: {data['datePublished']!r}")
        if "sameAs" in data and urlsplit(str(data["sameAs"])).scheme != "https":
            self.fail("json-ld", where, f"sameAs is not an absolute URL: {data['sameAs']!r}")

    def scholar(self, page, where: str) -> None:
        self.checked["scholar"] += 1
        tags: dict[str, list[str]] = {}
        for m in page.find_all("meta", attrs={"name": re.compile(r"^citation_")}):
            tags.setdefault(m["name"], []).append(m.get("content", ""))
        if len(tags.get("citation_title", [])) != 1 or not tags["citation_title"][0].strip():
            self.fail("scholar", where, "needs exactly one non-empty citation_title")
        if not tags.get("citation_author"):
            self.warn("scholar", where, "no citation_author: Google Scholar will not list it")
        dates = tags.get("citation_publication_date", [])
        if not dates:
            self.warn("scholar", where, "no citation_publication_date: Google Scholar will not list it")
        elif len(dates) != 1 or not SCHOLAR_DATE.match(dates[0]):
            self.fail("scholar", where, f"citation_publication_date must be one YYYY/MM/DD or YYYY: {dates}")
        for url in tags.get("citation_pdf_url", []):
            if urlsplit(url).scheme not in ("http", "https"):
                self.fail("scholar", where, f"citation_pdf_url is not absolute: {url!r}")


def main(site: str, site_url: str) -> int:
    checker = Checker(Path(site), site_url)
    checker.feed()
    checker.sitemap()
    checker.pages()
    for check in ("feed", "sitemap", "json-ld", "scholar", "social"):
        warnings = f", {checker.warnings[check]} warning(s)" if checker.warnings[check] else ""
        print(f"{check}: {checker.problems[check]} problem(s) in {checker.checked[check]} item(s){warnings}")
    return 1 if sum(checker.problems.values()) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
