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
    cosine to the cluster centroid and to the centroid of the *other* articles;
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
about 3 ms for a 100-sentence cluster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from diemtin.summarizer.pool import SentencePool, features
from diemtin.text.words import tokenize

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
)

_COL = {name: i for i, name in enumerate(FEATURE_NAMES)}
_WORD = re.compile(r"[^\W_]+")
_QUOTES = re.compile(r"[\"“”«»]")
_ATTRIBUTION = re.compile(
    r"\b(?:cho biết|cho hay|nói|nhấn mạnh|khẳng định|tuyên bố|chia sẻ|phát biểu|thông báo|"
    r"cho rằng|nhận định|theo)\b",
    re.IGNORECASE,
)
#: Cosine above which another article is counted as stating the sentence too.
SUPPORT_THRESHOLDS = (0.2, 0.35, 0.5)
#: Body sentences before this index (and leads) are an article's "early" part.
EARLY_BODY = 3


def _idf(matrix: sparse.csr_matrix) -> np.ndarray:
    """The pool's IDF per column (the smooth formula of the pool's TF-IDF)."""
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def _text_vectors(pool: SentencePool, texts: Sequence[str], idf: np.ndarray) -> sparse.csr_matrix:
    """Unit TF-IDF rows of ``texts`` in the pool's vocabulary (empty text: a zero row)."""
    rows: list[int] = []
    cols: list[int] = []
    for r, text in enumerate(texts):
        for f in features(tokenize(text)) if text else ():
            j = pool.vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    m = sparse.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(len(texts), pool.matrix.shape[1]),
    )
    m.sum_duplicates()
    m = m.multiply(idf[np.newaxis, :]).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def _per_article_max(values: np.ndarray, starts: np.ndarray, present: np.ndarray) -> np.ndarray:
    """``out[:, a]`` = max of ``values[:, j]`` over the sentences ``j`` of article ``a``
    (sentences are grouped by article in a pool); 0 for articles without sentences."""
    out = np.zeros((values.shape[0], present.size))
    if values.shape[1]:
        out[:, present] = np.maximum.reduceat(values, starts[present], axis=1)
    return out


def _other_mean(values: np.ndarray, others: np.ndarray, denom: np.ndarray) -> np.ndarray:
    return np.where(others, values, 0.0).sum(axis=1) / denom


