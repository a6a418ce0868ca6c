"""Legacy Vietnamese encodings: tables and encoders/decoders, written from the code charts.

Sources (the charts, not code):

- **TCVN3** — TCVN 5712:1993 "Vietnamese coded character set for information interchange",
  as charted in the Wikipedia article "VSCII" (VSCII-1/-2/-3 tables) and ISO-IR-180 (the upper
  half, VN2). VN3 ("ABC" fonts such as .VnTime) holds the 67 lower-case letters and 7
  upper-case base letters in 0xA1-0xFE; VN2 adds upper-case letters and 5 combining tone
  marks in the same half; VN1 puts the remaining upper-case letters in 0x80-0x9F and 12 C0
  positions. We decode all three and encode with VN1's upper-case positions, so any
  Vietnamese text round-trips.
- **VNI** — the VNI-Windows (VNI-Times fonts) chart published by VNI Software (reproduced in
  the Wikipedia article "VNI" and in Vietnamese "bảng mã" comparison tables): a base letter
  followed by one mark byte from the Latin-1 upper half (``a`` + 0xF9 ``ù`` = ``á``), with
  single bytes for ``đ ơ ư`` and the toned ``i``; capitals use the mark byte minus 0x20.
- **VIQR** — RFC 1456 (1993), "Conventions for encoding the Vietnamese language": ASCII
  mnemonics after the vowel (``( ^ +`` for breve, circumflex, horn; ``' ` ? ~ .`` for the
  tones), ``dd`` for ``đ``, backslash to keep a mark character literal.
- **Windows-1258** — decoded by Python's ``cp1258`` codec; :func:`encode_cp1258` writes the
  base letter plus a combining tone mark where the code page has no precomposed letter, as
  Windows does.

Decoders take ``bytes`` or ``str``; a ``str`` is text whose bytes were shown in Windows-1252
(text typed for .VnTime or VNI-Times fonts and saved as Unicode: ``ViÖt Nam``, ``Vieät Nam``).
Every decoder returns NFC text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from diemtin.text.language import is_vietnamese_syllable

# Tone marks in the order used below: level, grave, acute, hook above, tilde, dot below.
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_BASES = "aăâeêioôơuưy"
#: Every Vietnamese letter beyond ASCII: 12 vowels x 6 tones (less the 6 plain ASCII vowels),
#: both cases, plus đ/Đ. 134 characters.
VIETNAMESE_LETTERS = "".join(
    unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES
    if not (b + t).isascii()
) + "đ"
VIETNAMESE_LETTERS += VIETNAMESE_LETTERS.upper()


def _split_letter(ch: str) -> tuple[str, str]:
    """``ế`` → (``ê``, acute mark); ``ơ`` → (``ơ``, ``""``)."""
    nfd = unicodedata.normalize("NFD", ch)
    tone = next((m for m in nfd if m in _TONES[1:]), "")
    base = unicodedata.normalize("NFC", nfd.replace(tone, "")) if tone else ch
    return base, tone


# Windows-1252 shows bytes 0x80-0x9F as these characters; map them back to the byte values.
_CP1252_C1 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_UNSHOW_CP1252 = {ord(c): b for b, c in _CP1252_C1.items()}
#: Characters that Windows-1252 shows for bytes 0x80-0x9F (``…``, ``“``, ``Ž`` …).
CP1252_SHOWN = frozenset(_CP1252_C1.values())
_SHOW_C1 = {b: c for b, c in _CP1252_C1.items()}  # byte value -> cp1252 character


def _byte_chars(data: bytes | str) -> str:
    """One character per byte value (U+0000-U+00FF)."""
    if isinstance(data, bytes):
        return data.decode("latin-1")
    return data.translate(_UNSHOW_CP1252)


#: Legacy decoders work through big inputs in pieces of about this many bytes, cut at a
#: space or line break, so that regular-expression work never holds millions of match objects
#: at once (a 50 MB VNI line peaked at 1.1 GB in one piece, 0.4 GB in pieces).
CHUNK = 1 << 20


def _in_chunks(data: bytes | str, decode: Callable[[bytes | str], str]) -> str:
    """``decode`` applied piece by piece (cut after whitespace) and joined, for big inputs."""
    if len(data) <= CHUNK:
        return decode(data)
    space = b" " if isinstance(data, bytes) else " "
    newline = b"\n" if isinstance(data, bytes) else "\n"
    parts: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + CHUNK, len(data))
        if end < len(data):
            cut = max(data.rfind(newline, start, end), data.rfind(space, start, end))  # type: ignore[arg-type]
            end = cut + 1 if cut > start else end
        parts.append(decode(data[start:end]))
        start = end
    return "".join(parts)


class LegacyEncodeError(ValueError):
    """A character that the target legacy encoding cannot represent."""


def _unencodable(ch: str, name: str, errors: str) -> str:
    if errors == "replace":
        return "?"
    raise LegacyEncodeError(f"{ch!r} (U+{ord(ch):04X}) cannot be written in {name}")


# --------------------------------------------------------------------------- TCVN3 (VSCII)

# Rows of the TCVN 5712:1993 chart, 16 positions each (0x80-0x9F: VN1 capitals;
# 0xA0-0xFF: VN2 = VN3 plus capitals and combining tone marks at 0xB0-0xB4).
_TCVN3_ROWS = {
    0x80: "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ",
    0x90: "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ",
    0xA0: "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ",
    0xB0: "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ",
    0xC0: "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ",
    0xD0: "éẹềểễếệìỉỄẾỒĩíịò",
    0xE0: "Ổỏõóọồổỗốộờởỡớợù",
    0xF0: "ỖủũúụừửữứựỳỷỹýỵỐ",
}
# VN1 capitals in C0 control positions (tab, LF, CR and the other controls stay ASCII).
_TCVN3_C0 = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ",
    0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}
#: byte value -> character, the whole chart.
TCVN3_DECODE: dict[int, str] = dict(_TCVN3_C0)
for _row, _chars in _TCVN3_ROWS.items():
    assert len(_chars) == 16, hex(_row)
    TCVN3_DECODE.update({_row + i: c for i, c in enumerate(_chars)})
TCVN3_ENCODE: dict[str, int] = {
    c: b for b, c in TCVN3_DECODE.items() if not unicodedata.combining(c)
}
# Positions 0x80-0x9F hold VN1 capitals, but VN3 files saved on Windows use these bytes for
# Windows-1252 punctuation (curly quotes, dashes, ellipsis). For the bytes where both readings
# are common, the capital is chosen only inside an upper-case word (after a capital letter).
_TCVN3_PUNCT_BYTES = bytes([0x82, 0x84, 0x85, 0x8B, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x9B])
_TCVN3_PUNCT = frozenset(_TCVN3_PUNCT_BYTES.decode("latin-1"))
_TCVN3_TABLE = {b: c for b, c in TCVN3_DECODE.items() if chr(b) not in _TCVN3_PUNCT}
_OPENING_QUOTES = frozenset("\"'“‘„‚\x93\x91\x84\x82")
_TCVN3_AMBIGUOUS = re.compile("[" + re.escape(_TCVN3_PUNCT_BYTES.decode("latin-1")) + "]")
# Capitals typed with an all-caps ".VnTimeH" font are stored as VN3 lower-case codes.
_CAPS_WORD = re.compile(r"\b(?=(?:\w*[A-Z]){2})(?=\w*[^\x00-\x7f])[A-Z\u00c0-\u1ef9]+\b")


def _tcvn3_ambiguous(m: re.Match[str]) -> str:
    """The capital inside an all-caps Vietnamese word (``CỘNG``, ``HỌ``), else punctuation
    (``BCA”``, ``H’Chua``, ``Nga–NATO``, ``30P–2153``, ``“H”``, a quote between spaces)."""
    s, i = m.string, m.start()
    code = ord(m.group())
    letter, punct = TCVN3_DECODE[code], _SHOW_C1[code]
    if not (i and s[i - 1].isalpha() and s[i - 1].isupper()) or s[i + 1:i + 2].isdigit():
        return punct
    start, end = i, i + 1
    while start and s[start - 1].isalpha():
        start -= 1
    while end < len(s) and s[end].isalpha():
        end += 1
    if end == i + 1 and start and s[start - 1] in _OPENING_QUOTES:
        return punct  # closes a quotation that opened right before the word
    word = s[start:i] + letter + s[i + 1:end]
    return letter if word.isupper() and is_vietnamese_syllable(word) else punct


def _fix_caps(m: re.Match[str]) -> str:
    word = m.group()
    upper = word.upper()
    keep = any(c.islower() and c.isascii() for c in word) or not is_vietnamese_syllable(upper)
    return word if keep else upper  # "VIệT" → "VIỆT"; "TPHà" (a typo for "TP Hà") stays


def decode_tcvn3(data: bytes | str, *, fix_caps: bool = True) -> str:
    """Decode TCVN3 (TCVN 5712:1993 VN1/VN2/VN3) to NFC Unicode.

    ``fix_caps`` upper-cases a word typed with an all-caps font (``VIệT`` → ``VIỆT``): a word
    with two or more ASCII capitals and no ASCII lower-case letter.
    """
    def piece(chunk: bytes | str) -> str:
        s = _byte_chars(chunk).translate(_TCVN3_TABLE)
        s = _TCVN3_AMBIGUOUS.sub(_tcvn3_ambiguous, s)
        if fix_caps:
            s = _CAPS_WORD.sub(_fix_caps, s)
        return unicodedata.normalize("NFC", s)

    return _in_chunks(data, piece)


def encode_tcvn3(text: str, errors: str = "strict") -> bytes:
    """Encode text as TCVN3 (VN1 positions for capitals; Windows-1252 bytes for curly quotes,
    dashes and the ellipsis, as Windows stored them)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch])
        elif ord(ch) < 0x80 and ord(ch) not in _TCVN3_C0:
            out.append(ord(ch))
        elif ord(ch) in _UNSHOW_CP1252 and ch in "“”‘’–—…•‚„‹›":
            out.append(_UNSHOW_CP1252[ord(ch)])
        else:
            out += _unencodable(ch, "TCVN3", errors).encode()
    return bytes(out)


