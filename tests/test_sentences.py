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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a letter that ends a sentence, before a Vietnamese sentence opener
        ("Sa Pa lạnh 6 độ C. Trời rét đậm.", ["Sa Pa lạnh 6 độ C.", "Trời rét đậm."]),
        ("Cần bổ sung vitamin C. Bác sĩ khuyên ăn rau.", ["Cần bổ sung vitamin C.", "Bác sĩ khuyên ăn rau."]),
        ("Việt Nam ở bảng B. Đối thủ là Indonesia.", ["Việt Nam ở bảng B.", "Đối thủ là Indonesia."]),
        ("Thắng nhờ đội A. Đội B bị loại.", ["Thắng nhờ đội A.", "Đội B bị loại."]),
        ("Công an bắt Nguyễn Văn H. Tại cơ quan điều tra, H. khai nhận.",
         ["Công an bắt Nguyễn Văn H.", "Tại cơ quan điều tra, H. khai nhận."]),
        ("Ông làm việc tại M.U. Song ông sắp ra đi.", ["Ông làm việc tại M.U.", "Song ông sắp ra đi."]),
        # an initial before a name, a place after a place prefix, a label opening a sentence
        ("Tổng thống Donald J. Trump đã ký. Ông George W. Bush dự.",
         ["Tổng thống Donald J. Trump đã ký.", "Ông George W. Bush dự."]),
        ("Ông ngụ Q. Bình Thạnh, P. Khánh Xuân và H. Củ Chi. Hết.",
         ["Ông ngụ Q. Bình Thạnh, P. Khánh Xuân và H. Củ Chi.", "Hết."]),
        ("Cầu thủ C. Ronaldo ghi bàn. Phần I. Đọc hiểu gồm 4 câu.",
         ["Cầu thủ C. Ronaldo ghi bàn.", "Phần I. Đọc hiểu gồm 4 câu."]),
        # "UBND TP." / "UBND." end a clause; "TP. Hồ Chí Minh", "TP. Huế có" do not
        ("Sở gửi đề án lên UBND TP. Dự kiến tháng 12 sẽ duyệt.",
         ["Sở gửi đề án lên UBND TP.", "Dự kiến tháng 12 sẽ duyệt."]),
        ("Kết quả được báo cáo UBND. Sau đó, sở lấy ý kiến.", ["Kết quả được báo cáo UBND.", "Sau đó, sở lấy ý kiến."]),
        ("Lễ ở TP. Hồ Chí Minh và TP. Huế có mưa. Hết.", ["Lễ ở TP. Hồ Chí Minh và TP. Huế có mưa.", "Hết."]),
        # a person after "TP.": no place is named "Ông Nguyễn"; "TP. Bà Rịa", "H. Anh Sơn" are
        ("Đề án gửi UBND TP. Ông Nguyễn Văn A đã ký.", ["Đề án gửi UBND TP.", "Ông Nguyễn Văn A đã ký."]),
        ("Đề án gửi UBND TP. Bà Lê Thị B đã ký.", ["Đề án gửi UBND TP.", "Bà Lê Thị B đã ký."]),
        ("Ông ở TP. Bà Rịa và H. Anh Sơn. Hết.", ["Ông ở TP. Bà Rịa và H. Anh Sơn.", "Hết."]),
        # ... and "Q."/"P." may be a middle initial or a ward: no rule there
        ("Ông Lê Q. Anh Vũ sống ở P. Bà Triệu. Hết.", ["Ông Lê Q. Anh Vũ sống ở P. Bà Triệu.", "Hết."]),
        # a pronoun for the person named by an initial ("Anh" alone may be the given name)
        ("Công an bắt Nguyễn Văn H. Anh này khai nhận.", ["Công an bắt Nguyễn Văn H.", "Anh này khai nhận."]),
        ("Giám đốc Nguyễn T. Anh cho biết như vậy.", ["Giám đốc Nguyễn T. Anh cho biết như vậy."]),
        # a title after a number is a boat's registration, not a title before a name
        ("Đây là tàu QNg 95123 TS. Tàu có 8 ngư dân.", ["Đây là tàu QNg 95123 TS.", "Tàu có 8 ngư dân."]),
        ("Theo TS. Hiển, lãi suất sẽ giảm.", ["Theo TS. Hiển, lãi suất sẽ giảm."]),
        # academic titles and address abbreviations, alone or chained
        ("Theo GS.TSKH. Lê Đình Hùng, muỗi tăng. KTS. Nguyễn Văn Tất, LS. Trần Văn Hòa, NCS. Lê Văn Hòa dự.",
         ["Theo GS.TSKH. Lê Đình Hùng, muỗi tăng.", "KTS. Nguyễn Văn Tất, LS. Trần Văn Hòa, NCS. Lê Văn Hòa dự."]),
        ("Ông ở TX. Sơn Tây, KP. 3, in tại NXB. Trẻ và gặp ThS.DS. Lê Lan. Hết.",
         ["Ông ở TX. Sơn Tây, KP. 3, in tại NXB. Trẻ và gặp ThS.DS. Lê Lan.", "Hết."]),
        # ... but a short name glued to a title is no title part
        ("Theo GS.Nam. Sau đó, đoàn đi thăm bệnh viện.", ["Theo GS.Nam.", "Sau đó, đoàn đi thăm bệnh viện."]),
    ],
)
def test_split_letters_and_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a brand in camel case opens a sentence
        ("iPhone 18 ra mắt. iOS 27 cập nhật. eSIM là duy nhất.", ["iPhone 18 ra mắt.", "iOS 27 cập nhật.", "eSIM là duy nhất."]),
        # an inch mark after a digit opens no quotation
        ('Máy có màn hình 6,1" và chip A20. Pin đạt 4.000 mAh.', ['Máy có màn hình 6,1" và chip A20.', "Pin đạt 4.000 mAh."]),
        ('Anh nói: "Tôi có 5" và cười. Hết.', ['Anh nói: "Tôi có 5" và cười.', "Hết."]),
        # a quotation not closed in its paragraph (it runs on, or a stray mark) keeps nothing together
        ('Ông cho biết: "Chúng tôi chuẩn bị kỹ. Lực lượng sẵn sàng.', ['Ông cho biết: "Chúng tôi chuẩn bị kỹ.', "Lực lượng sẵn sàng."]),
        ("Cụm từ “xanh, “sạch” được dùng. Người mua tin.", ["Cụm từ “xanh, “sạch” được dùng.", "Người mua tin."]),
        # a closed quotation still does
        ("Ông nói: “Tôi đi. Anh ở lại.” Rồi đi.", ["Ông nói: “Tôi đi. Anh ở lại.”", "Rồi đi."]),
    ],
)
def test_split_brands_and_quotes(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a full stop with no space after it, between Vietnamese words
        ("Lễ diễn ra tại Hà Nội.Tổng vốn 1.000 tỷ đồng.", ["Lễ diễn ra tại Hà Nội.", "Tổng vốn 1.000 tỷ đồng."]),
        # ... but not in abbreviations, numbers, addresses, domains or names written with a dot
        ("Ông ở Tp.Hồ Chí Minh, P.Bến Thành, TP.HCM, gặp Th.S Lan, xem vnexpress.net. Hết.",
         ["Ông ở Tp.Hồ Chí Minh, P.Bến Thành, TP.HCM, gặp Th.S Lan, xem vnexpress.net.", "Hết."]),
        ("Man.Utd thắng 2-1 và game Rikvip/Tip.Club bị phá. Hết.", ["Man.Utd thắng 2-1 và game Rikvip/Tip.Club bị phá.", "Hết."]),
        # a full stop inside a bracket that closes soon after
        ("Số liệu (xem bảng dưới. Nguồn: GSO) cho thấy tăng trưởng tốt. Hết.",
         ["Số liệu (xem bảng dưới. Nguồn: GSO) cho thấy tăng trưởng tốt.", "Hết."]),
        ("Mức phạt 6 triệu đồng (theo Nghị định 168.) Người vi phạm bị trừ điểm.",
         ["Mức phạt 6 triệu đồng (theo Nghị định 168.)", "Người vi phạm bị trừ điểm."]),
        # the speaker after a quotation, behind a dash, stays with it
        ('Ông nói: "Sẽ xử lý nghiêm. Không có vùng cấm." - Ông Minh khẳng định. Hết.',
         ['Ông nói: "Sẽ xử lý nghiêm. Không có vùng cấm." - Ông Minh khẳng định.', "Hết."]),
    ],
)
def test_split_glued_bracketed_attributed(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a middle initial before a one-syllable given name keeps the name whole
        "Bà Nguyễn T. Lan cho biết gia đình đã trình báo.",
        "Chị Lê T. Hà, 35 tuổi, cho biết chị bị lừa.",
        "Anh Trần V. Nam bị bắt khi đang lái xe.",
        "Tiền vệ Nguyễn H. Đức và Trần V. Toàn ghi bàn.",
        "Bị cáo Lê Văn S. Bình, 40 tuổi, bị tuyên án.",
        "Tiến sĩ David M. Tran cho biết.",
        "Nhà khoa học John H. Ho, 45 tuổi, cho biết.",
        "Người mẫu Kim T. Anh cho biết.",
    ],
)
def test_middle_initial_before_a_given_name(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after a name, a letter before a sentence opener that is no given name ends the sentence
        ("Nghi phạm là Nguyễn Văn H. Đến 8h sáng, công an tới.", ["Nghi phạm là Nguyễn Văn H.", "Đến 8h sáng, công an tới."]),
        ("Anh Nguyễn Văn H. Sau đó H. bỏ trốn.", ["Anh Nguyễn Văn H.", "Sau đó H. bỏ trốn."]),
        # a one-letter clause label glued to the next word is no sentence end
        ("Theo quy định tại điểm a.Khoản 2 Điều 5 của luật.", ["Theo quy định tại điểm a.Khoản 2 Điều 5 của luật."]),
        # the ")" of a list label does not close an earlier unclosed bracket
        ("Bộ gửi văn bản (số 123/BYT. Văn bản nêu rõ: a) các đơn vị báo cáo; b) hạn là ngày 5. Sau đó, các sở triển khai.",
         ["Bộ gửi văn bản (số 123/BYT.", "Văn bản nêu rõ: a) các đơn vị báo cáo; b) hạn là ngày 5.",
          "Sau đó, các sở triển khai."]),
        # ... while a real closing bracket still does, after a list inside it
        ("Quy định (gồm: a) mức phạt; b) thời hạn. Xem phụ lục) có hiệu lực. Hết.",
         ["Quy định (gồm: a) mức phạt; b) thời hạn. Xem phụ lục) có hiệu lực.", "Hết."]),
    ],
)
def test_split_review_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text", [
    'Bà A nói: “Tôi đi chợ. Tôi mua rau". Sau đó bà về.',
    'Bà A nói: "Tôi đi chợ. Tôi mua rau”. Sau đó bà về.',
    'Bà A nói: “Tôi đi chợ. Tôi mua rau”. Sau đó bà về.',
])
def test_a_quotation_closed_by_the_other_kind_of_mark_ends_there(text: str) -> None:
    # a quotation opened with “ and closed with " was never seen closed, so the splitter
    # broke inside it and glued the next sentence to its end
    assert split_sentences(text) == [text[: text.index(". Sau") + 1], "Sau đó bà về."]


