"""Property-based tests (hypothesis): ingest never crashes on any dump, every word of a
dump is accounted for exactly once, and every page reads back as it was written.

Dumps are random glue of real pieces of the seed dumps (abstracts, ids, comment lines,
`Abstract:` prefixes) with random text, CRLF, BOMs, NUL and invalid bytes. In-process
calls only, so thousands of examples run in well under two minutes.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.errors import Warning_
from catalog.ingest import ingest
from catalog.ingest.sources import decode_dump
from catalog.ingest.split import split_dump
from catalog.pages import dump_page, load_pages, new_meta, read_page
from catalog.schema import ARXIV

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = sorted({line.strip() for path in sorted((ROOT / "content" / "sources").glob("*.txt"))
                     for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()})
ABSTRACTS = [line for line in SEED_LINES if len(line.split()) > 15 and not line.startswith("arXiv:")]
IDS = ["arXiv:2410.02098", "arXiv:2403.09611v2", "arXiv:hep-th/9901001", "[arXiv:2501.02086]", "arXiv: 2407.21075"]
COMMENTS = ["9 pages", "13 pages, 3 figures", "10 pages + appendix", "Accepted at ICLR 2025", "8 pages"]
PREFIXES = ["Abstract: ", "Abstract. ", "ABSTRACT: ", ""]
SETTINGS = settings(max_examples=600, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Letters and digits counted apart, so "arXiv:2410.02098Augmenting" is the same words however split.
TOKEN = re.compile(r"[^\W\d_]+|\d+")


def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall(text))


abstract_text = st.one_of(st.sampled_from(ABSTRACTS), st.text(min_size=1, max_size=300))
piece = st.one_of(
    st.tuples(st.sampled_from(PREFIXES), abstract_text).map("".join),
    st.sampled_from(IDS),
    st.tuples(st.sampled_from(IDS), st.sampled_from(ABSTRACTS)).map("".join),  # an id glued to the next abstract
    st.sampled_from(COMMENTS),
    st.tuples(st.sampled_from(ABSTRACTS), st.sampled_from(ABSTRACTS)).map("".join),  # two abstracts glued
    st.text(max_size=80),
)
line_end = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])
dump_text = st.lists(st.tuples(piece, line_end).map("".join), max_size=12).map("".join)


@st.composite
def dump_bytes(draw) -> bytes:
    """A dump as bytes: UTF-8 (maybe with a BOM), some lines cp1252, NUL and invalid bytes spliced in."""
    text = draw(dump_text)
    data = draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + text.encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\x00", b"\xff", b"\xe9", b"\x93", b"\xc3", b"\x81"])) + data[at:]
    return data


def accounted(name: str, text: str, warnings: list[Warning_]) -> tuple[Counter, set[str]]:
    """The words split_dump put somewhere -- abstracts, prefixes, ids, comments, or a warning
    that names the text it set aside -- and the words it may drop as exact repeats: a comment
    already attached to the same abstract, the version of an id it ignored."""
    found, repeats = Counter(), set()
    abstracts = split_dump(name, text, warnings)
    attached = {c for a in abstracts for c in a.comments}
    for a in abstracts:
        found += tokens(a.text) + tokens(a.prefix) + tokens(" ".join(a.comments))
        repeats |= set(tokens(" ".join(a.comments)))
        if a.arxiv:
            found += tokens(f"arXiv {a.arxiv} {a.version or ''}")
    for w in warnings:
        ignored = re.match(r"arXiv:(\S+) follows no abstract", w.message)
        if ignored:
            found += tokens(f"arXiv {ignored.group(1)}")
            repeats |= {"v"} | {str(n) for n in range(100)}
        pending = re.match(r"comment (.*) precedes (?:any|no) abstract", w.message)
        if pending and eval(pending.group(1)) not in attached:  # noqa: S307 - our own repr
            found += tokens(eval(pending.group(1)))  # no abstract followed: the warning names it
    return found, repeats


@SETTINGS
@given(dump_bytes())
def test_decoding_and_splitting_never_crash_and_lose_no_word(data):
    warnings: list[Warning_] = []
    text = decode_dump("d.txt", data, warnings)
    if text is None:  # skipped as binary: said so
        assert any("skipped" in w.message for w in warnings)
        return
    words = tokens(text)
    kept, repeats = accounted("d.txt", text, warnings)
    assert not kept - words, "a word appears more often than in the dump"
    missing = words - kept
    assert set(missing) <= repeats, missing


@SETTINGS
@given(st.text(max_size=200))
def test_utf8_text_decodes_to_itself(text):
    """Whatever the line ends and BOM, UTF-8 text comes back exactly (line ends as \\n)."""
    text = text.replace("\x00", "").replace("\ufeff", "")
    text = re.sub("[\x80-\x9f]", "", text)  # C1 controls are mapped to cp1252 (tested apart)
    for variant in (text, "\ufeff" + text, text.replace("\n", "\r\n")):
        warnings: list[Warning_] = []
        decoded = decode_dump("d.txt", variant.encode("utf-8", "surrogatepass"), warnings)
        if decoded is None:  # mostly control characters: skipped, with a warning
            assert warnings
            continue
        assert decoded == variant.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@SETTINGS
@given(st.text(alphabet=st.characters(codec="cp1252", exclude_categories=["Cc"]), max_size=200))
def test_legacy_text_decodes_to_itself(text):
    data = text.encode("cp1252")
    try:
        data.decode("utf-8")
        return  # also valid UTF-8 ("Â\xa0" is the bytes of a UTF-8 no-break space): read as UTF-8
    except UnicodeDecodeError:
        pass
    decoded = decode_dump("d.txt", data, [])
    if decoded is not None and sum(b >= 0x80 for b in data) < 16:  # too short to detect: cp1252 assumed
        assert decoded == text.replace("\r", "\n")


# ---------------------------------------------------------------------------- pages round-trip

any_text = st.text(max_size=60)
meta_values = st.fixed_dictionaries({
    "title": any_text, "arxiv": st.one_of(st.none(), st.from_regex(r"\A\d{4}\.\d{4,5}\Z"), any_text),
    "date": st.one_of(st.none(), st.from_regex(r"\A(19|20)\d\d(-(0[1-9]|1[0-2]))?\Z")),
    "authors": st.lists(any_text, max_size=3), "venue": st.one_of(st.none(), any_text),
    "topics": st.lists(st.sampled_from(["moe", "alignment", "multimodal", "efficiency"]), max_size=3, unique=True),
    "comments": st.lists(any_text, max_size=3), "code": st.lists(any_text.filter(bool), max_size=2),
    "sources": st.lists(any_text, max_size=3),
})


@SETTINGS
@given(meta_values, st.text(max_size=300).map(lambda t: t.replace("\r", "")))
def test_every_page_reads_back_as_written(tmp_path_factory, values, body):
    meta = new_meta("paper")
    code = values.pop("code")
    meta.update(values, links={"code": code})
    path = tmp_path_factory.getbasetemp() / "round" / "papers" / "paper.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_page(meta, body), encoding="utf-8")
    page = read_page(path, topic_keys=["moe", "alignment", "multimodal", "efficiency"])
    expected = {**meta, "title": meta["title"] or ""}
    assert page.meta == expected
    assert page.body == body.strip("\n")
    odd_id = meta["arxiv"] is not None and not ARXIV.match(meta["arxiv"])
    untitled = not meta["title"].strip()  # the site would show the slug: said so (schema.check)
    assert [w.message.startswith("no title: the site shows the slug") for w in page.warnings] == (
        [True] if untitled else []) + ([False] if odd_id else [])
    assert [w.message for w in page.warnings if not w.message.startswith("no title")] == (
        [f"{meta['arxiv']!r} is not an arXiv id (like \"2410.02098\"); no arXiv links are shown"] if odd_id else [])


# ---------------------------------------------------------------------------- whole ingest

@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(dump_bytes(), min_size=1, max_size=3))
def test_ingest_never_crashes_and_every_abstract_has_a_page(tmp_path_factory, dumps):
    content = tmp_path_factory.getbasetemp() / "ingest-prop" / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    for i, data in enumerate(dumps):
        (content / "sources" / f"{i:03}.txt").write_bytes(data)
    ingest(content, say=lambda *a: None)
    pages = load_pages(content / "papers")  # every page written reads back (no YAML error) ...
    assert all(dump_page(p.meta, p.body) == p.text for p in pages)  # ... to the very values written
    where = Counter(loc for p in pages for loc in p.meta["sources"])
    assert all(n == 1 for n in where.values()), "an abstract is in two pages"
    warnings: list[Warning_] = []
    for i, data in enumerate(dumps):
        text = decode_dump(f"{i:03}.txt", data, warnings)
        for a in split_dump(f"{i:03}.txt", text or "", warnings):
            assert a.location in where, f"{a.location} has no page"
    assert ingest(content, say=lambda *a: None).new == []  # and a second run changes nothing


# ---------------------------------------------------------------------------- abstracts without Markdown

from catalog.render.markup import Markup, plain_paragraphs  # noqa: E402

_markup = Markup()


def _with_markdown(source: str) -> tuple[str, str]:
    _markup._md.reset()
    _markup._text = ""
    return _markup._md.convert(source), _markup._text


def _check_plain_path(source: str) -> bool:
    """The plain-paragraph path, where taken, gives exactly Python-Markdown's output."""
    if plain_paragraphs(source) is None:
        return False
    assert _markup.render(source) == _with_markdown(source), repr(source)
    return True


