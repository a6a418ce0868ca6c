"""Saved HTML article pages → :class:`RawDocument` (main text via trafilatura).

trafilatura finds the article's main text (it drops ``nav``/``aside``/``footer`` and
link-dense blocks) and its metadata: title, publication date and time, site name, author,
canonical URL. The text it keeps is then laid out like a flat news page — title, a blank
line, one paragraph per block — so the same line-role cleaner (:mod:`diemtin.cleaner`) still
removes captions, credits, teasers and widget text that trafilatura lets through.

Pages that cannot be parsed (nested deeper than lxml allows, broken beyond repair) or that
hold no article text are refused with an :class:`~diemtin.errors.InputError` saying which.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from diemtin.errors import InputError, require
from diemtin.text.normalize import normalize_line, normalize_text
from diemtin.types import RawDocument

#: libxml2 (under lxml) stops building the tree at this depth; deeper pages lose their text.
MAX_DEPTH = 255
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
# Publication date from the page's metadata and markup only: the "extensive" search also
# guesses from text such as a footer's "© 2016" and then reports 2016-01-01.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d %H:%M:%S"}


def nesting_depth(html: str, limit: int = MAX_DEPTH + 1) -> int:
    """How deeply elements nest (stops counting at ``limit``): a cheap tag scan, no parser."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or selfclose:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest >= limit:
                break
    return deepest


def _extract(html: str, url: str | None) -> Any:
    trafilatura = require("trafilatura", "reading HTML pages", "html")
    # favor_recall: Vietnamese sites put the sapo and list items next to the content block
    # ("div.detail-sapo", "<ul>" in "div.detail-content"), where precision-first extraction
    # drops them; the line cleaner removes the captions and widgets recall lets through
    return trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True,
        favor_recall=True, date_extraction_params=_DATE_PARAMS,
    )


# A sapo's class names: "detail-sapo", "description", "the-article-summary", "article__lead",
# "chapeau" (class tokens, so "leaderboard" is not one).
_SAPO_CLASS = frozenset(["sapo", "description", "summary", "lead", "chapeau", "excerpt", "intro", "abstract"])
_CLASS_TOKEN = re.compile(r"[A-Za-z]+")
# Containers whose summaries belong to other articles or to page furniture.
# (Not "sidebar" or "box": VnExpress's main column is "div.sidebar-1".)
_NOT_SAPO_AROUND = re.compile(r"relat|lien-?quan|other|more|list|widget|footer|menu|nav", re.I)
_SAPO_SYLLABLES = (12, 150)
# Share of a candidate's syllable pairs the body must hold: a page's own description needs
# only some (a site-wide one has none); a sapo element, which may belong to another story of
# the same section ("UBND TP Hà Nội", "giờ cao điểm"), needs much more, and its position.
_DESCRIPTION_SHARED = 0.1
_ELEMENT_SHARED = 0.25
_BODY_STARTED_WORDS = 8
_BIGRAM_WORD = re.compile(r"[^\W_]+")


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = [w.lower() for w in _BIGRAM_WORD.findall(text)]
    return set(pairwise(words))


def _is_sapo(el: Any) -> bool:
    """A sapo-classed element outside related boxes, figures and page furniture."""
    cls = el.get("class")
    if not cls or not _SAPO_CLASS & {t.lower() for t in _CLASS_TOKEN.findall(cls)}:
        return False
    return el.tag not in ("meta", "figcaption", "img") and not any(
        a.tag in ("nav", "aside", "footer", "figure", "figcaption")
        or _NOT_SAPO_AROUND.search(a.get("class") or "")
        for a in el.iterancestors()
    )


def _headline(tree: Any, title: str | None) -> Any:
    """The page's ``<h1>`` that holds its title (the first ``<h1>`` when none does)."""
    if tree is None:
        return None
    h1s = list(tree.iter("h1"))
    flat_title = " ".join((title or "").split())
    for h1 in h1s:
        text = " ".join(h1.text_content().split())
        if text and flat_title and (text in flat_title or flat_title in text):
            return h1
    return h1s[0] if h1s else None


def _text_before(tree: Any, h1: Any) -> str:
    """The page's text that comes before the headline (header boxes, breadcrumbs)."""
    ancestors = set(h1.iterancestors())
    parts: list[str] = []
    for el in tree.iter():
        if el is h1:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        parts.append(el.text or "")
        if el not in ancestors:
            parts.append(el.tail or "")
    return " ".join(" ".join(parts).split())


def _above_headline_removed(paragraphs: list[str], tree: Any, h1: Any) -> list[str]:
    """Drop the leading lines that the page holds only above its headline.

    Recall-first extraction can start with a header's "hot story" box (a link and another
    article's sapo); the article itself starts at its ``<h1>``.
    """
    if h1 is None:
        return paragraphs
    before = _text_before(tree, h1)
    start = 0
    while start < len(paragraphs) and " ".join(paragraphs[start].split()) in before:
        start += 1
    return paragraphs[start:] if start < len(paragraphs) else paragraphs


def _sapo_element(tree: Any, h1: Any, body: str) -> str | None:
    """The text of the sapo element between the page's ``<h1>`` and the start of its body.

    A sapo above the headline (a header's "hot story" box) or after the first body paragraph
    (a teaser further down) belongs to another article.
    """
    if h1 is None:
        return None
    flat_body = " ".join(body.split())
    in_h1 = set(h1.iter())
    after_h1 = False
    for el in tree.iter():
        if el is h1:
            after_h1 = True
        if not after_h1 or el in in_h1 or not isinstance(el.tag, str):
            continue
        if _is_sapo(el):
            text = " ".join(el.text_content().split())
            if _SAPO_SYLLABLES[0] <= len(text.split()) <= _SAPO_SYLLABLES[1]:
                return text
            continue
        own = " ".join((el.text_content() if el.tag == "p" else el.text or "").split())
        if len(own.split()) >= _BODY_STARTED_WORDS and own in flat_body:
            return None  # the body has begun: no sapo between it and the headline
    return None


