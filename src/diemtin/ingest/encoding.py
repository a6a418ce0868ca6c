"""Bytes → text at the input boundary, refusing what is not text with a clear reason.

Detection, in order (each step says why in :class:`EncodingGuess`):

1. an encoding named by the caller (``--encoding``) is used as given; VIQR only this way;
2. a byte-order mark: UTF-8, UTF-16 LE/BE;
3. UTF-16 without a BOM (a NUL in every other byte, decoding to printable text);
4. binary formats (ZIP, PDF, images, executables) are refused, and so is a file with NUL
   bytes, wherever they are, unless they are stray: at most :data:`MAX_NUL_SHARE` of the
   bytes, in a file that is valid, printable UTF-8 without them (a scraper artefact); stray
   NULs are removed and the reason says how many;
5. valid UTF-8 is UTF-8. A UTF-8 file cut inside its last character is read without that
   character. Valid UTF-8 whose letters are legacy font codes shown as Windows-1252
   (``ViÖt Nam``: TCVN3; ``Vieät Nam``: VNI) is converted;
6. otherwise each legacy candidate (Windows-1258, TCVN3, VNI, and a charset declared in an
   HTML/XML header) decodes a sample, and the one whose words are well-formed Vietnamese
   syllables (:func:`diemtin.text.language.syllable_stats`) wins, if at least
   :data:`MIN_SHARE` of them are; a file whose lines are partly UTF-8 and partly a legacy
   encoding is decoded line by line ("mixed");
7. anything else is refused, naming the first bad byte.

Every decoded text is NFC.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from diemtin.errors import InputError
from diemtin.ingest.legacy import CP1252_SHOWN, decode_cp1258, decode_tcvn3, decode_viqr, decode_vni
from diemtin.text.language import syllable_stats

_SNIFF = 8192
#: NUL bytes are stray (removed) when at most this share of a file's bytes, and the rest is
#: valid printable UTF-8; more, or in a file that is not UTF-8 without them, mean binary.
#: A stray NUL in an article is one or two bytes in kilobytes; binary files have many.
MAX_NUL_SHARE = 0.01
_BINARY_NUL = ("binary file (contains NUL bytes), not text; if it is an article, save it again "
               "as plain UTF-8 text")
#: Legacy candidates are scored on this many leading bytes (enough words; bounded time).
SAMPLE_BYTES = 256 * 1024
#: A legacy decoding is accepted when at least this share of its words (with non-ASCII
#: letters) are Vietnamese syllables. Correct decodings of news text score 0.95-1.0; wrong
#: ones 0.0-0.3 on the ViMs-built test set, so 0.6 leaves room on both sides.
MIN_SHARE = 0.6

LEGACY_DECODERS: dict[str, Callable[[bytes], str]] = {
    "cp1258": decode_cp1258,
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
}
_LABELS = {
    "cp1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI", "utf-8": "UTF-8",
    "viqr": "VIQR", "viqr-strict": "VIQR (strict RFC 1456)",
}
#: Names accepted by ``--encoding`` besides Python's codec names.
ENCODING_ALIASES = {
    "tcvn3": "tcvn3", "tcvn": "tcvn3", "tcvn5712": "tcvn3", "tcvn-5712": "tcvn3", "vn3": "tcvn3",
    "abc": "tcvn3", "vscii": "tcvn3", "vni": "vni", "vni-windows": "vni", "vni-win": "vni",
    "viqr": "viqr", "viqr-strict": "viqr-strict", "cp1258": "cp1258", "windows-1258": "cp1258",
    "win1258": "cp1258", "auto": "auto",
}


@dataclass(frozen=True)
class EncodingGuess:
    """What :func:`detect_and_decode` decided, and why (printed by ``diemtin inspect``)."""

    encoding: str
    confidence: float
    reason: str
    candidates: tuple[tuple[str, float], ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.encoding} (confidence {self.confidence:.2f}): {self.reason}"


def _describe_binary(data: bytes, *, nul: bool = True) -> str | None:
    """A reason if ``data`` is clearly not a text file (by its signature, or with ``nul`` a
    NUL byte anywhere), else ``None``."""
    magic = {
        b"PK\x03\x04": "a ZIP archive (also .docx/.xlsx/.epub): extract the articles first",
        b"PK\x05\x06": "an empty ZIP archive, not an article",
        b"%PDF": "a PDF document: extract its text first (e.g. pdftotext)",
        b"\x1f\x8b": "a gzip archive: decompress it first",
        b"BZh": "a bzip2 archive: decompress it first",
        b"\xfd7zXZ": "an xz archive: decompress it first",
        b"7z\xbc\xaf": "a 7-Zip archive: extract the articles first",
        b"Rar!": "a RAR archive: extract the articles first",
        b"\x89PNG": "a PNG image, not an article",
        b"\xff\xd8\xff": "a JPEG image, not an article",
        b"GIF8": "a GIF image, not an article",
        b"\x7fELF": "an executable program, not an article",
        b"MZ\x90\x00": "a Windows executable, not an article",
        b"\xd0\xcf\x11\xe0": "an old Microsoft Office document (.doc/.xls): save it as text first",
        b"SQLite format 3": "an SQLite database: use 'diemtin serve --db' or export the articles",
    }
    for sig, reason in magic.items():
        if data.startswith(sig):
            return reason
    if nul and b"\x00" in data:
        return _BINARY_NUL
    return None


def _without_stray_nuls(data: bytes) -> tuple[bytes, int] | None:
    """``data`` without its NUL bytes and how many there were, when they are stray (see
    :data:`MAX_NUL_SHARE`); ``None`` when there are none or they make the file binary."""
    nuls = data.count(0)
    if not nuls or nuls > len(data) * MAX_NUL_SHARE:
        return None
    rest = data.replace(b"\x00", b"")
    try:
        text = rest.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return (rest, nuls) if _looks_printable(text) else None


def canonical_encoding(name: str) -> str:
    """``--encoding`` value → our name (``tcvn3``, ``vni``, ``viqr``, ``cp1258``) or a
    Python codec name; raises :class:`LookupError` for unknown names."""
    key = name.strip().lower().replace("_", "-")
    if key in ENCODING_ALIASES:
        return ENCODING_ALIASES[key]
    name = codecs.lookup(key).name
    # the bytes-to-bytes codecs (base64, rot13, zlib, hex) raise LookupError here and
    # "undefined" raises UnicodeError; a text encoding may fail on this one byte (utf-16)
    try:
        b"a".decode(name)
    except UnicodeDecodeError:
        pass
    except UnicodeError:
        raise LookupError(f"{name!r} decodes nothing") from None
    return name


def unknown_encoding(name: str) -> str:
    """The message for an ``--encoding`` that :func:`canonical_encoding` does not know."""
    return f"unknown encoding {name!r}; use utf-8, cp1258, tcvn3, vni, viqr or a Python codec name"


def _decode_named(data: bytes, source: str, encoding: str) -> tuple[str, EncodingGuess]:
    try:
        name = canonical_encoding(encoding)
    except LookupError:
        raise InputError(source, unknown_encoding(encoding)) from None
    if name == "auto":
        return detect_and_decode(data, source)
    try:
        if name in ("viqr", "viqr-strict"):
            raw = data.decode("utf-8-sig")
            text = decode_viqr(raw, strict=name == "viqr-strict")
        elif name in LEGACY_DECODERS:
            text = LEGACY_DECODERS[name](data)
        else:
            text = unicodedata.normalize("NFC", data.decode(name))
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"not valid {_LABELS.get(name, name)} (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}){_detection_hint(data, source, name)}",
        ) from None
    if not name.startswith(("utf", "viqr")) and _multibyte_utf8(data):
        # a one-byte code page decodes anything: UTF-8 read as one is mojibake ("Ká» tá»«")
        hint = _detection_hint(data, source, name)
        if hint:
            odd = next((w for w in text.split() if not w.isascii()), "")[:24]
            raise InputError(source, f"UTF-8 text, which {_LABELS.get(name, name)} misreads "
                                     f"({odd!r}){hint}")
    return text, EncodingGuess(name, 1.0, "named with --encoding")


def _multibyte_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 with characters beyond ASCII (which text in a one-byte
    code page almost never is)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detection_hint(data: bytes, source: str, named: str) -> str:
    """The fix for bytes that the encoding named with ``--encoding`` cannot decode: when
    detection reads them (as another encoding), ``"; auto-detection reads it as UTF-16 (drop
    --encoding to detect it)"``; else ``""``. (:func:`diemtin.errors.without_cli_hints`
    removes it where there is no ``--encoding``.)"""
    try:
        _, guess = detect_and_decode(data, source)
    except InputError:
        return ""
    found = guess.encoding
    if found == named:
        return ""
    label = _LABELS.get(found, found.upper() if found.startswith("utf") else found)
    return f"; auto-detection reads it as {label} (drop --encoding to detect it)"


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NULs sit in every other byte, else ``None``."""
    head = data[:_SNIFF]
    if len(head) < 8 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _looks_printable(text: str) -> bool:
    sample = text[:_SNIFF]
    return len(_CONTROL.findall(sample)) <= len(sample) // 200


