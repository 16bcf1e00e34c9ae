"""Dates, by one rule: a paper's publication date, its month label and feed timestamp."""

from __future__ import annotations

import re

DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def publication_date(meta: dict) -> str | None:
    """THE date rule, used everywhere: the publication year where known (the page's
    `year:`, else a year in its `venue`), the (arXiv) `date:` otherwise. The month is kept
    when `date:` falls in that year: "2024-03" for MM1 (ECCV 2024), "2021" for a paper at
    EACL 2021 that reached arXiv in June 2022."""
    date = meta.get("date") or None
    match = YEAR.search(str(meta.get("year") or "")) or YEAR.search(meta.get("venue") or "")
    if not match:
        return date
    year = match.group(0)
    return date if date and date.startswith(year) else year


def month_label(date: str | None) -> str:
    match = DATE.match(date or "")
    if not match:
        return date or ""
    year, month = match.groups()
    return f"{MONTHS[int(month) - 1]} {year}" if month and 1 <= int(month) <= 12 else year


def iso_timestamp(date: str | None) -> str | None:
    """RFC 3339 timestamp for a "YYYY-MM" (or "YYYY") date, for the feed."""
    match = DATE.match(date or "")
    if not match:
        return None
    year, month = match.groups()
    month = month if month and 1 <= int(month) <= 12 else "01"
    return f"{year}-{month}-01T00:00:00Z"
