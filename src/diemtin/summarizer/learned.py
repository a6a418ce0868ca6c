"""The ``learned`` method: a linear sentence scorer and novelty-weighted greedy selection.

Scoring
    Every sentence gets the features of :mod:`diemtin.summarizer.features` (position,
    length, centrality, cross-article support, title / lead similarity, surface shape); its
    score is their dot product with the weights of a ridge regression shipped in
    ``diemtin/data/learned.json`` (40 numbers, read on first use). The weights were fitted
    on the shared ViMs dev and AbMuSu train clusters (``scripts/train_model.py``) to predict
    how much of a sentence the human summaries repeat: its syllable-bigram precision against
    the references, plus the share of ViMs annotators who chose it (``s3/``) where a cluster
    has them, plus a little of greedy-oracle membership elsewhere. The lead prior is part of
    the model: the weights on first-body-sentence, body position and lead (sapo) membership
    are learned with the rest, and they carry the summary when the consensus features are
    silent (one article, or articles that share little). Both corpora's summaries repeat the
    first body sentences far more than the sapo, so the model ranks a sapo sentence below
    the body sentences that say the same.

Selection
    Scores are rescaled to [0, 1] over the selectable sentences. Greedily, the sentence with
    the highest ``score × novelty²`` is added, where novelty is the share of its syllable
    bigrams that the summary does not contain yet (so a sentence that repeats chosen content
    scores 0, one that half-repeats it a quarter of its score); sentences that do not fit the
    budget are skipped (with ``overflow`` the last one may cross it). A headline-coverage
    term adds β × the newly covered share of each article's headline (title + lede bigrams,
    saturating at half covered, mean over articles), so every source's headline news gets
    in when the budget allows (:func:`novelty_select`); with more than two sources β
    shrinks as ``√(2 / n)``, since the consensus then carries the story. Sentences come back in
    the order they were chosen, so the budget-crossing one is last.

:func:`train_model` fits a model from :class:`~diemtin.evaluate.datasets.Cluster` objects;
the method's ``fitted`` hook uses it for cross-validation in
:func:`diemtin.evaluate.run.evaluate_methods` (``diemtin eval --cv 5``; ``scripts/cv_eval.py``).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from diemtin.errors import DiemtinError
from diemtin.summarizer.features import FEATURE_NAMES, PoolParts, pool_parts, sentence_features
from diemtin.summarizer.methods import register
from diemtin.summarizer.pool import SentencePool
from diemtin.summarizer.select import NEAR_DUPLICATE
from diemtin.text.boilerplate import CLOSERS, END_MARKS

if TYPE_CHECKING:
    from diemtin.evaluate.datasets import Cluster, S3Annotation

__all__ = [
    "MODEL_FORMAT",
    "Learned",
    "LinearModel",
    "combine_labels",
    "headline_matrix",
    "label_parts",
    "load_model",
    "novelty_select",
    "sentence_labels",
    "train_model",
]

#: Identifies the model file layout; a file with another value is refused.
MODEL_FORMAT = "diemtin-learned-linear/1"
#: The packaged model (``src/diemtin/data/learned.json``).
MODEL_RESOURCE = "learned.json"
#: Exponent of novelty in the selection gain ``score × novelty ** NOVELTY_POWER``. Tried 1,
#: 1.5, 2, 2.5, 3, 5 with 5-fold CV (docs/benchmarks-learned.md): 2 is best on both corpora.
NOVELTY_POWER = 2.0
#: Weight β of the headline-coverage term of the selection gain (see :func:`novelty_select`):
#: ``score × novelty² + β × (newly covered share of the articles' headlines)``. Swept with
#: 5-fold CV on both corpora (docs/benchmarks-learned.md, "Headline coverage").
HEADLINE_WEIGHT = 1.2
#: An article's headline counts as covered once this share of its bigrams is in the summary
#: (the term saturates there; 1: linear in the covered share).
HEADLINE_SATURATION = 0.5
#: Up to this many sources every headline counts with the full β; with ``n`` more, β shrinks
#: to ``β × (HEADLINE_SOURCES / n) ** 0.5``: the more outlets tell a story, the more the
#: cluster's consensus states it and the less any one outlet's headline adds (5-fold CV on
#: both corpora, docs/benchmarks-learned.md, session 3; None: β for any number of sources).
HEADLINE_SOURCES: float | None = 2.0
#: Ridge penalty on standardised features (1, 10 and 100 give the same CV figures ±0.1).
RIDGE_ALPHA = 1.0
#: Weight of greedy-oracle membership in the label of clusters without annotator choices.
ORACLE_WEIGHT = 0.2
#: An ``s3`` sentence is matched to the pool sentence with the same tokens, else to the one
#: holding the largest share of its tokens when that share is at least this.
S3_MATCH = 0.7


class ModelError(DiemtinError):
    """The model file is missing or does not fit this version of the features."""


@dataclass(frozen=True)
class LinearModel:
    """Feature weights of the sentence scorer (``score = features @ weights``)."""

    features: tuple[str, ...]
    weights: np.ndarray
    novelty_power: float = NOVELTY_POWER
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if tuple(self.features) != FEATURE_NAMES:
            raise ModelError(
                "the learned model was trained on other features than this version computes; "
                "rebuild it with scripts/train_model.py"
            )
        if self.weights.shape != (len(FEATURE_NAMES),):
            raise ModelError("the learned model has the wrong number of weights")

    def score(self, pool: SentencePool, parts: PoolParts | None = None) -> np.ndarray:
        """One score per sentence of ``pool`` (higher: more summary-worthy)."""
        if len(pool) == 0:
            return np.zeros(0)
        return sentence_features(pool, parts) @ self.weights

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, weights to 8 significant digits)."""
        doc = {
            "format": MODEL_FORMAT,
            "features": list(self.features),
            "weights": [float(f"{w:.8g}") for w in self.weights.tolist()],
            "novelty_power": self.novelty_power,
            "meta": dict(self.meta),
        }
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ModelError(f"the learned model file is not valid JSON ({exc})") from None
        if not isinstance(doc, dict) or doc.get("format") != MODEL_FORMAT:
            raise ModelError(f"the learned model file is not in format {MODEL_FORMAT!r}")
        return cls(
            features=tuple(doc["features"]),
            weights=np.asarray(doc["weights"], dtype=float),
            novelty_power=float(doc.get("novelty_power", NOVELTY_POWER)),
            meta=doc.get("meta", {}),
        )


