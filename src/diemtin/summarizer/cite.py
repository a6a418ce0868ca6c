"""Citations: every article that states a summary sentence."""

from __future__ import annotations

import functools
import itertools
import re
from typing import NamedTuple

import numpy as np

from diemtin.summarizer.pool import SentencePool
from diemtin.text.names import SURNAMES
from diemtin.text.places import base, provinces_in
from diemtin.types import Citation

#: An article "states" a summary sentence when one of its sentences has TF-IDF cosine
#: (syllable 1-2-grams) at least this high with it. 0.5 keeps paraphrases that share most
#: names, numbers and wording; lower values start citing merely related background.
CITE_THRESHOLD = 0.5
#: ... and holds at least this share of the summary sentence's syllables and syllable
#: bigrams: a short sentence that shares only the time and place of a long one does not
#: state it.
CITE_COVER = 0.35
#: A sentence that holds this share of them states it whatever else it says ("Rihanna nhận
#: giải ..." inside a longer sentence of another outlet), however low the cosine, when the
#: summary sentence has at least ``CITE_CONTAINED_MIN`` syllables and bigrams.
CITE_CONTAINED = 0.8
CITE_CONTAINED_MIN = 8


#: Syllables that negate what follows ("Nga sẽ không tham gia" is not "Nga sẽ tham gia").
NEGATORS = frozenset({"không", "chưa", "chẳng", "đừng", "chớ"})
#: Words where a negator negates nothing: "hàng không" (aviation), "không khí" (air),
#: "không chỉ" (not only), ...
_NOT_NEGATION_BEFORE = frozenset({"hàng", "phòng", "phi"})
_NOT_NEGATION_AFTER = frozenset({
    "khí", "quân", "gian", "phận", "lưu", "kích", "trung", "ảnh", "người", "chỉ", "những",
})
#: A figure keeps the separators between its digits ("19/05/2016", "3,7", "10h30"); a comma
#: and a space end it ("12/3, 2 xe" states 12/3 and 2).
_TOKEN = re.compile(r"[0-9]+(?:[.,/:hH-][0-9]+)*|\w+")
_DIGIT = re.compile(r"[0-9]")
_DIGITS = re.compile(r"[0-9]{1,18}")  # (a longer run is read in pieces, never as one int)
_FIGURE = re.compile(r"[0-9]+(?:[.,/:hH-][0-9]+)*")  # also inside words: "Q2/2016"
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_WORD = re.compile(r"\w+|[^\w\s]")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_PERIOD = re.compile(r"\b(I{1,3}|IV)(?=/[0-9]{4}\b)")
_SPACED_RANGE = re.compile(r"([0-9])\s*[-–—]\s*(?=[0-9])")
_CLOCK = re.compile(r"\b([0-9]{1,2})\s*giờ(?:\s*([0-9]{1,2})(?:\s*phút)?)?(?!\w)")
_TO_RANGE = re.compile(r"\b([0-9]+)\s+đến\s+(?:\w+\s+)?(?=[0-9])")
#: Words that multiply the figure before them ("350 nghìn con" states 350.000).
_SCALE = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000,
          "tỉ": 1_000_000_000}
#: Counts written as a word ("ba người" is "3 người"); compared with a figure only before
#: the same word, so "Ba Lan" never states a number. "năm" is left out: it is far more
#: often "year" ("6 tháng đầu năm đạt …") than five.
NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8,
                "chín": 9, "mười": 10}
_COUNT = re.compile(r"(?<!\w)(" + "|".join(NUMBER_WORDS) + r")[ \t]+(\w+)", re.IGNORECASE)
_LAST_WORD = re.compile(r"(\w+)[ \t]+$")
#: Words around a number word that make it part of a larger number, an ordinal, a date, a
#: share or an approximation ("hai mươi", "thứ hai", "tháng ba", "ba trong bốn", "hơn ba").
_NOT_A_COUNT_AFTER = frozenset({"mươi", "trăm", "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "mốt",
                                "lăm", "rưỡi", "chục", "phẩy"})
