"""Run summarisation methods over a corpus and score them side by side (``diemtin eval``).

:func:`evaluate_methods` summarises every cluster with every method, scores the outputs with
:mod:`diemtin.evaluate.rouge` and returns an :class:`EvalTable` (R-1/R-2/R-L F1 with bootstrap
95% CIs and milliseconds per cluster per method; :meth:`EvalTable.to_markdown`,
:meth:`EvalTable.to_dict`). :func:`summarize_clusters` runs the same loop without scoring,
for a split that has no reference summaries (AbMuSu's test file).

Per cluster and method, end to end from the cluster's raw documents:

1. clean each document (:func:`diemtin.cleaner.clean_article`; documents it rejects are left
   out and counted), build the sentence pool (:func:`~diemtin.summarizer.build_pool`);
2. the budget: ``"gold"`` = the cluster's gold length (:func:`~diemtin.evaluate.score.gold_budget`,
   mean reference length in syllables), ``"ratio:R"`` = ``R`` × the input's syllables,
   ``"none"`` = the budget ``diemtin summarize`` uses without length options
   (:func:`~diemtin.summarizer.resolve_budget`);
3. select with ``overflow=True`` for ``gold`` and ``ratio:R`` (the last sentence may cross
   the budget) and order the sentences exactly as ``diemtin summarize`` does
   (:func:`~diemtin.summarizer.core.choose_sentences`: reading order, with the sentence that
   crossed the budget last); for ``none`` without overflow, as a user would get;
4. for ``gold`` and ``ratio:R`` the output is cut to the budget
   (:func:`~diemtin.evaluate.score.truncate_to_budget`, the protocol of
   ``vims-dev-scored``), which fills it exactly and cuts only the crossing sentence;
   ``none`` scores the summary whole.

The time reported is steps 1–3 (cleaning, pool, selection, ordering), per method, so a
method's ms/cluster is what a user pays for one summary (citations and rendering excepted);
each method first summarises the first cluster once untimed, so imports and lazy loads do not
land on whichever method runs first.

Methods are registry names (:func:`~diemtin.summarizer.available_methods`) or method
instances. Two optional hooks on a method object change how it is run:

``needs_references = True`` and ``select_with_references(pool, budget, references, overflow)``
    The method needs the reference summaries (the ``oracle`` baseline): the loop passes the
    cluster's references. A method with ``upper_bound = True`` is marked as an upper bound in
    the table (it has seen the answers).

``fitted(train_clusters) -> Method`` (cross-validation, ``cv=K`` / ``diemtin eval --cv K``)
    Each cluster is given a fold: a seeded stable hash of its id modulo ``K``
    (:func:`cluster_fold`; SHA-256 of ``"<fold seed>:<id>"``, so folds do not depend on the
    order or subset of clusters, nor on Python's hash seed; the fold seed is its own, 0 by
    default, apart from the bootstrap's). Folds are not balanced; a fold that would hold no
    cluster is refused. For every method instance that has a
    ``fitted`` method, the loop calls ``fitted(train)`` once per fold with the clusters of the
    other folds (:class:`~diemtin.evaluate.datasets.Cluster` objects with documents and
    references) and summarises that fold's clusters with the returned method; the time spent
    fitting is reported separately (``fit_s``), not in ms/cluster. Methods without ``fitted``
    are run as they are, whatever ``cv``. Without ``cv`` a learned method is run as
    registered (with whatever model it ships), so its scores on its own training data are
    not honest: use ``cv`` for those.

    ``train_extra`` (``diemtin eval --cv K --train-extra PATH``) adds the clusters of other
    corpora to every fold's training set; they are never scored. This is the protocol of
    issue 4 and of ``scripts/cv_eval.py``: a fold of ViMs is trained on the other ViMs folds
    plus all of AbMuSu, the recipe of the packaged model. An extra cluster that shares an
    article (same text, whitespace aside) with a scored cluster is left out and counted
    (``EvalTable.train_extra_skipped``), since training on it would teach the model about a
    cluster it scores; if every extra cluster is left out (the scored corpus passed again)
    that is an error. Extra clusters are renamed ``extra/<hash of their articles>/<id>``, so
    that ids shared between corpora (``Cluster_001`` of two ViMs-format corpora) never meet
    in a method's cache, even a cache shared across calls.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from diemtin.errors import OptionalDependencyError, UsageError
from diemtin.evaluate.datasets import Cluster
from diemtin.evaluate.rouge import ROUGE_TYPES, CorpusScores, corpus_scores
from diemtin.evaluate.score import gold_budget, truncate_to_budget

__all__ = [
    "EvalTable",
    "MethodResult",
    "SummaryRun",
    "cluster_fold",
    "default_methods",
    "evaluate_methods",
    "parse_budget",
    "run_method",
    "summarize_clusters",
]

#: Column order of the table when all methods are evaluated: our methods, the peer baselines,
#: anything else registered (learned, …), and the upper bound last.
_PREFERRED_ORDER = ("lead", "centroid", "mmr", "lexrank", "textrank")
_LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}


def parse_budget(budget: str) -> tuple[str, float | None]:
    """``"gold"`` → ``("gold", None)``, ``"ratio:0.1"`` → ``("ratio", 0.1)``, ``"none"``."""
    text = budget.strip().lower()
    if text in ("gold", "none"):
        return text, None
    if text.startswith("ratio:"):
        try:
            ratio = float(text.split(":", 1)[1])
        except ValueError:
            ratio = -1.0
        if not 0.0 < ratio <= 1.0:
            raise UsageError(f"bad budget {budget!r}: the ratio in 'ratio:R' must be in (0, 1]")
        return "ratio", ratio
    raise UsageError(f"unknown budget {budget!r}: use 'gold', 'ratio:R' (e.g. ratio:0.1) or 'none'")


def cluster_fold(cluster_id: str, k: int, seed: int = 0) -> int:
    """The cross-validation fold (``0..k-1``) of a cluster: seeded stable hash of its id."""
    if k < 2:
        raise UsageError(f"cross-validation needs at least 2 folds, got {k}")
    digest = hashlib.sha256(f"{seed}:{cluster_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % k


def _check_no_empty_fold(ids: Sequence[str], folds: Sequence[int], k: int, seed: int) -> None:
    """Raise when a fold holds no cluster (the hash does not balance folds: ``--limit 5
    --cv 5`` leaves one empty), naming a fold count that has none empty."""
    sizes = [folds.count(f) for f in range(k)]
    if all(sizes):
        return
    empty = [f for f, size in enumerate(sizes) if not size]
    fewer = next((j for j in range(k - 1, 1, -1)
                  if len({cluster_fold(i, j, seed) for i in ids}) == j), None)
    fix = f"use --cv {fewer} or " if fewer else "use "
    raise UsageError(
        f"--cv {k}: {'fold' if len(empty) == 1 else 'folds'} {', '.join(map(str, empty))} "
        "would hold no cluster (a fold is a hash "
        f"of the cluster id; the {len(ids)} clusters fall {'/'.join(map(str, sizes))}), so "
        f"this is not {k}-fold cross-validation: {fix}another --fold-seed (now {seed})")


def default_methods() -> list[str]:
    """Every registered method, in table order (ours, peer baselines, others, upper bounds)."""
    from diemtin.summarizer import available_methods, get_method

    names = available_methods()
    ordered = [n for n in _PREFERRED_ORDER if n in names]
    rest = [n for n in names if n not in ordered]
    upper = [n for n in rest if getattr(get_method(n), "upper_bound", False)]
    return ordered + [n for n in rest if n not in upper] + upper


@dataclass(frozen=True)
class MethodResult:
    """One method's row: corpus scores, time per cluster, and its outputs."""

    name: str
    scores: CorpusScores
    ms_per_cluster: float
    upper_bound: bool = False
    cross_validated: bool = False
    #: has a ``fitted`` hook but was scored with its packaged model (no ``cv``)
    packaged_model: bool = False
    #: the corpora the packaged model says it was trained on (its ``meta["trained_on"]``)
    trained_on: tuple[str, ...] = ()
    fit_s: float = 0.0
    outputs: tuple[str, ...] = field(default=(), repr=False)

    def to_dict(self, *, per_cluster: bool = False) -> dict[str, object]:
        """JSON-ready; ``per_cluster`` adds ``items``, each cluster's id and F1 per type."""
        scores = self.scores.to_dict(per_item=per_cluster)
        return {
            "method": self.name,
            "upper_bound": self.upper_bound,
            "cross_validated": self.cross_validated,
            "packaged_model": self.packaged_model,
            "trained_on": list(self.trained_on),
            "ms_per_cluster": round(self.ms_per_cluster, 3),
            "fit_s": round(self.fit_s, 3),
            **{k: v for k, v in scores.items() if k != "n"},
        }


