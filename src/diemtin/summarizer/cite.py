"""Citations: every article that states a summary sentence."""

from __future__ import annotations

import functools
import re

import numpy as np

from diemtin.summarizer.pool import SentencePool
from diemtin.types import Citation

#: An article "states" a summary sentence when one of its sentences has TF-IDF cosine
#: (syllable 1-2-grams) at least this high with it. 0.5 keeps paraphrases that share most
#: names, numbers and wording; lower values start citing merely related background.
CITE_THRESHOLD = 0.5


#: Syllables that negate what follows ("Nga sẽ không tham gia" is not "Nga sẽ tham gia").
NEGATORS = frozenset({"không", "chưa", "chẳng", "đừng", "chớ"})
#: Words where a negator negates nothing: "hàng không" (aviation), "không khí" (air),
#: "không chỉ" (not only), ...
_NOT_NEGATION_BEFORE = frozenset({"hàng", "phòng", "phi"})
_NOT_NEGATION_AFTER = frozenset({
    "khí", "quân", "gian", "phận", "lưu", "kích", "trung", "ảnh", "người", "chỉ", "những",
})
#: A figure keeps the separators between its digits ("19/05/2016", "3,7", "10h30"); a comma
#: and a space end it ("12/3, 2 xe" states 12/3 and 2).
_TOKEN = re.compile(r"[0-9]+(?:[.,/:hH-][0-9]+)*|\w+")
_DIGITS = re.compile(r"[0-9]+")


@functools.lru_cache(maxsize=4096)
def _claims(text: str) -> tuple[dict[str, list[tuple[int, ...]]], set[str], set[str]]:
    """What a sentence states beyond its words: the figures after each word (the nearest
    word before them; ``^`` at the start of the sentence), the words it negates (the word
    after a negator) and the words it states without negation. Cached: a summary sentence
    is checked against every article."""
    figures: dict[str, list[tuple[int, ...]]] = {}
    negated: set[str] = set()
    plain: set[str] = set()
    word, prev, prev2 = "^", "", ""
    for t in _TOKEN.findall(text.lower()):
        if t[0].isdigit():
            figures.setdefault(word, []).append(tuple(int(d) for d in _DIGITS.findall(t)))
            continue
        if prev in NEGATORS and t not in _NOT_NEGATION_AFTER and prev2 not in _NOT_NEGATION_BEFORE:
            negated.add(t)
        elif t not in NEGATORS:
            plain.add(t)
        word, prev2, prev = t, prev, t
    return figures, negated, plain


def _prefix(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def agrees(pool: SentencePool, i: int, j: int) -> bool:
    """Whether pool sentence ``j`` can be cited for sentence ``i`` (:func:`claims_agree`)."""
    return claims_agree(pool.sentences[i].text, pool.sentences[j].text)


def claims_agree(a: str, b: str) -> bool:
    """Whether two similar sentences state the same thing beyond their wording: no word is
    followed by different figures in the two ("khiến 3 người" is not "khiến 30 người",
    "lúc 10h30" not "lúc 10h45"; "ngày 19/5" agrees with "ngày 19/05/2016", and a
    paraphrase may leave figures out), and no word negated in one is stated only plainly in
    the other ("không tham gia" against "tham gia"; a negator before a word the other
    sentence lacks, as in the idiom "không may", decides nothing)."""
    fig_a, neg_a, plain_a = _claims(a)
    fig_b, neg_b, plain_b = _claims(b)
    for word in fig_a.keys() & fig_b.keys():  # in order: "sáng 12/3, 2 xe" is not "sáng 12/3, 5 xe"
        if not all(_prefix(x, y) for x, y in zip(fig_a[word], fig_b[word], strict=False)):
            return False
    return not ((neg_a - neg_b - plain_a) & plain_b or (neg_b - neg_a - plain_b) & plain_a)


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
