"""Text normalisation, applied once at the input boundary.

- Unicode NFC (Vietnamese text often arrives decomposed, NFD, or with combining tone marks);
- one tone-mark placement for open syllables ending in -oa / -oe / -uy: the "new style" used
  by the ViMs protocol and most modern outlets (``hoà``→``hòa``, ``thoả``→``thỏa``,
  ``uỷ``→``ủy``); ``quý`` keeps its mark (``qu`` is a consonant cluster);
- Icelandic eth ``Ð``/``ð`` (a common look-alike typo) → ``Đ``/``đ``;
- CRLF/CR → LF; no-break, zero-width and other odd spaces → plain space or nothing; trailing
  spaces dropped; runs of spaces inside a line collapsed.
"""

from __future__ import annotations

import re
import unicodedata

from diemtin.errors import UsageError

# Combining tone marks (the 5 non-level tones).
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}

# First vowel o/u followed by a toned a/e/y that ends the syllable, not after q.
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_PAIRS = {"o": "ae", "u": "y"}

_SPACE_CLASS = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Runs that are not already one plain space: replacing every single space too would cut a
# long line into millions of pieces (a 50 MB line took 20 s and 900 MB; now under 1 s).
_SPACES = re.compile(rf"{_SPACE_CLASS}{{2,}}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Lone UTF-16 surrogates (JSON's "\ud800" decodes to one): no character, and no UTF-8 text
#: can hold them, so they become U+FFFD.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _move_tone(match: re.Match[str]) -> str:
    first, toned = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", toned)
    base, marks = decomposed[0], decomposed[1:]
    if base.lower() not in _PAIRS[first.lower()] or not marks or any(m not in _TONES for m in marks):
        return match.group(0)
    return unicodedata.normalize("NFC", first + marks) + base


def normalize_tone_marks(text: str) -> str:
    """Put tone marks of -oa/-oe/-uy open syllables on the first vowel (``hoà``→``hòa``).

    ``text`` must be NFC. ``quý``, ``hoàng`` (closed syllable) and ``khuya`` are unchanged.
    """
    return _OLD_STYLE.sub(_move_tone, text)


def normalize_text(text: str) -> str:
    """Full boundary normalisation of a whole document (keeps line structure)."""
    if not isinstance(text, str):
        raise UsageError(f"normalize_text takes a str, not {type(text).__name__}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    text = normalize_tone_marks(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def normalize_line(line: str) -> str:
    """Normalise one line (no newlines inside)."""
    return normalize_text(line).replace("\n", " ").strip()
