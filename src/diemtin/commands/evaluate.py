"""``diemtin eval``: score methods on a corpus side by side, or score ready-made summaries.

Two sub-commands; ``run`` is the default, so ``diemtin eval --dataset vims PATH`` and
``diemtin eval run --dataset vims PATH`` are the same:

- ``run``: summarise every cluster of a corpus with each method and print R-1/R-2/R-L F1 with
  95% CIs and ms/cluster (:func:`diemtin.evaluate.run.evaluate_methods`);
- ``score``: score a folder of summaries named ``<cluster id>.txt``
  (:func:`diemtin.evaluate.score.score_outputs`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from diemtin.cli import EXIT_OK, EXIT_PARTIAL
from diemtin.commands.common import write_output
from diemtin.errors import InputError, without_cli_hints
from diemtin.types import RejectedInput

DATASETS = ("vims", "abmusu", "vnmds")
_LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}


def _detect(path: Path, option: str = "--dataset") -> str:
    """Guess the corpus format of ``path`` when ``--dataset`` is not given."""
    from diemtin.evaluate.datasets import looks_like_vims

    if path.is_file():
        return "abmusu"
    if looks_like_vims(path):  # (Cluster_NNN/original/, or the release's original/ + summary/)
        return "vims"
    if path.is_dir():
        subs = [p for p in path.iterdir() if p.is_dir()][:20]
        if any(next(p.glob("*.body.txt"), None) for p in subs):
            return "vnmds"
        if next(path.glob("*.jsonl"), None):
            return "abmusu"
    how = (
        "give --dataset vims|abmusu|vnmds" if option == "--dataset"
        else f"name it, as in {option} vims:{path} (vims|abmusu|vnmds)"
    )
    raise click.UsageError(f"cannot tell the corpus format of {path}: {how}")


def _load(  # type: ignore[no-untyped-def]
    dataset: str | None, path: str, annotations: bool = False,
    skipped: list[RejectedInput] | None = None, unlabelled: bool = False,
):
    """``(format, clusters)``; ``unlabelled``: an AbMuSu file without any ``summary`` (the
    test split) is read, its clusters without references, instead of refused."""
    from diemtin.evaluate.datasets import load_abmusu, load_dataset

    name = dataset or _detect(Path(path))
    if unlabelled and name == "abmusu":
        return name, load_abmusu(path, skipped=skipped, allow_unlabelled=True)
    return name, load_dataset(name, path, annotations=annotations, skipped=skipped)


def _report_left_out(skipped: list[RejectedInput] | None) -> list[RejectedInput]:
    """Print one stderr line per cluster left out (as soon as the corpus is loaded); the
    list, with hints to options that ``eval`` lacks removed."""
    out = [RejectedInput(r.source, without_cli_hints(r.reason)) for r in skipped or []]
    for bad in out:
        click.echo(f"diemtin: skipped {bad} (cluster left out)", err=True)
    return out


def _left_out_note(left_out: list[RejectedInput], out_format: str,
                   stop: str = "--strict stops at the first one instead",
                   scored_empty: int = 0) -> str:
    """The line under a markdown table when clusters were left out (``stop``: the option
    that stops instead) or unreadable outputs were scored as empty."""
    if out_format == "json":
        return ""
    note = ""
    if left_out:
        note += (f"\n{len(left_out)} cluster(s) left out: unreadable or malformed files, "
                 f"listed on stderr ({stop}).\n")
    if scored_empty:
        note += (f"\n{scored_empty} unreadable output file(s) scored as empty summaries, listed "
                 "on stderr (--missing error stops at the first one instead).\n")
    return note


per_cluster_option = click.option(
    "--per-cluster", is_flag=True,
    help="Also give each cluster's R-1/R-2/R-L F1 (JSON: 'items'; markdown: a second table), "
         "for paired tests between methods.",
)


def _per_cluster_markdown(rows) -> str:  # type: ignore[no-untyped-def]
    """Each cluster's F1 ×100 per ROUGE type: one table, a row per (cluster, method) when
    ``rows`` (``[(method, CorpusScores)]``) name methods, per cluster for one unnamed row."""
    named = any(name for name, _ in rows)
    head = "| cluster |" + (" method |" if named else "") + " R-1 | R-2 | R-L |"
    lines = ["", "Per cluster (F1 ×100):", "", head,
             "|---|" + ("---|" if named else "") + "---|---|---|"]
    ids = rows[0][1].ids
    for i, cid in enumerate(ids):
        for name, scores in rows:
            cells = [f"{100 * scores.per_item[i][key].fmeasure:.2f}" for key in _LABELS]
            lines.append(f"| {cid} |" + (f" {name} |" if named else "") + f" {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


strict_option = click.option(
    "--strict", is_flag=True,
    help="Stop at the first cluster with an unreadable or malformed file (default: leave it "
         "out, list it on stderr and exit with 3).",
)


def _load_extra(spec: str, skipped: list[RejectedInput] | None = None):  # type: ignore[no-untyped-def]
    """The clusters of one ``--train-extra [FORMAT:]PATH``."""
    from diemtin.evaluate.datasets import load_dataset

    name, sep, rest = spec.partition(":")
    if sep and name.lower() in DATASETS:
        name, path = name.lower(), rest
    else:
        name, path = "", spec
    if not path:
        raise click.BadParameter(f"{spec!r} names no path", param_hint="'--train-extra'")
    if not Path(path).exists():
        raise click.BadParameter(f"path {path!r} does not exist", param_hint="'--train-extra'")
    return load_dataset(name or _detect(Path(path), "--train-extra"), path, skipped=skipped)


dataset_option = click.option(
    "--dataset", type=click.Choice(DATASETS), default=None,
    help="Corpus format of PATH (default: detected): ViMs folder, AbMuSu JSONL, VN-MDS folder.",
)
format_option = click.option(
    "--format", "out_format", type=click.Choice(["markdown", "json"]), default="markdown",
    show_default=True, help="Output format.",
)
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None,
    help="Write to this file instead of stdout.",
)


class DefaultGroup(click.Group):
    """A group that runs ``default_command`` when the first token names no sub-command."""

    default_command = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InputError as exc:  # eval has no --encoding / --max-bytes to point to
            raise InputError(exc.source, without_cli_hints(exc.reason)) from None


@click.group(
    "eval",
    cls=DefaultGroup,
    epilog="""Examples:

