"""Citations: every article that states a summary sentence."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

import numpy as np

from diemtin.summarizer.pool import SentencePool
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
_DIGITS = re.compile(r"[0-9]+")
_FIGURE = re.compile(r"[0-9]+(?:[.,/:hH-][0-9]+)*")  # also inside words: "Q2/2016"
_WORD = re.compile(r"\w+|[^\w\s]")


class _Claims(NamedTuple):
    #: every figure with the word before it (``^`` at the start) and the word right after
    #: it ("" when punctuation or another figure follows)
    figures: tuple[tuple[tuple[int, ...], str, str, str], ...]  # (value, before, after, as written)
    negated: frozenset[str]  # words right after a negator
    plain: frozenset[str]  # words stated without a negator
    names: frozenset[tuple[str, ...]]  # runs of two or more capitalised syllables
    stated: frozenset[tuple[int, ...]]  # every figure, those inside words too


def _figure(token: str) -> tuple[int, ...]:
    """A figure's numbers; a season or year range's short end is written out ("2015/16" is
    "2015-2016")."""
    value = tuple(int(d) for d in _DIGITS.findall(token))
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
    figures: list[tuple[tuple[int, ...], str, str, str]] = []
    negated: set[str] = set()
    plain: set[str] = set()
    word, prev, prev2 = "^", "", ""
    pending: list[tuple[tuple[int, ...], str, str]] = []  # figures waiting for their next word
    last_end = 0
    for m in _TOKEN.finditer(text.lower()):
        t = m.group()
        adjacent = not text[last_end:m.start()].strip()
        last_end = m.end()
        if t[0].isdigit():
            figures.extend((v, w, "", raw) for v, w, raw in pending)
            pending = [(_figure(t), word, t)]
            continue
        figures.extend((v, w, t if adjacent else "", raw) for v, w, raw in pending)
        pending = []
        if prev in NEGATORS and t not in _NOT_NEGATION_AFTER and prev2 not in _NOT_NEGATION_BEFORE:
            negated.add(t)
        elif t not in NEGATORS:
            plain.add(t)
        word, prev2, prev = t, prev, t
    figures.extend((v, w, "", raw) for v, w, raw in pending)
    stated = (frozenset(_figure(t) for t in _FIGURE.findall(text)) | {f[0] for f in figures}
              | {(_NUMBER_WORDS[w],) for w in plain if w in _NUMBER_WORDS})
    return _Claims(tuple(figures), frozenset(negated), frozenset(plain), _names(text), stated)


def _names(text: str) -> frozenset[tuple[str, ...]]:
    """Runs of two or more capitalised syllables with nothing between them; the sentence's
    first word is capitalised by position and never starts one."""
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for k, m in enumerate(_WORD.finditer(text)):
        t = m.group()
        if k and t[0].isupper() and not t[0].isdigit():
            run.append(t)
            continue
        if len(run) >= 2:
            runs.append(tuple(run))
        run = []
    if len(run) >= 2:
        runs.append(tuple(run))
    return frozenset(runs)


def _prefix(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


#: Words that make the figure after them approximate ("gần 30 mũi" agrees with "27 mũi").
APPROXIMATE = frozenset({"hơn", "gần", "khoảng", "trên", "dưới", "chừng", "ước", "xấp", "tới",
                         "nhiều"})
_PLAIN_NUMBER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})*(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")


def _amount(token: str) -> float | None:
    """A figure written as one number ("1.800", "2,39") as a float; None for dates, times
    and other compound figures."""
    if not _PLAIN_NUMBER.fullmatch(token):
        return None
    return float(token.replace(".", "").replace(",", "."))


def _close(x: str, wx: str, y: str, wy: str) -> bool:
    """Two figures (as written, each after its word) of which one is approximate ("gần 30")
    and the other within 10% of it."""
    if wx not in APPROXIMATE and wy not in APPROXIMATE:
        return False
    ax, ay = _amount(x), _amount(y)
    return ax is not None and ay is not None and abs(ax - ay) <= 0.1 * max(ax, ay)


#: Numbers written as words count as stated figures ("một cửa hàng" states 1).
_NUMBER_WORDS = {w: n for n, w in enumerate(
    ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"], start=1)}


def _states(claims: _Claims, x: tuple[int, ...], raw: str, word: str) -> bool:
    """Whether ``claims`` state the figure ``x`` (written ``raw`` after ``word``), exactly
    or approximately."""
    return (any(_prefix(x, y) for y in claims.stated)
            or any(_close(raw, word, r, w) for _, w, _, r in claims.figures))


def _contains(text: str, name: tuple[str, ...]) -> bool:
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(x.casefold()) for x in name) + r"(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def _base(word: str) -> str:
    """``word`` without its marks, lower case ("Trương" -> "truong")."""
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _same_name(x: str, y: str) -> int:
    """How two syllables of a name compare: 2 the same but for case; 1 possibly one
    spelling: the same letters but for their marks, an initial or an acronym ("Lê Thị H.", "Phòng CSGT"), a short form ("Man
    City"), a foreign (unaccented) name with one letter more, less or changed ("Stoere" /
    "Store"); 0 different."""
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


#: Only names of this many syllables are compared: people's full names ("Trần Văn Lợi");
#: shorter runs are often the head of an organisation's name ("Phòng Cảnh sát ...").
NAME_SYLLABLES = 3


def _conflict(r: tuple[str, ...], q: tuple[str, ...]) -> bool:
    """Two names of as many syllables that differ in exactly one syllable, which cannot be
    a variant spelling of the other."""
    if len(r) != len(q) or len(r) < NAME_SYLLABLES:
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
    - **Names:** a name only one of them gives disagrees with a name of as many syllables,
      partly the same, that only the other gives ("Trần Văn Lợi" is not "Trần Minh Lợi";
      case and a one-letter variant of a foreign name do not count: "Stoere" / "Store").
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
                   for _, w2, n2, raw2 in only_b):
                return False
    names_a = [r for r in ca.names if not _contains(b, r)]
    if names_a:
        names_b = [r for r in cb.names if not _contains(a, r)]
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
    sim = pool.similarity[i]
    cover = _coverage(pool, i)
    size = int(pool.matrix.indptr[i + 1] - pool.matrix.indptr[i])
    own = int(pool.article_of[i])
    cites = [_citation(pool, i, 1.0)]
    bounds = pool.article_bounds
    for a in range(len(pool.articles)):
        lo, hi = int(bounds[a]), int(bounds[a + 1])
        if a == own or hi == lo:
            continue
        j = lo + int(np.argmax(sim[lo:hi]))
        if not (sim[j] >= threshold and cover[j] >= CITE_COVER):
            j = lo + int(np.argmax(cover[lo:hi]))
            if cover[j] < CITE_CONTAINED or size < CITE_CONTAINED_MIN:
                continue
        if agrees(pool, i, j):
            cites.append(_citation(pool, j, float(sim[j])))
    return tuple(cites)


def _coverage(pool: SentencePool, i: int) -> np.ndarray:
    """Per pool sentence, the share of sentence ``i``'s distinct syllables and bigrams it holds."""
    m = pool.matrix
    own = m.indices[m.indptr[i]:m.indptr[i + 1]]
    if not own.size:
        return np.zeros(m.shape[0])
    mine = np.zeros(m.shape[1], dtype=np.int32)
    mine[own] = 1
    held = np.concatenate(([0], np.cumsum(mine[m.indices])))
    return (held[m.indptr[1:]] - held[m.indptr[:-1]]) / own.size
