"""Property/fuzz tests: whatever the input, ``clean`` and ``summarize`` (and the byte-level
reader in front of them) either succeed or raise a :class:`~diemtin.errors.DiemtinError`
subclass — never another exception — and never hang (a watchdog fails any input that takes
longer than :data:`LIMIT_S`).

``DIEMTIN_FUZZ_EXAMPLES`` raises the number of examples per property (default 150).
"""

from __future__ import annotations

import os
import signal
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import diemtin
from diemtin.errors import DiemtinError
from diemtin.ingest.encoding import detect_and_decode
from diemtin.ingest.formats import parse_text
from diemtin.ingest.legacy import decode_tcvn3, decode_viqr, decode_vni, encode_viqr

#: Seconds one input may take in one call (the slowest legitimate inputs here take < 0.5 s).
LIMIT_S = 10.0
EXAMPLES = int(os.environ.get("DIEMTIN_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Hang(Exception):
    """Raised by the watchdog: the call ran past the time limit."""


@contextmanager
def time_limit(seconds: float = LIMIT_S) -> Iterator[None]:
    def _alarm(signum: int, frame: object) -> None:
        raise Hang(f"took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def only_documented_errors(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call ``fn``; a DiemtinError is a fine outcome, anything else fails the test."""
    start = time.monotonic()
    with time_limit():
        try:
            return fn(*args, **kwargs)
        except DiemtinError as exc:
            assert str(exc) and "\n" not in str(exc).strip(), repr(exc)
            return None
        finally:
            assert time.monotonic() - start < LIMIT_S


# Vietnamese-looking material: syllables, numbers, punctuation, chrome, captions, credits.
_VOCABULARY = (
    "Hội đồng NATO Nga họp cấp đại sứ tại Brussels ngày 20/4 sau gần hai năm ông bà Thủ tướng "
    "Chính phủ cho biết những người dân đã được hỗ trợ theo TTXVN Reuters AFP Ảnh: Chia sẻ: "
    "Tin liên quan Xem thêm Bình luận Đăng nhập © 2016 TP.HCM 19.5 2.000 3,5 v.v. PGS.TS. "
    "hoà thuỷ quý Ð Nguyễn Xuân Phúc Trần Văn A Hà Nội Đà Nẵng ngoại giao quân sự kinh tế"
)
SYLLABLES = _VOCABULARY.split()
PUNCT = [" ", " ", " ", " ", ". ", ", ", "! ", "? ", "... ", "… ", " - ", " – ", "\n", "\n\n",
         "\r\n", "\t", '"', "“", "”", "(", ")", ":", ";", "\u00a0", "\u200b", "\u0301", "  "]

vi_text = st.lists(
    st.one_of(st.sampled_from(SYLLABLES), st.sampled_from(PUNCT)), max_size=400,
).map("".join)
any_text = st.text(max_size=3000)
mixed_text = st.one_of(vi_text, any_text, st.builds(lambda a, b: a + b, vi_text, any_text))


@pytest.fixture(scope="module", autouse=True)
def _warm_up() -> None:
    """Import and first-call costs are not the inputs' fault."""
    diemtin.summarize([
        "Tiêu đề\n\nHội đồng NATO - Nga họp ở cấp đại sứ tại Brussels sau gần hai năm gián đoạn "
        "theo thông báo của các bên liên quan.",
    ])


@FUZZ
@given(mixed_text)
def test_clean_raises_only_documented_errors(text: str) -> None:
    art = only_documented_errors(diemtin.clean, text)
    if art is not None:
        assert isinstance(art.title, str) and all(isinstance(p, str) for p in art.paragraphs)
        assert all(p.strip() for p in art.paragraphs)


@FUZZ
@given(
    st.lists(mixed_text, min_size=1, max_size=4),
    st.one_of(st.none(), st.integers(min_value=1, max_value=300)),
    st.sampled_from([None, "lead", "centroid", "mmr"]),
)
def test_summarize_raises_only_documented_errors(
    texts: list[str], max_words: int | None, method: str | None,
) -> None:
    summary = only_documented_errors(diemtin.summarize, texts, max_words=max_words, method=method)
    if summary is not None:
        for sentence in summary.sentences:
            assert sentence.citations  # every summary sentence is traceable to an article


@FUZZ
@given(st.lists(mixed_text, min_size=1, max_size=3), st.floats(min_value=-1, max_value=2))
def test_summarize_with_any_ratio(texts: list[str], ratio: float) -> None:
    only_documented_errors(diemtin.summarize, texts, ratio=ratio)


@FUZZ
@given(st.one_of(
    st.binary(max_size=4000),
    vi_text.map(lambda t: t.encode("utf-8")),
    vi_text.map(lambda t: t.encode("utf-16")),
    st.builds(lambda t, junk: t.encode() + junk, vi_text, st.binary(max_size=50)),
))
def test_reading_bytes_raises_only_documented_errors(data: bytes) -> None:
    decoded = only_documented_errors(detect_and_decode, data, "fuzz.txt")
    if decoded is not None:
        text, guess = decoded
        assert isinstance(text, str) and 0 <= guess.confidence <= 1 and guess.reason
        only_documented_errors(parse_text, text, "fuzz.txt")


@FUZZ
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=2000))
def test_legacy_decoders_accept_anything(text: str) -> None:
    with time_limit():
        data = text.encode("latin-1", errors="replace")
        for decode in (decode_tcvn3, decode_vni):
            assert isinstance(decode(data), str)
            assert isinstance(decode(text), str)
        assert isinstance(decode_viqr(text), str)
        assert decode_viqr(encode_viqr(text), strict=True) == unicodedata.normalize("NFC", text)


@FUZZ
@given(st.recursive(
    st.text(max_size=80),
    lambda inner: st.builds(
        lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag}>",
        st.sampled_from(["div", "p", "article", "nav", "footer", "span", "h1", "script", "table"]),
        st.lists(inner, max_size=4),
    ),
    max_leaves=40,
))
def test_html_pages_raise_only_documented_errors(fragment: str) -> None:
    pytest.importorskip("trafilatura")
    from diemtin.ingest.html import parse_html

    page = f"<!DOCTYPE html><html><head><title>Tiêu đề</title></head><body>{fragment}</body></html>"
    doc = only_documented_errors(parse_html, page, "fuzz.html")
    if doc is not None:
        only_documented_errors(diemtin.clean_article, doc)
