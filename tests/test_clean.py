"""LaTeX fragments become text or links; nothing else is rewritten."""

import pytest

from catalog.ingest.clean import clean_abstract, plain_text
from catalog.ingest.classify import classify
from catalog.topics import load_topics
from pathlib import Path


@pytest.mark.parametrize("raw, expected", [
    (r"domains, including \textcolor{teal}{Tool-use}, and", "domains, including Tool-use, and"),
    (r"a \textbf{bold} and \textit{it} and \textsc{Caps} word", "a bold and it and Caps word"),
    (r"surpass the \texttt{RLHF} method", "surpass the `RLHF` method"),
    (r"released at~\url{https://github.com/apple/axlearn}.", "released at <https://github.com/apple/axlearn>."),
    (r"a ~3 billion parameter model", "a ~3 billion parameter model"),
    (r"uses $\textbf{x}$ here", "uses x here"),
    (r"with loss $O(n^2)$ and $\alpha_1$", r"with loss $O(n^2)$ and $\alpha_1$"),  # math stays TeX
    (r"a $\text{top-}k$ router, $a*b*c$, \(x_i\) and A*_b", r"a $\text{top-}k$ router, $a*b*c$, \(x_i\) and A\*\_b"),
    (r"23\% and $5-$10 and x_1", r"23\% and $5-$10 and x\_1"),  # not math: escaped as text
    (r"Q\&A and R\&D", r"Q\&A and R\&D"),
    (r"nested \textcolor{red}{\textbf{deep}} text", "nested deep text"),
    (r"at https://github.com/apple/ToolSandbox", "at <https://github.com/apple/ToolSandbox>"),
    (r"(see https://example.org/a_(b)).", r"(see <https://example.org/a_(b)>)."),
    (r"broken \textbf{unclosed", r"broken \textbf{unclosed"),
    (r"A* search", r"A\* search"),
])
def test_clean(raw, expected):
    assert clean_abstract(raw)[0] == expected


def test_code_links_are_collected_once():
    text = r"code at \url{https://github.com/apple/axlearn} and https://github.com/apple/axlearn.git, docs https://example.org"
    assert clean_abstract(text)[1] == ["https://github.com/apple/axlearn"]


def test_plain_text_undoes_markdown():
    markdown, _ = clean_abstract(r"\texttt{x_1} at \url{https://a.org/x} A* B_c")
    assert plain_text(markdown) == "x_1 at https://a.org/x A* B_c"


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("abstract, expected", [
    ("We compare our method against DPO and PPO on summarisation. We propose a new tokenizer for code. "
     "The tokenizer halves sequence length on code.", []),
    ("We present foundation models with an alignment recipe. The models power assistants. "
     "We describe data, training and evaluation.", []),
    ("Direct preference optimization aligns models with human preferences. We propose a token-level DPO "
     "objective for preference alignment. Our method improves alignment on human preference benchmarks.", ["alignment"]),
    ("Mixture-of-Experts models route tokens to experts. We propose a new expert-choice routing for MoE "
     "layers. Our MoE scales to many experts.", ["moe"]),
])
def test_topics_judge_the_main_contribution(abstract, expected):
    assert classify("", abstract, load_topics(ROOT / "content")) == expected
