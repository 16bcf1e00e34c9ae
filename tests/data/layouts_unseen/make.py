"""Make the fixtures in this folder (and expected.yaml) from the topic dev set's papers that
tests/data/layouts/ does not use, in the forms arXiv and the tools emit (see README.md).

    python tests/data/layouts_unseen/make.py ../shared/reference/topics-dev.yaml

Titles, ids and abstracts come from the dev set; authors, dates, sizes and comments as arXiv
lists them (from memory of the real pages where exact, else plausible). Needs pyphen (the PDF copy).
"""
import json
import re
import sys
import textwrap
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent
dev = {p["arxiv"]: p for p in yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["papers"]}
A = {
 "2103.16716": ["Mike Lewis", "Shruti Bhosale", "Tim Dettmers", "Naman Goyal", "Luke Zettlemoyer"],
 "2106.04426": ["Stephen Roller", "Sainbayar Sukhbaatar", "Arthur Szlam", "Jason Weston"],
 "2308.00951": ["Joan Puigcerver", "Carlos Riquelme", "Basil Mustafa", "Neil Houlsby"],
 "2112.06905": ["Nan Du", "Yanping Huang", "Andrew M. Dai", "Simon Tong", "Dmitry Lepikhin", "Yuanzhong Xu",
                "Maxim Krikun", "Yanqi Zhou", "Adams Wei Yu", "Orhan Firat", "Barret Zoph", "Liam Fedus",
                "Maarten Bosma", "Zongwei Zhou", "Tao Wang", "Yu Emma Wang", "Kellie Webster", "Marie Pellat",
                "Kevin Robinson", "Kathleen Meier-Hellstern", "Toju Duke", "Lucas Dixon", "Kun Zhang", "Quoc V Le",
                "Yonghui Wu", "Zhifeng Chen", "Claire Cui"],
 "2106.05974": ["Carlos Riquelme", "Joan Puigcerver", "Basil Mustafa", "Maxim Neumann", "Rodolphe Jenatton",
                "André Susano Pinto", "Daniel Keysers", "Neil Houlsby"],
 "2305.11206": ["Chunting Zhou", "Pengfei Liu", "Puxin Xu", "Srini Iyer", "Jiao Sun", "Yuning Mao", "Xuezhe Ma",
                "Avia Efrat", "Ping Yu", "Lili Yu", "Susan Zhang", "Gargi Ghosh", "Mike Lewis", "Luke Zettlemoyer",
                "Omer Levy"],
 "2405.14734": ["Yu Meng", "Mengzhou Xia", "Danqi Chen"],
 "2310.16944": ["Lewis Tunstall", "Edward Beeching", "Nathan Lambert", "Nazneen Rajani", "Kashif Rasul",
                "Younes Belkada", "Shengyi Huang", "Leandro von Werra", "Clémentine Fourrier", "Nathan Habib",
                "Nathan Sarrazin", "Omar Sanseviero", "Alexander M. Rush", "Thomas Wolf"],
 "2401.10020": ["Weizhe Yuan", "Richard Yuanzhe Pang", "Kyunghyun Cho", "Xian Li", "Sainbayar Sukhbaatar",
                "Jing Xu", "Jason Weston"],
 "2302.05543": ["Lvmin Zhang", "Anyi Rao", "Maneesh Agrawala"],
 "2312.00886": ["Rémi Munos", "Michal Valko", "Daniele Calandriello", "Mohammad Gheshlaghi Azar", "Mark Rowland",
                "Zhaohan Daniel Guo", "Yunhao Tang", "Matthieu Geist", "Thomas Mesnard", "Andrea Michi",
                "Marco Selvi", "Sertan Girgin", "Nikola Momchev", "Olivier Bachem", "Daniel J. Mankowitz",
                "Doina Precup", "Bilal Piot"],
 "2104.08691": ["Brian Lester", "Rami Al-Rfou", "Noah Constant"],
 "2303.10512": ["Qingru Zhang", "Minshuo Chen", "Alexander Bukharin", "Nikos Karampatziakis", "Pengcheng He",
                "Yu Cheng", "Weizhu Chen", "Tuo Zhao"],
 "2310.11454": ["Dawid J. Kopiczko", "Tijmen Blankevoort", "Yuki M. Asano"],
 "2002.05709": ["Ting Chen", "Simon Kornblith", "Mohammad Norouzi", "Geoffrey Hinton"],
 "2006.11239": ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"],
 "2111.06377": ["Kaiming He", "Xinlei Chen", "Saining Xie", "Yanghao Li", "Piotr Dollár", "Ross Girshick"],
 "1711.00937": ["Aaron van den Oord", "Oriol Vinyals", "Koray Kavukcuoglu"],
 "1704.00028": ["Ishaan Gulrajani", "Faruk Ahmed", "Martin Arjovsky", "Vincent Dumoulin", "Aaron Courville"],
 "2010.11929": ["Alexey Dosovitskiy", "Lucas Beyer", "Alexander Kolesnikov", "Dirk Weissenborn", "Xiaohua Zhai",
                "Thomas Unterthiner", "Mostafa Dehghani", "Matthias Minderer", "Georg Heigold", "Sylvain Gelly",
                "Jakob Uszkoreit", "Neil Houlsby"],
}
def ab(i): return " ".join(dev[i]["abstract"].split())
def ti(i): return dev[i]["title"]
papers, layouts = {}, {}
def want(i, authors=True, title=True):
    papers[i] = {"title": ti(i), "authors": A.get(i, []), "abstract": ab(i)}