_NOT_A_COUNT_BEFORE = frozenset({"thứ", "tháng", "mùng", "mồng", "số", "hạng", "mươi", "trăm",
                                 "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "linh", "lẻ", "trong"})


class _Claims(NamedTuple):
    #: every figure with the word before it (``^`` at the start) and the word right after
    #: it ("" when punctuation or another figure follows)
    figures: tuple[tuple[tuple[int, ...], str, str, str], ...]  # (value, before, after, as written)
    negated: frozenset[str]  # words right after a negator
    plain: frozenset[str]  # words stated without a negator
    names: frozenset[tuple[str, ...]]  # runs of two or more capitalised syllables
    stated: frozenset[tuple[int, ...]]  # every figure, those inside words too
    words: tuple[str, ...]  # its words, case-folded (for finding a name in it)
    numbers: tuple[int, ...]  # the numbers of its figures, in order
    counted: frozenset[tuple[int, str]]  # counts written as words, with the word they count
    moves: frozenset[tuple[str, str, int]]  # (slot, next or previous word, +1 up / -1 down)
    places: frozenset[tuple[str, tuple[str, ...]]]  # (kind of place, its name): "tỉnh Quảng Nam"


def _figure(token: str) -> tuple[int, ...]:
    """A figure's numbers: one for a number with thousands separators ("1.500.000"), else
    each run of digits ("19/05/2016": 19, 5, 2016); a season or year range's short end is
    written out ("2015/16" is "2015-2016"), and "22h00" is "22h"."""
    if _THOUSANDS.fullmatch(token) and len(token) <= 24:
        return (int(token.replace(".", "")),)  # "100.000" is one number, not 100 then 0
    value = tuple(int(d) for d in _DIGITS.findall(token))
    if len(value) == 2 and value[1] == 0 and re.search(r"[hH:]", token):
        return value[:1]  # "22h00" is "22h"
    if len(value) == 2 and 1900 <= value[0] <= 2100 and value[1] < 100 and "." not in token:
        century = value[0] - value[0] % 100
        if century + value[1] > value[0]:
            value = (value[0], century + value[1])
    return value


@functools.lru_cache(maxsize=4096)
def _claims(text: str) -> _Claims:
    """What a sentence states beyond its words: its figures in context, the words it negates
    and the words it states without negation, and its names. Cached: a summary sentence is
    checked against every article."""
    if _DIGIT.search(text):  # one way of writing each figure
        text = _ROMAN_PERIOD.sub(lambda m: str(_ROMAN[m.group(1)]), text)  # "quý I/2016" = "quý 1/2016"
        text = _SPACED_RANGE.sub(r"\1-", text)  # "20 - 23 độ" = "20-23 độ", "Sáng 20- 5" = "20-5"
        text = _CLOCK.sub(lambda m: f"{m.group(1)}h{m.group(2) or ''}", text)  # "23 giờ 38" = "23h38"
        text = _TO_RANGE.sub(r"\1-", text)  # "tầng 2 đến tầng 5", "2 đến 5" = "2-5"
    figures: list[tuple[tuple[int, ...], str, str, str]] = []
    negated: set[str] = set()
    plain: set[str] = set()
    word, prev, prev2 = "^", "", ""
    pending: list[tuple[tuple[int, ...], str, str]] = []  # figures waiting for their next word
    last_end = 0  # where the last figure ends
    for m in _TOKEN.finditer(text.lower()):
        t = m.group()
        if t[0].isdigit():
            if pending:
                figures.extend((v, w, "", raw) for v, w, raw in pending)
            pending = [(_figure(t), word, t)]
            last_end = m.end()
            continue
        if pending:  # (the token before was a figure, and it ended at last_end)
            after = t if not text[last_end:m.start()].strip() else ""  # the next word, if adjacent
            figures.extend((v, w, after, raw) for v, w, raw in pending)
            pending = []
        if prev in NEGATORS and t not in _NOT_NEGATION_AFTER and prev2 not in _NOT_NEGATION_BEFORE:
            negated.add(t)
        elif t not in NEGATORS:
            plain.add(t)
        word, prev2, prev = t, prev, t
    figures.extend((v, w, "", raw) for v, w, raw in pending)
    every = [_figure(t) for t in _FIGURE.findall(text)]  # those inside words too ("Q2/2016")
    stated = frozenset(every) | {f[0] for f in figures}
    stated |= {_figure(f"{round(amount * _SCALE[after]):,}".replace(",", "."))
               for _, _, after, raw in figures
               if after in _SCALE and (amount := _amount(raw)) is not None}
    tokens = _WORD.findall(text)
    words = tuple([w.casefold() for w in tokens if w[0].isalnum()])
    numbers = tuple(v for figure in every for v in figure)
    return _Claims(tuple(figures), frozenset(negated), frozenset(plain), _names(tokens), stated,
                   words, numbers, _counts(text), _moves(text), _places(text))


#: Words that say which way a figure moved; "hạ", "lên" and "xuống" only right before a
#: figure ("hạ 0,5 điểm", not "hạ tầng", "Hạ Long", "xuống đường").
_UP, _DOWN = frozenset({"tăng"}), frozenset({"giảm"})
_TO_FIGURE = {"lên": 1, "xuống": -1, "hạ": -1}


def _moves(text: str) -> frozenset[tuple[str, str, int]]:
    """Which way the sentence says something moved, by slot: the word after the verb ("giảm
    420" -> ("next", "420", -1)) and the word before it ("xăng tăng" -> ("prev", "xăng",
    1)). A capitalised word is a name ("Tăng Thanh Hà"), not a verb."""
    tokens = _TOKEN.findall(text)
    found = set()
    for k, word in enumerate(tokens):
        if not word.islower():
            continue
        after = tokens[k + 1].lower() if k + 1 < len(tokens) else ""
        way = 1 if word in _UP else -1 if word in _DOWN else (
            _TO_FIGURE.get(word, 0) if after[:1].isdigit() else 0)
        if way:
            if after:
                found.add(("next", after, way))
            before = tokens[k - 1].lower() if k else ""
            if before.isalpha() and before not in _NOT_A_SUBJECT:
                found.add(("prev", before, way))
    return frozenset(found)


#: Words before a verb of movement that do not say what moved ("cũng tăng", "đã giảm").
_NOT_A_SUBJECT = frozenset({"đã", "sẽ", "cũng", "và", "đang", "vẫn", "còn", "lại", "không", "chưa",
                            "được", "bị", "có", "thì", "mà", "nhưng", "để", "nhiều", "mạnh", "tiếp"})


def _opposite_moves(ca: _Claims, cb: _Claims) -> bool:
    """Whether the two say that the same thing moved in opposite ways: each moves one way
    only, the other way from the other, in a shared slot ("giá xăng giảm 420" / "giá xăng
    tăng 420"). A sentence that moves both ways ("giảm rồi tăng trở lại", "giảm 663 vụ,
    tăng 79 người") is not compared: which slot goes with which way is not clear."""
    ways_a, ways_b = {w for _, _, w in ca.moves}, {w for _, _, w in cb.moves}
    if len(ways_a) != 1 or len(ways_b) != 1 or ways_a == ways_b:
        return False
    return bool({(slot, word) for slot, word, _ in ca.moves}
                & {(slot, word) for slot, word, _ in cb.moves})


#: Words naming a kind of place, before its name ("tỉnh Quảng Ngãi", "TP. Hồ Chí Minh").
PLACE_KINDS = {"tỉnh": "tỉnh", "huyện": "huyện", "quận": "quận", "xã": "xã", "phường": "phường",
               "tp": "tp", "thành phố": "tp", "thị xã": "thị xã", "thị trấn": "thị trấn",
               "sông": "sông"}
_PLACE = re.compile(r"(?<!\w)(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|TP|sông)"
                    r"(?!\w)\.?", re.IGNORECASE)
_NAME_SYLLABLE = re.compile(r"[ \t]+(\w+)")


def _places(text: str) -> frozenset[tuple[str, tuple[str, ...]]]:
    """Named places with their kind: a kind word followed by capitalised syllables."""
    found = set()
    for m in _PLACE.finditer(text):
        kind = m.group(1).lower()
        if kind == "tp" and m.group(1) != "TP":
            continue  # "tp" in lower case is no abbreviation
        name: list[str] = []
        at = m.end()
        while (w := _NAME_SYLLABLE.match(text, at)) and w.group(1)[0].isupper():
            name.append(w.group(1))
            at = w.end()
        if name:
            found.add((PLACE_KINDS[kind], tuple(name)))
    return frozenset(found)


def _other_place(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """Whether two names of one kind of place are surely two places: as many syllables (two
    or more), all the same but one, and that one another word, not another spelling
    ("Quảng Ngãi" / "Quảng Nam", "Hà Nội" / "Hà Nam"; but "Đăk Lăk" / "Đắk Lắk", "Mường
    Nọc" / "Mường Noọc", "Thừa Thiên Huế" / "TT-Huế" or "Moscow" / "Moskva" may be one)."""
    if len(x) != len(y) or len(x) < 2:
        return False
    differ = [(a, b) for a, b in zip(map(base, x), map(base, y), strict=True) if a != b]
    return len(differ) == 1 and _edits(*differ[0]) >= 2


def _other_provinces(a: str, b: str) -> bool:
    """Whether each names a province the other does not ("Quảng Bình" / "Quảng Ninh",
    "Bình Định" / "Quảng Nam"; :func:`~diemtin.text.places.provinces_in`)."""
    pa, pb = provinces_in(a), provinces_in(b)
    return bool(pa - pb) and bool(pb - pa)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance of two short words."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _other_places(ca: _Claims, cb: _Claims) -> bool:
    """Whether the two name different places of one kind, each a place the other does not
    name ("tỉnh Quảng Ngãi" / "tỉnh Quảng Nam"; :func:`_other_place`)."""
    if not (ca.places and cb.places):
        return False
    only_a = [(k, n) for k, n in ca.places if not _contains(cb, n)]
    only_b = [(k, n) for k, n in cb.places if not _contains(ca, n)]
    return any(k == k2 and _other_place(n, n2) for k, n in only_a for k2, n2 in only_b)


def _counts(text: str) -> frozenset[tuple[int, str]]:
    """Counts written as a number word before a lower-case word ("ba người" -> (3,
    "người")); not a word inside a larger number, an ordinal, a month, an approximation or a
    name ("Ba Lan", "Hai Bà Trưng")."""
    found = set()
    for m in _COUNT.finditer(text):
        number, counted = m.group(1).lower(), m.group(2)
        before = _LAST_WORD.search(text, 0, m.start())
        prev = before.group(1).lower() if before else ""
        if (counted[0].isupper() or counted[0].isdigit() or counted in _NOT_A_COUNT_AFTER
                or prev in _NOT_A_COUNT_BEFORE or prev in APPROXIMATE):
            continue
        found.add((NUMBER_WORDS[number], counted.lower()))
    return frozenset(found)


def _names(tokens: list[str]) -> frozenset[tuple[str, ...]]:
    """Runs of two or more capitalised syllables with nothing between them, in a sentence's
    :data:`_WORD` tokens; the sentence's first word is capitalised by position and never
    starts one."""
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for t in itertools.islice(tokens, 1, None):
        if t[0].isupper() and not t[0].isdigit():
            run.append(t)
        elif run:
            if len(run) >= 2:
                runs.append(tuple(run))
            run = []
    if len(run) >= 2:
        runs.append(tuple(run))
    return frozenset(runs)


def _same_figure(x: tuple[int, ...], y: tuple[int, ...]) -> bool:
    """Whether figure ``y`` states ``x``: the same number; a date with or without its year
    ("19/5", "19/05/2016"; "tháng 6", "tháng 6/2022"); a year and a date in it ("2009",
    "25/8/2009"). A plain number is not a day and month or a decimal that starts with it (19
    is not 19/5, 1 is not 1,5)."""
    if len(x) == 1 or len(y) == 1:
        if x == y:
            return True
        one, date = (x, y) if len(x) == 1 else (y, x)
        if len(date) == 2 and 1900 <= date[1] <= 2100:
            return date[0] == one[0]  # "tháng 6" and "tháng 6/2022"
        return 1900 <= one[0] <= 2100 and len(date) >= 3 and date[-1] == one[0]
    n = min(len(x), len(y))
    return x[:n] == y[:n]


#: Words that make the figure after them approximate, and which way: "hơn 1.800" (more
#: than) agrees with 1.802, "gần 30" (nearly) with 27, "khoảng 50" with 52; each within 10%.
AT_LEAST = frozenset({"hơn", "trên", "nhất", "thiểu"})  # hơn, trên, ít nhất, tối thiểu
AT_MOST = frozenset({"gần", "dưới", "tới"})  # gần, dưới, lên tới
ABOUT = frozenset({"khoảng", "chừng", "ước", "xỉ", "cỡ", "tầm"})  # ..., xấp xỉ
APPROXIMATE = AT_LEAST | AT_MOST | ABOUT
#: The word before a part of a whole: "14 doanh nghiệp" and "trong đó 8 doanh nghiệp" agree.
_PART_OF = frozenset({"đó"})
_PLAIN_NUMBER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})*(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")
_DECIMAL_POINT = re.compile(r"[0-9]+\.[0-9]{1,2}")  # "5.6 nghìn tỉ"


def _amount(token: str) -> float | None:
    """A figure written as one number ("1.800", "2,39", "5.6") as a float; None for dates,
    times and other compound figures."""
    if _DECIMAL_POINT.fullmatch(token):
        return float(token)
    if not _PLAIN_NUMBER.fullmatch(token):
        return None
    return float(token.replace(".", "").replace(",", "."))


def _within(value: float, word: str, other: float) -> bool:
    """Whether ``other`` fits ``value`` made approximate by ``word``."""
    if word in AT_LEAST:
        return value <= other <= 1.1 * value
    if word in AT_MOST:
        return 0.9 * value <= other <= value
    return word in ABOUT and abs(other - value) <= 0.1 * value


def _close(x: str, wx: str, y: str, wy: str) -> bool:
    """Two figures (as written, each after its word) of which one is approximate and the
    other fits it."""
    ax, ay = _amount(x), _amount(y)
    if ax is None or ay is None:
        return False
    return _within(ax, wx, ay) or _within(ay, wy, ax)


def _in_order(x: tuple[int, ...], numbers: tuple[int, ...]) -> bool:
    """Whether the numbers ``x`` occur in ``numbers`` in this order (not necessarily next to
    one another): "3-1" is not "1-3"."""
    it = iter(numbers)
    return all(v in it for v in x)


def _states(claims: _Claims, x: tuple[int, ...], raw: str, word: str, after: str = "") -> bool:
    """Whether ``claims`` state the figure ``x`` (written ``raw`` between ``word`` and
    ``after``): the same figure (:func:`_same_figure`), the numbers of a range or list in
    order however written ("5-12", "5 tới 12"; "1, 2, 3", "1,2,3"), a figure ``x``
    approximates, or the same count in words ("1 cửa hàng" / "một cửa hàng")."""
    return (any(_same_figure(x, y) for y in claims.stated)
            or (len(x) > 1 and _in_order(x, claims.numbers))
            or any(_close(raw, word, r, w) for _, w, _, r in claims.figures)
            or (len(x) == 1 and bool(after) and (x[0], after) in claims.counted))


def _miscounts(ca: _Claims, cb: _Claims, only_b: list[tuple[tuple[int, ...], str, str, str]]) -> bool:
    """Whether a count ``ca`` writes in words is another number in a figure only ``cb``
    states before the same word ("ba người" against "30 người"). "một" is as often "a" as
    "one" ("một nhân viên mới" beside "2 nhân viên cũ"), so it is never a conflict."""
    for value, counted in ca.counted:
        if value == 1 or (value, counted) in cb.counted or any(
                x == (value,) and after == counted for x, _, after, _ in cb.figures):
            continue
        if any(len(x) == 1 and after == counted and x[0] != value for x, _, after, _ in only_b):
            return True
    return False


def _contains(claims: _Claims, name: tuple[str, ...]) -> bool:
    """Whether the sentence of ``claims`` has the words of ``name`` in a row (any case)."""
    want = tuple(x.casefold() for x in name)
    words, n = claims.words, len(want)
    return any(words[k:k + n] == want for k in range(len(words) - n + 1) if words[k] == want[0])




def _same_name(x: str, y: str) -> int:
    """How two syllables of a name compare: 2 the same but for case; 1 possibly one
    spelling: the same letters but for their marks, an initial or an acronym ("Lê Thị H.",
    "Phòng CSGT"), a short form ("Man City"), a foreign (unaccented) name with one letter
    more, less or changed ("Stoere" / "Store"); 0 different."""
    if x.casefold() == y.casefold():
        return 2
    if base(x) == base(y):
        return 1  # a tone or vowel mark mistyped: "Trần Cạnh Lạc" / "Trần Cảnh Lạc"
    if len(x) == 1 or len(y) == 1:
        return int(x[0].casefold() == y[0].casefold())
    if x.isupper() or y.isupper():  # an acronym: CSGT, TP, UBND
        return 1
    x, y = x.casefold(), y.casefold()
    if (x.startswith(y) or y.startswith(x)) and (min(len(x), len(y)) <= 2
                                                 or (x.isascii() and y.isascii())):
        return 1  # "Lê Thị Th", "Man City"
    if not (x.isascii() and y.isascii()):
        return 0
    if len(x) == len(y):
        return int(sum(a != b for a, b in zip(x, y, strict=True)) == 1)
    short, long_ = sorted((x, y), key=len)
    return int(len(long_) == len(short) + 1
               and any(long_[:k] + long_[k + 1:] == short for k in range(len(long_))))


#: Only people's full names are compared: runs of this many syllables that start with a
#: family name ("Trần Văn Lợi"). Shorter runs are often the head of an organisation's name
#: ("Phòng Cảnh sát ..."); other runs have spellings in common use ("Liên Hợp Quốc" /
#: "Liên Hiệp Quốc", "Italia" / "Ý" before a foreign name).
NAME_SYLLABLES = 3


def _conflict(r: tuple[str, ...], q: tuple[str, ...]) -> bool:
    """Two people's names of as many syllables that differ in exactly one syllable, which
    cannot be a variant spelling of the other."""
    if len(r) != len(q) or len(r) < NAME_SYLLABLES or not (r[0] in SURNAMES and q[0] in SURNAMES):
        return False
    same = [_same_name(x, y) for x, y in zip(r, q, strict=True)]
    # one syllable changed: "Cao Thị Hằng" / "Cao Thị Huế"; two people who share only a
    # family name ("Lê Ngọc Minh", "Lê Mạnh Hà") are not one name given two ways
    return same.count(0) == 1 and 2 in same


def agrees(pool: SentencePool, i: int, j: int) -> bool:
    """Whether pool sentence ``j`` can be cited for sentence ``i`` (:func:`claims_agree`)."""
    return claims_agree(pool.sentences[i].text, pool.sentences[j].text)


def claims_agree(a: str, b: str) -> bool:
    """Whether two similar sentences state the same thing beyond their wording.

    - **Figures:** a figure only one of them states disagrees with a figure only the other
      states in the same place, after the same word or before the same word ("khiến 3
      người" is not "khiến 30 người", "38 quốc gia" not "41 quốc gia", "sáng 12/3" not
      "sáng 13/3"). "ngày 19/5" agrees with "ngày 19/05/2016", "2015-2016" with "2015/16",
      and a paraphrase may leave figures out or move them.
    - **Names:** a person's full name only one of them gives disagrees with one only the
      other gives that differs in exactly one syllable (:func:`_conflict`: "Trần Văn Lợi" is
      not "Trần Minh Lợi"; case, marks, initials and acronyms do not count).
    - **Negation:** no word negated in one is stated only plainly in the other ("không
      tham gia" against "tham gia"; a negator before a word the other sentence lacks, as in
      the idiom "không may", decides nothing).
    """
    ca, cb = _claims(a), _claims(b)
    only_b = [f for f in cb.figures if not _states(ca, f[0], f[3], f[1], f[2])]
    if only_b:
        for x, w, n, raw in ca.figures:
            if _states(cb, x, raw, w, n):
                continue
            if any((w == w2 or (n and n == n2)) and not _close(raw, w, raw2, w2)
                   and w not in _PART_OF and w2 not in _PART_OF
                   for _, w2, n2, raw2 in only_b):
                return False
    if ca.counted or cb.counted:
        only_a = [f for f in ca.figures if not _states(cb, f[0], f[3], f[1], f[2])]
        if _miscounts(ca, cb, only_b) or _miscounts(cb, ca, only_a):
            return False
    if _opposite_moves(ca, cb) or _other_places(ca, cb) or _other_provinces(a, b):
        return False
    names_a = [r for r in ca.names if not _contains(cb, r)]
    if names_a:
        names_b = [r for r in cb.names if not _contains(ca, r)]
        if any(_conflict(r, q) for r in names_a for q in names_b):
            return False
    neg_a, plain_a, neg_b, plain_b = ca.negated, ca.plain, cb.negated, cb.plain
    return not ((neg_a - neg_b - plain_a) & plain_b or (neg_b - neg_a - plain_b) & plain_a)


def _citation(pool: SentencePool, j: int, similarity: float) -> Citation:
    s = pool.sentences[j]
    art = pool.articles[s.article]
    return Citation(
        article=s.article, sentence=s.index, text=s.text, outlet=art.outlet, title=art.title,
        source_path=art.source_path, similarity=similarity,
    )


def cite_sentence(pool: SentencePool, i: int, threshold: float = CITE_THRESHOLD) -> tuple[Citation, ...]:
    """Citations for pool sentence ``i``: its own article first, then every other article
    that states it and :func:`agrees` with it. An article states it when its most similar
    sentence is at least ``threshold`` similar and holds :data:`CITE_COVER` of its
    syllables and bigrams, or when one of its sentences holds :data:`CITE_CONTAINED` of them."""
    sim = pool.similarity[i].tolist()  # (Python floats: the loop below is scalar work)
    cover = _coverage(pool, i).tolist()
    size = int(pool.matrix.indptr[i + 1] - pool.matrix.indptr[i])
    own = int(pool.article_of[i])
    cites = [_citation(pool, i, 1.0)]
    bounds = pool.article_bounds.tolist()
    for a in range(len(pool.articles)):
        lo, hi = bounds[a], bounds[a + 1]
        if a == own or hi == lo:
            continue
        j = max(range(lo, hi), key=sim.__getitem__)  # (the first of equals, as np.argmax)
        if not (sim[j] >= threshold and cover[j] >= CITE_COVER):
            j = max(range(lo, hi), key=cover.__getitem__)
            if cover[j] < CITE_CONTAINED or size < CITE_CONTAINED_MIN:
                continue
        if agrees(pool, i, j):
            cites.append(_citation(pool, j, sim[j]))
    return tuple(cites)


def _coverage(pool: SentencePool, i: int) -> np.ndarray:
    """Per pool sentence, the share of sentence ``i``'s distinct syllables and bigrams it holds."""
    m = pool.presence
    own = m.indices[m.indptr[i]:m.indptr[i + 1]]
    if not own.size:
        return np.zeros(m.shape[0])
    mine = np.zeros(m.shape[1])
    mine[own] = 1.0
    return (m @ mine) / own.size  # (whole numbers of n-grams: exact in floating point)
