"""Render summaries as text, Markdown or JSON (the JSON is also the HTTP API's body)."""

from __future__ import annotations

import json
import re
from typing import Any

from diemtin.errors import UsageError
from diemtin.text.outlets import reprinted_from, source_name
from diemtin.types import Article, Summary, web_site

FORMATS = ("text", "markdown", "json")


#: What starts a Markdown block inside a list item: a bullet, "2." / "2)", a heading, a quote.
_BLOCK_START = re.compile(r"^(?:[-+*](?=\s)|\d{1,9}(?=[.)](?:\s|$))|#|>)")


def _md_item(text: str) -> str:
    """``text`` as the body of a Markdown list item: a leading block marker is escaped, so
    "+ Hỗn hợp ..." or "2. Công ty ..." stays one line of text, not a nested list."""
    m = _BLOCK_START.match(text)
    if not m:
        return text
    end = m.end()
    if text[:end].isdigit():  # escape the "." or ")" after the number
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def _source_line(n: int, art: Article) -> str:
    who = source_name(art) if art.outlet or web_site(art.url) else "unknown outlet"
    parts = [who, f"“{art.title}”" if art.title else "(untitled)"]
    if art.published:
        parts.append(art.published.strftime("%d/%m/%Y"))
    # (a ViMs "Link:" field may hold a credit instead of an address: the file is shown then)
    where = (art.url if web_site(art.url) else None) or art.source_path
    if where:
        parts.append(f"`{where}`")
    return f"{n}. " + " — ".join(parts)


def render_text(summary: Summary) -> str:
    """One sentence per line."""
    return summary.text + "\n" if summary.sentences else ""


def render_markdown(summary: Summary, heading: str | None = None) -> str:
    """Sentences with ``[1][2]`` citation markers and a numbered source list."""
    lines: list[str] = []
    if heading:
        lines += [f"## {heading}", ""]
    for s in summary.sentences:
        marks = "".join(f"[{a + 1}]" for a in sorted(set(s.cited_articles)))
        lines.append(f"- {_md_item(s.text)} {marks}")
    lines += ["", "**Nguồn (sources)**", ""]
    lines += [_source_line(n + 1, art) for n, art in enumerate(summary.articles)]
    return "\n".join(lines) + "\n"


def article_to_dict(index: int, art: Article) -> dict[str, Any]:
    return {
        "index": index,
        "title": art.title,
        "outlet": art.outlet,
        "credit": art.credit,
        "via": reprinted_from(art),
        "category": art.category,
        "published": art.published.isoformat() if art.published else None,
        "url": art.url,
        "source_path": art.source_path,
    }


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """The JSON object of ``--format json`` and ``POST /api/summarize``."""
    return {
        "text": summary.text,
        "method": summary.method,
        "max_words": summary.max_words,
        "words": summary.words,
        "sentences": [
            {
                "text": s.text,
                "article": s.source.article,
                "sentence": s.source.index,
                "citations": [c.to_dict() for c in s.citations],
            }
            for s in summary.sentences
        ],
        "articles": [article_to_dict(n, a) for n, a in enumerate(summary.articles)],
    }


def render_json(summary: Summary) -> str:
    return json.dumps(summary_to_dict(summary), ensure_ascii=False, indent=2) + "\n"


def render_summary(summary: Summary, fmt: str = "text") -> str:
    """Render in ``fmt`` (``text``, ``markdown`` or ``json``)."""
    if not isinstance(summary, Summary):
        raise UsageError(f"render_summary takes a Summary (from summarize), not {type(summary).__name__}")
    if fmt == "text":
        return render_text(summary)
    if fmt == "markdown":
        return render_markdown(summary)
    if fmt == "json":
        return render_json(summary)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
