"""Vietnamese-aware sentence splitting that never loses a character.

:func:`sentence_spans` returns ``(start, end)`` offsets; the text between consecutive spans is
whitespace only, so joining the spans back with that whitespace gives the input exactly.

Rules (a boundary is after ``.``, ``!``, ``?``, ``…`` or ``...``, plus any closing quotes or
brackets, followed by whitespace, or after a full stop glued before a capitalised Vietnamese
syllable, ``Hà Nội.Tổng vốn``, ``(… 1/8).Trong``, ``Bakery.Với``, not after a one-letter
label, ``điểm a.Khoản 2``), with these exceptions:

- a line break always ends a sentence (paragraphs are split first);
- the next character must start a sentence: an upper-case letter, a digit, an opening quote or
  bracket, a lower-case letter before a capital (``iOS``, ``eSIM``), or a dash followed by an
  upper-case letter (``"..." - ông X nói`` stays whole); after an ellipsis, a quotation that
  opens in lower case goes on with the sentence (``đã… “hạ cánh” nhầm``);
- no break after a known abbreviation (``TP.``, ``PGS.TS.``, ``GS.TSKH.``, ``KTS.``, ``TX.``,
  ``St.``), an initial (``J. K. Rowling``), or a list number at the start of a sentence
  (``1. Thay vì``); but an initial or a place prefix followed by a capitalised Vietnamese
  syllable and a lower-case word is a sentence end, since names and places continue in
  capitals ("6 độ C. Trời rét", "UBND TP. Dự kiến" split; "Q. Bình Thạnh", "George W.
  Bush", "TP. Huế có" do not). After a name syllable the letter is a middle initial and the
  given name follows ("Nguyễn T. Lan cho biết", "David M. Tran cho biết"), unless the next
  word is a sentence opener that is no given name ("Nguyễn Văn H. Tại cơ quan" splits). A
  title chain is titles and capitalised abbreviations ("GS.TSKH."; "GS.Nam." is a name).
  Acronyms written without dots ("UBND.") are ordinary words;
- numbers (``19.5``, ``2.000``, ``3,5``) and ``TP.HCM`` have no space after the dot, so they
  are never candidates;
- inside an open quotation (``"…"`` or ``“…”``) shorter than ``_MAX_QUOTE`` characters and
  closed later in its paragraph, no break, so a quoted statement stays one sentence; a
  mark of the other kind at the end of a word closes it too (``“… rau". Sau đó``); a
  quotation that runs on into the next paragraph (no closing mark in this one) or a stray
  mark does not hold the paragraph together, and ``"`` after a digit (``6,1"``) is an inch
  mark, not a quote, unless it closes a quotation before a stop (``năm 2019".``);
- inside a bracket that closes within ``_MAX_BRACKET`` characters, no break ("(xem bảng
  dưới. Nguồn: GSO)"; the ")" of a list label, ": a) …; b) …", closes no bracket); after
  a closing quote, a dash introduces the speaker, not a sentence (``"…" - Ông Minh khẳng
  định.``).
"""

from __future__ import annotations

import re

from diemtin.errors import UsageError
from diemtin.text.language import is_vietnamese_syllable
from diemtin.text.names import SURNAMES