@dataclass(frozen=True)
class EvalTable:
    """The result of :func:`evaluate_methods`: one :class:`MethodResult` per method."""

    results: tuple[MethodResult, ...]
    ids: tuple[str, ...]
    budget: str
    cv: int | None = None
    dataset: str | None = None
    skipped_documents: int = 0
    #: clusters of other corpora added to every fold's training set (``train_extra``)
    train_extra: int = 0
    #: extra clusters left out because they share an article with a scored cluster
    train_extra_skipped: int = 0

    @property
    def n_clusters(self) -> int:
        return len(self.ids)

    def __getitem__(self, name: str) -> MethodResult:
        for r in self.results:
            if r.name == name:
                return r
        raise KeyError(name)

    def to_dict(self, *, per_cluster: bool = False) -> dict[str, object]:
        """JSON-ready; ``per_cluster`` adds each method's per-cluster F1 (``items``)."""
        return {
            "dataset": self.dataset,
            "clusters": self.n_clusters,
            "budget": self.budget,
            "cv": self.cv,
            "train_extra_clusters": self.train_extra,
            "train_extra_skipped": self.train_extra_skipped,
            "skipped_documents": self.skipped_documents,
            "methods": [r.to_dict(per_cluster=per_cluster) for r in self.results],
        }

    def to_markdown(self) -> str:
        """A Markdown table: F1 ×100 with 95% CIs, ms/cluster; upper bounds marked."""
        what = f"{self.dataset}, " if self.dataset else ""
        cv = f", {self.cv}-fold cross-validation for learned methods" if self.cv else ""
        if self.cv and self.train_extra:
            cv += f" (each fold also trained on {self.train_extra} clusters of other corpora)"
        lines = [
            f"ROUGE F1 ×100 (syllables, mean over clusters [95% bootstrap CI]); "
            f"{what}{self.n_clusters} clusters, budget {self.budget}{cv}",
            "",
            "| method | R-1 | R-2 | R-L | ms/cluster |",
            "|---|---|---|---|---|",
        ]
        for r in self.results:
            name = r.name
            if r.upper_bound:
                name += " (upper bound, uses the references)"
            elif r.cross_validated:
                name += f" ({self.cv}-fold CV)"
            elif r.packaged_model:  # in-sample on its training corpora only: say which
                where = " + ".join(r.trained_on) or "its training corpora"
                name += (f" (packaged model: in-sample on {where}, use --cv 5 there; "
                         "out-of-sample elsewhere)")
            cells = []
            for key in ROUGE_TYPES:
                lo, hi = r.scores.ci[key]
                cells.append(f"{100 * r.scores.f1(key):.2f} [{100 * lo:.2f}, {100 * hi:.2f}]")
            lines.append(f"| {name} | {' | '.join(cells)} | {r.ms_per_cluster:.1f} |")
        if self.skipped_documents:
            lines += ["", f"{self.skipped_documents} documents were rejected by the cleaner."]
        if self.train_extra_skipped:
            lines += [
                "",
                f"{self.train_extra_skipped} extra training clusters were left out: they share "
                "an article with a scored cluster.",
            ]
        return "\n".join(lines) + "\n"