# ---------------------------------------------------------------------------- VNI-Windows

# Mark bytes (lower-case forms; capitals are 0x20 lower) by modifier, in _TONES order.
_VNI_PLAIN = ("", "\xf8", "\xf9", "\xfb", "\xf5", "\xef")  # a e o u y ơ ư: ø ù û õ ï
_VNI_CIRCUMFLEX = ("\xe2", "\xe0", "\xe1", "\xe5", "\xe3", "\xe4")  # â ê ô: â à á å ã ä
_VNI_BREVE = ("\xea", "\xe8", "\xe9", "\xfa", "\xfc", "\xeb")  # ă: ê è é ú ü ë
_VNI_I = ("i", "\xec", "\xed", "\xe6", "\xf3", "\xf2")  # i is written as one byte: ì í æ ó ò
_VNI_Y_DOT = "\xee"  # ỵ = y + î (the dot sits lower under y)
_VNI_BASE = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "o": "o", "ô": "o",
             "ơ": "\xf4", "u": "u", "ư": "\xf6", "y": "y"}


def _vni_lower(letter: str) -> str:
    base, tone = _split_letter(letter)
    t = _TONES.index(tone)
    if base == "i":
        return _VNI_I[t]
    if base in "âêô":
        return _VNI_BASE[base] + _VNI_CIRCUMFLEX[t]
    if base == "ă":
        return "a" + _VNI_BREVE[t]
    if base == "y" and t == 5:
        return "y" + _VNI_Y_DOT
    return _VNI_BASE[base] + _VNI_PLAIN[t]


