"""The summarisation stage: articles in, a cited :class:`Summary` out."""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Sequence

from diemtin.articles import ArticleLike, to_articles
from diemtin.errors import NoArticlesError, TooLargeError, UsageError
from diemtin.summarizer.cite import cite_sentence
from diemtin.summarizer.methods import DEFAULT_METHOD, Method, get_method
from diemtin.summarizer.order import order_sentences
from diemtin.summarizer.pool import SentencePool, build_pool
from diemtin.text.dates import to_days
from diemtin.types import Article, RawDocument, Summary, SummarySentence

#: Sentences one summary takes. Methods compare every pair of sentences (dense matrices), so
#: memory grows with the square: measured peaks (learned) 0.48 GB at 3,522 sentences, 0.9 GB
#: at 5,216, 1.9 GB at 8,027; all of ViMs dev in one summary (18,774 sentences, 1,314
#: articles) was killed at 23 GB. A ViMs cluster holds about 150.
MAX_SENTENCES = 8_000

#: Default budget when neither ``max_words`` nor ``ratio`` is given: 10% of the input,
#: kept between 80 and 250 syllables (a 2-article story gets ~100, a 10-article one ~250).
DEFAULT_RATIO = 0.10
DEFAULT_MIN_WORDS = 80
DEFAULT_MAX_WORDS = 250


def resolve_budget(total_syllables: int, max_words: int | None, ratio: float | None) -> int:
    """The summary length in syllables for an input of ``total_syllables``."""
    if max_words is not None and ratio is not None:
        raise UsageError("give either max_words or ratio, not both")
    if max_words is not None:
        if int(max_words) < 1:
            raise UsageError(f"max_words must be a positive number of syllables, not {max_words}")
        return int(max_words)
    if ratio is not None:
        if not 0.0 < float(ratio) <= 1.0:
            raise UsageError(f"ratio must be in (0, 1], not {ratio}")
        return max(1, round(float(ratio) * total_syllables))
    budget = round(DEFAULT_RATIO * total_syllables)
    return max(DEFAULT_MIN_WORDS, min(DEFAULT_MAX_WORDS, budget))


def _order_for_budget(pool: SentencePool, chosen: list[int], budget: int) -> list[int]:
    """Reading order; a sentence that crossed the budget (``overflow`` mode, methods return
    sentences in the order they picked them) goes last, so that a reader or an evaluator who
    cuts the summary at the budget cuts that sentence and not a complete one."""
    if len(chosen) > 1 and int(pool.lengths[chosen].sum()) > budget:
        return [*order_sentences(pool, chosen[:-1]), chosen[-1]]
    return order_sentences(pool, chosen)


def choose_sentences(
    pool: SentencePool,
    impl: Method,
    budget: int,
    *,
    overflow: bool = False,
    references: Sequence[str] | None = None,
) -> list[int]:
    """Select with ``impl`` and put the chosen sentences in output order. Without
    ``overflow``, a sentence longer than the budget is chosen only when none is shorter.

    Methods that need the reference summaries (the evaluation oracle) get ``references``.
    """
    if not overflow:  # never go over the budget with a sentence when a shorter one fits
        pool = pool.shorter_than(budget)
    if getattr(impl, "needs_references", False) and references:
        chosen = impl.select_with_references(pool, budget, references, overflow)  # type: ignore[attr-defined]
    else:
        chosen = impl.select(pool, budget, overflow)
    return _order_for_budget(pool, chosen, budget)


def summarize_pool(
    pool: SentencePool, budget: int, method: str | None = None, *, overflow: bool = False
) -> Summary:
    """Summarise an already-built sentence pool (used by evaluation to time methods)."""
    impl = get_method(method)
    ordered = choose_sentences(pool, impl, budget, overflow=overflow)
    sentences = tuple(
        SummarySentence(
            text=pool.sentences[i].text, source=pool.sentences[i], citations=cite_sentence(pool, i)
        )
        for i in ordered
    )
    return Summary(sentences=sentences, articles=pool.articles, method=impl.name, max_words=budget)


