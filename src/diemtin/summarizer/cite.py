"""Citations: every article that states a summary sentence."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

from diemtin.summarizer.pool import SentencePool
from diemtin.types import Citation

#: An article "states" a summary sentence when one of its sentences has TF-IDF cosine
#: (syllable 1-2-grams) at least this high with it. 0.5 keeps paraphrases that share most
#: names, numbers and wording; lower values start citing merely related background.
CITE_THRESHOLD = 0.5


#: Syllables that negate what follows ("Nga sẽ không tham gia" is not "Nga sẽ tham gia").
NEGATORS = frozenset({"không", "chưa", "chẳng", "đừng", "chớ"})
#: Words where "không" negates nothing: "hàng không" (aviation), "không khí" (air), ...
_NOT_NEGATION_BEFORE = frozenset({"hàng", "phòng", "phi"})
_NOT_NEGATION_AFTER = frozenset({"khí", "quân", "gian", "phận", "lưu", "kích", "trung", "ảnh", "người"})


_LEADING_DIGITS = re.compile(r"[0-9]+")


def _is_number(token: str) -> bool:
    return token[:1].isdigit()


@functools.lru_cache(maxsize=4096)
def _claims(tokens: tuple[str, ...]) -> tuple[dict[str, set[tuple[int, ...]]], set[str], set[str]]:
    """What a sentence states beyond its words: the figures after each word ("khiến 3",
    "ngày 19 5"; separators and leading zeros ignored), the words it negates (the syllable
    after a negator) and the words it states without negation. ``tokens`` are lower-case
    syllables (:func:`~diemtin.text.words.tokenize`). Cached: a summary sentence is checked
    against every article."""
    numeric = [t[:1].isdigit() for t in tokens]
    figures: dict[str, set[tuple[int, ...]]] = {}
    negated: set[str] = set()
    plain: set[str] = set()
    n = len(tokens)
    for k, t in enumerate(tokens):
        if numeric[k]:
            continue
        end = k + 1
        while end < n and numeric[end]:
            end += 1
        if end > k + 1:
            run = tuple(int(_LEADING_DIGITS.match(u).group()) for u in tokens[k + 1:end])  # type: ignore[union-attr]
            figures.setdefault(t, set()).add(run)
        if (k > 0 and tokens[k - 1] in NEGATORS and t not in _NOT_NEGATION_AFTER
                and (k < 2 or tokens[k - 2] not in _NOT_NEGATION_BEFORE)):
            negated.add(t)
        elif t not in NEGATORS:
            plain.add(t)
    return figures, negated, plain


def _prefix(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def agrees(pool: SentencePool, i: int, j: int) -> bool:
    """Whether pool sentence ``j`` can be cited for sentence ``i`` (:func:`claims_agree` of
    their syllables)."""
    return claims_agree(pool.tokens[i], pool.tokens[j])


def claims_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two similar sentences (syllables) state the same thing beyond their wording:
    no word is followed by different figures in the two ("khiến 3 người" is not "khiến 30
    người"; "ngày 19/5" agrees with "ngày 19/05/2016", and a paraphrase may leave figures
    out), and no word negated in one is stated plainly in the other ("không tham gia"
    against "tham gia"; a negator before a word the other sentence lacks, as in the idiom
    "không may", decides nothing)."""
    fig_i, neg_i, plain_i = _claims(tuple(a))
    fig_j, neg_j, plain_j = _claims(tuple(b))
    for word in fig_i.keys() & fig_j.keys():
        if not any(_prefix(a, b) for a in fig_i[word] for b in fig_j[word]):
            return False
    return not ((neg_i - neg_j) & plain_j or (neg_j - neg_i) & plain_i)


def _citation(pool: SentencePool, j: int, similarity: float) -> Citation:
    s = pool.sentences[j]
    art = pool.articles[s.article]
    return Citation(
        article=s.article, sentence=s.index, text=s.text, outlet=art.outlet, title=art.title,
        source_path=art.source_path, similarity=similarity,
    )


def cite_sentence(pool: SentencePool, i: int, threshold: float = CITE_THRESHOLD) -> tuple[Citation, ...]:
    """Citations for pool sentence ``i``: its own article first, then every other article
    with a sentence at least ``threshold`` similar (its best-matching sentence) that
    :func:`agrees` with it."""
    sim = pool.similarity[i]
    own = int(pool.article_of[i])
    cites = [_citation(pool, i, 1.0)]
    bounds = pool.article_bounds
    for a in range(len(pool.articles)):
        lo, hi = int(bounds[a]), int(bounds[a + 1])
        if a == own or hi == lo:
            continue
        j = lo + int(np.argmax(sim[lo:hi]))
        if sim[j] >= threshold and agrees(pool, i, j):
            cites.append(_citation(pool, j, float(sim[j])))
    return tuple(cites)