def _upper_bytes(seq: str) -> str:
    return "".join(chr(ord(c) - 0x20) if c >= "\xe0" or c.islower() else c for c in seq)


#: Unicode letter -> VNI byte characters (one or two).
VNI_ENCODE: dict[str, str] = {"đ": "\xf1", "Đ": "\xd1"}
for _ch in VIETNAMESE_LETTERS:
    if _ch.islower() and _ch != "đ":
        VNI_ENCODE[_ch] = _vni_lower(_ch)
        VNI_ENCODE[_ch.upper()] = _upper_bytes(_vni_lower(_ch))
# Decoding is lenient about the case of the mark byte: the base letter decides the case.
_VNI_DECODE: dict[str, str] = {}
for _ch, _seq in VNI_ENCODE.items():
    _VNI_DECODE[_seq] = _ch
    if len(_seq) == 2:
        _other = chr(ord(_seq[1]) ^ 0x20)
        _VNI_DECODE.setdefault(_seq[0] + _other, _ch)
_VNI_MARKS = "".join(sorted({s[1] for s in _VNI_DECODE if len(s) == 2}))
_VNI_SINGLES = "".join(sorted(s for s in _VNI_DECODE if len(s) == 1))
_VNI_TOKEN = re.compile(
    "[aAeEoOuUyY\xf4\xd4\xf6\xd6][" + re.escape(_VNI_MARKS) + "]|[" + re.escape(_VNI_SINGLES) + "]"
)