def newest_within_cap(articles: Sequence[Article], cap: int | None = None) -> list[int]:
    """Positions (ascending) of the articles one summary can take: all of them, or the most
    recently published (then the last given) whose sentences fit :data:`MAX_SENTENCES`
    (``cap``). A story of hundreds of articles is summarised from its latest ones rather
    than refused."""
    from diemtin.summarizer.pool import MAX_SENTENCES_PER_ARTICLE
    from diemtin.text.sentences import split_sentences

    cap = MAX_SENTENCES if cap is None else cap
    if len(articles) * MAX_SENTENCES_PER_ARTICLE <= cap:  # (no counting: a story of 26 or fewer)
        return list(range(len(articles)))
    sizes = [min(sum(len(split_sentences(p)) for p in a.paragraphs), MAX_SENTENCES_PER_ARTICLE)
             for a in articles]
    if sum(sizes) <= cap:
        return list(range(len(articles)))
    def recency(k: int) -> tuple[bool, float, int]:
        when = articles[k].published
        return when is not None, to_days(when) if when is not None else 0.0, k

    newest = sorted(range(len(articles)), key=recency, reverse=True)
    kept: list[int] = []
    used = 0
    for k in newest:
        if used + sizes[k] <= cap or not kept:  # (the newest one at least)
            kept.append(k)
            used += sizes[k]
    return sorted(kept)


def summarize_newest(
    articles: Sequence[Article], max_words: int | None = None, ratio: float | None = None,
    method: str | None = None,
) -> Summary:
    """:func:`summarize` of the articles :func:`newest_within_cap` keeps, with article
    numbers that index ``articles``, all of which the summary lists."""
    kept = newest_within_cap(articles)
    summary = summarize([articles[k] for k in kept], max_words=max_words, ratio=ratio, method=method)
    if len(kept) == len(articles):
        return summary
    sentences = tuple(dataclasses.replace(
        s, source=dataclasses.replace(s.source, article=kept[s.source.article]),
        citations=tuple(dataclasses.replace(c, article=kept[c.article]) for c in s.citations),
    ) for s in summary.sentences)
    return dataclasses.replace(summary, sentences=sentences, articles=tuple(articles))


def summarize(
    articles: Sequence[ArticleLike],
    max_words: int | None = None,
    ratio: float | None = None,
    method: str | None = None,
    *,
    overflow: bool = False,
) -> Summary:
    """Write a cited extractive summary of ``articles`` (raw strings, paths or Articles).

    ``max_words`` is the length budget in syllables; ``ratio`` a fraction of the input
    length; with neither, 10% of the input between 80 and 250 syllables. ``method`` names a
    registered method (``diemtin.available_methods()``); the default is the best measured.
    Every article given is used: unlike the command line, the library applies no language
    gate (:func:`diemtin.filter_vietnamese` leaves out and lists articles in other languages).
    """
    if isinstance(articles, (str, Article, RawDocument, os.PathLike)):
        articles = [articles]
    for name, value in (("max_words", max_words), ("ratio", ratio)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not math.isfinite(value)):
            raise UsageError(f"{name} must be a number, not {value!r}")
    arts: list[Article] = to_articles(articles)
    if not arts:
        raise NoArticlesError("no articles to summarise: pass at least one article")
    pool = build_pool(arts)
    if len(pool) == 0:
        raise NoArticlesError("the articles have no sentences to summarise")
    if len(pool) > MAX_SENTENCES:
        raise TooLargeError(
            f"{len(arts):,} articles hold {len(pool):,} sentences, more than one summary takes "
            f"({MAX_SENTENCES:,}): summarise fewer at a time, or group them into stories first "
            "with 'diemtin digest'")
    budget = resolve_budget(int(pool.lengths.sum()), max_words, ratio)
    return summarize_pool(pool, budget, method or DEFAULT_METHOD, overflow=overflow)