_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def _declared_charset(data: bytes) -> str | None:
    """A charset named in an HTML ``<meta>`` or XML declaration near the top, if known."""
    head = data[:4096]
    if b"<" not in head:
        return None
    m = _DECLARED.search(head)
    if not m:
        return None
    try:
        return canonical_encoding(m.group(1).decode("ascii"))
    except LookupError:
        return None


@dataclass(frozen=True)
class _Scored:
    name: str
    share: float
    common: float
    marked: int
    text: str = field(repr=False, compare=False, default="")
    decodable: bool = True


def _score(sample: bytes, names: list[str]) -> list[_Scored]:
    """Decode ``sample`` with each candidate and score it, best first."""
    scored: list[_Scored] = []
    for name in names:
        try:
            text = LEGACY_DECODERS[name](sample) if name in LEGACY_DECODERS else sample.decode(name)
        except (UnicodeDecodeError, LookupError):
            scored.append(_Scored(name, 0.0, 0.0, 0, decodable=False))
            continue
        text = unicodedata.normalize("NFC", text)
        st = syllable_stats(text)
        words = max(1, len(text.split()))
        scored.append(_Scored(name, st.share, st.common / words, st.marked, text))
    # ties: more frequent Vietnamese words, then the order of ``names`` (declared first)
    order = {n: i for i, n in enumerate(names)}
    scored.sort(key=lambda s: (-round(s.share, 2), -round(s.common, 3), order[s.name]))
    return scored


