"""Time ``diemtin.summarize`` end to end from raw files (read + clean + summarise).

    python benchmarks/speed.py [--clusters 50] [--method NAME] [--repeat 5]

Prints a table (median / p90 ms per cluster) for the worked example and for ViMs dev clusters,
and the machine. Needs ../shared beside the repository.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import diemtin
from _machine import machine
from diemtin.ingest import read_inputs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def time_cluster(paths: list[Path], method: str | None, repeat: int) -> float:
    """Median seconds for one end-to-end summary of the files in ``paths``."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        docs = read_inputs(paths).documents
        diemtin.summarize(list(docs), method=method)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clusters", type=int, default=50)
    ap.add_argument("--method", default=None)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    example = SHARED / "examples" / "nato-russia"
    vims = SHARED / "data" / "vims-dev"
    if not example.exists():
        sys.exit(f"needs {SHARED} beside the repository")
    from diemtin.summarizer.methods import DEFAULT_METHOD

    method = args.method or DEFAULT_METHOD
    # warm-up: imports, lazy model load
    time_cluster([example], method, 1)
    rows = []
    ex = time_cluster([example], method, args.repeat * 4)
    rows.append(("nato-russia example (2 articles)", 1, ex * 1000, ex * 1000))
    clusters = sorted(p for p in vims.glob("Cluster_*") if p.is_dir())[: args.clusters]
    times = [time_cluster([c / "original"], method, args.repeat) for c in clusters]
    times.sort()
    p90 = times[int(0.9 * (len(times) - 1))]
    rows.append((f"ViMs dev, first {len(clusters)} clusters", len(clusters),
                 statistics.median(times) * 1000, p90 * 1000))
    tracemalloc.start()
    time_cluster([clusters[0] / "original"], method, 1)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"summarize speed, method={method}, end to end from raw files (read+clean+summarise)")
    print("| input | clusters | median ms/cluster | p90 ms/cluster |")
    print("|---|---|---|---|")
    for name, n, med, p in rows:
        print(f"| {name} | {n} | {med:.1f} | {p:.1f} |")
    print(f"\npeak traced Python memory for one ViMs cluster: {peak:.1f} MiB")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
