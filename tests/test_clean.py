"""The line-role cleaner: worked examples, fixture pages in many site styles, structured input.

Fixture pages live in ``tests/data/pages/``: ``<name>.txt`` is a page as flat text, ``<name>.json``
its annotation (``title``, ``lead``, ``body`` = the lead and body lines in page order, optional
``outlet``, and ``split``). The ``dev`` pages were written before the rules, the ``heldout``
pages after them (see ``tests/data/pages/README.md``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from diemtin.cleaner import clean, clean_article, parse_published
from diemtin.errors import DiemtinError, InputError
from diemtin.evaluate.lines import gold_line_indices
from diemtin.text.boilerplate import assign_roles, outlet_from_credit, split_dateline
from diemtin.text.normalize import normalize_text
from diemtin.types import LineRole, RawDocument

HERE = Path(__file__).resolve().parent
PAGES = HERE / "data" / "pages"
EXAMPLES = Path("/work/shared/examples/nato-russia")
KEEP = (LineRole.LEAD, LineRole.BODY)

# --- the worked examples (copied verbatim as inline strings so the test is self-contained) ---

EXAMPLE_000 = """Hội đồng NATO - Nga chuẩn bị nhóm họp

NATO đã đạt được "sự đồng thuận rộng rãi" về việc tổ chức thêm một cuộc họp của Hội đồng NATO - Nga trước khi Hội nghị thượng đỉnh của khối quân sự này vào tháng 7 tới tại thủ đô Vácsava của Ba Lan.

Tổng Thư ký Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO) Jens Stoltenberg. Ảnh: AFP/TTXVN

Ngày 20/5, Tổng Thư ký Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO) Jens Stoltenberg cho biết, các ngoại trưởng NATO trong cuộc họp tối 19/5 tại Brussels đã nhất trí áp dụng "cách tiếp cận hai chiều" với Moskva, tức là vừa tiếp tục tăng cường khả năng phòng thủ, vừa theo đuổi đối thoại với Kremlin.

Ông Stoltenberg nhấn mạnh các bộ trưởng "đều nhất trí rằng trong tình hình hiện nay, chúng ta cần một cơ chế như Hội đồng NATO - Nga để đảm bảo sự minh bạch và rõ ràng". Ông Stoltenberg cũng cho biết thêm phương thức tổ chức và sắp xếp sẽ nhanh chóng được xem xét.

Trước đó, ông Stoltenberg cũng kêu gọi NATO tránh "một cuộc chạy đua vũ trang mới" với Nga. Tổng thư ký NATO khẳng định vì lợi ích chung, NATO và Nga nên tránh chạy đua vũ trang. Lời kêu gọi được đưa ra trong lúc NATO vẫn gia tăng các lực lượng quân sự ở quy mô chưa từng thấy kể từ sau Chiến tranh Lạnh tại Đông Âu, áp sát biên giới với Nga.

Kể từ khi Nga sáp nhập Bán đảo Crimea (Crưm) hồi tháng 3/2014, cùng với những căng thẳng phát sinh liên quan tới tình hình xung đột tại miền Đông Ukraine, NATO đã quyết định hủy bỏ cơ chế hợp tác quân sự và dân sự với Nga.

Tuy nhiên, Hội đồng NATO - Nga (NRC), vốn được thành lập từ tháng 5/2002 như một cơ chế để hai bên tham vấn, thỏa hiệp và cùng đưa ra quyết định chung về các vấn đề cùng quan tâm trên cơ sở đối tác bình đẳng, vẫn được duy trì hoạt động. Hồi tháng trước, NRC đã tổ chức cuộc họp đầu tiên trong gần 2 năm qua, song hai bên đã không thể giải quyết các bất đồng.

TTXVN/Tin Tức
Montenegro ký thỏa thuận gia nhập NATO
Montenegro ký thỏa thuận gia nhập NATO

Tổng thư ký Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO) Jens Stoltenberg thông báo ngày 19/5, NATO sẽ ký thỏa thuận với Montenegro về gia nhập liên minh quân sự này, mở đường cho quốc gia nhỏ bé vùng Balkan trở thành thành viên thứ 29 của NATO.

Chia sẻ:

doanh nghiệp - Sản phẩm - Dịch vụ Thông cáo báo chí Rao vặt

Các đơn vị thông tin của TTXVN"""

EXAMPLE_003 = """Quốc tế

NATO - Nga đối thoại phá băng quan hệ nhưng không ai chịu "xuống nước"

(DNVN) - Sau gần 2 năm gián đoạn, Hội đồng Nga - NATO đã nhóm họp trở lại ở cấp đại sứ hôm 20/4 tại trụ sở Tổ chức Hiệp ước Bắc Đại Tây Dương ở Brussels.

Ngày 20/4, tại Brussels (Bỉ), Hội đồng Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO) - Nga đã triệu tập cuộc họp ở cấp đại sứ đầu tiên sau gần 2 năm gián đoạn. Đây là tín hiệu cho thấy mối quan hệ giữa 2 bên đang dần tan băng. 

Cuộc họp diễn ra trong bối cảnh Nga và NATO đang trải qua giai đoạn mất lòng tin sâu sắc liên quan tới cuộc khủng hoảng tại miền Đông Ukraine.

Một phiên họp của Hội đồng Nga-NATO.

Tổng Thư ký NATO Jens Stoltenberg cho biết cuộc họp chính thức đầu tiên trong gần 2 năm giữa NATO và phái viên của Nga tới liên minh quân sự này đã nhấn mạnh bất đồng Đông-Tây sâu sắc liên quan đến cuộc khủng hoảng Ukraine và tương lai của an ninh châu Âu.

Theo ông Stoltenberg, các đồng minh NATO không công nhận Nga sáp nhập bán đảo Crimea và chỉ trích hành động vi phạm lệnh ngừng bắn tại miền Đông Ukraine. 

"Tại cuộc họp, chúng tôi đã tái xác nhận bất đồng về những sự thật, diễn biễn và trách nhiệm tại Ukraine và xung quanh. Rất nhiều đồng minh không đồng tình khi Nga tìm cách miêu tả vấn đề này thành một cuộc nội chiến. Đây là Nga làm bất ổn Ukraine, cung cấp cho lực lượng ly khai sự hỗ trợ, đạn dược, tiền, trang thiết bị cũng như chỉ huy và kiểm soát. Đó là những bất đồng sâu sắc." - ông Stoltenberg phát biểu.

Về phần mình, Đại sứ Nga tại NATO Alexander Grushko cho rằng không hề có bất kỳ sự cải thiện nào trong mối quan hệ giữa hai bên khi NATO vẫn chưa giảm các hoạt động quân sự sát biên giới với Nga. Đại sứ Grushko đã cáo buộc Mỹ tìm cách gây sức ép lên Moskva bằng cách triển khai hồi tuần trước tại biển Baltic một tàu khu trục tên lửa gần Kaliningrad, lãnh thổ Nga nằm giữa Ba Lan và Latvia.

Hội đồng Nga-NATO được thành lập tại hội nghị thượng đỉnh NATO - Nga tháng 5/2002 ở Rome (Italy) như một cơ chế để hai bên tham vấn, thỏa hiệp và cùng đưa ra quyết định chung về các vấn đề cùng quan tâm trên cơ sở đối tác bình đẳng. 

\u00a0

Nên đọc
Thu Phương (Theo Reuters)
\u00a0
\u00a0

End of content

Không có tin nào tiếp theo

