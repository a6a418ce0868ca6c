"""The cleaning stage: a raw page (or a structured record) → :class:`~diemtin.types.Article`.

:func:`clean_article` gives every line a role with
:func:`~diemtin.text.boilerplate.assign_roles`, keeps the lead and body paragraphs, and reads
the header facts a page carries: title, category, outlet (format metadata, else the lead's
dateline ``(DNVN) -``, else the credit ``Theo Reuters``), credit (the byline line), and the
publication date (format metadata, else a date line of the page).

The module is ``diemtin.cleaner`` (not ``diemtin.clean``) so that the public function
``diemtin.clean`` is never shadowed by a sub-module of the same name.
"""

from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, time

from diemtin.errors import InputError, UsageError
from diemtin.text.boilerplate import (
    assign_roles,
    is_date_line,
    is_inline_teaser,
    outlet_from_credit,
    split_dateline,
)
from diemtin.text.dates import parse_published
from diemtin.text.normalize import normalize_text
from diemtin.text.outlets import credited_outlet, known_outlet, outlet_in_header, outlet_of
from diemtin.text.sentences import split_sentences
from diemtin.types import Article, Line, LineRole, RawDocument, RejectedInput, web_site

__all__ = ["clean", "clean_article", "clean_documents", "parse_published"]

_KEEP = (LineRole.LEAD, LineRole.BODY)

# ---------------------------------------------------------------------------------------------
# Articles


def clean(raw_text: str, *, source: str = "<text>") -> Article:
    """Clean one raw article page given as a string (normalised here first).

    >>> art = clean("Thế giới\\n\\nTiêu đề bài báo\\n\\n(DNVN) - Câu mở đầu đủ dài của bài báo "
    ...             "này nói về một sự kiện quan trọng.\\n\\nĐoạn thân bài thứ nhất cũng là một "
    ...             "câu đủ dài để được giữ lại.\\n\\nMinh An")
    >>> art.title, art.outlet, art.credit, art.category
    ('Tiêu đề bài báo', 'DNVN', 'Minh An', 'Thế giới')

    Text in the ViMs corpus format (``Title:``, ``Source:``, … ``Content:`` lines) is read as
    a ViMs article, and Markdown (``# Title``, ``**…**``, links) as plain text, as a file
    would be. The text is taken as given otherwise: leave out
    articles in other languages first if needed (:func:`diemtin.filter_vietnamese`).
    """
    if not isinstance(raw_text, str):
        raise InputError(source, f"expected the article as a str, got {type(raw_text).__name__}")
    from diemtin.ingest.formats import (
        detect_format,
        looks_like_markdown,
        markdown_removed,
        parse_vims,
    )

    text = normalize_text(raw_text)
    if _VIMS_TEXT.match(text) and detect_format(text, source) == "vims":
        return clean_article(parse_vims(text, source))  # a ViMs article read into memory
    if looks_like_markdown(text):  # a scraping service's Markdown, as a file would be read
        text = normalize_text(markdown_removed(text))
    return clean_article(RawDocument(text=text, source=source, format="text"))


_VIMS_TEXT = re.compile(r"\s*Title:")


_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")


def _entity(m: re.Match[str]) -> str:
    """The character an entity stands for; anything else (``&section;`` is no entity, nor a
    code point past U+10FFFF or a surrogate) is left as written."""
    if m.group(3) is not None:
        return html.entities.html5.get(m.group(3) + ";", m.group(0))
    code = int(m.group(1)) if m.group(1) is not None else int(m.group(2), 16)
    # (html.unescape reads 128-159 as Windows-1252, as browsers do: &#150; is "–")
    return html.unescape(m.group(0)) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)


def _entities_decoded(text: str | None) -> str | None:
    """Plain text scraped with its HTML entities left in (``&quot;``, ``&amp;``, ``&#8211;``)
    as the characters they stand for. Only whole entities (with their ``;``) are decoded, so
    a URL's ``?id=5&section=2`` and names like AT&T stay as written."""
    if not text or not _ENTITY.search(text):
        return text
    return normalize_text(_ENTITY.sub(_entity, text))


