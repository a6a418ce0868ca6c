"""``digest``: from a pile of articles to ordered stories, each with a cited summary.

Steps: read and clean every input (unreadable ones are collected, never fatal), keep the
articles published in ``[since, until]``, find wire copies and stories
(:class:`~diemtin.stories.cluster.StoryIndex`), summarise each story, order the stories
by size and recency.

Wire copies and the summariser: a dispatch carried by ten sites is one *source*. Each story
is summarised over one representative per copy group (the fullest copy), so "how many
articles state this" is not inflated by copies; every citation of a representative is then
extended to the copies that carry the same sentence, so the summary still cites every
outlet that ran it.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from diemtin.articles import looks_like_path
from diemtin.errors import DiemtinError, InputError, UsageError
from diemtin.stories.cluster import ClusterConfig, StoryIndex
from diemtin.text.outlets import unify_outlets
from diemtin.text.sentences import split_sentences
from diemtin.text.words import count_syllables, tokenize
from diemtin.types import (
    Article,
    Citation,
    RawDocument,
    RejectedInput,
    Story,
    Summary,
    SummarySentence,
)

#: A copy cites a summary sentence when one of its sentences shares at least this share of
#: the syllables (Jaccard of syllable sets): the same sentence, lightly edited.
COPY_SENTENCE_MATCH = 0.6


@dataclass(frozen=True)
class DigestStory:
    """A story with its summary (``None`` when its articles have no usable sentence)."""

    story: Story
    summary: Summary | None
    outlets: tuple[str, ...]  # distinct outlets (or file names), in story order
    sources: int  # distinct sources: a group of wire copies counts once


@dataclass(frozen=True)
class Digest:
    """Stories ordered by size then recency; ``Story.indices`` index ``articles``."""

    stories: tuple[DigestStory, ...]
    articles: tuple[Article, ...]
    published: tuple[datetime | None, ...]
    rejected: tuple[RejectedInput, ...] = ()
    since: datetime | None = None
    until: datetime | None = None  # the exclusive end (the next midnight of a date given)
    skipped_out_of_range: int = 0


Item = str | os.PathLike[str] | RawDocument | Article
Progress = Callable[[str, int], Callable[[int], None]]


def outlet_label(art: Article) -> str:
    """Who published ``art`` (see :attr:`Article.label`)."""
    return art.label


def _is_path(item: object) -> bool:
    if isinstance(item, os.PathLike):
        return Path(item).exists()
    return isinstance(item, str) and looks_like_path(item)


def load_articles(
    items: Sequence[Item], *, fmt: str | None = None, encoding: str | None = None,
    max_bytes: int | None = None, progress: Progress | None = None,
) -> tuple[list[Article], list[RejectedInput]]:
    """Read and clean ``items``; returns the articles and the rejected inputs.

    Each article's date is its ``Article.published`` (the cleaner reads the format's date
    field with :func:`diemtin.text.dates.parse_published`, else a date line of the page).
    """
    from diemtin.cleaner import clean, clean_article
    from diemtin.ingest.read import DEFAULT_MAX_BYTES, STDIN, read_inputs

    limit = max_bytes or DEFAULT_MAX_BYTES
    docs: list[RawDocument | Article | str] = []
    rejected: list[RejectedInput] = []
    seen: set[str] = set()  # a file named twice is one article, not two
    for item in items:
        if item == STDIN or _is_path(item):
            path: str | Path = STDIN if item == STDIN else Path(os.fspath(item))  # type: ignore[arg-type]
            result = read_inputs([path], fmt=fmt, encoding=encoding, max_bytes=limit, seen=seen)
            docs.extend(result.documents)
            rejected.extend(result.rejected)
        elif isinstance(item, os.PathLike):  # a path that does not exist
            rejected.append(RejectedInput(os.fspath(item), "no such file or directory"))
        elif isinstance(item, (RawDocument, Article, str)):
            docs.append(item)
        else:
            raise UsageError(f"cannot digest a {type(item).__name__}: pass paths, raw text or Articles")
    tick = progress("cleaning", len(docs)) if progress else None
    arts: list[Article] = []
    for n, d in enumerate(docs):
        try:
            if isinstance(d, Article):
                art = d
            elif isinstance(d, RawDocument):
                art = clean_article(d)  # published: the format's date field, else the page's
            else:
                art = clean(d, source=f"<text {n}>")
        except InputError as exc:
            rejected.append(RejectedInput(exc.source, exc.reason))
        else:
            if art.paragraphs or art.title:
                arts.append(art)
            else:
                rejected.append(RejectedInput(art.source_path or f"<item {n}>", "no article text left after cleaning"))
        if tick:
            tick(1)
    return arts, rejected


def _bound(value: datetime | date | None, end: bool) -> datetime | None:
    """``since``/``until`` as datetimes, the end exclusive: a bare date covers the whole day,
    and a time ``until`` is kept (the end is the next microsecond)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1) if end else value
    return datetime.combine(value + timedelta(days=1) if end else value, time.min)


