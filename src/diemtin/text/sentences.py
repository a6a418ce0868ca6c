"""Vietnamese-aware sentence splitting that never loses a character.

:func:`sentence_spans` returns ``(start, end)`` offsets; the text between consecutive spans is
whitespace only, so joining the spans back with that whitespace gives the input exactly.

Rules (a boundary is after ``.``, ``!``, ``?``, ``…`` or ``...``, plus any closing quotes or
brackets, followed by whitespace), with these exceptions:

- a line break always ends a sentence (paragraphs are split first);
- the next character must start a sentence: an upper-case letter, a digit, an opening quote or
  bracket, or a dash followed by an upper-case letter (``"..." - ông X nói`` stays whole);
- no break after a known abbreviation (``TP.``, ``PGS.TS.``, ``ThS.``, ``Tp.``, ``St.``), an
  initial (``J. K. Rowling``), or a list number at the start of a sentence (``1. Thay vì``);
- numbers (``19.5``, ``2.000``, ``3,5``) and ``TP.HCM`` have no space after the dot, so they
  are never candidates;
- inside an open quotation (``"…"`` or ``“…”``) shorter than ``_MAX_QUOTE`` characters, no
  break, so a quoted statement stays one sentence.
"""

from __future__ import annotations

import re

from diemtin.errors import UsageError

# Abbreviations that end with a dot and are normally followed by a capitalised name. Matched
# case-sensitively: folding case made ordinary words that end sentences ("đàn ông.", "chồng bà.",
# "ăn no.", "Hoa Sen.") block a break, merging two sentences into one.
_ABBREVIATIONS = frozenset(
    ["TP", "Tp", "tp", "TS", "Ts", "GS", "Gs", "PGS", "Pgs", "ThS", "Ths", "Th.S", "BS", "Bs", "BSCKI", "BSCKII", "CKI", "CKII", "KS", "Ks", "CN", "NSƯT", "NSND", "NGƯT", "NGND", "TTƯT", "TT", "Q", "P", "F", "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Co", "Corp", "Inc", "Ltd", "No", "Nos", "Tr", "tr", "Vol", "Fig", "Lt", "Gen", "Col", "Capt", "Sgt", "Mt", "Ft", "ft", "feat", "Rev", "Hon", "Gov", "Rep", "Pres", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Oct", "Nov", "Dec", "Th", "ĐH", "TW", "UBND", "HĐND"]
)
_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"
_DASHES = "-–—"
_MAX_QUOTE = 400  # chars: a quotation longer than this may be split inside (long speeches)

# a run of sentence-final marks ("." "!" "?" "…", so "..." too), closers, then whitespace; one
# character class (not an alternation) lets the regex engine skip ahead fast
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]}]*(?=\s)")
_QUOTE_MARK = re.compile('[“”"]')
_LIST_MARKER = re.compile(r"^(?:\d{1,3}|[IVXLCivxlc]{1,5}|[a-zA-Z])$")


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the text at ``pos`` (first non-space after a candidate) can begin a sentence."""
    if pos >= len(text):
        return False
    ch = text[pos]
    if ch.isupper() or ch.isdigit() or ch in _OPENERS:
        return True
    if ch in _DASHES:
        rest = text[pos + 1 :].lstrip()
        return bool(rest) and (rest[0].isupper() or rest[0].isdigit())
    return False


def _token_before(text: str, end: int) -> str:
    """The word just before the dot at ``end`` (may contain inner dots, like ``PGS.TS``)."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS:
        start -= 1
    return text[start:end]


def _blocks_break(text: str, sent_start: int, cand_start: int, cand: str) -> bool:
    """Whether a candidate boundary at ``cand_start`` must not split."""
    if cand != ".":
        return False  # "!", "?", "...", "…" end sentences (followed by an opener/capital)
    token = _token_before(text, cand_start)
    if not token:
        return False
    last = token.rsplit(".", 1)[-1]
    if last in _ABBREVIATIONS or token in _ABBREVIATIONS:
        return True
    if len(last) == 1 and last.isalpha() and last.isupper() and (last.isascii() or last == "Đ"):
        return True  # an initial: "J. K. Rowling", "Nguyễn V. A", "Trần Văn Đ."; not the
        # one-letter words "châu Á.", "nước Ý."
    segment = text[sent_start:cand_start].strip()
    return bool(_LIST_MARKER.match(segment))


def _quote_open(text: str, start: int, end: int) -> int | None:
    """Offset of the quotation still open at ``end`` within ``text[start:end]``, if any."""
    depth_curly: list[int] = []
    straight: int | None = None
    for m in _QUOTE_MARK.finditer(text, start, end):
        ch, i = m.group(), m.start()
        if ch == "“":
            depth_curly.append(i)
        elif ch == "”":
            if depth_curly:
                depth_curly.pop()
        elif straight is None:
            straight = i
        else:
            straight = None
    opened = [*depth_curly, *([straight] if straight is not None else [])]
    return min(opened) if opened else None


def _line_spans(text: str, offset: int, out: list[tuple[int, int]]) -> None:
    sent_start = 0
    while sent_start < len(text) and text[sent_start].isspace():
        sent_start += 1
    if sent_start >= len(text):
        return
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        if end <= sent_start:
            continue
        nxt = end
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if not _starts_sentence(text, nxt):
            continue
        punct = m.group(0).rstrip(_CLOSERS)
        core = "." if set(punct) == {"."} and len(punct) == 1 else punct
        if _blocks_break(text, sent_start, m.start(), core):
            continue
        q = _quote_open(text, sent_start, end)
        if q is not None and end - q < _MAX_QUOTE:
            continue
        out.append((offset + sent_start, offset + end))
        sent_start = nxt
    tail_end = len(text.rstrip())
    if tail_end > sent_start:
        out.append((offset + sent_start, offset + tail_end))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence; only whitespace lies outside the spans."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        _line_spans(line, pos, spans)
        pos += len(line) + 1
    return spans


def split_sentences(text: str) -> list[str]:
    """Split text (one or more paragraphs) into sentences, stripped of outer whitespace."""
    if not isinstance(text, str):
        raise UsageError(f"split_sentences takes a str, not {type(text).__name__}")
    return [text[s:e] for s, e in sentence_spans(text)]
