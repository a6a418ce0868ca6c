"""Encoding detection accuracy on ViMs articles written in every supported encoding.

    python benchmarks/encodings.py [--articles N] [--chars 0,300,80]

Each ViMs dev article (../shared/data/vims-dev, NFC) is encoded in UTF-8, UTF-8 with BOM,
UTF-16, Windows-1258, TCVN3 and VNI (characters an encoding lacks become ``?``), optionally
cut to its first N characters, and given to :func:`diemtin.ingest.encoding.detect_and_decode`.
"detected" counts files whose detected encoding is the one used (any encoding reads an
ASCII-only file the same); "exact" those whose decoded text is also exactly the
(representable) original; a refusal (too little text to tell) is counted apart from a wrong
answer.
Prints a Markdown table, ms per file, and the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _machine import machine  # noqa: E402
from diemtin.errors import InputError  # noqa: E402
from diemtin.ingest.encoding import detect_and_decode  # noqa: E402
from diemtin.ingest.legacy import LegacyEncodeError, encode_cp1258, encode_tcvn3, encode_vni  # noqa: E402
from diemtin.text.normalize import normalize_text  # noqa: E402

VIMS = HERE.parents[1] / "shared" / "data" / "vims-dev"
ENCODERS = {
    "utf-8": lambda t, errors="strict": t.encode("utf-8"),
    "utf-8-sig": lambda t, errors="strict": t.encode("utf-8-sig"),
    "utf-16": lambda t, errors="strict": t.encode("utf-16"),
    "cp1258": encode_cp1258,
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
}


def representable(text: str, name: str) -> str:
    encode = ENCODERS[name]
    out = []
    for ch in text:
        try:
            encode(ch)
            out.append(ch)
        except (LegacyEncodeError, UnicodeEncodeError):
            out.append("?")
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=0, help="first N articles (default: all)")
    ap.add_argument("--chars", default="0,300,80", help="prefix lengths to test; 0 = whole article")
    args = ap.parse_args()
    files = sorted(VIMS.glob("Cluster_*/original/*.txt"))
    if not files:
        sys.exit(f"needs {VIMS}")
    files = files[: args.articles or None]
    texts = [normalize_text(f.read_text(encoding="utf-8")) for f in files]
    print("| encoding | prefix | files | detected | exact text | refused | wrong | ms/file |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for chars in (int(c) for c in args.chars.split(",")):
        for name, encode in ENCODERS.items():
            tally: Counter[str] = Counter()
            spent = 0.0
            for full in texts:
                text = full[:chars] if chars else full
                data = encode(text, errors="replace")  # type: ignore[operator]
                expected = representable(text, name) if name in ("cp1258", "tcvn3", "vni") else text
                start = time.perf_counter()
                try:
                    got, guess = detect_and_decode(data, "bench.txt")
                except InputError:
                    tally["refused"] += 1
                else:
                    detected = guess.encoding == name or text.isascii()
                    tally["detected"] += detected
                    tally["exact"] += detected and got == expected
                    tally["wrong"] += not detected
                spent += time.perf_counter() - start
            n = len(texts)
            print(f"| {name} | {chars or 'whole'} | {n} | {tally['detected'] / n:.2%} | "
                  f"{tally['exact'] / n:.2%} | {tally['refused']} | {tally['wrong']} | "
                  f"{spent / n * 1000:.1f} |", flush=True)
    print(f"\nmachine: {machine()}")


if __name__ == "__main__":
    main()
