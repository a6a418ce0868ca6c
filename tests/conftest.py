"""Shared test fixtures: paths to ../shared (skipped cleanly when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = SHARED / "examples" / "nato-russia"
VIMS_DEV = SHARED / "data" / "vims-dev"
ABMUSU_TRAIN = SHARED / "data" / "abmusu-train" / "train.jsonl"
SHARED_DATA = SHARED / "data"

# small corpora built for the tests (tests/data/corpora)
CORPORA = REPO / "tests" / "data" / "corpora"
FIX_VIMS = CORPORA / "vims"
FIX_ABMUSU = CORPORA / "abmusu" / "sample.jsonl"
FIX_VNMDS = CORPORA / "vnmds"
FIX_OUTPUTS = CORPORA / "vims_outputs"


def need(path: Path) -> Path:
    """Skip the calling test when shared data at ``path`` is absent."""
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture
def example_dir() -> Path:
    return need(EXAMPLE)


@pytest.fixture
def vims_dev() -> Path:
    return need(VIMS_DEV)


@pytest.fixture
def abmusu_train() -> Path:
    return need(ABMUSU_TRAIN)


def vims_release(root: Path) -> Path:
    """The test ViMs corpus (:data:`FIX_VIMS`) laid out as CLC-HCMUS publishes ViMs:
    ``original/C/original``, ``summary/C`` and ``S3_summary/C``."""
    import shutil

    for c in sorted(p.name for p in FIX_VIMS.iterdir()):
        shutil.copytree(FIX_VIMS / c / "original", root / "original" / c / "original")
        shutil.copytree(FIX_VIMS / c / "summary", root / "summary" / c)
        if (FIX_VIMS / c / "s3").is_dir():
            shutil.copytree(FIX_VIMS / c / "s3", root / "S3_summary" / c)
    return root
