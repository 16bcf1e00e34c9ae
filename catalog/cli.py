"""Command line: `python build.py [build|ingest|render|serve|enrich|add|topics] [options]`, `--help` per command."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from .errors import ContentError
from .render.guard import OutputRefused

COMMANDS = {
    "build": "ingest new dumps, then render the site (the default command)",
    "ingest": "only update content/papers/ from the dumps in content/sources/",
    "render": "only render the site from the pages in content/papers/",
    "serve": "build, serve on 127.0.0.1, rebuild and reload the browser on every change",
    "enrich": "fill titles, authors, dates, categories, DOI and journal from arXiv (API or bulk snapshot)",
    "add": "add papers by arXiv id or URL, or an arXiv search (--query), from the API or a snapshot",
    "restore": "bring back papers whose page was deleted by hand (SLUG … or --all), then ingest",
    "topics": "explain a paper's topics (--explain SLUG) or list the papers closest to a threshold (--review)",
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the paper catalog site.",
                                     epilog="`python build.py COMMAND --help` shows a command's options.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")
        _common_options(sub)
        if name in ("build", "render", "serve"):
            _site_options(sub)
        if name == "topics":
            _topics_options(sub)
        if name == "restore":
            sub.add_argument("slugs", nargs="*", metavar="SLUG", help="a deleted paper's slug (its page's file name)")
            sub.add_argument("--all", action="store_true", help="every paper content/ledger.tsv keeps deleted")
        if name == "serve":
            sub.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: loopback)")
            sub.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
        if name == "enrich" and argv[:1] == ["enrich"]:  # its imports cost 0.1 s: only when asked for
            from .enrich.command import add_options
            add_options(sub)
        if name == "add" and argv[:1] == ["add"]:
            from .add.command import add_options as add_command_options
            add_command_options(sub)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]  # `python build.py [options]` is `python build.py build [options]`
    return parser.parse_args(argv)


def _common_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--content", type=Path, default=Path("content"), help="content directory (default: content/)")
    sub.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")


def _site_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--output", type=Path, default=Path("site"), help="output directory (default: site/)")
    sub.add_argument("--base-url", default=None, help="path the site is served under, e.g. /repo/ (default: /)")
    sub.add_argument("--site-url", default=None, help="absolute site URL for feeds, sitemap, canonical links")
    sub.add_argument("--no-search", dest="search", action="store_false",
                     help="leave the search index as it is (quick builds); the next build without it updates it")
    sub.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: one per core)")


def serve_hint(args: argparse.Namespace) -> str:
    """The build's last line: how to look at the site (opened from disk, its links and search break)."""
    command = ["python", "build.py", "serve"]
    for option, value, default in (("--content", args.content, Path("content")), ("--output", args.output, Path("site")),
                                   ("--base-url", args.base_url, None), ("--site-url", args.site_url, None)):
        if value is not None and value != default:
            command += [option, shlex.quote(str(value))]
    return f"to look at the site: {' '.join(command)}  (serves it on http://127.0.0.1:8000/ and reloads on changes)"


def _topics_options(sub: argparse.ArgumentParser) -> None:
    what = sub.add_mutually_exclusive_group(required=True)
    what.add_argument("--explain", metavar="SLUG", help="the sentences, phrases and scores behind a paper's topics")
    what.add_argument("--review", action="store_true", help="the papers whose topics were closest to the line")
    sub.add_argument("--count", type=int, default=20, help="how many papers --review lists (default: 20)")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))
    try:
        _check_folders(args)
        if args.command == "enrich":
            from .enrich.command import run
            return run(args, say)
        if args.command == "add":
            from .add.command import run as add
            return add(args, say)
        if args.command == "topics":
            from .ingest.explain import explain, review
            print(explain(args.content, args.explain) if args.explain else review(args.content, args.count), end="")
            return 0
        if args.command == "restore":
            return _restore(args, say)
        if args.command in ("build", "ingest", "serve"):
            _ingest(args, say)
        if args.command in ("build", "render"):
            from .render.pipeline import render_site
            render_site(args.content, args.output, base_url=args.base_url, site_url=args.site_url, say=say,
                        search=args.search, jobs=args.jobs, progress=not args.quiet)
            say(serve_hint(args))
        if args.command == "serve":
            from .serve.server import serve
            return serve(args)
    except OutputRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print("error: " + " ".join(str(exc).split("\n")), file=sys.stderr)  # one line, whatever a library said
        return 1
    except OSError as exc:  # a full disk, a read-only folder: the file and the reason, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pages and site are written atomically: nothing half-done is left
        print("interrupted", file=sys.stderr)
        return 130
    return 0


def _check_folders(args: argparse.Namespace) -> None:
    """Refuse before anything is read or written: a missing content folder, an output folder
    the build did not make."""
    from .render.guard import check_content, check_output
    check_content(args.content)
    if args.command in ("build", "render", "serve"):
        check_output(args.output, args.content)


def _restore(args: argparse.Namespace, say) -> int:
    from .ingest.restore import deleted_slugs, forget_deleted, report
    if bool(args.slugs) == args.all:
        print("error: restore: name the deleted papers' slugs, or --all (not both)", file=sys.stderr)
        return 2
    if args.all and not deleted_slugs(args.content):
        say(f"restore: nothing to restore: every paper in {args.content / 'ledger.tsv'} has its page")
        return 0
    restored = forget_deleted(args.content, None if args.all else args.slugs, say)
    for problem in restored.problems:
        print(f"error: {problem}", file=sys.stderr)
    if restored.slugs:
        _ingest(args, say)
        for line in report(args.content, restored):
            say(line)
        say("`python build.py` puts them on the site")
    return 1 if restored.problems else 0


def _restore_command(args: argparse.Namespace) -> str:
    content = [] if args.content == Path("content") else ["--content", shlex.quote(str(args.content))]
    return " ".join(["python", "build.py", "restore", *content])


def _ingest(args: argparse.Namespace, say) -> None:
    from .ingest import ingest
    try:
        result = ingest(args.content, say=say)
    except ContentError as exc:
        if args.command != "serve":
            raise
        # serve starts anyway: it shows the error in the browser until the page is fixed
        print(f"error: {exc}", file=sys.stderr)
        return
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    say(result.summary(_restore_command(args)))
