"""What ingest reports: the line it ends with (run.IngestResult.summary), and the count of
the abstracts it left out as copies of papers whose page was deleted by hand."""

from __future__ import annotations

SHOW_DELETED = 5  # deleted papers named in the summary


def summary_text(result, restore: str) -> str:
    """One line whose abstract counts add up (new + in pages + merged + left out), and,
    when papers stayed deleted, a second one saying how to bring them back (`restore`:
    the command, with its --content when not the default)."""
    line = (f"ingest: {result.abstracts} abstracts in {result.dumps} dumps -> "
            f"{len(result.new)} new papers, {len(result.updated)} updated, {result.unchanged} unchanged; "
            f"{result.seen_before} already in pages, {result.merged} duplicate copies merged, "
            f"{result.left_out} left out as deleted; {len(result.warnings)} warnings"
            + (f"; {len(result.retopiced)} pages changed topics (`topics --review` lists them first)"
               if result.retopiced else ""))
    if not result.deleted:
        return line
    deleted = result.deleted
    names = ", ".join(deleted[:SHOW_DELETED]) + (" …" if len(deleted) > SHOW_DELETED else "")
    one = len(deleted) == 1
    papers = f"{len(deleted)} paper{'' if one else 's'}"
    return (f"{line}\ningest: {papers} deleted by hand {'stays' if one else 'stay'} out ({names}): "
            f"`{restore} SLUG …` or `{restore} --all` brings {'it' if one else 'them'} back")


def left_out(result, slugs: list[str]) -> None:
    """Count abstracts left out as copies of deleted papers (`slugs`: one per abstract)."""
    result.left_out += len(slugs)
    result.deleted = sorted(set(result.deleted).union(slugs))