def _vni_sub(m: re.Match[str]) -> str:
    seq = m.group()
    return _VNI_DECODE.get(seq) or (
        # an invalid pair (``e`` + breve mark): keep the base, read the mark on its own
        _VNI_DECODE.get(seq[0], seq[0]) + _VNI_DECODE.get(seq[1], seq[1])
    )


def decode_vni(data: bytes | str) -> str:
    """Decode VNI-Windows text (typed for VNI-Times fonts) to NFC Unicode."""
    def piece(chunk: bytes | str) -> str:
        s = _VNI_TOKEN.sub(_vni_sub, _byte_chars(chunk))
        return unicodedata.normalize("NFC", s.translate(_SHOW_C1))

    return _in_chunks(data, piece)


def encode_vni(text: str, errors: str = "strict") -> bytes:
    """Encode text as VNI-Windows bytes."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in VNI_ENCODE:
            out.append(VNI_ENCODE[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        elif ord(ch) in _UNSHOW_CP1252:
            out.append(chr(_UNSHOW_CP1252[ord(ch)]))
        elif 0xA0 <= ord(ch) < 0xC0:  # Latin-1 symbols (° ± ²) keep their place in VNI fonts
            out.append(ch)
        else:
            out.append(_unencodable(ch, "VNI", errors))
    return "".join(out).encode("latin-1")


# ---------------------------------------------------------------------------- Windows-1258

def encode_cp1258(text: str, errors: str = "strict") -> bytes:
    """Encode text as Windows-1258: a precomposed letter where the code page has one (``á``,
    ``ơ``), else the base letter plus a combining tone mark (``ấ`` = ``â`` + U+0301)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        base, tone = _split_letter(ch)
        for form in (ch, base + tone) if tone else (ch,):
            try:
                out += form.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += _unencodable(ch, "Windows-1258", errors).encode()
    return bytes(out)


def decode_cp1258(data: bytes) -> str:
    """Decode Windows-1258 and compose the combining tone marks (NFC)."""
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="strict"))


# ------------------------------------------------------------------------------------ VIQR

