"""The sentence pool of a cluster: every candidate sentence with its TF-IDF vector.

Built once per summary and shared by methods, selection, ordering and citation.
Features are syllable unigrams and bigrams (diacritics kept), IDF over the cluster's
sentences, L2-normalised rows, so ``pool.similarity`` is cosine similarity.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from scipy import sparse

from diemtin.text.sentences import split_sentences
from diemtin.text.words import count_syllables, tokenize
from diemtin.types import Article, Sentence

#: Sentences shorter than this (syllables) are kept for citation but never selected:
#: fragments like "Ảnh minh họa." or "Ông nói." carry no standalone fact.
MIN_SELECT_SYLLABLES = 6
#: ... and longer than this are never selected (run-on quotes, lists pasted as one line).
MAX_SELECT_SYLLABLES = 90
#: At most this many sentences are taken from one article: news articles have 10–100; a
#: longer text is a dump, and the dense similarity matrix grows with the square of the pool.
MAX_SENTENCES_PER_ARTICLE = 300


def _bigram_key(first: Any, second: Any, n_syllables: int) -> Any:
    """The integer key of the bigram of syllable ids ``first``, ``second`` (ints or arrays):
    past every unigram key (``0 … n_syllables - 1``); :attr:`Vocabulary.names` inverts it."""
    return n_syllables + first * n_syllables + second


@dataclass(frozen=True)
class Vocabulary:
    """The pool's n-gram columns, numbered by first occurrence (a sentence's unigrams, then
    its bigrams, sentence by sentence), with integer keys instead of strings: a unigram's
    key is its syllable id ``u``, a bigram's ``U + u1 * U + u2`` (``U`` syllables)."""

    syllables: dict[str, int]  # syllable -> id, in first-occurrence order
    keys: np.ndarray  # sorted keys of the columns
    columns: np.ndarray  # column of each key in ``keys``

    def _keys(self, tokens: Sequence[str]) -> list[int]:
        """Keys of ``tokens``' unigrams then bigrams (-1 where a syllable is not in the pool)."""
        u = len(self.syllables)
        ids = [self.syllables.get(t, -1) for t in tokens]
        pairs = [
            _bigram_key(a, b, u) if a >= 0 and b >= 0 else -1 for a, b in itertools.pairwise(ids)
        ]
        return ids + pairs

    def _find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each key sits in the sorted ``keys``, and whether the pool has it."""
        pos = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        return pos, self.keys[pos] == keys

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Columns of the ``keys`` the pool has (the others are left out)."""
        if not self.keys.size:
            return np.zeros(0, dtype=np.int64)
        pos, found = self._find(keys)
        return self.columns[pos[found]]

    def feature_columns(self, texts: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """For each token list, the columns of its unigrams and bigrams found in the pool, in
        order (one vectorised lookup for all of them)."""
        keys = [self._keys(tokens) for tokens in texts]
        flat = np.fromiter(itertools.chain.from_iterable(keys), dtype=np.int64)
        if not self.keys.size or not flat.size:
            return [np.zeros(0, dtype=np.int64) for _ in texts]
        pos, found = self._find(flat)
        ends = np.cumsum([len(k) for k in keys])
        cuts = np.concatenate(([0], np.cumsum(found)))[ends]
        return np.split(self.columns[pos[found]], cuts[:-1])

    def columns_of(self, names: Iterable[str]) -> np.ndarray:
        """Columns of the named features (``"nói"``, ``"cho biết"``) the pool has."""
        syllables = self.syllables
        u = len(syllables)

        def key(name: str) -> int:  # the last key of _keys(name.split(" ")), without lists
            parts = name.split(" ")
            if len(parts) == 1:
                return syllables.get(parts[0], -1)
            if len(parts) == 2:
                a, b = syllables.get(parts[0], -1), syllables.get(parts[1], -1)
                return _bigram_key(a, b, u) if a >= 0 and b >= 0 else -1
            return -1

        return self.lookup(np.fromiter(map(key, names), dtype=np.int64))

    @cached_property
    def column_keys(self) -> np.ndarray:
        """The key of every column."""
        out = np.empty_like(self.keys)
        out[self.columns] = self.keys
        return out

    @cached_property
    def names(self) -> list[str]:
        """The feature of every column (``"nga"``, ``"hội đồng"``)."""
        syl = list(self.syllables)
        u = len(syl)
        return [
            syl[k] if k < u else f"{syl[(k - u) // u]} {syl[(k - u) % u]}"
            for k in self.column_keys.tolist()
        ]


def _narrow(values: np.ndarray, bound: int) -> np.ndarray:
    """Non-negative int64 ``values`` below ``bound`` as int32 when they fit (numpy sorts
    those about twice as fast), else as they are."""
    return values.astype(np.int32) if bound <= 2**31 else values


def _first_occurrence_columns(
    keys: np.ndarray, bound: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct ``keys`` (non-negative, below ``bound``) in ascending order, the column
    of each (columns numbered in order of first occurrence in ``keys``), and the index of
    every key among the distinct ones. One unstable sort (faster than the stable one of
    ``np.unique(..., return_index=True)``): a key's first occurrence is its least position."""
    size = keys.size
    if not size:
        return keys, keys.copy(), keys.copy()
    by_key = np.argsort(_narrow(keys, bound))
    sorted_keys = keys[by_key]
    starts = np.empty(size, dtype=bool)  # where a new key starts in sorted_keys
    starts[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=starts[1:])
    group = np.cumsum(starts) - 1
    at = np.flatnonzero(starts)
    first = np.minimum.reduceat(by_key, at)  # least position of each distinct key
    is_first = np.zeros(size, dtype=bool)
    is_first[first] = True
    inverse = np.empty(size, dtype=np.int64)
    inverse[by_key] = group
    return sorted_keys[at], (np.cumsum(is_first) - 1)[first], inverse


def vectorise(
    tokens: Sequence[Sequence[str]],
) -> tuple[sparse.csr_matrix, Vocabulary]:
    """L2-normalised TF-IDF rows (smooth IDF, raw term counts) of the syllable unigrams and
    bigrams of each token list, and their :class:`Vocabulary`.

    Counting works on integer keys with numpy (no bigram strings are built): the columns and
    the values are those of counting the strings ``"nga"``, ``"hội đồng"`` one by one
    (:attr:`Vocabulary.names` gives those strings).
    """
    n = len(tokens)
    flat = list(itertools.chain.from_iterable(tokens))
    syllables = {t: i for i, t in enumerate(dict.fromkeys(flat))}
    u = len(syllables)
    ids = np.fromiter(map(syllables.__getitem__, flat), dtype=np.int64, count=len(flat))
    token_row = np.repeat(np.arange(n), np.fromiter(map(len, tokens), dtype=np.int64, count=n))
    pair = token_row[:-1] == token_row[1:]
    keys = np.concatenate((ids, _bigram_key(ids[:-1][pair], ids[1:][pair], u)))
    rows = np.concatenate((token_row, token_row[:-1][pair]))
    # feature order: each sentence's unigrams, then its bigrams (both already in text order)
    order = np.argsort(2 * rows + (np.arange(keys.size) >= ids.size), kind="stable")
    keys, rows = keys[order], rows[order]
    uniq, columns, inverse = _first_occurrence_columns(keys, u * (u + 1))
    width = max(uniq.size, 1)
    cells, counts = np.unique(_narrow(rows * width + columns[inverse], n * width), return_counts=True)
    cells = cells.astype(np.int64)
    r, c = cells // width, cells % width
    df = np.bincount(c, minlength=width)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    data = counts * idf[c]
    norms = np.sqrt(np.bincount(r, weights=data * data, minlength=n))
    norms[norms == 0] = 1.0
    data = (1.0 / norms)[r] * data
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
    matrix = sparse.csr_matrix((data, c, indptr), shape=(n, width))
    return matrix, Vocabulary(syllables, uniq, columns)


@dataclass(frozen=True)
class SentencePool:
    """All sentences of a cluster with vectors and positions."""

    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    tokens: tuple[tuple[str, ...], ...]
    lengths: np.ndarray  # syllables per sentence
    article_of: np.ndarray  # article index per sentence, non-decreasing (articles in order)
    position: np.ndarray  # sentence index within its article (lead first)
    body_position: np.ndarray  # index among body (non-lead) sentences; -1 for lead sentences
    matrix: sparse.csr_matrix = field(repr=False)
    index: Vocabulary = field(repr=False)

    def __len__(self) -> int:
        return len(self.sentences)

    @cached_property
    def similarity(self) -> np.ndarray:
        """Dense cosine similarity between all sentences."""
        return (self.matrix @ self.matrix.T).toarray()

    @cached_property
    def presence(self) -> sparse.csr_matrix:
        """0/1 sentence × n-gram matrix: the 1-2-grams each sentence has (``matrix``'s
        non-zeros)."""
        m = self.matrix
        return sparse.csr_matrix((np.ones(m.indices.size), m.indices, m.indptr), shape=m.shape)

    @cached_property
    def eligible(self) -> np.ndarray:
        """Sentences a method may select."""
        return (self.lengths >= MIN_SELECT_SYLLABLES) & (self.lengths <= MAX_SELECT_SYLLABLES)

    def shorter_than(self, budget: int) -> SentencePool:
        """This pool with only sentences of at most ``budget`` syllables eligible, when any
        eligible one is that short (else the pool itself: a budget shorter than every
        sentence still gets one). Shares the vectors and everything already computed."""
        short = self.eligible & (self.lengths <= budget)
        if not short.any() or short.sum() == self.eligible.sum():
            return self
        self.similarity  # noqa: B018 (computed once, on this pool: the copy shares them)
        self.presence  # noqa: B018
        pool = copy.copy(self)
        pool.__dict__["eligible"] = short  # the cached property, overridden on the copy
        return pool

    @cached_property
    def centroid(self) -> np.ndarray:
        """Unit-length mean of the sentence vectors (the cluster's topic)."""
        c = np.asarray(self.matrix.sum(axis=0)).ravel()
        norm = math.sqrt(float(c @ c)) or 1.0
        return c / norm

    @cached_property
    def article_bounds(self) -> np.ndarray:
        """Offsets of each article's sentences: article ``a`` holds sentences
        ``article_bounds[a]`` to ``article_bounds[a + 1]`` (empty for an article without any)."""
        out = np.zeros(len(self.articles) + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.article_of, minlength=len(self.articles)), out=out[1:])
        return out

    @cached_property
    def title_columns(self) -> list[np.ndarray]:
        """For each article, the columns of its title's unigrams and bigrams, in order."""
        return self.index.feature_columns([tokenize(a.title or "") for a in self.articles])


def build_pool(articles: Sequence[Article]) -> SentencePool:
    """Split every article into sentences and vectorise them."""
    sentences: list[Sentence] = []
    for a, art in enumerate(articles):
        idx = 0
        seen: set[str] = set()  # a sentence repeated inside one article counts once
        lead_paragraphs = 1 if art.lead and art.paragraphs and art.paragraphs[0] == art.lead else 0
        for p, para in enumerate(art.paragraphs):
            for sent in split_sentences(para):
                if sent in seen or idx >= MAX_SENTENCES_PER_ARTICLE:
                    continue
                seen.add(sent)
                sentences.append(Sentence(sent, a, idx, p, in_lead=p < lead_paragraphs))
                idx += 1
    texts = [s.text for s in sentences]
    tokens = tuple(tuple(tokenize(t)) for t in texts)
    matrix, index = vectorise(tokens)
    body_pos: list[int] = []
    counters: dict[int, int] = {}
    for s in sentences:
        if s.in_lead:
            body_pos.append(-1)
        else:
            body_pos.append(counters.get(s.article, 0))
            counters[s.article] = counters.get(s.article, 0) + 1
    return SentencePool(
        articles=tuple(articles),
        sentences=tuple(sentences),
        tokens=tokens,
        lengths=np.fromiter(map(count_syllables, texts), dtype=np.int64, count=len(texts)),
        article_of=np.array([s.article for s in sentences], dtype=np.int64),
        position=np.array([s.index for s in sentences], dtype=np.int64),
        body_position=np.array(body_pos, dtype=np.int64),
        matrix=matrix,
        index=index,
    )