def _last(before: datetime | None) -> str | None:
    """The inclusive ``until`` of the exclusive end ``before``: a day ("2016-05-22") when the
    end is a midnight, else the last instant kept."""
    if before is None:
        return None
    if before.time() == time.min:
        return (before - timedelta(days=1)).date().isoformat()
    return (before - timedelta(microseconds=1)).isoformat()


def _representative(members: list[int], articles: Sequence[Article]) -> int:
    """The fullest copy (most syllables; ties: the first)."""
    return max(members, key=lambda k: (sum(count_syllables(p) for p in articles[k].paragraphs), -k))


def _copy_citation(art: Article, index: int, text: str) -> Citation | None:
    """Citation of the sentence of ``art`` that repeats ``text`` (a wire copy), if any."""
    from diemtin.summarizer.cite import claims_agree

    target = set(tokenize(text))
    if not target:
        return None
    best, best_j, best_sent = 0.0, -1, ""
    j = 0
    for para in art.paragraphs:
        for sent in split_sentences(para):
            toks = set(tokenize(sent))
            if toks:
                sim = len(toks & target) / len(toks | target)
                if sim > best:
                    best, best_j, best_sent = sim, j, sent
            j += 1
    if best < COPY_SENTENCE_MATCH or not claims_agree(text, best_sent):
        return None  # (a copy edited to another figure does not state the sentence)
    return Citation(article=index, sentence=best_j, text=best_sent, outlet=art.outlet,
                    title=art.title, source_path=art.source_path, similarity=best)


def summarize_story(
    story: Story, max_words: int | None = None, ratio: float | None = None,
    method: str | None = None,
) -> Summary:
    """A cited summary of ``story``: copies count once, but every copy carrying a cited
    sentence is cited; a story too large for one summary is summarised from its newest
    articles (:func:`~diemtin.summarizer.core.newest_within_cap`). Citation article numbers
    index ``story.articles``."""
    from diemtin.summarizer.core import summarize_newest

    local = {g: k for k, g in enumerate(story.indices)}
    group_of: dict[int, list[int]] = {}
    for group in story.duplicate_groups:
        members = [local[g] for g in group if g in local]
        for k in members:
            group_of[k] = members
    reps: list[int] = []
    seen: set[int] = set()
    for k in range(len(story.articles)):
        if k in seen:
            continue
        members = group_of.get(k, [k])
        seen.update(members)
        reps.append(_representative(members, story.articles))
    reps.sort()
    base = summarize_newest([story.articles[k] for k in reps], max_words=max_words, ratio=ratio,
                            method=method)
    sentences: list[SummarySentence] = []
    for s in base.sentences:
        cites: list[Citation] = []
        cited: set[int] = set()
        for c in s.citations:
            k = reps[c.article]
            cites.append(dataclasses.replace(c, article=k))
            cited.add(k)
        for c in s.citations:
            k = reps[c.article]
            for other in group_of.get(k, []):
                if other in cited:
                    continue
                # the copy repeats the cited sentence, or states the summary sentence itself
                # where the cited one is a longer or reworded version of it
                extra = _copy_citation(story.articles[other], other, c.text)
                if extra is None and c.text != s.text:
                    extra = _copy_citation(story.articles[other], other, s.text)
                if extra is not None:
                    cites.append(extra)
                    cited.add(other)
        source = dataclasses.replace(s.source, article=reps[s.source.article])
        sentences.append(dataclasses.replace(s, source=source, citations=tuple(cites)))
    return Summary(sentences=tuple(sentences), articles=story.articles, method=base.method,
                   max_words=base.max_words)