\b
  diemtin eval --dataset vims ../shared/data/vims-dev
  diemtin eval --dataset abmusu ../shared/data/abmusu-train/train.jsonl --method mmr --method lexrank
  diemtin eval --dataset vims ../shared/data/vims-dev --method learned --cv 5 --format json -o cv.json
  diemtin eval score ../shared/data/vims-dev-scored/mmr_0_5 --dataset vims ../shared/data/vims-dev

See 'diemtin eval run --help' and 'diemtin eval score --help' for all options.
""",
)
def eval_cmd() -> None:
    """Measure summaries with Vietnamese-correct ROUGE (syllables, diacritics kept).

    \b
    diemtin eval [run] --dataset vims|abmusu|vnmds PATH [--method M ...]
                 [--budget gold|ratio:R|none] [--limit N] [--cv K [--train-extra PATH ...]
                 [--fold-seed N]] [--save-outputs DIR] [--per-cluster] [--format markdown|json]
    diemtin eval score OUTPUT_DIR --dataset vims|abmusu|vnmds PATH [--missing error|empty|skip]
                 [--per-cluster] [--format markdown|json]

    'run' (the default) summarises every cluster with each method and prints ROUGE-1/2/L F1
    with 95% bootstrap CIs and ms/cluster, methods side by side; 'score' scores a folder of
    ready-made summaries named <cluster id>.txt. A split without reference summaries (the
    AbMuSu test file) can only be summarised: 'run --budget ratio:R --save-outputs DIR'.
    """


@eval_cmd.command(
    "run",
    epilog="""Examples:

\b
  diemtin eval --dataset vims ../shared/data/vims-dev        # every method, gold budget
  diemtin eval run --dataset vims ../shared/data/vims-dev --method mmr --limit 30
  diemtin eval --dataset abmusu train.jsonl --budget ratio:0.1 --format json -o abmusu.json
  diemtin eval --dataset vims ../shared/data/vims-dev --method learned --method mmr --cv 5
  diemtin eval --dataset vims ../shared/data/vims-dev --method learned --cv 5 \\
      --train-extra ../shared/data/abmusu-train/train.jsonl   # the packaged model's recipe
  diemtin eval abmusu_test.jsonl --budget ratio:0.1 --save-outputs out/  # no references:
      # writes out/<method>/line_NNN.txt for 'diemtin eval score', scores nothing
