"""Frozen dataclasses passed between pipeline stages.

Every stage takes and returns these types; no stage passes dicts of loose keys.
``Article.paragraphs`` is a ``list`` because the public contract promises one; treat it as
read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from diemtin.errors import printable


class LineRole(StrEnum):
    """What one line of a raw article is."""

    CATEGORY = "category"
    TITLE = "title"
    LEAD = "lead"
    BODY = "body"
    CAPTION = "caption"
    CREDIT = "credit"
    TEASER = "teaser"
    CHROME = "chrome"
    BLANK = "blank"


@dataclass(frozen=True)
class RawDocument:
    """One article as read from disk/stdin, before cleaning.

    ``text`` is already normalised (NFC, one tone-mark convention). ``meta`` holds header
    fields the format carried (``title``, ``lead``, ``outlet``, ``published``, ``url``, ...).
    ``group`` names the cluster for formats that hold several (one AbMuSu JSONL line, one
    ViMs ``Cluster_NNN``); ``None`` for loose files.
    """

    text: str
    source: str
    format: str
    meta: Mapping[str, str] = field(default_factory=dict)
    group: str | None = None
    structured: bool = False  # True when the format already separates title/lead/body


@dataclass(frozen=True)
class Line:
    """One line of a raw article with the role the cleaner gave it."""

    text: str
    role: LineRole


def web_site(url: str | None) -> str | None:
    """The web site of ``url`` ("https://www.dantri.com.vn/a.htm" -> "dantri.com.vn"), if
    it names one."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # an address urllib cannot split
        return None
    return host.removeprefix("www.") or None


@dataclass(frozen=True)
class Article:
    """A cleaned article: title plus lead and body paragraphs, chrome removed."""

    title: str
    paragraphs: list[str]
    outlet: str | None = None
    credit: str | None = None
    category: str | None = None
    published: datetime | None = None
    source_path: str | None = None
    url: str | None = None
    lead: str | None = None
    lines: tuple[Line, ...] = ()
    group: str | None = None

    @property
    def text(self) -> str:
        """Lead and body, one paragraph per line."""
        return "\n".join(self.paragraphs)

    @property
    def label(self) -> str:
        """Who published it, for people: outlet, else the web site of its address, else the
        file name, else the title."""
        if self.outlet:
            return self.outlet
        if host := web_site(self.url):
            return host
        if self.source_path:
            return self.source_path.rsplit("/", 1)[-1]
        return self.title[:40] or "?"


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, with its position."""

    text: str
    article: int  # index of the article in the input list
    index: int  # sentence index within the article (0-based, lead first)
    paragraph: int  # paragraph index within the article
    in_lead: bool = False


@dataclass(frozen=True)
class Citation:
    """One article that states a summary sentence."""

    article: int
    sentence: int
    text: str
    outlet: str | None
    title: str
    source_path: str | None = None
    similarity: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "sentence": self.sentence,
            "text": self.text,
            "outlet": self.outlet,
            "title": self.title,
            "source_path": self.source_path,
            "similarity": round(self.similarity, 4),
        }


@dataclass(frozen=True)
class SummarySentence:
    """A summary sentence (copied from ``source``) and every article that states it."""

    text: str
    source: Sentence
    citations: tuple[Citation, ...]
    score: float = 0.0

    @property
    def cited_articles(self) -> tuple[int, ...]:
        return tuple(c.article for c in self.citations)


@dataclass(frozen=True)
class Summary:
    """A cited multi-document summary."""

    sentences: tuple[SummarySentence, ...]
    articles: tuple[Article, ...]
    method: str
    max_words: int | None = None

    @property
    def text(self) -> str:
        """The summary, one sentence per line."""
        return "\n".join(s.text for s in self.sentences)

    @property
    def words(self) -> int:
        from diemtin.text.words import count_syllables

        return count_syllables(self.text)


@dataclass(frozen=True)
class Story:
    """A group of articles about one event."""

    indices: tuple[int, ...]
    articles: tuple[Article, ...]
    id: str = ""
    title: str = ""
    start: datetime | None = None
    end: datetime | None = None
    duplicate_groups: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True)
class RejectedInput:
    """An input that could not be read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{printable(self.source)}: {printable(self.reason)}"

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}
