"""Sentence features for the learned scorer (:mod:`diemtin.summarizer.learned`).

Every feature is computed from one :class:`~diemtin.summarizer.pool.SentencePool` alone (no
corpus statistics, no external model), so the scorer applies to any cluster of Vietnamese
news, whatever its size. "Similarity" is the pool's TF-IDF cosine on syllable 1-2-grams;
"bigrams" are syllable bigrams (Vietnamese words are mostly one or two syllables).

position
    lead (sapo) membership, first-sentence flags, index among the body sentences, relative
    position in the article;
length
    syllables, log length, a short-sentence flag;
centrality
    cosine to the cluster centroid and to the centroid of the *other* articles; whether the
    sentence is the first body sentence of the most central article (the one whose sentences
    sum closest, by cosine, to the other articles' sum: the story's main account);
cluster consensus (cross-article support)
    for every other article the best cosine with one of its sentences, summarised as the mean,
    the maximum, the sum and the share of other articles above 0.2 / 0.35 / 0.5 (how many
    outlets state it); bigram containment (the share of the sentence's bigrams found in the
    best sentence of another article; its maximum, and its mean over the leads and first
    three body sentences of the other articles); the mean share of other articles that
    contain each of the sentence's bigrams and unigrams, as the concept weights of Gillick
    and Favre (2009), plain and IDF-weighted, and the share of its bigrams that at least
    three articles (or all, when fewer) contain;
titles, leads and first body sentences
    cosine to the article's own title, mean / max over all titles, mean over the other
    articles' titles, leads and first body sentences;
surface shape
    density of numbers and of capitalised syllables inside the sentence (names), how widely
    the sentence's names and numbers are repeated across articles, quotation marks,
    attribution verbs ("cho biết", "nói", …), question / exclamation marks, a trailing colon,
    parentheses.

:func:`sentence_features` returns a float matrix of shape ``(len(pool), len(FEATURE_NAMES))``;
about 2 ms for a 100-sentence cluster. :func:`pool_parts` holds the 0/1 n-gram matrices
that the features and the selection share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from diemtin.summarizer.pool import SentencePool

#: Names of the columns of :func:`sentence_features`, in order. The model file stores them
#: and :mod:`diemtin.summarizer.learned` refuses a model whose names differ.
FEATURE_NAMES: tuple[str, ...] = (
    "in_lead",
    "lead_first",
    "body_first",
    "body_second",
    "body_pos_inv",
    "body_pos_log",
    "rel_position",
    "length",
    "length_log",
    "short",
    "centroid",
    "centroid_others",
    "support_mean",
    "support_max",
    "support_share_20",
    "support_share_35",
    "support_share_50",
    "support_sum",
    "contain_max",
    "contain_early_mean",
    "df_bigram",
    "df_unigram",
    "df_bigram_idf",
    "bigram_df3_share",
    "title_own",
    "title_mean",
    "title_max",
    "title_others",
    "lead_mean",
    "first_body_mean",
    "numbers",
    "capitals",
    "names_consensus",
    "numbers_consensus",
    "quotes",
    "attribution",
    "question",
    "colon_end",
    "parentheses",
    "body_first_central",
)

_COL = {name: i for i, name in enumerate(FEATURE_NAMES)}
#: Upper-case Latin letters, Vietnamese ones included (Python's ``re`` has no ``\p{Lu}``).
_UPPER = "".join(
    chr(i) for r in ((0x41, 0x250), (0x1E00, 0x1F00)) for i in range(*r) if chr(i).isupper()
)
#: A space and a capitalised syllable: a name inside a sentence (a sentence's first word
#: follows a line break in the joined text, or a quote, and is not counted).
_NAME = re.compile(rf" [{_UPPER}][^\W_]*")
_QUOTES = re.compile('["“”«»]')
#: Attribution verbs and phrases (looked up as syllable 1-2-grams of the pool).
ATTRIBUTION = (
    "cho biết", "cho hay", "nói", "nhấn mạnh", "khẳng định", "tuyên bố", "chia sẻ",
    "phát biểu", "thông báo", "cho rằng", "nhận định", "theo",
)
#: Cosine above which another article is counted as stating the sentence too.
SUPPORT_THRESHOLDS = (0.2, 0.35, 0.5)
#: Body sentences before this index (and leads) are an article's "early" part.
EARLY_BODY = 3


@dataclass(frozen=True)
class PoolParts:
    """0/1 matrices derived from a pool, shared by the features and the selection."""

    presence: sparse.csr_matrix  # sentence × syllable 1-2-gram
    is_bigram: np.ndarray  # per column of the pool's vocabulary
    is_number: np.ndarray  # unigram columns that start with a digit
    bigrams: sparse.csr_matrix  # sentence × syllable bigram


def pool_parts(pool: SentencePool) -> PoolParts:
    """The 0/1 sentence × n-gram matrices of ``pool`` and the kinds of its columns."""
    m = pool.matrix
    shape = m.shape
    presence = pool.presence
    # column kinds from the keys (an empty pool has one dummy column); tokens are lower-case
    # letters and digits, so a syllable below ":" starts with a digit
    index = pool.index
    n_syl = len(index.syllables)
    digit = np.fromiter(map(":".__gt__, index.syllables), dtype=np.int8, count=n_syl)  # t < ":"
    keys = index.column_keys
    kind = np.zeros(shape[1], dtype=np.int8)
    kind[: keys.size] = np.where(keys >= n_syl, 2, digit[np.minimum(keys, max(n_syl - 1, 0))])
    is_bigram = kind == 2
    keep = is_bigram[m.indices]
    rows = np.repeat(np.arange(shape[0]), np.diff(m.indptr))[keep]
    indptr = np.zeros(shape[0] + 1, dtype=m.indptr.dtype)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    remap = np.cumsum(is_bigram) - 1
    bigrams = sparse.csr_matrix(
        (np.ones(int(keep.sum())), remap[m.indices[keep]], indptr),
        shape=(shape[0], int(is_bigram.sum())),
    )
    return PoolParts(presence, is_bigram, kind == 1, bigrams)


def _idf(matrix: sparse.csr_matrix) -> np.ndarray:
    """The pool's IDF per column (the smooth formula of the pool's TF-IDF)."""
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def _title_vectors(pool: SentencePool, idf: np.ndarray) -> np.ndarray:
    """Unit TF-IDF rows (dense) of the articles' titles in the pool's vocabulary; an empty
    title gives a zero row."""
    out = np.zeros((len(pool.articles), pool.matrix.shape[1]))
    for r, cols in enumerate(pool.title_columns):
        if cols.size:
            out[r] = np.bincount(cols, minlength=out.shape[1])
    out *= idf[np.newaxis, :]
    norms = np.sqrt((out * out).sum(axis=1))
    norms[norms == 0] = 1.0
    return out / norms[:, np.newaxis]


def _per_article_max(values: np.ndarray, starts: np.ndarray, present: np.ndarray) -> np.ndarray:
    """``out[:, a]`` = max of ``values[:, j]`` over the sentences ``j`` of article ``a``
    (a pool holds each article's sentences together); 0 for articles without sentences."""
    out = np.zeros((values.shape[0], present.size))
    if values.shape[1]:
        out[:, present] = np.maximum.reduceat(values, starts[present], axis=1)
    return out


def _other_mean(values: np.ndarray, others: np.ndarray, denom: np.ndarray) -> np.ndarray:
    return np.where(others, values, 0.0).sum(axis=1) / denom


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def sentence_features(pool: SentencePool, parts: PoolParts | None = None) -> np.ndarray:
    """The feature matrix of every sentence of ``pool`` (columns: :data:`FEATURE_NAMES`).

    ``parts`` (:func:`pool_parts` of the same pool) may be passed when the caller has them.
    """
    n = len(pool)
    x = np.zeros((n, len(FEATURE_NAMES)))
    if n == 0:
        return x
    parts = parts or pool_parts(pool)
    c = _COL
    art = pool.article_of
    n_art = len(pool.articles)
    lengths = pool.lengths.astype(float)
    in_lead = pool.body_position < 0
    body_pos = np.maximum(pool.body_position, 0).astype(float)
    bounds = pool.article_bounds
    per_article = np.diff(bounds)
    present = per_article > 0
    starts = bounds[:-1]

    # position and length
    x[:, c["in_lead"]] = in_lead
    x[:, c["lead_first"]] = in_lead & (pool.position == 0)
    x[:, c["body_first"]] = pool.body_position == 0
    x[:, c["body_second"]] = pool.body_position == 1
    x[:, c["body_pos_inv"]] = np.where(in_lead, 0.0, 1.0 / (1.0 + body_pos))
    x[:, c["body_pos_log"]] = np.where(in_lead, 0.0, np.log1p(body_pos) / 4.0)
    x[:, c["rel_position"]] = pool.position / np.maximum(per_article[art], 1)
    x[:, c["length"]] = lengths / 30.0
    x[:, c["length_log"]] = np.log1p(lengths) / 4.0
    x[:, c["short"]] = lengths < 12

    # centrality
    matrix = pool.matrix
    sim = pool.similarity
    # The cosine with a sum of sentence vectors comes from the similarity matrix: rows are
    # unit vectors, so x_i · Σ_j x_j = Σ_j sim[i, j] and |Σ_j x_j|² = Σ_jk sim[j, k].
    member = np.zeros((n_art, n))
    member[art, np.arange(n)] = 1.0
    art_dot = sim @ member.T  # x_i · (sum of article a)
    total_dot = art_dot.sum(axis=1)  # x_i · (sum of the cluster)
    own_dot = art_dot[np.arange(n), art]
    art_sq = np.bincount(art, weights=own_dot, minlength=n_art)
    total_sq = float(total_dot.sum())
    x[:, c["centroid"]] = total_dot / np.sqrt(max(total_sq, 1e-12))  # cosine with the centroid
    others_sq = total_sq - 2.0 * np.bincount(art, weights=total_dot, minlength=n_art) + art_sq
    x[:, c["centroid_others"]] = (total_dot - own_dot) / np.sqrt(
        np.maximum(others_sq[art], 1e-12)
    )
    # the first body sentence of the article closest to the rest of the cluster (cosine of
    # its sentence sum with the other articles' sum): the story's main account; ties, as
    # in a two-article cluster where both cosines are the same number, all count
    art_cos = np.bincount(art, weights=total_dot - own_dot, minlength=n_art) / np.sqrt(
        np.maximum(art_sq * others_sq, 1e-12)
    )
    top = art_cos.max()  # np.isclose's test with its default tolerances (the values are finite)
    central = (
        np.abs(art_cos - top) <= 1e-08 + 1e-05 * abs(top) if n_art > 1 else np.ones(n_art, dtype=bool)
    )
    x[:, c["body_first_central"]] = (pool.body_position == 0) & central[art]

    # cross-article support: the best match in each other article
    own = np.zeros((n, n_art), dtype=bool)
    own[np.arange(n), art] = True
    others = present[np.newaxis, :] & ~own
    denom = np.maximum(others.sum(axis=1), 1)
    best = np.where(others, _per_article_max(sim, starts, present), 0.0)
    best_sum = best.sum(axis=1)
    x[:, c["support_mean"]] = best_sum / denom
    x[:, c["support_max"]] = best.max(axis=1)
    x[:, c["support_sum"]] = best_sum / 5.0
    for t, name in zip(
        SUPPORT_THRESHOLDS, ("support_share_20", "support_share_35", "support_share_50"), strict=True
    ):
        x[:, c[name]] = (best > t).sum(axis=1) / denom

    # bigram containment and document-frequency consensus
    presence, is_bigram, bigrams = parts.presence, parts.is_bigram, parts.bigrams
    n_bigrams = np.maximum(np.diff(bigrams.indptr), 1).astype(float)
    contain = (bigrams @ bigrams.T).toarray() / n_bigrams[:, np.newaxis]
    x[:, c["contain_max"]] = np.where(
        others, _per_article_max(contain, starts, present), 0.0
    ).max(axis=1)
    early = pool.body_position < EARLY_BODY
    x[:, c["contain_early_mean"]] = _other_mean(
        _per_article_max(np.where(early[np.newaxis, :], contain, 0.0), starts, present),
        others,
        denom,
    )
    in_article = np.zeros((n_art, presence.shape[1]), dtype=bool)  # article × n-gram
    in_article[np.repeat(art, np.diff(presence.indptr)), presence.indices] = True
    df_art = in_article.sum(axis=0).astype(float)  # articles per n-gram
    share = (df_art - 1.0) / max(n_art - 1, 1)
    idf = _idf(matrix)
    bigram_w = is_bigram.astype(float)
    unigram_w = 1.0 - bigram_w
    idf_w = idf * bigram_w
    wide = (df_art >= min(3, n_art)).astype(float)
    x[:, c["bigram_df3_share"]] = (bigrams @ wide[is_bigram]) / n_bigrams

    # titles, leads and first body sentences
    titles = _title_vectors(pool, idf)
    title_sim = matrix @ titles.T
    x[:, c["title_own"]] = title_sim[np.arange(n), art]
    x[:, c["title_mean"]] = title_sim.mean(axis=1)
    x[:, c["title_max"]] = title_sim.max(axis=1)
    x[:, c["title_others"]] = _other_mean(title_sim, others, denom)
    if in_lead.any():  # the leads are pool sentences: cosine with each article's lead sum
        lead_member = member * in_lead[np.newaxis, :]
        lead_dot = sim @ lead_member.T
        lead_sq = (lead_member * lead_dot.T).sum(axis=1)
        has_lead = (lead_sq > 0)[np.newaxis, :] & others
        lead_sim = lead_dot / np.sqrt(np.where(lead_sq > 0, lead_sq, 1.0))
        x[:, c["lead_mean"]] = np.where(has_lead, lead_sim, 0.0).sum(axis=1) / np.maximum(
            has_lead.sum(axis=1), 1
        )
    first_body = np.flatnonzero(pool.body_position == 0)
    if first_body.size:
        not_own = art[first_body][np.newaxis, :] != art[:, np.newaxis]
        x[:, c["first_body_mean"]] = np.where(not_own, sim[:, first_body], 0.0).sum(
            axis=1
        ) / np.maximum(not_own.sum(axis=1), 1)

    # surface shape; names and numbers are unigram columns of the vocabulary
    texts = [s.text for s in pool.sentences]
    text = "\n".join(texts)
    n_tok = np.maximum(np.fromiter(map(len, pool.tokens), dtype=float, count=n), 1.0)
    spread = share if n_art > 1 else np.zeros_like(share)

    def columns(words: Iterable[str]) -> np.ndarray:
        mask = np.zeros(presence.shape[1])
        mask[pool.index.columns_of(words)] = 1.0
        return mask

    is_number = parts.is_number.astype(float)
    is_name = columns({w[1:].lower() for w in set(_NAME.findall(text))})
    # every sum over a sentence's distinct n-grams in one sparse product
    sums = presence @ np.column_stack(
        [
            share * bigram_w, bigram_w, share * unigram_w, unigram_w, share * idf_w, idf_w,
            spread * is_number, is_number, spread * is_name, is_name, columns(ATTRIBUTION),
        ]
    )
    x[:, c["df_bigram"]] = _safe_div(sums[:, 0], sums[:, 1])
    x[:, c["df_unigram"]] = _safe_div(sums[:, 2], sums[:, 3])
    x[:, c["df_bigram_idf"]] = _safe_div(sums[:, 4], sums[:, 5])
    x[:, c["numbers"]] = sums[:, 7] / n_tok
    x[:, c["numbers_consensus"]] = _safe_div(sums[:, 6], sums[:, 7])
    x[:, c["capitals"]] = sums[:, 9] / np.maximum(n_tok - 1, 1)
    x[:, c["names_consensus"]] = _safe_div(sums[:, 8], sums[:, 9])
    x[:, c["attribution"]] = sums[:, 10] > 0
    x[:, c["quotes"]] = [_QUOTES.search(t) is not None for t in texts]
    x[:, c["question"]] = ["?" in t or "!" in t for t in texts]
    x[:, c["parentheses"]] = ["(" in t for t in texts]
    x[:, c["colon_end"]] = [t.rstrip().endswith(":") for t in texts]
    return x
