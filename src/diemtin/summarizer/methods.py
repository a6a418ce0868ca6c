"""Summarisation methods behind a name → implementation registry.

A method is one class with a ``name`` and ``select(pool, budget, overflow) -> list[int]``
(indices into ``pool.sentences``, any order), plus one :func:`register` line. Ordering,
citations and rendering are shared by all methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from diemtin.errors import UsageError
from diemtin.summarizer.pool import SentencePool
from diemtin.summarizer.select import NEAR_DUPLICATE, greedy_fill, mmr_select


class Method(Protocol):
    """What every summarisation method provides."""

    name: str
    description: str

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        """Indices of the chosen sentences."""
        ...


_REGISTRY: dict[str, Callable[[], Method]] = {}

#: The method :func:`diemtin.summarize` uses when none is named.
DEFAULT_METHOD = "learned"


def register(name: str) -> Callable[[Callable[[], Method]], Callable[[], Method]]:
    """Class decorator: make a method available under ``name``."""

    def deco(factory: Callable[[], Method]) -> Callable[[], Method]:
        _REGISTRY[name] = factory
        return factory

    return deco


def _load_optional() -> None:
    """Import modules that register extra methods (baselines, learned)."""
    import importlib

    for module in ("diemtin.summarizer.learned", "diemtin.summarizer.baselines"):
        try:
            importlib.import_module(module)
        except ImportError:
            continue


def available_methods() -> list[str]:
    """Names of all registered methods."""
    _load_optional()
    return sorted(_REGISTRY)


def get_method(name: str | None = None) -> Method:
    """The method registered as ``name`` (the default when ``None``)."""
    _load_optional()
    name = name or DEFAULT_METHOD
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise UsageError(
            f"unknown method {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}"
        ) from None


@register("lead")
class Lead:
    """First body sentences of each article, taken round-robin (article 1, 2, …, then the
    second sentence of each, …). The lead paragraph (sapo) is skipped when a body exists."""

    name = "lead"
    description = "first body sentences of each article, round-robin"

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        has_body = pool.body_position >= 0
        pos = np.where(has_body, pool.body_position, pool.position)
        # articles with no body sentence at all fall back to their lead
        articles_with_body = set(pool.article_of[has_body].tolist())
        keep = [
            i for i in range(len(pool))
            if has_body[i] or int(pool.article_of[i]) not in articles_with_body
        ]
        ranking = sorted(keep, key=lambda i: (int(pos[i]), int(pool.article_of[i])))
        # only (near-)verbatim repeats are dropped: a lead baseline does no other filtering
        return greedy_fill(pool, ranking, budget, overflow=overflow, threshold=NEAR_DUPLICATE)


@register("centroid")
class Centroid:
    """Sentences closest to the TF-IDF centroid of the cluster, redundancy-filtered."""

    name = "centroid"
    description = "TF-IDF centroid similarity with a redundancy threshold"

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        scores = pool.matrix @ pool.centroid
        ranking = np.argsort(-scores, kind="stable")
        return greedy_fill(pool, ranking.tolist(), budget, overflow=overflow)


@register("mmr")
class MMR:
    """Maximal marginal relevance (Carbonell & Goldstein, 1998) with centroid relevance."""

    name = "mmr"
    description = "maximal marginal relevance, lambda 0.5, centroid relevance"
    lam = 0.5

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        relevance = np.asarray(pool.matrix @ pool.centroid).ravel()
        return mmr_select(pool, relevance, budget, lam=self.lam, overflow=overflow)
