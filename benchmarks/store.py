"""What it costs a store to regroup its stories after each ingest, and what the grouping is worth.

    python benchmarks/store.py [--adds 60]

A store (temporary SQLite file) is filled with ViMs dev and AbMuSu train (2,735 articles).
Then a feed arrives: the dated ViMs dev articles again as plain text (title, date line, body),
published later (every date moved by the same amount, past the newest stored article, so
they are new stories), one ``add_documents`` call per day of publication, in order, as a
newsroom's daily ingest would. Each call cleans, stores and
regroups. Timed three ways over the first ``--adds`` days: a fresh grouping of every article
after each call (what every refresh did before session 10), the grouping the process keeps
(only new articles are added to it), and a new process for each call (it replays the adds
recorded in the database, then adds the new articles; the stories must be the same). Then the rest of the feed is added, and the
stories the kept grouping gives the feed articles are scored against their ViMs clusters
(B-cubed F1), next to a fresh regroup of the same store.

Prints the machine. Needs ../shared beside the repository.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine
from diemtin import store as store_mod
from diemtin.store import Store
from diemtin.stories.metrics import bcubed
from diemtin.types import RawDocument

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
VIMS = SHARED / "data" / "vims-dev"
ABMUSU = SHARED / "data" / "abmusu-train" / "train.jsonl"
CLUSTER = re.compile(r"Cluster_\d+")


def feed(store: Store) -> list[tuple[datetime, RawDocument, str]]:
    """The store's dated ViMs dev articles as new plain-text articles (title, date line,
    body), their dates moved to start a day after the newest stored article."""
    rows = [(s.article.published, s.article, m[0]) for s in store.articles()
            if s.article.published and (m := CLUSTER.search(s.source))]
    newest = max(r[0] for r in rows)
    shift = timedelta(days=(newest - min(r[0] for r in rows)).days + 1)
    out: list[tuple[datetime, RawDocument, str]] = []
    for when, art, cluster in rows:
        at = when + shift
        text = "\n\n".join([art.title or "", f"{at:%d/%m/%Y %H:%M}", *art.paragraphs])
        out.append((at, RawDocument(text=text, source=f"feed/{cluster}/{len(out)}.txt",
                                    format="news-text"), cluster))
    out.sort(key=lambda r: (r[0], r[1].source))
    return out


def by_day(items: list[tuple[datetime, RawDocument, str]]) -> list[list[tuple[datetime, RawDocument, str]]]:
    days: dict[object, list[tuple[datetime, RawDocument, str]]] = {}
    for item in items:
        days.setdefault(item[0].date(), []).append(item)
    return list(days.values())


MODES = {
    "fresh": "every article grouped afresh (every refresh before session 10)",
    "kept": "new articles added to the grouping the process kept",
    "replay": "a new process each day: the recorded adds replayed, then the new one",
}


def timed_adds(store: Store, days: list[list[tuple[datetime, RawDocument, str]]], mode: str) -> list[float]:
    secs = []
    for day in days:
        docs = [d for _, d, _ in day]
        if mode == "replay":
            store_mod._KEPT.clear()  # what a new `diemtin ingest` process starts with
        t0 = time.perf_counter()
        if mode == "fresh":
            store.add_documents(docs, refresh=False)
            store.refresh_stories(force=True)
        else:
            store.add_documents(docs)
        secs.append(time.perf_counter() - t0)
    return secs


def memberships(store: Store) -> set[str]:
    return {m for (m,) in store.conn.execute("SELECT members FROM stories")}


def feed_quality(store: Store, gold: dict[str, str]) -> tuple[float, int]:
    rows = store.conn.execute(
        "SELECT a.source, sa.story_id FROM articles a JOIN story_articles sa ON sa.article_id = a.id"
    ).fetchall()
    pairs = [(sid, gold[src]) for src, sid in rows if src in gold]
    return bcubed([p for p, _ in pairs], [g for _, g in pairs]).f1, len({p for p, _ in pairs})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--adds", type=int, default=60, help="days timed both ways (default 60)")
    args = ap.parse_args()
    if not VIMS.is_dir() or not ABMUSU.is_file():
        sys.exit(f"needs {VIMS} and {ABMUSU}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        with Store(db) as base:
            base.ingest_paths([VIMS, ABMUSU])
            n_base = base.counts()["articles"]
            base_secs = time.perf_counter() - t0
            items = feed(base)
        days = by_day(items)
        timed = days[: args.adds]
        gold = {d.source: c for _, d, c in items}
        results: dict[str, list[float]] = {}
        grouped: dict[str, set[str]] = {}
        for mode in MODES:
            copy = Path(tmp) / f"copy-{mode}.db"
            copy.write_bytes(db.read_bytes())
            store_mod._KEPT.clear()
            with Store(copy) as s:
                s.refresh_stories(force=True)  # as the store was left by its filling
                results[mode] = timed_adds(s, timed, mode)
                grouped[mode] = memberships(s)
                if mode == "kept":
                    t1 = time.perf_counter()
                    timed_adds(s, days[args.adds:], "kept")
                    rest_secs = time.perf_counter() - t1
                    f1_kept, n_kept = feed_quality(s, gold)
                    n_all = s.counts()["articles"]
                    t2 = time.perf_counter()
                    s.refresh_stories(force=True)
                    fresh_secs = time.perf_counter() - t2
                    f1_fresh, n_fresh = feed_quality(s, gold)
    n_timed = sum(len(d) for d in timed)
    print(f"## Regrouping a store after each ingest: {n_base:,} stored articles, then a feed of "
          f"{len(items):,} dated articles in {len(days)} daily ingests\n")
    print(f"Filling the store ({n_base:,} articles, one `ingest_paths`): {base_secs:.1f} s.\n")
    print(f"| each daily ingest (first {len(timed)} days, {n_timed:,} articles) | median s | p90 s | "
          "max s | total s |")
    print("|---|---:|---:|---:|---:|")
    for mode, label in MODES.items():
        secs = sorted(results[mode])
        p90 = secs[min(len(secs) - 1, int(0.9 * len(secs)))]
        print(f"| {label} | {statistics.median(secs):.3f} | {p90:.3f} | {secs[-1]:.3f} | "
              f"{sum(secs):.1f} |")
    same = "the same" if grouped["kept"] == grouped["replay"] else "NOT the same"
    print(f"\nAfter the timed days, the kept and the replayed groupings give {same} stories.")
    if len(days) > len(timed):
        print(f"\nThe other {len(days) - len(timed)} days with the kept grouping: {rest_secs:.1f} s "
              f"({len(items) - n_timed:,} articles).")
    print(f"\nA fresh regroup of the final store ({n_all:,} articles): {fresh_secs:.1f} s.")
    print("\n| stories of the feed articles | B-cubed F1 | stories |")
    print("|---|---:|---:|")
    print(f"| kept grouping, one add per day | {f1_kept:.4f} | {n_kept} |")
    print(f"| fresh regroup of the same store | {f1_fresh:.4f} | {n_fresh} |")
    print(f"\nMachine: {machine()}\n")


if __name__ == "__main__":
    main()
