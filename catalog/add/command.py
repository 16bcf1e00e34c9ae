"""`python build.py add`: its options and what it prints (see catalog/cli.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..enrich.command import add_options as api_options, make_cache, make_client
from .fetch import Fetched, from_api, from_snapshot, search
from .records import FILE
from .run import AddResult, add_ids, add_search

DEFAULT_MAX = 100


def add_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("targets", nargs="*", metavar="ID_OR_URL",
                     help="arXiv ids or URLs: 2410.02098, arXiv:2410.02098v2, hep-th/9901001, "
                          "https://arxiv.org/abs/…, /pdf/…, /html/…")
    api_options(sub)
    sub.add_argument("--query", metavar="QUERY",
                     help="an arXiv API search instead of ids, e.g. 'abs:\"mixture of experts\" AND cat:cs.LG'")
    sub.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                     help="with --query: only papers first submitted on or after this day")
    sub.add_argument("--max", type=int, default=DEFAULT_MAX, metavar="N",
                     help=f"with --query: at most N results, newest first (default: {DEFAULT_MAX})")
    sub.epilog = (f"Papers are written to content/sources/{FILE} (their arXiv records, one a line) and ingested "
                  "like any dump. Exit status 1 when an id was not added (already in the catalog, unknown, "
                  "withdrawn, malformed, network); a --query counts the results the catalog has and fails only "
                  "when arXiv or ingest does.")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day like 2025-11-01") from None


def run(args: argparse.Namespace, say) -> int:
    content = Path(args.content)
    problem = _check(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.query:
        client = make_client(args)
        found = search(client, make_cache(args), args.query, args.since, args.max)
        result, fetched = add_search(content, found, args.since, say)
        fetched.requests = client.requests
    else:
        if args.snapshot is not None:
            fetch = lambda ids: from_snapshot(ids, Path(args.snapshot))  # noqa: E731
        else:
            client, cache = make_client(args), make_cache(args)
            fetch = lambda ids: from_api(ids, client, cache)  # noqa: E731
        result, fetched = add_ids(content, args.targets, fetch, say)
    _print(result, fetched, say)
    return result.exit_code


def _print(result: AddResult, fetched: Fetched, say) -> None:
    """Ingest's lines, then one line per paper: added ones on stdout, the rest on stderr."""
    for line in result.ingest_warnings:
        print(line, file=sys.stderr)
    if result.ingest_summary:
        say(result.ingest_summary)
    for line in result.done:
        say(line)
    for line in result.notes:
        print(f"note: {line}", file=sys.stderr)
    for line in result.problems:
        print(line, file=sys.stderr)
    asked = (f"; {fetched.requests} API requests, {fetched.cached} answers from the cache"
             if fetched.requests or fetched.cached else "")
    other = len([line for line in result.problems if "already in the catalog" not in line])
    merged = f"{result.merged} merged into a page the catalog had, " if result.merged else ""
    say(f"add: {result.added} paper{'' if result.added == 1 else 's'} added, {merged}{result.present} already in the "
        f"catalog, {other} not added for another reason{asked}")


def _check(args: argparse.Namespace) -> str | None:
    if args.query and args.targets:
        return "give ids or --query, not both"
    if args.query and args.snapshot is not None:
        return "--query searches arXiv's API; --from reads ids from a snapshot: use one"
    if not args.query and not args.targets:
        return "nothing to add: give arXiv ids or URLs, or --query"
    if not args.query and (args.since or args.max != DEFAULT_MAX):
        return "--since and --max go with --query"
    if args.max < 1:
        return "--max must be 1 or more"
    return None
