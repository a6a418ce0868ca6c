"""Peer baselines for honest evaluation: sumy's LexRank and TextRank, and a ROUGE-2 oracle.

These methods exist so that ``diemtin eval`` can put our methods next to well-known ones in
one table, under exactly the same conditions:

- ``lexrank`` / ``textrank``: the graph rankers of `sumy <https://github.com/miso-belica/sumy>`_
  (the ``baselines`` extra), run on **our** sentence pool: sumy gets a
  :class:`sumy.models.dom.ObjectDocumentModel` built from the pool's Vietnamese sentences
  (one sumy paragraph per article paragraph) and a tokenizer that returns the pool's syllable
  tokens (lower case, diacritics kept), so no NLTK tokenizer or download is involved and the
  null stemmer / no stop words of sumy apply. sumy's ranking is then filled into the budget
  by the same rule as every method (:func:`~diemtin.summarizer.select.greedy_fill` and
  :func:`~diemtin.summarizer.select.fits`: eligible sentences only, overflow as asked), with
  no redundancy filtering beyond near-verbatim repeats (cosine > ``NEAR_DUPLICATE``) — the
  baselines are measured as they are, not improved.
- ``oracle``: greedy ROUGE-2 selection against the reference summaries, an **upper bound** of
  extractive selection from the pool. It needs the references, so it has
  ``needs_references = True`` and :meth:`Oracle.select_with_references`; its plain
  :meth:`Oracle.select` (what ``diemtin summarize --method oracle`` calls) refuses with a
  :class:`~diemtin.errors.UsageError`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from diemtin.errors import OptionalDependencyError, UsageError
from diemtin.summarizer.methods import register
from diemtin.summarizer.pool import SentencePool
from diemtin.summarizer.select import NEAR_DUPLICATE, fits, greedy_fill

__all__ = ["LexRank", "Oracle", "TextRank", "sumy_document", "sumy_ranking"]


# --------------------------------------------------------------------------------------------
# sumy
# --------------------------------------------------------------------------------------------


class _PoolTokenizer:
    """sumy tokenizer returning the pool's syllable tokens for each sentence text."""

    def __init__(self, pool: SentencePool) -> None:
        self._tokens = {s.text.strip(): list(t) for s, t in zip(pool.sentences, pool.tokens, strict=True)}

    def to_words(self, text: str) -> list[str]:
        tokens = self._tokens.get(text)
        if tokens is None:  # not a pool sentence (never happens for documents we build)
            from diemtin.text.words import tokenize

            return tokenize(text)
        return tokens

    def to_sentences(self, paragraph: str) -> list[str]:  # pragma: no cover - sumy API
        from diemtin.text.sentences import split_sentences

        return split_sentences(paragraph)


def _import_sumy(feature: str) -> Any:
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
    except ImportError as exc:
        raise OptionalDependencyError(feature, "baselines", "sumy") from exc
    return {
        "ObjectDocumentModel": ObjectDocumentModel,
        "Paragraph": Paragraph,
        "Sentence": Sentence,
        "LexRankSummarizer": LexRankSummarizer,
        "TextRankSummarizer": TextRankSummarizer,
    }


def sumy_document(pool: SentencePool, feature: str = "sumy baselines") -> Any:
    """A sumy ``ObjectDocumentModel`` of the pool: its ``sentences`` are the pool's, in order.

    One sumy paragraph per (article, paragraph); words are the pool's syllable tokens.
    """
    sumy = _import_sumy(feature)
    tokenizer = _PoolTokenizer(pool)
    paragraphs: list[Any] = []
    current: list[Any] = []
    key: tuple[int, int] | None = None
    for s in pool.sentences:
        k = (s.article, s.paragraph)
        if current and k != key:
            paragraphs.append(sumy["Paragraph"](current))
            current = []
        key = k
        current.append(sumy["Sentence"](s.text, tokenizer))
    if current:
        paragraphs.append(sumy["Paragraph"](current))
    return sumy["ObjectDocumentModel"](paragraphs)


def sumy_ranking(pool: SentencePool, summarizer: Callable[[Any, Any], Any], feature: str) -> list[int]:
    """Pool indices ranked best first by a sumy summarizer (ties keep document order).

    sumy's ``summarizer(document, count)`` accepts a callable ``count`` that receives the
    sentence infos sorted by rating (best first) and returns those to keep: we keep them all
    and read the ranking from it (``info.order`` is the index in the document, i.e. in the
    pool).
    """
    if len(pool) == 0:
        return []
    document = sumy_document(pool, feature)
    if len(document.sentences) != len(pool):  # pragma: no cover - defensive
        raise UsageError(f"{feature}: sumy saw {len(document.sentences)} sentences, pool has {len(pool)}")
    ranked: list[int] = []

    def keep_all(infos: Sequence[Any]) -> Sequence[Any]:
        ranked.extend(int(info.order) for info in infos)
        return infos

    summarizer(document, keep_all)
    return ranked


class _SumyMethod:
    name = ""
    description = ""
    feature = ""
    summarizer_class = ""

    def summarizer(self) -> Any:
        """A fresh sumy summarizer (null stemmer, no stop words: sumy has none for Vietnamese)."""
        return _import_sumy(self.feature)[self.summarizer_class]()

    def rank(self, pool: SentencePool) -> list[int]:
        """All pool indices, best first."""
        return sumy_ranking(pool, self.summarizer(), self.feature)

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        summarizer = self.summarizer()  # raises OptionalDependencyError before any work
        if len(pool) == 0:
            return []
        ranking = sumy_ranking(pool, summarizer, self.feature)
        return greedy_fill(pool, ranking, budget, overflow=overflow, threshold=NEAR_DUPLICATE)


