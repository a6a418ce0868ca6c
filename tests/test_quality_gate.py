"""Quality gate: the default method must not score below the floors pinned in
``tests/quality_baseline.json`` on a fixed subset of ViMs dev (the first 30 clusters).

Floors are per method name, so when ``DEFAULT_METHOD`` changes the gate uses the new default's
floors, and fails (asking for them) until they are added. Update the floors deliberately, in
their own commit, from the figures ``python benchmarks/quality.py --gate`` prints; never
silently lower them. Skipped cleanly when ``../shared`` is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diemtin.evaluate.datasets import load_vims
from diemtin.evaluate.run import evaluate_methods
from diemtin.summarizer.methods import DEFAULT_METHOD

BASELINE = Path(__file__).resolve().parent / "quality_baseline.json"
VIMS_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vims-dev"


def load_baseline() -> dict[str, object]:
    data: dict[str, object] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return data


def test_baseline_file_is_well_formed() -> None:
    data = load_baseline()
    assert data["dataset"] == "vims" and data["budget"] == "gold"
    assert isinstance(data["clusters"], int) and data["clusters"] >= 30
    methods = data["methods"]
    assert isinstance(methods, dict) and methods
    for name, floors in methods.items():
        for key in ("rouge1", "rouge2"):
            assert 0 < floors[key] <= floors["measured"][key], (name, key)


def test_default_method_meets_its_floors() -> None:
    if not VIMS_DEV.is_dir():
        pytest.skip(f"shared data not available: {VIMS_DEV}")
    data = load_baseline()
    methods = data["methods"]
    assert isinstance(methods, dict)
    floors = methods.get(DEFAULT_METHOD)
    if floors is None:
        pytest.fail(
            f"no quality floors for the default method {DEFAULT_METHOD!r} in {BASELINE.name}: "
            "run 'python benchmarks/quality.py --gate' and add them deliberately"
        )
    clusters = load_vims(VIMS_DEV)
    n = int(str(data["clusters"]))
    assert len(clusters) >= n
    table = evaluate_methods(
        clusters, [DEFAULT_METHOD], budget=str(data["budget"]), limit=n, progress=False, n_boot=10
    )
    scores = table[DEFAULT_METHOD].scores
    got = {key: 100 * scores.f1(key) for key in ("rouge1", "rouge2")}
    low = {key: (round(got[key], 2), floors[key]) for key in got if got[key] < floors[key]}
    assert not low, (
        f"{DEFAULT_METHOD} fell below its quality floors on the first {n} ViMs dev clusters "
        f"(measured, floor): {low}"
    )
