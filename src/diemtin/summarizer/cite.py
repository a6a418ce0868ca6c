"""Citations: every article that states a summary sentence."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import NamedTuple

import numpy as np

from diemtin.summarizer.pool import SentencePool
from diemtin.text.names import SURNAMES
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
                   words, numbers)


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


def _states(claims: _Claims, x: tuple[int, ...], raw: str, word: str) -> bool:
    """Whether ``claims`` state the figure ``x`` (written ``raw`` after ``word``): the same
    figure (:func:`_same_figure`), the numbers of a range or list in order however written
    ("5-12", "5 tới 12"; "1, 2, 3", "1,2,3"), or a figure ``x`` approximates."""
    return (any(_same_figure(x, y) for y in claims.stated)
            or (len(x) > 1 and _in_order(x, claims.numbers))
            or any(_close(raw, word, r, w) for _, w, _, r in claims.figures))


def _contains(claims: _Claims, name: tuple[str, ...]) -> bool:
    """Whether the sentence of ``claims`` has the words of ``name`` in a row (any case)."""
    want = tuple(x.casefold() for x in name)
    words, n = claims.words, len(want)
    return any(words[k:k + n] == want for k in range(len(words) - n + 1) if words[k] == want[0])


def _base(word: str) -> str:
    """``word`` without its marks, lower case ("Trương" -> "truong")."""
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _same_name(x: str, y: str) -> int:
    """How two syllables of a name compare: 2 the same but for case; 1 possibly one
    spelling: the same letters but for their marks, an initial or an acronym ("Lê Thị H.",
    "Phòng CSGT"), a short form ("Man City"), a foreign (unaccented) name with one letter
    more, less or changed ("Stoere" / "Store"); 0 different."""
    if x.casefold() == y.casefold():
        return 2
    if _base(x) == _base(y):
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
    only_b = [f for f in cb.figures if not _states(ca, f[0], f[3], f[1])]
    if only_b:
        for x, w, n, raw in ca.figures:
            if _states(cb, x, raw, w):
                continue
            if any((w == w2 or (n and n == n2)) and not _close(raw, w, raw2, w2)
                   and w not in _PART_OF and w2 not in _PART_OF
                   for _, w2, n2, raw2 in only_b):
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
