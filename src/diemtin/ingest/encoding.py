"""Bytes → text at the input boundary, refusing what is not text with a clear reason."""

from __future__ import annotations

import codecs

from diemtin.errors import InputError

_SNIFF = 8192


def _describe_binary(data: bytes) -> str | None:
    """A reason if ``data`` is clearly not a text file, else ``None``."""
    magic = {
        b"PK\x03\x04": "a ZIP archive (also .docx/.xlsx/.epub): extract the articles first",
        b"%PDF": "a PDF document: extract its text first (e.g. pdftotext)",
        b"\x1f\x8b": "a gzip archive: decompress it first",
        b"\x89PNG": "a PNG image, not an article",
        b"\xff\xd8\xff": "a JPEG image, not an article",
        b"GIF8": "a GIF image, not an article",
        b"\x7fELF": "an executable program, not an article",
        b"SQLite format 3": "an SQLite database: use 'diemtin serve --db' or export the articles",
    }
    for sig, reason in magic.items():
        if data.startswith(sig):
            return reason
    if b"\x00" in data[:_SNIFF]:
        return "binary file (contains NUL bytes), not text"
    return None


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode an input file. UTF-8 (BOM optional) and UTF-16 with a BOM are detected;
    anything else must be named with ``encoding``.
    """
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(source, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"broken UTF-16 text at offset {exc.start}") from None
    reason = _describe_binary(data)
    if reason:
        raise InputError(source, reason)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 or name its encoding with --encoding",
        ) from None