def test_a_straight_quotation_inside_a_curly_one_stays_inside() -> None:
    text = 'Ông nói: “Tôi thích bài "Hà Nội" lắm. Rất hay”. Xong việc ông về.'
    assert split_sentences(text) == ['Ông nói: “Tôi thích bài "Hà Nội" lắm. Rất hay”.',
                                     "Xong việc ông về."]


@pytest.mark.parametrize(("text", "pieces"), [
    # a full stop glued after a bracket or a quotation, or after a foreign word before a
    # Vietnamese syllable, ends the sentence
    ("Hạn chót là (từ ngày 23/7 đến ngày 1/8).Trong thời hạn 15 ngày, họ phải nộp.",
     ["Hạn chót là (từ ngày 23/7 đến ngày 1/8).", "Trong thời hạn 15 ngày, họ phải nộp."]),
    ("Công ty ra mắt bánh thương hiệu KIDO’s Bakery.Với ngành dầu ăn, công ty tăng tốc.",
     ["Công ty ra mắt bánh thương hiệu KIDO’s Bakery.", "Với ngành dầu ăn, công ty tăng tốc."]),
    # … but not a name written with a dot, nor an abbreviation
    ("Đội Man.Utd thắng trận thứ ba liên tiếp.", ["Đội Man.Utd thắng trận thứ ba liên tiếp."]),
    ("Tp.Hồ Chí Minh mưa lớn chiều nay.", ["Tp.Hồ Chí Minh mưa lớn chiều nay."]),
    # a quotation that opens in lower case after "…" goes on with the sentence
    ("Chiếc máy bay đã… “hạ cánh” nhầm xuống sân bay quân sự. Sau đó nó cất cánh lại.",
     ["Chiếc máy bay đã… “hạ cánh” nhầm xuống sân bay quân sự.", "Sau đó nó cất cánh lại."]),
    ("Ông A đến. “Tôi vui”, ông nói.", ["Ông A đến.", "“Tôi vui”, ông nói."]),
])
def test_glued_stops_and_lower_case_quotations(text: str, pieces: list[str]) -> None:
    assert split_sentences(text) == pieces


