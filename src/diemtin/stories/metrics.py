"""Clustering quality: B-cubed precision/recall/F1 and the adjusted Rand index.

Both take two parallel label sequences (predicted story, gold story) over the same items.
B-cubed (Bagga & Baldwin 1998) averages, over items, the share of the item's predicted
cluster that shares its gold label (precision) and the share of its gold cluster that shares
its predicted cluster (recall). ARI (Hubert & Arabie 1985) is the pair-counting Rand index
corrected for chance (0 for random labels, 1 for identical partitions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> BCubed:
    """B-cubed precision, recall and F1 of ``pred`` against ``gold``."""
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predicted labels for {len(gold)} gold labels")
    if not pred:
        return BCubed(1.0, 1.0, 1.0)
    pc = Counter(pred)
    gc = Counter(gold)
    both = Counter(zip(pred, gold, strict=True))
    n = len(pred)
    p = sum(both[(a, b)] / pc[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(both[(a, b)] / gc[b] for a, b in zip(pred, gold, strict=True)) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f)


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def adjusted_rand_index(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index of ``pred`` against ``gold``."""
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predicted labels for {len(gold)} gold labels")
    n = len(pred)
    if n < 2:
        return 1.0
    index = sum(_pairs(c) for c in Counter(zip(pred, gold, strict=True)).values())
    a = sum(_pairs(c) for c in Counter(pred).values())
    b = sum(_pairs(c) for c in Counter(gold).values())
    expected = a * b / _pairs(n)
    maximum = (a + b) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
