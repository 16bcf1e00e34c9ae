"""Bad input a maintainer can cause: each gets one line naming the file (and line), and
nothing is lost. Every test shows the exact message the user sees."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from catalog import pages as pages_mod
from catalog.cli import main
from catalog.errors import ContentError
from catalog.ingest import ingest
from catalog.ingest.sources import decode_dump
from catalog.pages import dump_page, new_meta, read_page, write_if_changed

from render_helpers import FIXTURE, build
from test_serve_incremental import env  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parent.parent
PAGE = "2410.02098"
A = ("We study how sparse routing interacts with scale in language models trained on public data. "
     "Our analysis covers twelve model sizes and three routing schemes, with careful ablations of each design choice.")
B = ("Diffusion transformers generate images from text by iterative denoising in a learned latent space. "
     "We introduce an efficient conditioning mechanism that halves the cost of sampling at equal image quality.")


@pytest.fixture
def content(tmp_path, monkeypatch):
    """The render fixture's pages (ids, topics, curated fields), plus an empty sources/."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "sources").mkdir()
    monkeypatch.chdir(tmp_path)
    return root


def edit(content: Path, pattern: str, replacement: str, slug: str = PAGE) -> Path:
    path = content / "papers" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1, pattern
    path.write_text(new, encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def cli(capsys, *argv) -> tuple[int, str]:
    code = main([*argv, "-q"])
    return code, capsys.readouterr().err.strip()


def quiet(*_):
    pass


# ---------------------------------------------------------------------------- one schema for a page

@pytest.mark.parametrize("pattern, value, message", [
    (r"^title: .*$", 'title: ["A", "B"]', "error: {f}:3: title must be text, got a list; write it in quotes on one line"),
    (r"^date: .*$", 'date: "March 2024"', "error: {f}:5: date must be YYYY, YYYY-MM or YYYY-MM-DD, got 'March 2024'"),
    (r"^date: .*$", "date: 2024-13", "error: {f}:5: date must be YYYY, YYYY-MM or YYYY-MM-DD, got '2024-13'"),
    (r"^venue: .*$", "withdrawn: maybe\nvenue: null", "error: {f}:10: withdrawn must be true or false"),
    (r"^authors:$", "authors: {a: 1}\nold_authors:", "error: {f}:6: authors must be a list, got a mapping"),
    (r"^links:$", "links: [x]\nold_links:", "error: {f}:14: field 'links' must be a mapping like {{code: []}}"),
    (r"^venue: .*$", 'venue: "ICLR 2025', "error: {f}:10: front matter is not valid YAML: "
                                          "a quote opened on this line is not closed on it"),
    (r'^title: "', 'title: "\x93', "error: {f}:3: front matter holds character U+0093, which YAML does not allow; "
                                     "delete it, or write it as \\u0093 in double quotes"),
    (r"^topics: .*$", "topics: [moe", "error: {f}:11: front matter is not valid YAML: "
                                      "did not find expected ',' or ']'"),
])
def test_page_errors_name_file_and_line(content, capsys, pattern, value, message):
    path = edit(content, pattern, value)
    code, err = cli(capsys, "render", "--content", str(content), "--output", "site")
    assert (code, err) == (1, message.format(f=path))
    assert not Path("site").exists()


@pytest.mark.parametrize("pattern, value, field, expected, message", [
    (r"^arxiv: .*$", "arxiv: 2410.10000", "arxiv", "2410.10000",
     'warning: {f}:4: arxiv: 2410.10000 is read by YAML as the number 2410.1; '
     'using the text as written, "2410.10000" (put it in quotes)'),
    (r"^title: .*$", "title: no", "title", "no",
     'warning: {f}:3: title: no is read by YAML as the truth value false; using the text as written, "no" (put it in quotes)'),
    (r"^topics: .*$", 'topics: "moe, multimodal"', "topics", ["moe", "multimodal"],
     "warning: {f}:11: topics should be a list: read 'moe, multimodal' as [moe, multimodal]"),
    (r"^topics: .*$", "topics: [moe, multimodel]", "topics", ["moe", "multimodel"],
     "warning: {f}:11: unknown topic 'multimodel', ignored; did you mean 'multimodal'? "
     "(topics.yaml has: moe, alignment, multimodal)"),
    (r"^venue: .*$", "venue: null\naccepted: 2025-01-22", "accepted", "2025-01-22",
     "warning: {f}:11: 'accepted' is read by YAML as a date; kept as text (quote it)"),
    (r"^arxiv: .*$", 'arxiv: "not an id"', "arxiv", "not an id",
     "warning: {f}:4: 'not an id' is not an arXiv id (like \"2410.02098\"); no arXiv links are shown"),
])
def test_page_warnings_name_file_and_line_and_keep_the_text(content, capsys, pattern, value, field, expected, message):
    path = edit(content, pattern, value)
    page = read_page(path)
    assert page.meta[field] == expected
    assert [str(w) for w in page.warnings] == [message.format(f=path)]
    out = build(content, Path("site"))
    record = next(r for r in json.loads((out / "papers.json").read_text()) if r["slug"] == PAGE)
    assert record[field] == expected  # papers.json is written (no crash on a date), the id has every digit
    if field == "arxiv" and expected == "2410.10000":
        assert "2410.10000" in (out / "catalog.bib").read_text() and "2410.1," not in (out / "catalog.bib").read_text()
    if field == "title":
        assert "<h1" in (out / "papers" / PAGE / "index.html").read_text() and ">no<" in (out / "papers" / PAGE / "index.html").read_text()


@pytest.mark.parametrize("title, enrich", [(None, True), ('title: ""', True), ("title:", False)])
def test_a_page_without_a_title_warns_once_a_build(content, capsys, title, enrich):
    """A page a person wrote without a title is shown under its slug: one line says so (ingest
    and render both read the page; a build says it once), with `enrich` to fill it when it has an id."""
    path = edit(content, r"^title: .*\n", "" if title is None else title + "\n")
    if not enrich:
        edit(content, r"^arxiv: .*$", "arxiv: null")
    pages_mod._reported.clear()  # as for a new process
    code, err = cli(capsys, "build", "--content", str(content), "--output", "site")
    hint = ", or run `python build.py enrich` to fill it from arXiv" if enrich else ""
    assert (code, err) == (0, f"warning: {path}: no title: the site shows the slug in its place; "
                              f"add a `title:` line{hint}")
    assert f"<h1" in (Path("site") / "papers" / PAGE / "index.html").read_text()


def test_warnings_come_back_on_every_build_while_the_page_is_wrong(content, capsys):
    """The build cache keeps a page's warnings: a cached build and one with nothing to do
    still warn, until the page is fixed."""
    path = edit(content, r"^title: .*$", "title: no")
    message = f'warning: {path}:3: title: no is read by YAML as the truth value false; '
    for step in ("first", "another page edited", "nothing changed"):
        if step == "another page edited":
            edit(content, r"^title: .*$", 'title: "Another title"', slug="2405.00001")
        pages_mod._reported.clear()  # as for a new process
        code, err = cli(capsys, "render", "--content", str(content), "--output", "site")
        assert code == 0 and [line for line in err.splitlines() if line.startswith(message)], step
    edit(content, r"^title: no$", 'title: "no"')
    code, err = cli(capsys, "render", "--content", str(content), "--output", "site")
    assert (code, err) == (0, "")


def test_unknown_topic_warning_follows_topics_yaml(content, capsys):
    path = edit(content, r"^topics: .*$", "topics: [moe, retrieval]")
    pages_mod._reported.clear()
    code, err = cli(capsys, "render", "--content", str(content), "--output", "site")
    assert code == 0 and f"warning: {path}:11: unknown topic 'retrieval', ignored" in err
    topics = content / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "  - key: retrieval\n    name: Retrieval\n"
                      "    description: Retrieval-augmented models.\n", encoding="utf-8")
    pages_mod._reported.clear()
    code, err = cli(capsys, "render", "--content", str(content), "--output", "site")
    assert (code, err) == (0, "")  # the page itself did not change: its cached entry must not keep the old warning


