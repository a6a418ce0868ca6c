import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diemtin.text.normalize import normalize_line, normalize_text, normalize_tone_marks


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà", "hòa"),
        ("thoả thuận", "thỏa thuận"),
        ("uỷ ban", "ủy ban"),
        ("quý", "quý"),
        ("Quỳnh", "Quỳnh"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ", "HÒA"),
        ("khoẻ", "khỏe"),
        ("thuý", "thúy"),
        ("hoàng", "hoàng"),  # closed syllable: unchanged
        ("khuya", "khuya"),
        ("Ðà Nẵng", "Đà Nẵng"),
        ("ðồng", "đồng"),
    ],
)
def test_tone_marks_and_eth(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_nfd_input_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Việt Nam hoà bình, Thủ tướng")
    out = normalize_text(nfd)
    assert out == "Việt Nam hòa bình, Thủ tướng"
    assert unicodedata.is_normalized("NFC", out)


def test_line_ends_and_spaces() -> None:
    assert normalize_text("a\r\nb  c\u00a0d \rE\u200b") == "a\nb c d\nE"
    assert normalize_line("  x \n y ") == "x y"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert normalize_tone_marks(once) == once