def _explain(scored: list[_Scored]) -> str:
    return ", ".join(
        f"{_LABELS.get(s.name, s.name)} {f'{s.share:.0%}' if s.decodable else 'undecodable'}"
        for s in scored
    )


def _ambiguous(best: _Scored, scored: list[_Scored]) -> _Scored | None:
    """A runner-up that reads as Vietnamese about as well as ``best`` but differently."""
    for other in scored[1:]:
        if (best.share - other.share < 0.1 and abs(best.common - other.common) < 0.05
                and other.text != best.text):
            return other
    return None


def _pick_legacy(sample: bytes, declared: str | None) -> tuple[_Scored | None, list[_Scored]]:
    """The legacy decoding that reads best as Vietnamese, or ``None`` (none does, or two do
    equally well: too little text to tell them apart)."""
    names = list(LEGACY_DECODERS)
    if declared and declared != "utf-8":
        names = [declared, *(n for n in names if n != declared)]
    scored = _score(sample, names)
    best = scored[0] if scored else None
    if best is None or best.share < MIN_SHARE or best.marked == 0 or _ambiguous(best, scored):
        fallback = next((s for s in scored if s.name == declared and s.decodable), None)
        if declared and declared not in LEGACY_DECODERS and fallback:
            return fallback, scored
        return None, scored
    return best, scored


