"""Rebuild the packaged model of the ``learned`` method from the shared data.

    python scripts/train_model.py [--data ../shared/data] [--out src/diemtin/data/learned.json]
                                  [--check]

Trains :func:`diemtin.summarizer.learned.train_model` on every cluster of ViMs dev (200
clusters, references + the annotators' ``s3/`` sentence choices) and AbMuSu train (200
clusters, references) and writes the weights as JSON. The result is deterministic: the same
code and data give the same bytes (clusters in corpus order, float64 NumPy, weights written
to 8 significant digits, sorted keys). ``--check`` compares with the existing file instead
of writing it and exits 1 when they differ.

Needs only NumPy/SciPy (no scikit-learn). About a minute on one core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "diemtin" / "data" / "learned.json"


def build(data: Path) -> str:
    """The model file's text, trained on both shared corpora under ``data``."""
    from diemtin.evaluate import load_abmusu, load_vims
    from diemtin.summarizer.learned import train_model

    vims_dir = data / "vims-dev"
    abmusu_file = data / "abmusu-train" / "train.jsonl"
    vims = load_vims(vims_dir)
    abmusu = load_abmusu(abmusu_file)
    model = train_model(
        [*vims, *abmusu],
        meta={
            "trained_on": {"vims-dev": len(vims), "abmusu-train": len(abmusu)},
            "labels": "bigram precision vs references + s3 choice share (ViMs) "
            "or + 0.2 x greedy-oracle membership (AbMuSu)",
            "script": "scripts/train_model.py",
        },
    )
    return model.to_json()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the model file to write")
    ap.add_argument("--check", action="store_true", help="compare with --out, do not write")
    args = ap.parse_args()
    if not (args.data / "vims-dev").is_dir():
        print(f"no ViMs dev under {args.data}: pass --data", file=sys.stderr)
        return 2
    text = build(args.data)
    if args.check:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        same = old == text
        print(f"{args.out}: {'identical' if same else 'DIFFERENT'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