def test_real_abstracts_without_markdown_render_as_python_markdown_does():
    import yaml
    from catalog.pages import read_page
    bodies = [read_page(p, topic_keys=None, report=False).body for p in sorted((ROOT / "content" / "papers").glob("*.md"))]
    dev = yaml.safe_load((ROOT / "tests" / "data" / "topics" / "topics-dev.yaml").read_text(encoding="utf-8"))
    bodies += [paper["abstract"] for paper in dev["papers"]]
    taken = sum(_check_plain_path(body) for body in bodies)
    assert taken > len(bodies) // 2  # most abstracts take the quick path: it must stay exact


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab Z19.,;:()'\"%&<>!?-+/=\n\n  é—\u00a0\u2028\t>#*")), max_size=60))
def test_plain_paragraph_path_agrees_with_python_markdown(source):
    _check_plain_path(source)


# The check as one pattern (before it looked at lines one by one): the same answer for every text.
_ONE_PATTERN = re.compile(r"[\\`*_\[\]$#\x00-\x09\x0b-\x1f\x7f]|://|www\.|[^\S \n]|^ | $|^>|^(?:[-+*]|\d+[.)])(?:\s|$)",
                          re.MULTILINE)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 19.)-+*>:/w\n\t\r\u00a0\u2028\u0663#")), max_size=40))
def test_the_markdown_check_by_lines_agrees_with_one_pattern(source):
    from catalog.render.markup import _needs_markdown
    assert _needs_markdown(source) == bool(_ONE_PATTERN.search(source)), repr(source)


def test_an_empty_abstract_has_no_plain_text_left_from_the_one_before():
    _markup.render("A *first* abstract.")
    assert _markup.render("  \n") == ("", "")  # white space only: Python-Markdown serializes nothing