def _clean(cluster: Cluster) -> tuple[list[Any], int]:
    from diemtin.cleaner import clean_documents

    articles, rejected = clean_documents(cluster.documents)
    return articles, len(rejected)


def run_method(
    method: Any,
    cluster: Cluster,
    budget_kind: str,
    ratio: float | None = None,
) -> tuple[str, float, int]:
    """Summarise one cluster with one method object: ``(text, seconds, rejected documents)``.

    The text has one sentence per line and is already cut to the budget (``gold``/``ratio``).
    """
    from diemtin.summarizer import build_pool, resolve_budget
    from diemtin.summarizer.core import choose_sentences

    t0 = time.perf_counter()
    articles, bad = _clean(cluster)
    pool = build_pool(articles) if articles else None
    limit: int | None = None
    if pool is None or len(pool) == 0:
        ordered: list[int] = []
    else:
        total = int(pool.lengths.sum())
        if budget_kind == "gold":
            budget = limit = gold_budget(cluster.references)
        elif budget_kind == "ratio":
            budget = limit = resolve_budget(total, None, ratio)
        else:
            budget = resolve_budget(total, None, None)
        ordered = choose_sentences(
            pool, method, budget, overflow=limit is not None, references=cluster.references
        )
    elapsed = time.perf_counter() - t0
    if pool is None or not ordered:
        return "", elapsed, bad
    lines = [pool.sentences[i].text for i in ordered]
    return truncate_to_budget("\n".join(lines), limit), elapsed, bad