def sentence_features(pool: SentencePool) -> np.ndarray:
    """The feature matrix of every sentence of ``pool`` (columns: :data:`FEATURE_NAMES`)."""
    n = len(pool)
    x = np.zeros((n, len(FEATURE_NAMES)))
    if n == 0:
        return x
    c = _COL
    art = pool.article_of
    n_art = len(pool.articles)
    lengths = pool.lengths.astype(float)
    in_lead = pool.body_position < 0
    body_pos = np.maximum(pool.body_position, 0).astype(float)
    per_article = np.bincount(art, minlength=n_art)
    present = per_article > 0
    starts = np.concatenate(([0], np.cumsum(per_article)[:-1]))

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
    x[:, c["centroid"]] = np.asarray(matrix @ pool.centroid).ravel()
    indicator = sparse.csr_matrix((np.ones(n), (art, np.arange(n))), shape=(n_art, n))
    art_sum = np.asarray((indicator @ matrix).todense())
    others_centroid = art_sum.sum(axis=0)[np.newaxis, :] - art_sum
    norm = np.sqrt((others_centroid * others_centroid).sum(axis=1))
    norm[norm == 0] = 1.0
    others_centroid /= norm[:, np.newaxis]
    x[:, c["centroid_others"]] = np.asarray(matrix @ others_centroid.T)[np.arange(n), art]

    # cross-article support: best match in each other article
    own = np.zeros((n, n_art), dtype=bool)
    own[np.arange(n), art] = True
    others = present[np.newaxis, :] & ~own
    denom = np.maximum(others.sum(axis=1), 1)
    best = np.where(others, _per_article_max(sim, starts, present), 0.0)
    x[:, c["support_mean"]] = best.sum(axis=1) / denom
    x[:, c["support_max"]] = best.max(axis=1)
    x[:, c["support_sum"]] = best.sum(axis=1) / 5.0
    for t, name in zip(
        SUPPORT_THRESHOLDS, ("support_share_20", "support_share_35", "support_share_50"), strict=True
    ):
        x[:, c[name]] = (best > t).sum(axis=1) / denom

    # bigram containment and document-frequency consensus
    presence = matrix.copy()
    presence.data = np.ones_like(presence.data)
    is_bigram = np.fromiter((" " in f for f in pool.vocab), dtype=bool, count=len(pool.vocab))
    if is_bigram.size < presence.shape[1]:  # an empty pool has one dummy column
        is_bigram = np.concatenate([is_bigram, np.zeros(presence.shape[1] - is_bigram.size, bool)])
    bigrams = presence[:, is_bigram].tocsr()
    n_bigrams = np.maximum(np.asarray(bigrams.sum(axis=1)).ravel(), 1.0)
    shared = np.asarray((bigrams @ bigrams.T).todense())
    contain = shared / n_bigrams[:, np.newaxis]
    x[:, c["contain_max"]] = np.where(others, _per_article_max(contain, starts, present), 0.0).max(
        axis=1
    )
    early = pool.body_position < EARLY_BODY
    contain_early = np.where(early[np.newaxis, :], contain, 0.0)
    x[:, c["contain_early_mean"]] = _other_mean(
        _per_article_max(contain_early, starts, present), others, denom
    )
    art_has = indicator @ presence
    art_has.data = np.ones_like(art_has.data)
    df_art = np.asarray(art_has.sum(axis=0)).ravel()
    share = (df_art - 1.0) / max(n_art - 1, 1)
    idf = _idf(matrix)
    for name, weight in (
        ("df_bigram", is_bigram.astype(float)),
        ("df_unigram", (~is_bigram).astype(float)),
        ("df_bigram_idf", np.where(is_bigram, idf, 0.0)),
    ):
        num = presence @ (share * weight)
        den = presence @ weight
        x[:, c[name]] = num / np.where(den > 0, den, 1.0)
    wide = (df_art >= min(3, n_art)).astype(float)
    x[:, c["bigram_df3_share"]] = (bigrams @ wide[is_bigram]) / n_bigrams

    # titles, leads and first body sentences
    titles = _text_vectors(pool, [a.title or "" for a in pool.articles], idf)
    title_sim = np.asarray((matrix @ titles.T).todense())
    x[:, c["title_own"]] = title_sim[np.arange(n), art]
    x[:, c["title_mean"]] = title_sim.mean(axis=1)
    x[:, c["title_max"]] = title_sim.max(axis=1)
    x[:, c["title_others"]] = _other_mean(title_sim, others, denom)
    if in_lead.any():  # the leads are pool sentences: sum their rows per article
        lead_rows = np.flatnonzero(in_lead)
        lead_ind = sparse.csr_matrix(
            (np.ones(lead_rows.size), (art[lead_rows], lead_rows)), shape=(n_art, n)
        )
        lead_vecs = np.asarray((lead_ind @ matrix).todense())
        norm = np.sqrt((lead_vecs * lead_vecs).sum(axis=1))
        has_lead = (norm > 0)[np.newaxis, :] & others
        norm[norm == 0] = 1.0
        lead_sim = np.asarray(matrix @ (lead_vecs / norm[:, np.newaxis]).T)
        x[:, c["lead_mean"]] = np.where(has_lead, lead_sim, 0.0).sum(axis=1) / np.maximum(
            has_lead.sum(axis=1), 1
        )
    first_body = np.flatnonzero(pool.body_position == 0)
    if first_body.size:
        not_own = art[first_body][np.newaxis, :] != art[:, np.newaxis]
        x[:, c["first_body_mean"]] = np.where(not_own, sim[:, first_body], 0.0).sum(
            axis=1
        ) / np.maximum(not_own.sum(axis=1), 1)

    # surface shape
    vocab = pool.vocab
    spread = share if n_art > 1 else np.zeros_like(share)
    for i, s in enumerate(pool.sentences):
        text = s.text
        toks = pool.tokens[i]
        n_tok = max(len(toks), 1)
        numbers = [t for t in toks if not t.isalpha()]
        names = [w.lower() for w in _WORD.findall(text)[1:] if w[0].isupper()]
        x[i, c["numbers"]] = len(numbers) / n_tok
        x[i, c["capitals"]] = len(names) / max(n_tok - 1, 1)
        if names:
            x[i, c["names_consensus"]] = sum(
                float(spread[vocab[w]]) for w in names if w in vocab
            ) / len(names)
        if numbers:
            x[i, c["numbers_consensus"]] = sum(
                float(spread[vocab[w]]) for w in numbers if w in vocab
            ) / len(numbers)
        x[i, c["quotes"]] = _QUOTES.search(text) is not None
        x[i, c["attribution"]] = _ATTRIBUTION.search(text) is not None
        x[i, c["question"]] = "?" in text or "!" in text
        x[i, c["colon_end"]] = text.rstrip().endswith(":")
        x[i, c["parentheses"]] = "(" in text
    return x