def fold(prefix, text, width=79):  # arXiv mailing: fields folded at ~80 columns, continuation indented 2
    return textwrap.fill(text, width, initial_indent=prefix, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
def mail_abs(text):
    return textwrap.fill(text, 79, initial_indent="  ", subsequent_indent="", break_long_words=False, break_on_hyphens=False)
# ---------------- mailing
RULE = "-" * 78
hdr = f"""{RULE}
{RULE}
Send any comments regarding submissions directly to submitter.
{RULE}
Archives at http://arxiv.org/
To unsubscribe, e-mail To: cs@arXiv.org, Subject: cancel
{RULE}
 Submissions to:
Computation and Language
Machine Learning
 received from  Mon 13 Dec 21 19:00:00 GMT  to  Tue 14 Dec 21 19:00:00 GMT
{RULE}
{RULE}
"""
def entry(i, date, cats, extra=(), size="812kb", cross=False, revised=None, authors=None):
    lines = ["\\\\", f"arXiv:{i}" + (" (*cross-listing*)" if cross else ""), f"Date: {date}   ({size},D)"]
    if revised: lines.append(f"Date (revised v2): {revised}   ({size},D)")
    lines += ["", fold("Title: ", ti(i)), fold("Authors: ", authors or ", ".join(A[i])), f"Categories: {cats}"]
    lines += [fold(k + ": ", v) for k, v in extra]
    lines += ["License: http://arxiv.org/licenses/nonexclusive-distrib/1.0/", "\\\\", mail_abs(ab(i)),
              f"\\\\ ( https://arxiv.org/abs/{i} ,  {size})", RULE]
    return "\n".join(lines) + "\n"
mailing = hdr
mailing += entry("2112.06905", "Mon, 13 Dec 2021 18:52:31 GMT", "cs.CL", [("Comments", "Accepted to ICML 2022")], "1520kb",
                 revised="Tue, 14 Dec 2021 02:10:44 GMT")
mailing += entry("2106.04426", "Thu, 8 Jul 2021 17:58:59 GMT", "cs.LG cs.CL",
                 [("Comments", "NeurIPS 2021 camera ready; 16 pages, 5 figures"), ("Report-no", "FAIR-2021-07"),
                  ("MSC-class", "68T50"), ("ACM-class", "I.2.7; I.2.6")], "380kb", cross=False)
mailing += entry("2103.16716", "Tue, 30 Mar 2021 23:08:32 GMT", "cs.CL cs.LG",
                 [("Journal-ref", "Proceedings of the 38th International Conference on Machine Learning, PMLR 139:6265-6274, 2021"),
                  ("DOI", "10.5555/3454287.3455045")], "211kb", cross=True)
mailing += "%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%\n"
mailing += entry("2308.00951", "Tue, 1 Aug 2023 17:58:11 GMT", "cs.LG cs.AI cs.CV", [("Comments", "ICLR 2024 camera ready")], "3411kb", cross=True,
                 authors="Joan Puigcerver (1), Carlos Riquelme (1), Basil Mustafa (1), Neil Houlsby (1) ((1) Google DeepMind)")
mailing += "%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%\n"
mailing += "\n".join(["\\\\", "arXiv:2106.05974", "replaced with revised version Tue, 14 Dec 2021 11:20:05 GMT   (12710kb,D)", "",
                      fold("Title: ", ti("2106.05974")), fold("Authors: ", ", ".join(A["2106.05974"])),
                      "Categories: cs.CV cs.LG stat.ML", "Comments: 44 pages, 38 figures", "\\\\ ( https://arxiv.org/abs/2106.05974 ,  12710kb)", RULE]) + "\n"
mailing += "%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%\n"
(OUT / "mailing.txt").write_text(mailing)
for i in ("2112.06905", "2106.04426", "2103.16716", "2308.00951"): want(i)
layouts["mailing.txt"] = {"papers": ["2112.06905", "2106.04426", "2103.16716", "2308.00951"],
    "comments": {"2112.06905": ["Accepted to ICML 2022"], "2106.04426": ["NeurIPS 2021 camera ready; 16 pages, 5 figures"],
                 "2308.00951": ["ICLR 2024 camera ready"]},
    "categories": {"2112.06905": ["cs.CL"], "2106.04426": ["cs.LG", "cs.CL"], "2103.16716": ["cs.CL", "cs.LG"], "2308.00951": ["cs.LG", "cs.AI", "cs.CV"]},
    "warnings": ["mailing.txt:130: arXiv:2106.05974: a replacement notice with no abstract"]}
# ---------------- abs pages
SUBJ = {"2305.11206": "Computation and Language (cs.CL); Artificial Intelligence (cs.AI); Machine Learning (cs.LG)",
        "2405.14734": "Computation and Language (cs.CL); Machine Learning (cs.LG)",
        "2310.16944": "Machine Learning (cs.LG); Computation and Language (cs.CL)"}
def abspage(i, sub, submitted, history, comments=None, full=False, frm="", cat="cs.CL", area="Computation and Language"):
    top = []
    if full:
        top = ["close this message", "arXiv smileybones", "", "Happy Open Access Week from arXiv!", "",
               "YOU make open access possible! Tell us why you support #openaccess and give to arXiv this week to help keep science open for all.", "",
               "Donate!", "Skip to main content", "Cornell University", "We gratefully acknowledge support from the Simons Foundation, member institutions, and all contributors. Donate",
               f"arxiv logo > cs > arXiv:{i}", "", "Help | Advanced Search", "All fields", "Title", "Author", "Abstract", "Comments",
               "Journal reference", "ACM classification", "MSC classification", "Report number", "arXiv identifier", "DOI", "ORCID",
               "arXiv author ID", "Help pages", "Full text", "Search", "", "open search", "GO", "open navigation menu",
               "quick links", "Login", "Help Pages", "About", ""]
    body = [f"Computer Science > {area}", f"[{submitted}]", f"Title:{ti(i)}", "Authors:" + ", ".join(A[i]),
            "View PDF", "HTML (experimental)", "Abstract:" + ab(i)]
    if comments: body.append(f"Comments:\t{comments}")
    body += [f"Subjects:\t{sub}", f"Cite as:\tarXiv:{i} [{cat}]", f" \t(or arXiv:{i}v{len(history)} [{cat}] for this version)",
             " ", f"https://doi.org/10.48550/arXiv.{i}", "Focus to learn more", "Submission history", f"From: {frm} [view email]"]
    body += [f"[v{n}] {h}" for n, h in enumerate(history, 1)]
    if full:
        body += ["", "Full-text links:", "Access Paper:", "View PDF", "HTML (experimental)", "TeX Source", "Other Formats",
                 "view license", "Current browse context:", cat, "< prev   |   next >", "new | recent | 2023-05",
                 "Change to browse by:", "cs", "cs.AI", "cs.LG", "", "References & Citations", "NASA ADS", "Google Scholar",
                 "Semantic Scholar", "a export BibTeX citation", "Bookmark", "", "Bibliographic Tools",
                 "Bibliographic and Citation Tools", "Bibliographic Explorer Toggle", "Bibliographic Explorer (What is the Explorer?)",
                 "Litmaps Toggle", "Litmaps (What is Litmaps?)", "scite.ai Toggle", "scite Smart Citations (What are Smart Citations?)",
                 "Code, Data, Media", "Code, Data and Media Associated with this Article", "alphaXiv Toggle", "alphaXiv (What is alphaXiv?)",
                 "Links to Code Toggle", "CatalyzeX Code Finder for Papers (What is CatalyzeX?)", "Demos", "Replicate Toggle",
                 "Replicate (What is Replicate?)", "Related Papers", "Recommenders and Search Tools", "Core recommender toggle",
                 "CORE Recommender (What is CORE?)", "About arXivLabs", "arXivLabs: experimental projects with community collaborators",
                 "arXivLabs is a framework that allows collaborators to develop and share new arXiv features directly on our website.",
                 "Both individuals and organizations that work with arXivLabs have embraced and accepted our values of openness, community, excellence, and user data privacy. arXiv is committed to these values and only works with partners that adhere to them.",
                 "Have an idea for a project that will add value for arXiv's community? Learn more about arXivLabs.",
                 "Which authors of this paper are endorsers? | Disable MathJax (What is MathJax?)", "", "About", "Help",
                 "contact arXivClick here to contact arXiv Contact", "subscribe to arXiv mailingsClick here to subscribe Subscribe",
                 "Copyright", "Privacy Policy", "Web Accessibility Assistance", "", "arXiv Operational Status",
                 "Get status notifications via email or slack"]
    return "\n".join(top + body) + "\n"
absp = abspage("2305.11206", SUBJ["2305.11206"], "Submitted on 18 May 2023", ["Thu, 18 May 2023 17:45:22 UTC (148 KB)"], full=True, frm="Chunting Zhou")
absp += "\n" + abspage("2405.14734", SUBJ["2405.14734"], "Submitted on 23 May 2024 (v1), last revised 1 Nov 2024 (this version, v3)",
        ["Thu, 23 May 2024 16:23:51 UTC (1,089 KB)", "Mon, 8 Jul 2024 02:49:27 UTC (1,117 KB)", "Fri, 1 Nov 2024 17:37:34 UTC (1,305 KB)"],
        comments="Accepted to NeurIPS 2024. Code: this https URL", frm="Yu Meng")
absp += "\n" + abspage("2310.16944", SUBJ["2310.16944"], "Submitted on 25 Oct 2023", ["Wed, 25 Oct 2023 19:25:16 UTC (445 KB)"],
        frm="Lewis Tunstall", cat="cs.LG", area="Machine Learning")
(OUT / "abspages.txt").write_text(absp)
for i in SUBJ: want(i)
layouts["abspages.txt"] = {"papers": list(SUBJ), "comments": {"2405.14734": ["Accepted to NeurIPS 2024. Code: this https URL"]},
    "categories": {"2305.11206": ["cs.CL", "cs.AI", "cs.LG"], "2405.14734": ["cs.CL", "cs.LG"], "2310.16944": ["cs.LG", "cs.CL"]}}
# ---------------- listing page
def lst(n, i, sub, comments=None, cross=None, abstract=True):
    l = [f"[{n}] arXiv:{i}" + (f" (cross-list from {cross})" if cross else "") + " [pdf, html, other]",
         f"Title: {ti(i)}", f"Authors: " + ", ".join(A[i])]
    if comments: l.append(f"Comments: {comments}")
    l.append(f"Subjects: {sub}")
    if abstract: l += ["", ab(i)]
    return "\n".join(l) + "\n"
listing = "\n".join(["Skip to main content", "Cornell University", "We gratefully acknowledge support from the Simons Foundation, member institutions, and all contributors. Donate",
    "arxiv logo > cs.LG", "", "Help | Advanced Search", "Search", "", "open search", "GO", "open navigation menu", "quick links", "Login", "Help Pages", "About", "",
    "Machine Learning", "See recent articles", "Showing new listings for Friday, 19 January 2024", "Total of 391 entries",
    "Showing up to 2000 entries per page: fewer | more | all", "New submissions (showing 2 of 2 entries)", ""])
listing += "\n" + lst(1, "2401.10020", "Computation and Language (cs.CL); Artificial Intelligence (cs.AI)", comments="Preprint") + "\n"
listing += lst(2, "2302.05543", "Computer Vision and Pattern Recognition (cs.CV); Artificial Intelligence (cs.AI); Graphics (cs.GR); Human-Computer Interaction (cs.HC); Multimedia (cs.MM)",
               comments="Codes and Supplementary Material: this https URL") + "\n"
listing += "Cross submissions (showing 1 of 1 entries)\n\n" + lst(3, "2312.00886", "Machine Learning (stat.ML); Artificial Intelligence (cs.AI); Machine Learning (cs.LG); Multiagent Systems (cs.MA)", cross="stat.ML") + "\n"
listing += "Replacement submissions (showing 1 of 1 entries)\n\n" + lst(4, "2106.05974", "Computer Vision and Pattern Recognition (cs.CV); Machine Learning (cs.LG); Machine Learning (stat.ML)", comments="44 pages, 38 figures", abstract=False).replace("[pdf, html, other]", "(replaced) [pdf, html, other]") + "\n"
listing += "\n".join(["Total of 391 entries", "Showing up to 2000 entries per page: fewer | more | all", "About", "Help", "contact arXivClick here to contact arXiv Contact",
    "subscribe to arXiv mailingsClick here to subscribe Subscribe", "Copyright", "Privacy Policy", "Web Accessibility Assistance", "", "arXiv Operational Status",
    "Get status notifications via email or slack"]) + "\n"
(OUT / "listing.txt").write_text(listing)
for i in ("2401.10020", "2302.05543", "2312.00886"): want(i)
layouts["listing.txt"] = {"papers": ["2401.10020", "2302.05543", "2312.00886"],
    "comments": {"2401.10020": ["Preprint"], "2302.05543": ["Codes and Supplementary Material: this https URL"]},
    "categories": {"2401.10020": ["cs.CL", "cs.AI"], "2302.05543": ["cs.CV", "cs.AI", "cs.GR", "cs.HC", "cs.MM"], "2312.00886": ["stat.ML", "cs.AI", "cs.LG", "cs.MA"]},
    "warnings": ["listing.txt:51: arXiv:2106.05974: listed with no abstract"]}
# ---------------- BibTeX
def zesc(t):  # Zotero escapes every TeX special character of a field
    return t.replace("\\", "{\\textbackslash}").replace("{", "\\{").replace("}", "\\}").replace("\\{\\textbackslash\\}", "{\\textbackslash}").replace("$", "\\$").replace("%", "\\%").replace("&", "\\&").replace("_", "\\_").replace("#", "\\#")
def capb(t):  # Zotero protects capitals with braces
    return re.sub(r"\b([A-Z][\w-]*)", r"{\1}", t)
def lastfirst(n):
    parts = n.split(); 
    if "van den" in n: return "van den Oord, Aaron"
    return f"{parts[-1]}, {' '.join(parts[:-1])}"
zot = f"""
@misc{{lester_power_2021,
\ttitle = {{{capb(ti('2104.08691'))}}},
\turl = {{http://arxiv.org/abs/2104.08691}},
\tdoi = {{10.48550/arXiv.2104.08691}},
\tabstract = {{{zesc(ab('2104.08691'))}}},
\turldate = {{2024-10-02}},
\tpublisher = {{arXiv}},
\tauthor = {{{' and '.join(lastfirst(n) for n in A['2104.08691'])}}},
\tmonth = sep,
\tyear = {{2021}},
\tnote = {{arXiv:2104.08691 [cs]}},
\tkeywords = {{Computer Science - Computation and Language}},
\tannote = {{Comment: Accepted to EMNLP 2021}},
\tfile = {{arXiv Fulltext PDF:/home/ana/Zotero/storage/7QX2KD4M/Lester et al. - 2021 - The Power of Scale for Parameter-Efficient Prompt Tuning.pdf:application/pdf}},
}}

@misc{{zhang_adalora_2023,
\ttitle = {{{{AdaLoRA}}: {{Adaptive}} {{Budget}} {{Allocation}} for {{Parameter}}-{{Efficient}} {{Fine}}-{{Tuning}}}},
\tshorttitle = {{{{AdaLoRA}}}},
\turl = {{http://arxiv.org/abs/2303.10512}},
\tdoi = {{10.48550/arXiv.2303.10512}},
\tabstract = {{{zesc(ab('2303.10512'))}}},
\turldate = {{2024-03-11}},
\tpublisher = {{arXiv}},
\tauthor = {{{' and '.join(lastfirst(n) for n in A['2303.10512'])}}},
\tmonth = dec,
\tyear = {{2023}},
\tnote = {{arXiv:2303.10512 [cs]}},
\tkeywords = {{Computer Science - Computation and Language, Computer Science - Machine Learning}},
\tannote = {{Comment: The 11th International Conference on Learning Representations (ICLR 2023)}},
}}
"""
(OUT / "zotero.bib").write_text(zot.lstrip())
# Better BibTeX export of VeRA; JabRef arXiv fetcher of SimCLR; Mendeley of DDPM; Google Scholar / DBLP / Semantic Scholar of ViT without abstracts
other = f"""% Encoding: UTF-8

@misc{{kopiczko2024vera,
  title = {{{{{{VeRA}}}}: {{{{Vector-based Random Matrix Adaptation}}}}}},
  shorttitle = {{{{{{VeRA}}}}}},
  author = {{{' and '.join(lastfirst(n) for n in A['2310.11454'])}}},
  year = {{2024}},
  month = jan,
  number = {{arXiv:2310.11454}},
  eprint = {{2310.11454}},
  primaryclass = {{cs}},
  publisher = {{arXiv}},
  doi = {{10.48550/arXiv.2310.11454}},
  urldate = {{2024-05-02}},
  abstract = {{{ab('2310.11454')}}},
  archiveprefix = {{arXiv}},
  keywords = {{Computer Science - Computation and Language,Computer Science - Machine Learning}},
  file = {{/home/ana/Zotero/storage/K4Q8/Kopiczko et al. - 2024 - VeRA.pdf}}
}}

@Article{{Chen2020,
  author        = {{{' and '.join(A['2002.05709'])}}},
  title         = {{{ti('2002.05709')}}},
  year          = {{2020}},
  month         = feb,
  abstract      = {{{ab('2002.05709')}}},
  archiveprefix = {{arXiv}},
  eprint        = {{2002.05709v3}},
  file          = {{:http\\://arxiv.org/pdf/2002.05709v3:PDF}},
  keywords      = {{cs.LG, cs.CV, stat.ML}},
  primaryclass  = {{cs.LG}},
}}

@article{{Ho2020,
abstract = {{{ab('2006.11239')}}},
archivePrefix = {{arXiv}},
arxivId = {{2006.11239}},
author = {{Ho, Jonathan and Jain, Ajay and Abbeel, Pieter}},
eprint = {{2006.11239}},
file = {{:home/ana/Documents/Mendeley Desktop/Ho, Jain, Abbeel - 2020 - Denoising Diffusion Probabilistic Models.pdf:pdf}},
journal = {{Advances in Neural Information Processing Systems}},
title = {{{{Denoising Diffusion Probabilistic Models}}}},
volume = {{2020-December}},
year = {{2020}}
}}

@article{{dosovitskiy2020image,
  title={{An image is worth 16x16 words: Transformers for image recognition at scale}},
  author={{Dosovitskiy, Alexey and Beyer, Lucas and Kolesnikov, Alexander and Weissenborn, Dirk and Zhai, Xiaohua and Unterthiner, Thomas and Dehghani, Mostafa and Minderer, Matthias and Heigold, Georg and Gelly, Sylvain and others}},
  journal={{arXiv preprint arXiv:2010.11929}},
  year={{2020}}
}}

@article{{DBLP:journals/corr/abs-2111-06377,
  author       = {{Kaiming He and
                  Xinlei Chen and
                  Saining Xie and
                  Yanghao Li and
                  Piotr Doll{{\\'{{a}}}}r and
                  Ross B. Girshick}},
  title        = {{Masked Autoencoders Are Scalable Vision Learners}},
  journal      = {{CoRR}},
  volume       = {{abs/2111.06377}},
  year         = {{2021}},
  url          = {{https://arxiv.org/abs/2111.06377}},
  eprinttype    = {{arXiv}},
  eprint       = {{2111.06377}},
  timestamp    = {{Tue, 16 Nov 2021 12:12:31 +0100}},
  biburl       = {{https://dblp.org/rec/journals/corr/abs-2111-06377.bib}},
  bibsource    = {{dblp computer science bibliography, https://dblp.org}}
}}

@Comment{{jabref-meta: databaseType:bibtex;}}
"""
(OUT / "tools.bib").write_text(other)
for i in ("2104.08691", "2303.10512"): want(i)
papers["2303.10512"]["title"] = ti("2303.10512")
layouts["zotero.bib"] = {"papers": ["2104.08691", "2303.10512"],
    "comments": {"2104.08691": ["Accepted to EMNLP 2021"], "2303.10512": ["The 11th International Conference on Learning Representations (ICLR 2023)"]}}
for i in ("2310.11454", "2002.05709", "2006.11239"): want(i)
layouts["tools.bib"] = {"papers": ["2310.11454", "2002.05709", "2006.11239"],
    "categories": {"2002.05709": ["cs.LG", "cs.CV", "stat.ML"], "2310.11454": [], "2006.11239": []},
    "warnings": ["tools.bib:47: 2 arXiv ids with no abstract, not in the catalog; to bring them in from arXiv: python build.py add"]}
# ---------------- snapshot jsonl
def rec(i, **kw):
    t = ti(i); w = textwrap.wrap(t, 70)
    r = {"id": i, "submitter": A[i][0], "authors": ", ".join(A[i][:-1]) + " and " + A[i][-1],
         "title": "\n  ".join(w), "comments": kw.get("comments"), "journal-ref": kw.get("jref"), "doi": kw.get("doi"),
         "report-no": None, "categories": kw["cats"], "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
         "abstract": "  " + "\n".join(textwrap.wrap(ab(i), 79, break_on_hyphens=False)) + "\n",
         "versions": [{"version": "v1", "created": kw["created"]}, {"version": "v2", "created": kw["created"]}],
         "update_date": "2018-05-31", "authors_parsed": [[n.split()[-1], " ".join(n.split()[:-1]), ""] for n in A[i]]}
    return json.dumps(r, ensure_ascii=True)
snap = rec("1711.00937", cats="cs.LG", created="Thu, 2 Nov 2017 17:43:14 GMT") + "\n"
snap += rec("1704.00028", cats="cs.LG stat.ML", created="Fri, 31 Mar 2017 17:55:24 GMT", comments="NIPS camera-ready") + "\n"
(OUT / "snapshot.jsonl").write_text(snap)
for i in ("1711.00937", "1704.00028"): want(i)
papers["1711.00937"]["authors"] = ["Aaron van den Oord", "Oriol Vinyals", "Koray Kavukcuoglu"]
layouts["snapshot.jsonl"] = {"papers": ["1711.00937", "1704.00028"], "comments": {"1704.00028": ["NIPS camera-ready"]},
    "categories": {"1711.00937": ["cs.LG"], "1704.00028": ["cs.LG", "stat.ML"]}}
# ---------------- wrapped text
def fmtw(t, w=72): return textwrap.fill(t, w, break_long_words=False, break_on_hyphens=False)
def folds(t, w=80):  # fold -s -w 80: break after the last space within 80 columns, the space kept at the line end
    out, line = [], ""
    for word in t.split(" "):
        if len(line) + len(word) + 1 > w and line:
            out.append(line + " "); line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(out + [line])
w1 = ""
# fmt -w 72 with arXiv line after, blank lines between
for i in ("1706.03741", "2009.01325"):
    w1 += fmtw(ab(i)) + f"\narXiv:{i}\n\n"
# fold -s -w 80 (trailing spaces)
w1 += folds(ab("2201.12086")) + "\narXiv:2201.12086\n\n"
(OUT / "wrapped.txt").write_text(w1)
for i in ("1706.03741", "2009.01325", "2201.12086"): want(i, authors=False)
layouts["wrapped.txt"] = {"papers": ["1706.03741", "2009.01325", "2201.12086"], "titles": False}
# numbered list with titles on their own line, CRLF and BOM
w2 = ""
for n, i in enumerate(("2204.05862", "2204.14198", "2106.01345"), 1):
    w2 += f"{n}. {ti(i)}\n" + textwrap.indent(fmtw(ab(i), 72), "   ") + f"\n   arXiv:{i}\n\n"
(OUT / "numbered.txt").write_bytes(("\ufeff" + w2).replace("\n", "\r\n").encode())
for i in ("2204.05862", "2204.14198", "2106.01345"): want(i, authors=False)
layouts["numbered.txt"] = {"papers": ["2204.05862", "2204.14198", "2106.01345"], "titles": True, "authors": False}
# titles on own line above the wrapped abstract, no numbers
w3 = ""
for i in ("2010.01412", "2102.12092"):
    w3 += f"{ti(i)}\n" + fmtw(ab(i), 76) + f"\narXiv:{i}\n\n"
(OUT / "titled.txt").write_text(w3)
for i in ("2010.01412", "2102.12092"): want(i, authors=False)
layouts["titled.txt"] = {"papers": ["2010.01412", "2102.12092"], "titles": True, "authors": False}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok")
# ================= round 2: TeX in the fields, older page layouts, a PDF copy
A.update({
 "2105.15082": ["An Yang", "Junyang Lin", "Rui Men", "Chang Zhou", "Le Jiang", "Xianyan Jia", "Ang Wang", "Jie Zhang",
                "Jiamang Wang", "Yong Li", "Di Zhang", "Wei Lin", "Lin Qu", "Jingren Zhou", "Hongxia Yang"],
 "2012.15701": ["Haoli Bai", "Wei Zhang", "Lu Hou", "Lifeng Shang", "Jing Jin", "Xin Jiang", "Qun Liu", "Michael Lyu", "Irwin King"],
 "2207.10666": ["Kan Wu", "Jinnian Zhang", "Houwen Peng", "Mengchen Liu", "Bin Xiao", "Jianlong Fu", "Lu Yuan"],
 "2107.07651": ["Junnan Li", "Ramprasaath R. Selvaraju", "Akhilesh Deepak Gotmare", "Shafiq Joty", "Caiming Xiong", "Steven Hoi"],
 "2104.13921": ["Xiuye Gu", "Tsung-Yi Lin", "Weicheng Kuo", "Yin Cui"],
 "1710.10196": ["Tero Karras", "Timo Aila", "Samuli Laine", "Jaakko Lehtinen"],
 "2206.01191": ["Yanyu Li", "Geng Yuan", "Yang Wen", "Ju Hu", "Georgios Evangelidis", "Sergey Tulyakov", "Yanzhi Wang", "Jian Ren"],
 "1903.11728": ["Jiahui Yu", "Thomas Huang"],
 "2107.03374": ["Mark Chen", "Jerry Tworek", "Heewoo Jun", "Qiming Yuan", "Henrique Ponde de Oliveira Pinto", "Jared Kaplan"],
})
# mailing with TeX in authors (as submitters type them) and a two-paragraph abstract
m2 = hdr
m2 += entry("2312.00886", "Fri, 1 Dec 2023 19:26:23 GMT", "stat.ML cs.AI cs.LG cs.MA",
            [("Comments", "Accepted at ICML 2024")], "1034kb",
            authors=", ".join(A["2312.00886"]).replace("Rémi", "R\\'emi"))
m2 += entry("2107.07651", "Fri, 16 Jul 2021 00:19:22 GMT", "cs.CV cs.AI", [("Comments", "NeurIPS 2021 Spotlight")], "2046kb")
m2 = m2.replace(mail_abs(ab("2107.07651")), mail_abs(ab("2107.07651").split(" ALBEF achieves state")[0]) + "\n" +
                mail_abs("ALBEF achieves state" + ab("2107.07651").split(" ALBEF achieves state")[1]))
(OUT / "mailing_tex.txt").write_text(m2)
for i in ("2312.00886", "2107.07651"): want(i)
layouts["mailing_tex.txt"] = {"papers": ["2312.00886", "2107.07651"],
    "comments": {"2312.00886": ["Accepted at ICML 2024"], "2107.07651": ["NeurIPS 2021 Spotlight"]},
    "categories": {"2312.00886": ["stat.ML", "cs.AI", "cs.LG", "cs.MA"], "2107.07651": ["cs.CV", "cs.AI"]}}
# Zotero export of abstracts with TeX (every special character escaped)
z2 = ""
for key, i in (("yang_exploring_2021", "2105.15082"), ("bai_binarybert_2021", "2012.15701")):
    z2 += f"""@misc{{{key},
\ttitle = {{{capb(ti(i))}}},
\turl = {{http://arxiv.org/abs/{i}}},
\tdoi = {{10.48550/arXiv.{i}}},
\tabstract = {{{zesc(ab(i))}}},
\turldate = {{2025-01-14}},
\tpublisher = {{arXiv}},
\tauthor = {{{' and '.join(lastfirst(n) for n in A[i])}}},
\tyear = {{2021}},
\tnote = {{arXiv:{i} [cs]}},
\tkeywords = {{Computer Science - Machine Learning}},
}}

"""
(OUT / "zotero_tex.bib").write_text(z2)
for i in ("2105.15082", "2012.15701"): want(i)
layouts["zotero_tex.bib"] = {"papers": ["2105.15082", "2012.15701"]}
# an older arXiv listing page (before 2024): dated section headings, labelled authors, indented abstract
def lst_old(n, i, sub, comments=None, cross=None, jref=None):
    l = [f"[{n}]  arXiv:{i}" + (f" (cross-list from {cross})" if cross else "") + " [pdf, other]",
         f"Title: {ti(i)}", "Authors: " + ", ".join(A[i])]
    if comments: l.append(f"Comments: {comments}")
    if jref: l.append(f"Journal-ref: {jref}")
    l += [f"Subjects: {sub}", ""] + [textwrap.fill(ab(i), 110, initial_indent="", break_long_words=False)]
    return "\n".join(l) + "\n"
lo = "\n".join(["Computer Vision and Pattern Recognition", "Authors and titles for recent submissions", "",
    "    Thu, 21 Jul 2022", "    Wed, 20 Jul 2022", "", "See today's new changes", "",
    "New submissions for Thu, 21 Jul 2022", "", ""])
lo += lst_old(1, "2207.10666", "Computer Vision and Pattern Recognition (cs.CV)", comments="Accepted by ECCV 2022") + "\n"
lo += "Cross-lists for Thu, 21 Jul 2022\n\n"
lo += lst_old(2, "1903.11728", "Computer Vision and Pattern Recognition (cs.CV); Artificial Intelligence (cs.AI)", cross="cs.LG") + "\n"
lo += "Replacements for Thu, 21 Jul 2022\n\n"
lo += lst_old(3, "1710.10196", "Neural and Evolutionary Computing (cs.NE); Machine Learning (cs.LG); Machine Learning (stat.ML)",
              comments="Final ICLR 2018 version", jref="ICLR 2018") + "\n"
lo += "[ showing up to 2000 entries per page: fewer | more ]\n"
(OUT / "listing_old.txt").write_text(lo)
for i in ("2207.10666", "1903.11728", "1710.10196"): want(i)
layouts["listing_old.txt"] = {"papers": ["2207.10666", "1903.11728", "1710.10196"],
    "comments": {"2207.10666": ["Accepted by ECCV 2022"], "1710.10196": ["Final ICLR 2018 version"]},
    "categories": {"2207.10666": ["cs.CV"], "1903.11728": ["cs.CV", "cs.AI"], "1710.10196": ["cs.NE", "cs.LG", "stat.ML"]}}
# abs pages: Journal reference, Related DOI, two pages with no blank line between them, the older copy without labels
a2 = "\n".join(["Computer Science > Computer Vision and Pattern Recognition", "[Submitted on 13 Apr 2021 (v1), last revised 12 May 2022 (this version, v3)]",
    ti("2104.13921"), ", ".join(A["2104.13921"]), "Download PDF", "Abstract: " + ab("2104.13921"),
    "Comments:\tICLR 2022 camera ready", "Subjects:\tComputer Vision and Pattern Recognition (cs.CV); Artificial Intelligence (cs.AI); Machine Learning (cs.LG)",
    "Journal reference:\tInternational Conference on Learning Representations, 2022", "Cite as:\tarXiv:2104.13921 [cs.CV]",
    " \t(or arXiv:2104.13921v3 [cs.CV] for this version)", "Submission history", "From: Xiuye Gu [view email]",
    "[v1] Tue, 13 Apr 2021 17:20:26 UTC (6,066 KB)", "[v2] Fri, 28 May 2021 17:58:53 UTC (6,066 KB)", "[v3] Thu, 12 May 2022 06:03:51 UTC (8,094 KB)",
    "Computer Science > Computer Vision and Pattern Recognition", "[Submitted on 2 Jun 2022 (v1), last revised 7 Oct 2022 (this version, v4)]",
    "Title:" + ti("2206.01191"), "Authors:" + ", ".join(A["2206.01191"]), "View PDF", "Abstract:" + ab("2206.01191"),
    "Comments:\tNeurIPS 2022", "Subjects:\tComputer Vision and Pattern Recognition (cs.CV)", "Cite as:\tarXiv:2206.01191 [cs.CV]",
    " \t(or arXiv:2206.01191v4 [cs.CV] for this version)", "", "https://doi.org/10.48550/arXiv.2206.01191", "Focus to learn more",
    "Related DOI:\thttps://doi.org/10.5555/3600270.3601185", "Focus to learn more"]) + "\n"
(OUT / "abspages_more.txt").write_text(a2)
for i in ("2104.13921", "2206.01191"): want(i)
layouts["abspages_more.txt"] = {"papers": ["2104.13921", "2206.01191"],
    "comments": {"2104.13921": ["ICLR 2022 camera ready"], "2206.01191": ["NeurIPS 2022"]},
    "categories": {"2104.13921": ["cs.CV", "cs.AI", "cs.LG"], "2206.01191": ["cs.CV"]}}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok2")
# ================= round 3: a PDF's text copied (pdftotext / a viewer): words broken at TeX's
# hyphenation points, ligatures, an "Abstract" heading; saved on Windows (CRLF, BOM)
import pyphen
HY = pyphen.Pyphen(lang="en_US")
LIG = str.maketrans({"ﬁ": "ﬁ"})
def pdf_wrap(text, width=78):
    out, line = [], ""
    for word in text.split(" "):
        if len(line) + 1 + len(word) <= width or not line:
            line = f"{line} {word}" if line else word
            continue
        room = width - len(line) - 2
        pos = [p for p in HY.positions(word) if p <= room and word[:p].isalpha() and word[p:].isalpha() and "-" not in word]
        if pos:
            out.append(f"{line} {word[:pos[-1]]}-"); line = word[pos[-1]:]
        else:
            out.append(line); line = word
    return "\n".join(out + [line]).replace("fi", "\ufb01").replace("fl", "\ufb02")
pdf = ""
for i in ("2107.03374", "1903.11728", "2206.01191"):
    pdf += "Abstract\n" + pdf_wrap(ab(i)) + f"\narXiv:{i}\n\n"
(OUT / "pdfcopy.txt").write_bytes(("\ufeff" + pdf).replace("\n", "\r\n").encode())
for i in ("2107.03374", "1903.11728", "2206.01191"): want(i, authors=False)
layouts["pdfcopy.txt"] = {"papers": ["2107.03374", "1903.11728", "2206.01191"], "titles": False}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok3")
# ================= round 4: snapshot records with TeX in names, gzipped
import gzip
A["2010.01412"] = ["Pierre Foret", "Ariel Kleiner", "Hossein Mobahi", "Behnam Neyshabur"]
s4 = rec("2111.06377", cats="cs.CV", created="Thu, 11 Nov 2021 18:46:40 GMT", comments="Tech report. arXiv v2: add more transfer learning results; v3: add robustness evaluation")
o = json.loads(s4); o["authors"] = o["authors"].replace("Dollár", "Doll\\'ar"); o["authors_parsed"][4] = ["Doll\\'ar", "Piotr", ""]
s4 = json.dumps(o) + "\n" + rec("2010.01412", cats="cs.LG stat.ML", created="Sat, 3 Oct 2020 02:45:43 GMT", jref="ICLR 2021") + "\n"
(OUT / "snapshot_cut.jsonl.gz").write_bytes(gzip.compress(s4.encode(), mtime=0))
for i in ("2111.06377", "2010.01412"): want(i)
layouts["snapshot_cut.jsonl.gz"] = {"papers": ["2111.06377", "2010.01412"],
    "comments": {"2111.06377": ["Tech report. arXiv v2: add more transfer learning results; v3: add robustness evaluation"]},
    "categories": {"2111.06377": ["cs.CV"], "2010.01412": ["cs.LG", "stat.ML"]}}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok4")
# ================= round 5: heads typed or copied above abstracts
A.update({"2009.03300": ["Dan Hendrycks", "Collin Burns", "Steven Basart", "Andy Zou", "Mantas Mazeika", "Dawn Song", "Jacob Steinhardt"],
          "2205.09991": ["Michael Janner", "Yilun Du", "Joshua B. Tenenbaum", "Sergey Levine"],
          "2108.07755": ["Chengjian Feng", "Yujie Zhong", "Yu Gao", "Matthew R. Scott", "Weilin Huang"],
          "2206.00272": ["Kai Han", "Yunhe Wang", "Jianyuan Guo", "Yehui Tang", "Enhua Wu"]})
h = f"{ti('2010.11929')}\n{', '.join(A['2010.11929'][:6])}\nAbstract\n{textwrap.fill(ab('2010.11929'), 78, break_on_hyphens=False)}\narXiv:2010.11929\n\n"
h += f"Title: {ti('2009.03300')}\nAuthors: {', '.join(A['2009.03300'])}\n\n{textwrap.fill(ab('2009.03300'), 72, break_on_hyphens=False)}\narXiv:2009.03300\n\n"
h += f"{ti('2205.09991')}\n\n{textwrap.fill(ab('2205.09991'), 72, break_on_hyphens=False)}\narXiv:2205.09991\n\n"
h += "".join(f"- {ti(i)}\n  {ab(i)}\n  arXiv:{i}\n" for i in ("2108.07755", "2206.00272"))
(OUT / "headed.txt").write_text(h)
for i in ("2010.11929", "2009.03300", "2205.09991", "2108.07755", "2206.00272"): want(i)
papers["2010.11929"]["authors"] = A["2010.11929"][:6]
for i in ("2205.09991", "2108.07755", "2206.00272"): papers[i]["authors"] = []  # no author line here
layouts["headed.txt"] = {"papers": ["2010.11929", "2009.03300", "2205.09991", "2108.07755", "2206.00272"]}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok5")
# ================= round 6: the paper's own id written other ways; IEEE's "Abstract—"; a lowercase-led title
ids6 = ("2503.18893", "2505.08311", "2503.19950", "2311.03426")
forms = ["arXiv:2503.18893 [cs.CL]", "https://arxiv.org/abs/2505.08311v2", "[arXiv:2503.19950]", "arxiv.org/pdf/2311.03426.pdf"]
t6 = ""
for n, (i, form) in enumerate(zip(ids6, forms)):
    body = ("Abstract—" if n == 2 else "") + ab(i)
    t6 += f"{ti(i)}\n{textwrap.fill(body, 74, break_on_hyphens=False) if n % 2 else body}\n{form}\n\n"
(OUT / "idforms.txt").write_text(t6)
for i in ids6: want(i); papers[i]["authors"] = []
layouts["idforms.txt"] = {"papers": list(ids6)}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok6")
# ================= round 7: Zotero's BibLaTeX export (@online, date, eprintclass); a conference entry without an arXiv id
A["2108.10447"] = ["Rohan Badlani", "Adrian Łańcucki", "Kevin J. Shih", "Rafael Valle", "Wei Ping", "Bryan Catanzaro"]
b7 = f"""@online{{hendrycks_measuring_2021,
  title = {{Measuring {{{{Massive Multitask Language Understanding}}}}}},
  author = {{{' and '.join(lastfirst(n) for n in A['2009.03300'])}}},
  date = {{2021-01-12}},
  eprint = {{2009.03300}},
  eprinttype = {{arXiv}},
  eprintclass = {{cs}},
  doi = {{10.48550/arXiv.2009.03300}},
  url = {{http://arxiv.org/abs/2009.03300}},
  urldate = {{2024-05-02}},
  abstract = {{{ab('2009.03300')}}},
  pubstate = {{prepublished}},
  keywords = {{Computer Science - Artificial Intelligence,Computer Science - Computation and Language}},
}}

@inproceedings{{badlani2022one,
  title={{One {{TTS}} Alignment to Rule Them All}},
  author={{Badlani, Rohan and {{\\L}}a{{\\'n}}cucki, Adrian and Shih, Kevin J. and Valle, Rafael and Ping, Wei and Catanzaro, Bryan}},
  booktitle={{ICASSP 2022 - 2022 IEEE International Conference on Acoustics, Speech and Signal Processing (ICASSP)}},
  pages={{6092--6096}},
  year={{2022}},
  organization={{IEEE}},
  doi={{10.1109/ICASSP43922.2022.9747707}},
  abstract={{{ab('2108.10447')}}}
}}
"""
(OUT / "biblatex.bib").write_text(b7)
want("2009.03300"); want("2108.10447")
papers["one-tts-alignment-rule"] = dict(papers.pop("2108.10447"), title="One TTS Alignment to Rule Them All")
layouts["biblatex.bib"] = {"papers": ["2009.03300", "one-tts-alignment-rule"], "categories": {"2009.03300": []}}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok7")
# ================= round 8: the mailing saved from a mail client, its e-mail header included
mail_hdr = """From no-reply@arxiv.org  Tue Dec  5 20:12:03 2023
Return-Path: <no-reply@arxiv.org>
Received: from mail.arxiv.org (mail.arxiv.org [128.84.4.11])
	by mx.example.org with ESMTP id 3B61C3xk012345
	for <ana@example.org>; Tue, 5 Dec 2023 20:12:03 -0500
Date: Tue,  5 Dec 23 20:11:07 -0500
Message-Id: <202312060111.3B61B7kP021871@arxiv.org>
From: no-reply@arxiv.org (send mail ONLY to cs)
Reply-to: cs@arxiv.org
To: rabble@arxiv.org (cs daily title/abstract distribution)
Subject: cs daily Subj-class mailing 4f2 1
Content-Type: text/plain; charset=utf-8

"""
(OUT / "inbox.txt").write_text(mail_hdr + m2)
layouts["inbox.txt"] = dict(layouts["mailing_tex.txt"])
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok8")
# ================= round 9: a list that puts each paper's id first
ids9 = ("2505.15105", "2503.22402", "2504.16062")
t9 = "".join(f"arXiv:{i}\n{ti(i)}\n{textwrap.fill(ab(i), 72, break_on_hyphens=False)}\n\n" for i in ids9)
(OUT / "idfirst.txt").write_text(t9)
for i in ids9: want(i); papers[i]["authors"] = []
layouts["idfirst.txt"] = {"papers": list(ids9)}
yaml.safe_dump({"papers": papers, "layouts": layouts}, open(OUT / "expected.yaml", "w"), sort_keys=False, allow_unicode=True, width=110)
print("ok9")