def _confidence(best: _Scored, scored: list[_Scored]) -> float:
    """The winner's share, scaled down when the runner-up is within 0.4 of it."""
    second = next((s.share for s in scored if s.name != best.name), 0.0)
    return round(best.share * min(1.0, (best.share - second) / 0.4), 2)


def _not_utf8_reason(data: bytes, exc: UnicodeDecodeError, scored: list[_Scored]) -> str:
    tried = f" (share of Vietnamese syllables: {_explain(scored)})" if scored else ""
    best = scored[0] if scored else None
    what = (
        "too little Vietnamese text to tell the legacy encodings apart"
        if best and best.share >= MIN_SHARE and best.marked
        else "not recognisable as Windows-1258, TCVN3 or VNI Vietnamese"
    )
    return (
        f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) and {what}{tried}; "
        "convert it to UTF-8 or name its encoding with --encoding"
    )


def _utf8_shown_as_1252(text: str) -> tuple[str, int] | None:
    """``text`` read back as the UTF-8 bytes it shows as Windows-1252 (Latin-1 for the five
    bytes Windows-1252 leaves undefined), and how many characters were lost on the way (a
    wrong decoding that replaced those five bytes by U+FFFD: each leaves one "�"); ``None``
    when the text holds other characters."""
    out = bytearray()
    for c in text:
        if c == "\ufffd":
            continue
        try:
            out += c.encode("cp1252")
        except UnicodeEncodeError:
            if ord(c) > 0xFF:
                return None
            out.append(ord(c))
    repaired = out.decode("utf-8", errors="replace")
    return repaired, repaired.count("\ufffd")


