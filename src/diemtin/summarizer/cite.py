"""Citations: every article that states a summary sentence."""

from __future__ import annotations

import numpy as np

from diemtin.summarizer.pool import SentencePool
from diemtin.types import Citation

#: An article "states" a summary sentence when one of its sentences has TF-IDF cosine
#: (syllable 1-2-grams) at least this high with it. 0.5 keeps paraphrases that share most
#: names, numbers and wording; lower values start citing merely related background.
CITE_THRESHOLD = 0.5


def _citation(pool: SentencePool, j: int, similarity: float) -> Citation:
    s = pool.sentences[j]
    art = pool.articles[s.article]
    return Citation(
        article=s.article, sentence=s.index, text=s.text, outlet=art.outlet, title=art.title,
        source_path=art.source_path, similarity=similarity,
    )


def cite_sentence(pool: SentencePool, i: int, threshold: float = CITE_THRESHOLD) -> tuple[Citation, ...]:
    """Citations for pool sentence ``i``: its own article first, then every other article
    with a sentence at least ``threshold`` similar (its best-matching sentence)."""
    sim = pool.similarity[i]
    own = int(pool.article_of[i])
    cites = [_citation(pool, i, 1.0)]
    bounds = pool.article_bounds
    for a in range(len(pool.articles)):
        lo, hi = int(bounds[a]), int(bounds[a + 1])
        if a == own or hi == lo:
            continue
        j = lo + int(np.argmax(sim[lo:hi]))
        if sim[j] >= threshold:
            cites.append(_citation(pool, j, float(sim[j])))
    return tuple(cites)