#: Inline and paragraph HTML tags that scraped plain text keeps (``công ty <b>Minh Phát</b>``):
#: only these real tag names, in lower case, with or without attributes, on one line, so
#: ``<3``, ``a < b``, ``<Tên>``, ``x <a và y> b`` or ``<table>`` stay as written. Block tags (``br``, ``p``, ``div``) end a line, as a browser shows
#: them; the others go. (ViMs dev has one ``<strong>`` pair in its text; the furniture
#: benchmarks' pages have none.)
_BLOCK_TAGS = ("br", "p", "div")
_INLINE_TAGS = ("b", "i", "em", "strong", "u", "a", "span", "font", "sup", "sub")
_TAG = re.compile(
    # a real tag on one line: its name (in capitals only when longer than one letter), then
    # attributes written name="value", name='value' or name=value, so "x <a và y> b",
    # "<A Star Is Born>" and "Chương <I>" stay text
    r"</?(" + "|".join(_BLOCK_TAGS + _INLINE_TAGS)
    + "|" + "|".join(t.upper() for t in _BLOCK_TAGS + _INLINE_TAGS if len(t) > 1) + r")"
    r"""(?:[ \t]+[A-Za-z][\w:-]*[ \t]*=[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[^\s"'<>=`]+))*"""
    r"[ \t]*/?>",
)


def _tags_removed(text: str | None, block: str = "\n") -> str | None:
    """Plain text with the HTML tags of :data:`_TAG` taken out (``block`` in place of a
    ``br``/``p``/``div``); the text between them is kept."""
    if not text or "<" not in text or not _TAG.search(text):
        return text
    return normalize_text(_TAG.sub(lambda m: block if m.group(1).lower() in _BLOCK_TAGS else "", text))


def clean_article(doc: RawDocument) -> Article:
    """Turn a :class:`RawDocument` into an :class:`Article` (title, lead + body paragraphs).

    Raises :class:`~diemtin.errors.InputError` when no article body is left.
    """
    if not isinstance(doc, RawDocument):
        raise UsageError(f"clean_article takes a RawDocument (from read_inputs or read_path), not "
                         f"a {type(doc).__name__}: use clean(text) for raw text")
    meta = doc.meta
    # plain text (every format but HTML pages, which the HTML parser reads): tags, then entities
    # (so that an escaped "&lt;b&gt;" stays text)
    known_title = _entities_decoded(_tags_removed(_meta(meta, "title"), " "))
    known_lead = _entities_decoded(_tags_removed(_meta(meta, "lead"), " "))
    text = doc.text if doc.format == "html" else _entities_decoded(_tags_removed(doc.text)) or ""
    lines = assign_roles(text.split("\n"), known_title=known_title, structured=doc.structured)

    if doc.structured:
        lines = _merge_structured_lead(lines, known_lead)
    kept = [ln for ln in lines if ln.role in _KEEP]
    if not kept:
        raise InputError(doc.source, "no article body found: " + _why_empty(lines))

    lead_line = next((ln for ln in kept if ln.role is LineRole.LEAD), None)
    dateline_outlet: str | None = None
    paragraphs: list[str] = []
    lead: str | None = None
    for ln in kept:
        text = _marks_removed(ln.text)
        if ln is lead_line:
            dateline_outlet, text = split_dateline(text)
            lead = text
        paragraphs.append(text)
    if lead_line is None and doc.structured and known_lead:
        lead = known_lead

    title = known_title or next((ln.text for ln in lines if ln.role is LineRole.TITLE), "")
    if not title:
        title = _title_from(paragraphs[0])
    credit = _credit(lines) or _meta(meta, "author")
    # who published it, by its one name ("TTO", "TUOI TRE ONLINE" -> "Tuổi Trẻ"): the page's
    # site name, else a known outlet's address, else its dateline, else its credit; else a
    # known outlet's name alone on a line of the page's header ("VnExpress" above the
    # category: VnExpress writes no dateline)
    url = _meta(meta, "url")
    outlet = outlet_of(_meta(meta, "outlet"), None) or outlet_of(None, url) or outlet_of(
        dateline_outlet or _credited_outlet(credit, url), None
    ) or _site_name_line(lines)
    category = _meta(meta, "category") or next(
        (ln.text for ln in lines if ln.role is LineRole.CATEGORY), None
    )
    # the page's own date; else its feed entry's (diemtin fetch), so that no date is lost
    published = (parse_published(_meta(meta, "published")) or _published_from_lines(lines)
                 or parse_published(_meta(meta, "feed_published")))
    return Article(
        title=title,
        paragraphs=paragraphs,
        outlet=outlet,
        credit=credit,
        category=category,
        published=published,
        source_path=doc.source,
        url=_meta(meta, "url"),
        lead=lead,
        lines=tuple(lines),
        group=doc.group,
    )