def _legacy_in_unicode(text: str) -> tuple[str, EncodingGuess] | None:
    """Valid UTF-8 whose letters are TCVN3/VNI font codes shown as Windows-1252."""
    sample = text[:SAMPLE_BYTES // 2]
    non_ascii = {c for c in sample if not c.isascii()}
    if not non_ascii:
        return None
    if any(ord(c) > 0xFF and c not in CP1252_SHOWN and c != "\ufffd" for c in non_ascii):
        return None
    as_is = syllable_stats(sample)
    if as_is.share >= 0.5:
        return None
    repaired = _utf8_shown_as_1252(sample)
    st = syllable_stats(repaired[0]) if repaired is not None else None
    if st is not None and st.share >= 0.8 and st.marked >= 5:
        whole = _utf8_shown_as_1252(text)  # (only now: a per-character loop over the file)
        if whole is not None:
            lost = f"; {whole[1]} letter(s) were lost in that decoding (shown as �)" if whole[1] else ""
            return unicodedata.normalize("NFC", whole[0]), EncodingGuess(
                "utf-8+mojibake", round(st.share, 2),
                "valid UTF-8, but its letters are UTF-8 bytes shown as Windows-1252 (like "
                f"'Viá»‡t'; saved again after a wrong decoding): {st.share:.0%} Vietnamese "
                f"syllables after repair, {as_is.share:.0%} before{lost}",
            )
    for name, label, example in (("tcvn3", "TCVN3 (.VnTime fonts)", "ViÖt"),
                                 ("vni", "VNI (VNI-Times fonts)", "Vieät")):
        st = syllable_stats(LEGACY_DECODERS[name](sample))  # type: ignore[arg-type]
        if st.share >= 0.9 and st.marked >= 5:
            converted = LEGACY_DECODERS[name](text)  # type: ignore[arg-type]
            return converted, EncodingGuess(
                f"utf-8+{name}", round(st.share, 2),
                f"valid UTF-8, but its letters are {label} codes shown as Windows-1252 "
                f"(like '{example}'): {st.share:.0%} Vietnamese syllables after conversion, "
                f"{as_is.share:.0%} before",
            )
    return None


def _decode_mixed(
    data: bytes, source: str, declared: str | None, first_error: UnicodeDecodeError,
) -> tuple[str, EncodingGuess] | None:
    """Lines that are UTF-8 and lines in one legacy encoding, in the same file."""
    lines = data.split(b"\n")
    bad: list[int] = []
    utf8_non_ascii = 0
    for i, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(i)
        else:
            utf8_non_ascii += not line.isascii()
    if not utf8_non_ascii:
        return None
    best, scored = _pick_legacy(b"\n".join(lines[i] for i in bad)[:SAMPLE_BYTES], declared)
    if best is None or best.name not in LEGACY_DECODERS:
        raise InputError(
            source,
            f"mixed encodings: {len(lines) - len(bad)} lines are UTF-8 but line {bad[0] + 1} is "
            f"not (byte 0x{data[first_error.start]:02x} at offset {first_error.start}) and "
            "decodes as no Vietnamese legacy encoding; convert the file to UTF-8",
        )
    decode = LEGACY_DECODERS[best.name]
    bad_set = set(bad)
    out = [decode(line) if i in bad_set else line.decode("utf-8") for i, line in enumerate(lines)]
    shown = ", ".join(str(i + 1) for i in bad[:5]) + ("…" if len(bad) > 5 else "")
    label = _LABELS[best.name]
    return "\n".join(out), EncodingGuess(
        f"utf-8+{best.name}", round(_confidence(best, scored) * 0.9, 2),
        f"mixed: {len(lines) - len(bad)} lines UTF-8, {len(bad)} lines {label} (line {shown}); "
        f"those lines: {_explain(scored)} Vietnamese syllables",
        tuple((s.name, round(s.share, 3)) for s in scored),
    )


#: A letter lost when the text was saved: "?" inside a word ("k?t n?p", "thu?n") or the
#: replacement character U+FFFD ("Ni\ufffdn").
_LOST_LETTER = re.compile("(?<=[^\\W\\d_])\\?(?=[^\\W\\d_])|\ufffd")
#: Text with at least this many lost letters, and this share of its words, is refused.
LOST_LETTERS_MIN = (5, 0.02)


def lost_letters(text: str) -> str | None:
    """Why ``text`` lost its Vietnamese letters, if it did: a file saved in an encoding
    that cannot hold them writes "?" or U+FFFD in their place ("NATO k? tho? thu?n k?t
    n?p"), which no decoding recovers. Links ("?id=3") do not count."""
    if "?" not in text and "\ufffd" not in text:
        return None
    words = [w for w in text.split() if "://" not in w and not w.startswith("www.")]
    lost = sum(len(_LOST_LETTER.findall(w)) for w in words)
    if lost < LOST_LETTERS_MIN[0] or lost < LOST_LETTERS_MIN[1] * len(words):
        return None
    return (f"{lost:,} letters are lost ('?' or U+FFFD in their place, as in "
            "'k?t n?p'): it was saved in an encoding that cannot hold Vietnamese; "
            "find the original or save it again as UTF-8")


def detect_and_decode(
    data: bytes, source: str, encoding: str | None = None,
) -> tuple[str, EncodingGuess]:
    """Decode one input's bytes and say how (see the module docstring for the order).

    Raises :class:`InputError` naming ``source`` when the bytes are not text or no encoding
    fits.
    """
    if encoding and encoding.lower() != "auto":
        return _decode_named(data, source, encoding)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        try:
            return data.decode("utf-8"), EncodingGuess("utf-8-sig", 1.0, "UTF-8 byte-order mark")
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte "
                f"0x{data[exc.start]:02x} at offset {exc.start + 3})",
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"broken UTF-16 text at offset {exc.start}") from None
        order = "little" if data.startswith(codecs.BOM_UTF16_LE) else "big"
        return (unicodedata.normalize("NFC", text),
                EncodingGuess("utf-16", 1.0, f"UTF-16 byte-order mark ({order}-endian)"))
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        if text and _looks_printable(text):
            return unicodedata.normalize("NFC", text), EncodingGuess(
                utf16, 0.9, "UTF-16 without a byte-order mark (a NUL in every other byte)"
            )
    stray = _without_stray_nuls(data)
    if stray is not None and not _describe_binary(data, nul=False):
        text, guess = detect_and_decode(stray[0], source)
        removed = f"; {stray[1]} stray NUL byte{'s' if stray[1] > 1 else ''} removed"
        return text, dataclasses.replace(guess, reason=guess.reason + removed)
    reason = _describe_binary(data)
    if reason:
        raise InputError(source, reason)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = exc
    else:
        converted = _legacy_in_unicode(text)
        if converted:
            return converted
        if text.isascii():
            return text, EncodingGuess("utf-8", 1.0, "ASCII only (read as UTF-8)")
        n = sum(1 for c in text[:SAMPLE_BYTES] if not c.isascii())
        return text, EncodingGuess("utf-8", 1.0, f"valid UTF-8 ({n} non-ASCII characters in the sample)")
    if error.reason == "unexpected end of data" and error.end == len(data):
        text = data[:error.start].decode("utf-8")
        return text, EncodingGuess(
            "utf-8", 0.9,
            f"valid UTF-8 but cut inside its last character: {len(data) - error.start} trailing "
            "byte(s) dropped",
        )
    declared = _declared_charset(data)
    mixed = _decode_mixed(data, source, declared, error)
    if mixed:
        return mixed
    best, scored = _pick_legacy(data[:SAMPLE_BYTES], declared)
    if best is None:
        raise InputError(source, _not_utf8_reason(data, error, scored))
    try:
        decode = LEGACY_DECODERS.get(best.name)
        text = decode(data) if decode else unicodedata.normalize("NFC", data.decode(best.name))
    except UnicodeDecodeError as exc:  # a byte past the sample that the code page lacks
        raise InputError(
            source, f"looks like {_LABELS.get(best.name, best.name)} but byte "
            f"0x{data[exc.start]:02x} at offset {exc.start} is not; convert it to UTF-8",
        ) from None
    why = (
        f"not valid UTF-8; {_LABELS.get(best.name, best.name)} gives the most Vietnamese "
        f"syllables ({_explain(scored)})"
    )
    if declared == best.name:
        why += "; also declared in the file"
    elif best.share < MIN_SHARE:
        why = f"not valid UTF-8 and not Vietnamese-looking; read as {best.name}, declared in the file"
    return text, EncodingGuess(
        best.name, _confidence(best, scored), why, tuple((s.name, round(s.share, 3)) for s in scored),
    )


