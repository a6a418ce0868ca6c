import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diemtin.text.sentences import sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông đến TP.HCM hôm qua. Trời mưa.", ["Ông đến TP.HCM hôm qua.", "Trời mưa."]),
        ("PGS.TS. Nguyễn Văn A phát biểu. Hết.", ["PGS.TS. Nguyễn Văn A phát biểu.", "Hết."]),
        ("Giá tăng 19.5% lên 2.000 đồng, gấp 3,5 lần. Sau đó giảm.",
         ["Giá tăng 19.5% lên 2.000 đồng, gấp 3,5 lần.", "Sau đó giảm."]),
        ("Táo, lê, v.v. và nhiều loại khác. Hết.", ["Táo, lê, v.v. và nhiều loại khác.", "Hết."]),
        ("Thế là hết... Nhưng chưa! Sao vậy? Không.",
         ["Thế là hết...", "Nhưng chưa!", "Sao vậy?", "Không."]),
        ('"Tôi đi. Anh ở lại." - ông nói. Rồi đi.', ['"Tôi đi. Anh ở lại." - ông nói.', "Rồi đi."]),
        ("Ông nói: “Tôi đi. Anh ở lại.” Rồi đi.", ["Ông nói: “Tôi đi. Anh ở lại.”", "Rồi đi."]),
        ("1. Ôn tập kiến thức. 2. Kiểm tra lại.", ["1. Ôn tập kiến thức.", "2. Kiểm tra lại."]),
        ("Ông J. K. Rowling đến. Ở TP. HCM mưa.", ["Ông J. K. Rowling đến.", "Ở TP. HCM mưa."]),
        # a one-letter word with a mark is not an initial ("Đ." is)
        ("Giải đấu lớn nhất châu Á. Sau đó họ về nước Ý. Ông Trần Văn Đ. Hết.",
         ["Giải đấu lớn nhất châu Á.", "Sau đó họ về nước Ý.", "Ông Trần Văn Đ. Hết."]),
        ("Dòng một.\nDòng hai không dấu chấm\n66 người chết.",
         ["Dòng một.", "Dòng hai không dấu chấm", "66 người chết."]),
        # words that end sentences are not abbreviations, whatever their case
        ("Nhóm 10 người đàn ông. Cảnh sát đến. Trả tiền cho bà. Hết.",
         ["Nhóm 10 người đàn ông.", "Cảnh sát đến.", "Trả tiền cho bà.", "Hết."]),
        ("Biểu tượng của Hoa Sen. Phần còn lại. Ăn no. Ngủ.",
         ["Biểu tượng của Hoa Sen.", "Phần còn lại.", "Ăn no.", "Ngủ."]),
        ("Wiz Khalifa ft. Charlie Puth đứng đầu. Suzuki Motor Corp. Nhật xin lỗi.",
         ["Wiz Khalifa ft. Charlie Puth đứng đầu.", "Suzuki Motor Corp. Nhật xin lỗi."]),
        ("", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ ÁĐHTNV0123456789.,!?…\"“”'()-–:;\n\t "


@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_no_character_lost(text: str) -> None:
    spans = sentence_spans(text)
    pos = 0
    for start, end in spans:
        assert start >= pos and end > start
        assert text[pos:start].strip() == ""  # only whitespace between sentences
        pos = end
    assert text[pos:].strip() == ""
    # joining the sentences gives the text's non-space characters exactly
    joined = "".join(text[s:e] for s, e in spans)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)
