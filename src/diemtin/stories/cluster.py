"""Story clustering: group articles about one event, incrementally, without all-pairs work.

How it works (each constant below says what it was tuned on and the range tried):

1. **Features** (:mod:`diemtin.stories.features`): syllable 1-2-grams, log term frequency;
   headline and lead count three times; function syllables are left out.
2. **Chunks in time order.** New articles are sorted by publication time and processed in
   chunks of at most ``chunk_size`` articles spanning at most ``chunk_days``; undated ones
   come last.
3. **Blocking by time.** A chunk meets only the articles published within ``window_days``
   of it (found by binary search in a time-sorted index) and the undated ones. Term
   statistics (IDF) come from the articles within ``df_window_days`` (computed that far
   ahead of the clustering): what is rare *this week* names a story, whatever the archive
   held months ago. Undated chunks take their statistics from the undated articles when there
   are enough of them (``undated_stats_docs``), else from every live article. A group
   of wire copies counts once in the statistics. A small collection is topped up with
   pseudo-documents that hold every term once (``prior_fill``), so that the words of a
   pile of articles on one event still weigh.
4. **Candidate retrieval by an inverted index over rare terms.** Vectors keep the terms that
   occur in at least 2 and at most ``max_df_ratio`` of the collection (the rest cannot link
   two articles, or is boilerplate), weighted ``IDF ** idf_power``. Each new article looks
   up its ``query_terms`` heaviest terms (names, places, figures) in the inverted index of
   the window (a sparse product: only articles holding one of them are reached) and keeps
   its ``candidates`` best matches by that partial score. On the 50,000-article archive,
   candidate pairs are about 4% of the pairs published within the window, 0.04% of all
   pairs.
5. **Merge evidence**: the full cosine of the two vectors, for candidate pairs only; pairs
   where a date is unknown are discounted by ``undated_discount`` (with no time evidence,
   more text evidence is needed).
6. **Merge criterion: average linkage** on the resulting sparse graph (a missing edge counts
   as similarity 0): clusters merge, best pair first, while the mean similarity of all their
   cross pairs is at least ``threshold``. Only clusters the chunk touched can merge, and the
   articles of the last ``reopen_days`` are taken out of their stories and clustered again
   with the chunk, so the order of arrival (chunk boundaries, daily adds) matters little;
   older stories are never reclustered.
7. **Wire copies** (:mod:`diemtin.stories.dedup`) are found by MinHash LSH as articles come
   in and reported as ``Story.duplicate_groups`` (copies within one story). They are not
   forced together: a follow-up that reuses most of an earlier dispatch (the reward for the
   officers who refused a bribe, days after the bribe) is its own story.
8. **Retention.** Articles older than ``retention_days`` before the newest one are archived:
   their vectors and LSH entries are dropped and their stories are final. Memory is bounded
   by the articles of the last weeks, not by the size of the archive.

The result is deterministic: the same articles (and dates) in the same order give the same
stories, ids and order.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy import sparse

from diemtin.articles import ArticleLike, to_articles
from diemtin.errors import UsageError
from diemtin.stories.dedup import DUP_THRESHOLD, DUP_WINDOW_DAYS, DuplicateIndex, UnionFind
from diemtin.stories.features import (
    N_FEATURES,
    ArticleFeatures,
    Vocabulary,
    featurize,
    idf_weights,
    stack,
    weigh,
)
from diemtin.text.dates import to_days
from diemtin.types import Article, Story

# Tuning: B-cubed F1 on the shared pools (ViMs dev with dates, AbMuSu train without, both
# pooled; benchmarks/stories.py), one configuration for all. Figures in the comments are
# F1 ViMs / AbMuSu unless said otherwise.

#: Average-linkage cosine threshold. ViMs is flat at 0.980-0.981 from 0.10 to 0.13 and
#: falls off outside (0.09: 0.977, 0.14: 0.977); tried 0.06-0.18.
THRESHOLD = 0.12
#: Similarity factor when one of the two articles has no date: without time evidence, more
#: text evidence is needed. AbMuSu alone peaks at an effective threshold of 0.15-0.17
#: (0.932-0.938; 0.12: 0.925, 0.18: 0.921), hence 0.12 / 0.162 = 0.74; tried 0.6-1.0.
UNDATED_DISCOUNT = 0.74
#: Two articles more than this many days apart are never linked directly (a story lives
#: for days, and the same text 45 days later is a new story). ViMs stories span 0-3 days,
#: a few up to 7; 4 keeps apart same-topic events a few days apart (a bribe and, five days
#: later, the reward for the officers who refused it). 3: 0.980, 5: 0.976, 7: 0.976.
WINDOW_DAYS = 4.0
#: Term statistics of a chunk come from the articles published this many days around it
#: (0.981 for 7, 14 and unbounded on ViMs, which spans two weeks).
DF_WINDOW_DAYS = 7.0
#: IDF exponent: 2 weighs rare terms (names, places, figures) over topical vocabulary.
#: 1: 0.975 / 0.92; 2: 0.981 / 0.938; 3: no better than 2.
IDF_POWER = 2.0
#: Terms in fewer documents cannot link two articles; they only inflate the norm (without
#: this, 0.972 / 0.90). Applied to collections of MIN_DF_DOCS articles or more: in two or
#: three articles nearly every term is "unique".
MIN_DF = 2
MIN_DF_DOCS = 20
#: Undated articles take their term statistics from the other undated ones only when they
#: are at least this many (chunk included); fewer are too few and too varied a background,
#: and every live article is used instead. ViMs dev (dated) pooled with k AbMuSu stories
#: (undated), B³ F1 of the pool, undated statistics vs all articles' (mean of 3 seeds):
#: 16 undated articles 0.9789 vs 0.9819, 64: 0.9778 vs 0.9805, 125: 0.9776 vs 0.9796, 250:
#: 0.9756 vs 0.9753, 621: 0.9610 vs 0.9569. With few undated articles their own statistics
#: make everyday words rare, and an undated piece joins a dated story on them.
UNDATED_STATS_DOCS = 200
#: IDF smoothing: PRIOR_DOCS pseudo-documents holding every term PRIOR_DF times, so that in
#: a tiny collection (two articles) shared and unshared words weigh about the same; no
#: effect beyond a few hundred articles.
PRIOR_DOCS = 20.0
PRIOR_DF = 1.0
#: ... and in a collection of fewer than PRIOR_FILL articles, the prior tops it up to that
#: many. Without it, a pile of articles on one event (a newsroom's ten takes on one story)
#: made the event's own words common, hence weightless, and was split: ViMs clusters
#: clustered one at a time gave 2.06 stories per event (B³ F1 0.834), AbMuSu clusters five
#: at a time 1.58 (0.867). With 200: 1.05 (0.991) and 1.14 (0.961); two ViMs clusters at a
#: time 0.833 -> 0.971, nothing wrongly merged; 20 or 50 clusters at a time within ±0.001.
#: 400 splits less (0.993 / 0.970) but merges three short, unrelated articles that share
#: an outlet's sign-off; 1000 costs AbMuSu 20 at a time 0.005. The shared-pool table is
#: unchanged (its statistics collections are larger).
PRIOR_FILL = 200.0
#: Terms in more than this share of the collection are dropped (at least MAX_DF_FLOOR
#: documents are always allowed, for small inputs). 0.05-1.0 are alike; 0.02 loses 0.005 /
#: 0.02 (mid-frequency terms carry topic evidence).
MAX_DF_RATIO = 0.10
MAX_DF_FLOOR = 10
#: Candidate retrieval: an article queries the inverted index with its QUERY_TERMS heaviest
#: terms and keeps its CANDIDATES best matches (by that partial score) for the full cosine.
#: Quality is flat for 16-64 terms and 12-24 candidates; 8 candidates lose 0.003 on ViMs
#: (stories of 10-16 articles need their members among the candidates).
QUERY_TERMS = 32
CANDIDATES = 16
#: Edges weaker than this are not stored (their share of any cluster average is negligible;
#: 0 and 0.02 give the same stories).
EDGE_FLOOR = 0.02
#: Articles processed together, and the most days one chunk spans (a chunk spanning months
#: would mix the term statistics of unrelated weeks). 512/7: ViMs 0.981; 128: 0.977 before
#: reopening (below), 0.981 with it.
CHUNK_SIZE = 512
CHUNK_DAYS = 7.0
#: Articles of the last REOPEN_DAYS before a chunk are clustered again with it. Day-by-day
#: adds of ViMs: 0.968 without, 0.975 with 2 days (1 and 4: same as 2); batches unchanged.
REOPEN_DAYS = 2.0
#: Articles older than this (before the newest article seen) are archived.
RETENTION_DAYS = 30.0


@dataclass(frozen=True)
class ClusterConfig:
    """Tunable parameters of :class:`StoryIndex` (defaults: the module constants, which say
    what each one does and how it was chosen)."""

    threshold: float = THRESHOLD
    window_days: float = WINDOW_DAYS
    df_window_days: float = DF_WINDOW_DAYS
    undated_discount: float = UNDATED_DISCOUNT
    idf_power: float = IDF_POWER
    min_df: int = MIN_DF
    min_df_docs: int = MIN_DF_DOCS
    undated_stats_docs: int = UNDATED_STATS_DOCS
    prior_docs: float = PRIOR_DOCS
    prior_df: float = PRIOR_DF
    prior_fill: float = PRIOR_FILL
    max_df_ratio: float = MAX_DF_RATIO
    max_df_floor: int = MAX_DF_FLOOR
    edge_floor: float = EDGE_FLOOR
    query_terms: int = QUERY_TERMS
    candidates: int = CANDIDATES
    chunk_size: int = CHUNK_SIZE
    chunk_days: float = CHUNK_DAYS
    reopen_days: float = REOPEN_DAYS
    retention_days: float = RETENTION_DAYS
    dedup: bool = True
    dup_threshold: float = DUP_THRESHOLD
    dup_window_days: float = DUP_WINDOW_DAYS

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise UsageError(f"threshold must be in (0, 1], not {self.threshold}")
        if self.window_days <= 0 or self.df_window_days < self.window_days:
            raise UsageError("window_days must be > 0 and df_window_days >= window_days")
        if self.retention_days < self.df_window_days + self.window_days:
            raise UsageError("retention_days must be at least df_window_days + window_days")
        if self.chunk_size < 1:
            raise UsageError("chunk_size must be at least 1")


@dataclass
class IndexStats:
    """Counters of the work done, for benchmarks: pairs scored vs. all possible pairs."""

    articles: int = 0
    chunks: int = 0
    pairs_touched: int = 0  # pairs the inverted index reached (partial scores)
    pairs_scored: int = 0  # candidate pairs whose full cosine was computed
    edges: int = 0
    merges: int = 0
    duplicate_pairs: int = 0
    archived: int = 0


class StoryIndex:
    """Stories of a growing archive; :meth:`add` articles, read :meth:`stories`.

    >>> index = StoryIndex()
    >>> index.add(monday_articles)          # doctest: +SKIP
    >>> index.add(tuesday_articles)         # doctest: +SKIP  (only new chunks are compared)
    >>> index.stories()                     # doctest: +SKIP

    ``Story.indices`` are positions in the order articles were added (across calls).
    """

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self.stats = IndexStats()
        self._articles: list[Article] = []
        self._time: list[float] = []
        self._vocab = Vocabulary()
        self._features: dict[int, ArticleFeatures] = {}  # live articles only
        self._pending: set[int] = set()  # live articles of the current add, not yet clustered
        self._dated_live: list[tuple[float, int]] = []  # (time, position), sorted
        self._undated_live: list[int] = []  # positions, ascending
        self._dup_index = (
            DuplicateIndex(self.config.dup_threshold, self.config.dup_window_days)
            if self.config.dedup else None
        )
        self._dup_pairs: list[tuple[int, int]] = []
        self._dup_sets = UnionFind()  # all wire-copy groups, for term statistics
        self._newest = -math.inf
        # clusters, keyed by their smallest article position
        self._cluster_of: list[int] = []
        self._members: dict[int, list[int]] = {}
        self._adj: dict[int, dict[int, float]] = {}
        self._version: dict[int, int] = {}
        self._live: dict[int, int] = {}  # cluster -> number of live (not archived) members
        self._edges: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._nbrs: dict[int, dict[int, float]] = {}  # live article -> {article: similarity}
        self._final: set[int] = set()  # clusters with no live member left
        self._lut: np.ndarray | None = None  # feature id -> query column, see _lookup

    # ------------------------------------------------------------------ public

    def __len__(self) -> int:
        return len(self._articles)

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(self._articles)

    def add(
        self, items: Sequence[ArticleLike], published: Sequence[datetime | None] | None = None,
        *, on_progress: Callable[[int], None] | None = None,
    ) -> list[int]:
        """Add articles (raw strings, paths, :class:`Article` s) and update the stories.

        ``published`` (optional, one datetime or ``None`` per article) overrides
        ``Article.published``. ``on_progress`` is called with the number of articles done
        after each chunk. Returns the positions given to the new articles.
        """
        if isinstance(items, (str, Article)):
            items = [items]
        arts = to_articles(items)
        if published is not None and len(published) != len(arts):
            raise UsageError(
                f"published has {len(published)} dates for {len(arts)} articles: pass one "
                "datetime (or None) per article, in the same order"
            )
        start = len(self._articles)
        for k, art in enumerate(arts):
            when = published[k] if published is not None else art.published
            self._articles.append(art)
            self._time.append(to_days(when))
            self._cluster_of.append(start + k)
        positions = list(range(start, start + len(arts)))
        dated = sorted((p for p in positions if not math.isnan(self._time[p])),
                       key=lambda p: (self._time[p], p))
        undated = [p for p in positions if math.isnan(self._time[p])]
        # Features (and wire-copy lookups) run df_window_days ahead of clustering: a chunk's
        # term statistics see the articles around it on both sides, so a batch clustered at
        # once and a stream of daily adds weigh terms alike.
        ahead = dated + undated  # chunks are consecutive slices of this list
        done = end = 0
        chunks = [*_time_chunks(dated, self._time, self.config.chunk_size, self.config.chunk_days),
                  *_chunks(undated, self.config.chunk_size)]
        for chunk in chunks:
            end += len(chunk)
            until = self._time[chunk[-1]] + self.config.df_window_days
            if math.isnan(until):  # undated: no time to look ahead by, take them all
                end = len(ahead)
            while done < len(ahead) and (done < end or self._time[ahead[done]] <= until):
                self._featurize(ahead[done])
                done += 1
            self._process(chunk)
            if not undated:  # undated articles of this add may still need the old ones
                self._archive()
            if on_progress is not None:
                on_progress(len(chunk))
        self._archive()
        self.stats.articles = len(self._articles)
        return positions

    def adds_like_a_batch(self, published: Iterable[datetime | None]) -> bool:
        """Whether :meth:`add` groups articles published at these times about as well as
        one batch of every article would (see :func:`adds_like_a_batch`). Anything may be
        added to an empty index."""
        if not self._articles:
            return True
        newest = None if self._newest == -math.inf else _from_days(self._newest)
        return adds_like_a_batch(published, newest, self.config)

    def stories(self) -> list[Story]:
        """All stories, ordered by their first article's position."""
        n = len(self._articles)
        if n == 0:
            return []
        cluster = np.asarray(self._cluster_of, dtype=np.int64)
        degree = np.zeros(n, dtype=np.float64)
        if self._edges:
            src = np.concatenate([e[0] for e in self._edges])
            dst = np.concatenate([e[1] for e in self._edges])
            w = np.concatenate([e[2] for e in self._edges]).astype(np.float64)
            same = cluster[src] == cluster[dst]
            degree += np.bincount(src[same], weights=w[same], minlength=n)
            degree += np.bincount(dst[same], weights=w[same], minlength=n)
        # wire-copy groups: copies that ended up in one story (a copy that the text
        # similarity placed in another story, a follow-up reusing a dispatch, stays apart)
        dups = UnionFind()
        for p, q in self._dup_pairs:
            if self._cluster_of[p] == self._cluster_of[q]:
                dups.union(p, q)
        out: list[Story] = []
        for root in sorted(self._members):
            members = sorted(self._members[root])
            # title: the member most similar to the rest (ties: the earliest) that has one
            rep = max(members, key=lambda p: (bool(self._articles[p].title), degree[p], -p))
            times = [self._time[p] for p in members if not math.isnan(self._time[p])]
            groups: dict[int, list[int]] = {}
            for p in members:
                groups.setdefault(dups.find(p), []).append(p)
            out.append(
                Story(
                    indices=tuple(members),
                    articles=tuple(self._articles[p] for p in members),
                    id=f"s{root:06d}",
                    title=self._articles[rep].title,
                    start=_from_days(min(times)) if times else None,
                    end=_from_days(max(times)) if times else None,
                    duplicate_groups=tuple(tuple(g) for g in groups.values() if len(g) > 1),
                )
            )
        return out

    # ------------------------------------------------------------------ internals

    def _lookup(self, q: sparse.csr_matrix, xt: sparse.csr_matrix) -> sparse.csr_matrix:
        """Partial scores ``q @ xt.T`` through the inverted index of ``xt`` restricted to
        the query terms: the feature space is narrowed to the query terms first (a lookup
        table, not a transpose over all 5 million feature ids)."""
        if self._lut is None:
            self._lut = np.full(N_FEATURES, -1, dtype=np.int32)
        lut = self._lut
        terms = np.unique(q.indices)
        lut[terms] = np.arange(terms.size)
        try:
            col = lut[xt.indices]
            hit = col >= 0
            cum = np.concatenate([[0], np.cumsum(hit)])
            postings = sparse.csr_matrix((xt.data[hit], col[hit], cum[xt.indptr]),
                                         shape=(xt.shape[0], terms.size))
            queries = sparse.csr_matrix((q.data, lut[q.indices], q.indptr), shape=(q.shape[0], terms.size))
        finally:
            lut[terms] = -1
        return (postings @ queries.T.tocsr()).T

    def _featurize(self, p: int) -> None:
        f = self._features[p] = featurize(self._articles[p], self._vocab)
        self._pending.add(p)
        if math.isnan(self._time[p]):
            self._undated_live.append(p)
        else:
            bisect.insort(self._dated_live, (self._time[p], p))
        if self._dup_index is not None:
            for q in self._dup_index.add(p, f.shingles, self._time[p]):
                self._dup_pairs.append((q, p))
                self._dup_sets.union(p, q)
                self.stats.duplicate_pairs += 1

    def _process(self, chunk: list[int]) -> None:
        cfg = self.config
        st = self.stats
        st.chunks += 1
        feats = [self._features[p] for p in chunk]
        self._pending.difference_update(chunk)

        times = np.array([self._time[p] for p in chunk])
        in_chunk = set(chunk)
        # the live articles this chunk may meet: a time slice of the sorted dated ones (a
        # binary search, not a scan of the archive) and the undated ones
        if np.isnan(times[0]):
            dated_part = [p for _, p in self._dated_live]
        else:
            lo, hi = float(times.min()), float(times.max())
            a = bisect.bisect_left(self._dated_live, (lo - cfg.df_window_days, -1))
            b = bisect.bisect_right(self._dated_live, (hi + cfg.df_window_days, math.inf))
            dated_part = [p for _, p in self._dated_live[a:b]]
        live = np.array([p for p in dated_part + self._undated_live if p not in in_chunk], dtype=np.int64)
        live_t = np.array([self._time[p] for p in live.tolist()], dtype=np.float64)
        clustered = np.array([p not in self._pending for p in live.tolist()], dtype=bool)
        undated_live = np.isnan(live_t)
        # Term statistics come from the articles of the same time (undated articles: from
        # the other undated ones); comparisons reach every article that may share the story.
        if np.isnan(times[0]):  # an undated chunk meets every live article
            # statistics from the undated articles, unless they are too few to estimate them
            enough = int(undated_live.sum()) + len(chunk) >= cfg.undated_stats_docs
            in_df = undated_live if enough else np.ones(live.size, dtype=bool)
            in_cmp = clustered
        else:
            with np.errstate(invalid="ignore"):
                in_df = ~undated_live  # the slice is the statistics window
                near = (live_t >= lo - cfg.window_days) & (live_t <= hi + cfg.window_days)
            in_cmp = (near | undated_live) & clustered
        for p in chunk:
            self._cluster_of[p] = p
            self._members[p] = [p]
            self._adj[p] = {}
            self._version[p] = 0
            self._live[p] = 1

        # the collection: the chunk, then its statistics rows, then the comparison rows
        # that are not statistics rows (so the statistics rows are a prefix)
        df_pos = live[in_df]
        extra = in_cmp & ~in_df
        coll = np.concatenate([df_pos, live[extra]])
        rows = feats + [self._features[p] for p in coll.tolist()]
        tf = stack(rows)
        n_stat = len(chunk) + df_pos.size
        # document frequencies (feature ids are unique within a row), gathered back to the
        # stored entries: weights are computed for those only
        df_all = np.bincount(tf.indices[: tf.indptr[n_stat]], minlength=N_FEATURES)
        n_docs = n_stat - self._discount_copies((chunk + coll.tolist())[:n_stat], rows[:n_stat], df_all)
        df = df_all[tf.indices]
        max_df = max(cfg.max_df_floor, cfg.max_df_ratio * n_docs)
        min_df = cfg.min_df if n_docs >= cfg.min_df_docs else 1
        weights = idf_weights(df, n_docs, min_df=min_df, max_df=max_df, power=cfg.idf_power,
                              prior_docs=max(cfg.prior_docs, cfg.prior_fill - n_docs),
                              prior_df=cfg.prior_df)
        x = weigh(tf, weights)
        k = len(chunk)
        # query terms are picked among the chunk's terms that another article holds (a term
        # seen once cannot retrieve anything; in small collections it may still weigh most)
        head = slice(0, int(x.indptr[k]))
        held = df[head] >= 2
        if not held.all():
            elsewhere = np.zeros(N_FEATURES, dtype=bool)
            elsewhere[tf.indices[int(tf.indptr[k]):]] = True
            held |= elsewhere[tf.indices[head]]
        xq = sparse.csr_matrix(
            (x.data[head] * held, x.indices[head].copy(), x.indptr[: k + 1].copy()),
            shape=(k, x.shape[1]),
        )
        xq.eliminate_zeros()
        x.eliminate_zeros()
        xc = x[:k]
        # rows of the comparison targets inside the collection
        in_cmp_df = in_cmp[in_df]
        cmp_rows = np.concatenate([k + np.flatnonzero(in_cmp_df), np.arange(n_stat, tf.shape[0])])
        cmp_pos = np.concatenate([df_pos[in_cmp_df], live[extra]])
        cmp_t = np.concatenate([live_t[in_df][in_cmp_df], live_t[extra]])
        xa = x[cmp_rows]
        chunk_arr = np.asarray(chunk, dtype=np.int64)
        # comparison targets: the window's clustered articles, then the chunk itself
        targets = np.concatenate([cmp_pos, chunk_arr])
        target_t = np.concatenate([cmp_t, times])
        xt = sparse.vstack([xa, xc], format="csr")
        n_a = xa.shape[0]

        # 1. Candidate retrieval: each chunk article looks up its query_terms heaviest terms
        #    in the inverted index of the targets (the sparse product touches only targets
        #    holding one of them) and keeps its best `candidates` by that partial score.
        q = _top_terms(xq, cfg.query_terms)
        partial = sparse.coo_matrix(self._lookup(q, xt))
        i, j, ps = partial.row.astype(np.int64), partial.col.astype(np.int64), partial.data
        st.pairs_touched += int(ps.size)
        ti, tj = times[i], target_t[j]
        unknown = np.isnan(ti) | np.isnan(tj)
        with np.errstate(invalid="ignore"):
            too_far = ~unknown & (np.abs(ti - tj) > cfg.window_days)
        keep = ~too_far & (j != i + n_a)  # an article is not its own candidate
        i, j, ps = i[keep], j[keep], ps[keep]
        order = np.lexsort((j, -ps, i))
        i, j = i[order], j[order]
        first = np.searchsorted(i, i, side="left")
        keep = (np.arange(i.size) - first) < cfg.candidates
        i, j = i[keep], j[keep]
        # a pair of two chunk articles may be found from both sides: score it once
        src, dst = chunk_arr[i], targets[j]
        lo_p, hi_p = np.minimum(src, dst), np.maximum(src, dst)
        _, once = np.unique(lo_p * (len(self._articles) + 1) + hi_p, return_index=True)
        i, j = i[once], j[once]

        # 2. Merge evidence: the exact cosine of the full vectors, for candidates only.
        s = _row_dots(xc, i, xt, j)
        st.pairs_scored += int(s.size)
        unknown = np.isnan(times[i]) | np.isnan(target_t[j])
        s = np.where(unknown, s * cfg.undated_discount, s)
        keep = s >= cfg.edge_floor
        src, dst, w = chunk_arr[i[keep]], targets[j[keep]], s[keep]
        order = np.lexsort((dst, src))  # deterministic accumulation order
        src, dst, w = src[order], dst[order], w[order]
        self._edges.append((src.astype(np.int32), dst.astype(np.int32), w.astype(np.float32)))
        st.edges += int(w.size)

        adj = self._adj
        cof = self._cluster_of
        nbrs = self._nbrs
        for p in chunk:
            nbrs[p] = {}
        for a_p, b_p, s in zip(src.tolist(), dst.tolist(), w.tolist(), strict=True):
            nbrs[a_p][b_p] = s
            if b_p in nbrs:
                nbrs[b_p][a_p] = s
            a, b = cof[a_p], cof[b_p]
            if a == b:
                continue
            adj[a][b] = adj[a].get(b, 0.0) + s
            adj[b][a] = adj[b].get(a, 0.0) + s
        touched = {cof[p] for p in chunk}
        if not np.isnan(times[0]) and cfg.reopen_days > 0:
            # reopen the recent past: its articles are taken out of their stories and
            # clustered again together with the chunk, so that the order in which articles
            # arrive (chunk boundaries, daily adds) matters little
            since = float(times.min()) - cfg.reopen_days
            reopen = sorted(p for p in live[clustered & (live_t >= since)].tolist())
            for p in reopen:
                touched.update(self._detach(p))
        self._agglomerate(touched)
        if not np.isnan(times[0]):
            self._newest = max(self._newest, float(times.max()))

    def _discount_copies(self, positions: list[int], rows: list[ArticleFeatures], df: np.ndarray) -> int:
        """Count each wire-copy group once in the document frequencies ``df`` (in place):
        ten sites carrying one dispatch are one source, and must not make its wording look
        common, nor its rare words look shared. Returns the number of rows that were copies."""
        if not self._dup_pairs:
            return 0
        groups: dict[int, list[int]] = {}
        find = self._dup_sets.find
        for k, p in enumerate(positions):
            groups.setdefault(find(p), []).append(k)
        extra = 0
        for ks in groups.values():
            if len(ks) < 2:
                continue
            ids, counts = np.unique(np.concatenate([rows[k].ids for k in ks]), return_counts=True)
            df[ids] -= counts - 1
            extra += len(ks) - 1
        return extra

    def _agglomerate(self, touched: set[int]) -> None:
        """Average linkage over the sparse graph, best pair first, from the touched clusters:
        score(a, b) = sum of edge similarities between them / (|a| * |b|)."""
        theta = self.config.threshold
        heap: list[tuple[float, int, int, int, int]] = []
        version = self._version
        members = self._members
        adj = self._adj
        for a in sorted(touched):
            if a not in members:
                continue
            na = len(members[a])
            for b, total in adj[a].items():
                s = total / (na * len(members[b]))
                if s >= theta:
                    lo, hi = (a, b) if a < b else (b, a)
                    heap.append((-s, lo, hi, version[lo], version[hi]))
        heapq.heapify(heap)
        while heap:
            _neg, a, b, va, vb = heapq.heappop(heap)
            if version.get(a) != va or version.get(b) != vb:
                continue  # stale: one side merged since
            keep = self._merge(a, b)
            nk = len(members[keep])
            vk = version[keep]
            for c, total in adj[keep].items():
                s = total / (nk * len(members[c]))
                if s >= theta:
                    if keep < c:
                        heapq.heappush(heap, (-s, keep, c, vk, version[c]))
                    else:
                        heapq.heappush(heap, (-s, c, keep, version[c], vk))

    def _detach(self, x: int) -> tuple[int, ...]:
        """Take article ``x`` out of its cluster into a singleton; returns the clusters
        that changed (the singleton and what is left of the cluster)."""
        c = self._cluster_of[x]
        members = self._members[c]
        if len(members) == 1:
            return (x,)
        adj = self._adj
        members.remove(x)
        rest = c
        if c == x:  # the cluster was named after x: rename it after its next member
            rest = min(members)
            self._members[rest] = self._members.pop(c)
            moved = adj.pop(c)
            adj[rest] = moved
            for d in moved:
                adj[d][rest] = adj[d].pop(c)
            for p in members:
                self._cluster_of[p] = rest
            self._version[rest] = self._version.pop(c)
            self._live[rest] = self._live.pop(c)
        self._version[rest] += 1
        self._live[rest] -= 1
        self._cluster_of[x] = x
        self._members[x] = [x]
        self._version[x] = self._version.get(x, 0) + 1
        self._live[x] = 1
        mine: dict[int, float] = {}
        adj[x] = mine
        rest_adj = adj[rest]
        final = self._final
        for y, w in self._nbrs[x].items():
            d = self._cluster_of[y]
            if d in final:
                continue
            if d != rest:  # an edge to another cluster now leaves from x, not from rest
                left = rest_adj[d] - w
                if left > 1e-9:
                    rest_adj[d] = left
                    adj[d][rest] = left
                else:
                    del rest_adj[d]
                    del adj[d][rest]
            mine[d] = mine.get(d, 0.0) + w
            adj[d][x] = adj[d].get(x, 0.0) + w
        return (x, rest)

    def _merge(self, a: int, b: int) -> int:
        """Merge clusters ``a`` and ``b``; the smaller id survives. Returns it."""
        keep, gone = (a, b) if a < b else (b, a)
        self.stats.merges += 1
        adj = self._adj
        gone_adj = adj.pop(gone)
        keep_adj = adj[keep]
        keep_adj.pop(gone, None)
        for c, s in gone_adj.items():
            if c == keep:
                continue
            keep_adj[c] = keep_adj.get(c, 0.0) + s
            c_adj = adj[c]
            c_adj[keep] = c_adj.get(keep, 0.0) + c_adj.pop(gone)
        moved = self._members.pop(gone)
        for p in moved:
            self._cluster_of[p] = keep
        self._members[keep].extend(moved)
        self._live[keep] += self._live.pop(gone)
        self._version[keep] += 1
        del self._version[gone]
        return keep

    def _archive(self) -> None:
        """Drop the vectors of articles older than the retention horizon."""
        horizon = self._newest - self.config.retention_days
        cut = bisect.bisect_left(self._dated_live, (horizon, -1))
        # articles of this add that are not clustered yet stay (an add that arrives late
        # may hold some older than the horizon; they are archived once clustered)
        waiting = [e for e in self._dated_live[:cut] if e[1] in self._pending]
        old = [p for _, p in self._dated_live[:cut] if p not in self._pending]
        self._dated_live[:cut] = waiting
        for p in old:
            del self._features[p]
            self._nbrs.pop(p, None)
            if self._dup_index is not None:
                self._dup_index.forget(p)
            c = self._cluster_of[p]
            self._live[c] -= 1
            if self._live[c] == 0:  # the story is final: nothing live can link to it
                self._final.add(c)
                for other in self._adj.pop(c):
                    self._adj[other].pop(c, None)
                self._adj[c] = {}
        self.stats.archived += len(old)