_VIQR_MODIFIER = {"(": "\u0306", "^": "\u0302", "+": "\u031b"}
_VIQR_TONE = {"`": "\u0300", "'": "\u0301", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_MOD_OK = {"(": "aA", "^": "aAeEoO", "+": "oOuU"}
_VIQR_OUT_MOD = {v: k for k, v in _VIQR_MODIFIER.items()}
_VIQR_OUT_TONE = {v: k for k, v in _VIQR_TONE.items()}
_VIQR_MARKS = "(^+`'?~."
_VIQR_TOKEN = re.compile(
    r"\\(.)|([dD])([dD])|([aAeEiIoOuUyY])([(^+]?)([`'?~.]?)", re.DOTALL
)


def _viqr_tone_is_punctuation(s: str, end: int) -> bool:
    """Lenient reading: a final ``.``/``?`` that ends a line rather than marking a tone.

    True when it is followed by the end of the text or of the line (spaces allowed), or by a
    closing quote or bracket. Measured on ViMs articles written as unescaped VIQR, this
    reads 99.4% of syllables right, against 99.1% for the strict RFC reading and 99.0% when
    a full stop before a capitalised word is also taken as punctuation (names follow
    dot-below syllables too often: ``chị Lan``, ``Bộ Y tế``).
    """
    rest = s[end:end + 40]
    if not rest or rest[0] in "\n\r\"'”’)]»":
        return True
    if rest[0] in " \t":
        nxt = rest.lstrip(" \t")[:1]
        return not nxt or nxt in "\n\r"
    return False


def decode_viqr(text: str, *, strict: bool = False) -> str:
    """Decode VIQR (RFC 1456) to NFC Unicode.

    ``strict`` reads every unescaped mark after a vowel as a diacritic, as the RFC says. The
    default also reads a ``.``/``?`` that ends a line as punctuation (see
    :func:`_viqr_tone_is_punctuation`), because real VIQR text rarely escapes full stops
    (``ddi\\.``). The price: a heading that ends in a dot-below or hook tone loses it.
    """
    out: list[str] = []
    pos = 0
    for m in _VIQR_TOKEN.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group(1) is not None:  # escaped literal
            out.append(m.group(1))
            continue
        if m.group(2):
            out.append("Đ" if m.group(2) == "D" else "đ")
            continue
        vowel, mod, tone = m.group(4), m.group(5), m.group(6)
        if mod and vowel not in _VIQR_MOD_OK[mod]:
            # the modifier does not fit this vowel: leave it (and what follows) as text
            out.append(vowel)
            pos = m.start(5)
            continue
        if tone and tone in ".?" and not strict and _viqr_tone_is_punctuation(text, m.end()):
            out.append(unicodedata.normalize("NFC", vowel + (_VIQR_MODIFIER[mod] if mod else "")))
            pos = m.start(6)
            continue
        letter = vowel + (_VIQR_MODIFIER[mod] if mod else "") + (_VIQR_TONE[tone] if tone else "")
        out.append(unicodedata.normalize("NFC", letter))
    out.append(text[pos:])
    return unicodedata.normalize("NFC", "".join(out))


def encode_viqr(text: str) -> str:
    """Encode text as VIQR, escaping literal mark characters that follow a vowel (RFC 1456)."""
    out: list[str] = []
    text = unicodedata.normalize("NFC", text)
    for i, ch in enumerate(text):
        prev = out[-1][-1] if out and out[-1] else ""
        nxt = text[i + 1:i + 2]
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            continue
        nfd = unicodedata.normalize("NFD", ch)
        mods = "".join(_VIQR_OUT_MOD.get(m, "") for m in nfd[1:])
        tones = "".join(_VIQR_OUT_TONE.get(m, "") for m in nfd[1:])
        if (
            len(nfd) > 1 and nfd[0] in "aAeEiIoOuUyY" and len(mods) + len(tones) == len(nfd) - 1
            and len(mods) <= 1 and len(tones) <= 1 and (not mods or nfd[0] in _VIQR_MOD_OK[mods])
        ):  # a Vietnamese letter: base, modifier, tone (others stay as they are)
            out.append(nfd[0] + mods + tones)
            continue
        if ch == "\\" or (ch in _VIQR_MARKS and prev and prev in "aAeEiIoOuUyY(^+"):
            out.append("\\" + ch)
        elif ch in "dD" and (prev in ("d", "D") or nxt in "dDđĐ"):
            out.append("\\" + ch)  # a literal d next to another d (``Addis``) is escaped
        else:
            out.append(ch)
    return "".join(out)


# ------------------------------------------------------------------------------- registry

#: name -> (encode: str -> bytes, decode: bytes -> str), for the round-trip tests and tools.
CODECS: dict[str, tuple[Callable[[str], bytes], Callable[[bytes], str]]] = {
    "tcvn3": (encode_tcvn3, decode_tcvn3),
    "vni": (encode_vni, decode_vni),
    "cp1258": (encode_cp1258, decode_cp1258),
    "viqr": (lambda t: encode_viqr(t).encode("utf-8"),
             lambda b: decode_viqr(b.decode("utf-8"))),
    "viqr-strict": (lambda t: encode_viqr(t).encode("utf-8"),
                    lambda b: decode_viqr(b.decode("utf-8"), strict=True)),
}
