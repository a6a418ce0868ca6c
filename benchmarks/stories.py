"""Story clustering: quality on the shared pools, speed and memory on a growing archive.

    python benchmarks/stories.py [--quality] [--archive] [--size 50000] [--step 1000]

Quality (``--quality``): ViMs dev (with the parsed publication dates), AbMuSu train (no
dates) and both pooled; articles shuffled with seed 0, each given as raw text "title, blank
line, lead, blank line, body" (so cleaning is part of the run); one default configuration.
B-cubed precision / recall / F1 and the adjusted Rand index against the corpus clusters.

Archive (``--archive``): the dated ViMs dev articles plus perturbed copies (sentences
shuffled, one dropped, seed = batch number) whose dates are shifted by 45 days per copy batch,
each batch a new set of stories, up to ``--size`` articles; added to one
:class:`~diemtin.stories.cluster.StoryIndex` in publication order, ``--step`` articles per
``add`` call. Times dedup + clustering only (articles are cleaned beforehand, timed apart);
prints the cumulative time and throughput at every 5,000 articles, the process's peak RSS,
the pairs the inverted index scored against all pairs in the time window, and the quality
at the end.

Both print the machine. Needs ../shared beside the repository.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import resource
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine
from diemtin.cleaner import clean
from diemtin.evaluate.datasets import load_abmusu, load_vims
from diemtin.stories.cluster import StoryIndex, cluster_stories
from diemtin.stories.metrics import adjusted_rand_index, bcubed
from diemtin.text.dates import parse_published, to_days
from diemtin.text.sentences import split_sentences
from diemtin.types import Article, RawDocument, Story

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
VIMS = SHARED / "data" / "vims-dev"
ABMUSU = SHARED / "data" / "abmusu-train" / "train.jsonl"
SEED = 0
SHIFT_DAYS = 45


def raw_text(doc: RawDocument) -> str:
    """'title, blank line, lead, blank line, body' as the issue asks."""
    return f"{doc.meta.get('title', '')}\n\n{doc.meta.get('lead', '')}\n\n{doc.text}"


def published_of(doc: RawDocument, art: Article | None = None) -> datetime | None:
    """The cleaner's date when it set one, else the ViMs header parsed here."""
    if art is not None and art.published is not None:
        return art.published
    return parse_published(doc.meta.get("published"))


def load_pool() -> list[tuple[str, str, datetime | None, str]]:
    """(raw text, gold story, date, corpus) for ViMs dev and AbMuSu train, shuffled."""
    items: list[tuple[str, str, datetime | None, str]] = []
    for c in load_vims(VIMS):
        for d in c.documents:
            items.append((raw_text(d), f"vims/{c.id}", published_of(d), "ViMs dev"))
    for c in load_abmusu(ABMUSU):
        for d in c.documents:
            items.append((raw_text(d), f"abmusu/{c.id}", None, "AbMuSu train"))
    random.Random(SEED).shuffle(items)
    return items


def labels(stories: Sequence[Story], n: int) -> list[int]:
    out = [-1] * n
    for k, s in enumerate(stories):
        for i in s.indices:
            out[i] = k
    return out


def quality() -> None:
    items = load_pool()
    print("## Story clustering quality (one default configuration)\n")
    print("| pool | articles | gold stories | found | B³ precision | B³ recall | B³ F1 | ARI | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, keep in (
        ("ViMs dev (dated)", lambda c: c == "ViMs dev"),
        ("AbMuSu train (undated)", lambda c: c == "AbMuSu train"),
        ("both pooled", lambda c: True),
    ):
        sub = [it for it in items if keep(it[3])]
        texts = [it[0] for it in sub]
        # the cleaner's own date wins when it parses one; else the ViMs header parsed here
        arts = [clean(t) for t in texts]
        dates = [a.published or it[2] for a, it in zip(arts, sub, strict=True)]
        t0 = time.perf_counter()
        stories = cluster_stories(texts, dates)
        secs = time.perf_counter() - t0
        pred = labels(stories, len(sub))
        gold = [it[1] for it in sub]
        b = bcubed(pred, gold)
        ari = adjusted_rand_index(pred, gold)
        print(f"| {name} | {len(sub)} | {len(set(gold))} | {len(stories)} | {b.precision:.4f} | "
              f"{b.recall:.4f} | {b.f1:.4f} | {ari:.4f} | {secs:.1f} |")
    # the incremental path: ViMs dev added one calendar day at a time (undated ones last)
    sub = [it for it in items if it[3] == "ViMs dev"]
    arts = [clean(it[0]) for it in sub]
    days: dict[object, list[int]] = {}
    for k, it in enumerate(sub):
        days.setdefault(it[2].date() if it[2] else None, []).append(k)
    order = sorted(days, key=lambda d: (d is None, str(d)))
    index = StoryIndex()
    added: list[int] = []
    t0 = time.perf_counter()
    for d in order:
        index.add([arts[k] for k in days[d]], [sub[k][2] for k in days[d]])
        added += days[d]
    secs = time.perf_counter() - t0
    stories = index.stories()
    pred = labels(stories, len(added))
    gold = [sub[k][1] for k in added]
    b = bcubed(pred, gold)
    print(f"| ViMs dev, one add() per day ({len(order)} adds) | {len(added)} | {len(set(gold))} | "
          f"{len(stories)} | {b.precision:.4f} | {b.recall:.4f} | {b.f1:.4f} | "
          f"{adjusted_rand_index(pred, gold):.4f} | {secs:.1f} |")
    print("\nSeconds include cleaning the raw texts (cluster_stories is given raw strings), except"
          " for the day-by-day run (cleaned beforehand).")
    print(f"\nMachine: {machine()}\n")


