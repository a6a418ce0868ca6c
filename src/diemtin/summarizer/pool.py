"""The sentence pool of a cluster: every candidate sentence with its TF-IDF vector.

Built once per summary and shared by methods, selection, ordering and citation.
Features are syllable unigrams and bigrams (diacritics kept), IDF over the cluster's
sentences, L2-normalised rows, so ``pool.similarity`` is cosine similarity.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

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


def features(tokens: Sequence[str]) -> list[str]:
    """Syllable unigrams and bigrams."""
    return [*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))]


def tfidf_matrix(docs: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """L2-normalised TF-IDF rows (smooth IDF, raw term counts) of feature lists."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for r, feats in enumerate(docs):
        for f in feats:
            cols.append(vocab.setdefault(f, len(vocab)))
            rows.append(r)
    n = len(docs)
    m = sparse.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(n, max(len(vocab), 1)),
    )
    m.sum_duplicates()
    df = np.bincount(m.indices, minlength=m.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    m = m.multiply(idf[np.newaxis, :]).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m = sparse.diags(1.0 / norms) @ m
    return m.tocsr(), vocab


@dataclass(frozen=True)
class SentencePool:
    """All sentences of a cluster with vectors and positions."""

    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    tokens: tuple[tuple[str, ...], ...]
    lengths: np.ndarray  # syllables per sentence
    article_of: np.ndarray  # article index per sentence
    position: np.ndarray  # sentence index within its article (lead first)
    body_position: np.ndarray  # index among body (non-lead) sentences; -1 for lead sentences
    matrix: sparse.csr_matrix = field(repr=False)
    vocab: dict[str, int] = field(repr=False)

    def __len__(self) -> int:
        return len(self.sentences)

    @cached_property
    def similarity(self) -> np.ndarray:
        """Dense cosine similarity between all sentences."""
        return np.asarray((self.matrix @ self.matrix.T).todense())

    @cached_property
    def eligible(self) -> np.ndarray:
        """Sentences a method may select."""
        return (self.lengths >= MIN_SELECT_SYLLABLES) & (self.lengths <= MAX_SELECT_SYLLABLES)

    @cached_property
    def centroid(self) -> np.ndarray:
        """Unit-length mean of the sentence vectors (the cluster's topic)."""
        c = np.asarray(self.matrix.sum(axis=0)).ravel()
        norm = math.sqrt(float(c @ c)) or 1.0
        return c / norm

    def vector(self, text_tokens: Sequence[str]) -> np.ndarray:
        """A dense TF (not IDF) unit vector in the pool's vocabulary, for titles and queries."""
        v = np.zeros(self.matrix.shape[1])
        for f in features(text_tokens):
            j = self.vocab.get(f)
            if j is not None:
                v[j] += 1.0
        norm = math.sqrt(float(v @ v)) or 1.0
        return v / norm


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
    tokens = tuple(tuple(tokenize(s.text)) for s in sentences)
    matrix, vocab = tfidf_matrix([features(t) for t in tokens])
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
        lengths=np.array([count_syllables(s.text) for s in sentences], dtype=np.int64),
        article_of=np.array([s.article for s in sentences], dtype=np.int64),
        position=np.array([s.index for s in sentences], dtype=np.int64),
        body_position=np.array(body_pos, dtype=np.int64),
        matrix=matrix,
        vocab=vocab,
    )
