"""Sentence ordering: a readable order for sentences picked from several articles."""

from __future__ import annotations

from collections.abc import Sequence

from diemtin.summarizer.pool import SentencePool


def order_sentences(pool: SentencePool, chosen: Sequence[int]) -> list[int]:
    """Order chosen sentences by where they stand in their article, then by article.

    News articles put the main fact first and background later, so relative position is a
    good proxy for discourse order across outlets: leads and first sentences come first,
    background paragraphs last. Sentences of one article keep their original order.
    """
    def rel(i: int) -> float:
        n_in_article = int((pool.article_of == pool.article_of[i]).sum())
        return float(pool.position[i]) / max(n_in_article, 1)

    first = sorted(chosen, key=lambda i: (rel(i), int(pool.article_of[i]), int(pool.position[i])))
    # keep each article's sentences in their own order (swap into place, stable)
    by_article: dict[int, list[int]] = {}
    for i in first:
        by_article.setdefault(int(pool.article_of[i]), []).append(i)
    for a in by_article:
        by_article[a].sort(key=lambda i: int(pool.position[i]))
    cursor = {a: 0 for a in by_article}
    out: list[int] = []
    for i in first:
        a = int(pool.article_of[i])
        out.append(by_article[a][cursor[a]])
        cursor[a] += 1
    return out