def perturb(art: Article, sentences: list[str], rng: random.Random, shift: timedelta,
            published: datetime) -> tuple[Article, datetime]:
    """A copy with its sentences shuffled and one dropped, published ``shift`` later."""
    sents = list(sentences)
    rng.shuffle(sents)
    if len(sents) > 1:
        del sents[rng.randrange(len(sents))]
    k = max(1, len(art.paragraphs))
    size = math.ceil(len(sents) / k) or 1
    paras = [" ".join(sents[i : i + size]) for i in range(0, len(sents), size)]
    return Article(title=art.title, paragraphs=paras, outlet=art.outlet,
                   source_path=art.source_path, published=published + shift), published + shift


def build_archive(size: int) -> tuple[list[Article], list[datetime], list[str], float]:
    """The growing archive, sorted by date: articles, dates, gold labels, cleaning seconds."""
    base: list[tuple[Article, datetime, str, list[str]]] = []
    t0 = time.perf_counter()
    for c in load_vims(VIMS):
        for d in c.documents:
            art = clean(raw_text(d))
            when = published_of(d, art)
            if when is None:
                continue
            sents = [s for p in art.paragraphs for s in split_sentences(p)]
            base.append((art, when, c.id, sents))
    clean_secs = time.perf_counter() - t0
    rows: list[tuple[datetime, int, Article, str]] = []
    batch = 0
    while len(rows) < size:
        rng = random.Random(batch)
        shift = timedelta(days=SHIFT_DAYS * batch)
        for art, when, cid, sents in base:
            if batch == 0:
                copy, at = art, when
            else:
                copy, at = perturb(art, sents, rng, shift, when)
            rows.append((at, len(rows), copy, f"{batch}/{cid}"))
            if len(rows) >= size:
                break
        batch += 1
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows], [r[0] for r in rows], [r[3] for r in rows], clean_secs / len(base)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def archive(size: int, step: int) -> None:
    arts, dates, gold, clean_each = build_archive(size)
    gc.collect()
    base_rss = rss_mb()
    index = StoryIndex()
    print(f"## Growing archive: {size:,} articles, {step:,} per add()\n")
    print("| articles | stories | cumulative s | articles/s (cumulative) | s per 1k (last step) | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    total = 0.0
    last_mark = 0.0
    mark = 5000
    for i in range(0, len(arts), step):
        t0 = time.perf_counter()
        index.add(arts[i : i + step], dates[i : i + step])
        dt = time.perf_counter() - t0
        total += dt
        n = min(i + step, len(arts))
        if n >= mark or n == len(arts):
            per_k = (total - last_mark) / ((n - (mark - 5000)) / 1000) if n > mark - 5000 else 0.0
            print(f"| {n:,} | {len(index._members):,} | {total:.1f} | {n / total:,.0f} | "
                  f"{per_k:.2f} | {rss_mb():,.0f} |", flush=True)
            last_mark = total
            mark += 5000
    stories = index.stories()
    pred = labels(stories, len(arts))
    b = bcubed(pred, gold)
    ari = adjusted_rand_index(pred, gold)
    st = index.stats
    days = np.sort(np.array([to_days(d) for d in dates]))
    window = index.config.window_days
    in_window = int((np.searchsorted(days, days + window, side="right") - np.arange(1, len(days) + 1)).sum())
    print(f"\nQuality on the archive: B³ precision {b.precision:.4f}, recall {b.recall:.4f}, "
          f"F1 {b.f1:.4f}, ARI {ari:.4f}; {len(stories):,} stories found, "
          f"{len(set(gold)):,} in the gold labels.")
    all_pairs = len(arts) * (len(arts) - 1) / 2
    print(f"Work: the inverted index reached {st.pairs_touched:,} pairs; {st.pairs_scored:,} "
          f"candidate pairs got a full cosine ({st.pairs_scored / all_pairs:.3%} of all "
          f"{all_pairs:,.0f} pairs, {st.pairs_scored / in_window:.1%} of the {in_window:,} pairs "
          f"published within {window:g} days of each other), "
          f"{st.edges:,} edges kept, {st.duplicate_pairs:,} wire-copy pairs, "
          f"{st.archived:,} articles archived, {st.chunks:,} chunks.")
    print(f"Peak RSS {rss_mb():,.0f} MB (before clustering: {base_rss:,.0f} MB, the archive "
          f"itself in memory). Cleaning, not timed above: {clean_each * 1000:.1f} ms per article.")
    print(f"\nMachine: {machine()}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quality", action="store_true", help="only the quality table")
    ap.add_argument("--archive", action="store_true", help="only the growing-archive run")
    ap.add_argument("--size", type=int, default=50_000)
    ap.add_argument("--step", type=int, default=1_000)
    args = ap.parse_args()
    if not VIMS.exists() or not ABMUSU.exists():
        sys.exit(f"needs the shared data in {SHARED / 'data'}")
    both = not (args.quality or args.archive)
    if args.quality or both:
        quality()
    if args.archive or both:
        archive(args.size, args.step)


if __name__ == "__main__":
    main()