# Abbreviations that end with a dot and are normally followed by a capitalised name. Matched
# case-sensitively: folding case made ordinary words that end sentences ("đàn ông.", "chồng bà.",
# "ăn no.", "Hoa Sen.") block a break, merging two sentences into one. Acronyms written without
# dots ("UBND", "HĐND", "TW") are not among them: "báo cáo UBND. Sau đó, …" ends a sentence.
# Personal titles come before a name ("TS. Nguyễn Văn A", "GS.TSKH. Lê Đình Hùng"); place
# prefixes before a place name ("TP. Hồ Chí Minh", "Q. Hoàng Mai", "TX. Sơn Tây", "KP. 3").
_TITLES = frozenset(
    ["TS", "Ts", "GS", "Gs", "PGS", "Pgs", "ThS", "Ths", "Th.S", "TSKH", "BS", "Bs", "BSCK", "BSCKI", "BSCKII", "CKI", "CKII", "DS", "Ds", "KS", "Ks", "KTS", "Kts", "LS", "Ls", "NCS", "CN", "NSƯT", "NSND", "NGƯT", "NGND", "TTƯT"]
)
_PLACE_PREFIXES = frozenset(["TP", "Tp", "tp", "TX", "Tx", "Q", "P", "KP", "Kp"])
# ... of which these are never a middle initial ("Lê Q. Anh Vũ") or a ward ("P. Bà Triệu")
_CITY_PREFIXES = frozenset(["TP", "Tp", "tp", "TX", "Tx"])
_ABBREVIATIONS = _TITLES | _PLACE_PREFIXES | frozenset(
    ["TT", "F", "NXB", "Nxb", "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Co", "Corp", "Inc", "Ltd", "No", "Nos", "Tr", "tr", "Vol", "Fig", "Lt", "Gen", "Col", "Capt", "Sgt", "Mt", "Ft", "ft", "feat", "Rev", "Hon", "Gov", "Rep", "Pres", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Oct", "Nov", "Dec", "Th", "ĐH"]
)
# The one-syllable city names that follow "TP." ("TP. Huế có …" is one sentence); any other
# capitalised Vietnamese syllable followed by a lower-case word opens a sentence.
_ONE_SYLLABLE_CITIES = frozenset(["Huế", "Vinh"])
# A chain of title parts: "GS.TSKH", "ThS.KTS", "PGS.TS.BS" (the first part a title; the
# others titles or abbreviations with two capitals, so "GS.Nam" is a title and a name).
_TITLE_PART = re.compile(r"^[A-ZĐ][A-Za-zĐƯ]{0,5}$")
# Words that open a sentence and are not given names: after "Nguyễn Văn H." or "Lê T." one
# of these starts a new sentence ("Nguyễn Văn H. Tại cơ quan …"); any other capitalised
# syllable is the given name ("Nguyễn T. Lan cho biết", "David M. Tran cho biết").
_OPENERS_AFTER_NAME = frozenset(
    "Tại Sau Theo Đến Trong Khi Ngày Trước Lúc Vào Tuy Nhưng Do Vì Để Với Từ Qua Ngoài Đây Đó "  # noqa: SIM905
    "Hôm Sáng Chiều Trưa Tối Đêm Rạng Tháng Năm Tuần Các Những Một Mỗi Nhiều Cơ Ông Bà Chị "
    "Người Nếu Dù Mặc Riêng Còn Cũng Đối Bị Được Hiện Sự Vụ Kết Bên Tòa Viện Ủy Chủ Giám "
    "Lần Tới Không Chưa Đã Đang Sẽ Vẫn Chỉ Thậm Bởi Nhờ Trả Tiếp Số Tổng".split()
)
# ... nor a pronoun for the person just named: "Nguyễn Văn H. Anh này khai …" ("Anh" alone
# is also a given name: "Nguyễn T. Anh cho biết").
_PRONOUN = re.compile(r"(?:Anh|Chị|Em|Cô|Cậu|Bà|Ông|Cháu|Hắn) (?:này|ta|ấy)\b")
_OPENERS = "\"'“‘«([{"
_QUOTE_OPENERS = "\"'“‘«"
_CLOSERS = "\"'”’»)]}"
_DASHES = "-–—"
_MAX_QUOTE = 400  # chars: a quotation longer than this may be split inside (long speeches)

# A candidate sentence end: a run of sentence-final marks ("." "!" "?" "…", so "..." too),
# closers, then whitespace; or a full stop with no space after it between a letter (or a
# closing bracket or quotation mark) and a word of letters ("Hà Nội.Tổng vốn", "(… 1/8).Trong",
# CMS copies; checked by _glued_break). Both begin with
# one character class, so the regex engine skips ahead to the next end mark instead of
# trying two alternatives (or a lookbehind) at every character: 2.5× faster over a
# paragraph, the same matches.
_CANDIDATE = re.compile(
    r"[.!?…](?:[.!?…]*[\"'”’»)\]}]*(?=\s)|(?=[^\W\d_])(?<=(?:[^\W\d_]|[)”\"])\.))")
_WORD_AT = re.compile(r"[^\W\d_]+")
_MAX_BRACKET = 200  # chars: a bracket closed within this many keeps its full stops inside
_QUOTE_MARK = re.compile('[“”"]')
_LIST_MARKER = re.compile(r"^(?:\d{1,3}|[IVXLCivxlc]{1,5}|[a-zA-Z])$")
_TWO_WORDS = re.compile(r"(\S+)\s+(\S+)")
_ITEM_LABEL = re.compile(r"^(?:\d{1,2}|[a-zđ]|[ivx]{1,4})$")


def _starts_sentence(text: str, pos: int, mark: str = "") -> bool:
    """Whether the text at ``pos`` (first non-space after the candidate ``mark``) can begin a
    sentence."""
    if pos >= len(text):
        return False
    ch = text[pos]
    if ch in _QUOTE_OPENERS and mark.rstrip(_CLOSERS).endswith(("…", "..")):
        # a quotation that opens in lower case goes on with the sentence: 'đã… “hạ cánh” nhầm'
        inner = pos + 1
        while inner < len(text) and text[inner] in _QUOTE_OPENERS:
            inner += 1
        return inner >= len(text) or not text[inner].islower() or (
            inner + 1 < len(text) and text[inner + 1].isupper())
    if ch.isupper() or ch.isdigit() or ch in _OPENERS:
        return True
    if ch.islower() and pos + 1 < len(text) and text[pos + 1].isupper():
        return True  # a brand written in camel case: "iOS", "eSIM", "iPhone", "mRNA"
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


def _reads_as_sentence(text: str, pos: int) -> bool:
    """Whether the words at ``pos`` open a sentence rather than continue a name.

    A name after an initial or a place prefix is a run of capitalised words ("Q. Bình Thạnh",
    "P. Khánh Xuân") or a foreign name ("George W. Bush", "C. Ronaldo"). A capitalised
    Vietnamese syllable followed by a lower-case word ("độ C. Trời rét", "Nguyễn Văn H. Tại
    cơ quan", "UBND TP. Dự kiến") or by a lone letter or number ("đội A. Đội B bị loại") is
    a new sentence.
    """
    m = _TWO_WORDS.match(text, pos)
    if not m:
        return False
    first, second = m.group(1).rstrip(",;:"), m.group(2)
    if len(first) < 2 or not first[0].isupper() or not is_vietnamese_syllable(first):
        return False
    if not first[1:].islower():
        return False  # "HÀ NỘI", "TP. HCM"
    return second[0].islower() or second[0].isdigit() or (len(second) == 1 and second.isupper())


def _person_after(text: str, pos: int) -> bool:
    """A person at ``pos``, after a place prefix: "UBND TP. Ông Nguyễn Văn A …" (no place is
    named "Ông Nguyễn"). "Bà", "Anh" and "Chị" need a family name after them: "TP. Bà Rịa",
    "H. Anh Sơn" are places."""
    words = text[pos:].split(None, 2)[:2]
    if len(words) < 2:
        return False
    first, second = words[0], words[1].rstrip(",;:")
    if first == "Ông":
        return second[:1].isupper() and second[1:].islower()
    return first in ("Bà", "Anh", "Chị") and second in SURNAMES


def _title_part(part: str) -> bool:
    """A later part of a title chain: a title or an abbreviation with two capitals ("TSKH")."""
    return part in _ABBREVIATIONS or (
        bool(_TITLE_PART.match(part)) and sum(ch.isupper() for ch in part) >= 2
    )


def _name_syllable(word: str) -> bool:
    """A capitalised word of letters that can be part of a name: "Nguyễn", "Văn", "David"."""
    return len(word) >= 2 and word.isalpha() and word[0].isupper() and word[1:].islower()


def _first_word(text: str, pos: int) -> str:
    m = _WORD_AT.match(text, pos)
    return m.group() if m else ""


def _blocks_break(text: str, sent_start: int, cand_start: int, cand: str, nxt: int) -> bool:
    """Whether a candidate boundary at ``cand_start`` must not split (``nxt``: the next word)."""
    if cand != ".":
        return False  # "!", "?", "...", "…" end sentences (followed by an opener/capital)
    token = _token_before(text, cand_start)
    if not token:
        return False
    last = token.rsplit(".", 1)[-1]
    if last in _ABBREVIATIONS or token in _ABBREVIATIONS:
        if last in _PLACE_PREFIXES and _reads_as_sentence(text, nxt):
            # "UBND TP. Dự kiến …" ends a sentence; "TP. Huế có …" does not
            return text[nxt:].split(None, 1)[0].rstrip(",;:") in _ONE_SYLLABLE_CITIES
        if last in _CITY_PREFIXES and _person_after(text, nxt):
            return False  # "UBND TP. Ông Nguyễn Văn A …": no place is named "Ông Nguyễn"
        if last in _TITLES and token == last:
            before = _token_before(text, len(text[: cand_start - len(token)].rstrip()))
            if before.isdigit():
                return False  # a boat's number, "QNg 95123 TS.", is not a title before a name
        return True
    parts = token.split(".")
    if len(parts) > 1 and parts[0] in _TITLES and all(_title_part(x) for x in parts[1:]):
        return True  # "GS.TSKH.", "ThS.KTS." before a name
    if len(last) == 1 and last.isalpha() and last.isupper() and (last.isascii() or last == "Đ"):
        # an initial: "J. K. Rowling", "Nguyễn V. A", "Trần Văn Đ."; not the one-letter words
        # "châu Á.", "nước Ý."; nor a letter that ends a sentence ("độ C.", "vitamin C.",
        # "bảng B.", "Nguyễn Văn H.") before a Vietnamese sentence opener, unless it is a
        # label opening the sentence ("Phần I. Đọc hiểu …")
        words = text[sent_start:cand_start].split()
        if len(words) <= 2 or not _reads_as_sentence(text, nxt):
            return True
        if token == last and _name_syllable(words[-2]):
            # a middle initial: "Nguyễn T. Lan", "David M. Tran" go on with the given name;
            # "Nguyễn Văn H. Tại cơ quan …" ends before a word that is no given name
            return (_first_word(text, nxt) not in _OPENERS_AFTER_NAME
                    and not _PRONOUN.match(text, nxt))
        return False
    segment = text[sent_start:cand_start].strip()
    return bool(_LIST_MARKER.match(segment))


def _quote_open(text: str, start: int, end: int) -> int | None:
    """Offset of the quotation still open at ``end`` within ``text[start:end]``, if any."""
    depth_curly: list[int] = []
    straight: int | None = None
    for m in _QUOTE_MARK.finditer(text, start, end):
        ch, i = m.group(), m.start()
        if ch == "“" or (ch == "”" and _opening_position(text, i)):
            depth_curly.append(i)  # (some write ”…” on both sides)
        elif ch == "”":
            if depth_curly:
                depth_curly.pop()
            elif straight is not None and not (i > start and text[i - 1].isdigit()):
                straight = None  # '"Tôi đi chợ”': the marks do not match, the quotation ends
        elif straight is None:
            closing = bool(depth_curly) and _closing_position(text, i)
            if i > start and text[i - 1].isdigit() and not (
                    closing and text[i + 1 : i + 2] in ("", *".,;:!?…)")):
                continue  # an inch mark, 'màn hình 6,1"', opens no quotation
            if closing:
                depth_curly.pop()  # '“Tôi đi chợ. Tôi mua rau". Sau đó …': ends the quotation
                continue
            straight = i
        else:
            straight = None
    opened = [*depth_curly, *([straight] if straight is not None else [])]
    return min(opened) if opened else None


def _closing_position(text: str, i: int) -> bool:
    """Whether the mark at ``i`` ends a word (after any character but a space; before a
    space, a stop, a closer or the end), where a quotation closes."""
    return (i > 0 and not text[i - 1].isspace()
            and (i + 1 == len(text) or text[i + 1].isspace() or text[i + 1] in ".,;:!?…)”’»]"))


def _opening_position(text: str, i: int) -> bool:
    """Whether the mark at ``i`` starts a word (at the start or after a space, "(" or ":";
    before a letter or digit), where a quotation opens."""
    return ((i == 0 or text[i - 1].isspace() or text[i - 1] in "(:")
            and i + 1 < len(text) and text[i + 1].isalnum())


def _glued_break(text: str, dot: int) -> bool:
    """Whether a full stop with no space after it ends a sentence: "Hà Nội.Tổng vốn …".

    The word after is a capitalised Vietnamese syllable, all letters and followed by a space
    or a comma. Before the stop: a Vietnamese syllable ending in lower case, a closing bracket
    or quotation mark ("(… 1/8).Trong"), or a foreign (ASCII) word of three letters or more
    when the word after has a mark ("Bakery.Với"). So "TP.HCM",
    "Th.S", "vnexpress.net", "Q.1", "Man.Utd" and "Nguyen.Van@…" are never candidates (abbreviations such as "Tp.Hồ Chí Minh" are checked
    afterwards like any other).
    """
    before = _token_before(text, dot)
    closed = text[dot - 1] in ")”\""  # "(thứ Hai).Trong 15 ngày …"
    if not closed and (not text[dot - 1].islower() or len(before) < 2):
        return False  # a one-letter word is a clause label: "tại điểm a.Khoản 2 Điều 5"
    m = _WORD_AT.match(text, dot + 1)
    if not m:
        return False
    word, after = m.group(), m.end()
    if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
        return False
    if not is_vietnamese_syllable(word):
        return False  # names written with a dot: "Man.Utd", "Rikvip/Tip.Club"
    if not (closed or is_vietnamese_syllable(before)
            or (len(before) >= 3 and before.isalpha() and before.isascii() and not word.isascii())):
        return False  # ("Bakery.Với ngành …": a foreign word before a marked syllable)
    return after == len(text) or text[after].isspace() or text[after] in ",;:"


def _closes_list_item(text: str, i: int) -> bool:
    """Whether the ")" at ``i`` ends a list item's label after ":", ";" or ".": "nêu rõ: a) …"."""
    j = i
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "(.:;":
        j -= 1
    if not _ITEM_LABEL.match(text[j:i]):
        return False
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j == 0 or text[j - 1] in ".:;"


def _inside_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``end`` lies inside a bracket opened after ``start`` that closes soon after.

    "(xem bảng dưới. Nguồn: GSO)" is one aside; a bracket never closed keeps nothing together,
    and the ")" of a list marker ("nêu rõ: a) …; b) …") closes no bracket.
    """
    first = text.find("(", start, end)
    if first < 0:
        return False  # (most sentences: no bracket to look into)
    depth = 0
    for i in range(first, end):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")" and depth and not _closes_list_item(text, i):
            depth -= 1
    if not depth:
        return False
    for i in range(end, min(len(text), end + _MAX_BRACKET)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")" and not _closes_list_item(text, i):
            depth -= 1
            if not depth:
                return True
    return False


def _closes_in_line(text: str, start: int, q: int) -> bool:
    """Whether the quotation opened at ``q`` is closed before the line ends.

    A quotation that runs on into the next paragraph has no closing mark in this one (the
    usual style for a statement of several paragraphs), and a stray mark ('“xanh, “sạch”')
    never closes: neither keeps the line's sentences together.
    """
    still_open = _quote_open(text, start, len(text))
    return still_open is None or still_open > q


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
        if nxt == end and not _glued_break(text, m.start()):
            continue
        if not _starts_sentence(text, nxt, m.group(0)):
            continue
        if m.group(0)[-1] in "\"”’'" and text[nxt] in _DASHES:
            continue  # '"…" - Ông Minh khẳng định.': the speaker after a quotation
        punct = m.group(0).rstrip(_CLOSERS)
        core = "." if set(punct) == {"."} and len(punct) == 1 else punct
        if _blocks_break(text, sent_start, m.start(), core, nxt):
            continue
        q = _quote_open(text, sent_start, end)
        if q is not None and end - q < _MAX_QUOTE and _closes_in_line(text, sent_start, q):
            continue
        if _inside_brackets(text, sent_start, end):
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
