"""Evaluation: Vietnamese-correct ROUGE, corpus loaders and scoring of system outputs.

- :mod:`diemtin.evaluate.rouge`: :func:`rouge_scores` (one summary), :func:`corpus_scores`
  (macro average + bootstrap CIs), :func:`bootstrap_ci`;
- :mod:`diemtin.evaluate.datasets`: :func:`load_dataset` (``vims``, ``abmusu``, ``vnmds``)
  returning :class:`Cluster` objects;
- :mod:`diemtin.evaluate.score`: :func:`score_outputs` (a folder of ``<cluster id>.txt``
  summaries against a corpus, with the gold-length budget).
"""

from __future__ import annotations

from diemtin.evaluate.datasets import (
    Cluster,
    S3Annotation,
    S3Label,
    load_abmusu,
    load_dataset,
    load_vims,
    load_vims_s3,
    load_vnmds,
)
from diemtin.evaluate.rouge import (
    ROUGE_TYPES,
    CorpusScores,
    Score,
    bootstrap_ci,
    corpus_scores,
    rouge_scores,
    rouge_tokens,
)
from diemtin.evaluate.score import gold_budget, score_outputs, score_texts, truncate_to_budget

__all__ = [
    "ROUGE_TYPES",
    "Cluster",
    "CorpusScores",
    "S3Annotation",
    "S3Label",
    "Score",
    "bootstrap_ci",
    "corpus_scores",
    "gold_budget",
    "load_abmusu",
    "load_dataset",
    "load_vims",
    "load_vims_s3",
    "load_vnmds",
    "rouge_scores",
    "rouge_tokens",
    "score_outputs",
    "score_texts",
    "truncate_to_budget",
]
