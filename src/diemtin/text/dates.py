"""Publication dates as Vietnamese news sites write them, parsed leniently.

Sites write the date of an article in dozens of ways (ViMs alone has over 150 layouts)::

    Thứ 6, 11:03, 20/05/2016          20.05.2016 | 10:49 AM        19/05/16 15:47
    Thứ Hai, ngày 23/05/2016 19:01 PM (GMT+7)   08:15 ngày 20 tháng 5 năm 2016
    Thứ hai, 23 Tháng năm 2016, 23:43 GMT+7      2016-05-20T08:26:24+07:00
    5/20/2016 11:40:52 PM                         May 19, 2016

:func:`parse_published` finds the first calendar date in the string (day first, the
Vietnamese order; month first only when the day-first reading is impossible or the string is
the US ``M/D/YYYY h:mm:ss AM`` layout) and the time of day next to it. It returns ``None``
rather than guess when there is no full date (``"21/05 06:45"`` has no year).
The result is a naive local datetime in Vietnam's time. Zone names next to a written date
(``GMT+7``) are ignored, since the sites of one archive share one; a machine-written time with
an offset (``2016-05-20T17:00:00Z``, ``+00:00``) is converted to UTC+7.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta, timezone

_MONTH_WORDS = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}
_EN_MONTHS = {
    m: n for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"(Z|[+-]\d{2}:?\d{2}(?!\d))?)?")
#: Vietnam's time (UTC+7 all year): a time written with another offset is read in it.
VIETNAM = timezone(timedelta(hours=7))
# 20/05/2016, 20.05.2016, 20-05-2016, 19 / 5 / 2016, 19/05/16, 21/05.2016, 19/05/201600:00:00
_NUMERIC = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(?:(\d{4})|(\d{2})(?![\d/]))"
)
# ngày 20 tháng 5 năm 2016 ; 20 Tháng năm 2016 ; Ngày 20 Tháng 5, 2016
_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2}|mười một|mười hai|[^\W\d_]+)\s*,?\s*(?:năm\s+)?(\d{4})(?!\d)",
    re.IGNORECASE,
)
_ENGLISH = re.compile(r"\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b")
# 11:03, 8:34 AM, 20h:22, 17h40', 2:33:23 Chiều, 7: 25': 10''
_TIME = re.compile(
    r"(?<!\d)(\d{1,2})\s?(?:h:?|:)\s?(\d{1,2})'?(?:\s?:\s?(\d{1,2})(?:''|')?)?"
    r"(?:\s*(am|pm|sa|ch|sáng|chiều|tối|trưa)\b)?",
    re.IGNORECASE,
)
_US_LAYOUT = re.compile(
    r"^\s*\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}:\d{2}\s*[AP]M\s*$", re.IGNORECASE
)
_PM_WORDS = frozenset({"pm", "ch", "chiều", "tối"})


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _time_near(text: str, date_span: tuple[int, int]) -> tuple[int, int, int]:
    """The time of day written next to the date (before or after it), else midnight."""
    best: tuple[int, int, int] | None = None
    best_dist = 10**9
    for m in _TIME.finditer(text):
        if date_span[0] <= m.start() < date_span[1]:
            continue
        h, mi = int(m.group(1)), int(m.group(2))
        s = int(m.group(3) or 0)
        ampm = (m.group(4) or "").lower()
        if ampm in _PM_WORDS and h < 12:
            h += 12
        elif ampm in ("am", "sa") and h == 12:
            h = 0
        if h > 23 or mi > 59 or s > 59:
            continue
        dist = m.start() - date_span[1] if m.start() >= date_span[1] else date_span[0] - m.end()
        if dist < best_dist:
            best, best_dist = (h, mi, s), dist
    return best or (0, 0, 0)


def _build(y: int, mo: int, d: int, text: str, span: tuple[int, int]) -> datetime | None:
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2200):
        return None
    h, mi, s = _time_near(text, span)
    try:
        return datetime(y, mo, d, h, mi, s)
    except ValueError:  # 31/02
        return None


def parse_published(text: str | None) -> datetime | None:
    """The publication date and time written in ``text``, or ``None`` when there is none.

    >>> parse_published("Thứ 6, 11:03, 20/05/2016")
    datetime.datetime(2016, 5, 20, 11, 3)
    >>> parse_published("Thứ hai, 23 Tháng năm 2016, 23:43 GMT+7")
    datetime.datetime(2016, 5, 23, 23, 43)
    """
    if not text:
        return None
    found: list[tuple[int, datetime]] = []
    if m := _ISO.search(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if m.group(4):
            with contextlib.suppress(ValueError):
                when = datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
                if m.group(7):  # "2016-05-20T17:00:00Z" is 21 May, 00:00 in Vietnam
                    when = in_vietnam(when.replace(tzinfo=datetime.strptime(m.group(7), "%z").tzinfo))
                found.append((m.start(), when))
        elif dt := _build(y, mo, d, text, m.span()):
            found.append((m.start(), dt))
    if m := _NUMERIC.search(text):
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3) or m.group(4))
        day_first = not (a <= 12 < b) and not (a <= 12 and b <= 12 and _US_LAYOUT.match(text))
        d, mo = (a, b) if day_first else (b, a)
        if dt := _build(y, mo, d, text, m.span()):
            found.append((m.start(), dt))
    if m := _WORDS.search(text):
        month_text = m.group(2).lower()
        mo = int(month_text) if month_text.isdigit() else _MONTH_WORDS.get(month_text, 0)
        if mo and (dt := _build(int(m.group(3)), mo, int(m.group(1)), text, m.span())):
            found.append((m.start(), dt))
    if m := _ENGLISH.search(text):
        mo = _EN_MONTHS.get(m.group(1).lower(), 0)
        if mo and (dt := _build(int(m.group(3)), mo, int(m.group(2)), text, m.span())):
            found.append((m.start(), dt))
    if not found:
        return None
    return min(found, key=lambda x: x[0])[1]


def in_vietnam(when: datetime) -> datetime:
    """``when`` as the naive local time of Vietnam (an aware time is converted to UTC+7; a
    naive one is taken as it is)."""
    if when.tzinfo is None:
        return when
    return when.astimezone(VIETNAM).replace(tzinfo=None)


_EPOCH = datetime(1970, 1, 1)


def to_days(when: datetime | None) -> float:
    """``when`` as days since 1970-01-01 (naive datetimes read as they are, aware ones in
    UTC); NaN for ``None``."""
    if when is None:
        return float("nan")
    if when.tzinfo is not None:
        return when.timestamp() / 86400.0
    return (when - _EPOCH).total_seconds() / 86400.0
