"""Make the fixtures in this folder (and expected.yaml) from topic dev-set papers no other layout
set uses, in forms the other sets do not cover (see README.md).

    python tests/data/layouts_second/make.py ../shared/reference/topics-dev.yaml

Titles, ids and abstracts come from the dev set; authors, categories and comments as arXiv lists
them; dates and sizes plausible. The two old-style papers (hep-th/9711200, math/0211159) are not in
the dev set: their ids, titles and authors are arXiv's; Maldacena's abstract is arXiv's, Perelman's
its opening sentences.
"""
import json
import sys
import textwrap
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent
dev = {p["arxiv"]: p for p in yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["papers"]}
AUTHORS = {
    "1909.08593": "Daniel M. Ziegler, Nisan Stiennon, Jeffrey Wu, Tom B. Brown, Alec Radford, Dario Amodei, "
                  "Paul Christiano, Geoffrey Irving",
    "2112.10752": "Robin Rombach, Andreas Blattmann, Dominik Lorenz, Patrick Esser, Björn Ommer",
    "2306.08543": "Yuxian Gu, Li Dong, Furu Wei, Minlie Huang",
    "1908.03557": "Liunian Harold Li, Mark Yatskar, Da Yin, Cho-Jui Hsieh, Kai-Wei Chang",
    "2102.05918": "Chao Jia, Yinfei Yang, Ye Xia, Yi-Ting Chen, Zarana Parekh, Hieu Pham, Quoc V. Le, Yunhsuan Sung, "
                  "Zhen Li, Tom Duerig",
    "1902.08153": "Steven K. Esser, Jeffrey L. McKinstry, Deepika Bablani, Rathinakumar Appuswamy, Dharmendra S. Modha",
    "2009.14794": "Krzysztof Choromanski, Valerii Likhosherstov, David Dohan, Xingyou Song, Andreea Gane, Tamas Sarlos, "
                  "Peter Hawkins, Jared Davis, Afroz Mohiuddin, Lukasz Kaiser, David Belanger, Lucy Colwell, Adrian Weller",
    "2206.02770": "Basil Mustafa, Carlos Riquelme, Joan Puigcerver, Rodolphe Jenatton, Neil Houlsby",
    "1801.04381": "Mark Sandler, Andrew Howard, Menglong Zhu, Andrey Zhmoginov, Liang-Chieh Chen",
    "2010.07079": "Jing Xu, Da Ju, Margaret Li, Y-Lan Boureau, Jason Weston, Emily Dinan",
    "2103.14659": "Zachary Kenton, Tom Everitt, Laura Weidinger, Iason Gabriel, Vladimir Mikulik, Geoffrey Irving",
    "1806.03589": "Jiahui Yu, Zhe Lin, Jimei Yang, Xiaohui Shen, Xin Lu, Thomas S. Huang",
    "2406.04692": "Junlin Wang, Jue Wang, Ben Athiwaratkun, Ce Zhang, James Zou",
    "2311.16933": "Yuwei Guo, Ceyuan Yang, Anyi Rao, Maneesh Agrawala, Dahua Lin, Bo Dai",
    "2012.15085": "Ying Jin, Zhuoran Yang, Zhaoran Wang",
}
CATEGORIES = {"1909.08593": "cs.CL cs.LG stat.ML", "2112.10752": "cs.CV", "2306.08543": "cs.CL cs.AI",
              "1908.03557": "cs.CV cs.CL cs.LG", "2102.05918": "cs.CV cs.CL cs.LG"}
