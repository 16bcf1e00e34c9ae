"""A title made from the abstract is the last resort, and looks like one: real dev-set
abstracts get a named title where the authors name their work, else the first sentence
(whole, or cut with "…"); the listing's summary starts where such a title stops; the build
counts these titles and says what replaces them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from catalog.cli import main
from catalog.ingest import ingest
from catalog.ingest.clean import clean_abstract, plain_text
from catalog.ingest.titles import SENTENCE_WORDS, derive_title
from catalog.pages import dump_page, load_pages, read_page
from catalog.ownership import has_derived_title
from catalog.render.model import after_opening

from render_helpers import soup

ROOT = Path(__file__).resolve().parent.parent
DEV = {p["arxiv"]: p for p in yaml.safe_load(
    (Path(__file__).parent / "data" / "topics" / "topics-dev.yaml").read_text(encoding="utf-8"))["papers"]}


def title_of(ident: str) -> str:
    return derive_title(clean_abstract(DEV[ident]["abstract"])[0])


@pytest.mark.parametrize("ident, title", [
    # "an efficient open-source Mixture-of-Experts (MoE) vision-language model …": was "Kimi-VL: An
    # efficient open-source Mixture-of-Experts", cut at the "(MoE)" aside
    ("2504.07491", "Kimi-VL: An efficient open-source Mixture-of-Experts vision-language model"),
    ("2506.02460", "MidPO: A Mixture of Experts framework for safety-helpfulness dual Preference Optimization"),
    ("2109.05721", "ADNet: An optimized end-to-end training pipeline"),  # was "ADNet. Our: …"
    ("2511.15390", "AutoPrune: A novel pruning method"),  # was "AutoPrune: An LLMs prune by themselves? In this work"
    ("2503.23007", "S2MoE: Robust Sparse Mixture of Experts via Stochastic Learning"),  # was "Robust Sparse: …"
    ("2505.14681", "RICE: Reinforcing Cognitive Experts"),
    ("2503.20680", "VoRA: Vision as LoRA"),
    ("2002.05709", "SimCLR: A simple framework for contrastive learning of visual representations"),
    ("2302.05543", "ControlNet: A neural network architecture to add spatial conditioning controls to large, "
                   "pretrained text-to-image diffusion…"),  # not "… controls to large"
    # no name: the first sentence, whole when short …
    ("1711.00937", "Learning useful representations without supervision remains a key challenge in machine learning"),
    ("2305.11206", "Large language models are trained in two stages…"),  # "…: (1) unsupervised pretraining …"
    # … else cut at a word, and it says so
    ("1706.03741", "For sophisticated reinforcement learning (RL) systems to interact usefully with "
                   "real-world environments, we need…"),
])
def test_real_abstracts_get_whole_titles(ident, title):
    assert title_of(ident) == title


def test_every_dev_title_is_a_name_or_the_opening_and_a_cut_shows():
    for ident, paper in DEV.items():
        title = title_of(ident)
        text = " ".join(plain_text(clean_abstract(paper["abstract"])[0]).split())
        assert 2 <= len(title.split()) <= SENTENCE_WORDS, title
        if text.startswith(title.removesuffix("…")):  # the opening: whole sentence, or cut and marked
            assert title.endswith("…") or text[len(title)] in ".!?", (ident, title)
        else:
            name, _, what = title.partition(": ")
            assert name and len(what.split()) >= 2, (ident, title)
            assert not re.search(r"\b(?:a|an|the|of|for|to|with)$", what.rstrip("…"), re.I), (ident, title)


def test_the_summary_starts_where_the_title_stops():
    text = ("Large language models are trained in two stages. First, they are pretrained. "
            "Then they are tuned.")
    assert after_opening(text, "Large language models are trained in two stages") == \
        "First, they are pretrained. Then they are tuned."
    assert after_opening(text, "Large language models are trained…") == "…in two stages. First, they are " \
                                                                          "pretrained. Then they are tuned."
    assert after_opening(text, "Kimi-VL: A model") == text  # a named title: the abstract as it is
    assert after_opening(text, "Large language mod") == text  # not at a word's end
    assert after_opening("One sentence only.", "One sentence only") == "One sentence only."


def dev_catalog(tmp_path: Path, idents: list[str]) -> Path:
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content)
    dump = "".join(f"{DEV[i]['abstract']}\narXiv:{i}\n" for i in idents)
    (content / "sources" / "dev.txt").write_text(dump, encoding="utf-8")
    ingest(content, say=lambda *a: None)
    return content


def test_the_site_shows_derived_titles_as_such_and_the_build_counts_them(tmp_path, capsys):
    content = dev_catalog(tmp_path, ["2305.11206", "1706.03741", "2504.07491", "1711.00937"])
    lima = read_page(content / "papers" / "2305.11206.md")
    assert lima.meta["generated"]["title_from"] == "abstract" and has_derived_title(lima.meta)
    site = tmp_path / "site"
    assert main(["build", "--content", str(content), "--output", str(site), "--no-search"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "files written" in x)
    assert line.endswith("; 4 titles are made from the abstract (`python build.py enrich`, "
                         "or a dump with titles, replaces them)")
    index = soup(site / "index.html")
    entries = {e.select_one(".entry-title").text: e for e in index.select("li.entry")}
    lima_entry = entries["Large language models are trained in two stages…"]
    assert "derived" in lima_entry.select_one(".entry-title")["class"]
    assert lima_entry.select_one(".teaser").text.startswith("…(1) unsupervised pretraining from raw text")
    vq = entries["Learning useful representations without supervision remains a key challenge in machine learning"]
    assert vq.select_one(".teaser").text.startswith("In this paper, we propose a simple yet powerful")
    rl = entries["For sophisticated reinforcement learning (RL) systems to interact usefully with "
                 "real-world environments, we need…"]
    assert rl.select_one(".teaser").text.startswith("…to communicate complex goals to these systems.")
    kimi = entries["Kimi-VL: An efficient open-source Mixture-of-Experts vision-language model"]
    assert kimi.select_one(".teaser").text.startswith("We present Kimi-VL, an efficient")
    page = soup(site / "papers" / "2305.11206" / "index.html")
    assert page.select_one("h1")["class"] == ["derived"] and "made from the abstract" in page.select_one(".title-note").text
    # A person's title, or a real one from enrich, is no longer a derived one; a no-op build says so too.
    lima.meta["title"] = "LIMA: Less Is More for Alignment"
    lima.path.write_text(dump_page(lima.meta, lima.body), encoding="utf-8")
    for _ in range(2):
        assert main(["build", "--content", str(content), "--output", str(site), "--no-search"]) == 0
        assert "; 3 titles are made from the abstract" in capsys.readouterr().out
    page = soup(site / "papers" / "2305.11206" / "index.html")
    assert page.select_one("h1").get("class") is None and page.select_one(".title-note") is None


def test_enrich_ends_a_derived_title():
    from catalog.enrich.apply import apply_record
    from catalog.arxiv.record import from_raw

    meta = {"slug": "2305.11206", "title": "", "arxiv": "2305.11206", "date": "2023-05", "authors": []}
    from catalog.ownership import set_derived_title
    set_derived_title(meta, "Large language models are trained in two stages")
    assert has_derived_title(meta)
    apply_record(meta, from_raw({"id": "2305.11206", "title": "LIMA: Less Is More for Alignment"}))
    assert meta["title"] == "LIMA: Less Is More for Alignment" and not has_derived_title(meta)
    assert "title_from" not in meta["generated"]


def test_search_results_know_a_derived_title(tmp_path):
    from catalog.render.model import load_model
    from catalog.render.search import record

    content = dev_catalog(tmp_path, ["1711.00937"])
    [paper] = load_model(content).papers
    assert '<span data-pagefind-meta="derived">title</span>' in record(paper)  # search.js: class, teaser after it
    paper.meta["generated"].pop("title_from")
    del paper.__dict__["title_derived"]  # a cached property: as a fresh Paper would be
    assert "pagefind-meta=\"derived\"" not in record(paper)