@lru_cache(maxsize=1)
def load_model() -> LinearModel:
    """The packaged model, read once on first use."""
    try:
        text = (resources.files("diemtin") / "data" / MODEL_RESOURCE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelError(
            f"the learned model diemtin/data/{MODEL_RESOURCE} is missing ({exc}); "
            "rebuild it with scripts/train_model.py"
        ) from None
    return LinearModel.from_json(text)


# --------------------------------------------------------------------------------------------
# selection
# --------------------------------------------------------------------------------------------


def headline_matrix(pool: SentencePool, parts: PoolParts | None = None) -> np.ndarray:
    """The articles' headlines as weights over the pool's syllable-bigram columns.

    An article's *headline* is its title plus its first sentence (the lede, which states the
    news the title announces): the distinct bigrams of both that occur in the pool. Row ``a``
    spreads 1 evenly over article ``a``'s headline bigrams (a zero row for an article without
    sentences), so ``row @ covered`` is the share of the headline a summary covers.
    """
    parts = parts or pool_parts(pool)
    bigrams = parts.bigrams
    out = np.zeros((len(pool.articles), bigrams.shape[1]))
    if len(pool) == 0 or not parts.is_bigram.any():
        return out
    remap = np.cumsum(parts.is_bigram) - 1
    bounds = pool.article_bounds
    for a in np.flatnonzero(bounds[1:] > bounds[:-1]).tolist():  # the articles with sentences
        i = int(bounds[a])  # the article's first sentence
        cols = set(bigrams.indices[bigrams.indptr[i] : bigrams.indptr[i + 1]].tolist())
        title = pool.title_columns[a]
        cols.update(remap[title[parts.is_bigram[title]]].tolist())
        if cols:
            out[a, list(cols)] = 1.0 / len(cols)
    return out


#: A sentence that opens with a pronoun for someone the sentence before it named ("Nó có giá
#: lên tới 965.000 USD.", "Ông này cho biết ...") reads as nonsense without that sentence, so
#: it is not selected unless it opens its article. Measured (session 12, 5-fold CV): R-2
#: +0.01 on both corpora; connectives ("Tuy nhiên", "Đây là") would cost 0.3-0.4 and stay.
DANGLING = re.compile(
    r"^(?:Nó|Họ|Hắn|Chúng(?! tôi| ta| mình)"
    r"|(?:Người|Ông|Bà|Anh|Chị|Cô|Cậu|Cháu|Em|Đối tượng|Nghi phạm) này)\b"
)


# Nor is a line without an end mark once its closing quotes and brackets are set aside: a
# subheading or list title ("Phải có những đột phá thật sự", "Danh sách 23 cầu thủ xứ Wales
# tới Pháp", "3. Chính trị và các vấn đề dài hạn", "DANH SÁCH 23 CẦU THỦ MỸ"), a caption.
# A sentence inside a paragraph always ends in one, so this only ever drops a paragraph's
# last line. An audit of the summaries of both corpora (session 16) found 119 of the 123
# picks without an end mark to be such lines; R-2 over fold seeds 0-2: +0.05 / -0.08.
def _heading(text: str) -> bool:
    end = text.rstrip().rstrip(CLOSERS).rstrip()[-1:]
    return bool(end) and end not in END_MARKS


#: Nor are an interviewer's turns ("PV: Theo ông, …?"), questions, and lead-ins that end in a
#: colon: none states a fact on its own. Together −0.02 / −0.04 R-2 (session 13).
_INTERVIEW = re.compile(r"^(?:PV|P\.V|Phóng viên|Hỏi|Câu hỏi)\s*[:.-]", re.IGNORECASE)
_NO_STATEMENT_END = (":", "?", "?\"", "?”")


def _no_statement(text: str) -> bool:
    return text.rstrip().endswith(_NO_STATEMENT_END) or _INTERVIEW.match(text) is not None


#: Nor is a sentence in the first person with no quotation mark and no one said to speak:
#: the inside of a quotation that runs over several paragraphs, or an interview's answer
#: ("Khi còn làm việc ở Tây Ban Nha, tôi đã có 2 năm đối đầu với Guardiola."), whose "tôi"
#: a reader of the summary cannot place. 322 of 33,481 pool sentences say "tôi" or "chúng
#: tôi" without a quotation mark; R-2 over fold seeds 0-2: +0.07 / -0.00 (session 16).
#: ("tôi" in lower case, or opening the sentence: "Tôi thấy hoa vàng trên cỏ xanh" inside a
#: sentence is a film; not "tôi luyện", to temper)
_FIRST_PERSON = re.compile(r"(?:^(?:Tôi|Chúng tôi)|(?<!\w)tôi(?! luyện))(?!\w)")
_SPEECH = re.compile(
    r"(?<!\w)(?:nói(?! chung| riêng)|cho biết|cho hay|chia sẻ|khẳng định|tâm sự|bày tỏ"
    r"|(?<!đáng )(?<!bất )kể(?! từ| cả)|nhấn mạnh|tuyên bố|phát biểu|trả lời|viết)(?!\w)",
    re.IGNORECASE)


def _speakerless(text: str) -> bool:
    if "tôi" not in text and "Tôi" not in text:
        return False  # (substring tests first: the patterns cost more, and few sentences match)
    return (_FIRST_PERSON.search(text) is not None and not any(q in text for q in "\"“”")
            and _SPEECH.search(text) is None)


#: Nor is a roster, a line-up or a list of names under a label: "Thủ môn: Wayne Hennessey,
#: Danny Ward, Owain Fon Williams.", "Tiền đạo (5): Jamie Vardy (Leicester City), …", "Bãi
#: biển Mỹ Khê: Bóng chuyền, Bóng ném, Cầu mây." (a label of at most five words, then three
#: or more items of at most six words, each capitalised or numbered). 96 of 33,500 pool
#: sentences of the shared corpora, nearly all squads; R-2 over fold seeds 0-2: -0.01 / 0.00.
_LABEL = re.compile(r"^([^:,.;]{2,40}):\s+(.+?)\.?$")
_PARENTHESES = re.compile(r"\([^()]*\)")
_ITEM_SEPARATOR = re.compile(r"[,;]")


def _roster(text: str) -> bool:
    if ":" not in text[:48]:
        return False  # (the label's colon comes early: a cheap test before the patterns)
    m = _LABEL.match(text.strip())
    if not m or len(m.group(1).split()) > 5 or _SPEECH.search(m.group(1)):
        return False  # ("Ông Minh cho biết: Hà Nội, Huế, Đà Nẵng đều có mưa." is a statement)
    items = [x.strip() for x in _ITEM_SEPARATOR.split(_PARENTHESES.sub("", m.group(2)))]
    return len(items) >= 3 and all(
        x and (x[0].isupper() or x[0].isdigit()) and len(x.split()) <= 6 for x in items)


def _unselectable(pool: SentencePool) -> np.ndarray:
    """Sentences that open with a :data:`DANGLING` pronoun and do not open their article,
    headings (:func:`_heading`), questions, interviewers' turns and lead-ins
    (:func:`_no_statement`), first-person sentences with no speaker (:func:`_speakerless`)
    and rosters (:func:`_roster`)."""
    return np.array([(pos > 0 and DANGLING.match(s.text) is not None) or _heading(s.text)
                     or _no_statement(s.text) or _speakerless(s.text)
                     or _roster(s.text)
                     for pos, s in zip(pool.position.tolist(), pool.sentences, strict=True)],
                    dtype=bool)


def novelty_select(
    pool: SentencePool,
    scores: np.ndarray,
    budget: int,
    *,
    power: float = NOVELTY_POWER,
    headline: float = HEADLINE_WEIGHT,
    saturation: float = HEADLINE_SATURATION,
    sources: float | None = HEADLINE_SOURCES,
    overflow: bool = False,
    parts: PoolParts | None = None,
) -> list[int]:
    """Greedy selection by ``score × novelty ** power + headline × Δ`` (module docstring).

    ``Δ`` is the share of the articles' headlines (:func:`headline_matrix`) that a sentence
    would newly cover; with more than ``sources`` headlines, ``headline`` is scaled by
    ``(sources / n) ** 0.5``. Candidates are the pool's eligible sentences but those that lean
    on the sentence before them (:data:`DANGLING`) and headings (:func:`_unselectable`; all
    eligible ones when that leaves none; all non-empty ones when none is eligible). Returns
    indices in the order chosen. ``parts``: :func:`~diemtin.summarizer.features.pool_parts`
    of the pool when the caller has them.
    """
    n = len(pool)
    if n == 0 or budget < 1:
        return []
    alive = pool.eligible & ~_unselectable(pool)
    if not alive.any():
        alive = pool.eligible.copy()
    if not alive.any():
        alive = pool.lengths > 0
    if not alive.any():
        return []
    cand = scores[alive]
    lo, hi = float(cand.min()), float(cand.max())
    rel = (scores - lo) / (hi - lo) if hi > lo else np.ones(n)
    parts = parts or pool_parts(pool)
    bigrams = parts.bigrams
    inv_n = 1.0 / np.maximum(np.diff(bigrams.indptr), 1)
    uncovered = np.ones(bigrams.shape[1])
    if headline:
        head = headline_matrix(pool, parts)
        has_head = head.any(axis=1)
        n_head = max(int(has_head.sum()), 1)
        if sources is not None and n_head > sources:
            headline *= math.sqrt(sources / n_head)
        head_w = headline / (n_head * saturation)
        # only the headlines' bigrams matter to the term: work on those columns, dense
        head_cols = np.flatnonzero(head.any(axis=0))
        head = head[has_head][:, head_cols].T  # headline bigram × article
        slot = np.full(bigrams.shape[1], -1)
        slot[head_cols] = np.arange(head_cols.size)
        hits = slot[bigrams.indices]
        in_head = np.zeros((n, head_cols.size))  # sentence × headline bigram
        in_head[np.repeat(np.arange(n), np.diff(bigrams.indptr))[hits >= 0], hits[hits >= 0]] = 1.0
        covered = np.zeros(head.shape[1])
    lengths = pool.lengths
    chosen: list[int] = []
    used = 0
    while used < budget:
        if used and not overflow:  # what no longer fits never will (the budget rule of fits)
            alive &= lengths <= budget - used
        if not alive.any():
            break
        novelty = (bigrams @ uncovered) * inv_n
        alive &= novelty > 0  # a sentence whose every bigram is in already adds nothing
        if not alive.any():
            break
        gain = rel * (novelty * novelty if power == 2 else novelty**power)
        if headline:
            # new share of each headline, saturating at `saturation`, mean over the articles
            left = head * uncovered[head_cols, np.newaxis]
            new = np.minimum(covered + in_head @ left, saturation)
            gain = gain + head_w * (new - np.minimum(covered, saturation)).sum(axis=1)
        i = int(np.argmax(np.where(alive, gain, -np.inf)))
        alive[i] = False
        alive &= pool.similarity[i] <= NEAR_DUPLICATE  # no near-verbatim copy of it either
        chosen.append(i)
        used += int(lengths[i])
        cols = bigrams.indices[bigrams.indptr[i] : bigrams.indptr[i + 1]]
        if headline:
            covered += in_head[i] @ left
        uncovered[cols] = 0.0
    return chosen


@register("learned")
class Learned:
    """Linear sentence scorer (cluster consensus, position, titles, leads) with
    novelty-weighted greedy selection; see :mod:`diemtin.summarizer.learned`."""

    name = "learned"
    description = "learned linear sentence scorer with novelty-weighted greedy selection"
    #: β of the headline-coverage term (:data:`HEADLINE_WEIGHT`; 0 turns it off).
    headline: float = HEADLINE_WEIGHT
    #: Covered share at which an article's headline counts as covered.
    saturation: float = HEADLINE_SATURATION
    #: Sources beyond which β shrinks (:data:`HEADLINE_SOURCES`; None: never).
    headline_sources: float | None = HEADLINE_SOURCES

    def __init__(
        self,
        model: LinearModel | None = None,
        *,
        s3: Mapping[str, Sequence[S3Annotation]] | None = None,
        extra_train: Sequence[Cluster] = (),
        labels: str = "default",
        drop: Collection[str] = (),
        cache: dict[str, Examples] | None = None,
    ) -> None:
        self._model = model
        self.s3 = dict(s3 or {})
        self.extra_train = tuple(extra_train)
        self.labels = labels
        self.drop = tuple(drop)
        self._examples: dict[str, Examples] = {} if cache is None else cache

    @property
    def model(self) -> LinearModel:
        return self._model if self._model is not None else load_model()

    def scores(self, pool: SentencePool, parts: PoolParts | None = None) -> np.ndarray:
        """The model's score of every sentence of ``pool``."""
        return self.model.score(pool, parts)

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        if len(pool) == 0:
            return []
        parts = pool_parts(pool)
        return novelty_select(
            pool,
            self.scores(pool, parts),
            budget,
            power=self.model.novelty_power,
            headline=self.headline,
            saturation=self.saturation,
            sources=self.headline_sources,
            overflow=overflow,
            parts=parts,
        )

    def fitted(self, train: Sequence[Cluster]) -> Learned:
        """A copy trained on ``train`` plus ``extra_train`` (the cross-validation hook of
        :func:`~diemtin.evaluate.run.evaluate_methods`), with the same settings; annotators'
        choices from ``s3`` for the clusters it names, else each cluster's ``annotations``.
        Examples are cached by cluster id (``cache``, shared across folds and copies)."""
        clusters = [*train, *self.extra_train]
        model = train_model(
            clusters, s3=self.s3, labels=self.labels, drop=self.drop, cache=self._examples
        )
        copy = type(self).__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy._model = model
        return copy


# --------------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------------


def _bigram_counts(tokens: Sequence[str]) -> Counter[tuple[str, str]]:
    return Counter(itertools.pairwise(tokens))


def _overlap(a: Counter[Any], b: Counter[Any]) -> int:
    return sum(min(c, b[g]) for g, c in a.items() if g in b)


def _greedy_oracle(pool: SentencePool, refs: Sequence[Counter[Any]], budget: int) -> list[int]:
    """Sentences added greedily while they raise the mean ROUGE-2 F1 against ``refs``."""
    sent = [_bigram_counts(t) for t in pool.tokens]
    ref_n = [sum(r.values()) for r in refs]
    summary: Counter[Any] = Counter()
    hits = [0] * len(refs)
    n_sys = 0
    best = 0.0
    chosen: list[int] = []
    used = 0
    alive = [i for i in range(len(pool)) if pool.eligible[i]]
    while used < budget and alive:
        best_i, best_f, best_h = -1, best, hits
        for i in alive:
            c = sent[i]
            m = n_sys + sum(c.values())
            h = [
                hk + sum(min(v, r[g] - summary[g]) for g, v in c.items() if r.get(g, 0) > summary[g])
                for hk, r in zip(hits, refs, strict=True)
            ]
            f = sum(2.0 * hk / (m + rn) for hk, rn in zip(h, ref_n, strict=True) if m + rn)
            f /= len(refs)
            if f > best_f:
                best_i, best_f, best_h = i, f, h
        if best_i < 0:
            break
        chosen.append(best_i)
        alive.remove(best_i)
        summary.update(sent[best_i])
        n_sys += sum(sent[best_i].values())
        hits, best = best_h, best_f
        used += int(pool.lengths[best_i])
    return chosen


def _s3_choices(pool: SentencePool, annotations: Sequence[S3Annotation]) -> np.ndarray:
    """Share of annotators who chose each pool sentence."""
    from diemtin.evaluate.rouge import rouge_tokens

    out = np.zeros(len(pool))
    if not annotations:
        return out
    exact: dict[tuple[str, ...], list[int]] = {}
    for i, t in enumerate(pool.tokens):
        exact.setdefault(tuple(t), []).append(i)
    sets = [set(t) for t in pool.tokens]
    for ann in annotations:
        for label in ann.labels:
            if label.label != 1:
                continue
            toks = tuple(rouge_tokens(label.sentence))
            idx = exact.get(toks)
            if idx is None and toks:
                st = set(toks)
                j = max(range(len(pool)), key=lambda i: (len(st & sets[i]) / len(st | sets[i]), -i))
                idx = [j] if len(st & sets[j]) / len(st) >= S3_MATCH else []
            for j in idx or ():
                out[j] += 1.0 / len(annotations)
    return out


#: Label recipes: ``default`` (see :func:`combine_labels`), ``s3-lead-imputed`` (the same,
#: with the annotators' choice of a lead imputed from the body sentences it restates),
#: ``precision`` (bigram precision only), ``oracle`` (precision + oracle membership everywhere,
#: no annotator choices).
LABELS = ("default", "s3-lead-imputed", "precision", "oracle")


def _bigram_precision(pool: SentencePool, refs: Sequence[Counter[Any]]) -> np.ndarray:
    """Each sentence's syllable-bigram precision against each reference's bigram counts
    (clipped), averaged over the references."""
    precision = np.zeros(len(pool))
    for i, t in enumerate(pool.tokens):
        c = _bigram_counts(t)
        total = sum(c.values())
        if total:
            precision[i] = sum(_overlap(c, r) for r in refs) / (total * len(refs))
    return precision


def bigram_precision(pool: SentencePool, references: Sequence[str]) -> np.ndarray:
    """The ``precision`` part of :func:`label_parts` alone (no oracle run)."""
    from diemtin.evaluate.rouge import rouge_tokens

    return _bigram_precision(pool, [_bigram_counts(rouge_tokens(r)) for r in references])


def label_parts(
    pool: SentencePool,
    references: Sequence[str],
    s3: Sequence[S3Annotation] = (),
) -> dict[str, np.ndarray]:
    """Per-sentence label components: ``precision`` (syllable-bigram precision against each
    reference, clipped counts, averaged over the references), ``oracle`` (1 for sentences the
    greedy ROUGE-2 oracle picks at the gold budget) and ``s3`` (share of annotators who chose
    the sentence; absent without annotations)."""
    from diemtin.evaluate.rouge import rouge_tokens
    from diemtin.evaluate.score import gold_budget

    refs = [_bigram_counts(rouge_tokens(r)) for r in references]
    precision = _bigram_precision(pool, refs)
    oracle = np.zeros(len(pool))
    oracle[_greedy_oracle(pool, refs, gold_budget(references))] = 1.0
    parts = {"precision": precision, "oracle": oracle}
    if s3:
        chosen = _s3_choices(pool, s3)
        parts["s3"] = chosen
        # The annotators chose among body sentences only (no lead ever appears in s3/), so a
        # lead's choice is missing rather than 0; "s3-lead-imputed" fills it in from the body
        # sentences the lead restates. Measured: -1.1 R-2 on AbMuSu, +0.2 on ViMs, so the
        # default counts leads as not chosen (docs/benchmarks-learned.md).
        lead = pool.body_position < 0
        imputed = chosen.copy()
        if lead.any() and (~lead).any():
            imputed[lead] = (pool.similarity[np.ix_(lead, ~lead)] * chosen[~lead]).max(axis=1)
        parts["s3_lead"] = imputed
    return parts


def combine_labels(parts: Mapping[str, np.ndarray], recipe: str = "default") -> np.ndarray:
    """The regression target from :func:`label_parts`.

    ``default``: precision + annotator-choice share where a cluster has annotations (leads,
    which the annotators did not see, count as not chosen), else precision +
    ``ORACLE_WEIGHT`` × oracle membership.
    """
    if recipe == "precision":
        return parts["precision"]
    if recipe == "oracle":
        return parts["precision"] + ORACLE_WEIGHT * parts["oracle"]
    if recipe not in ("default", "s3-lead-imputed"):
        raise ValueError(f"unknown label recipe {recipe!r}: use one of {', '.join(LABELS)}")
    if "s3" in parts:
        return parts["precision"] + parts["s3_lead" if recipe == "s3-lead-imputed" else "s3"]
    return parts["precision"] + ORACLE_WEIGHT * parts["oracle"]


def sentence_labels(
    pool: SentencePool,
    references: Sequence[str],
    s3: Sequence[S3Annotation] = (),
    recipe: str = "default",
) -> np.ndarray:
    """The regression target of each pool sentence (:func:`combine_labels` of
    :func:`label_parts`)."""
    return combine_labels(label_parts(pool, references, s3), recipe)


Examples = tuple[np.ndarray, dict[str, np.ndarray]]


def _cluster_examples(cluster: Cluster, s3: Sequence[S3Annotation]) -> Examples:
    """Features and label parts of the selectable sentences of one cluster."""
    from diemtin.cleaner import clean_documents
    from diemtin.summarizer.pool import build_pool

    articles, _rejected = clean_documents(cluster.documents)
    pool = build_pool(articles)
    if len(pool) == 0:
        return np.zeros((0, len(FEATURE_NAMES))), {"precision": np.zeros(0), "oracle": np.zeros(0)}
    keep = pool.eligible
    parts = label_parts(pool, cluster.references, s3)
    return sentence_features(pool)[keep], {k: v[keep] for k, v in parts.items()}


def fit_ridge(
    x: np.ndarray, y: np.ndarray, alpha: float = RIDGE_ALPHA, weights: np.ndarray | None = None
) -> np.ndarray:
    """Ridge regression on standardised features, rows weighted by ``weights`` (normalised
    to mean 1; none: equal); returns weights on the raw features (the intercept is dropped:
    selection rescales scores per cluster)."""
    w = np.ones(len(y)) if weights is None else weights / weights.mean()
    mean = (w[:, np.newaxis] * x).sum(axis=0) / w.sum()
    sd = np.sqrt((w[:, np.newaxis] * (x - mean) ** 2).sum(axis=0) / w.sum())
    sd[sd < 1e-9] = 1.0  # a constant column (up to rounding of the weighted mean)
    z = (x - mean) / sd
    yc = y - (w * y).sum() / w.sum()
    zw = z * w[:, np.newaxis]
    beta = np.linalg.solve(z.T @ zw + alpha * np.eye(z.shape[1]), zw.T @ yc)
    return beta / sd


def train_model(
    clusters: Iterable[Cluster],
    *,
    s3: Mapping[str, Sequence[S3Annotation]] | None = None,
    alpha: float = RIDGE_ALPHA,
    labels: str = "default",
    drop: Collection[str] = (),
    cache: dict[str, Examples] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> LinearModel:
    """Fit the scorer on ``clusters`` (each with its references; annotators' choices from
    ``s3`` by cluster id, else each cluster's own ``annotations``; ``labels`` a recipe of
    :func:`combine_labels`; features named in ``drop`` get weight 0). ``cache`` (cluster
    id → examples) saves recomputing them across calls."""
    s3 = s3 or {}
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    ws: list[np.ndarray] = []
    for cluster in clusters:
        if cache is not None and cluster.id in cache:
            x, parts = cache[cluster.id]
        else:
            x, parts = _cluster_examples(cluster, s3.get(cluster.id, cluster.annotations))
            if cache is not None:
                cache[cluster.id] = (x, parts)
        xs.append(x)
        ys.append(combine_labels(parts, labels))
        # each cluster weighs √(its sentences): big clusters count more, not linearly more
        ws.append(np.full(len(x), 1.0 / math.sqrt(max(len(x), 1))))
    x_all = np.vstack(xs) if xs else np.zeros((0, len(FEATURE_NAMES)))
    if x_all.shape[0] < 2:
        raise ModelError("not enough sentences to train the learned model")
    unknown = set(drop) - set(FEATURE_NAMES)
    if unknown:
        raise ValueError(f"unknown features to drop: {', '.join(sorted(unknown))}")
    if drop:
        x_all = x_all.copy()
        x_all[:, [FEATURE_NAMES.index(f) for f in drop]] = 0.0
    weights = fit_ridge(x_all, np.concatenate(ys), alpha, np.concatenate(ws))
    if not all(math.isfinite(w) for w in weights):
        raise ModelError("training gave non-finite weights")
    info = {"alpha": alpha, "sentences": int(x_all.shape[0]), **(meta or {})}
    return LinearModel(FEATURE_NAMES, weights, NOVELTY_POWER, info)