def test_warnings_are_printed_once_by_the_cli(content, capsys):
    path = edit(content, r"^arxiv: .*$", "arxiv: 2410.10000")
    pages_mod._reported.clear()
    code, err = cli(capsys, "build", "--content", str(content), "--output", "site")
    assert code == 0
    assert err.splitlines() == [f'warning: {path}:4: arxiv: 2410.10000 is read by YAML as the number 2410.1; '
                                'using the text as written, "2410.10000" (put it in quotes)']


def test_invalid_utf8_in_a_page_is_reported_at_its_line(content, capsys):
    path = content / "papers" / f"{PAGE}.md"
    lines = path.read_bytes().split(b"\n")
    lines[18] += b" \xff"  # line 19: the abstract
    path.write_bytes(b"\n".join(lines))
    code, err = cli(capsys, "render", "--content", str(content), "--output", "site")
    assert code == 1 and err.startswith(f"error: {path}:19: not valid UTF-8 (invalid start byte at byte ")


# ---------------------------------------------------------------------------- removing a paper

def test_withdrawn_paper_is_not_rendered_and_ingest_never_recreates_it(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content)
    (content / "sources" / "d.txt").write_text(f"{A}\narXiv:2401.00001\n{B}\n", encoding="utf-8")
    ingest(content, say=quiet)
    edit(content, r"^venue: .*$", "venue: null\nwithdrawn: true", slug="2401.00001")
    (content / "sources" / "e.txt").write_text(f"{A}\narXiv:2401.00001\n", encoding="utf-8")  # a copy elsewhere
    result = ingest(content, say=quiet)
    assert result.new == [] and sorted(p.name for p in (content / "papers").glob("*.md")) == \
        ["2401.00001.md", f"{read_slug(content, B)}.md"]
    assert read_page(content / "papers" / "2401.00001.md").meta["withdrawn"] is True
    site = build(content, tmp_path / "site", site_url="https://example.org")  # a sitemap needs one
    assert not (site / "papers" / "2401.00001").exists()
    assert [r["slug"] for r in json.loads((site / "papers.json").read_text())] == [read_slug(content, B)]
    assert "2401.00001" not in (site / "sitemap.xml").read_text() + (site / "index.html").read_text()


