"""A Vietnamese-language gate that needs no model and no download.

:func:`is_vietnamese` looks at three cheap signals in (a sample of) the text:

- the share of words that are well-formed Vietnamese syllables carrying a Vietnamese
  diacritic (``ă â ê ô ơ ư đ`` or one of the five tone marks), checked by
  :func:`is_vietnamese_syllable` (onset + vowel cluster + final, one tone at most, checked
  finals ``-p -t -c -ch`` only with the acute or dot-below tone);
- the share of very common Vietnamese function words (with or without diacritics);
- the share of English function words, and of Cyrillic letters.

The same syllable check scores candidate decodings in :mod:`diemtin.ingest.encoding`: a
wrong legacy decoding produces words that are not Vietnamese syllables.

Where the pipeline calls it: ``diemtin summarize`` checks every cleaned article
(:func:`filter_vietnamese`) and leaves non-Vietnamese ones (English or Russian wire copy) out
of the summary, listing each on stderr, unless ``--keep-foreign`` is given; ``diemtin
inspect`` prints the check for each file. The library's :func:`diemtin.summarize` does not
filter (callers decide).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from diemtin.types import Article, RejectedInput

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_ACUTE_OR_DOT = frozenset("\u0301\u0323")
# Vowel modifiers that stay part of the letter: circumflex, breve, horn.
_MODIFIERS = frozenset("\u0302\u0306\u031b")

_ONSETS = frozenset(
    ["b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
) | {""}
# Every vowel cluster (tone removed) that occurs in a Vietnamese syllable, off-glides included.
_VOWEL_CLUSTERS = frozenset(
    ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "ya", "yê", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu"]
)
# Clusters that end in an off-glide take no final consonant; these need one.
_OPEN_ONLY = frozenset(
    ["ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu", "ya", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu", "yêu"]
)
_NEED_FINAL = frozenset(["ă", "â", "oă", "uâ", "iê", "uô", "ươ", "yê", "uyê"])
_FINALS = ("ngh", "ch", "ng", "nh", "c", "m", "n", "p", "t")
_CHECKED_FINALS = frozenset({"c", "ch", "p", "t"})
_VOWELS = frozenset("aăâeêioôơuưy")
_SYLLABLE = re.compile(r"^([^aăâeêioôơuưy]*)([aăâeêioôơuưy]+)([^aăâeêioôơuưy]*)$")

_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Only the first characters are examined: enough for a stable share, bounded time.
SAMPLE_CHARS = 20_000

# The most frequent Vietnamese function and news words (written from general knowledge of the
# language, not from a corpus file).
_VI_COMMON = frozenset(
    ["và", "của", "là", "có", "được", "không", "những", "các", "trong", "cho", "với", "người", "một", "này", "đã", "sẽ", "từ", "đến", "khi", "về", "theo", "tại", "năm", "ngày", "cũng", "như", "để", "nhiều", "sau", "nước", "thì", "hơn", "ra", "vào", "lại", "đang", "bị", "mà", "nhưng", "trên", "rằng", "cùng", "ông", "bà", "anh", "chị", "tôi", "họ", "chúng", "ta", "mình", "nói", "biết", "hiện", "nay", "thời", "gian", "đó", "nhà", "việc", "làm", "phải", "vẫn", "nếu", "vì", "do", "rất", "đều", "còn", "tháng", "chính", "phủ", "tỉnh", "thành", "phố", "huyện", "xã", "cao", "mới", "đầu", "qua", "hay"]
)
_EN_COMMON = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by", "it", "at", "from", "said", "has", "have", "be", "are", "were", "will", "an", "this", "which", "who", "its", "not", "but", "or", "after", "he", "she", "they", "their", "his", "her", "had", "been", "would", "also", "more", "than", "over", "about", "into", "up", "out", "new", "two", "one", "there", "when", "what", "all", "we", "you"]
)


def strip_marks(word: str) -> str:
    """``đường`` → ``duong``: every diacritic removed, ``đ`` → ``d``."""
    plain = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return plain.replace("đ", "d").replace("Đ", "D")


# Function words as typed without diacritics; words that are also English are left out.
_VI_COMMON_PLAIN = frozenset(strip_marks(w) for w in _VI_COMMON) - _EN_COMMON - {
    "an", "do", "to", "in", "me", "ma", "ra", "la", "nay", "the", "ban", "may", "den", "con",
}


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` (one token, any case) is a well-formed Vietnamese syllable.

    ``người``, ``quý``, ``giếng``, ``khuya`` pass; ``Vieät``, ``hotel``, ``ỏõ`` and ``bắn``
    spelt ``bãt`` (a checked syllable with a tilde) do not. Checks shape, not the dictionary.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if any(not (c.isascii() and c.isalpha()) and c not in "ăâêôơưđ" for c in bare):
        return False
    if any(c in "fjwz" for c in bare):
        return False
    m = _SYLLABLE.match(bare)
    if not m:
        return False
    onset, vowels, final = m.groups()
    # "gi" and "qu" onsets swallow their vowel letter: gì = g+i, giờ = gi+ơ, quý = qu+y.
    if onset == "q" and vowels.startswith("u"):
        onset, vowels = "qu", vowels[1:]
    elif onset == "g" and vowels.startswith("i") and len(vowels) > 1:
        onset, vowels = "gi", vowels[1:]
    if onset not in _ONSETS or vowels not in _VOWEL_CLUSTERS:
        return False
    if final and (final not in _FINALS or final == "ngh" or vowels in _OPEN_ONLY):
        return False
    if not final and vowels in _NEED_FINAL:
        return False
    # A syllable closed by -p -t -c -ch takes only the acute or the dot-below tone.
    return not (final in _CHECKED_FINALS and (not tones or tones[0] not in _ACUTE_OR_DOT))


def _has_vietnamese_mark(word: str) -> bool:
    """Whether a lower-case word carries ``đ``, a vowel modifier or a tone mark."""
    return "đ" in word or any(
        c in _TONE_MARKS or c in _MODIFIERS for c in unicodedata.normalize("NFD", word)
    )


@dataclass(frozen=True)
class SyllableStats:
    """How Vietnamese the words of a text look (used to score candidate decodings)."""

    marked: int  # words with non-ASCII letters
    valid: int  # ... of which are well-formed Vietnamese syllables
    common: int  # words (any) that are frequent Vietnamese words
    junk: int  # non-ASCII symbols that Vietnamese text does not use

    @property
    def share(self) -> float:
        """Valid marked words over all marked words and junk symbols (0 when none)."""
        total = self.marked + self.junk
        return self.valid / total if total else 0.0


# Non-ASCII punctuation that Vietnamese text does use (not counted as junk).
_PUNCT_OK = frozenset("“”‘’–—…•«»°·€£¥§©®™±×÷²³¹¼½¾\u00a0\u2009\u202f")


def syllable_stats(text: str) -> SyllableStats:
    """Count marked words, valid syllables, frequent words and junk symbols in ``text``."""
    marked = valid = common = 0
    for w in _WORD.findall(text):
        low = w.lower()
        if low in _VI_COMMON:
            common += 1
        if not w.isascii():
            marked += 1
            if is_vietnamese_syllable(low):
                valid += 1
    junk = sum(
        1 for c in text
        if not c.isascii() and not c.isalpha() and not c.isspace() and c not in _PUNCT_OK
        and not unicodedata.combining(c)
    )
    return SyllableStats(marked, valid, common, junk)


@dataclass(frozen=True)
class LanguageCheck:
    """The outcome of :func:`is_vietnamese`, with the figures behind it."""

    is_vietnamese: bool
    language: str  # "vi", "en", "ru", "other" or "unknown" (too short to tell)
    confidence: float
    reason: str
    words: int = 0
    vietnamese_share: float = 0.0  # words that are Vietnamese syllables with a diacritic

    def __bool__(self) -> bool:
        return self.is_vietnamese


_VIQR_HINT = re.compile(r"[aeiouyAEIOUY][\^(+]?['`?~.][a-z]|[aeoAEO]\^|dd[aeiouy]", re.ASCII)


def is_vietnamese(text: str, *, min_words: int = 8) -> LanguageCheck:
    """Decide whether ``text`` is Vietnamese (a sample of it: :data:`SAMPLE_CHARS`).

    Texts under ``min_words`` words are ``unknown`` and pass (too short to judge: a title-only
    article is the cleaner's business, not the language gate's).
    """
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    n = len(words)
    if n < min_words:
        return LanguageCheck(True, "unknown", 0.0, f"only {n} words: too short to tell", n)
    letters = sum(len(w) for w in words)
    cyr = len(_CYRILLIC.findall(sample)) / max(1, letters)
    low = [w.lower() for w in words]
    vi_marked = sum(1 for w in low if _has_vietnamese_mark(w) and is_vietnamese_syllable(w))
    vi_share = vi_marked / n
    vi_func = sum(1 for w in low if w in _VI_COMMON) / n
    vi_plain = sum(1 for w in low if w in _VI_COMMON_PLAIN) / n
    en_func = sum(1 for w in low if w in _EN_COMMON) / n
    figures = f"{vi_share:.0%} Vietnamese syllables with diacritics, {en_func:.0%} English function words"
    # Thresholds: Vietnamese news runs at 55-80% marked syllables and 15-30% function words;
    # English wire copy quoting Vietnamese names stays under 10% marked syllables.
    if cyr >= 0.3:
        return LanguageCheck(False, "ru", min(1.0, cyr), f"{cyr:.0%} of letters are Cyrillic", n, vi_share)
    if vi_share >= 0.25 or (vi_share >= 0.1 and vi_func >= 0.1 and en_func < 0.1):
        conf = min(1.0, vi_share / 0.5)
        return LanguageCheck(True, "vi", round(conf, 2), figures, n, vi_share)
    if en_func >= 0.12:
        return LanguageCheck(False, "en", round(min(1.0, en_func / 0.25), 2), figures, n, vi_share)
    if len(_VIQR_HINT.findall(sample)) >= max(3, n // 20):
        return LanguageCheck(
            False, "other", 0.5,
            "looks like VIQR (Vie^.t Nam): read it with --encoding viqr", n, vi_share,
        )
    if vi_plain >= 0.12:
        return LanguageCheck(
            True, "vi", round(min(1.0, vi_plain / 0.25), 2),
            f"Vietnamese typed without diacritics ({vi_plain:.0%} common words)", n, vi_share,
        )
    return LanguageCheck(False, "other", 0.5, f"not Vietnamese: {figures}", n, vi_share)


def filter_vietnamese(
    articles: Iterable[Article], action: str = "left out of the summary",
) -> tuple[list[Article], list[RejectedInput]]:
    """Split articles into Vietnamese ones and the rest (one :class:`RejectedInput` each,
    its reason starting with ``action``)."""
    kept: list[Article] = []
    left_out: list[RejectedInput] = []
    for art in articles:
        check = is_vietnamese(art.title + "\n" + "\n".join(art.paragraphs))
        if check.is_vietnamese:
            kept.append(art)
        else:
            name = {"en": "English", "ru": "Russian"}.get(check.language)
            why = f"{name} ({check.reason})" if name else check.reason
            left_out.append(RejectedInput(
                art.source_path or art.label,
                f"{action}: {why}; use --keep-foreign to include it",
            ))
    return kept, left_out
