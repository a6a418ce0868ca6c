"""The pool's integer-keyed TF-IDF equals counting the n-gram strings one by one."""

import itertools
import math
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from diemtin.summarizer.pool import vectorise

_SYLLABLES = st.sampled_from(["nga", "nato", "hội", "đồng", "20", "4", "ông", "ở", "a"])


def features(tokens: list[str]) -> list[str]:
    """Syllable unigrams and bigrams as strings."""
    return [*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))]


def _reference(docs: list[list[str]]) -> tuple[np.ndarray, dict[str, int]]:
    """TF-IDF by string counting: columns by first occurrence, smooth IDF, unit rows."""
    vocab: dict[str, int] = {}
    counts = [Counter(features(d)) for d in docs]
    for d in docs:
        for f in features(d):
            vocab.setdefault(f, len(vocab))
    n = len(docs)
    df = Counter(f for c in counts for f in c)
    out = np.zeros((n, max(len(vocab), 1)))
    for r, c in enumerate(counts):
        for f, k in c.items():
            out[r, vocab[f]] = k * (math.log((1 + n) / (1 + df[f])) + 1)
        norm = math.sqrt(float(out[r] @ out[r])) or 1.0
        out[r] /= norm
    return out, vocab


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_SYLLABLES, max_size=12), max_size=8))
def test_vectorise_matches_string_counting(docs: list[list[str]]) -> None:
    matrix, index = vectorise(docs)
    expected, vocab = _reference(docs)
    assert matrix.shape == expected.shape
    assert np.allclose(matrix.toarray(), expected)
    assert index.names == list(vocab)
    for name, j in vocab.items():
        assert index.columns_of([name]).tolist() == [j]
    tokens = ["nga", "nato", "hội", "đồng", "không", "có"]
    found = [vocab[f] for f in features(tokens) if f in vocab]
    assert index.feature_columns([tokens])[0].tolist() == found
    assert [c.tolist() for c in index.feature_columns([[], tokens, ["x"]])] == [[], found, []]
    assert index.columns_of(["không", "hội không", "a b c", "nga nato hội"]).size == 0