def read_slug(content: Path, body: str) -> str:
    return next(p.stem for p in (content / "papers").glob("*.md") if read_page(p).body == body)


def test_a_page_deleted_by_hand_is_not_recreated(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "d.txt").write_text(f"{A}\narXiv:2401.00001\n{B}\n", encoding="utf-8")
    ingest(content, say=quiet)
    (content / "papers" / "2401.00001.md").unlink()
    assert ingest(content, say=quiet).new == []  # same dumps: silently stays removed
    (content / "sources" / "e.txt").write_text(f"Abstract: {A}\narXiv:2401.00001v2\n", encoding="utf-8")
    result = ingest(content, say=quiet)
    assert result.new == [] and not (content / "papers" / "2401.00001.md").exists()
    assert [str(w) for w in result.warnings] == [
        f"warning: e.txt:1: not added: a copy of '2401.00001', whose page {content / 'papers' / '2401.00001.md'} "
        "was deleted (see README, Removing a paper)"]
    ledger = (content / "ledger.tsv").read_text()  # deleting its lines brings the paper back
    (content / "ledger.tsv").write_text("".join(l for l in ledger.splitlines(True) if "2401.00001" not in l))
    assert ingest(content, say=quiet).new == ["2401.00001"]


# ---------------------------------------------------------------------------- dumps

def test_decoding_loses_nothing():
    warnings = []
    cases = {
        "latin1.txt": ("Müller und Straße".encode("latin-1"), "Müller und Straße"),
        "utf16.txt": ("Zoë’s model\r\n".encode("utf-16"), "Zoë’s model\n"),
        "utf16le.txt": ("Zoë’s model".encode("utf-16-le"), "Zoë’s model"),
        "utf16be.txt": ("Zoë’s model".encode("utf-16-be"), "Zoë’s model"),
        "c1.txt": ("He said \u0093hi\u0094.".encode(), "He said “hi”."),
        "nul.txt": (b"first line\nsec\x00ond line\nthird", "first line\nsecond line\nthird"),
        "cp1251.txt": ("Привет, мир. Это текст в кодировке windows-1251.".encode("cp1251"),
                       "Привет, мир. Это текст в кодировке windows-1251."),
        "mixed.txt": (b"caf\xc3\xa9 in UTF-8\nna\xefve in cp1252\n", "café in UTF-8\nnaïve in cp1252\n"),
    }
    for name, (data, expected) in cases.items():
        assert decode_dump(name, data, warnings) == expected, name
    assert [str(w) for w in warnings] == [
        "warning: latin1.txt:1: not UTF-8 on line 1; decoded as cp1252",
        "warning: utf16le.txt: no byte-order mark; read as UTF-16-LE",
        "warning: utf16be.txt: no byte-order mark; read as UTF-16-BE",
        "warning: c1.txt:1: C1 control characters (cp1252 read as Latin-1) replaced by the characters they stand for on line 1",
        "warning: nul.txt:2: NUL bytes removed on line 2",
        "warning: cp1251.txt:1: not UTF-8 on line 1; decoded as cp1251",
        "warning: mixed.txt:2: not UTF-8 on line 2; decoded as cp1252",
    ]