def _resolve(methods: Sequence[Any] | None) -> tuple[list[tuple[str, Any]], bool]:
    from diemtin.summarizer import get_method

    explicit = methods is not None
    names = list(methods) if methods is not None else default_methods()
    if not names:
        raise UsageError("no methods to evaluate")
    out: list[tuple[str, Any]] = []
    for m in names:
        impl = get_method(m) if isinstance(m, str) else m
        label = m if isinstance(m, str) else str(getattr(impl, "name", type(impl).__name__))
        if any(label == seen for seen, _ in out):
            raise UsageError(f"method {label!r} is listed twice")
        out.append((label, impl))
    return out, explicit


def _training_extra(
    scored: Sequence[Cluster], extra: Sequence[Cluster]
) -> tuple[list[Cluster], int]:
    """The extra clusters that share no article with a scored one, renamed
    ``extra/<hash>/<id>``, and how many were left out."""
    if not extra:
        return [], 0
    scored_docs = {_document_key(d) for c in scored for d in c.documents}
    kept: list[Cluster] = []
    for c in extra:
        keys = [_document_key(d) for d in c.documents]
        if scored_docs.isdisjoint(keys):
            digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
            kept.append(replace(c, id=f"extra/{digest}/{c.id}"))
    if not kept:
        raise UsageError(
            f"every one of the {len(extra)} extra training clusters shares an article with a "
            "scored cluster (the scored corpus passed to --train-extra?): cross-validation "
            "must never train on what it scores"
        )
    return kept, len(extra) - len(kept)


def _trained_on(impl: Any) -> tuple[str, ...]:
    """The corpora a method's packaged model names in ``model.meta["trained_on"]`` (the
    learned model: ``abmusu-train``, ``vims-dev``); ``()`` when it names none."""
    meta = getattr(getattr(impl, "model", None), "meta", None)
    names = meta.get("trained_on") if isinstance(meta, Mapping) else None
    return tuple(sorted(str(n) for n in names)) if isinstance(names, Mapping | list | tuple) else ()


def _document_key(doc: Any) -> str:
    text = " ".join(doc.text.split())
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _summarise_all(
    clusters: Sequence[Cluster],
    resolved: Sequence[tuple[str, Any]],
    explicit: bool,
    kind: str,
    ratio: float | None,
    progress: bool,
    model_for: Callable[[str, int], Any] = lambda label, ci: None,
) -> tuple[dict[str, list[str]], dict[str, float], set[str], int]:
    """Summarise every cluster with every method: the outputs and seconds per method, the
    methods dropped for a missing optional dependency, and the documents the cleaner
    rejected. ``model_for(label, cluster index)`` gives a fold's fitted model (``None``: the
    method as resolved)."""
    from tqdm import tqdm

    texts: dict[str, list[str]] = {label: [] for label, _ in resolved}
    seconds: dict[str, float] = {label: 0.0 for label, _ in resolved}
    dropped: set[str] = set()
    skipped_docs = 0
    bar = tqdm(
        total=len(clusters) * len(resolved), desc="eval", unit="run", file=sys.stderr,
        disable=None if progress else True, leave=False,
    )
    try:
        for ci, cluster in enumerate(clusters):
            for mi, (label, impl) in enumerate(resolved):
                if label in dropped:
                    bar.update(1)
                    continue
                fitted = model_for(label, ci)
                model = impl if fitted is None else fitted
                try:
                    if ci == 0:  # warm-up, not timed: imports and lazy loads of the method
                        run_method(model, cluster, kind, ratio)
                    text, dt, bad = run_method(model, cluster, kind, ratio)
                except OptionalDependencyError as exc:
                    if explicit:
                        raise
                    dropped.add(label)
                    bar.write(f"diemtin: left out method {label!r}: {exc}", file=sys.stderr)
                    bar.update(1)
                    continue
                bar.update(1)
                texts[label].append(text)
                seconds[label] += dt
                if mi == 0:
                    skipped_docs += bad
    finally:
        bar.close()
    return texts, seconds, dropped, skipped_docs