@pytest.mark.parametrize(("text", "pieces"), [
    # a ” after a digit is an inch mark, and one that opens a word opens a quotation: neither
    # ends the straight quotation around it (review of session 16)
    ('Chị kể: "Màn hình 27” đẹp lắm. Tôi mua rồi". Sau đó chị về.',
     ['Chị kể: "Màn hình 27” đẹp lắm. Tôi mua rồi".', "Sau đó chị về."]),
    ('Chị kể: "Anh ấy nói ”đi thôi” rồi đi. Tôi buồn lắm". Sau đó chị khóc.',
     ['Chị kể: "Anh ấy nói ”đi thôi” rồi đi. Tôi buồn lắm".', "Sau đó chị khóc."]),
    # a quotation that ends in a digit closes at the other kind of mark before a stop
    ('Bà nói: “Chúng tôi đi. Chúng tôi chờ từ năm 2019". Sau đó ông về.',
     ['Bà nói: “Chúng tôi đi. Chúng tôi chờ từ năm 2019".', "Sau đó ông về."]),
    ('Ông: “Màn hình 6,1" rất đẹp. Tôi thích”. Xong việc.',
     ['Ông: “Màn hình 6,1" rất đẹp. Tôi thích”.', "Xong việc."]),
    # only after an ellipsis does a lower-case quotation go on with the sentence
    ('Ông nói. "không", chị đáp. Xong.', ["Ông nói.", '"không", chị đáp.', "Xong."]),
    # an abbreviation with a mark before a glued stop is no foreign word
    ("Ông Nguyễn Văn A, Tgđ.Điện lực miền Nam, nói.", ["Ông Nguyễn Văn A, Tgđ.Điện lực miền Nam, nói."]),
    # a ” after a space but before a stop closes the quotation: it opens no word
    ('Ông nói: "Tôi đi chợ. Tôi mua rau ”. Sau đó ông về.',
     ['Ông nói: "Tôi đi chợ. Tôi mua rau ”.', "Sau đó ông về."]),
])
def test_quotation_marks_of_both_kinds_and_glued_stops_review(text: str, pieces: list[str]) -> None:
    assert split_sentences(text) == pieces
