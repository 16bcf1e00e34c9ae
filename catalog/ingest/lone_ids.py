"""Ids that no abstract goes with: a reading list dropped into content/sources/ ("2401.04088",
"https://arxiv.org/abs/…" a line), links in a note, BibTeX entries and snapshot records with no
abstract, a PDF named by its id. Ingest reads no network, so it cannot bring such papers in;
what it can do is say which the catalog lacks, in one line a file ending with the command that
does (a note beside a link, "— good baseline", is not repeated: the dump stays as it is in
content/sources/). An id whose paper the catalog has, gets from another dump in the same run,
or had until a person deleted its page says nothing: nothing is lost."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Callable

from ..arxiv.record import base_id
from ..errors import Warning_

NAMED_MAX = 100  # ids in one command (a line of ~1,100 characters)


@dataclass(frozen=True)
class LoneId(Warning_):
    """A reader's note of ids no abstract goes with: an id line under no abstract, a comment or
    note linking papers, a BibTeX entry or snapshot record with no abstract, a PDF named by its
    id. `fold_lone_ids` turns a file's into one line, or none."""
    ids: tuple[str, ...] = ()


def fold_lone_ids(warnings: list[Warning_], known_ids: Callable[[], set[str]], content: str = "content") -> list[Warning_]:
    """`warnings` with each file's LoneIds for papers not in `known_ids()` (base ids) as one
    line, in the place of the file's first, that ends with the `add` command; the others
    dropped. `known_ids` is called only when there are LoneIds (most ingests: none, and the
    catalog's ids are not gathered). `content`: the catalog's folder, as the command names it."""
    if not any(isinstance(warning, LoneId) for warning in warnings):
        return warnings
    known = known_ids()
    missing: dict[str, list[LoneId]] = {}
    for warning in warnings:
        if isinstance(warning, LoneId) and not known.issuperset(_base(warning.ids)):
            missing.setdefault(_file(warning), []).append(warning)
    lines = {id(lone[0]): _line(lone, known, content) for lone in missing.values()}  # at each file's first
    return [lines[id(w)] if id(w) in lines else w for w in warnings if id(w) in lines or not isinstance(w, LoneId)]


def _line(lone: list[LoneId], known: set[str], content: str) -> Warning_:
    ids = [i for i in dict.fromkeys(_base(i for w in lone for i in w.ids)) if i not in known]
    what = f"{len(ids)} arXiv ids" if len(ids) > 1 else "an arXiv id"
    if len(ids) > NAMED_MAX:  # the command stays whole; the next ingest names the rest
        them = f"the first {NAMED_MAX} in (the next ingest names the other {len(ids) - NAMED_MAX})"
    else:
        them = "them in" if len(ids) > 1 else "it in"
    option = "" if content == "content" else f" --content {shlex.quote(content)}"
    return Warning_(lone[0].where, f"{what} with no abstract, not in the catalog; to bring {them} from "
                                   f"arXiv: python build.py add{option} {' '.join(ids[:NAMED_MAX])}")


def _file(warning: Warning_) -> str:
    return re.sub(r":\d+$", "", warning.where)


def _base(ids) -> list[str]:
    """"math.GT/0309136" as the catalog keeps it, "math/0309136"; new-style ids unchanged."""
    return [base_id(i) or i for i in ids]
