"""Saved HTML article pages → :class:`RawDocument` (main text via trafilatura)."""

from __future__ import annotations

from diemtin.errors import InputError, require
from diemtin.types import RawDocument


def parse_html(html: str, source: str) -> RawDocument:
    """Extract title, date, outlet and main text of an HTML page (needs ``diemtin[html]``)."""
    trafilatura = require("trafilatura", "reading HTML pages", "html")
    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                      with_metadata=True)
    if doc is None or not getattr(doc, "text", None):
        raise InputError(source, "HTML page without an article body that could be extracted")
    meta = {
        key: str(value)
        for key, value in (
            ("title", doc.title), ("published", doc.date), ("outlet", doc.sitename),
            ("url", doc.url), ("author", doc.author),
        )
        if value
    }
    from diemtin.text.normalize import normalize_text

    text = normalize_text(doc.text)
    if meta.get("title"):
        text = meta["title"] + "\n\n" + text
    return RawDocument(text=text, source=source, format="html", meta=meta)