#: Layout marks around a paragraph's words: a list bullet before them ("* Ngày 30/5, …",
#: "+ Methylisothiazolinone …", "- Phạt 15 triệu đồng"; not "-5 độ C", nor the "*" of
#: "*Hành khách* được …") and the wire's end-of-article mark after them ("… phi hành đoàn./.").
_BULLET_MARK = re.compile(r"^(?:\*(?:\s+|(?![^*]*\*))|•\s*|[-–+]\s+)(?=[^\W_]|[\"“‘(])")


def _marks_removed(text: str) -> str:
    """``text`` without a leading list bullet and with a final "./." turned into "." (the
    article's :attr:`~diemtin.types.Article.lines` keep the marks)."""
    if text[:1] in "*•-–+":
        text = _BULLET_MARK.sub("", text, count=1)
    if text.endswith("./."):
        text = text[:-3].rstrip() + "."
    return text


def _credited_outlet(credit: str | None, url: str | None) -> str | None:
    """The outlet a credit names ("Theo VnExpress", "Thu Hà - TTXVN"), when it may stand for
    the publisher. On a page with an address that names no known outlet (a reprint site, an
    aggregator), only a known outlet's credit does ("Theo VnExpress" on tinmoi.vn is
    VnExpress's text; a reporter's desk or a photo agency there is not the page's publisher,
    and the address is shown instead), and not when the credit names that site itself
    ("Nguồn Thethao247.vn - Người Đưa Tin" on thethao247.vn)."""
    named = credited_outlet(credit)
    site = web_site(url)
    if not named or not site:
        return named
    parts = named.split("/")
    known = [k for p in parts if (k := known_outlet(p))]
    if not known or site.split(".")[0].casefold() in (credit or "").casefold():
        return None
    return named if len(known) == len(parts) else known[-1]


def _site_name_line(lines: list[Line]) -> str | None:
    """A known outlet named alone on a line above the article (the site's name in its header),
    by its one name."""
    for ln in lines:
        if ln.role in (LineRole.TITLE, LineRole.LEAD, LineRole.BODY):
            return None  # (only the header: "Tuổi Trẻ" in a paragraph's place is text)
        if ln.role in (LineRole.CHROME, LineRole.CATEGORY) and len(ln.text.split()) <= 5:
            name = outlet_in_header(ln.text)
            if name:
                return name
    return None


def clean_documents(
    docs: Iterable[RawDocument],
) -> tuple[list[Article], list[RejectedInput]]:
    """Clean each document; those with no article body are returned as rejections (one
    line each), never raised, so a batch goes on past them."""
    articles: list[Article] = []
    rejected: list[RejectedInput] = []
    for doc in docs:
        try:
            articles.append(clean_article(doc))
        except InputError as exc:
            rejected.append(RejectedInput(exc.source, exc.reason))
    return articles, rejected


def _meta(meta: Mapping[str, str], key: str) -> str | None:
    value = " ".join(str(meta.get(key) or "").split())
    return value or None


def _merge_structured_lead(lines: list[Line], meta_lead: str | None) -> list[Line]:
    """With a lead from the format, the text's first paragraph is the lead only if it is it."""
    if not meta_lead:
        return lines
    out: list[Line] = []
    lead_key = " ".join(meta_lead.casefold().split())
    placed = False
    for ln in lines:
        if ln.role is LineRole.LEAD:
            if " ".join(ln.text.casefold().split()) == lead_key:
                placed = True
                out.append(ln)
            else:
                out.append(Line(ln.text, LineRole.BODY))
            continue
        out.append(ln)
    if not placed:
        out.insert(_first_content(out), Line(meta_lead, LineRole.LEAD))
    return out


def _first_content(lines: list[Line]) -> int:
    for i, ln in enumerate(lines):
        if ln.role not in (LineRole.BLANK, LineRole.TITLE, LineRole.CATEGORY):
            return i
    return len(lines)