def _top_terms(x: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Each row's ``k`` heaviest entries (ties at the k-th weight all kept)."""
    data, indptr = x.data, x.indptr
    keep = np.ones(data.size, dtype=bool)
    for r in range(x.shape[0]):
        a, b = int(indptr[r]), int(indptr[r + 1])
        if b - a > k:
            kth = np.partition(data[a:b], b - a - k)[b - a - k]
            keep[a:b] = data[a:b] >= kth
    rows = np.repeat(np.arange(x.shape[0]), np.diff(indptr))
    return sparse.csr_matrix((data[keep], (rows[keep], x.indices[keep])), shape=x.shape)


def _row_dots(a: sparse.csr_matrix, i: np.ndarray, b: sparse.csr_matrix, j: np.ndarray,
              batch: int = 8192) -> np.ndarray:
    """``a[i[n]] . b[j[n]]`` for every n, in batches (bounded memory)."""
    out = np.zeros(i.size, dtype=np.float64)
    for start in range(0, i.size, batch):
        sl = slice(start, start + batch)
        out[sl] = np.asarray(a[i[sl]].multiply(b[j[sl]]).sum(axis=1), dtype=np.float64).ravel()
    return out


def _time_chunks(items: list[int], time: list[float], size: int, span: float) -> Iterator[list[int]]:
    """Consecutive runs of time-sorted ``items``: at most ``size`` long and ``span`` days
    wide, so that a chunk's term statistics stay local in time."""
    chunk: list[int] = []
    for p in items:
        if chunk and (len(chunk) >= size or time[p] - time[chunk[0]] > span):
            yield chunk
            chunk = []
        chunk.append(p)
    if chunk:
        yield chunk


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _from_days(days: float) -> datetime:
    from datetime import timedelta

    return datetime(1970, 1, 1) + timedelta(days=days)


def adds_like_a_batch(published: Iterable[datetime | None], newest: datetime | None,
                      config: ClusterConfig | None = None) -> bool:
    """Whether adding articles published at these times to a :class:`StoryIndex` whose
    newest dated article was published at ``newest`` (``None``: it holds none) groups them
    about as well as one batch of every article would: each one is dated and published at
    most ``df_window_days`` before ``newest`` (a feed, day after day).

    Measured on the dated ViMs dev articles, added ten at a time in order of publication or
    of arrival up to 7 days late: B-cubed F1 0.976-0.979, against 0.982 in one batch.
    Undated articles added a few at a time among dated ones link worse (0.906-0.917 against
    0.956 on the pooled shared data), and a back-filled archive meets only the articles
    still kept (see ``retention_days``): group those afresh, in one batch.
    """
    cfg = config or ClusterConfig()
    if newest is None:
        return all(p is not None for p in published)
    horizon = to_days(newest) - min(cfg.df_window_days, cfg.retention_days - cfg.df_window_days)
    return all(p is not None and to_days(p) >= horizon for p in published)


def cluster_stories(
    articles: Sequence[ArticleLike],
    published: Sequence[datetime | None] | None = None,
    *,
    config: ClusterConfig | None = None,
) -> list[Story]:
    """Group articles into stories.

    ``articles``: raw strings, :class:`Article` s or paths (a directory gives all its
    articles, in natural file order). ``published``: optional parallel list of datetimes
    (``None`` for unknown), else ``Article.published`` is used. Returns stories ordered by
    their first article; ``Story.indices`` are positions in the (expanded) input, every
    article is in exactly one story. Deterministic for the same input.
    """
    index = StoryIndex(config)
    index.add(articles, published)
    return index.stories()