def evaluate_methods(
    clusters: Sequence[Cluster],
    methods: Sequence[Any] | None = None,
    budget: str = "gold",
    limit: int | None = None,
    cv: int | None = None,
    progress: bool = True,
    *,
    n_boot: int = 1000,
    seed: int = 0,
    fold_seed: int = 0,
    dataset: str | None = None,
    train_extra: Sequence[Cluster] = (),
) -> EvalTable:
    """Summarise and score ``clusters`` with each of ``methods`` (see the module docstring).

    ``methods``: names or method objects; ``None`` = every registered method
    (:func:`default_methods`), leaving out, with a note on stderr, those whose optional
    dependency is missing (a method named explicitly raises
    :class:`~diemtin.errors.OptionalDependencyError` instead). ``limit`` keeps the first
    ``limit`` clusters; ``cv`` = number of folds for methods with a ``fitted`` hook (a fold
    that would hold no cluster raises :class:`~diemtin.errors.UsageError`); ``seed`` seeds
    the bootstrap, ``fold_seed`` the folds (:func:`cluster_fold`), so that another bootstrap
    draw leaves the folds, and the cross-validated scores, as they are. ``progress`` shows a tqdm bar on stderr (when stderr
    is a terminal). ``train_extra``: clusters of other corpora added to every fold's
    training set (needs ``cv``; never scored; those sharing an article with a scored
    cluster are left out and counted).
    """
    kind, ratio = parse_budget(budget)
    if limit is not None:
        if limit < 1:
            raise UsageError(f"limit must be a positive number of clusters, not {limit}")
        clusters = list(clusters)[:limit]
    clusters = list(clusters)
    if not clusters:
        raise UsageError("no clusters to evaluate")
    if cv is not None and cv < 2:
        raise UsageError(f"--cv needs at least 2 folds, got {cv}")
    if cv is not None and cv > len(clusters):
        raise UsageError(f"--cv {cv} needs at least {cv} clusters, got {len(clusters)}")
    if train_extra and not cv:
        raise UsageError(
            "extra training corpora only apply to cross-validation: add --cv K (e.g. --cv 5)"
        )
    extra, extra_skipped = _training_extra(clusters, train_extra)
    resolved, explicit = _resolve(methods)

    # cross-validation: one fitted model per (method, fold)
    folds = [cluster_fold(c.id, cv, fold_seed) for c in clusters] if cv else []
    if cv:
        _check_no_empty_fold([c.id for c in clusters], folds, cv, fold_seed)
    models: dict[str, list[Any]] = {}
    fit_time: dict[str, float] = {}
    for label, impl in resolved:
        if cv and callable(getattr(impl, "fitted", None)):
            t0 = time.perf_counter()
            models[label] = [
                impl.fitted([*(c for c, f in zip(clusters, folds, strict=True) if f != k), *extra])
                for k in range(cv)
            ]
            fit_time[label] = time.perf_counter() - t0

    texts, seconds, dropped, skipped_docs = _summarise_all(
        clusters, resolved, explicit, kind, ratio, progress,
        lambda label, ci: models[label][folds[ci]] if label in models else None,
    )

    ids = [c.id for c in clusters]
    results = []
    for label, impl in resolved:
        if label in dropped:
            continue
        outs = texts[label]
        packaged = label not in models and callable(getattr(impl, "fitted", None))
        scores = corpus_scores(
            [(t, c.references) for t, c in zip(outs, clusters, strict=True)],
            n_boot=n_boot, seed=seed, ids=ids,
        )
        results.append(
            MethodResult(
                name=label,
                scores=scores,
                ms_per_cluster=1000.0 * seconds[label] / len(clusters),
                upper_bound=bool(getattr(impl, "upper_bound", False)),
                cross_validated=label in models,
                packaged_model=packaged,
                trained_on=_trained_on(impl) if packaged else (),
                fit_s=fit_time.get(label, 0.0),
                outputs=tuple(outs),
            )
        )
    if not results:
        raise UsageError("no method could be evaluated (missing optional dependencies?)")
    return EvalTable(
        results=tuple(results), ids=tuple(ids), budget=budget, cv=cv, dataset=dataset,
        skipped_documents=skipped_docs,
        # reported only where some method was trained on them
        train_extra=len(extra) if models else 0,
        train_extra_skipped=extra_skipped if models else 0,
    )