""",
)
@click.argument("path", type=click.Path(exists=True))
@dataset_option
@click.option("--method", "methods", multiple=True, metavar="NAME",
              help="Method to evaluate (repeat, or comma-separate); default: every registered "
                   "method (see 'diemtin summarize --list-methods').")
@click.option("--budget", default="gold", show_default=True, metavar="gold|ratio:R|none",
              help="Length: the cluster's gold length, R × the input length, or each method's "
                   "default budget (scored untruncated).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N clusters.")
@click.option("--cv", type=click.IntRange(min=2), default=None, metavar="K",
              help="K-fold cross-validation over clusters for methods that can be fitted "
                   "(fold = hash of the cluster id, seeded by --fold-seed; a fold with no "
                   "cluster is refused); other methods are unaffected.")
@click.option("--train-extra", "train_extra", multiple=True, metavar="[FORMAT:]PATH",
              help="With --cv: also train every fold on all clusters of this corpus (format "
                   "detected, or named as vims:PATH; repeatable; never scored). The packaged "
                   "model's recipe is ViMs + AbMuSu: score one with --train-extra the other.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("--fold-seed", type=int, default=0, show_default=True,
              help="With --cv: seed of the folds (a hash of '<fold seed>:<cluster id>'); the "
                   "published figures use 0.")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Bootstrap resamples for the 95% CIs.")
@click.option("--save-outputs", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Also write each method's summaries to DIR/<method>/<cluster id>.txt "
                   "(as scored, one sentence per line). For a split without reference "
                   "summaries (the AbMuSu test file) this is all it does, with --budget "
                   "ratio:R or none: nothing is scored.")
@per_cluster_option
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
@strict_option
@format_option
@output_option
def run_cmd(
    path: str, dataset: str | None, methods: tuple[str, ...], budget: str, limit: int | None,
    cv: int | None, train_extra: tuple[str, ...], seed: int, fold_seed: int, n_boot: int,
    save_outputs: str | None, per_cluster: bool, no_progress: bool, strict: bool,
    out_format: str, output: str | None,
) -> int:
    """Summarise every cluster of the corpus at PATH with each method and score the outputs.

    Each method runs end to end from the raw documents (cleaning, sentence pool, selection,
    ordering; that is what ms/cluster times). At the gold budget (the default: the mean
    reference length in syllables) the last sentence may cross the budget and the output is
    cut to it. The 'oracle' row is an upper bound: it chooses sentences by looking at the
    references.
    """
    from diemtin.evaluate.run import evaluate_methods, parse_budget, summarize_clusters

    parse_budget(budget)  # fail on a bad budget before loading the corpus
    names = [m.strip() for spec in methods for m in spec.split(",") if m.strip()] or None
    if train_extra and cv is None:
        raise click.UsageError("--train-extra only applies to cross-validation: add --cv K (e.g. --cv 5)")
    skipped: list[RejectedInput] | None = None if strict else []
    name, clusters = _load(dataset, path, annotations=cv is not None, skipped=skipped,  # s3/ trains only
                           unlabelled=True)
    if clusters and not clusters[0].references:  # an unlabelled split: summarise only
        _check_unlabelled(path, cv, budget, save_outputs)
        left_out = _report_left_out(skipped)
        run = summarize_clusters(clusters, names, budget=budget, limit=limit,
                                 progress=not no_progress, dataset=name)
        _save(save_outputs, run.ids, run.outputs.items())
        if out_format == "json":
            data = {"path": str(path), "outputs": save_outputs, **run.to_dict()}
            if left_out:
                data["left_out"] = [r.to_dict() for r in left_out]
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            text = _unscored_markdown(path, save_outputs, run)
        write_output(text + _left_out_note(left_out, out_format), output)
        return EXIT_PARTIAL if left_out else EXIT_OK
    broken = len(skipped or [])  # the corpus's own clusters left out (before --train-extra's)
    extra = [c for spec in train_extra for c in _load_extra(spec, skipped)]
    left_out = _report_left_out(skipped)
    _check_folds(path, cv, len(clusters), broken, limit)
    table = evaluate_methods(
        clusters, names, budget=budget, limit=limit, cv=cv, progress=not no_progress,
        n_boot=n_boot, seed=seed, fold_seed=fold_seed, dataset=name, train_extra=extra,
    )
    _save(save_outputs, table.ids, [(r.name, r.outputs) for r in table.results])
    if out_format == "json":
        data = {"path": str(path), **table.to_dict(per_cluster=per_cluster)}
        if left_out:
            data["left_out"] = [r.to_dict() for r in left_out]
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = table.to_markdown()
        if per_cluster:
            text += _per_cluster_markdown([(r.name, r.scores) for r in table.results])
    write_output(text + _left_out_note(left_out, out_format), output)
    return EXIT_PARTIAL if left_out else EXIT_OK


def _save(root: str | None, ids: Sequence[str],
          outputs: Iterable[tuple[str, Sequence[str]]]) -> None:
    """Write each method's summaries as ``root/<method>/<cluster id>.txt`` (``None``: not)."""
    if not root:
        return
    for method, texts in outputs:
        folder = Path(root) / method
        folder.mkdir(parents=True, exist_ok=True)
        for cid, text in zip(ids, texts, strict=True):
            (folder / f"{cid}.txt").write_text(text + "\n" if text else "", encoding="utf-8")


