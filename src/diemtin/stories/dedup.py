"""Near-duplicate (wire-copy) detection with MinHash LSH.

A TTXVN dispatch republished by ten sites with small edits, or the same article reposted, is
one *source*: it must count once when the summariser weighs how many outlets agree, yet every
outlet that carried it is cited. This module finds those groups.

Method: each article's sampled syllable 5-gram shingles (:mod:`diemtin.stories.features`)
go into a ``datasketch`` MinHash (``NUM_PERM`` permutations, fixed ``SEED``); a
``MinHashLSH`` index returns candidate pairs (no all-pairs comparison), which are kept when
their estimated Jaccard similarity is at least ``threshold`` and, when both dates are known,
they were published at most ``window_days`` apart (a repost months later is a new event in
an archive). Groups are the connected components of kept pairs (union-find, smallest index
as the root, so groups are deterministic).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from diemtin.stories.features import ArticleFeatures, Vocabulary, featurize
from diemtin.text.dates import to_days
from diemtin.types import Article

#: MinHash permutations: 64 gives a Jaccard estimate within about ±0.06 (one s.d.) and
#: LSH banding good enough at 0.5; 128 doubles the cost for no change on ViMs.
NUM_PERM = 64
SEED = 1
#: 5-gram Jaccard at or above which two articles are copies of one text.
#: On ViMs/AbMuSu pairs of one story, 0.5-0.6 are rewrites of one dispatch ("Sa Pa sẽ có Khu
#: vui chơi Disneyland" by two sites); below 0.4 they are different articles on one event.
#: Tried 0.4-0.8.
DUP_THRESHOLD = 0.5
#: Wire copies appear within days of each other.
DUP_WINDOW_DAYS = 7.0
#: Articles with fewer sampled shingles than this are too short to call copies.
MIN_SHINGLES = 4


def _identity(x: int) -> int:
    return x


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of unique values."""
    if a.size == 0 and b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


class DuplicateIndex:
    """An incremental MinHash LSH index of articles, keyed by integer position."""

    def __init__(
        self, threshold: float = DUP_THRESHOLD, window_days: float = DUP_WINDOW_DAYS,
        num_perm: int = NUM_PERM, seed: int = SEED,
    ) -> None:
        from datasketch import MinHash, MinHashLSH

        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"duplicate threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.window_days = window_days
        self._template = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
        # LSH a bit below the verification threshold so borderline copies are still candidates
        self._lsh = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=num_perm)
        self._shingles: dict[int, np.ndarray] = {}
        self._times: dict[int, float] = {}

    def __len__(self) -> int:
        return len(self._shingles)

    def _minhash(self, shingles: np.ndarray):  # type: ignore[no-untyped-def]
        m = self._template.copy()
        m.update_batch(shingles.tolist())
        return m

    def add(self, key: int, shingles: np.ndarray, time: float) -> list[int]:
        """Index ``key`` and return the indexed keys it is a near-duplicate of (sorted)."""
        if shingles.size < MIN_SHINGLES:
            return []
        from datasketch import LeanMinHash

        m = LeanMinHash(self._minhash(shingles))
        found: list[int] = []
        for other in self._lsh.query(m):
            o = int(other)
            t = self._times[o]
            if not (math.isnan(time) or math.isnan(t)) and abs(time - t) > self.window_days:
                continue
            # verify on the exact Jaccard of the sampled shingle sets (the MinHash estimate
            # is only good to about ±0.06)
            if jaccard(self._shingles[o], shingles) >= self.threshold:
                found.append(o)
        self._lsh.insert(key, m, check_duplication=False)
        self._shingles[key] = shingles
        self._times[key] = time
        return sorted(found)

    def forget(self, key: int) -> None:
        """Drop ``key`` from the index (archived articles are no longer matched)."""
        if key in self._shingles:
            self._lsh.remove(key)
            del self._shingles[key]
            del self._times[key]


class UnionFind:
    """Disjoint sets over integer keys; the smallest key is always the root."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        lo, hi = (ra, rb) if ra < rb else (rb, ra)
        self.parent[hi] = lo
        return lo


def near_duplicate_groups(
    articles: Sequence[Article],
    published: Sequence[datetime | None] | None = None,
    threshold: float = DUP_THRESHOLD,
    window_days: float = DUP_WINDOW_DAYS,
) -> list[tuple[int, ...]]:
    """Groups (of two or more input positions, ascending) of near-duplicate articles.

    ``published`` (optional, parallel to ``articles``) overrides ``Article.published``.
    """
    if published is not None and len(published) != len(articles):
        raise ValueError(
            f"published has {len(published)} dates for {len(articles)} articles: "
            "pass one date (or None) per article"
        )
    vocab = Vocabulary()
    index = DuplicateIndex(threshold, window_days)
    uf = UnionFind()
    for i, art in enumerate(articles):
        f: ArticleFeatures = featurize(art, vocab)
        when = published[i] if published is not None else art.published
        for j in index.add(i, f.shingles, to_days(when)):
            uf.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(uf.find(i), []).append(i)
    return [tuple(g) for g in groups.values() if len(g) > 1]
