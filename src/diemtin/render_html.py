"""The digest as one self-contained HTML page: stories, cited summaries, outlets, sources.

One file a reader opens in a browser, offline: inline CSS, no scripts, fonts, images or
other external resources. Every piece of article text goes through :func:`html.escape`.
Each summary sentence carries numbered markers that jump to the story's source list; each
source links to its file (relative to the report when ``link_base`` is given) and to its
web address when known. The page has no timestamp: the same digest gives the same bytes.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from diemtin import __version__
from diemtin.text.outlets import source_name
from diemtin.types import web_site

if TYPE_CHECKING:
    from diemtin.stories.digest import Digest, DigestStory
    from diemtin.types import Article

_CSS = """
:root { --fg: #1d1d1f; --muted: #6e6e73; --line: #d9d9de; --accent: #a4262c; --bg: #fbfbfd; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 2rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h1 span { color: var(--accent); }
.meta { color: var(--muted); font-size: .9rem; margin: .2rem 0 .8rem; }
nav.toc { max-width: 52rem; margin: 1rem auto; padding: 0 1.25rem; }
nav.toc summary { cursor: pointer; color: var(--muted); }
nav.toc ol { margin: .4rem 0 0; padding-left: 2.4rem; }
nav.toc li { margin: .15rem 0; }
nav.toc a { color: var(--fg); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
nav.toc .n { color: var(--muted); font-size: .85rem; }
article.story { border-top: 1px solid var(--line); padding: 1.2rem 0 .6rem; }
article.story h2 { font-size: 1.3rem; margin: 0 0 .2rem; }
ol.summary { padding-left: 1.3rem; margin: .6rem 0; }
ol.summary li { margin: .35rem 0; }
sup.cite a { color: var(--accent); text-decoration: none; font-size: .75rem; margin-left: .1rem; }
details.sources { margin: .4rem 0 .8rem; font-size: .92rem; }
details.sources summary { cursor: pointer; color: var(--muted); }
details.sources ol { padding-left: 1.6rem; }
details.sources li { margin: .25rem 0; }
details.sources li:target { background: #fff4c2; }
.outlet { font-weight: 600; }
.copy { color: var(--muted); font-size: .85rem; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .8rem; padding: 1.5rem 1.25rem 2rem; }
@media print { details.sources { display: block; } nav.toc { display: none; } }
""".strip()

#: The table of contents starts open for digests of at most this many stories.
TOC_OPEN_MAX = 30

_SOURCE_SUFFIX = re.compile(r"^(.*?)(?::\d+(?:/\d+)?)?$")


def _day(d: object) -> str:
    from datetime import datetime

    return d.strftime("%d/%m/%Y") if isinstance(d, datetime) else ""


def _time(d: object) -> str:
    from datetime import datetime

    if not isinstance(d, datetime):
        return ""
    return f'<time datetime="{escape(d.isoformat())}">{escape(d.strftime("%d/%m/%Y %H:%M"))}</time>'


def source_href(source: str | None, link_base: Path | None) -> str | None:
    """A link to the file an article came from: relative to ``link_base`` (the report's
    folder) when given, else the path as read; ``None`` for stdin/raw text. A source like
    ``train.jsonl:12/0`` (line 12, document 0) links to its file."""
    if not source or source.startswith("<"):
        return None
    path = source
    if not Path(path).exists():
        m = _SOURCE_SUFFIX.match(source)
        path = m.group(1) if m else source
        if not Path(path).exists():
            return None
    if link_base is not None:
        try:
            path = os.path.relpath(Path(path).resolve(), link_base.resolve())
        except ValueError:  # another drive (Windows)
            path = Path(path).resolve().as_posix()
    # os.fsencode: a name that is not valid UTF-8 links by its bytes (quote() cannot encode
    # the surrogates that stand for them)
    return quote(os.fsencode(Path(path).as_posix()), safe="/:._-~")


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("http", "https") else None


def _source_item(anchor: str, n: int, art: Article, copies: dict[int, int], k: int,
                 published: object, link_base: Path | None) -> str:
    outlet = escape(source_name(art))
    title = escape(art.title or "(không tiêu đề)")
    href = source_href(art.source_path, link_base)
    title_html = f'<a href="{escape(href)}">{title}</a>' if href else title
    parts = [f'<span class="outlet">{outlet}</span>', title_html]
    when = _time(published)
    if when:
        parts.append(when)
    url = _safe_url(art.url)
    if url:
        parts.append(f'<a class="web" href="{escape(url)}" rel="noreferrer">web</a>')
    if k in copies:
        parts.append(f'<span class="copy">(bản sao của [{copies[k] + 1}] / copy of [{copies[k] + 1}])</span>')
    return f'<li id="{anchor}-src-{n}">' + " · ".join(parts) + "</li>"


def _story_html(ds: DigestStory, published: dict[int, object], link_base: Path | None) -> str:
    from diemtin.stories.digest import outlet_label

    s = ds.story
    anchor = escape(s.id)
    lines = [f'<article class="story" id="{anchor}">', f"<h2>{escape(s.title or s.id)}</h2>"]
    meta: list[str] = []
    if s.start:
        span = _day(s.start)
        if s.end and s.end.date() != s.start.date():
            span += " – " + _day(s.end)
        meta.append(escape(span))
    meta.append(f"{len(s.indices)} bài / articles")
    if ds.sources != len(s.indices):
        meta.append(f"{ds.sources} nguồn gốc / distinct sources")
    meta.append("Nguồn / outlets: " + ", ".join(escape(o) for o in ds.outlets))
    lines.append('<p class="meta">' + " · ".join(meta) + "</p>")
    if ds.summary is not None and ds.summary.sentences:
        lines.append('<ol class="summary">')
        for sent in ds.summary.sentences:
            marks = "".join(
                f'<sup class="cite"><a href="#{anchor}-src-{a + 1}" title="{escape(outlet_label(s.articles[a]))}">[{a + 1}]</a></sup>'
                for a in sorted(set(sent.cited_articles))
            )
            lines.append(f"<li>{escape(sent.text)}{marks}</li>")
        lines.append("</ol>")
    else:
        lines.append('<p class="empty">(không có câu tóm tắt / no summary sentence)</p>')
    local = {g: k for k, g in enumerate(s.indices)}
    copies: dict[int, int] = {}
    for group in s.duplicate_groups:
        first = local[group[0]]
        for g in group[1:]:
            copies[local[g]] = first
    lines.append(f'<details class="sources" open><summary>Nguồn / sources ({len(s.articles)})</summary><ol>')
    for k, (g, art) in enumerate(zip(s.indices, s.articles, strict=True)):
        lines.append(_source_item(anchor, k + 1, art, copies, k, published.get(g), link_base))
    lines.append("</ol></details>")
    lines.append("</article>")
    return "\n".join(lines)


def render_digest_html(dg: Digest, *, link_base: Path | None = None) -> str:
    """The whole report as one HTML document (a string ending in a newline)."""
    published = dict(enumerate(dg.published))
    # the outlets the stories list: a page without a named outlet counts by its web site
    outlets = {a.label for a in dg.articles if a.outlet or web_site(a.url)}
    dated = [d for d in dg.published if d is not None]
    head_meta = [f"{len(dg.stories)} câu chuyện / stories", f"{len(dg.articles)} bài / articles"]
    if outlets:
        head_meta.append(f"{len(outlets)} trang / outlets")
    if dated:
        head_meta.append(escape(f"{_day(min(dated))} – {_day(max(dated))}"))
    if dg.rejected:
        head_meta.append(f"{len(dg.rejected)} tệp bị bỏ qua / inputs skipped")
    out = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Điểm tin — {len(dg.stories)} {'story' if len(dg.stories) == 1 else 'stories'}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Điểm <span>tin</span></h1>",
        '<p class="meta">' + " · ".join(head_meta) + "</p>",
        "</header>",
        '<nav class="toc"><details' + (" open" if len(dg.stories) <= TOC_OPEN_MAX else "") + ">"
        f"<summary>Mục lục / contents ({len(dg.stories)})</summary><ol>",
    ]
    for ds in dg.stories:
        out.append(
            f'<li><a href="#{escape(ds.story.id)}">{escape(ds.story.title or ds.story.id)}</a> '
            f'<span class="n">({len(ds.story.indices)})</span></li>'
        )
    out.append("</ol></details></nav>")
    out.append("<main>")
    out.extend(_story_html(ds, {g: published.get(g) for g in ds.story.indices}, link_base)
               for ds in dg.stories)
    out.append("</main>")
    out.append(f"<footer>diemtin {escape(__version__)}: tóm tắt trích xuất, mỗi câu dẫn nguồn "
               "(extractive summaries; every sentence cites its sources).</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"