@dataclass(frozen=True)
class SummaryRun:
    """The result of :func:`summarize_clusters`: each method's summaries, not scored."""

    ids: tuple[str, ...]
    budget: str
    #: method name → its summaries, in the order of ``ids`` (one sentence per line)
    outputs: Mapping[str, tuple[str, ...]]
    ms_per_cluster: Mapping[str, float]
    dataset: str | None = None
    skipped_documents: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "clusters": len(self.ids),
            "budget": self.budget,
            "scored": False,
            "skipped_documents": self.skipped_documents,
            "methods": [
                {"method": name, "ms_per_cluster": round(self.ms_per_cluster[name], 3),
                 "empty_outputs": sum(1 for text in texts if not text)}
                for name, texts in self.outputs.items()
            ],
        }


def summarize_clusters(
    clusters: Sequence[Cluster],
    methods: Sequence[Any] | None = None,
    budget: str = "none",
    limit: int | None = None,
    progress: bool = True,
    *,
    dataset: str | None = None,
) -> SummaryRun:
    """Summarise ``clusters`` with each of ``methods`` exactly as :func:`evaluate_methods`
    does, without scoring: for a split without reference summaries (AbMuSu's test file,
    loaded with ``load_abmusu(..., allow_unlabelled=True)``), whose summaries are scored
    elsewhere. ``budget``: ``"ratio:R"`` or ``"none"`` (``"gold"`` needs references). With
    ``methods=None`` the methods that need the references (the oracle) are left out when
    a cluster has none; named, they raise :class:`~diemtin.errors.UsageError`.
    """
    kind, ratio = parse_budget(budget)
    clusters = list(clusters)[:limit] if limit is not None else list(clusters)
    if not clusters:
        raise UsageError("no clusters to summarise")
    unlabelled = any(not c.references for c in clusters)
    if kind == "gold" and unlabelled:
        raise UsageError("the gold budget is each cluster's reference length, and some clusters "
                         "have no reference: use a ratio:R or none budget")
    resolved, explicit = _resolve(methods)
    if unlabelled:
        needy = [label for label, impl in resolved if getattr(impl, "needs_references", False)]
        if needy and explicit:
            raise UsageError(f"method {needy[0]!r} needs the reference summaries, and the "
                             "clusters have none: choose another method")
        resolved = [(label, impl) for label, impl in resolved if label not in needy]
        if not resolved:
            raise UsageError("no method to run")
    texts, seconds, dropped, skipped_docs = _summarise_all(
        clusters, resolved, explicit, kind, ratio, progress)
    kept = [label for label, _ in resolved if label not in dropped]
    if not kept:
        raise UsageError("no method could be run (missing optional dependencies?)")
    return SummaryRun(
        ids=tuple(c.id for c in clusters), budget=budget,
        outputs=MappingProxyType({label: tuple(texts[label]) for label in kept}),
        ms_per_cluster=MappingProxyType(
            {label: 1000.0 * seconds[label] / len(clusters) for label in kept}),
        dataset=dataset, skipped_documents=skipped_docs,
    )
