"""5-fold cross-validation of the ``learned`` method and its variants on both shared corpora.

    python scripts/cv_eval.py [--data ../shared/data]
                              [--variants all|default|headline|sensitivity|NAME,...]
                              [--no-baselines] [--no-sumy] [--no-speed] [--no-single]
                              [--json FILE]

For each corpus (ViMs dev, AbMuSu train) the clusters are split into 5 folds by a seeded
hash of the cluster id (:func:`diemtin.evaluate.run.cluster_fold`, seed 0). A model scoring
fold k is trained on the other 4 folds of that corpus plus every cluster of the other corpus
(never on a cluster it scores); the ViMs annotators' ``s3/`` choices are used for the ViMs
clusters in the training part. Scoring is ``diemtin eval``'s
(:func:`diemtin.evaluate.run.evaluate_methods`): gold budget, overflow, reading order with the
budget-crossing sentence last, output cut to the budget, syllable ROUGE F1 averaged over the
references then over clusters, 95% bootstrap CIs. Baselines (lead, centroid, MMR, sumy
LexRank) run in the same table.

One article (``--no-single`` skips it): ViMs dev with only each cluster's first article as
input, same references and folds, models trained on the full clusters: the case where the
consensus features are silent and the lead prior has to carry the summary.

Speed (``--no-speed`` skips it): ``diemtin.summarize`` end to end from the raw documents
(cleaning, pool, features, selection, ordering, citations) at the gold budget, for every ViMs
cluster, methods interleaved, each the best of 3 runs with the garbage collector off (both
as ``timeit`` does), with the packaged model; median and
p90 ms per cluster, the LexRank / learned ratio, and peak Python memory (tracemalloc) of one
learned summary.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _machine import machine  # noqa: E402
from diemtin.summarizer.learned import Learned  # noqa: E402
from diemtin.summarizer.pool import SentencePool  # noqa: E402
from diemtin.summarizer.select import greedy_fill, mmr_select  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
#: Runs per cluster and method in the speed table; the fastest counts (as with timeit).
SPEED_REPEATS = 3

POSITION = ("in_lead", "lead_first", "body_first", "body_second", "body_pos_inv",
            "body_pos_log", "rel_position")
CONSENSUS = ("centroid_others", "support_mean", "support_max", "support_share_20",
             "support_share_35", "support_share_50", "support_sum", "contain_max",
             "contain_early_mean", "df_bigram", "df_unigram", "df_bigram_idf",
             "bigram_df3_share", "names_consensus", "numbers_consensus")
TITLE_LEAD = ("title_own", "title_mean", "title_max", "title_others", "lead_mean",
              "first_body_mean")
SURFACE = ("numbers", "capitals", "quotes", "attribution", "question", "colon_end",
           "parentheses")
#: β values of the headline-coverage sweep (``--variants headline``: all of them).
HEADLINE_SWEEP = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
#: Saturation points of the sweep (1: the term is linear in the covered share).
HEADLINE_SATURATIONS = (1.0, 0.5, 0.3)
#: (β, saturation) pairs run by ``--variants headline``: the grid, then the points near the
#: smallest β that covers both headlines of the worked example (nato-russia, 120 syllables).
HEADLINE_GRID = (
    *((b, t) for t in HEADLINE_SATURATIONS for b in HEADLINE_SWEEP),
    (1.2, 0.5), (1.1, 0.6), (1.2, 0.6), (1.15, 0.7), (1.1, 0.8),
)
#: Shares of the true label mixed into the scores by ``--variants sensitivity``.
LABEL_MIXES = (0.01, 0.02, 0.03, 0.05)


class ThresholdSelect(Learned):
    """Learned scores, greedy by score, skipping sentences whose cosine with a chosen one
    exceeds ``threshold`` (1.01: no redundancy control)."""

    threshold = 0.3

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        ranking = np.argsort(-self.scores(pool), kind="stable").tolist()
        return greedy_fill(pool, ranking, budget, overflow=overflow, threshold=self.threshold)


class MMRSelect(Learned):
    """Learned scores rescaled to [0, 1], maximal marginal relevance with ``lam``."""

    lam = 0.3

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        s = self.scores(pool)
        e = pool.eligible if pool.eligible.any() else np.ones(len(pool), bool)
        lo, hi = float(s[e].min()), float(s[e].max())
        rel = (s - lo) / (hi - lo) if hi > lo else np.ones(len(pool))
        return mmr_select(pool, rel, budget, lam=self.lam, overflow=overflow)


class NoveltyPower(Learned):
    """The default selection with another novelty exponent."""

    power = 2.0

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        from diemtin.summarizer.learned import novelty_select

        return novelty_select(pool, self.scores(pool), budget, power=self.power,
                              headline=self.headline, saturation=self.saturation,
                              sources=self.headline_sources, overflow=overflow)


class OtherCorpusOnly(Learned):
    """Ignores the scored corpus's training folds: trained on the other corpus alone (the
    nearest stand-in here for a held-out corpus: unseen outlets, annotators and style)."""

    def fitted(self, train: Sequence[Any]) -> Learned:
        return super().fitted([])


class LabelMix(Learned):
    """Sensitivity analysis, not a summariser: the cross-validated scores mixed with a share
    ``mix`` of the scored cluster's own label, ``(1 - mix) × score + mix × precision`` (the
    sentence's syllable-bigram precision against the references), then the default selection.
    It reads the references, so it is an upper bound; it measures how much better the scorer
    would have to be to reach a given ROUGE."""

    mix = 0.02
    needs_references = True
    upper_bound = True
    _label: np.ndarray

    def scores(self, pool: SentencePool, parts: Any = None) -> np.ndarray:
        return (1 - self.mix) * super().scores(pool, parts) + self.mix * self._label

    def select_with_references(
        self, pool: SentencePool, budget: int, references: Sequence[str], overflow: bool = False
    ) -> list[int]:
        from diemtin.summarizer.learned import bigram_precision

        if len(pool) == 0:
            return []
        self._label = bigram_precision(pool, references)  # read by scores()
        return self.select(pool, budget, overflow)


def _variant(cls: type[Learned], name: str, **attrs: Any) -> Callable[..., Learned]:
    init_keys = {"labels", "drop"}

    def make(**kw: Any) -> Learned:
        m = cls(**kw, **{k: v for k, v in attrs.items() if k in init_keys})
        for k, v in attrs.items():
            if k not in init_keys:
                setattr(m, k, v)
        m.name = name  # type: ignore[misc]
        return m

    return make


#: name → (what it tests, factory(extra_train=, cache=)).
VARIANTS: dict[str, tuple[str, Callable[..., Learned]]] = {
    "learned": ("the default: all features, default labels, novelty² selection",
                _variant(Learned, "learned")),
    "labels=s3-lead-imputed": (
        "ViMs leads get the s3 choice of the body sentences they restate",
        _variant(Learned, "labels=s3-lead-imputed", labels="s3-lead-imputed"),
    ),
    "labels=precision": ("bigram precision only (no s3, no oracle)",
                         _variant(Learned, "labels=precision", labels="precision")),
    "labels=oracle": ("precision + 0.2 oracle everywhere (no s3)",
                      _variant(Learned, "labels=oracle", labels="oracle")),
    "own-corpus": ("trained on the scored corpus's other folds only",
                   _variant(Learned, "own-corpus")),
    "other-corpus": ("trained on the other corpus only, no cluster of the scored one",
                     _variant(OtherCorpusOnly, "other-corpus")),
    "-position": ("without the position features", _variant(Learned, "-position", drop=POSITION)),
    "-consensus": ("without the cross-article consensus features",
                   _variant(Learned, "-consensus", drop=CONSENSUS)),
    "-title/lead": ("without title / lead / first-sentence similarity",
                    _variant(Learned, "-title/lead", drop=TITLE_LEAD)),
    "-surface": ("without the surface-shape features", _variant(Learned, "-surface", drop=SURFACE)),
    "sel=none": ("greedy by score, no redundancy control",
                 _variant(ThresholdSelect, "sel=none", threshold=1.01)),
    "sel=cos0.3": ("greedy by score, skip cosine > 0.3 to a chosen sentence",
                   _variant(ThresholdSelect, "sel=cos0.3", threshold=0.3)),
    "sel=cos0.2": ("greedy by score, skip cosine > 0.2", _variant(ThresholdSelect, "sel=cos0.2",
                                                                 threshold=0.2)),
    "sel=mmr0.3": ("MMR λ=0.3 on rescaled scores", _variant(MMRSelect, "sel=mmr0.3", lam=0.3)),
    "sel=mmr0.5": ("MMR λ=0.5 on rescaled scores", _variant(MMRSelect, "sel=mmr0.5", lam=0.5)),
    "sel=novelty1": ("score × novelty", _variant(NoveltyPower, "sel=novelty1", power=1.0)),
    "sel=novelty3": ("score × novelty³", _variant(NoveltyPower, "sel=novelty3", power=3.0)),
    "headline=any-sources": ("headline term with the full β for any number of sources "
                             "(session 2's default)",
                             _variant(Learned, "headline=any-sources", headline_sources=None)),
    **{
        f"headline={b:g}/sat={t:g}": (
            f"headline-coverage weight β = {b:g}, saturation {t:g}",
            _variant(Learned, f"headline={b:g}/sat={t:g}", headline=b, saturation=t),
        )
        for b, t in HEADLINE_GRID
    },
    **{
        f"label-mix={t:g}": (
            f"sensitivity (upper bound): scores mixed with {t:g} × the scored cluster's own "
            "bigram-precision label",
            _variant(LabelMix, f"label-mix={t:g}", mix=t),
        )
        for t in LABEL_MIXES
    },
}


def _row(r: Any) -> dict[str, Any]:
    s = r.scores
    return {
        "method": r.name,
        "r1": 100 * s.f1("rouge1"), "r2": 100 * s.f1("rouge2"), "rl": 100 * s.f1("rougeL"),
        "r2_ci": [100 * v for v in s.ci["rouge2"]],
        "ms": r.ms_per_cluster, "cv": r.cross_validated,
    }


def cross_validate(
    data: Path, variants: Sequence[str], baselines: bool, sumy: bool
) -> dict[str, list[dict[str, Any]]]:
    from diemtin.evaluate import load_abmusu, load_vims
    from diemtin.evaluate.run import evaluate_methods

    vims = load_vims(data / "vims-dev")
    abmusu = load_abmusu(data / "abmusu-train" / "train.jsonl")
    corpora = {"vims": (vims, abmusu), "abmusu": (abmusu, vims)}
    cache: dict[str, Any] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    for corpus, (clusters, other) in corpora.items():
        methods: list[Any] = []
        if baselines:
            methods += ["lead", "centroid", "mmr"] + (["lexrank"] if sumy else [])
        for v in variants:
            extra = () if v == "own-corpus" else other
            methods.append(VARIANTS[v][1](extra_train=extra, cache=cache))
        t0 = time.perf_counter()
        table = evaluate_methods(clusters, methods, cv=5, progress=False, dataset=corpus)
        rows = [_row(r) for r in table.results]
        out[corpus] = rows
        print(f"\n## {corpus} ({len(clusters)} clusters, 5-fold CV, gold budget) "
              f"[{time.perf_counter() - t0:.0f} s]\n")
        print("| method | R-1 | R-2 [95% CI] | R-L | ms/cluster |")
        print("|---|---|---|---|---|")
        for r in rows:
            name = r["method"] + (" (CV)" if r["cv"] else "")
            lo, hi = r["r2_ci"]
            print(f"| {name} | {r['r1']:.2f} | {r['r2']:.2f} [{lo:.2f}, {hi:.2f}] | "
                  f"{r['rl']:.2f} | {r['ms']:.1f} |", flush=True)
    return out


class FullClusterTraining(Learned):
    """Trains on the full clusters whose ids it is given (for the one-article table)."""

    full: dict[str, Any] = {}  # noqa: RUF012

    def fitted(self, train: Sequence[Any]) -> Learned:
        return super().fitted([self.full[c.id] for c in train])


def single_article(data: Path) -> list[dict[str, Any]]:
    """ViMs dev with only each cluster's first article as input (references unchanged):
    does the learned scorer fall back on its lead prior when there is no consensus?"""
    from dataclasses import replace

    from diemtin.evaluate import load_abmusu, load_vims
    from diemtin.evaluate.run import evaluate_methods

    vims = load_vims(data / "vims-dev")
    abmusu = load_abmusu(data / "abmusu-train" / "train.jsonl")
    one = [replace(c, documents=c.documents[:1]) for c in vims]
    learned = FullClusterTraining(extra_train=abmusu)
    learned.full = {c.id: c for c in vims}
    table = evaluate_methods(one, ["lead", "mmr", learned], cv=5, progress=False)
    rows = [_row(r) for r in table.results]
    print("\n## ViMs dev, first article only (5-fold CV, trained on full clusters)\n")
    print("| method | R-1 | R-2 [95% CI] | R-L |")
    print("|---|---|---|---|")
    for r in rows:
        lo, hi = r["r2_ci"]
        print(f"| {r['method']} | {r['r1']:.2f} | {r['r2']:.2f} [{lo:.2f}, {hi:.2f}] | {r['rl']:.2f} |")
    return rows


def speed(data: Path, sumy: bool) -> dict[str, Any]:
    import diemtin
    from diemtin.evaluate import gold_budget, load_vims

    clusters = load_vims(data / "vims-dev")
    methods = ["learned", "mmr", "lead"] + (["lexrank"] if sumy else [])
    for m in methods:  # warm-up: imports, lazy model load
        diemtin.summarize(list(clusters[0].documents), max_words=200, method=m)
    times: dict[str, list[float]] = {m: [] for m in methods}
    # as timeit does, the garbage collector is off while timing: a collection triggered by
    # whatever else this process holds (the cross-validation run before) is not the method's
    gc.collect()
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        for c in clusters:
            budget = gold_budget(c.references)
            for m in methods:
                # best of SPEED_REPEATS runs per cluster, as timeit does: the other runs measure
                # what else the machine was doing
                best = math.inf
                for _ in range(SPEED_REPEATS):
                    t0 = time.perf_counter()
                    diemtin.summarize(list(c.documents), max_words=budget, method=m)
                    best = min(best, time.perf_counter() - t0)
                times[m].append(1000 * best)
    finally:
        if gc_was_on:
            gc.enable()
    tracemalloc.start()
    peak = 0
    for c in clusters:
        tracemalloc.reset_peak()
        diemtin.summarize(list(c.documents), max_words=gold_budget(c.references), method="learned")
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    res: dict[str, Any] = {}
    print(f"\n## Speed: diemtin.summarize end to end from raw documents, {len(clusters)} ViMs "
          f"dev clusters, gold budget, methods interleaved, best of {SPEED_REPEATS} runs per "
          "cluster\n")
    print("| method | median ms/cluster | p90 ms/cluster | mean ms/cluster |")
    print("|---|---|---|---|")
    for m in methods:
        t = sorted(times[m])
        res[m] = {"median": statistics.median(t), "p90": t[int(0.9 * (len(t) - 1))],
                  "mean": statistics.fmean(t)}
        print(f"| {m} | {res[m]['median']:.1f} | {res[m]['p90']:.1f} | {res[m]['mean']:.1f} |")
    if sumy:
        ratio = res["lexrank"]["median"] / res["learned"]["median"]
        res["lexrank_over_learned"] = ratio
        print(f"\nLexRank / learned (medians): {ratio:.1f}×")
    res["peak_mib_learned"] = peak / 2**20
    print(f"Peak traced Python memory of one learned summary (largest over the clusters): "
          f"{peak / 2**20:.1f} MiB")
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--variants", default="all", help="all, default, headline (the β sweep), sensitivity (the label-mix upper "
                    "bounds, not in all), or a comma list of names")
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--no-sumy", action="store_true", help="leave out sumy LexRank")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--no-single", action="store_true", help="skip the one-article table")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args()
    if args.variants == "all":
        names = [v for v in VARIANTS if not v.startswith("label-mix=")]
    elif args.variants == "default":
        names = ["learned"]
    elif args.variants == "headline":
        names = [v for v in VARIANTS if v.startswith("headline=")]
    elif args.variants == "sensitivity":
        names = ["learned", *(v for v in VARIANTS if v.startswith("label-mix="))]
    else:
        names = [v.strip() for v in args.variants.split(",") if v.strip()]
        unknown = [v for v in names if v not in VARIANTS]
        if unknown:
            print(f"unknown variants: {', '.join(unknown)}; known: {', '.join(VARIANTS)}",
                  file=sys.stderr)
            return 2
    sumy = not args.no_sumy
    if sumy:
        try:
            import sumy as _sumy  # noqa: F401
        except ImportError:
            print("sumy is not installed: LexRank left out", file=sys.stderr)
            sumy = False
    print("# learned method: 5-fold cross-validation\n")
    for v in names:
        print(f"- `{v}`: {VARIANTS[v][0]}")
    t0 = time.perf_counter()
    result: dict[str, Any] = {"cv": cross_validate(args.data, names, not args.no_baselines, sumy)}
    if not args.no_single:
        result["single_article"] = single_article(args.data)
    if not args.no_speed:
        result["speed"] = speed(args.data, sumy)
    result["machine"] = machine()
    print(f"\nMachine: {machine()}; total {time.perf_counter() - t0:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