MALDACENA = ("We show that the large N limit of certain conformal field theories in various dimensions include in "
             "their Hilbert space a sector describing supergravity on the product of Anti-deSitter spacetimes, "
             "spheres and other compact manifolds. This is shown by taking some branes in the full M/string theory "
             "and then taking a low energy limit where the field theory on the brane decouples from the bulk. We "
             "observe that, in this limit, we can still trust the near horizon geometry for large N. The enhanced "
             "supersymmetries of the near horizon geometry correspond to the extra superconformal supersymmetries in "
             "the superconformal group (as opposed to just the super-Poincare group). The 't Hooft limit of 4-d N=4 "
             "super-Yang-Mills at the conformal point is shown to contain strings: they are IIB strings. We conjecture "
             "that compactifications of M/string theory on various Anti-deSitter spacetimes are dual to various "
             "conformal field theories. This leads to a new proposal for a definition of M-theory which could be "
             "extended to include five non-compact dimensions.")
PERELMAN = ("We present a monotonic expression for the Ricci flow, valid in all dimensions and without curvature "
            "assumptions. It is interpreted as an entropy for a certain canonical ensemble. Several geometric "
            "applications are given. In particular, (1) Ricci flow, considered on the space of riemannian metrics "
            "modulo diffeomorphism and scaling, has no nontrivial periodic orbits (that is, other than fixed "
            "points); (2) In a region, where singularities are forming in finite time, the injectivity radius is "
            "controlled by the curvature; (3) Ricci flow can not quickly turn an almost euclidean region into a "
            "very pinched one.")
papers, layouts = {}, {}


def ab(i): return " ".join(dev[i]["abstract"].split())
def ti(i): return dev[i]["title"]
def want(i, authors=True):
    papers[i] = {"title": ti(i), "authors": AUTHORS[i].split(", ") if authors else [], "abstract": ab(i)}
def bib_authors(i): return " and ".join(AUTHORS[i].split(", "))