def _check_unlabelled(path: str, cv: int | None, budget: str, save_outputs: str | None) -> None:
    """An unlabelled split (no reference summaries) can only be summarised, with a budget
    that needs no reference, into --save-outputs."""
    if cv is not None:
        raise click.UsageError(f"--cv trains and scores on reference summaries, and {path} has "
                               "none (a test split?)")
    if not save_outputs:
        raise InputError(path, "no reference summaries: no line has a 'summary' (a test split?), "
                               "so there is nothing to score; add --save-outputs DIR (and "
                               "--budget ratio:R or none) to write each method's summaries as "
                               "DIR/<method>/<cluster id>.txt")
    if budget.strip().lower() == "gold":
        raise click.UsageError(f"--budget gold is each cluster's reference length, and {path} "
                               "has no reference summaries (a test split?): give --budget "
                               "ratio:R (e.g. ratio:0.1) or --budget none")


def _unscored_markdown(path: str, save_outputs: str | None, run) -> str:  # type: ignore[no-untyped-def]
    """The note and ms/cluster table of a run over an unlabelled split."""
    lines = [
        f"No reference summaries in {path} (a test split?): nothing scored. "
        f"{run.dataset}, {len(run.ids)} clusters, budget {run.budget}; summaries written to "
        f"{save_outputs}/<method>/<cluster id>.txt, named as 'diemtin eval score' expects.",
        "",
        "| method | ms/cluster | empty summaries |",
        "|---|---|---|",
    ]
    for name, texts in run.outputs.items():
        empty = sum(1 for text in texts if not text)
        lines.append(f"| {name} | {run.ms_per_cluster[name]:.1f} | {empty} |")
    if run.skipped_documents:
        lines += ["", f"{run.skipped_documents} documents were rejected by the cleaner."]
    return "\n".join(lines) + "\n"


def _check_folds(path: str, cv: int | None, n: int, broken: int, limit: int | None) -> None:
    """With ``--cv K``, fail as a data error (exit 1) when the clusters left out leave fewer
    than K to fold (the option value is fine: the corpus is short); a corpus or ``--limit``
    that is simply smaller than K stays a usage error, raised by the library."""
    if cv is None or not broken or (limit is not None and limit < cv) or n >= cv:
        return
    fix = (f"fix them, or choose --cv {n} or less" if n >= 2
           else "fix them (cross-validation needs at least 2 clusters)")
    raise InputError(path, f"--cv {cv} needs at least {cv} clusters, but only {n} are left "
                           f"({broken} cluster(s) left out as unreadable or malformed, listed "
                           f"above): {fix}")


#: A real system's output shares bigrams with its own cluster's references: on ViMs dev the
#: four vims-dev-scored systems have R-2 F1 below 5 on 2-5 of 200 clusters, while mmr_0_5's
#: outputs shifted by one cluster (outputs saved under another copy's ids) have it on 183.
_WEAK_R2 = 0.05


def _warn_if_misaligned(scores, absent: set[str]) -> None:  # type: ignore[no-untyped-def]
    """One stderr warning when most outputs (``absent``: the ids of clusters without a
    readable one aside) share almost no bigram with their references: the symptom of outputs
    named after other clusters."""
    weak = [cid for cid, item in zip(scores.ids, scores.per_item, strict=True)
            if item["rouge2"].fmeasure < _WEAK_R2 and cid not in absent]
    if len(weak) >= 3 and 2 * len(weak) > scores.n:
        click.echo(
            f"diemtin: warning: {len(weak)} of {scores.n} outputs share almost no bigram with "
            f"their cluster's references (R-2 F1 below {100 * _WEAK_R2:.0f}): are they named "
            "after the right clusters (ids of this copy of the corpus)?", err=True)


