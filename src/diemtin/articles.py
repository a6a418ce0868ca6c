"""Turn what callers hand us (raw strings, paths, RawDocuments, Articles) into Articles."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from diemtin.errors import InputError, UsageError
from diemtin.types import Article, RawDocument

ArticleLike = str | os.PathLike[str] | RawDocument | Article


def looks_like_path(text: str) -> bool:
    """A one-line string naming an existing file or directory (anything else is text; the
    empty string is not the current folder)."""
    if not text.strip() or "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # too long for a file name, NUL byte, ...
        return False


def to_articles(items: Iterable[ArticleLike]) -> list[Article]:
    """Coerce each item to an :class:`Article`.

    A ``str`` is a path when it names an existing file and has no newline, else raw article
    text; a :class:`~pathlib.Path` is always a path (a directory gives all its articles).
    Raises :class:`InputError` (naming the item) for anything unreadable.
    """
    from diemtin.cleaner import clean, clean_article
    from diemtin.ingest.read import read_inputs

    if isinstance(items, (bytes, bytearray)) or not isinstance(items, Iterable):
        hint = " (decode bytes to text first)" if isinstance(items, (bytes, bytearray)) else ""
        raise UsageError(f"articles must be a list of raw texts, paths or Articles, not "
                         f"{type(items).__name__}{hint}")
    out: list[Article] = []
    seen: set[str] = set()  # a file named twice is one source, not two
    for n, item in enumerate(items):
        if isinstance(item, Article):
            out.append(item)
        elif isinstance(item, RawDocument):
            out.append(clean_article(item))
        elif isinstance(item, os.PathLike) or (isinstance(item, str) and looks_like_path(item)):
            result = read_inputs([item], seen=seen)
            if result.rejected:
                bad = result.rejected[0]
                raise InputError(bad.source, bad.reason)
            out.extend(clean_article(d) for d in result.documents)
        elif isinstance(item, str):
            out.append(clean(item, source=f"<text {n}>"))
        else:
            raise InputError(
                f"<item {n}>",
                f"cannot summarise a {type(item).__name__}: pass raw text, a path or an Article",
            )
    return out
