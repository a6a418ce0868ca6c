"""Article features for story clustering and wire-copy detection.

Every article becomes, once, a sorted array of feature ids with log term frequencies:
syllable unigrams and bigrams of its title and paragraphs (lower-cased, diacritics kept,
tokens from :func:`diemtin.text.words.tokenize`; headline and lead count ``HEAD_WEIGHT``
times; function syllables, :data:`STOP_SYLLABLES`, alone or in pairs, are left out). Syllables get ids from a
:class:`Vocabulary` (first-seen order, so the same input gives the same ids); bigrams are
hashed into a fixed range with a multiplicative hash, so no bigram dictionary grows with the
archive. Weights (IDF) are not stored: they depend on the collection the article is compared
in, and are applied by :func:`weigh` at comparison time.

Wire-copy shingles are syllable 5-grams, hashed to 64 bits; a fixed quarter of them (those
whose hash is 0 mod 4, Broder's "mod-m" sample) are kept, which estimates the Jaccard
similarity of the full shingle sets without bias at a quarter of the MinHash cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from diemtin.text.words import tokenize
from diemtin.types import Article

#: Syllable ids live in [0, UNIGRAM_SPACE) (a vocabulary larger than this wraps around);
#: hashed bigrams in [UNIGRAM_SPACE, UNIGRAM_SPACE + BIGRAM_SPACE). A window of news holds a
#: few hundred thousand distinct bigrams: 2^21 buckets give the quality of 2^22 (B³ F1
#: AbMuSu 0.937 vs 0.938) at half the cost of the per-chunk term statistics (day-by-day
#: adds 1,200 vs 950 articles/s); 2^20 loses 0.005 on AbMuSu.
UNIGRAM_BITS = 20
BIGRAM_BITS = 21
UNIGRAM_SPACE = 1 << UNIGRAM_BITS
BIGRAM_SPACE = 1 << BIGRAM_BITS
N_FEATURES = UNIGRAM_SPACE + BIGRAM_SPACE

SHINGLE_SIZE = 5
#: Keep the shingles whose hash is 0 mod SHINGLE_SAMPLE (1 = keep all).
SHINGLE_SAMPLE = 4

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio, odd: multiplicative hashing
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_UMASK = np.int64(UNIGRAM_SPACE - 1)


#: Vietnamese function syllables (conjunctions, prepositions, auxiliaries, pronouns,
#: quantifiers, discourse particles). Their unigrams, and bigrams made only of them ("cho
#: biết", "của các", "đã có"), are not features. In a large collection IDF alone would
#: silence them; in a small one (two or three articles) it cannot tell them from content, and
#: two unrelated articles would look alike through their grammar.
STOP_SYLLABLES = frozenset(
    ["và", "với", "của", "cho", "là", "thì", "mà", "nhưng", "hoặc", "hay", "hay", "là", "nếu", "vì", "nên", "do", "bởi", "tuy", "dù", "để", "rằng", "trong", "ngoài", "trên", "dưới", "giữa", "tại", "ở", "từ", "đến", "tới", "về", "vào", "ra", "lên", "xuống", "qua", "theo", "sau", "trước", "khi", "lúc", "đã", "đang", "sẽ", "vừa", "mới", "từng", "sắp", "còn", "vẫn", "cũng", "đều", "lại", "nữa", "thêm", "chỉ", "cứ", "luôn", "hãy", "đừng", "chưa", "không", "chẳng", "có", "được", "bị", "phải", "cần", "nên", "thể", "biết", "nói", "các", "những", "một", "mỗi", "mọi", "từng", "cả", "nhiều", "ít", "hơn", "nhất", "rất", "quá", "khá", "lắm", "hết", "này", "đó", "đây", "kia", "ấy", "nọ", "nào", "gì", "ai", "sao", "đâu", "bao", "thế", "vậy", "như", "nhau", "tôi", "ta", "chúng", "mình", "họ", "nó", "ông", "bà", "anh", "chị", "em", "việc", "sự", "cuộc", "điều", "cái", "chiếc", "con", "những"]
)


class Vocabulary:
    """Syllable -> id, in first-seen order (deterministic for a given input order).

    The function syllables come first, so ``id < n_stop`` tells them apart.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {w: k for k, w in enumerate(sorted(STOP_SYLLABLES))}
        self.n_stop = len(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self, tokens: list[str]) -> np.ndarray:
        table = self._ids
        out = list(map(table.get, tokens))  # C-speed lookups; new syllables are rare
        if None in out:
            for k, t in enumerate(tokens):
                if out[k] is None:
                    i = table.get(t)
                    if i is None:
                        i = table[t] = len(table)
                    out[k] = i
        return np.asarray(out, dtype=np.int64)


#: Headline and first paragraph (the lead) count this many times: news is written as an
#: inverted pyramid, the event is stated up front and the body adds background that
#: same-topic stories share. 3 widens the good threshold range on ViMs (0.10-0.13) and
#: AbMuSu (0.15-0.17); tried 1-3.
HEAD_WEIGHT = 3


def article_text(article: Article) -> str:
    """The text an article is compared on: title and paragraphs (lead included)."""
    return "\n".join([article.title, *article.paragraphs])


