"""`python build.py enrich`: its options and what it prints (see catalog/cli.py)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .arxiv_api import DEFAULT_URL, MIN_DELAY, Client
from .cache import Cache
from .run import enrich_from_api, enrich_from_snapshot

SHOW_PROBLEMS = 30  # failure and warning lines printed; the rest are counted


def add_options(sub: argparse.ArgumentParser) -> None:
    sub.epilog = ("Only fields no person has set are filled; curated pages (no `generated:` record) are "
                  "left alone. Exit status 1 when some ids got nothing.")
    sub.add_argument("--from", dest="snapshot", type=Path, metavar="FILE",
                     help="read arXiv's JSON-lines metadata snapshot (.json or .json.gz) instead of the API")
    sub.add_argument("--api-url", default=os.environ.get("ARXIV_API_URL", DEFAULT_URL),
                     help=f"arXiv API query URL (default: $ARXIV_API_URL or {DEFAULT_URL})")
    sub.add_argument("--cache", type=Path, default=None,
                     help="where API answers are kept (default: .cache/arxiv/ beside the content directory)")
    sub.add_argument("--refresh", action="store_true", help="ask the API again for ids answered before")
    sub.add_argument("--delay", type=float, default=MIN_DELAY,
                     help=f"seconds between requests (default and minimum for arxiv.org: {MIN_DELAY:g})")


def run(args: argparse.Namespace, say) -> int:
    if args.snapshot is not None:
        result, source = enrich_from_snapshot(args.content, args.snapshot, quiet=args.quiet), "snapshot"
    else:
        result, source = enrich_from_api(args.content, make_client(args), make_cache(args), quiet=args.quiet), "api"
    for line in result.ids_found + result.ids_missing:
        say(line)
    _print_capped([f"warning: {w}" for w in result.warnings])
    _print_capped(result.failed)
    say(result.summary(source))
    return result.exit_code


def make_client(args: argparse.Namespace) -> Client:
    """The API client of the options (also `add`'s): never faster than 3 s a request to arxiv.org."""
    host = urlsplit(args.api_url).hostname or ""
    delay = max(args.delay, MIN_DELAY) if host.endswith("arxiv.org") else max(args.delay, 0.0)
    return Client(base_url=args.api_url, delay=delay, warn=lambda m: print(m, file=sys.stderr, flush=True))


def make_cache(args: argparse.Namespace) -> Cache:
    return Cache(args.cache or Path(args.content).resolve().parent / ".cache" / "arxiv", use_existing=not args.refresh)


def _print_capped(lines: list[str]) -> None:
    for line in lines[:SHOW_PROBLEMS]:
        print(line, file=sys.stderr)
    if len(lines) > SHOW_PROBLEMS:
        print(f"… and {len(lines) - SHOW_PROBLEMS} more like these", file=sys.stderr)