@register("lexrank")
class LexRank(_SumyMethod):
    """sumy's LexRank (Erkan & Radev, 2004): thresholded IDF-cosine graph, power method."""

    name = "lexrank"
    description = "sumy LexRank on our syllable tokens (peer baseline; needs the baselines extra)"
    feature = "LexRank"
    summarizer_class = "LexRankSummarizer"


@register("textrank")
class TextRank(_SumyMethod):
    """sumy's TextRank (Mihalcea & Tarau, 2004): word-overlap graph, damped PageRank."""

    name = "textrank"
    description = "sumy TextRank on our syllable tokens (peer baseline; needs the baselines extra)"
    feature = "TextRank"
    summarizer_class = "TextRankSummarizer"


# --------------------------------------------------------------------------------------------
# Oracle
# --------------------------------------------------------------------------------------------


def _bigrams(tokens: Sequence[str]) -> Counter[tuple[str, str]]:
    return Counter(itertools.pairwise(tokens))


def _unigrams(tokens: Sequence[str]) -> Counter[str]:
    return Counter(tokens)


class _Target:
    """One reference: its n-gram counts, and the running clipped hits of the summary."""

    __slots__ = ("hits", "n", "ref")

    def __init__(self, ref: Counter[Any]) -> None:
        self.ref = ref
        self.n = sum(ref.values())
        self.hits = 0

    def gain(self, summary: Counter[Any], cand: Counter[Any]) -> int:
        ref = self.ref
        g = 0
        for gram, c in cand.items():
            r = ref.get(gram)
            if r:
                have = summary.get(gram, 0)
                if have < r:
                    g += min(c, r - have)
        return g


def _mean_f1(targets: Sequence[_Target], extra_hits: Sequence[int], n_sys: int) -> float:
    total = 0.0
    for t, h in zip(targets, extra_hits, strict=True):
        denom = n_sys + t.n
        total += 2.0 * (t.hits + h) / denom if denom else 0.0
    return total / len(targets)


@register("oracle")
class Oracle:
    """Greedy ROUGE-2 oracle: repeatedly add the sentence that most raises the mean ROUGE-2 F1
    (ties: ROUGE-1 F1) against the references; stop when nothing raises it or the budget is
    spent. An upper bound for extractive selection, not a summariser."""

    name = "oracle"
    description = "greedy ROUGE-2 against the references (upper bound; evaluation only)"
    needs_references = True
    upper_bound = True

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        raise UsageError(
            "the 'oracle' method needs the reference summaries: it is an upper bound for "
            "'diemtin eval', not a summariser; choose another --method"
        )

    def select_with_references(
        self,
        pool: SentencePool,
        budget: int,
        references: Sequence[str],
        overflow: bool = False,
    ) -> list[int]:
        """Pool indices chosen greedily for ROUGE-2 against ``references``.

        The same budget rule as every method (:func:`~diemtin.summarizer.select.fits`); with
        ``overflow`` the sentence that crosses the budget is valued by the part an evaluator
        keeps (its first ``budget - used`` syllables). Tokens are ROUGE's (syllables,
        normalised as :mod:`diemtin.evaluate.rouge` does); bigrams across sentence boundaries
        are ignored while choosing.
        """
        from diemtin.evaluate.rouge import rouge_tokens

        if isinstance(references, str) or not references:
            raise UsageError("the oracle needs a list of at least one reference summary")
        refs = [rouge_tokens(r) for r in references]
        t2 = [_Target(_bigrams(r)) for r in refs]
        t1 = [_Target(_unigrams(r)) for r in refs]
        words = {i: pool.sentences[i].text.split() for i in range(len(pool)) if pool.eligible[i]}
        full: dict[int, tuple[Counter[Any], Counter[Any], int, int]] = {}

        def grams(i: int, left: int) -> tuple[Counter[Any], Counter[Any], int, int]:
            ws = words[i]
            if len(ws) <= left:
                if i not in full:
                    toks = rouge_tokens(pool.sentences[i].text)
                    full[i] = (_bigrams(toks), _unigrams(toks), max(len(toks) - 1, 0), len(toks))
                return full[i]
            toks = rouge_tokens(" ".join(ws[:left]))
            return _bigrams(toks), _unigrams(toks), max(len(toks) - 1, 0), len(toks)

        chosen: list[int] = []
        alive = set(words)
        used = 0
        sum2: Counter[Any] = Counter()
        sum1: Counter[Any] = Counter()
        n2 = n1 = 0
        best_now = (0.0, 0.0)
        while used < budget and alive:
            best: tuple[float, float] | None = None
            best_i = -1
            left = budget - used
            for i in sorted(alive):
                length = int(pool.lengths[i])
                if not fits(length, used, budget, overflow):
                    continue
                b2, b1, c2, c1 = grams(i, left if overflow else length)
                f2 = _mean_f1(t2, [t.gain(sum2, b2) for t in t2], n2 + c2)
                f1 = _mean_f1(t1, [t.gain(sum1, b1) for t in t1], n1 + c1)
                if best is None or (f2, f1) > best:
                    best, best_i = (f2, f1), i
            if best is None or best <= best_now:
                break
            b2, b1, c2, c1 = grams(best_i, left if overflow else int(pool.lengths[best_i]))
            for t in t2:
                t.hits += t.gain(sum2, b2)
            for t in t1:
                t.hits += t.gain(sum1, b1)
            sum2.update(b2)
            sum1.update(b1)
            n2 += c2
            n1 += c1
            best_now = best
            chosen.append(best_i)
            alive.discard(best_i)
            used += int(pool.lengths[best_i])
        return chosen