def detect_encoding(data: bytes, source: str = "<bytes>") -> EncodingGuess:
    """Only the :class:`EncodingGuess` of :func:`detect_and_decode`."""
    return detect_and_decode(data, source)[1]


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode an input file to text (see :func:`detect_and_decode`)."""
    return detect_and_decode(data, source, encoding)[0]


def decode_lines(
    data: bytes, source: str, encoding: str | None = None,
) -> tuple[str, list[tuple[int, InputError]]]:
    """Decode a line-oriented input (JSONL, AbMuSu: one record per line), line by line if it
    cannot be decoded whole, so that one corrupt line does not cost the file's other lines.

    Returns the text, in which each line that no encoding reads is left blank (the line
    numbers stay; CR and CRLF end lines, as in :func:`~diemtin.text.normalize.normalize_text`),
    and ``(line number, InputError)`` per such line (the error's source is ``SOURCE:LINE``).
    Raises the whole input's error when it is binary or UTF-16 (not split at ``\n`` bytes),
    or when no line can be read.
    """
    try:
        return detect_and_decode(data, source, encoding)[0], []
    except InputError as exc:
        whole = exc
    if (b"\x00" in data or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            or _describe_binary(data)):
        raise whole
    out: list[str] = []
    bad: list[tuple[int, InputError]] = []
    for n, line in enumerate(re.split(rb"\r\n|\r|\n", data), start=1):
        if encoding is None:
            try:
                out.append(line.decode("utf-8"))
                continue
            except UnicodeDecodeError:
                pass
        try:
            out.append(detect_and_decode(line, f"{source}:{n}", encoding)[0])
        except InputError as exc:
            out.append("")
            reason = re.sub(r" at offset (\d+)", r" at offset \1 of the line", exc.reason)
            bad.append((n, InputError(exc.source, reason)))
    if all(not line.strip() for line in out):
        raise whole
    return "\n".join(out), bad
