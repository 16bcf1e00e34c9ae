"""A `word.Word` seam splits only on evidence from both sides (real abstracts from the dev set)."""

from __future__ import annotations

from pathlib import Path

import yaml

from catalog.ingest.split import split_dump

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "sources"
PAPERS = {str(p["arxiv"]): " ".join(p["abstract"].split()) for p in
          yaml.safe_load((Path(__file__).parent / "data" / "topics" / "topics-dev.yaml").read_text(encoding="utf-8"))["papers"]}


def texts(dump: str) -> list[str]:
    return [a.text for a in split_dump("d.txt", dump, [])]


def test_a_lost_space_inside_one_abstract_keeps_it_whole():
    for arxiv, seam in [("2505.21411", "Duo.Our studies"), ("2304.08485", "understanding.Our early"),
                        ("2503.19950", "techniques.LogQuant integrates")]:  # "Our …"; a name defined before
        assert seam in PAPERS[arxiv]
        assert texts(f"{PAPERS[arxiv]}\narXiv:{arxiv}\n") == [PAPERS[arxiv]]


def test_an_abstract_that_lost_most_of_its_spaces_stays_whole():
    """A real abstract (held-out set) with "engagement.With", "expressiveness.This study",
    "videos.Our": three sentence ends without a space, two with. It was cut into three pages.
    (Glued to another abstract, it is still cut: the test is over the whole run.)"""
    held_out = yaml.safe_load((Path(__file__).parent / "data" / "topics" / "held-out-2025b.yaml").read_text(encoding="utf-8"))
    text = next(" ".join(p["abstract"].split()) for p in held_out["papers"] if str(p["arxiv"]) == "2507.12761")
    assert "engagement.With the advancement" in text and "expressiveness.This study" in text
    assert texts(f"{text}\narXiv:2507.12761\n") == [text]


def test_two_abstracts_glued_without_a_separator_still_split():
    first, second = PAPERS["2304.08485"], PAPERS["2211.17192"]  # LLaVA (with its own .Our seam), speculative decoding
    assert texts(first + second) == [first, second]


def test_a_long_run_of_glued_abstracts_splits_at_every_seam():
    # A seam needs the full stop; an abstract opening with "Our …" reads as a continuation (by design).
    ids = [a for a in PAPERS if PAPERS[a].endswith(".") and not PAPERS[a].startswith("Our ")]
    assert len(ids) > 140
    found = texts("".join(PAPERS[a] for a in ids) + "\narXiv:2401.00001\n")
    assert found == [PAPERS[a] for a in ids]


def test_seed_dumps_concatenated_split_at_the_file_boundary():
    """`…chain-of-thought prompting.` ends one seed dump, `We introduce two multilingual…` starts the next."""
    one, two = (SEEDS / "002_78d1c5bc95532461.txt").read_text(), (SEEDS / "003_e5832f07b5743c59.txt").read_text()
    assert one.endswith("prompting.") and two.startswith("We introduce")
    assert len(texts(one + two)) == len(texts(one)) + len(texts(two))


def test_the_dev_dump_gives_one_abstract_per_paper():
    dump = "".join(f"{text}\narXiv:{arxiv}\n\n" for arxiv, text in PAPERS.items())
    found = split_dump("labeled.txt", dump, [])
    assert [a.arxiv for a in found] == list(PAPERS)


def test_an_id_inside_the_last_sentence_cites_another_paper_and_the_own_line_id_is_the_papers():
    """The real case (issue 17): "… at arXiv:2402.02526" ends the abstract, `arXiv:2505.13380` follows."""
    text = PAPERS["2404.02258"] + " This work is an improved version of the previous study at arXiv:2402.02526"
    warnings = []
    found = split_dump("d.txt", f"{text}\narXiv:2505.13380\n", warnings)
    assert [(a.arxiv, a.text) for a in found] == [("2505.13380", text)] and warnings == []


def test_an_id_after_the_last_sentence_is_the_papers_own():
    text = PAPERS["2404.02258"]
    assert [(a.arxiv, a.text) for a in split_dump("d.txt", f"{text} arXiv:2404.02258\n", [])] == [("2404.02258", text)]
