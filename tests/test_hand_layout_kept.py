"""A page a person edited keeps every line they wrote when ingest or enrich adds to it:
their YAML comments, quoting, field order, extra fields, CRLF line ends and BOM. Only the
fields whose values change are written anew (catalog/page_update.py)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from catalog.cli import main
from catalog.pages import read_page

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "enrich"


def ingested(tmp_path: Path) -> Path:
    """The seed catalog plus a dump of real abstracts (GShard, LoRA, …), ingested."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copy(DATA / "new_dump.txt", content / "sources" / "900_new.txt")
    assert main(["ingest", "--content", str(content), "-q"]) == 0
    return content


def hand_edit(path: Path, edits: dict[str, str], tail: str, crlf_bom: bool = False) -> str:
    """Replace front-matter lines by key, add `tail` lines before the closing ---; the new text."""
    lines = path.read_text(encoding="utf-8").split("\n")
    close = lines.index("---", 1)
    for i, line in enumerate(lines[:close]):
        key = line.split(":", 1)[0]
        if key in edits:
            lines[i] = edits[key]
    lines[close:close] = tail.split("\n")
    text = "\n".join(lines)
    data = ("\ufeff" + text.replace("\n", "\r\n")) if crlf_bom else text
    path.write_bytes(data.encode("utf-8"))
    return data


def removed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]


def test_ingest_adding_a_source_keeps_a_persons_comments_and_layout(tmp_path):
    content = ingested(tmp_path)
    page = content / "papers" / "2006.16668.md"
    before = hand_edit(page, {"title": "title: 'GShard, my way'   # checked against the PDF",
                              "authors": "authors: [Dmitry Lepikhin, HyoukJoong Lee]"},
                       "reviewed_by: me\n# keep this note")
    # A later dump holds the same abstract again (its first lines of 900_new.txt).
    copy = (DATA / "new_dump.txt").read_text(encoding="utf-8").split("\n")[:2]
    (content / "sources" / "901_again.txt").write_text("\n".join(copy) + "\n", encoding="utf-8")
    assert main(["ingest", "--content", str(content), "-q"]) == 0
    after = page.read_text(encoding="utf-8")
    assert removed_lines(before, after) == []
    assert '  - "901_again.txt:1"' in after
    meta = read_page(page).meta
    assert meta["title"] == "GShard, my way" and meta["authors"] == ["Dmitry Lepikhin", "HyoukJoong Lee"]


def test_enrich_fills_a_crlf_bom_page_keeping_its_comments(tmp_path):
    content = ingested(tmp_path)
    page = content / "papers" / "2106.09685.md"
    before = hand_edit(page, {"venue": 'venue: "ICLR 2022"  # the published version'},
                       "# authors: from arXiv, please", crlf_bom=True)
    assert main(["enrich", "--content", str(content), "--from", str(DATA / "snapshot.jsonl"), "-q"]) == 0
    data = page.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    after = data.decode("utf-8")
    meta = read_page(page).meta
    assert meta["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"  # the derived one replaced
    assert meta["authors"][:2] == ["Edward J. Hu", "Yelong Shen"] and meta["venue"] == "ICLR 2022"
    machine = before.split("\r\ngenerated:\r\n")[1].split("\r\n---\r\n")[0].split("\r\n")  # its own record
    gone = [line[2:] for line in removed_lines(before, after)]
    assert all(line.startswith(("title:", "authors:")) or line in machine for line in gone), gone
    assert "# authors: from arXiv, please" in after and "# the published version" in after


def test_enrich_with_nothing_to_fill_leaves_a_hand_formatted_page_byte_identical(tmp_path):
    content = ingested(tmp_path)
    assert main(["enrich", "--content", str(content), "--from", str(DATA / "snapshot.jsonl"), "-q"]) == 0
    page = content / "papers" / "2006.16668.md"
    # The person re-quotes a field and adds a comment; arXiv has nothing new for the page.
    hand_edit(page, {"venue": "venue: ~   # not published yet"}, "# a note of mine")
    before = page.read_bytes()
    assert main(["enrich", "--content", str(content), "--from", str(DATA / "snapshot.jsonl"), "-q"]) == 0
    assert page.read_bytes() == before


def test_a_page_copied_as_a_template_is_named_as_a_second_page_of_the_same_paper(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    mega = (content / "papers" / "mega.md").read_text(encoding="utf-8")
    copy = mega.replace('slug: "mega"', 'slug: "my-new-paper"').replace("Mega: Moving", "My new paper: Moving")
    (content / "papers" / "my-new-paper.md").write_text(copy, encoding="utf-8")
    for _ in range(2):  # also when nothing changed since (the ingest cache answers)
        assert main(["ingest", "--content", str(content), "-q"]) == 0
        err = capsys.readouterr().err
        assert (f"warning: {content}/papers/my-new-paper.md: the same paper as {content}/papers/mega.md "
                "(arXiv:2209.10655): the site shows it twice; delete one of the two pages") in err


def test_pages_put_in_a_folder_inside_papers_are_named_not_read(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "papers" / "drafts").mkdir()
    shutil.move(content / "papers" / "blt.md", content / "papers" / "drafts" / "blt.md")
    (content / "papers" / "figures").mkdir()  # no pages in it: not a mistake, no word
    for _ in range(2):  # also when nothing else changed (the ingest cache answers)
        assert main(["ingest", "--content", str(content), "-q"]) == 0
        err = capsys.readouterr().err
        assert f"warning: {content}/papers/drafts: not read: a folder of pages (pages go straight into papers/)" in err
        assert "figures" not in err


def test_fields_a_person_reordered_stay_in_their_order(tmp_path):
    content = ingested(tmp_path)
    page = content / "papers" / "2006.16668.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    moved = lines.pop(title)
    lines.insert(lines.index("---", 1), moved)  # the title moved to the end, quoting as before
    before = "\n".join(lines)
    page.write_text(before, encoding="utf-8")
    copy = (DATA / "new_dump.txt").read_text(encoding="utf-8").split("\n")[:2]
    (content / "sources" / "901_again.txt").write_text("\n".join(copy) + "\n", encoding="utf-8")
    assert main(["ingest", "--content", str(content), "-q"]) == 0
    after = page.read_text(encoding="utf-8")
    assert removed_lines(before, after) == [] and '  - "901_again.txt:1"' in after