def _credit(lines: list[Line]) -> str | None:
    """The article's byline: the credit closing the body (past captions, widgets and
    one-line "Xem thêm: …" teasers under it), else one above or inside it."""
    last_body = max(i for i, ln in enumerate(lines) if ln.role in _KEEP)
    seen = teasers = 0
    for k, ln in enumerate(lines[last_body + 1 :], last_body + 1):
        if ln.role is LineRole.CREDIT:
            return _with_source_line(ln.text, lines, k)
        if ln.role is LineRole.BLANK:
            continue
        if ln.role is LineRole.TEASER and is_inline_teaser(ln.text) and teasers == 0:
            teasers += 1  # one "Xem thêm: <title>" line set into the article does not end
            continue  # it; a list of them is a related-articles box, and its credits are theirs
        seen += 1
        if ln.role not in (LineRole.CAPTION, LineRole.CHROME) or seen > 3:
            break  # past the widgets under the article: a credit there is someone else's
    title_at = next((i for i, ln in enumerate(lines) if ln.role is LineRole.TITLE), -1)
    for ln in lines[title_at + 1 : last_body]:
        if ln.role is LineRole.CREDIT:
            return ln.text
    return None


def _with_source_line(credit: str, lines: list[Line], at: int) -> str:
    """A byline that names no outlet, joined with the "Theo X" credit line right under it
    ("Minh Châu" / "Theo Nhịp sống kinh tế" → "Minh Châu - Theo Nhịp sống kinh tế")."""
    if outlet_from_credit(credit) is not None:
        return credit
    nxt = next((ln for ln in lines[at + 1 :] if ln.role is not LineRole.BLANK), None)
    if (
        nxt is not None
        and nxt.role is LineRole.CREDIT
        and nxt.text.lower().startswith(("theo ", "(theo "))
        and outlet_from_credit(nxt.text) is not None
    ):
        return f"{credit} - {nxt.text.strip('()')}"
    return credit


def _published_from_lines(lines: list[Line]) -> datetime | None:
    """The article's date line: the first one between the title and the body (or right
    under the lead); with none there, the nearest above the title, one with a time first.

    A site header's "today" (``Thứ ba, 25/11/2026``, the day the page was saved) sits above
    the category and the title; the article's own date line, with its time, sits under the
    title or right above it.
    """
    first_body = next((i for i, ln in enumerate(lines) if ln.role in _KEEP), len(lines))
    title_at = next((i for i, ln in enumerate(lines) if ln.role is LineRole.TITLE), -1)
    found: list[tuple[int, datetime]] = []
    for i, ln in enumerate(lines[: first_body + 3]):
        if ln.role in (LineRole.CHROME, LineRole.CREDIT, LineRole.CATEGORY) and is_date_line(
            ln.text
        ):
            when = parse_published(ln.text)
            if when is not None:
                found.append((i, when))
    below = [when for i, when in found if i > title_at]
    if below:
        return below[0]
    # above the title: the nearest line that gives a time, else the nearest date
    timed = [when for _, when in found if when.time() != time(0, 0)]
    if timed:
        return timed[-1]
    return found[-1][1] if found else None


def _title_from(paragraph: str) -> str:
    """A stand-in title: the paragraph's first sentence, at most 20 syllables."""
    first = (split_sentences(paragraph) or [paragraph])[0]
    words = first.split()
    return " ".join(words[:20]) + (" …" if len(words) > 20 else "")


def _why_empty(lines: list[Line]) -> str:
    content = [ln for ln in lines if ln.role is not LineRole.BLANK]
    if not content:
        return "the text is empty; give the article's title and paragraphs"
    if all(ln.role in (LineRole.TITLE, LineRole.CATEGORY) for ln in content):
        return (
            "only a headline was found; give the article's paragraphs too "
            "(at least one sentence of a dozen words)"
        )
    counts: dict[str, int] = {}
    for ln in content:
        counts[ln.role.value] = counts.get(ln.role.value, 0) + 1
    found = ", ".join(f"{n} {role}" for role, n in sorted(counts.items()))
    return (
        f"every line looks like page furniture ({found}); the article's paragraphs "
        "(sentences of a dozen words or more) are missing"
    )
