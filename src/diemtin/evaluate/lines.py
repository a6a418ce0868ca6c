"""Scoring the cleaner: which lines of a page are body lines, against an annotation."""

from __future__ import annotations

from collections.abc import Sequence

from diemtin.text.normalize import normalize_text


def gold_line_indices(lines: Sequence[str], body: Sequence[str]) -> set[int]:
    """Indices of ``lines`` that are the annotated ``body`` lines, matched in order.

    Raises :class:`ValueError` when an annotated line is not on the page (a stale annotation
    would otherwise silently lower recall).
    """
    want = [normalize_text(b).strip() for b in body]
    found: set[int] = set()
    k = 0
    for i, line in enumerate(lines):
        if k < len(want) and line.strip() == want[k]:
            found.add(i)
            k += 1
    if k != len(want):
        raise ValueError(f"annotated body line not on the page: {want[k]!r}")
    return found