@eval_cmd.command(
    "score",
    epilog="""Examples:

\b
  diemtin eval score ../shared/data/vims-dev-scored/mmr_0_5 --dataset vims ../shared/data/vims-dev
  diemtin eval score outputs/ --dataset abmusu train.jsonl --format json
""",
)
@click.argument("output_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("path", type=click.Path(exists=True))
@dataset_option
@click.option("--budget", type=click.Choice(["gold", "none"]), default="gold", show_default=True,
              help="Cut each summary to the cluster's gold length, or score it whole.")
@click.option("--missing", type=click.Choice(["error", "empty", "skip"]), default="error",
              show_default=True,
              help="A cluster without an output file: fail, score it as empty, or leave it out "
                   "(empty and skip name those clusters on stderr; skip exits with 3).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Bootstrap resamples for the 95% CIs.")
@click.option("--rouge-l-sentences", "split_system", default="auto", show_default=True,
              type=click.Choice(["auto", "lines", "sentences"]),
              help="ROUGE-L's sentences of an output: its lines (rouge-score's rougeLsum), each "
                   "line split as the references are, or auto: lines, unless the output is "
                   "written as paragraphs (half again as many sentences as lines).")
@per_cluster_option
@strict_option
@format_option
@output_option
def score_cmd(
    output_dir: str, path: str, dataset: str | None, budget: str, missing: str, seed: int,
    n_boot: int, split_system: str, per_cluster: bool, strict: bool, out_format: str,
    output: str | None,
) -> int:
    """Score the summaries in OUTPUT_DIR (<cluster id>.txt, one sentence per line) against
    the references of the corpus at PATH.

    The protocol of vims-dev-scored/README.md: each summary is cut to the cluster's gold
    length (mean reference length in syllables), then ROUGE-1/2/L F1 on syllables, averaged
    over the references and macro-averaged over clusters, with 95% bootstrap CIs.
    """
    from diemtin.evaluate.score import score_outputs

    skipped: list[RejectedInput] | None = None if strict else []
    name, clusters = _load(dataset, path, skipped=skipped)
    left_out = _report_left_out(skipped)
    unreadable: list[RejectedInput] = []
    no_output: list[str] = []
    scores = score_outputs(
        output_dir, clusters, budget=budget, missing=missing, n_boot=n_boot, seed=seed,
        unreadable=unreadable, no_output=no_output,
        split_system=split_system,  # type: ignore[arg-type]  # (click.Choice)
    )
    for bad in unreadable:  # (--missing empty|skip: scored as empty, or left out)
        how = "scored as empty" if missing == "empty" else "left out"
        click.echo(f"diemtin: skipped {bad} ({how})", err=True)
    if no_output:  # (--missing empty|skip) one line: a test split may lack hundreds
        how = "scored as empty summaries" if missing == "empty" else "left out of the average"
        shown = ", ".join(f"{cid}.txt" for cid in no_output[:5])
        if len(no_output) > 5:
            shown += f", … ({len(no_output) - 5} more)"
        click.echo(f"diemtin: {len(no_output)} of {len(clusters)} clusters have no output file "
                   f"in {output_dir} ({how}): {shown}", err=True)
    _warn_if_misaligned(scores, {*no_output, *(Path(r.source).stem for r in unreadable)})
    scored_empty = unreadable if missing == "empty" else []
    if missing == "skip":  # an unreadable output leaves its cluster out as well
        left_out = [*left_out, *unreadable]
    if out_format == "json":
        data = {"outputs": str(output_dir), "dataset": name, "budget": budget,
                "rouge_l_sentences": split_system, **scores.to_dict(per_item=per_cluster)}
        if left_out:
            data["left_out"] = [r.to_dict() for r in left_out]
        if scored_empty:
            data["scored_empty"] = [r.to_dict() for r in scored_empty]
        if no_output:
            data["no_output_file"] = no_output
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        cells = []
        for key in _LABELS:
            lo, hi = scores.ci[key]
            cells.append(f"{100 * scores.f1(key):.2f} [{100 * lo:.2f}, {100 * hi:.2f}]")
        text = (
            f"ROUGE F1 ×100 (syllables, mean over {scores.n} clusters [95% bootstrap CI]); "
            f"{name}, budget {budget}\n\n"
            f"| outputs | {' | '.join(_LABELS.values())} |\n|---|---|---|---|\n"
            f"| {Path(output_dir).name} | {' | '.join(cells)} |\n"
        )
        if per_cluster:
            text += _per_cluster_markdown([("", scores)])
    stop = "--strict, or --missing error for an output file, stops at the first one instead"
    note = _left_out_note(left_out, out_format, stop, len(scored_empty))
    if no_output and out_format != "json":
        how = "scored as empty summaries" if missing == "empty" else "left out"
        note += (f"\n{len(no_output)} cluster(s) without an output file {how}, listed on "
                 "stderr (--missing error stops instead).\n")
    write_output(text + note, output)
    skipped_some = left_out or unreadable or (missing == "skip" and no_output)
    return EXIT_PARTIAL if skipped_some else EXIT_OK
