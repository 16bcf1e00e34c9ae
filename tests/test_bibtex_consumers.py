"""catalog.bib as its consumers read it: BibTeX's own rules, and (where TeX is installed) real
bibtex + pdflatex on entries made to trip them. Real titles and DOIs: a DOI of a Springer
chapter (an "_"), of the LSI paper (brackets and ";"), names with particles and accents."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from catalog.render import bibtex

AWKWARD = [
    dict(slug="open", title="A set {a, b of items", authors=["Ann Smith"], date="2024-01"),
    dict(slug="close", title="Closing } early", authors=["Cy Doe", "Mallory } and {"], date="2024-02"),
    dict(slug="lstm", title="Long Short-Term Memory", authors=["Sepp Hochreiter", "Jürgen Schmidhuber"], date="1997-11",
         journal="Neural Computation 9(8):1735–1780", doi="10.1162/neco.1997.9.8.1735"),
    dict(slug="chapter", title="A chapter: 100% & $5 #1 ~ ^", authors=["Laurens van der Maaten", "Łukasz Kaiser"],
         date="2020-08", journal="LNCS 12346", doi="10.1007/978-3-030-58452-8_13"),
    dict(slug="gram", title="GRAM-R$^2$: Self-Training Generative Foundation Reward Models for Reward Reasoning",
         authors=["Chenglong Wang"], date="2025-09"),
    dict(slug="upsafe", title="UpSafe$^\\circ$C: Upcycling for Controllable Safety in Large Language Models", date="2025-10"),
    dict(slug="understand", title="Can LLMs $\\textit{understand}$ Math? 50% of $a & b$, $x^{2$ and $5-$10", date="2025-02"),
    dict(slug="lsi", title="Indexing by latent semantic analysis", authors=["Scott Deerwester"], date="1990-09",
         journal="JASIS 41(6)", doi="10.1002/(SICI)1097-4571(199009)41:6<391::AID-ASI1>3.0.CO;2-9"),
]


def entries() -> list[str]:
    metas = [{"authors": [], **m} for m in AWKWARD]
    keys = bibtex.unique_keys(metas)
    return [bibtex.entry(m, keys[m["slug"]], "") for m in metas]


def closes_only_at_its_end(entry: str) -> bool:
    """BibTeX's rule: every brace counts, escaped ("\\{") or not; the entry's outer brace
    must close at its last character, never before."""
    depth, body = 0, entry.rstrip("\n")
    for i, char in enumerate(body):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0 or (depth == 0 and char == "}" and i != len(body) - 1):
            return False
    return depth == 0


@pytest.mark.parametrize("entry", entries(), ids=[m["slug"] for m in AWKWARD])
def test_a_brace_in_a_title_or_name_cannot_end_the_entry(entry):
    assert closes_only_at_its_end(entry), entry


def test_a_doi_is_written_as_it_is():
    """natbib's \\doi and biblatex read the doi field verbatim: "\\_" would be part of it."""
    dois = {m["slug"]: m.get("doi") for m in AWKWARD}
    for entry, slug in zip(entries(), dois):
        if dois[slug]:
            assert f"  doi           = {{{dois[slug]}}}" in entry


def test_tex_math_in_a_title_stays_math():
    """Real titles (tests/data/topics): their math is typeset, not printed as "$\\^{}2$"."""
    titles = {m["slug"]: e.split("title         = {{", 1)[1].split("}},\n", 1)[0] for m, e in zip(AWKWARD, entries())}
    assert titles["gram"] == "GRAM-R$^2$: Self-Training Generative Foundation Reward Models for Reward Reasoning"
    assert titles["upsafe"] == r"UpSafe$^\circ$C: Upcycling for Controllable Safety in Large Language Models"
    # math kept, "%" "&" escaped inside it too; a "$" that opens no math ($x^{2$ does not balance) is text
    assert titles["understand"] == r"Can LLMs $\textit{understand}$ Math? 50\% of $a \& b$, \$x\^{}\textbraceleft{}2\$ and \$5-\$10"


@pytest.mark.skipif(not (shutil.which("bibtex") and shutil.which("pdflatex")), reason="needs TeX (apt-get install texlive-latex-base)")
def test_bibtex_and_pdflatex_read_every_entry(tmp_path):
    (tmp_path / "refs.bib").write_text("\n".join(entries()), encoding="utf-8")
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage{natbib}\\usepackage{url}\n"
                                      "\\begin{document}\\nocite{*}\\bibliographystyle{plainnat}\\bibliography{refs}\\end{document}\n")

    def run(*command):
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=120)

    run("pdflatex", "-interaction=nonstopmode", "doc")
    result = run("bibtex", "doc")
    assert result.returncode == 0 and "error" not in result.stdout.lower(), result.stdout
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert "\\doi{10.1007/978-3-030-58452-8_13}" in bbl and "Closing \\textbraceright{} early" in bbl
    result = run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc")
    assert result.returncode == 0, result.stdout[-2000:]


def test_a_cited_key_stays_when_a_paper_with_the_same_key_comes():
    """Real: "Attention Is All You Need" is cited as vaswani2017attention; a later paper of a
    Vaswani in 2017 whose title starts with "Attention" must not rename it."""
    cited = dict(slug="1706.03762", title="Attention Is All You Need", authors=["Ashish Vaswani"], date="2017-06")
    later = dict(slug="1711.00001", title="Attention for everyone", authors=["B. Vaswani"], date="2017-11")
    assert bibtex.unique_keys([cited])["1706.03762"] == "vaswani2017attention"
    assert bibtex.unique_keys([later, cited]) == {"1706.03762": "vaswani2017attention", "1711.00001": "vaswani2017attentionb"}