def _mix(x: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (multiply-xorshift) over uint64 values; wraps modulo 2^64."""
    with np.errstate(over="ignore"):
        x = x * _GOLDEN
        x ^= x >> np.uint64(31)
        x = x * _MIX2
        x ^= x >> np.uint64(29)
    return x


@dataclass(frozen=True)
class ArticleFeatures:
    """Feature ids (sorted, unique) with log-TF weights, and the sampled shingle hashes."""

    ids: np.ndarray  # int32
    tf: np.ndarray  # float32, 1 + log(count)
    shingles: np.ndarray  # uint64 >> 32: 32-bit hash values of the sampled 5-gram shingles

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.tf.nbytes + self.shingles.nbytes)


def featurize(article: Article, vocab: Vocabulary) -> ArticleFeatures:
    """Features of one article (see the module docstring)."""
    head = vocab.ids(tokenize("\n".join([article.title, *article.paragraphs[:1]])))
    body = vocab.ids(tokenize("\n".join(article.paragraphs[1:])))
    if head.size + body.size == 0:
        empty = np.zeros(0, dtype=np.int32)
        return ArticleFeatures(empty, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.uint64))
    head_feats = _ngrams(head, vocab.n_stop)
    feats, counts = np.unique(
        np.concatenate([head_feats] * HEAD_WEIGHT + [_ngrams(body, vocab.n_stop)]),
        return_counts=True,
    )
    tf = (1.0 + np.log(counts)).astype(np.float32)
    shingles = _shingles((np.concatenate([head, body]) & _UMASK).astype(np.uint64))
    return ArticleFeatures(feats.astype(np.int32), tf, shingles)


def _ngrams(raw: np.ndarray, n_stop: int) -> np.ndarray:
    """Feature ids (with repeats) of a run of syllable ids: content unigrams and the bigrams
    that are not two function syllables."""
    if raw.size == 0:
        return raw
    stop = raw < n_stop
    uni = raw & _UMASK
    u = uni.astype(np.uint64)
    with np.errstate(over="ignore"):
        bi_hash = _mix((u[:-1] << np.uint64(UNIGRAM_BITS)) | u[1:])
    bigrams = (bi_hash >> np.uint64(64 - BIGRAM_BITS)).astype(np.int64) + UNIGRAM_SPACE
    return np.concatenate([uni[~stop], bigrams[~(stop[:-1] & stop[1:])]])


def _shingles(u: np.ndarray) -> np.ndarray:
    """32-bit hashes of the sampled syllable 5-grams (unique, sorted)."""
    n = u.size - SHINGLE_SIZE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        # polynomial hash of the 5 syllable ids (mod 2^64), then one finalising mix
        h = u[:n].copy()
        for k in range(1, SHINGLE_SIZE):
            h = h * _GOLDEN + u[k : k + n]
        h = _mix(h)
    keep = ((h >> np.uint64(8)) % np.uint64(SHINGLE_SAMPLE)) == 0
    return np.unique(h[keep] >> np.uint64(32))


def idf_weights(
    df: np.ndarray, n_docs: int, *, min_df: int, max_df: float, power: float,
    prior_docs: float = 0.0, prior_df: float = 0.0,
) -> np.ndarray:
    """Weights of features with document frequencies ``df`` in a collection of ``n_docs``.

    ``log(1 + (N - df + 0.5) / (df + 0.5)) ** power`` (the always-positive form of the
    Robertson-Spärck Jones IDF, raised to ``power`` to favour rare terms: names, places,
    figures), with ``N`` and ``df`` smoothed by a prior of ``prior_docs`` pseudo-documents
    holding every feature ``prior_df`` times (in a collection of two or three articles every
    word is "rare" or "common" by accident; the prior keeps their weights close); 0 for
    features seen in fewer than ``min_df`` documents (they cannot be shared, only inflate the
    norm) or in more than ``max_df`` of them (function words, boilerplate: they carry no
    story identity and would make every pair a candidate).
    """
    dff = df.astype(np.float32) + np.float32(prior_df)
    n = np.float32(n_docs + prior_docs)
    w = np.log1p((n - dff + 0.5) / (dff + 0.5)) ** np.float32(power)
    w[(df < min_df) | (df > max_df)] = 0.0
    return w


def stack(features: list[ArticleFeatures]) -> sparse.csr_matrix:
    """Rows of log-TF values over the feature space (unweighted)."""
    if not features:
        return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
    lengths = np.fromiter((f.ids.size for f in features), dtype=np.int64, count=len(features))
    indptr = np.zeros(len(features) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.concatenate([f.ids for f in features])
    data = np.concatenate([f.tf for f in features])
    return sparse.csr_matrix((data, indices, indptr), shape=(len(features), N_FEATURES))


def weigh(tf: sparse.csr_matrix, entry_weights: np.ndarray) -> sparse.csr_matrix:
    """Multiply each stored log-TF value by its weight (``entry_weights`` is parallel to
    ``tf.data``) and L2-normalise each row. Zero-weight entries stay stored (explicit
    zeros), so the result's entries remain parallel to ``tf``'s."""
    m = tf.copy()
    m.data = m.data * entry_weights.astype(np.float32, copy=False)
    sq = np.asarray(m.multiply(m).sum(axis=1), dtype=np.float64).ravel()
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    scale = np.repeat((1.0 / norms).astype(np.float32), np.diff(m.indptr))
    m.data = m.data * scale
    return m
