"""Score ready-made summaries (a folder of ``<cluster id>.txt``) against a corpus's references.

The protocol (``vims-dev-scored/README.md`` of the shared data, and ``diemtin eval``):

- budget = the cluster's gold length: the mean of its references' lengths in whitespace
  tokens, rounded with Python's :func:`round` (half to even);
- the system output is truncated to the budget keeping lines in order and cutting the last
  kept line (:func:`~diemtin.text.words.truncate_syllables`);
- ROUGE-1/2/L on syllables (:mod:`diemtin.evaluate.rouge`), F1 per reference averaged over the
  references, then macro-averaged over clusters, with bootstrap 95% CIs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from diemtin.errors import InputError, UsageError
from diemtin.evaluate.datasets import Cluster
from diemtin.evaluate.rouge import Agg, CorpusScores, SystemSplit, Unit, corpus_scores
from diemtin.ingest.encoding import decode_bytes
from diemtin.text.normalize import normalize_text
from diemtin.text.words import count_syllables, truncate_syllables
from diemtin.types import RejectedInput

__all__ = ["gold_budget", "score_outputs", "score_texts", "truncate_to_budget"]


def gold_budget(references: Sequence[str]) -> int:
    """Mean reference length in whitespace tokens, rounded half to even (``round``)."""
    if not references:
        raise UsageError("a gold budget needs at least one reference")
    return round(sum(count_syllables(r) for r in references) / len(references))


def truncate_to_budget(text: str, budget: int | None) -> str:
    """Keep the lines of ``text`` up to ``budget`` whitespace tokens (``None``: unchanged)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if budget is None:
        return "\n".join(lines)
    return "\n".join(truncate_syllables(lines, budget))


def score_texts(
    outputs: Sequence[str],
    clusters: Sequence[Cluster],
    *,
    budget: str = "gold",
    unit: Unit = "syllable",
    agg: Agg = "avg",
    n_boot: int = 1000,
    seed: int = 0,
    split_system: SystemSplit = "auto",
) -> CorpusScores:
    """Score ``outputs[i]`` against ``clusters[i].references`` (see the module protocol).

    ``budget="gold"`` truncates each output to its cluster's gold length, ``"none"`` scores
    it whole. ``split_system``: how ROUGE-L takes an output's sentences (:data:`SystemSplit`).
    """
    if budget not in ("gold", "none"):
        raise UsageError(f"unknown budget {budget!r} for scoring: use 'gold' or 'none'")
    if len(outputs) != len(clusters):
        raise UsageError(f"got {len(outputs)} outputs for {len(clusters)} clusters")
    pairs: list[tuple[str, Sequence[str]]] = []
    for text, cluster in zip(outputs, clusters, strict=True):
        limit = gold_budget(cluster.references) if budget == "gold" else None
        pairs.append((truncate_to_budget(text, limit), cluster.references))
    return corpus_scores(
        pairs, unit=unit, agg=agg, n_boot=n_boot, seed=seed, ids=[c.id for c in clusters],
        split_system=split_system,
    )


def score_outputs(
    output_dir: str | Path,
    clusters: Sequence[Cluster],
    *,
    budget: str = "gold",
    missing: str = "error",
    unit: Unit = "syllable",
    agg: Agg = "avg",
    n_boot: int = 1000,
    seed: int = 0,
    unreadable: list[RejectedInput] | None = None,
    no_output: list[str] | None = None,
    split_system: SystemSplit = "auto",
) -> CorpusScores:
    """Score a folder of system summaries named ``<cluster id>.txt`` (one sentence per line).

    ``missing="error"`` (default) raises :class:`~diemtin.errors.InputError` listing clusters
    without an output file; ``"empty"`` scores them as empty summaries (F1 0); ``"skip"``
    leaves them out of the average. An output file that cannot be read counts as missing,
    and is appended to ``unreadable`` (when given) with the reason; the id of every cluster
    without an output file is appended to ``no_output`` (when given; with ``"empty"`` or
    ``"skip"``), so that a caller can say which clusters were scored as empty or left out.
    Returns :class:`~diemtin.evaluate.rouge.CorpusScores`
    (mean P/R/F1 per ROUGE type, 95% CIs, per-cluster scores).
    """
    if missing not in ("error", "empty", "skip"):
        raise UsageError(f"unknown missing={missing!r}: use 'error', 'empty' or 'skip'")
    folder = Path(output_dir)
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder of system outputs (<cluster id>.txt files)")
    if not clusters:
        raise UsageError("no clusters to score")
    texts: list[str] = []
    kept: list[Cluster] = []
    absent: list[str] = []
    for cluster in clusters:
        path = folder / f"{cluster.id}.txt"
        text: str | None = None
        if path.is_file():
            try:
                text = normalize_text(decode_bytes(path.read_bytes(), str(path)))
            except (OSError, InputError) as exc:  # unreadable: as if missing (or fail now)
                reason = (exc.reason if isinstance(exc, InputError)
                          else f"cannot read the output ({exc.strerror or exc})")
                if missing == "error":
                    raise InputError(str(path), f"{reason}; fix the output, or pass --missing "
                                     "empty|skip to score it as empty or leave it out") from None
                if unreadable is not None:
                    unreadable.append(RejectedInput(str(path), reason))
        if text is None:
            absent.append(cluster.id)
            if no_output is not None and not path.is_file():
                no_output.append(cluster.id)
            if missing != "empty":
                continue
            text = ""
        texts.append(text)
        kept.append(cluster)
    if absent and missing == "error":
        shown = ", ".join(f"{a}.txt" for a in absent[:5]) + (" …" if len(absent) > 5 else "")
        raise InputError(
            str(folder),
            f"{len(absent)} of {len(clusters)} clusters have no output file ({shown}); "
            "name outputs <cluster id>.txt",
        )
    if not kept:
        raise InputError(str(folder), "no output file matches any cluster id")
    return score_texts(
        texts, kept, budget=budget, unit=unit, agg=agg, n_boot=n_boot, seed=seed,
        split_system=split_system,
    )
