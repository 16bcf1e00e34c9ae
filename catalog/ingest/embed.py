"""Static word embeddings of a paper: the mean of its tokens' WordLlama vectors (a feature block
of the learned topic layer, vectors.py).

WordLlama ships its weights inside its wheel (`l2_supercat`, 256 numbers a token, ~16 MB), so
it loads offline: `load()` reads them from the installed package and never asks Hugging Face.
Its tokenizer (Llama 2's BPE) runs over a whole text as one piece, ~3.5 s for 10,000 abstracts;
no token of its vocabulary spans a space, so each distinct word is tokenized once and
remembered, and a paper is its words' tokens looked up (the same tokens, ~10x faster).

Without wordllama (or if it fails to load) `load()` says so in one warning line and returns
None: the model then learns without this block.
"""

from __future__ import annotations

import logging
import sys

import numpy as np

CONFIG, DIM = "l2_supercat", 256
MAX_WORDS = 500_000  # the memo of words' tokens is emptied past this many (memory stays ~100 MB)


class Embedder:
    """Mean-pooled token embeddings of "title abstract", whitespace collapsed."""

    def __init__(self, table: np.ndarray, tokenizer, name: str):
        self.table, self.name = table, name
        self._tokenizer = tokenizer
        self._tokens: dict[str, tuple[int, ...]] = {}

    def vector(self, title: str, text: str) -> np.ndarray:
        words = f"{title} {text}".split() if title else text.split()
        tokens = self._tokens
        try:
            ids = [i for w in words for i in tokens[w]]
        except KeyError:  # words not seen yet: tokenize them once
            self._learn_words(words)
            ids = [i for w in words for i in tokens[w]]
        if not ids:
            return np.zeros(self.table.shape[1], dtype=np.float64)
        return np.take(self.table, ids, axis=0).sum(axis=0).astype(np.float64) / len(ids)

    def _learn_words(self, words: list[str]) -> None:
        if len(self._tokens) > MAX_WORDS:
            self._tokens.clear()
        new = [w for w in dict.fromkeys(words) if w not in self._tokens]
        for word, encoding in zip(new, self._tokenizer.encode_batch(new, add_special_tokens=False)):
            self._tokens[word] = tuple(encoding.ids)


_loaded: list = []  # [Embedder | None] once tried in this process


def load() -> Embedder | None:
    """The embedder, loaded once per process from the installed wheel (no network), or None with
    one warning line when wordllama is missing or broken."""
    if not _loaded:
        _loaded.append(_load())
    return _loaded[0]


def _load() -> Embedder | None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pathlib import Path

        import wordllama
        from wordllama import WordLlama

        # The wheel holds weights/ and tokenizers/; as cache_dir both are found there (0.4.0
        # looks for its tokenizer beside the package under another folder name otherwise).
        model = WordLlama.load(CONFIG, cache_dir=Path(wordllama.__file__).parent, dim=DIM, disable_download=True)
        tokenizer = model.tokenizer
        tokenizer.no_padding()
        tokenizer.no_truncation()
        version = getattr(wordllama, "__version__", "?")
        return Embedder(np.ascontiguousarray(model.embedding, dtype=np.float32), tokenizer,
                        f"wordllama {version} {CONFIG} {DIM}")
    except Exception as error:  # not installed, or its files missing: learn without embeddings
        print(f"warning: topics: word embeddings unavailable ({type(error).__name__}: {error}); "
              f"the topic model learns without them (pip install wordllama)", file=sys.stderr)
        return None
    finally:  # wordllama calls logging.basicConfig(INFO) on import: leave the root logger as it was
        root.handlers[:] = handlers
        root.setLevel(level)