# ---------------- an arXiv mailing quoted in a reply, and forwarded
RULE = "-" * 78
HEADER = f"""{RULE}
{RULE}
Send any comments regarding submissions directly to submitter.
{RULE}
Archives at http://arxiv.org/
To unsubscribe, e-mail To: cs@arXiv.org, Subject: cancel
{RULE}
 Submissions to:
Machine Learning
 received from  Mon  5 Dec 22 19:00:00 GMT  to  Tue  6 Dec 22 19:00:00 GMT
{RULE}
{RULE}
"""
def fold(prefix, text):
    return textwrap.fill(prefix + text, 79, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
def entry(i, comments=None):
    lines = ["\\\\", f"arXiv:{i}", "Date: Mon, 5 Dec 2022 18:52:31 GMT   (1520kb,D)", "", fold("Title: ", ti(i)),
             fold("Authors: ", AUTHORS[i]), f"Categories: {CATEGORIES[i]}"]
    lines += [fold("Comments: ", comments)] if comments else []
    lines += ["License: http://arxiv.org/licenses/nonexclusive-distrib/1.0/", "\\\\",
              textwrap.fill(ab(i), 79, initial_indent="  ", break_long_words=False, break_on_hyphens=False),
              f"\\\\ ( https://arxiv.org/abs/{i} ,  1520kb)", RULE]
    return "\n".join(lines) + "\n"
def mailing(entries):
    layout = {"papers": [i for i, _ in entries], "comments": {i: [c] for i, c in entries if c},
              "categories": {i: CATEGORIES[i].split() for i, _ in entries}}
    for i, _ in entries:
        want(i)
    return HEADER + "".join(entry(i, c) for i, c in entries), layout

text, layouts["quoted.txt"] = mailing([("1909.08593", None), ("2112.10752", "CVPR 2022"),
                                       ("2306.08543", "Published as a conference paper in ICLR 2024")])
quoted = "\n".join(("> " + line).rstrip() for line in text.splitlines())
(OUT / "quoted.txt").write_text("Worth a look, esp. the second one.\n\n"
                                "On Tue, Dec 6, 2022 at 1:02 AM <no-reply@arxiv.org> wrote:\n\n" + quoted + "\n")
layouts["quoted.txt"]["warnings"] = ["quoted.txt:1: 'Worth a look, esp. the second one.' not read: "
                                     "a note above the arXiv mailing, not an abstract"]  # the note is no paper's
text, layouts["forwarded.txt"] = mailing([("1908.03557", None), ("2102.05918", "ICML 2021")])
(OUT / "forwarded.txt").write_text("---------- Forwarded message ---------\nFrom: <no-reply@arxiv.org>\n"
                                   "Date: Tue, Dec 6, 2022 at 1:02 AM\nSubject: cs daily Subj-class mailing 200012 1\n"
                                   "To: <me@example.org>\n\n\n" + text)

# ---------------- one abstract a line, its own id at the end as people paste it
ENDS = {"1801.04381": "(arXiv:1801.04381v4)", "2407.14358": "https://arxiv.org/pdf/2407.14358v2.pdf",
        "2208.01618": "[arXiv:2208.01618v1]", "2307.04725": "arXiv:2307.04725v2 [cs.CV]",
        "2103.13262": "https://arxiv.org/abs/2103.13262"}
(OUT / "trailing.txt").write_text("".join(f"{ab(i)} {end}\n" for i, end in ENDS.items()))
for i in ENDS:
    papers[i] = {"title": None, "authors": [], "abstract": ab(i)}
layouts["trailing.txt"] = {"papers": list(ENDS), "titles": False}

# ---------------- a BibTeX file kept by hand: @string macros joined with #, % comments, month macros
(OUT / "strings.bib").write_text(f"""% Reading list, kept by hand -- last edited 2024-03-02
@string{{iclr = "International Conference on Learning Representations"}}
@string{{neurips = "Advances in Neural Information Processing Systems"}}
@string{{arxiv = "arXiv preprint"}}

@inproceedings{{esser2020lsq,
  title     = {{Learned Step Size Quantization}},
  author    = {{Esser, Steven K. and McKinstry, Jeffrey L. and Bablani, Deepika and Appuswamy, Rathinakumar and Modha, Dharmendra S.}},
  booktitle = iclr # " (ICLR)",
  year      = 2020,
  month     = apr,
  url       = {{https://arxiv.org/abs/1902.08153v3}},
  abstract  = {{{ab('1902.08153')}}}
}}

% Performers: the v4 in the URL
@article{{choromanski2021performers,
  title        = {{Rethinking Attention with {{P}}erformers}},
  author       = {{{bib_authors('2009.14794')}}},
  journal      = arxiv,
  howpublished = {{\\url{{https://arxiv.org/abs/2009.14794v4}}}},
  year         = {{2020}},
  month        = sep,
  abstract     = {{{ab('2009.14794')}}},
}}

@inproceedings{{mustafa2022limoe,
  title     = "Multimodal Contrastive Learning with {{LIMoE}}: the Language-Image Mixture of Experts",
  author    = "{bib_authors('2206.02770')}",
  booktitle = neurips # " 35",
  year      = "2022",
  month     = dec,
  note      = "arXiv:2206.02770v1",
  abstract  = "{ab('2206.02770')}"
}}
""")
for i in ("1902.08153", "2009.14794", "2206.02770"):
    want(i)
layouts["strings.bib"] = {"papers": ["1902.08153", "2009.14794", "2206.02770"],
                          "journals": {"1902.08153": "International Conference on Learning Representations (ICLR)",
                                       "2206.02770": "Advances in Neural Information Processing Systems 35"}}

# ---------------- notes copied from arXiv pages: title, authors, the dateline, the id above the abstract
(OUT / "notes.txt").write_text(f"""{ti('2311.16933')}
{AUTHORS['2311.16933']}
(Submitted on 28 Nov 2023)
https://arxiv.org/abs/2311.16933

{ab('2311.16933')}

{ti('2406.04692')}
{AUTHORS['2406.04692']}
(Submitted on 7 Jun 2024)
{ab('2406.04692')}

-----------------------------------
https://arxiv.org/abs/1806.03589

{ti('1806.03589')}
{AUTHORS['1806.03589']}
(Submitted on 10 Jun 2018 (v1), last revised 22 Oct 2019 (this version, v2))
{ab('1806.03589')}

-----------------------------------
https://arxiv.org/abs/2009.14794

{ti('2009.14794')}
{AUTHORS['2009.14794']}
(Submitted on 30 Sep 2020 (v1), last revised 19 Nov 2022 (this version, v4))
{ab('2009.14794')}
""")
for i in ("2311.16933", "2406.04692", "1806.03589", "2009.14794"):
    want(i)
slug_2406 = "mixture-of-agents-enhances-large-language"  # no id in the note: the page is named from its title
papers[slug_2406] = papers.pop("2406.04692")
layouts["notes.txt"] = {"papers": ["2311.16933", slug_2406, "1806.03589", "2009.14794"]}

# ---------------- an abs page's own title ("[ID] Title": a tab, a bookmark, a phone's share sheet) above the abstract
(OUT / "pagetitles.txt").write_text(f"""[2103.14659] {ti('2103.14659')}
https://arxiv.org/abs/2103.14659
{ab('2103.14659')}
[1904.11093] {ti('1904.11093')}
{ab('1904.11093')}

[2109.05721v2] {ti('2109.05721')}
https://arxiv.org/abs/2109.05721v2

{ab('2109.05721')}
""")
for i in ("2103.14659", "1904.11093", "2109.05721"):
    papers[i] = {"title": ti(i), "authors": [], "abstract": ab(i)}
layouts["pagetitles.txt"] = {"papers": ["2103.14659", "1904.11093", "2109.05721"]}

# ---------------- paper records from Semantic Scholar's Graph API and Hugging Face's papers API, one a line
s2 = {"paperId": "5aec474c31a2f4b74703c6f786c0a8ff85c450da",
      "externalIds": {"ArXiv": "1908.03557", "DBLP": "journals/corr/abs-1908-03557", "CorpusId": 199528533},
      "url": "https://www.semanticscholar.org/paper/5aec474c31a2f4b74703c6f786c0a8ff85c450da",
      "title": ti("1908.03557"), "abstract": ab("1908.03557"), "year": 2019,
      "authors": [{"authorId": str(1000 + n), "name": name} for n, name in enumerate(AUTHORS["1908.03557"].split(", "))]}
hf = {"id": "2102.05918", "authors": [{"_id": f"64b{n:05d}", "name": name, "hidden": False}
                                      for n, name in enumerate(AUTHORS["2102.05918"].split(", "))],
      "publishedAt": "2021-02-11T06:43:46.000Z", "title": ti("2102.05918"), "summary": ab("2102.05918"), "upvotes": 2}
(OUT / "apis.jsonl").write_text(json.dumps(s2) + "\n" + json.dumps(hf) + "\n")
layouts["apis.jsonl"] = {"papers": ["1908.03557", "2102.05918"]}

# ---------------- the older abs page (2010s): Title:/Authors: labels, "(Submitted on …)" above the abstract
def older_abs(i, area, submitted, subjects, comments=None):
    lines = [f"Computer Science > {area}", f"Title: {ti(i)}", f"Authors: {AUTHORS[i]}", f"({submitted})",
             f"Abstract: {ab(i)}"] + ([f"Comments: \t{comments}"] if comments else [])
    return "\n".join(lines + [f"Subjects: \t{subjects}", f"Cite as: \tarXiv:{i} [{subjects.split('(')[1].split(')')[0]}]",
                              f"  \t(or arXiv:{i}v3 [{subjects.split('(')[1].split(')')[0]}] for this version)"]) + "\n"
(OUT / "abs_older.txt").write_text(
    older_abs("2010.07079", "Computation and Language", "Submitted on 14 Oct 2020 (v1), last revised 4 Aug 2021 (this version, v3)",
              "Computation and Language (cs.CL); Artificial Intelligence (cs.AI)") + "\n"
    + older_abs("2012.15085", "Machine Learning", "Submitted on 30 Dec 2020 (v1), last revised 13 Sep 2021 (this version, v3)",
                "Machine Learning (cs.LG); Optimization and Control (math.OC); Statistics Theory (math.ST); Machine Learning (stat.ML)",
                "ICML 2021"))
for i in ("2010.07079", "2012.15085"):
    want(i)
layouts["abs_older.txt"] = {"papers": ["2010.07079", "2012.15085"], "comments": {"2012.15085": ["ICML 2021"]},
                            "categories": {"2010.07079": ["cs.CL", "cs.AI"],
                                           "2012.15085": ["cs.LG", "math.OC", "math.ST", "stat.ML"]}}

# ---------------- old-style ids: an abs page of a physics archive, a plain line, BibTeX
(OUT / "oldstyle.txt").write_text(f"""High Energy Physics - Theory
[Submitted on 27 Nov 1997 (v1), last revised 22 Jan 1998 (this version, v3)]
The Large N Limit of Superconformal Field Theories and Supergravity
Juan M. Maldacena
View PDF
Abstract:{MALDACENA}
Comments:\t20 pages, harvmac, v2: section on AdS_2 corrected, references added, v3: More references and a sign in eqns 2.8 and 2.9 corrected
Subjects:\tHigh Energy Physics - Theory (hep-th)
Journal reference:\tAdv.Theor.Math.Phys.2:231-252,1998
Cite as:\tarXiv:hep-th/9711200
 \t(or arXiv:hep-th/9711200v3 for this version)

{PERELMAN}
arXiv:math.DG/0211159
""")
(OUT / "oldstyle.bib").write_text(f"""@misc{{perelman2002entropy,
  title = {{The entropy formula for the Ricci flow and its geometric applications}},
  author = {{Perelman, Grisha}},
  year = {{2002}},
  url = {{https://arxiv.org/abs/math/0211159}},
  abstract = {{{PERELMAN}}}
}}

@article{{Perelman:2002entropy,
  author = "Perelman, Grisha",
  title = "{{The entropy formula for the Ricci flow and its geometric applications}}",
  eprint = "math/0211159",
  archivePrefix = "arXiv",
  primaryClass = "math.DG",
  year = "2002",
  abstract = "{PERELMAN}"
}}

@misc{{perelman-again,
  title = {{The entropy formula for the Ricci flow and its geometric applications}},
  author = {{Perelman, Grisha}},
  eprint = {{math.DG/0211159}},
  archivePrefix = {{arXiv}},
  year = {{2002}},
  abstract = {{{PERELMAN}}}
}}
""")
papers["hep-th/9711200"] = {"title": "The Large N Limit of Superconformal Field Theories and Supergravity",
                            "authors": ["Juan M. Maldacena"], "abstract": MALDACENA}
papers["math/0211159"] = {"title": "The entropy formula for the Ricci flow and its geometric applications",
                          "authors": ["Grisha Perelman"], "abstract": PERELMAN}
layouts["oldstyle.txt"] = {"papers": ["hep-th/9711200", "math/0211159"], "titles": {"math/0211159": False},
                           "comments": {"hep-th/9711200": ["20 pages, harvmac, v2: section on AdS_2 corrected, references "
                                        "added, v3: More references and a sign in eqns 2.8 and 2.9 corrected"]},
                           "categories": {"hep-th/9711200": ["hep-th"]}}
layouts["oldstyle.bib"] = {"papers": ["math/0211159"], "categories": {"math/0211159": ["math.DG"]}}

(OUT / "expected.yaml").write_text(yaml.safe_dump({"papers": papers, "layouts": layouts}, allow_unicode=True,
                                                  sort_keys=False, width=120))
print(json.dumps({name: len(layout["papers"]) for name, layout in layouts.items()}))