def test_a_c1_character_in_a_dump_gives_a_page_that_reads_back(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "d.txt").write_bytes(f"{A[:-1]} \x93quoted\x94 \x81\x85.\narXiv:2401.00001\n".encode())
    ingest(content, say=quiet)
    page = read_page(content / "papers" / "2401.00001.md")
    assert "“quoted”" in page.body and "…" in page.body
    meta = new_meta("x")
    meta["title"] = "odd \x93 \x7f \x85 \u2028 \ufeff \ufffe chars"
    path = tmp_path / "x.md"
    path.write_text(dump_page(meta, "body"), encoding="utf-8")
    assert read_page(path, topic_keys=[]).meta["title"] == meta["title"]


def test_a_folder_named_like_a_dump_and_an_unreadable_dump_are_one_line(content, capsys, monkeypatch):
    (content / "sources" / "x.txt").mkdir()
    code, err = cli(capsys, "ingest", "--content", str(content))
    assert (code, err) == (1, f"error: {content / 'sources' / 'x.txt'}: is not a file (a folder named like a dump?); "
                              "rename or remove it")
    (content / "sources" / "x.txt").rmdir()
    (content / "sources" / "y.txt").write_text(A, encoding="utf-8")
    real = Path.read_bytes

    def denied(self):
        if self.name == "y.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", denied)
    code, err = cli(capsys, "ingest", "--content", str(content))
    assert (code, err) == (1, f"error: {content / 'sources' / 'y.txt'}: cannot read this dump: Permission denied")


def test_a_full_disk_while_writing_pages_is_one_line(content, capsys, monkeypatch):
    (content / "sources" / "d.txt").write_text(f"{A}\narXiv:2401.00001\n", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(content / "papers" / ".2401.00001.md.x.tmp"))
    monkeypatch.setattr(pages_mod.tempfile, "mkstemp", full)
    code, err = cli(capsys, "ingest", "--content", str(content))
    assert (code, err) == (1, f"error: {content / 'papers' / '.2401.00001.md.x.tmp'}: No space left on device")


# ---------------------------------------------------------------------------- two ingests at once

def test_two_ingests_at_once_are_serialised(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "d.txt").write_text(f"{A}\narXiv:2401.00001\n{B}\n", encoding="utf-8")
    errors, results = [], []

    def one():
        try:
            results.append(ingest(content, say=quiet))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(len(r.new) for r in results) == [0, 0, 0, 2]  # one made the pages, the others saw them
    assert not list((content / "papers").glob(".*.tmp")) and len(list((content / "papers").glob("*.md"))) == 2


def test_temporary_names_are_unique_per_writer(tmp_path):
    names = set()
    real = pages_mod.os.replace

    def spy(src, dst):
        names.add(Path(src).name)
        return real(src, dst)
    pages_mod.os.replace = spy
    try:
        for text in ("one\n", "two\n"):
            write_if_changed(tmp_path / "p.md", text)
    finally:
        pages_mod.os.replace = real
    assert len(names) == 2 and all(n.startswith(f".p.md.{pages_mod.os.getpid()}-") and n.endswith(".tmp") for n in names)


def test_errors_are_content_errors_not_tracebacks(content):
    edit(content, r"^title: .*$", "title: [1, [2]]")
    with pytest.raises(ContentError):
        read_page(content / "papers" / f"{PAGE}.md")


def test_withdrawing_a_paper_in_serve_matches_a_full_build(env):
    from test_serve_incremental import SEED_SLUG, assert_same_as_full_build, builder, edit_page, rebuild
    b = builder(env)
    try:
        rebuild(b, [edit_page(env, SEED_SLUG, withdrawn=True)])
        assert not (env / "site" / "papers" / SEED_SLUG).exists()
        assert_same_as_full_build(env, env / "site")
    finally:
        b.close()


def test_ingest_removes_temporaries_of_dead_writers_only(tmp_path):
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    dead = content / "papers" / ".x.md.999999999-abc.tmp"  # no such process
    live = content / "papers" / f".y.md.{__import__('os').getpid()}-abc.tmp"  # this process: still writing
    for tmp in (dead, live):
        tmp.write_text("half a page", encoding="utf-8")
    ingest(content, say=quiet)
    assert not dead.exists() and live.exists()


def test_an_unknown_topic_is_warned_once_by_a_whole_build(content, capsys):
    """`python build.py` ingests, then renders: both read the page; one warning, the same text."""
    path = edit(content, r"^topics: .*$", "topics: [moe, multimodel]")
    pages_mod._reported.clear()
    code, err = cli(capsys, "--content", str(content), "--output", "site")
    lines = [line for line in err.splitlines() if "unknown topic 'multimodel'" in line]
    assert code == 0 and lines == [f"warning: {path}:11: unknown topic 'multimodel', ignored; did you mean "
                                   "'multimodal'? (topics.yaml has: moe, alignment, multimodal)"]
