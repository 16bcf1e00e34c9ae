"""Command line: `python build.py [build|ingest|render|serve] [options]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ContentError


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the paper catalog site.")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "ingest", "render", "serve"],
                        help="build (default) = ingest + render; serve = build, preview and rebuild on change")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content directory (default: content/)")
    parser.add_argument("--output", type=Path, default=Path("site"), help="output directory (default: site/)")
    parser.add_argument("--base-url", default=None, help="path the site is served under, e.g. /repo/ (default: /)")
    parser.add_argument("--site-url", default=None, help="absolute site URL for feeds, sitemap, canonical links")
    parser.add_argument("--host", default="127.0.0.1", help="serve: interface to listen on (default: loopback)")
    parser.add_argument("--port", type=int, default=8000, help="serve: port (default: 8000)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))
    try:
        if args.command in ("build", "ingest", "serve"):
            from .ingest import ingest
            result = ingest(args.content, say=say)
            for warning in result.warnings:
                print(warning, file=sys.stderr)
            say(result.summary())
        if args.command in ("build", "render"):
            from .render.site import render_site
            render_site(args.content, args.output, base_url=args.base_url, site_url=args.site_url, say=say)
        if args.command == "serve":
            from .serve.server import serve
            return serve(args)
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pages and site are written atomically: nothing half-done is left
        print("interrupted", file=sys.stderr)
        return 130
    return 0
