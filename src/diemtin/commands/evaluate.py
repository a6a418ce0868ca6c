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
    skipped: list[RejectedInput] | None = None,
):
    from diemtin.evaluate.datasets import load_dataset

    name = dataset or _detect(Path(path))
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
                 [--budget gold|ratio:R|none] [--limit N] [--cv K [--train-extra PATH ...]]
                 [--format markdown|json]
    diemtin eval score OUTPUT_DIR --dataset vims|abmusu|vnmds PATH [--format markdown|json]

    'run' (the default) summarises every cluster with each method and prints ROUGE-1/2/L F1
    with 95% bootstrap CIs and ms/cluster, methods side by side; 'score' scores a folder of
    ready-made summaries named <cluster id>.txt.
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
                   "(fold = seeded hash of the cluster id); other methods are unaffected.")
@click.option("--train-extra", "train_extra", multiple=True, metavar="[FORMAT:]PATH",
              help="With --cv: also train every fold on all clusters of this corpus (format "
                   "detected, or named as vims:PATH; repeatable; never scored). The packaged "
                   "model's recipe is ViMs + AbMuSu: score one with --train-extra the other.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap and the folds.")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Bootstrap resamples for the 95% CIs.")
@click.option("--save-outputs", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Also write each method's summaries to DIR/<method>/<cluster id>.txt "
                   "(as scored, one sentence per line).")
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
@strict_option
@format_option
@output_option
def run_cmd(
    path: str, dataset: str | None, methods: tuple[str, ...], budget: str, limit: int | None,
    cv: int | None, train_extra: tuple[str, ...], seed: int, n_boot: int,
    save_outputs: str | None, no_progress: bool, strict: bool, out_format: str, output: str | None,
) -> int:
    """Summarise every cluster of the corpus at PATH with each method and score the outputs.

    Each method runs end to end from the raw documents (cleaning, sentence pool, selection,
    ordering; that is what ms/cluster times). At the gold budget (the default: the mean
    reference length in syllables) the last sentence may cross the budget and the output is
    cut to it. The 'oracle' row is an upper bound: it chooses sentences by looking at the
    references.
    """
    from diemtin.evaluate.run import evaluate_methods, parse_budget

    parse_budget(budget)  # fail on a bad budget before loading the corpus
    names = [m.strip() for spec in methods for m in spec.split(",") if m.strip()] or None
    if train_extra and cv is None:
        raise click.UsageError("--train-extra only applies to cross-validation: add --cv K (e.g. --cv 5)")
    skipped: list[RejectedInput] | None = None if strict else []
    name, clusters = _load(dataset, path, annotations=cv is not None, skipped=skipped)  # s3/ trains only
    broken = len(skipped or [])  # the corpus's own clusters left out (before --train-extra's)
    extra = [c for spec in train_extra for c in _load_extra(spec, skipped)]
    left_out = _report_left_out(skipped)
    _check_folds(path, cv, len(clusters), broken, limit)
    table = evaluate_methods(
        clusters, names, budget=budget, limit=limit, cv=cv, progress=not no_progress,
        n_boot=n_boot, seed=seed, dataset=name, train_extra=extra,
    )
    if save_outputs:
        root = Path(save_outputs)
        for r in table.results:
            folder = root / r.name
            folder.mkdir(parents=True, exist_ok=True)
            for cid, text in zip(table.ids, r.outputs, strict=True):
                (folder / f"{cid}.txt").write_text(text + "\n" if text else "", encoding="utf-8")
    if out_format == "json":
        data = {"path": str(path), **table.to_dict()}
        if left_out:
            data["left_out"] = [r.to_dict() for r in left_out]
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = table.to_markdown()
    write_output(text + _left_out_note(left_out, out_format), output)
    return EXIT_PARTIAL if left_out else EXIT_OK


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
              show_default=True, help="A cluster without an output file: fail, score it as empty, or leave it out.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Bootstrap resamples for the 95% CIs.")
@click.option("--per-cluster", is_flag=True, help="JSON: include each cluster's F1.")
@strict_option
@format_option
@output_option
def score_cmd(
    output_dir: str, path: str, dataset: str | None, budget: str, missing: str, seed: int,
    n_boot: int, per_cluster: bool, strict: bool, out_format: str, output: str | None,
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
    scores = score_outputs(
        output_dir, clusters, budget=budget, missing=missing, n_boot=n_boot, seed=seed,
        unreadable=unreadable,
    )
    for bad in unreadable:  # (--missing empty|skip: scored as empty, or left out)
        how = "scored as empty" if missing == "empty" else "left out"
        click.echo(f"diemtin: skipped {bad} ({how})", err=True)
    scored_empty = unreadable if missing == "empty" else []
    if missing == "skip":  # an unreadable output leaves its cluster out as well
        left_out = [*left_out, *unreadable]
    if out_format == "json":
        data = {"outputs": str(output_dir), "dataset": name, "budget": budget,
                **scores.to_dict(per_item=per_cluster)}
        if left_out:
            data["left_out"] = [r.to_dict() for r in left_out]
        if scored_empty:
            data["scored_empty"] = [r.to_dict() for r in scored_empty]
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
    stop = "--strict, or --missing error for an output file, stops at the first one instead"
    write_output(text + _left_out_note(left_out, out_format, stop, len(scored_empty)), output)
    return EXIT_PARTIAL if left_out or unreadable else EXIT_OK