Cột tin quảng cáo"""  # noqa: W291


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def test_example_000_title_paragraphs_outlet() -> None:
    art = clean(EXAMPLE_000, source="000.txt")
    lines = _paragraphs(EXAMPLE_000)
    assert art.title == "Hội đồng NATO - Nga chuẩn bị nhóm họp"
    assert art.paragraphs == [lines[1], *lines[3:8]]
    assert art.lead == lines[1]
    assert art.credit == "TTXVN/Tin Tức"
    assert art.outlet == "TTXVN/Tin Tức"
    assert art.source_path == "000.txt"
    text = art.text
    for junk in ("Ảnh: AFP", "Montenegro", "Chia sẻ", "Rao vặt", "Các đơn vị thông tin"):
        assert junk not in text
    assert not any(p.startswith("TTXVN") for p in art.paragraphs)


def test_example_003_title_paragraphs_outlet() -> None:
    art = clean(EXAMPLE_003, source="003.txt")
    lines = _paragraphs(EXAMPLE_003)
    assert art.title == 'NATO - Nga đối thoại phá băng quan hệ nhưng không ai chịu "xuống nước"'
    assert art.category == "Quốc tế"
    assert art.outlet == "DNVN"
    assert art.credit == "Thu Phương (Theo Reuters)"
    lead = "Sau gần 2 năm gián đoạn, Hội đồng Nga - NATO đã nhóm họp trở lại ở cấp đại sứ hôm 20/4 tại trụ sở Tổ chức Hiệp ước Bắc Đại Tây Dương ở Brussels."
    assert art.lead == lead
    assert art.paragraphs == [lead, lines[3], lines[4], *lines[6:11]]
    for junk in ("Một phiên họp", "(DNVN)", "Nên đọc", "Thu Phương", "End of content", "Cột tin"):
        assert junk not in art.text


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="shared examples not mounted")
@pytest.mark.parametrize("name,example", [("000_", EXAMPLE_000), ("003_", EXAMPLE_003)])
def test_inline_examples_match_shared_files(name: str, example: str) -> None:
    path = next(EXAMPLES.glob(f"{name}*.txt"))
    assert clean(path.read_text(encoding="utf-8")).paragraphs == clean(example).paragraphs


@pytest.mark.parametrize("example", [EXAMPLE_000, EXAMPLE_003])
def test_decomposed_input_gives_the_same_article(example: str) -> None:
    nfd = unicodedata.normalize("NFD", example).replace("\n", "\r\n")
    a, b = clean(example), clean(nfd)
    assert (a.title, a.paragraphs, a.outlet, a.credit) == (
        b.title,
        b.paragraphs,
        b.outlet,
        b.credit,
    )


def test_every_line_gets_a_role_and_cleaning_is_deterministic() -> None:
    lines = normalize_text(EXAMPLE_003).split("\n")
    roles = assign_roles(lines)
    assert len(roles) == len(lines)
    assert [r.text for r in roles] == [line.strip() for line in lines]
    assert roles == assign_roles(lines)
    got = {r.text: r.role for r in roles}
    assert got["Một phiên họp của Hội đồng Nga-NATO."] is LineRole.CAPTION
    assert got["Thu Phương (Theo Reuters)"] is LineRole.CREDIT
    assert got["Nên đọc"] is LineRole.CHROME
    assert got["Quốc tế"] is LineRole.CATEGORY
    assert got[""] is LineRole.BLANK
    roles0 = {r.text: r.role for r in assign_roles(normalize_text(EXAMPLE_000).split("\n"))}
    assert roles0["Montenegro ký thỏa thuận gia nhập NATO"] is LineRole.TEASER
    assert roles0["TTXVN/Tin Tức"] is LineRole.CREDIT
    assert roles0["Chia sẻ:"] is LineRole.CHROME


# --- fixture pages --------------------------------------------------------------------------


# "Tin liên quan", "Xem thêm: <title>", "Chia sẻ", "Tags: ..." (not "Chia sẻ với phóng viên, ...")
_FURNITURE = re.compile(r"^(?:©|(?:Tin liên quan|Xem thêm|Chia sẻ|Tags|Từ khóa)\s*(?:[:>»(]|$))")


def _load_pages() -> list[tuple[str, dict[str, object], list[str]]]:
    out = []
    for js in sorted(PAGES.glob("*.json")):
        gold = json.loads(js.read_text(encoding="utf-8"))
        lines = normalize_text(js.with_suffix(".txt").read_text(encoding="utf-8")).split("\n")
        out.append((js.stem, gold, lines))
    return out


ALL_PAGES = _load_pages()


def _gold_indices(gold: dict[str, object], lines: list[str]) -> set[int]:
    return gold_line_indices(lines, [str(b) for b in gold["body"]])  # type: ignore[union-attr]


def _counts(split: str | None) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for _name, gold, lines in ALL_PAGES:
        if split is not None and gold["split"] != split:
            continue
        truth = _gold_indices(gold, lines)
        pred = {i for i, ln in enumerate(assign_roles(lines)) if ln.role in KEEP}
        tp += len(pred & truth)
        fp += len(pred - truth)
        fn += len(truth - pred)
    return tp, fp, fn


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_fixture_set_is_large_and_varied() -> None:
    assert len(ALL_PAGES) >= 25
    splits = {str(g["split"]) for _, g, _ in ALL_PAGES}
    assert splits == {"dev", "heldout"}
    assert sum(1 for _, g, _ in ALL_PAGES if g["split"] == "heldout") >= 12


def test_body_line_f1_over_all_fixture_pages() -> None:
    assert _f1(*_counts(None)) >= 0.97


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_body_line_f1_per_split(split: str) -> None:
    assert _f1(*_counts(split)) >= 0.95


@pytest.mark.parametrize("name,gold,lines", ALL_PAGES, ids=[p[0] for p in ALL_PAGES])
def test_fixture_title_lead_and_outlet(
    name: str, gold: dict[str, object], lines: list[str]
) -> None:
    art = clean_article(RawDocument(text="\n".join(lines), source=name, format="text"))
    assert art.title == gold["title"]
    _outlet, lead = split_dateline(str(gold["lead"]))
    assert art.lead == lead
    assert art.paragraphs[0] == lead
    if "outlet" in gold:
        assert art.outlet == gold["outlet"]
    for p in art.paragraphs:  # nothing of the page furniture leaks into the text
        assert not _FURNITURE.match(p), p


# --- rules that matter beyond the fixtures ---------------------------------------------------

BODY_WITH_SHORT_LINES = """Kinh tế
Giá xăng tăng mạnh từ chiều nay
Liên Bộ Công Thương - Tài chính vừa quyết định điều chỉnh giá bán lẻ xăng dầu trong kỳ điều hành chiều nay, các mặt hàng đều tăng giá.
Cụ thể, các mức điều chỉnh như sau:
- Giá xăng RON 95 tăng 500 đồng.
- Giá dầu diesel tăng 700 đồng.
"Đây là mức tăng lớn nhất trong năm."
Đó là nhận định của một chuyên gia về thị trường xăng dầu khi trao đổi với phóng viên chiều cùng ngày.
Vụ việc đang được làm rõ.
Các doanh nghiệp vận tải cho biết sẽ phải tính toán lại giá cước trong những tuần tới nếu giá nhiên liệu tiếp tục tăng.
Minh An
Tin liên quan
Giá xăng giảm lần thứ ba liên tiếp
Doanh nghiệp vận tải kêu khó vì giá nhiên liệu
"""


def test_short_body_lines_inside_the_body_are_kept() -> None:
    art = clean(BODY_WITH_SHORT_LINES)
    assert art.title == "Giá xăng tăng mạnh từ chiều nay"
    # (kept without their list bullets)
    assert "Giá xăng RON 95 tăng 500 đồng." in art.paragraphs
    assert "Giá dầu diesel tăng 700 đồng." in art.paragraphs
    assert '"Đây là mức tăng lớn nhất trong năm."' in art.paragraphs
    assert "Vụ việc đang được làm rõ." in art.paragraphs
    assert art.paragraphs[-1].startswith("Các doanh nghiệp vận tải")
    assert art.credit == "Minh An"
    assert not any("Giá xăng giảm" in p for p in art.paragraphs)


def test_related_box_inside_the_body_does_not_end_the_article() -> None:
    page = "\n".join(
        [
            "Một tiêu đề đủ dài cho bài báo thử nghiệm",
            "Đoạn mở đầu của bài báo thử nghiệm này có hơn mười hai âm tiết để được coi là một đoạn.",
            "Đoạn thứ hai của bài báo cũng là một câu hoàn chỉnh với đủ độ dài cần thiết ở đây.",
            "Tin liên quan",
            "Một bài báo khác về chủ đề tương tự",
            "Bài báo thứ hai về chủ đề đó",
            "Đoạn thứ ba nằm sau hộp tin liên quan và vẫn thuộc về bài báo đang được làm sạch.",
            "Đoạn cuối cùng của bài báo kết thúc ở đây với một câu đầy đủ và đủ dài để tính.",
            "Hoàng Anh",
            "Bình luận (0)",
        ]
    )
    art = clean(page)
    assert len(art.paragraphs) == 4
    assert art.paragraphs[2].startswith("Đoạn thứ ba")
    assert art.credit == "Hoàng Anh"


# --- structured formats (ViMs, AbMuSu, JSONL) ------------------------------------------------


def test_structured_document_trusts_title_and_lead() -> None:
    doc = RawDocument(
        text="\n".join(
            [
                "Đoạn thân bài thứ nhất của bài báo có cấu trúc, dài đủ để là một đoạn văn.",
                "Ông Nguyễn Văn A phát biểu tại hội nghị. Ảnh: TTXVN",
                "Đoạn thân bài thứ hai, cũng là một câu đầy đủ của bài báo có cấu trúc.",
                "Tiện ích tối ưu",
                "Đoạn thứ ba nói về tiện ích của dự án một cách chi tiết và rõ ràng.",
                "Thu Hà",
            ]
        ),
        source="vims/1.txt",
        format="vims",
        meta={
            "title": "Tiêu đề từ siêu dữ liệu",
            "lead": "Đoạn tóm tắt từ siêu dữ liệu.",
            "outlet": "VOV",
            "published": "Thứ 6, 11:03, 20/05/2016",
            "url": "http://vov.vn/x.vov",
        },
        group="Cluster_001",
        structured=True,
    )
    art = clean_article(doc)
    assert art.title == "Tiêu đề từ siêu dữ liệu"
    assert art.lead == "Đoạn tóm tắt từ siêu dữ liệu."
    assert art.paragraphs[0] == art.lead
    assert "Tiện ích tối ưu" in art.paragraphs  # a subheading stays: conservative
    assert not any("Ảnh: TTXVN" in p for p in art.paragraphs)
    assert "Thu Hà" not in art.paragraphs
    assert len(art.paragraphs) == 5
    assert art.outlet == "VOV"
    assert art.credit == "Thu Hà"
    assert art.published == datetime(2016, 5, 20, 11, 3)
    assert (art.url, art.group, art.source_path) == (
        "http://vov.vn/x.vov",
        "Cluster_001",
        "vims/1.txt",
    )


def test_structured_document_whose_text_repeats_the_lead() -> None:
    lead = "Đoạn tóm tắt cũng là dòng đầu tiên của văn bản, đủ dài để là một đoạn."
    doc = RawDocument(
        text=lead + "\nĐoạn thân bài duy nhất của bài báo có cấu trúc này, khá dài và đầy đủ.",
        source="x.jsonl:1",
        format="jsonl",
        meta={"title": "Tiêu đề", "lead": lead},
        structured=True,
    )
    art = clean_article(doc)
    assert art.paragraphs[0] == lead
    assert len(art.paragraphs) == 2


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("", "empty"),
        ("   \n\n  ", "empty"),
        ("Chỉ có một tiêu đề bài báo mà thôi", "headline"),
        ("Trang chủ\nChia sẻ\nBình luận (0)\n© 2016 Báo Tin Tức\nTags: a, b", "furniture"),
    ],
)
def test_no_body_raises_input_error_with_a_reason(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        clean(text, source="bad.txt")
    assert isinstance(info.value, DiemtinError)
    msg = str(info.value)
    assert msg.startswith("bad.txt: no article body found")
    assert fragment in msg
    assert "\n" not in msg


# --- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Thứ 6, 11:03, 20/05/2016", datetime(2016, 5, 20, 11, 3)),
        ("Thứ sáu, 20/5/2016 | 2:33:23 Chiều", datetime(2016, 5, 20, 14, 33, 23)),
        ("Đăng lúc 16:07PM - 19/05/2016", datetime(2016, 5, 19, 16, 7)),
        ("Thứ tư, 25 Tháng năm 2016, 09:24 GMT+7", datetime(2016, 5, 25, 9, 24)),
        ("Thứ sáu, ngày 20 tháng 5 năm 2016", datetime(2016, 5, 20)),
        (
            "Đăng tải: 2016-05-23 16:17:37 Cập nhật: 2016-05-23 17:10:06",
            datetime(2016, 5, 23, 16, 17, 37),
        ),
        ("20/05/16 09:10", datetime(2016, 5, 20, 9, 10)),
        ("12.05.2016 | 09:40 PM", datetime(2016, 5, 12, 21, 40)),
        ("2023-05-01", datetime(2023, 5, 1)),
        # a machine-written offset is read in Vietnam's time (an audit's case: "Z" was dropped)
        ("2016-05-20T17:00:00Z", datetime(2016, 5, 21, 0, 0)),
        ("2016-05-20T03:00:00.123+00:00", datetime(2016, 5, 20, 10, 0)),
        ("2016-05-20T10:00:00+07:00", datetime(2016, 5, 20, 10, 0)),
        ("http://petrotimes.vn/a-425071.html", None),
        ("31/02/2016", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_published(text: str | None, expected: datetime | None) -> None:
    assert parse_published(text) == expected


@pytest.mark.parametrize(
    "lead,outlet,rest",
    [
        ("(DNVN) - Sau gần 2 năm", "DNVN", "Sau gần 2 năm"),
        ("TTO - Trước áp lực", "TTO", "Trước áp lực"),
        ("VOV.VN - Nhiều doanh nghiệp", "VOV.VN", "Nhiều doanh nghiệp"),
        ("(PLO)- Công an TP.HCM", "PLO", "Công an TP.HCM"),
        ("QĐND Online - Ngày 18/11", "QĐND Online", "Ngày 18/11"),
        ("HÀ NỘI - Sáng nay", None, "HÀ NỘI - Sáng nay"),
        ("TP.HCM - Sáng nay", None, "TP.HCM - Sáng nay"),
        ("Theo ông A - người dân", None, "Theo ông A - người dân"),
    ],
)
def test_split_dateline(lead: str, outlet: str | None, rest: str) -> None:
    assert split_dateline(lead) == (outlet, rest)


@pytest.mark.parametrize(
    "credit,outlet",
    [
        ("Thu Phương (Theo Reuters)", "Reuters"),
        ("Theo TTXVN", "TTXVN"),
        ("Nguồn: VTV", "VTV"),
        ("Diệu Hương/VOV-Trung tâm Tin", "VOV"),
        ("TTXVN/Tin Tức", "TTXVN/Tin Tức"),
        ("(TTXVN/Vietnam+)", "TTXVN/Vietnam+"),
        ("Đức Anh (TTXVN)", "TTXVN"),
        ("Minh An", None),
        ("PV", None),
        ("Nguồn: [Link nguồn]", None),
        # an audit's cases: initials, "tổng hợp", photographers and photo credits are no outlet
        ("L.ANH", None),
        ("BT", None),
        ("Tuyết Nhung (TH)", None),
        ("© REUTERS/ Damir Sagolj", "REUTERS"),
        ("T.H/ Ảnh: BTC", None),
        ("Don Juan - theo Trí Thức Trẻ/ Kênh 14", "Trí Thức Trẻ"),
        ("Hoàng Anh - Theo Linh Nguyễn / Trí Thức Trẻ", "Trí Thức Trẻ"),
        ("Diễm My/VOH Online (The Theguardian)", "VOH Online"),
        ("Hà An (AP)", "AP"),
        # a hand-built credit keeps its runs of white space: they count as one space
        ("Tấn Bình  -  Thanh  Niên", "Thanh Niên"),
        ("Thu Phương\t(Theo\n Reuters)", "Reuters"),
    ],
)
def test_outlet_from_credit(credit: str, outlet: str | None) -> None:
    assert outlet_from_credit(credit) == outlet


# --- session 2: cues from the article's own wording, and the cases a review found -----------

_P = [
    "Sáng 12/3, Ủy ban nhân dân thành phố Đà Nẵng tổ chức hội nghị triển khai kế hoạch cải "
    "tạo hệ thống thoát nước tại các quận trung tâm trong năm nay.",
    "Theo kế hoạch, hệ thống thoát nước của các quận trung tâm sẽ được cải tạo trong hai giai "
    "đoạn, với tổng vốn đầu tư khoảng 1.200 tỷ đồng từ ngân sách thành phố.",
    "Đại diện Sở Xây dựng cho biết việc cải tạo hệ thống thoát nước giúp giảm ngập cục bộ "
    "tại nhiều tuyến đường vào mùa mưa, nhất là ở các khu dân cư đông đúc.",
    "Ông Nguyễn Văn Hùng, Giám đốc Sở Xây dựng, đề nghị các quận phối hợp chặt chẽ để hệ thống "
    "thoát nước được cải tạo đúng tiến độ và bảo đảm an toàn giao thông.",
    "Theo Sở Xây dựng, giai đoạn một của dự án cải tạo hệ thống thoát nước sẽ khởi công vào "
    "tháng 6 và hoàn thành trước mùa mưa năm sau tại ba quận trung tâm; người dân được "
    "thông báo lịch thi công trên cổng thông tin điện tử và loa truyền thanh của phường.",
]


def _roles(lines: list[str]) -> list[str]:
    return [ln.role.name for ln in assign_roles(lines)]


def _page(*middle: str) -> list[str]:
    head = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1]]
    return [*head, *middle, _P[2], _P[3], _P[4], "Minh Anh", "Chia sẻ Facebook Zalo"]


def test_article_goes_on_after_a_mid_article_related_box():
    roles = _roles(_page("Tin liên quan", "Hà Nội mở rộng đường vành đai 4 qua ba tỉnh"))
    assert roles[-5:-2] == ["BODY"] * 3  # the paragraphs under the box


def test_unrelated_short_line_between_paragraphs_is_a_caption():
    roles = _roles(_page("Du khách tham quan Đại Nội Huế"))
    assert roles[4] == "CAPTION" and roles[5:8] == ["BODY"] * 3


def test_a_list_introduction_with_xem_xet_is_not_a_teaser_header():
    lines = _page("Hội đồng sẽ xem xét hồ sơ gồm:", "- Đơn đề nghị", "- Bản vẽ thiết kế")
    roles = _roles(lines)
    assert roles[4] == "BODY" and roles[-5:-2] == ["BODY"] * 3


def test_a_question_answered_by_short_items_is_not_a_poll():
    roles = _roles(_page("Ai được hỗ trợ?", "Người cao tuổi", "Trẻ em", "Hộ nghèo"))
    assert "CHROME" not in roles[4:8]


def test_a_closed_poll_is_chrome():
    roles = _roles(_page("Bạn có đồng tình với đề xuất này?", "Đồng tình", "Không đồng tình",
                         "Gửi bình chọn"))
    assert roles[4:8] == ["CHROME"] * 4


def test_site_copyright_is_not_a_photo_credit_and_ends_the_article():
    lines = ["Đà Nẵng cải tạo hệ thống thoát nước", *_P[:3], "© VnExpress",
             "Một đoạn văn khác của trang không thuộc bài viết này, nói về chuyện khác hẳn."]
    roles = _roles(lines)
    assert roles[4] != "CAPTION" and roles[5] != "BODY"
    assert _roles(["Đà Nẵng cải tạo hệ thống thoát nước", *_P[:2], "© AFP", _P[2], _P[3]])[3:] == [
        "CAPTION", "BODY", "BODY"
    ]


_FIRE = ("Kho hàng ở Tân Bình cháy dữ dội trong đêm\n\n"
         "Rạng sáng 12/3, một vụ cháy lớn đã bùng phát tại kho hàng của công ty Minh Phát ở quận "
         "Tân Bình, TP.HCM, thiêu rụi khoảng 2.000 m2 nhà xưởng.\n\n"
         "Cảnh sát PCCC TP.HCM đã điều 15 xe chữa cháy cùng hơn 100 chiến sĩ đến hiện trường, sau "
         "3 giờ đám cháy mới được khống chế. Vụ cháy không gây thương vong về người.\n\n")


def test_credit_past_an_inline_teaser() -> None:
    # an audit's page: a "Xem thêm: …" line between the body and the credit lost the credit
    art = clean(_FIRE + "Xem thêm: Cháy chung cư ở Hà Nội, 3 người thiệt mạng\n\n"
                "Hiện cơ quan chức năng đang điều tra nguyên nhân vụ cháy.\n\n"
                "Ảnh: Đám cháy tại kho hàng. (Ảnh: Hoàng Nam)\n\nChia sẻ Facebook Twitter\n\n"
                "Theo VnExpress\n")
    assert (art.credit, art.outlet) == ("Theo VnExpress", "VnExpress")
    assert clean(_FIRE + ">> Cháy chung cư ở Hà Nội\n\nTheo VnExpress").outlet == "VnExpress"
    # a list of teasers still ends the article: a credit under it is not taken for the article's
    listed = clean(_FIRE + "Tin liên quan\n\nCháy chung cư ở Hà Nội, 3 người thiệt mạng\n\n"
                   "Xe bồn bốc cháy trên cao tốc\n\nTheo Dân trí\n")
    assert (listed.credit, listed.outlet) == (None, None)
    # ... and so does a list of inline teasers (a reviewer's case)
    for mark in (">> ", "Xem thêm: "):
        teasers = "".join(f"{mark}{t}\n\n" for t in ("Cháy chung cư ở Hà Nội", "Xe bồn bốc cháy",
                                                       "Hỏa hoạn thiêu rụi chợ Đông Ba"))
        assert clean(_FIRE + teasers + "Theo Dân trí\n").outlet is None


def test_html_tags_left_in_plain_text_are_removed() -> None:
    # "công ty <b>Minh Phát</b>" used to reach summaries with its tags
    raw = ("Kho hàng <i>Minh Phát</i> cháy lớn\n\n"
           "Rạng sáng 12/3, một vụ cháy lớn đã bùng phát tại kho hàng của công ty <b>Minh Phát</b> "
           "ở quận Tân Bình, thiêu rụi khoảng 2.000 m2 nhà xưởng.<br/>Cảnh sát PCCC đã điều 15 "
           "xe chữa cháy đến hiện trường, sau 3 giờ đám cháy mới được <EM>khống chế</EM>.\n\n"
           '<p class="x">Vụ cháy không gây thương vong, theo <a href="https://a.vn/?b=1&c=2">báo '
           '<strong>cáo</strong></a> của <span style="color:red">cơ quan</span> chức năng '
           '(<font color=red>x<sup>2</sup></font>, H<sub>2</sub>O, <u>gạch</u>).</p>\n\n'
           # text in angle brackets that is no tag stays as written, as does an escaped tag
           "Ông Nam nói giá tăng <3 lần, a < b > c, dấu <Tên> hay <table> và &lt;b&gt; vẫn là "
           "chữ trong bài báo này.\n\n"
           # a reviewer's cases: what only looks like a tag, or spans lines, stays text
           "Khi x<a và y>b, phim <A Star Is Born> và Chương <I> vẫn giữ nguyên trong bài này <a\n\n"
           "Đoạn sau có mũi tên => và vẫn phải được giữ lại đầy đủ trong bài báo.")
    art = clean_article(RawDocument(text=normalize_text(raw), source="a.txt", format="news-text"))
    assert art.title == "Kho hàng Minh Phát cháy lớn"
    assert art.paragraphs == [
        "Rạng sáng 12/3, một vụ cháy lớn đã bùng phát tại kho hàng của công ty Minh Phát ở quận "
        "Tân Bình, thiêu rụi khoảng 2.000 m2 nhà xưởng.",
        "Cảnh sát PCCC đã điều 15 xe chữa cháy đến hiện trường, sau 3 giờ đám cháy mới được "
        "khống chế.",
        "Vụ cháy không gây thương vong, theo báo cáo của cơ quan chức năng (x2, H2O, gạch).",
        "Ông Nam nói giá tăng <3 lần, a < b > c, dấu <Tên> hay <table> và <b> vẫn là chữ trong "
        "bài báo này.",
        "Khi x<a và y>b, phim <A Star Is Born> và Chương <I> vẫn giữ nguyên trong bài này <a",
        "Đoạn sau có mũi tên => và vẫn phải được giữ lại đầy đủ trong bài báo.",
    ]
    # structured formats too (title and lead from the record)
    rec = RawDocument(text="Một <b>câu</b> mở đầu đủ dài của bài báo này nói về vụ cháy.\n\n"
                           "Đoạn thân bài thứ nhất cũng là một câu đủ dài để được giữ lại.",
                      source="a.jsonl:1", format="jsonl", structured=True,
                      meta={"title": "Tiêu đề <i>in nghiêng</i>"})
    assert clean_article(rec).title == "Tiêu đề in nghiêng"
    assert "<b>" not in " ".join(clean_article(rec).paragraphs)


def test_html_entities_left_in_plain_text_are_decoded() -> None:
    # scrapers that keep "&quot;" and "&amp;" used to put them in the summary as they were
    from diemtin.cleaner import clean_article
    from diemtin.types import RawDocument

    raw = ("Tin &quot;nóng&quot; hôm nay\n\nHội đồng NATO &amp; Nga họp ở cấp đại sứ&nbsp;tại "
           "Brussels &#8211; lần đầu sau gần hai năm, AT&T &amp c&o vẫn như cũ (xem "
           "https://a.vn/?id=5&section=2&currency=vnd&times=3, &#55296; &bogus;).")
    art = clean_article(RawDocument(text=raw, source="a.txt", format="news-text"))
    assert art.title == 'Tin "nóng" hôm nay'
    # only whole entities: a URL's "&section=2" is not "§ion=2", "&amp" without ";" stays
    line = "Hà Nội &#150; &#147;Bộ Giao thông&#148; họp bàn về kế hoạch mở rộng đường vành đai."
    old_page = clean_article(RawDocument(text=f"Tin nhanh hôm nay\n\n{line}", source="b.txt",
                                         format="news-text"))
    # 128-159 are Windows-1252, as browsers read them
    assert old_page.paragraphs == ["Hà Nội – “Bộ Giao thông” họp bàn về kế hoạch mở rộng đường vành đai."]
    assert art.paragraphs == ["Hội đồng NATO & Nga họp ở cấp đại sứ tại Brussels – lần đầu sau "
                              "gần hai năm, AT&T &amp c&o vẫn như cũ (xem https://a.vn/?id=5&"
                              "section=2&currency=vnd&times=3, &#55296; &bogus;)."]


def test_clean_reads_vims_format_text_as_the_file_would_be_read() -> None:
    import diemtin

    raw = ("Title: Máy bay Ai Cập rơi trên Địa Trung Hải\nSource: VOV\nLink: http://vov.vn/a\n"
           "Published Date: 20/05/2016\nAuthor: Diệu Hương\nTags: máy bay\n"
           "Summary: Vị trí chiếc máy bay gặp nạn đã được xác định.\nContent:\n"
           "Quân đội Ai Cập cho biết đã tìm thấy mảnh vỡ của máy bay gần đảo Karpathos.\n")
    art = diemtin.clean(raw)
    assert art.title == "Máy bay Ai Cập rơi trên Địa Trung Hải"
    assert not any(p.startswith(("Summary:", "Tags:", "Content:", "Author:")) for p in art.paragraphs)
    plain = diemtin.clean("Tiêu đề bài báo\n\nTitle: cụm từ tiếng Anh xuất hiện ở đầu đoạn văn "
                          "này nhưng đây không phải là một bài báo theo định dạng ViMs.")
    assert plain.paragraphs[0].startswith("Title: cụm từ")  # plain text stays text
    kept, left = diemtin.filter_vietnamese([art, diemtin.clean(
        "The Egyptian army said it had found debris of the aircraft near the island of Karpathos.")])
    assert kept == [art] and len(left) == 1


# --- session 13: an audit on pages from outlets the project had not seen ----------------------


@pytest.mark.parametrize(
    "line",
    [
        "Đăng nhập vào ứng dụng ngân hàng sau đó, anh Nam phát hiện tài khoản bị mất 200 triệu đồng.",
        "Không có tin nào từ phía ngân hàng cho đến khi anh Nam phát hiện tài khoản bị mất tiền.",
        "Theo quy định, không được sao chép dữ liệu cá nhân của khách hàng khi chưa được đồng ý.",
        "Ý kiến của bạn đọc gửi về tòa soạn cho thấy phần lớn người dân đồng tình với quy định mới.",
        "Liên hệ với phóng viên, đại diện Cục Cảnh sát giao thông cho biết hệ thống đã sẵn sàng.",
        "Email lừa đảo mạo danh cơ quan công an ngày càng tinh vi, người dân cần cảnh giác.",
        "Cơ quan của Liên Hợp Quốc đánh giá cao nỗ lực cải cách thủ tục hành chính của Việt Nam.",
        "Website giả mạo Cổng dịch vụ công có hơn 2.000 lượt truy cập mỗi ngày.",
    ],
)
def test_a_sentence_opening_with_a_chrome_word_is_body(line: str) -> None:
    # these were chrome, and the first four ("hard" chrome) cut the article after them
    roles = _roles(_page(line))
    assert roles[4:8] == ["BODY"] * 4


@pytest.mark.parametrize(
    "line",
    [
        "Ý kiến của bạn sẽ được biên tập trước khi đăng. Xin vui lòng gõ tiếng Việt có dấu.",
        "Bản quyền thuộc về Báo Giao thông. Không được sao chép khi chưa được sự đồng ý.",
        "Giấy phép số 123/GP-BTTTT do Bộ Thông tin và Truyền thông cấp.",
        "Mời quý độc giả theo dõi các chương trình đã phát sóng của Đài Truyền hình Việt Nam.",
        "Bạn cần đăng nhập để bình luận.",
        "Đường dây nóng: 0912 345 678.",
    ],
)
def test_widget_and_footer_sentences_stay_chrome(line: str) -> None:
    lines = ["Đà Nẵng cải tạo hệ thống thoát nước", *_P[:3], line]
    assert _roles(lines)[4] == "CHROME"


@pytest.mark.parametrize(
    "line,role",
    [
        ('Bạn đang đọc bài viết "Đà Nẵng cải tạo thoát nước" tại chuyên mục Thời sự.', "CHROME"),
        ("Ủng hộ đồng bào miền Trung: Quỹ Tấm lòng Vàng, STK 0011001234567 Vietcombank chi "
         "nhánh Hà Nội. Nội dung: Ủng hộ miền Trung.", "CHROME"),
        ("Bài viết có sử dụng công cụ AI hỗ trợ biên tập.", "CHROME"),
        ("Chia sẻ qua Zalo", "CHROME"),
        ("Sao chép link", "CHROME"),
        ("Đã sao chép", "CHROME"),
        ("Lưu bài viết", "CHROME"),
        ("Báo cáo nội dung", "CHROME"),
        ("Hãy để lại bình luận của bạn", "CHROME"),
        ("Nhấn vào đây để xem video", "CHROME"),
        ("Xem video tại đây", "CHROME"),
        ("Tải ảnh", "CHROME"),
        ("Bấm để xem ảnh lớn", "CHROME"),
        ("Tham gia nhóm Zalo của báo để nhận tin nhanh nhất", "CHROME"),
        ("Quét mã QR để tải ứng dụng", "CHROME"),
        ("Dân trí Premium", "CHROME"),
        ("Thời gian đọc: 3 phút", "CHROME"),
        ("*Tên nhân vật đã được thay đổi", "CHROME"),
        ("Nguồn tham khảo: Reuters, AFP", "CHROME"),
        ("Nội dung: Minh Anh - Thiết kế: Hà Phương", "CREDIT"),
    ],
)
def test_furniture_inside_a_short_article(line: str, role: str) -> None:
    # a short article: the "shares no wording with the article" test does not apply
    lines = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1], line, _P[2], "Minh Anh"]
    roles = _roles(lines)
    assert roles[4] == role and roles[5] == "BODY"


def test_sentences_about_accounts_and_sharing_stay_body() -> None:
    # the same words in sentences of the article
    for line in (
        "Đối tượng yêu cầu nạn nhân chuyển 200 triệu đồng vào số tài khoản 0011001234567 "
        "mang tên một công ty ma.",
        "Chia sẻ với phóng viên, ông Nam cho biết người dân đã được hỗ trợ kịp thời.",
        "Bài viết của ông trên mạng xã hội đã thu hút hàng nghìn lượt chia sẻ.",
    ):
        assert _roles(_page(line))[4] == "BODY"


@pytest.mark.parametrize(
    "caption,credit",
    [
        ("Tỉnh lộ 622 bị đất đá vùi lấp hoàn toàn", "TẤN BÌNH"),
        ("Nhiều ngôi nhà ở Palu bị sập", "REUTERS"),
        ("Nhiều ngôi nhà bị ngập sâu trong nước lũ.", "NGỌC DƯƠNG"),
        # a long unended caption over "Ảnh: X" (a paragraph would end like a sentence)
        ("Người dân phường Hòa Hiệp Bắc được lực lượng chức năng hỗ trợ di dời đến nhà văn "
         "hóa tránh bão", "Ảnh: Nguyễn Đông"),
    ],
)
def test_caption_over_a_photographer_or_agency_line(caption: str, credit: str) -> None:
    art = clean("\n".join(["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1],
                           caption, credit, _P[2], _P[3], "Minh Anh"]))
    roles = {ln.text: ln.role.name for ln in art.lines}
    assert (roles[caption], roles[credit]) == ("CAPTION", "CAPTION")
    assert art.paragraphs == _P[:4] and art.credit == "Minh Anh"


def test_a_paragraph_over_a_mid_article_name_line_stays_body() -> None:
    # a paragraph ends like a sentence and is longer than a caption; the closing byline in
    # capitals (no text after it) is the article's credit
    lines = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1], _P[2], "TẤN BÌNH",
             _P[3], _P[4]]
    assert _roles(lines)[4:] == ["BODY", "CREDIT", "BODY", "BODY"]
    art = clean("\n".join(["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", *_P[:3],
                           "Hệ thống mới được đưa vào sử dụng", "TẤN BÌNH"]))
    assert art.credit == "TẤN BÌNH"


def test_one_line_paragraphs_that_tell_the_story_are_not_a_gallery() -> None:
    story = ["Tài xế là anh Nguyễn Văn T. (38 tuổi).", "Anh T. khai do vội đón khách.",
             "Cục CSGT đã tạm giữ giấy phép lái xe của anh T."]
    lines = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1], *story, "Minh Anh"]
    assert _roles(lines)[4:7] == ["BODY"] * 3
    # a gallery's captions (mostly verb-less scenes) stay captions
    gallery = ["Hoa tam giác mạch nở rộ tại xã Sủng Là.", "Du khách chụp ảnh bên những vườn hoa.",
               "Trẻ em người Mông bán hoa cho du khách."]
    lines = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1], *gallery, _P[2]]
    assert _roles(lines)[4:7] == ["CAPTION"] * 3
    # ... as do clause-like captions next to a photo marker
    lines = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1], *story, "Ảnh: Minh Anh",
             _P[2]]
    assert _roles(lines)[4:7] == ["CAPTION"] * 3


def test_published_is_the_articles_date_line_not_the_site_headers_today() -> None:
    body = "\n".join(_P[:3])
    page = f"Dân trí\nThứ ba, 25/11/2026\nXã hội\nĐà Nẵng cải tạo hệ thống thoát nước\n" \
           f"Chủ nhật, 22/11/2026 - 10:15\n{body}\nMinh Anh"
    assert clean(page).published == datetime(2026, 11, 22, 10, 15)
    # both above the title: the one with a time
    page = f"Thứ ba, 25/11/2026\nXã hội\nChủ nhật, 22/11/2026 - 10:15\n" \
           f"Đà Nẵng cải tạo hệ thống thoát nước\n{body}"
    assert clean(page).published == datetime(2026, 11, 22, 10, 15)
    # one date line: as before
    page = f"Xã hội\nThứ ba, 25/11/2026\nĐà Nẵng cải tạo hệ thống thoát nước\n{body}"
    assert clean(page).published == datetime(2026, 11, 25)


@pytest.mark.parametrize(
    "credit,outlet",
    [
        ("Tấn Bình - Thanh Niên", "Thanh Niên"),
        ("Thu Hằng - Tuổi Trẻ Online", "Tuổi Trẻ Online"),
        ("Phương Tranh - VnExpress", "VnExpress"),
        ("Theo Anh Minh - VnExpress", "VnExpress"),
        ("Theo Thùy Linh - VOV", "VOV"),
        ("Theo Văn Thanh - Thủy Tiên/Báo Giao Thông", "Giao Thông"),
        ("Lê Huyền (tổng hợp) - Nguồn: Người đưa tin", "Người đưa tin"),
        ("Hương Thu - Nguồn: Theo Reuters", "Reuters"),
        # two reporters, a photo credit, "compiled": no outlet
        ("Xuân Lam - Đình Tuyển", None),
        ("Hoàng Ngân - Vũ Anh", None),
        ("LÊ NAM - MAI HƯƠNG", None),
        ("Hà Ngân - Ảnh: Poly media", None),
        ("Diệu Linh - Nguồn: Tổng hợp", None),
    ],
)
def test_outlet_after_a_reporters_name(credit: str, outlet: str | None) -> None:
    assert outlet_from_credit(credit) == outlet


def test_two_line_byline_and_tien_phong_dateline() -> None:
    body = "\n".join(_P[:3])
    art = clean(f"Xã hội\nĐà Nẵng cải tạo hệ thống thoát nước\n{body}\nMinh Châu\nTheo Nhịp sống kinh tế")
    assert (art.credit, art.outlet) == ("Minh Châu - Theo Nhịp sống kinh tế", "Nhịp sống kinh tế")
    art = clean(f"Xã hội\nĐà Nẵng cải tạo hệ thống thoát nước\nTP - {body}\nMinh Châu")
    assert (art.outlet, art.paragraphs[0]) == ("TP", _P[0])
    assert split_dateline("TP.HCM - Sáng nay") == (None, "TP.HCM - Sáng nay")


# --- session 13, review fixes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Theo dõi Báo Thanh Niên trên Google News để cập nhật tin tức nhanh nhất.",
        "Ý kiến bạn đọc sẽ được biên tập trước khi đăng tải.",
        "Đăng ký nhận bản tin mỗi sáng để không bỏ lỡ tin tức quan trọng.",
        "Tải ứng dụng Thanh Niên để đọc tin nhanh hơn và nhận thông báo mới nhất.",
        "Không có tin nào phù hợp với từ khóa mà người dùng vừa tìm kiếm.",
    ],
)
def test_widget_prompts_that_read_as_sentences_stay_chrome(line: str) -> None:
    # a prompt's purpose is the reader's ("để cập nhật / đọc / không bỏ lỡ"), a notice speaks
    # of comments' moderation or the search box: no news sentence, in the body or under it
    assert _roles(["Đà Nẵng cải tạo hệ thống thoát nước", *_P[:3], line])[4] == "CHROME"
    roles = _roles(_page(line))
    assert roles[4] == "CHROME" and roles[5:8] == ["BODY"] * 3


def test_a_chrome_word_sentence_under_the_byline_above_comments_is_chrome() -> None:
    # shaped like a news sentence, but it sits between the article's byline and the comments
    line = "Đăng ký nhận hồ sơ trực tuyến được triển khai tại 63 tỉnh, thành phố từ tháng 12."
    page = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", *_P[:4], "Minh Anh", line,
            "Nguyễn Văn Hùng", "Cống ở đường Lê Lợi ngập mỗi khi mưa to, mong làm sớm.",
            "Trả lời Thích 12"]
    roles = _roles(page)
    assert roles[2:6] == ["LEAD", "BODY", "BODY", "BODY"] and roles[7] == "CHROME"
    # in the article, the same sentence is body
    assert _roles(_page(line))[4:8] == ["BODY"] * 4


@pytest.mark.parametrize(
    "credit",
    ["Nhóm PV - TP.HCM", "Hữu Khá - TPHCM", "Hải Đăng - ĐBSCL", "Thanh Hải - BR-VT",
     "Ngọc Lan - UBND", "Đức Anh (TP.HCM)", "Minh Khoa - HN"],
)
def test_a_place_or_office_after_a_reporters_name_is_no_outlet(credit: str) -> None:
    assert outlet_from_credit(credit) is None
    body = "\n".join(_P[:3])
    art = clean(f"Xã hội\nĐà Nẵng cải tạo hệ thống thoát nước\n{body}\n{credit}")
    assert (art.credit, art.outlet) == (credit, None)


def test_agencies_after_a_reporters_name_still_give_the_outlet() -> None:
    for credit, outlet in [("Đức Anh - TTXVN", "TTXVN"), ("Thảo Vy - LĐO", "LĐO"),
                           ("Nam Anh - TPO", "TPO"), ("Đức Anh (TTXVN)", "TTXVN")]:
        assert outlet_from_credit(credit) == outlet


@pytest.mark.parametrize(
    "line", ["Anh là người đạt nhiều giải thưởng nhất năm nay.", "Anh là tác giả của 12 bài báo quốc tế"]
)
def test_a_short_line_over_a_name_heading_in_capitals_stays_body(line: str) -> None:
    # a profile: the name in capitals heads the paragraph about that person, no photo credit
    page = ["Giáo dục", "Ba gương mặt trẻ nhận giải thưởng Quả cầu vàng", *_P[:3], line,
            "NGUYỄN VĂN AN",
            "Nguyễn Văn An, 28 tuổi, giảng viên Đại học Bách khoa Hà Nội, nghiên cứu về vật liệu "
            "pin thế hệ mới và đã có 12 bài báo quốc tế.", _P[3], "Thanh Hà"]
    roles = _roles(page)
    assert roles[5] == "BODY" and roles[6] == "CREDIT" and roles[7:9] == ["BODY", "BODY"]
    # a photographer's name under it, with the article going on: a caption and its credit
    page[6:8] = ["TẤN BÌNH", _P[4]]
    assert _roles(page)[5:7] == ["CAPTION", "CAPTION"]


@pytest.mark.parametrize("heading", ["QUẢNG NAM", "Quảng Nam", "THỪA THIÊN - HUẾ", "TP.HCM", "TỈNH ĐẮK LẮK"])
def test_a_province_heading_between_paragraphs_keeps_the_article_going(heading: str) -> None:
    # a roundup in sections per province: before, the heading was a byline that ended the
    # article, and every paragraph under the second one became a teaser
    page = ["Thời sự", "Đà Nẵng cải tạo hệ thống thoát nước", _P[0], _P[1], "QUẢNG NGÃI", _P[2],
            heading, _P[3], _P[4], "Minh Anh"]
    roles = _roles(page)
    assert roles[4:6] == roles[7:9] == ["BODY", "BODY"] and roles[9] == "CREDIT"
    assert roles[6] in ("BODY", "CAPTION")  # (a short line in title case reads as a caption)


@pytest.mark.parametrize("byline", ["Thái Bình", "LONG AN"])
def test_a_byline_that_is_also_a_province_stays_a_byline(byline: str) -> None:
    # people are named "Thái Bình" or "Long An": at the end of the article, or above the
    # page's furniture, the line is the reporter's name
    assert _roles([*_page()[:-2], byline, "Chia sẻ Facebook Zalo"])[-2] == "CREDIT"
    assert _roles([*_page()[:-2], byline, "Từ khóa:", "Hà Linh"])[-3] == "CREDIT"


@pytest.mark.parametrize("byline", ["Khánh Hòa", "Hải Dương"])
def test_a_province_named_byline_before_newsroom_prose_stays_a_byline(byline: str) -> None:
    # a review's case: a reporter named like a province, then a hotline appeal that reads as a
    # paragraph; one title-case name is no roundup, so the credit stays and the appeal is no body
    appeal = ("Bạn đọc có thể gửi thông tin, hình ảnh về các vụ việc liên quan đến ngập lụt cho "
              "chúng tôi qua đường dây nóng của tòa soạn.")
    for page in ([*_P[:3], byline, appeal], [*_P[:3], byline.upper(), appeal],
                 [_P[0], "QUẢNG NAM", _P[1], _P[2], byline, appeal]):  # (after a real heading too)
        art = clean("\n\n".join(["Thời sự", "Mưa lớn gây ngập nhiều tuyến phố", *page]))
        assert art.credit in (byline, byline.upper())
        assert art.credit not in art.paragraphs and appeal not in art.paragraphs


@pytest.mark.parametrize(
    ("name", "outlet"),
    [("TTO", "Tuổi Trẻ"), ("TUOI TRE ONLINE", "Tuổi Trẻ"), ("Tuổi trẻ online", "Tuổi Trẻ"),
     ("www.tuoitre.vn", "Tuổi Trẻ"), ("Báo Thanh Niên", "Thanh Niên"), ("LĐO", "Lao Động"),
     ("VOV.VN", "VOV"), ("vnexpress.net", "VnExpress"), ("Sài Gòn Giải Phóng Online", "SGGP"),
     ("ANTĐ", "An Ninh Thủ Đô"), ("Zing.vn", "Znews"), ("NDĐT", "Nhân Dân"),
     ("Giáo dục & Thời đại", "Giáo dục và Thời đại"), ("Thể thao và Văn hóa", "Thể thao & Văn hóa"),
     ("m.tuoitre.vn", "Tuổi Trẻ"), ("video.vnexpress.net", "VnExpress"), ("Báo điện tử Dân trí", "Dân trí"),
     ("Đoàn Kết", "Đoàn Kết"), ("Báo Pháp luật", "Báo Pháp luật"),
     # not listed, or two outlets: the name as the page gives it
     ("Báo Thử", "Báo Thử"), ("Reuters", "Reuters"), ("TTXVN/Tin Tức", "TTXVN/Tin Tức"),
     ("DNVN", "DNVN")],
)
def test_an_outlet_has_one_name_however_the_page_writes_it(name: str, outlet: str) -> None:
    from diemtin.text.outlets import OUTLETS, canonical_outlet

    assert canonical_outlet(name) == outlet
    # every outlet's other spellings are a tuple of names (a bare string would be read as
    # one spelling per letter), and no spelling names two outlets
    assert all(isinstance(v, tuple) and all(len(x) > 1 for x in v) for v in OUTLETS.values())
    assert all(canonical_outlet(x) == n for n, v in OUTLETS.items() for x in (n, *v))


def test_the_site_name_the_dateline_and_the_address_give_one_outlet() -> None:
    # an audit's case: an HTML page's og:site_name "TUOI TRE ONLINE" and a scrape's dateline
    # "TTO -" made one outlet two sources in a digest
    body = "\n".join(_P[1:4])
    title = "Đà Nẵng cải tạo hệ thống thoát nước"
    by_meta = clean_article(RawDocument(f"{title}\n{_P[0]}\n{body}", "a.html", "html",
                                        meta={"title": title, "outlet": "TUOI TRE ONLINE"}))
    by_dateline = clean(f"Thời sự\n{title}\nTTO - {_P[0]}\n{body}")
    by_address = clean_article(RawDocument(f"{title}\n{_P[0]}\n{body}", "b.json", "jsonl",
                                           meta={"title": title, "url": "https://tuoitre.vn/x.htm"}))
    assert by_meta.outlet == by_dateline.outlet == by_address.outlet == "Tuổi Trẻ"
    # an unknown site's address is no outlet: the digest shows the address itself
    other = clean_article(RawDocument(f"{title}\n{_P[0]}\n{body}", "c.json", "jsonl",
                                      meta={"title": title, "url": "https://tinnhanh.example.vn/x"}))
    assert other.outlet is None and other.label == "tinnhanh.example.vn"


def test_the_address_names_the_publisher_before_a_credit() -> None:
    # an audit's ViMs pages: a Tiền Phong page crediting "Theo VnExpress" was shown as
    # VnExpress (so one story counted VnExpress twice), a Báo Xây Dựng page as "VOV"
    title = "Đà Nẵng cải tạo hệ thống thoát nước"
    text = f"{title}\n" + "\n".join(_P[:4])

    def outlet_label(url: str | None, author: str) -> tuple[str | None, str]:
        meta = {"title": title, "author": author, **({"url": url} if url else {})}
        art = clean_article(RawDocument(text, "a.txt", "vims", meta=meta))
        return art.outlet, art.label

    assert outlet_label("http://www.tienphong.vn/xa-hoi/a.tpo", "Theo VnExpress") == ("Tiền Phong", "Tiền Phong")
    assert outlet_label("http://www.baoxaydung.com.vn/a.html", "Theo Tuấn Xuân/VOV-Tây Bắc") == (
        None, "baoxaydung.com.vn")
    assert outlet_label(None, "Theo TTXVN") == ("TTXVN", "TTXVN")  # no address: the credit


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [("Theo VnExpress", "VnExpress"), ("Theo TTXVN", "TTXVN"), ("Thu Hà - TTXVN/Tin Tức", "Tin Tức"), ("(TTXVN/Vietnam+)", "TTXVN/Vietnam+"),
     ("Theo Nguyễn Chung/thanhnien", "Thanh Niên"), ("Theo Reuters", None), ("Minh Tâm", None),
     ("Ngọc Sơn - Nguồn Tinmoi.vn - Người Đưa Tin", None),
     ("Theo Tuấn Xuân/Báo Lạ", None)],
)
def test_a_reprint_sites_page_is_credited_to_the_known_outlet_it_names(credit: str, outlet: str | None) -> None:
    # a review's count: 141 ViMs pages of reprint sites and aggregators (tinmoi.vn, …) lost the
    # outlet their credit names and were shown by the aggregator's address
    title = "Đà Nẵng cải tạo hệ thống thoát nước"
    meta = {"title": title, "author": credit, "url": "https://www.tinmoi.vn/a.html"}
    art = clean_article(RawDocument(f"{title}\n" + "\n".join(_P[:4]), "a.txt", "vims", meta=meta))
    assert art.outlet == outlet and art.label == (outlet or "tinmoi.vn")


@pytest.mark.parametrize("section", ["Giao thông", "Tin tức", "Sức khỏe & Đời sống", "Đầu tư"])
def test_a_section_named_like_an_outlet_in_the_header_names_no_outlet(section: str) -> None:
    # "Giao thông" above the headline is a menu item or the category, not baogiaothong.vn
    page = f"{section}\nĐà Nẵng cải tạo hệ thống thoát nước\n" + "\n".join(_P[:4])
    assert clean(page).outlet is None


@pytest.mark.parametrize("name", ["A", "T", "—", "\u200b", ".", "Báo A"])
def test_a_name_of_one_letter_or_none_is_no_known_outlet(name: str) -> None:
    from diemtin.text.outlets import known_outlet

    assert known_outlet(name) is None


def test_one_outlet_under_several_spellings_is_listed_once() -> None:
    from diemtin.text.outlets import distinct_outlets, unify_outlets
    from diemtin.types import Article

    assert distinct_outlets(["TTO", "Trí Thức Trẻ", "Tuổi Trẻ", "Trí thức trẻ", "tuoitre.vn", "Kênh 14"]) == (
        "Tuổi Trẻ", "Trí Thức Trẻ", "Kênh 14")
    arts = [Article(title="a", paragraphs=["x"], outlet=o, url=u) for o, u in
            [("Trí thức trẻ", None), ("Trí Thức Trẻ", None), (None, "https://m.tuoitre.vn/a"), ("TTO", None),
             (None, "https://lạ.example.vn/b")]]
    assert [a.outlet for a in unify_outlets(arts)] == ["Trí thức trẻ", "Trí thức trẻ", "Tuổi Trẻ", "Tuổi Trẻ", None]


@pytest.mark.parametrize("credit", ["Ảnh: T.L", "- Ảnh: T.L", "Ảnh: N.H.", "(Ảnh: C.T.)"])
def test_a_caption_credited_with_dotted_initials_is_a_caption(credit: str) -> None:
    # an audit's page: "… sau khi được sửa chữa. Ảnh: T.L" stayed body and reached a summary
    line = f"Phòng học điểm trường Khánh Hòa sau khi được sửa chữa. {credit}"
    roles = _roles(["Giáo dục", "Đà Nẵng cải tạo hệ thống thoát nước", *_P[:3], line, _P[3], "Minh Anh"])
    assert roles[5] == "CAPTION" and roles[6] == "BODY"


def test_a_known_outlets_name_in_the_page_header_names_the_outlet() -> None:
    # an audit's page: VnExpress writes no dateline; its name heads the page
    body = "\n".join(_P[:4])
    page = f"VnExpress\nThời sự\nThứ sáu, 20/5/2016, 21:05 (GMT+7)\nĐà Nẵng cải tạo hệ thống thoát nước\n{body}"
    assert clean(page).outlet == "VnExpress"
    # an unknown name there, or a known one only inside the text, names nothing
    assert clean(page.replace("VnExpress", "Trang Tin Nhanh", 1)).outlet is None


@pytest.mark.parametrize(
    ("url", "credit", "shown"),
    [("https://tienphong.vn/a.tpo", "Theo VnExpress", "Tiền Phong (theo VnExpress)"),
     ("https://vnexpress.net/a.html", "Thu Phương (Theo Reuters)", "VnExpress (theo Reuters)"),
     ("https://nld.com.vn/a.htm", "P.Nghĩa (Theo AP, BBC)", "Người Lao Động (theo AP, BBC)"),
     ("https://vov.vn/a", "Theo Văn Mịnh/Vietnamnet.vn", "VOV (theo VietNamNet)"),
     # the publisher itself, a reporter, a desk or an unknown name: no "theo"
     ("https://tuoitre.vn/a.htm", "Quang Khải/TTO", "Tuổi Trẻ"),
     ("https://baotintuc.vn/a.htm", "TTXVN/Tin Tức", "Tin Tức (theo TTXVN)"),
     ("https://vnexpress.net/a.html", "Theo Reuters/Minh Anh", "VnExpress (theo Reuters)"),
     ("https://nld.com.vn/a.htm", "(Theo AP, Thanh Hà)", "Người Lao Động (theo AP)"),
     ("https://vn.sputniknews.com/a", "© REUTERS/ Damir Sagolj", "vn.sputniknews.com"),
     (None, "TTXVN/Tin Tức", "TTXVN/Tin Tức"),
     ("https://tuoitre.vn/a.htm", "MAI HƯƠNG - LÊ NAM (maihuong@tuoitre.com.vn)", "Tuổi Trẻ"),
     ("https://vietbao.vn/a", "Theo Trọng Tuyến", "vietbao.vn"),
     ("https://tuoitre.vn/a.htm", "Minh Tâm", "Tuổi Trẻ")],
)
def test_a_source_names_the_outlet_its_text_came_from(url: str | None, credit: str, shown: str) -> None:
    # session 14's audit: "Tiền Phong (theo VnExpress)", never a person or a desk as a source
    from diemtin.text.outlets import source_name

    title = "Đà Nẵng cải tạo hệ thống thoát nước"
    meta = {"title": title, "author": credit, **({"url": url} if url else {})}
    art = clean_article(RawDocument(f"{title}\n" + "\n".join(_P[:4]), "a.txt", "vims", meta=meta))
    assert source_name(art) == shown


@pytest.mark.parametrize(("structured"), [True, False])
def test_list_bullets_and_the_wire_end_mark_are_not_article_text(structured: bool) -> None:
    # "* Ngày 30/5, …" and "… phi hành đoàn./." (the wire's end-of-article mark) reached
    # summaries as written; a minus sign is text, and so is the quotation after a dialogue
    # dash, and the "*" of emphasis
    body = ["Máy bay chở 56 hành khách đã hạ cánh an toàn xuống sân bay Nội Bài chiều nay.",
            "* Ngày 30/5, hãng hàng không sẽ công bố kết quả điều tra sự cố kỹ thuật này.",
            "+ Hành khách được bồi thường theo quy định của Cục Hàng không Việt Nam.",
            "- “Chúng tôi rất may mắn”, một hành khách trên chuyến bay cho biết với báo chí.",
            "-5 độ C là nhiệt độ bên ngoài máy bay khi sự cố xảy ra ở độ cao lớn.",
            "*Phi công* đã xử lý tình huống rất bình tĩnh theo đúng quy trình của hãng.",
            "Ngoài ra, còn có 10 thành viên phi hành đoàn trên chuyến bay này./."]
    art = clean_article(RawDocument(text="\n\n".join(["Máy bay hạ cánh an toàn", *body]),
                                    source="a.txt", format="text", structured=structured))
    for start in ("Máy bay chở", "Ngày 30/5", "Hành khách", "“Chúng tôi", "-5 độ C"):
        assert any(p.startswith(start) for p in art.paragraphs), start
    assert not any(p.startswith(("* ", "+", "- ")) for p in art.paragraphs)
    assert "*Phi công* đã xử lý tình huống rất bình tĩnh theo đúng quy trình của hãng." in art.paragraphs
    assert art.paragraphs[-1].endswith("chuyến bay này.")


def test_a_long_caption_ending_in_its_credit_is_a_caption_in_a_structured_record() -> None:
    # AbMuSu and ViMs records keep captions over 25 words as body text unless the credit
    # ends them: "… vào tháng 6.2022 - Ảnh: NASA" (26 words) reached a summary
    caption = ("Hệ thống Phóng Không gian (SLS) đặt tại Trung tâm Vũ trụ Kennedy ở Florida trong một "
               "cuộc thử nghiệm vào tháng 6.2022 - Ảnh: NASA")
    body = ("NASA cho biết tên lửa mạnh nhất thế giới sẽ được phóng lên Mặt Trăng trong tháng tới "
            "sau nhiều lần trì hoãn vì các sự cố kỹ thuật.")
    long_line = ("Nhiều câu văn rất dài của bài báo này kể lại chuyện các kỹ sư đã làm việc suốt "
                 "mấy tháng liền để sửa chữa những hỏng hóc của hệ thống nhiên liệu và động cơ, "
                 "theo lời một quan chức cho biết hôm qua với báo chí. Ảnh trên trang là của NASA.")
    # … but a sentence of as many words that quotes what a video or a screen shows is text
    video = ("Trên mạng xã hội những ngày qua, rất nhiều người dân trong khu phố đã tỏ ra vô cùng "
             "bức xúc khi xem đoạn video: một thanh niên đi xe máy tông vào cụ bà rồi bỏ chạy.")
    art = clean_article(RawDocument(text="\n".join([caption, body, long_line, video]),
                                    source="a.jsonl:1", format="jsonl", structured=True,
                                    meta={"title": "Tên lửa SLS"}))
    assert caption not in art.paragraphs
    assert art.paragraphs[0] == body and long_line in art.paragraphs and video in art.paragraphs


_CONTENTS = ("1. WHO thông báo về chủng phụ mới của Omicron - BA.2.75 tại 10 quốc gia2. Ca mắc "
             "Omicron BA.2.75 đầu tiên từ Ấn Độ?3. Đại dịch còn lâu mới kết thúc")


@pytest.mark.parametrize("structured", [True, False])
def test_a_contents_box_flattened_onto_one_line_is_not_article_text(structured: bool) -> None:
    # "NỘI DUNG::" over "1. … 10 quốc gia2. Ca mắc … Ấn Độ?3. …" (the box's list markup lost)
    # gave summaries "Ca mắc Omicron BA.2.75 đầu tiên từ Ấn Độ?3."; above the first paragraph
    # the box was the lead
    for label in ("NỘI DUNG::", "Nội dung", "Mục lục"):
        art = clean_article(RawDocument(
            text="\n\n".join(["Biến thể phụ mới của Omicron", label, _CONTENTS, *_P[:3]]),
            source="a.txt", format="text", structured=structured,
            meta={"title": "Biến thể phụ mới của Omicron"}))
        assert art.paragraphs[0] == _P[0] and list(art.paragraphs) == _P[:3], label


@pytest.mark.parametrize("structured", [True, False])
@pytest.mark.parametrize("prose", [
    # a number glued to a letter, a slash, a dash or a digit before "2." in prose that ends
    # like a sentence: square metres, a date, a licence class, a score, a variant, a month
    "1. Từ ngày 1/7, nhà ở xã hội có diện tích bình quân dưới 15 m2. Theo đó, chủ đầu tư phải báo cáo.",
    "1.500 hộ dân ở các phường ven sông được hỗ trợ từ ngày 1/2. Theo UBND thành phố, số tiền là 2 tỷ.",
    "1. Người có giấy phép lái xe hạng B2. Theo quy định mới, họ được lái xe khách dưới 9 chỗ.",
    "1. Manchester City thắng Arsenal 3-2. Haaland ghi bàn quyết định ở phút cuối cùng của trận.",
    "1. Các nhà khoa học theo dõi biến thể BA.2. Các ca mắc mới tăng trong tháng 12. Sau đó giảm.",
    "1. Tự kiểm tra lại kiến thức. 2. Đọc kỹ đề thi trước khi làm bài thi.",
    "1. Giá xăng tăng 2.5% và giá dầu tăng 3.1% trong kỳ điều hành hôm nay của liên Bộ.",
    "Nội dung chính của dự thảo luật là mở rộng quyền tự chủ cho các trường đại học công lập.",
])
def test_numbered_prose_and_a_sentence_about_contents_stay_text(structured: bool, prose: str) -> None:
    art = clean_article(RawDocument(text="\n\n".join(["Tin thời sự", _P[0], prose, _P[1]]),
                                    source="a.txt", format="text", structured=structured,
                                    meta={"title": "Tin thời sự"}))
    assert prose in art.paragraphs


def test_a_contents_box_inside_the_article_does_not_end_it() -> None:
    # the box is chrome, not a boundary: the paragraph after it is still the article's
    last = ("Biến thể Omicron BA.2.75 được phát hiện lần đầu tại Ấn Độ và sau đó đã lan ra nhiều "
            "quốc gia khác trên thế giới.")
    art = clean_article(RawDocument(
        text="\n\n".join(["Biến thể phụ mới của Omicron", _P[0], _P[1], "Nội dung", _CONTENTS, last]),
        source="a.txt", format="text"))
    assert list(art.paragraphs) == [_P[0], _P[1], last]