def _story_key(ds: DigestStory) -> tuple[float, float, str]:
    end = ds.story.end
    recency = end.timestamp() if end and end.tzinfo else (
        (end - datetime(1970, 1, 1)).total_seconds() if end else -math.inf)
    return (-len(ds.story.indices), -recency, ds.story.id)


#: Progress bars are drawn for runs of at least this many articles ("long runs").
PROGRESS_MIN_ITEMS = 100


def tqdm_progress(enabled: bool = True, min_items: int = PROGRESS_MIN_ITEMS) -> Progress:
    """A :data:`Progress` factory drawing ``tqdm`` bars on stderr, one per stage, for stages
    of at least ``min_items`` items (stories: a tenth of that)."""
    from tqdm import tqdm

    def start(stage: str, total: int) -> Callable[[int], None]:
        unit = "story" if stage == "summarising" else "art"
        big = total >= (min_items // 10 if unit == "story" else min_items)
        bar = tqdm(total=total, desc=f"diemtin: {stage}", unit=unit, file=sys.stderr,
                   disable=not (enabled and big), leave=False, dynamic_ncols=True)
        done = [0]

        def tick(n: int) -> None:
            bar.update(n)
            done[0] += n
            if done[0] >= total:
                bar.close()

        if total == 0:
            bar.close()
        return tick

    return start


def digest(
    items: Sequence[Item],
    *,
    published: Sequence[datetime | None] | None = None,
    since: datetime | date | None = None,
    until: datetime | date | None = None,
    max_words: int | None = None,
    ratio: float | None = None,
    method: str | None = None,
    config: ClusterConfig | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int | None = None,
    progress: Progress | bool | None = None,
    keep_foreign: bool = False,
) -> Digest:
    """Read, clean, deduplicate, cluster and summarise ``items``.

    ``items``: paths (files or folders; a ViMs corpus folder stands for its
    ``Cluster_*/original`` articles), raw texts, :class:`RawDocument` s or
    :class:`Article` s. ``published``: optional dates parallel to ``items`` (only when every
    item is one article, not a folder). ``since``/``until`` keep articles published in that
    range (a bare ``date`` covers its whole day); undated articles are then left out.
    ``max_words``/``ratio``/``method`` go to the summariser. ``progress=True`` draws tqdm
    bars on stderr (or pass a factory, see :func:`tqdm_progress`). Articles not in
    Vietnamese are left out (and listed in ``Digest.rejected``) unless ``keep_foreign``.
    Unreadable inputs are returned in ``Digest.rejected``; raises
    :class:`~diemtin.errors.NoArticlesError` when nothing is left.
    """
    from diemtin.errors import NoArticlesError

    if max_words is not None and ratio is not None:
        raise UsageError("give either max_words or ratio, not both")
    if method is not None:  # a bad name fails now, not as a story without a summary
        from diemtin.summarizer.methods import get_method

        if getattr(get_method(method), "needs_references", False):
            raise UsageError(f"the {method!r} method needs reference summaries (it is an "
                             "upper bound for 'diemtin eval'): choose another --method")
    prog: Progress | None = tqdm_progress() if progress is True else (progress or None)
    if isinstance(items, (str, Article, RawDocument, os.PathLike)):
        items = [items]
    if isinstance(items, (bytes, bytearray)) or not hasattr(items, "__iter__"):
        raise UsageError(f"digest takes a list of paths, texts or Articles, not {type(items).__name__}")
    arts, rejected = load_articles(items, fmt=fmt, encoding=encoding, max_bytes=max_bytes,
                                   progress=prog)
    arts = unify_outlets(arts)  # "TTO" and "Tuổi Trẻ" are one source
    if published is not None:
        if len(published) != len(arts):
            raise UsageError(
                f"published has {len(published)} dates for {len(arts)} articles: pass one "
                "datetime (or None) per article"
            )
        # a date given wins over the article's own, and the stories' articles carry it
        arts = [a if p is None or a.published == p else dataclasses.replace(a, published=p)
                for a, p in zip(arts, published, strict=True)]
    lo, hi = _bound(since, end=False), _bound(until, end=True)
    if lo and hi and lo >= hi:
        raise UsageError(f"since ({since}) must be before until ({until})")
    if not keep_foreign:  # the language gate of `diemtin summarize`
        from diemtin.text.language import filter_vietnamese

        arts, foreign = filter_vietnamese(arts, "left out")
        rejected += foreign
    skipped = 0
    if lo or hi:
        in_range = [a for a in arts if a.published is not None
                    and (lo is None or a.published >= lo) and (hi is None or a.published < hi)]
        skipped = len(arts) - len(in_range)
        arts = in_range
    if not arts:
        why = ""
        if rejected:
            first = rejected[0]
            more = f" (and {len(rejected) - 1} more rejected)" if len(rejected) > 1 else ""
            why = f"; skipped {first}{more}"
        raise NoArticlesError(
            "no article to digest" + (" in the date range" if (lo or hi) else "") + why
        )
    index = StoryIndex(config)
    tick = prog("clustering", len(arts)) if prog else None
    index.add(arts, [a.published for a in arts], on_progress=tick)
    stories = index.stories()
    tick = prog("summarising", len(stories)) if prog else None
    out: list[DigestStory] = []
    for story in stories:
        try:
            summary: Summary | None = summarize_story(story, max_words, ratio, method)
        except DiemtinError:
            summary = None
        outlets = tuple(dict.fromkeys(outlet_label(a) for a in story.articles))
        n_sources = len(story.indices) - sum(len(g) - 1 for g in story.duplicate_groups)
        out.append(DigestStory(story, summary, outlets, n_sources))
        if tick:
            tick(1)
    out.sort(key=_story_key)
    return Digest(
        stories=tuple(out), articles=tuple(arts), published=tuple(a.published for a in arts),
        rejected=tuple(rejected), since=lo, until=hi, skipped_out_of_range=skipped,
    )


# ------------------------------------------------------------------------------ rendering


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def digest_to_dict(dg: Digest) -> dict[str, Any]:
    """The JSON object of ``diemtin digest --format json``."""
    from diemtin.render import article_to_dict, summary_to_dict

    return {
        "stories": [
            {
                "id": ds.story.id,
                "title": ds.story.title,
                "start": _iso(ds.story.start),
                "end": _iso(ds.story.end),
                "size": len(ds.story.indices),
                "sources": ds.sources,
                "outlets": list(ds.outlets),
                "articles": [article_to_dict(n, a) for n, a in enumerate(ds.story.articles)],
                "duplicate_groups": [
                    [ds.story.indices.index(g) for g in group] for group in ds.story.duplicate_groups
                ],
                "summary": summary_to_dict(ds.summary) if ds.summary else None,
            }
            for ds in dg.stories
        ],
        "articles": len(dg.articles),
        "since": _iso(dg.since),
        "until": _last(dg.until),  # inclusive, as given
        "before": _iso(dg.until),  # the exclusive end
        "skipped_out_of_range": dg.skipped_out_of_range,
        "rejected": [r.to_dict() for r in dg.rejected],
    }


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def render_digest_markdown(dg: Digest) -> str:
    """One section per story: heading, dates and outlets, cited summary, sources."""
    from diemtin.render import render_markdown

    parts = [f"# Điểm tin: {_plural(len(dg.stories), 'story', 'stories')} from "
             f"{_plural(len(dg.articles), 'article', 'articles')}\n"]
    for ds in dg.stories:
        s = ds.story
        when = ""
        if s.start:
            when = s.start.strftime("%d/%m/%Y")
            if s.end and s.end.date() != s.start.date():
                when += " – " + s.end.strftime("%d/%m/%Y")
            when += " · "
        head = f"{when}{_plural(len(s.indices), 'article', 'articles')} · {', '.join(ds.outlets)}"
        if ds.summary is not None:
            body = render_markdown(ds.summary, heading=s.title or s.id)
            lines = body.split("\n")
            parts.append("\n".join([*lines[:2], f"*{head}*", "", *lines[2:]]))
        else:
            parts.append(f"## {s.title or s.id}\n\n*{head}*\n")
    return "\n".join(parts)


def render_digest(dg: Digest, fmt: str = "markdown", *, link_base: Path | None = None) -> str:
    """Render a digest as ``markdown``, ``json`` or ``html``."""
    import json

    if fmt == "markdown":
        return render_digest_markdown(dg)
    if fmt == "json":
        return json.dumps(digest_to_dict(dg), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from diemtin.render_html import render_digest_html

        return render_digest_html(dg, link_base=link_base)
    raise UsageError(f"unknown format {fmt!r}; choose one of: markdown, json, html")
