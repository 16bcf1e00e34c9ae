"""Two line-end cases of hard-wrapped dumps (readers/wrapped.py), on real abstracts exactly as
bench/unwrap_eval.py's wrappers emit them:

- a word written both ways in real abstracts ("pre-training" 2414 times, "pretraining" 2682):
  when the paragraph does not spell the word itself, its other words with the same prefix do
  ("pre-train", "pre-trained"): the writer's habit (the paragraph's, not the dump's); else,
  when no line of the paragraph ends inside a word (textwrap, an e-mail), the hyphen is the
  text's; else the usual spelling;
- a line ending in a token that is no word ("(58.1 +/-" / "27.1 px)"): a space, as for a dash."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from catalog.ingest.readers import wrapped
from catalog.ingest.readers.spellings import spellings

ROOT = Path(__file__).resolve().parent.parent


def _papers(name: str) -> dict[str, str]:
    papers = yaml.safe_load((ROOT / "tests/data/topics" / name).read_text(encoding="utf-8"))["papers"]
    return {str(p["arxiv"]): " ".join(p["abstract"].split()) for p in papers}


# LoRA (arXiv:2106.09685, dev set), set at 76 columns as LaTeX does (bench/unwrap_eval.py's
# latex_wrap: pyphen's patterns). "pre-" / "training" read "pretraining" before.
LORA_LATEX_76 = [
    "An important paradigm of natural language processing consists of large-scale pre-",
    "training on general domain data and adaptation to particular tasks or do-",
    "mains. As we pre-train larger models, full fine-tuning, which retrains all",
    "model parameters, becomes less feasible. Using GPT-3 175B as an example --",
    "deploying independent instances of fine-tuned models, each with 175B parame-",
    "ters, is prohibitively expensive. We propose Low-Rank Adaptation, or LoRA,",
    "which freezes the pre-trained model weights and injects trainable rank de-",
    "composition matrices into each layer of the Transformer architecture,",
    "greatly reducing the number of trainable parameters for downstream tasks.",
    "Compared to GPT-3 175B fine-tuned with Adam, LoRA can reduce the number of",
    "trainable parameters by 10,000 times and the GPU memory requirement by 3",
    "times. LoRA performs on-par or better than fine-tuning in model quality on",
    "RoBERTa, DeBERTa, GPT-2, and GPT-3, despite having fewer trainable parame-",
    "ters, a higher training throughput, and, unlike adapters, no additional in-",
    "ference latency. We also provide an empirical investigation into rank-",
    "deficiency in language model adaptation, which sheds light on the efficacy",
    "of LoRA. We release a package that facilitates the integration of LoRA with",
    "PyTorch models and provide our implementations and model checkpoints for",
    "RoBERTa, DeBERTa, and GPT-2 at this https URL.",
]


def _unwrapped(lines: list[str]) -> list[str]:
    return [line for _, line in wrapped.unwrap(list(enumerate(lines, 1)))]


def test_a_word_written_both_ways_follows_the_paragraphs_words_of_its_prefix():
    assert spellings().one_word("pre", "training") is True  # real abstracts lean the other way
    assert _unwrapped(LORA_LATEX_76) == [_papers("topics-dev.yaml")["2106.09685"]]


def _vocabulary(text: str) -> wrapped._Vocabulary:
    """`text` in a paragraph set by LaTeX: a line of it ends inside a word (1909.08593's)."""
    return wrapped._Vocabulary([(1, text), (2, "tasks: continuing text with positive sentiment or physically descriptive lan-"),
                                (3, "guage, and summarization tasks on the TL;DR and CNN/Daily Mail datasets. For")])


NONE = _vocabulary("")


# Sentences of the dev set's abstracts: 2503.20680, 2002.05709, 2207.10666, 2504.12661, 2504.15843.
PRE_TRAINED = "transfers visual priors from a pre-trained ViT into the LoRA layers"
NONLINEAR = "introducing a learnable nonlinear transformation between the representation"
PRETRAINED = "small vision transformers pretrained on large-scale datasets"
MULTIMODAL = "mitigate risks arising from their multimodal complexity"
PRE_DPO = "we propose Pre-DPO, a simple yet effective DPO-based training paradigm"


@pytest.mark.parametrize("left, right, paragraph, dump, one_word", [
    ("pre", "training", PRE_TRAINED, "", False),
    ("non", "trivial", NONLINEAR, "", True),  # real abstracts: "non-trivial" 264, "nontrivial" 85
    # the habit is the writer's: a dump's other abstracts are other writers' (the usual spelling)
    ("pre", "training", "", PRE_TRAINED, True),
    ("pre", "training", PRETRAINED, PRE_TRAINED, True),
    # a word real abstracts write one way only ("multi-turn" 2017, "multiturn" 8): unmoved
    ("multi", "turn", MULTIMODAL, "", False),
    # a word of the prefix that is no spelling of a compound ("Pre-DPO"; "present") says nothing
    ("pre", "training", PRE_DPO, "", True),
])
def test_the_prefix_of_a_word_written_both_ways(left, right, paragraph, dump, one_word):
    spelled = (_vocabulary(paragraph), _vocabulary(dump))
    assert wrapped._word_break(left, right, spelled) is one_word


@pytest.mark.parametrize("arxiv, width, compound", [
    ("2503.20680", 80, "bi-directional"),   # real abstracts: "bidirectional" 1297, "bi-directional" 123
    ("2503.16867", 80, "common-sense"),     # 515 to 45
    ("2505.06708", 72, "non-linearity"),    # 59 to 22
])
def test_lines_that_never_break_a_word_break_only_at_the_texts_hyphens(arxiv, width, compound):
    """Wrapped by Python's textwrap (dev set), no other word of the prefix: no line of the paragraph
    ends inside a word, so its line-end hyphens are the text's own. Each read as one word before."""
    text = _papers("topics-dev.yaml")[arxiv]
    lines = textwrap.wrap(text, width)
    assert any(line.endswith(compound.split("-")[0] + "-") for line in lines)
    assert _unwrapped(lines) == [text]


# Fine-Tuning Language Models from Human Preferences (arXiv:1909.08593, dev set), set at 80
# columns as LaTeX does: words broken inside ("lan-" / "guage"), so "pre-" / "training" may be one
# word broken too, and real abstracts' more usual spelling decides: "pretraining", as written.
PREFERENCES_LATEX_80 = [
    "Reward learning enables the application of reinforcement learning (RL) to tasks",
    "where reward is defined by human judgment, building a model of reward by asking",
    "humans questions. Most work on reward learning has used simulated environments,",
    "but complex information about values is often expressed in natural language, and",
    "we believe reward learning for language is a key to making RL practical and safe",
    "for real-world tasks. In this paper, we build on advances in generative pre-",
    "training of language models to apply reward learning to four natural language",
    "tasks: continuing text with positive sentiment or physically descriptive lan-",
    "guage, and summarization tasks on the TL;DR and CNN/Daily Mail datasets. For",
    "stylistic continuation we achieve good results with only 5,000 comparisons eval-",
    "uated by humans. For summarization, models trained with 60,000 comparisons copy",
    "whole sentences from the input but skip irrelevant preamble; this leads to rea-",
    "sonable ROUGE scores and very good performance according to our human labelers,",
    "but may be exploiting the fact that labelers rely on simple heuristics.",
]


def test_lines_that_break_words_leave_a_word_written_both_ways_to_the_usual_spelling():
    assert _unwrapped(PREFERENCES_LATEX_80) == [_papers("topics-dev.yaml")["1909.08593"]]


def test_plus_minus_at_a_lines_end_is_followed_by_a_space():
    """arXiv:2508.05262 (unseen-real), wrapped as an e-mail and by Python's textwrap at 72:
    "(58.1 +/-" / "27.1 px)" read "+/-27.1" before."""
    text = _papers("unseen-real.yaml")["2508.05262"]
    for lines in (textwrap.wrap(text, 72, break_on_hyphens=False), textwrap.wrap(text, 72)):
        assert any(line.endswith("(58.1 +/-") for line in lines)
        assert _unwrapped(lines) == [text]


@pytest.mark.parametrize("first, second, joined", [
    # real line ends of the dev set's abstracts, as the bench's wrappers emit them
    ("trackers (58.1 +/-", "27.1 px).", "trackers (58.1 +/- 27.1 px)."),  # 2508.05262: glued before
    ("Using GPT-3 175B as an example --", "deploying", "Using GPT-3 175B as an example -- deploying"),
    ("models like Transformers is slow -", "decoding K tokens", "models like Transformers is slow - decoding K tokens"),
    ("compared to the state-of-", "the-art, while", "compared to the state-of-the-art, while"),  # a compound
    ("we introduce a block-wise distilla-", "tion method", "we introduce a block-wise distillation method"),
])
def test_a_line_ending_in_no_word_keeps_its_space(first, second, joined):
    assert wrapped._join(first, second, (NONE,)) == joined


# 2504.09378 (dev set) set at 80 columns as LaTeX does: "XS-" / "toryCloze" was kept as a
# compound, because the word counts hold "xs-…" four times (their own PDF breaks).
XSTORYCLOZE_LATEX_80 = [
    'Large language models (LLMs) pre-trained predominantly on English text exhibit',
    'surprising multilingual capabilities, yet the mechanisms driving cross-lingual',
    'generalization remain poorly understood. This work investigates how the align-',
    'ment of representations for text written in different languages correlates with',
    'LLM performance on natural language understanding tasks and translation tasks,',
    'both at the language and the instance level. For this purpose, we introduce',
    'cross-lingual alignment metrics such as the Discriminative Alignment Index',
    '(DALI) to quantify the alignment at an instance level for discriminative tasks.',
    'Through experiments on three natural language understanding tasks (Belebele, XS-',
    'toryCloze, XCOPA), and machine translation, we find that while cross-lingual',
    'alignment metrics strongly correlate with task accuracy at the language level,',
    'the sample-level alignment often fails to distinguish correct from incorrect',
    'predictions, exposing alignment as a necessary but insufficient condition for',
    'success.',
]


def test_a_part_seen_in_a_few_compounds_only_is_a_broken_word():
    assert 0 < spellings().firsts["xs"] < 5 and spellings().firsts["self"] >= 5
    assert _unwrapped(XSTORYCLOZE_LATEX_80) == [_papers("topics-dev.yaml")["2504.09378"]]
    assert wrapped._word_break("XS", "toryCloze,", (NONE,))
    assert not spellings().compound_part("xs", "torycloze") and spellings().compound_part("self", "x")
