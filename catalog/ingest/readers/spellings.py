"""How real abstracts spell a word that a line's end broke: "information-rich" or "efficient".

data/word-counts.tsv.gz counts each word and hyphenated compound (lowercased) in the titles
and abstracts of 74,099 arXiv papers of 2025 (bench/make_word_counts.py writes it). Read once,
and only when a dump has a line-end hyphen the dump itself does not settle.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

COUNTS = Path(__file__).resolve().parent.parent / "data" / "word-counts.tsv.gz"
BOTH_WAYS = 20  # a spelling used once in this many is still in use: the word is written both ways
# A part seen starting or ending fewer compounds than this is the counts' own PDF breaks
# ("XS-toryCloze", "-ing" 3 times), not a compound's part (bench/unwrap_eval.py: 1 and 3 the same,
# 5 three broken words more decided right and no compound less, 10 two compounds less).
COMPOUND_PART_MIN = 5
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9']*(?:-[A-Za-z0-9']+)*")  # a word, or a compound whole


class Spellings:
    def __init__(self, counts: dict[str, int]):
        self.counts = counts
        # How often a word starts or ends a compound ("self-", "-aware"): a line-end hyphen
        # after or before such a part is more likely a compound's than a broken word's.
        self.firsts, self.seconds = Counter(), Counter()
        for word, n in counts.items():
            parts = word.split("-")
            for first, second in zip(parts, parts[1:]):
                self.firsts[first] += n
                self.seconds[second] += n

    def one_word(self, left: str, right: str) -> bool | None:
        """Is "left-" / "right" more often spelled as one word (True) or with its hyphen
        (False)? None when abstracts use neither spelling."""
        joined, hyphenated = self.counts.get(f"{left}{right}".lower(), 0), self.counts.get(f"{left}-{right}".lower(), 0)
        return None if not (joined or hyphenated) else joined > hyphenated

    def both_ways(self, left: str, right: str) -> bool:
        """Do real abstracts write "left-right" both ways, the rarer spelling at least once in
        BOTH_WAYS uses ("pre-training"/"pretraining"), not "multi-turn" alone?"""
        joined, hyphenated = self.counts.get(f"{left}{right}".lower(), 0), self.counts.get(f"{left}-{right}".lower(), 0)
        return 0 < min(joined, hyphenated) * BOTH_WAYS >= max(joined, hyphenated)

    def only_joined(self, left: str, right: str) -> bool:
        """Do real abstracts write "left" + "right" as one word, the hyphen a slip ("language",
        and "lan-guage" 4 times in 46,928: PDF copies)?"""
        return bool(self.one_word(left, right)) and not self.both_ways(left, right)

    def compound_part(self, left: str, right: str) -> bool:
        """Does `left` start compounds, or `right` end them, in real abstracts?"""
        return self.firsts[left.lower()] >= COMPOUND_PART_MIN or self.seconds[right.lower()] >= COMPOUND_PART_MIN


@lru_cache(maxsize=1)
def spellings() -> Spellings:
    counts = {}
    for line in gzip.decompress(COUNTS.read_bytes()).decode("utf-8").splitlines():
        word, n = line.split("\t")
        counts[word] = int(n)
    return Spellings(counts)