def _lead_candidates(
    tree: Any, h1: Any, description: str | None, body: str
) -> Iterator[tuple[str | None, float]]:
    yield description, _DESCRIPTION_SHARED
    yield _sapo_element(tree, h1, body), _ELEMENT_SHARED


def _missing_lead(
    tree: Any, h1: Any, description: str | None, title: str | None, body: str
) -> str | None:
    """The sapo when the extracted text lacks it: the page's description or sapo element.

    Vietnamese sites set the sapo outside the content block, and their ``og:description`` is
    the sapo. A candidate is used only when it is sentence-length, not the title, not cut
    short ("…"), and shares wording with the body (a site-wide description does not; a sapo
    element, which lies between the headline and the body, a quarter of its syllable pairs)
    without being in it already.
    """
    body_bigrams = _bigrams(body)
    for candidate, min_shared in _lead_candidates(tree, h1, description, body):
        text = normalize_line(candidate or "")
        if not text or text == title or text.endswith(("...", "…")):
            continue
        if not _SAPO_SYLLABLES[0] <= len(text.split()) <= _SAPO_SYLLABLES[1]:
            continue
        own = _bigrams(text)
        shared = len(own & body_bigrams) / max(1, len(own))
        if shared >= 0.8:
            return None  # the body holds it already
        if shared >= min_shared:
            return text
    return None


#: Elements that set a photo's caption in running text: "<img><br><i>Người dân …</i>".
_CAPTION_TAGS = frozenset(["i", "em", "small"])
_CAPTION_MAX_SYLLABLES = 40
_CAPTION_BLOCK_CHILDREN = 8


def _own_text(el: Any, skip: Any = None) -> str:
    """The text of ``el`` outside its child ``skip`` (tails of its children included)."""
    parts = [el.text or ""]
    for child in el:
        if child is not skip and isinstance(child.tag, str):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _caption_after(img: Any) -> Any:
    """The element that captions ``img`` in running text, if any: the next element after it
    and any line breaks, with nothing else between, when it is an ``<i>``/``<em>``-like element
    and the block holds nothing else (``<p><img><br><i>…</i></p>``). (An italic paragraph
    of its own under a photo may be a sapo or an editor's note: it stays.)"""
    if (img.tail or "").strip():
        return None
    block = img.getparent()
    if block is None or len(block) > _CAPTION_BLOCK_CHILDREN:
        return None  # (a gallery of many photos in one block: not worth the scan)
    nxt = img.getnext()
    while nxt is not None and nxt.tag == "br" and not (nxt.tail or "").strip():
        nxt = nxt.getnext()
    if nxt is not None and nxt.tag in _CAPTION_TAGS and not _own_text(block, nxt):
        return nxt
    return None


def _photo_captions(tree: Any) -> set[str]:
    """Captions set under a photo in running text (:func:`_caption_after`), normalised."""
    found = set()
    for img in tree.iter("img"):
        el = _caption_after(img)
        if el is not None:
            text = normalize_line(el.text_content())
            if text and len(text.split()) <= _CAPTION_MAX_SYLLABLES:
                found.add(text)
    return found


def parse_html(html: str, source: str, url: str | None = None) -> RawDocument:
    """Extract title, publication time, outlet and main text of an HTML page.

    ``url`` is where the page came from (``diemtin fetch``), used for relative links and as
    a fallback for the page's own canonical URL.
    """
    try:
        doc = _extract(html, url)
    except RecursionError:
        doc = None
    except (ValueError, TypeError, AttributeError, LookupError) as exc:
        # lxml/trafilatura failures on broken markup surface as these; the page is refused
        raise InputError(source, f"HTML page could not be parsed ({type(exc).__name__}: {exc})") from None
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        depth = nesting_depth(html)
        if depth > MAX_DEPTH:
            raise InputError(
                source, f"HTML page nested more than {MAX_DEPTH} elements deep: the HTML parser "
                "cannot read it; save the article text instead",
            )
        raise InputError(source, "HTML page without an article body that could be extracted")
    meta: dict[str, str] = {}
    for key, value in (
        ("title", doc.title), ("published", doc.date), ("outlet", doc.sitename),
        ("url", doc.url or url), ("author", doc.author),
        ("category", (doc.categories or [None])[0] if isinstance(doc.categories, list) else None),
    ):
        if value and str(value).strip():
            meta[key] = normalize_line(str(value))
    if meta.get("url"):
        meta["host"] = urlsplit(meta["url"]).hostname or ""
    paragraphs = [p for p in (normalize_line(line) for line in body.split("\n")) if p]
    title = meta.get("title")
    from trafilatura import load_html

    tree = load_html(html)
    h1 = _headline(tree, title)
    paragraphs = _above_headline_removed(paragraphs, tree, h1)
    if tree is not None and (captions := _photo_captions(tree)):
        # each caption once, never the first paragraph (a lead that a caption repeats)
        kept = paragraphs[:1]
        for p in paragraphs[1:]:
            if p in captions:
                captions.discard(p)
            else:
                kept.append(p)
        paragraphs = kept
    body = "\n".join(paragraphs)
    lead = _missing_lead(tree, h1, getattr(doc, "description", None), title, body)
    if lead:
        paragraphs.insert(0, lead)
    if title:  # the page's own headline goes first, once
        paragraphs = [title, *(p for p in paragraphs if p != title)]
    return RawDocument(
        text=normalize_text("\n\n".join(paragraphs)), source=source, format="html", meta=meta,
    )
