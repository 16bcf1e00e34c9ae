"""One synthetic catalog for every benchmark, so their figures describe the same data.

Pages in the real page format (catalog.pages.dump_page): titles, 3-8 authors, venues,
0-2 topics, dates 2015-2025, 90-280-word abstracts drawn Zipf-like from the seed
abstracts' vocabulary plus ~30,000 synthetic words (a large catalog's long tail).
"""

from __future__ import annotations

import itertools
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.pages import dump_page, new_meta  # noqa: E402

FIRST = ["Wei", "Ana", "Jun", "Maria", "Omar", "Priya", "Lukas", "Chen", "Sara", "Tomás", "Yuki", "Ivan",
         "Fatima", "Noah", "Li", "Elena", "Kwame", "Hannah", "Arjun", "Zoe", "Mateo", "Aisha", "Felix", "Mei"]
LAST = ["Zhang", "Garcia", "Kim", "Müller", "Singh", "Nguyen", "Rossi", "Okafor", "Cohen", "Tanaka", "Silva",
        "Novak", "Haddad", "Larsen", "Kowalski", "Ivanova", "Dubois", "Patel", "Wang", "Andersson", "Mensah"]
VENUES = ["ICLR", "NeurIPS", "ICML", "CVPR", "ECCV", "ACL", "EMNLP", "TMLR", "AAAI", "COLM"]
TOPICS = ["moe", "alignment", "multimodal", "efficiency"]


def vocabulary(rng: random.Random) -> list[str]:
    seed_words = []
    for page in sorted((ROOT / "content" / "papers").glob("*.md")):
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        seed_words += re.findall(r"[A-Za-z][A-Za-z-]+", body)
    # Function words keep the top Zipf ranks; the seed's content words are shuffled into
    # the long tail with the synthetic ones, so "mixture" or "sigmoid" is in a few percent
    # of abstracts, as in a real catalog, not in every one.
    stop = ["the", "of", "and", "a", "to", "in", "we", "is", "for", "that", "on", "with", "as", "by", "this",
            "are", "our", "from", "an", "model", "models", "be", "can", "which", "it", "data", "performance"]
    seen = [w for w in dict.fromkeys(w.lower() for w in seed_words) if w not in stop]
    syllables = ["ka", "lo", "mi", "ter", "van", "qu", "zor", "pel", "trin", "dex", "ma", "sto", "rix", "ne", "ful",
                 "gra", "bi", "on", "ast", "cel", "dru", "fen", "hol", "jor", "lum", "nix", "pra", "sil", "tov", "wex"]
    synthetic = set()
    while len(synthetic) < 30000:
        synthetic.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    tail = seen + sorted(synthetic)
    rng.shuffle(tail)
    return stop + tail


def make_catalog(content: Path, n: int, seed: int = 42) -> list[str]:
    """Write `n` synthetic pages into content/papers/ (topics.yaml and site.yaml copied from
    the repository); returns their slugs in the order written."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(words))))  # Zipf
    papers = content / "papers"
    papers.mkdir(parents=True)
    (content / "sources").mkdir(exist_ok=True)
    for name in ("topics.yaml", "site.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    used: dict[str, None] = {}
    for i in range(n):
        year, month = rng.randint(2015, 2025), rng.randint(1, 12)
        while True:
            arxiv = f"{year % 100:02d}{month:02d}.{rng.randint(1, 29999):05d}"
            if arxiv not in used:
                used[arxiv] = None
                break
        meta = new_meta(arxiv)
        title_words = rng.choices(words[:5000], cum_weights=cumulative[:5000], k=rng.randint(5, 11))
        meta.update({
            "title": " ".join(title_words).capitalize(),
            "arxiv": arxiv,
            "date": f"{year}-{month:02d}",
            "authors": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(3, 8))],
            "venue": f"{rng.choice(VENUES)} {year + rng.randint(0, 1)}" if rng.random() < 0.5 else None,
            "topics": rng.sample(TOPICS, rng.choice([0, 1, 1, 1, 2])),
            "sources": [f"synthetic.txt:{i + 1}"],
        })
        sentences = []
        for _ in range(rng.randint(6, 10)):
            sentence = rng.choices(words, cum_weights=cumulative, k=rng.randint(15, 28))
            sentences.append(" ".join(sentence).capitalize() + ".")
        (papers / f"{arxiv}.md").write_text(dump_page(meta, " ".join(sentences) + "\n"), encoding="utf-8")
    return list(used)
