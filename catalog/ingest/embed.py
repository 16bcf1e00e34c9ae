"""Static word embeddings of a paper: the mean of its tokens' WordLlama vectors (a feature block
of the learned topic layer, vectors.py).

WordLlama ships its weights inside its wheel (`l2_supercat`, 256 numbers a token, ~16 MB), so
it loads offline: `load()` reads them from the installed package and never asks Hugging Face.
Its tokenizer (Llama 2's BPE) runs over a whole text as one piece, ~3.5 s for 10,000 abstracts;
no token of its vocabulary spans a space, so each distinct word is tokenized once (as its
pieces: words and punctuation marks apart) and remembered, and a paper is its words' tokens
looked up: the tokens WordLlama gives the text with its pieces spaced apart, ~5x faster.

A paper's vector is computed once: kept by a hash of its text (rounded to float16, used rounded
even when just computed, so a cached and a fresh vector are the same) and saved in the ingest
cache (`keep`/`recall`), so re-classifying 10,000 pages after a correction does not embed them
again; an edited abstract has another hash, so it is embedded anew.

Without wordllama (or if it fails to load) `load()` says so in one warning line and returns
None: the model then learns without this block.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from pathlib import Path

import numpy as np

CONFIG, DIM = "l2_supercat", 256
PIECE = re.compile(r"\w+|[^\w\s]")  # words and single punctuation marks: "(MoE)," is the 4 pieces "( MoE ) ,"
MAX_WORDS = 500_000  # the memo of words' tokens is emptied past this many (memory stays ~100 MB)


class Embedder:
    """Mean-pooled token embeddings of "title abstract", whitespace collapsed."""

    def __init__(self, table: np.ndarray, tokenizer, name: str):
        self.table, self.name = table, name
        self._tokenizer = tokenizer
        self._starts = np.array([t.startswith("\u2581") for t, _ in sorted(tokenizer.get_vocab().items(), key=lambda v: v[1])])
        self._tokens: dict[str, bytes] = {}  # word -> its token ids as int32 bytes (not tracked by the GC, joined fast)
        self._vectors: dict[bytes, np.ndarray] = {}  # text hash -> float16 vector
        self._used: set[bytes] = set()
        self._saved = 0  # how many vectors the cache file holds

    def vector(self, title: str, text: str) -> np.ndarray:
        key = hashlib.blake2b(f"{title}\x1f{text}".encode(), digest_size=16).digest()
        found = self._vectors.get(key)
        if found is None:
            found = self._vectors[key] = self._pool(title, text).astype(np.float16)
        self._used.add(key)
        return found.astype(np.float64)

    def _pool(self, title: str, text: str) -> np.ndarray:
        words = f"{title} {text}".split() if title else text.split()
        seqs = list(map(self._tokens.get, words))
        if None in seqs:  # words not seen yet: tokenize them once
            self._learn_words(words)
            seqs = list(map(self._tokens.get, words))
        ids = np.frombuffer(b"".join(seqs), dtype=np.int32)
        if not len(ids):
            return np.zeros(self.table.shape[1], dtype=np.float32)
        return np.take(self.table, ids, axis=0).sum(axis=0) / np.float32(len(ids))

    def recall(self, folder: Path) -> None:
        """Add the vectors kept in `folder` (the ingest cache) to those this process knows."""
        try:
            with np.load(folder / self._file_name()) as data:
                keys, vectors = data["keys"], data["vectors"]
        except Exception:  # missing, truncated or another embedder's: computed again
            return
        for key, vector in zip(keys, vectors):
            self._vectors.setdefault(key.tobytes(), vector)
        self._saved = max(self._saved, len(keys))

    def keep(self, folder: Path) -> None:
        """Save the vectors in `folder` when there are new ones: those used by this process when
        it used most (a re-classification of every page: old texts drop out), else all."""
        if len(self._vectors) == self._saved:
            return
        keys = sorted(self._used) if len(self._used) * 2 >= len(self._vectors) else sorted(self._vectors)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self._file_name()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, 16),
                 vectors=np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, DIM), np.float16))
        tmp.replace(path)
        self._saved = len(self._vectors)

    def _file_name(self) -> str:
        return f"embeddings-{hashlib.sha256(self.name.encode()).hexdigest()[:12]}.npz"

    def _learn_words(self, words: list[str]) -> None:
        """Tokenize the new words' pieces (PIECE), joined by spaces in one string: each piece's
        tokens begin with the one starting with the word mark "▁" (no token spans a space)."""
        if len(self._tokens) > MAX_WORDS:
            self._tokens.clear()
        new = [w for w in dict.fromkeys(words) if w not in self._tokens]
        pieces = [PIECE.findall(w) for w in new]
        flat = [p for ps in pieces for p in ps]
        ids = np.asarray(self._tokenizer.encode(" ".join(flat), add_special_tokens=False).ids, dtype=np.int32)
        starts = np.flatnonzero(self._starts[ids]).tolist()
        if len(starts) != len(flat) or (starts and starts[0] != 0):  # cannot happen with this vocabulary; be safe
            starts, ids = [], []
            for encoding in self._tokenizer.encode_batch(flat, add_special_tokens=False):
                starts.append(len(ids))
                ids += encoding.ids
            ids = np.asarray(ids, dtype=np.int32)
        bounds = starts + [len(ids)]
        at = 0  # the word's first piece
        for word, ps in zip(new, pieces):
            self._tokens[word] = ids[bounds[at]:bounds[at + len(ps)]].tobytes()
            at += len(ps)


_loaded: list = []  # [Embedder | None] once tried in this process


def identity() -> str | None:
    """The embedder's name if it looks installed, without importing it (for the model's cache
    key: a cached model is used without loading the embeddings until a paper needs them)."""
    if _loaded:
        return _loaded[0].name if _loaded[0] is not None else None
    try:
        from importlib import metadata, util

        if util.find_spec("wordllama") is None:
            return None
        return f"wordllama {metadata.version('wordllama')} {CONFIG} {DIM}"
    except Exception:  # a broken install: load() will say so
        return None


def load() -> Embedder | None:
    """The embedder, loaded once per process from the installed wheel (no network), or None with
    one warning line when wordllama is missing or broken."""
    if not _loaded:
        _loaded.append(_load())
    return _loaded[0]


def _load() -> Embedder | None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # one thread: forked ingest workers stay safe and quiet
    try:
        import wordllama
        from wordllama import WordLlama

        # The wheel holds weights/ and tokenizers/; as cache_dir both are found there (0.4.0
        # looks for its tokenizer beside the package under another folder name otherwise).
        model = WordLlama.load(CONFIG, cache_dir=Path(wordllama.__file__).parent, dim=DIM, disable_download=True)
        tokenizer = model.tokenizer
        tokenizer.no_padding()
        tokenizer.no_truncation()
        return Embedder(np.ascontiguousarray(model.embedding, dtype=np.float32), tokenizer, identity() or "wordllama")
    except Exception as error:  # not installed, or its files missing: learn without embeddings
        print(f"warning: topics: word embeddings unavailable ({type(error).__name__}: {error}); "
              f"the topic model learns without them (pip install wordllama)", file=sys.stderr)
        return None
    finally:  # wordllama calls logging.basicConfig(INFO) on import: leave the root logger as it was
        root.handlers[:] = handlers
        root.setLevel(level)
