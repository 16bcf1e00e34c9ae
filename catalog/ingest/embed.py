"""Static word embeddings of a paper: the mean of its tokens' WordLlama vectors (a feature block
of the learned topic layer, vectors.py).

WordLlama ships its weights inside its wheel (`l2_supercat`, 256 numbers a token, ~16 MB), so
it loads offline: `load()` reads them from the installed package and never asks Hugging Face.
Its tokenizer (Llama 2's BPE) runs over a whole text as one piece, ~3.5 s for 10,000 abstracts;
no token of its vocabulary spans a space, so each distinct word is tokenized once, as its
pieces (words and punctuation marks apart, each piece once, straight through the BPE model)
and remembered, and a paper is its words' tokens looked up: the tokens WordLlama gives the text
with its pieces spaced apart, bit for bit, in ~1.5 s cold and ~0.8 s warm for 10,000 abstracts.

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
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

import numpy as np

CONFIG, DIM = "l2_supercat", 256
PIECE = re.compile(r"\w+|[^\w\s]")  # words and single punctuation marks: "(MoE)," is the 4 pieces "( MoE ) ,"
MARK = "\u2581"  # Llama's word-start mark: its normalizer puts one before the text and for each space
SAMPLE_PIECES = ("Mixture", "of", "Experts", "(", "MoE", ")", "naïve", "x²", "\u2581", "😀")  # _direct's check
MAX_WORDS = 500_000  # the memo of words' tokens is emptied past this many (memory stays ~100 MB)


def _key(title: str, text: str) -> bytes:
    """What a paper's vector is kept by."""
    return hashlib.blake2b(f"{title}\x1f{text}".encode(), digest_size=16).digest()


def _words(title: str, text: str) -> list[str]:
    """The text embedded: "title abstract", split at whitespace."""
    return f"{title} {text}".split() if title else text.split()


class Embedder:
    """Mean-pooled token embeddings of "title abstract", whitespace collapsed."""

    def __init__(self, table: np.ndarray, tokenizer, name: str):
        self.table, self.name = table, name
        self._tokenizer = tokenizer
        self._direct = all([t.id for t in tokenizer.model.tokenize(MARK + piece)] ==
                           tokenizer.encode(piece, add_special_tokens=False).ids for piece in SAMPLE_PIECES)
        self._tokens: dict[str, bytes] = {}  # word -> its token ids as int32 bytes (not tracked by the GC, joined fast)
        self._pieces: dict[str, bytes] = {}  # piece (PIECE) -> its token ids, the same way
        self._vectors: dict[bytes, np.ndarray] = {}  # text hash -> float16 vector
        self._used: set[bytes] = set()
        self._saved = 0  # how many vectors the cache file holds

    def vector(self, title: str, text: str) -> np.ndarray:
        return self.vectors([(title, text)])[0]

    def vectors(self, papers: list[tuple[str, str]]) -> list[np.ndarray]:
        """`vector` of each (title, text): the new words of all tokenized first, in one go."""
        keys = [_key(title, text) for title, text in papers]
        new = {key: _words(title, text) for key, (title, text) in zip(keys, papers) if key not in self._vectors}
        if new:
            self._learn_words(chain.from_iterable(new.values()))
        for key, words in new.items():
            self._vectors[key] = self._mean(words).astype(np.float16)
        self._used.update(keys)
        return [self._vectors[key].astype(np.float64) for key in keys]

    def _pool(self, title: str, text: str) -> np.ndarray:
        """The mean of the paper's token vectors, before rounding."""
        words = _words(title, text)
        self._learn_words(words)
        return self._mean(words)

    def _mean(self, words: list[str]) -> np.ndarray:
        """The mean of the words' token vectors (every word's tokens known)."""
        ids = np.frombuffer(b"".join(map(self._tokens.__getitem__, words)), dtype=np.int32)
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
        if len(self._vectors) == self._saved and (folder / self._file_name()).exists():
            return  # (the count is this process's: another catalog's cache folder still gets its file)
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

    def _learn_words(self, words: Iterable[str]) -> None:
        """Remember the new words' tokens: their pieces' (PIECE), each piece tokenized once."""
        if len(self._tokens) > MAX_WORDS:
            self._tokens.clear()
            self._pieces.clear()
        new = list(set(words).difference(self._tokens))  # (in any order: a word's tokens do not depend on it)
        split = [(w,) if w.isalnum() else PIECE.findall(w) for w in new]  # isalnum: the \w+ of one piece
        pieces = self._pieces
        fresh = list(set(chain.from_iterable(split)).difference(pieces))
        if fresh:
            self._learn_pieces(fresh)
        for word, ps in zip(new, split):
            self._tokens[word] = pieces[ps[0]] if len(ps) == 1 else b"".join([pieces[p] for p in ps])

    def _learn_pieces(self, fresh: list[str]) -> None:
        """Tokenize each piece apart (no token spans a space, so a piece's tokens are the same
        alone as in a text): straight through the BPE model when it gives what the tokenizer
        gives (its normalizer only marks the word start "▁"), ~20x faster than a call apiece."""
        if self._direct:
            tokenize = self._tokenizer.model.tokenize
            found = [[t.id for t in tokenize(MARK + piece)] for piece in fresh]
        else:
            found = [e.ids for e in self._tokenizer.encode_batch(fresh, add_special_tokens=False)]
        for piece, ids in zip(fresh, found):
            self._pieces[piece] = np.asarray(ids, dtype=np.int32).tobytes()


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
