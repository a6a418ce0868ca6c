"""Peak memory of ingest on huge inputs: the 50 MB single line of the bad-input corpus, in
UTF-8 and in the legacy encodings, 100k tiny lines, and 50 MB of real-sized articles.

    python benchmarks/memory.py [--mb 50] [--keep DIR]

Every row runs in a fresh Python process (``--child``) so that its peak resident set size
(``ru_maxrss``) is its own. Inputs are generated in a temporary directory from the committed
2,000-syllable text (``tests/data/encodings/vietnamese_2000.txt``); no shared data is needed.
Prints a Markdown table and the machine. Target: every row under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _machine import machine  # noqa: E402

TEXT = (HERE.parent / "tests" / "data" / "encodings" / "vietnamese_2000.txt").read_text(encoding="utf-8")
LIMIT_MB = 1024


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    ``VmHWM`` from /proc is reset by exec; ``ru_maxrss`` is not on Linux (a child would report
    its parent's peak from before the exec), so it is only the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(spec: dict[str, object]) -> None:
    """Run one row and print {baseline_mb, peak_mb, seconds, outcome} as JSON."""
    import diemtin.cleaner
    import diemtin.ingest.encoding
    import diemtin.summarizer  # noqa: F401
    from diemtin.cli import main  # imports count in the baseline, not in the work

    baseline = _rss_mb()
    start = time.perf_counter()
    if spec["kind"] == "cli":
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(list(spec["argv"]))  # type: ignore[arg-type]
        lines = [ln for ln in err.getvalue().splitlines() if ln.startswith("diemtin: skipped")]
        outcome = f"exit {code}" + (f"; skipped: {lines[0].split(': ', 2)[-1]}" if lines else "")
    else:  # library: read + clean every article of a big file
        from diemtin.cleaner import clean_article
        from diemtin.errors import InputError
        from diemtin.ingest.read import read_inputs

        result = read_inputs([spec["path"]], max_bytes=int(spec["max_bytes"]))  # type: ignore[list-item]
        cleaned = 0
        for doc in result.documents:
            try:
                clean_article(doc)
                cleaned += 1
            except InputError:
                pass
        outcome = f"{len(result.documents):,} read, {cleaned:,} cleaned, {len(result.rejected)} rejected"
    seconds = time.perf_counter() - start
    print(json.dumps({"baseline_mb": baseline, "peak_mb": _rss_mb(), "seconds": seconds,
                      "outcome": outcome[:150]}))


def make_inputs(directory: Path, mb: int) -> list[tuple[str, dict[str, object]]]:
    """Write the inputs; return (label, child spec) rows."""
    from diemtin.ingest.legacy import encode_cp1258, encode_tcvn3, encode_vni

    size = mb * 1_000_000
    line = TEXT.replace("\n", " ") + " "
    rows: list[tuple[str, dict[str, object]]] = []
    raised = str(size + 16_000_000)
    for name, encode in (("utf-8", str.encode), ("tcvn3", encode_tcvn3), ("vni", encode_vni),
                         ("cp1258", encode_cp1258)):
        block = encode(line)  # type: ignore[operator]
        path = directory / f"single_line_{name}.txt"
        path.write_bytes((block * (size // len(block) + 1))[:size])  # exactly `size` bytes
        if name == "utf-8":
            rows.append((f"{mb} MB single line, UTF-8, default --max-bytes",
                         {"kind": "cli", "argv": ["summarize", str(path)]}))
        rows.append((f"{mb} MB single line, {name}, --max-bytes {int(raised) // 1_000_000} MB",
                     {"kind": "cli", "argv": ["summarize", str(path), "--max-bytes", raised]}))
    tiny = directory / "tiny_lines_100k.txt"
    tiny.write_text("Tiêu đề\n\n" + "\n".join(f"dòng {i}" for i in range(100_000)), encoding="utf-8")
    rows.append(("100,000 tiny lines (0.9 MB)", {"kind": "cli", "argv": ["summarize", str(tiny)]}))
    articles = directory / "articles.jsonl"
    paragraphs = [p for p in TEXT.split("\n\n") if len(p.split()) > 20]
    with articles.open("w", encoding="utf-8") as fh:
        written, n = 0, 0
        while written < size:
            body = "\n".join(paragraphs[(n + k) % len(paragraphs)] for k in range(4))
            rec = json.dumps({"title": f"Bài số {n}", "text": body}, ensure_ascii=False) + "\n"
            fh.write(rec)
            written += len(rec.encode())
            n += 1
    rows.append((f"{mb} MB JSONL, {n:,} articles: read + clean (library)",
                 {"kind": "library", "path": str(articles), "max_bytes": size * 3}))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=50, help="size of the big inputs (default 50)")
    ap.add_argument("--keep", type=Path, default=None, help="write the inputs here and keep them")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        rows = make_inputs(directory, args.mb)
        print("| input | outcome | seconds | peak RSS (MB) | of which imports (MB) |")
        print("|---|---|---:|---:|---:|")
        worst = 0.0
        for label, spec in rows:
            proc = subprocess.run(
                [sys.executable, __file__, "--child", json.dumps(spec)],
                capture_output=True, text=True, check=True,
            )
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            worst = max(worst, r["peak_mb"])
            print(f"| {label} | {r['outcome']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | "
                  f"{r['baseline_mb']:.0f} |", flush=True)
    print(f"\nworst peak: {worst:.0f} MB ({'under' if worst < LIMIT_MB else 'OVER'} the {LIMIT_MB} MB target)")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
