"""Ids that no abstract goes with: a reading list dropped into content/sources/ ("2401.04088",
"https://arxiv.org/abs/…" a line), or a stray id line. Ingest reads no network, so it cannot
bring such papers in; what it can do is say which the catalog lacks and give the command that
does, in one line a file (a note beside a link, "— good baseline", is not repeated: the dump
stays as it is in content/sources/). An id whose paper the catalog has (or gets from another
dump in the same run) says nothing: nothing is lost."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Warning_

NAMED_MAX = 100  # ids in one command (a line of ~1,100 characters)


@dataclass(frozen=True)
class LoneId(Warning_):
    """A reader's note of ids no abstract goes with: an id line under no abstract, a comment or
    note linking papers, a BibTeX entry or snapshot record with no abstract, a PDF named by its
    id. `fold_lone_ids` turns a file's into one line, or none."""
    ids: tuple[str, ...] = ()


def fold_lone_ids(warnings: list[Warning_], known: set[str]) -> list[Warning_]:
    """`warnings` with each file's LoneIds for papers not in `known` as one line, the others dropped."""
    out, missing = [], {}
    for warning in warnings:
        if not isinstance(warning, LoneId):
            out.append(warning)
        elif not known.issuperset(warning.ids):
            missing.setdefault(warning.where.rsplit(":", 1)[0], []).append(warning)
    for lone in missing.values():
        ids = [i for i in dict.fromkeys(i for w in lone for i in w.ids) if i not in known]
        what = f"{len(ids)} arXiv ids" if len(ids) > 1 else "an arXiv id"
        if len(ids) > NAMED_MAX:  # the command stays whole; the next ingest names the rest
            brings = f"brings the first {NAMED_MAX} in from arXiv (the next ingest names the other {len(ids) - NAMED_MAX})"
        else:
            brings = f"brings {'them' if len(ids) > 1 else 'it'} in from arXiv"
        out.append(Warning_(lone[0].where, f"{what} with no abstract, not in the catalog: python build.py add "
                                           f"{' '.join(ids[:NAMED_MAX])} {brings}"))
    return out
