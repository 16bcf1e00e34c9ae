"""Related papers without comparing every pair.

Each paper is reduced to its TOP_TERMS highest TF-IDF terms. An inverted index maps
a term to the papers that have it among their top terms, and a paper's candidates are
only the papers sharing one of those terms. Postings are capped (a term shared by
thousands of papers says little), so the cost grows with the number of papers times
a constant, not with its square.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict

TOP_TERMS = 25
MAX_POSTINGS = 100
MIN_SCORE = 0.02
WORD = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]|[a-z]")
STOPWORDS = frozenset("""
a about above across after again against all also although among an and any are as at be
because been before being below between both but by can could did do does doing done down
during each either et even few for from further had has have having here how however if in
into is it its itself just large larger less many may more most much must new no nor not now
of off on once one only or other our ours out over own per paper propose proposed present
same several should show shows shown significant significantly since so some such than that
the their them then there these they this those through thus to too two under until up upon
use used uses using via was we well were what when where whether which while who whose why
will with within without work would yet model models method methods approach results based
achieve achieves across existing state-of-the-art novel task tasks performance data first
""".split())


def terms(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def related(docs: list[tuple[str, str]], count: int) -> dict[str, list[str]]:
    """slug -> up to `count` slugs of the most similar documents, best first."""
    if count <= 0 or len(docs) < 2:
        return {slug: [] for slug, _ in docs}
    doc_freq: Counter[str] = Counter()
    for _, text in docs:
        doc_freq.update(set(terms(text)))
    idf = {t: math.log(len(docs) / df) for t, df in doc_freq.items() if df > 1}
    vectors = [_top_terms(text, idf) for _, text in docs]
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((weight, i))
    for term, plist in postings.items():
        if len(plist) > MAX_POSTINGS:
            postings[term] = sorted(plist, key=lambda p: (-p[0], p[1]))[:MAX_POSTINGS]
    slugs = [slug for slug, _ in docs]
    return {slugs[i]: [slugs[j] for j in _best(i, vector, postings, count)] for i, vector in enumerate(vectors)}


def _top_terms(text: str, idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(t for t in terms(text) if t in idf)
    scored = sorted(((1 + math.log(n)) * idf[t], t) for t, n in tf.items())[-TOP_TERMS:]
    norm = math.sqrt(sum(w * w for w, _ in scored)) or 1.0
    return {t: w / norm for w, t in scored}


def _best(i: int, vector: dict[str, float], postings, count: int) -> list[int]:
    scores: dict[int, float] = defaultdict(float)
    for term, weight in vector.items():
        for other_weight, j in postings.get(term, ()):
            if j != i:
                scores[j] += weight * other_weight
    best = heapq.nsmallest(count, ((-s, j) for j, s in scores.items() if s >= MIN_SCORE))
    return [j for _, j in best]
