"""HTML pages: trafilatura extraction (title, time, outlet, body), then the line-role cleaner."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

from diemtin.cleaner import clean_article
from diemtin.errors import InputError
from diemtin.ingest.html import MAX_DEPTH, nesting_depth, parse_html
from diemtin.ingest.legacy import encode_cp1258, encode_tcvn3
from diemtin.ingest.read import read_inputs, read_path
from diemtin.types import LineRole

LEAD = ("(TN) - Ủy ban nhân dân thành phố cho biết dự án mở rộng con đường ven sông sẽ hoàn "
        "thành trước khi mùa mưa bắt đầu.")
BODY = [
    "Ông Trần Văn Hùng, phó giám đốc ban quản lý dự án, nói rằng các đội thi công đang làm "
    "việc cả ngày lẫn đêm để kịp tiến độ. Ở đoạn qua chợ cũ, người dân đã bàn giao mặt bằng.",
    "Ý kiến của cư dân hai bên đường khá khác nhau. Bà Nguyễn Thị Lan, chủ một quán cà phê "
    "nhỏ, cho rằng con đường mới sẽ giúp khách du lịch ghé lại nhiều hơn.",
    "Theo thiết kế, mặt đường sẽ rộng hai mươi bốn mét, có dải phân cách trồng hoa và làn "
    "riêng cho xe đạp. Hệ thống thoát nước được thay mới hoàn toàn để chống ngập.",
]
TITLE = "Đường ven sông được mở rộng trước mùa mưa"


def page(title: str = TITLE, lead: str = LEAD, body: list[str] = BODY, *, head: str = "",
         charset: str = "utf-8", extra: str = "") -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="{charset}">
<title>{title} | Báo Tin Nhanh</title>
{head}
</head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/kinh-te">Kinh tế</a>
<a href="/the-thao">Thể thao</a> <a href="/giai-tri">Giải trí</a></nav></header>
<main><article>
<h1>{title}</h1>
<div class="meta">Thứ hai, 18/3/2024, 08:30 (GMT+7)</div>
<p class="sapo">{lead}</p>
{paras}
{extra}
<p class="author"><strong>Minh An</strong></p>
<div class="share">Chia sẻ: Facebook Zalo Twitter</div>
</article>
<aside><h3>Tin liên quan</h3><ul>
<li><a href="/x">Cầu đi bộ mới nối hai bờ sông sắp hoàn thành</a></li>
<li><a href="/y">Giá xăng dầu điều chỉnh tăng nhẹ từ chiều nay</a></li></ul></aside>
</main>
<footer>© 2024 Báo Tin Nhanh. Giấy phép số 123/GP-BTTTT. Liên hệ quảng cáo: 0901 234 567</footer>
</body></html>
"""


HEAD = """<meta property="og:site_name" content="Báo Tin Nhanh">
<meta property="article:published_time" content="2024-03-18T08:30:00+07:00">
<meta name="author" content="Minh An">
<link rel="canonical" href="https://tinnhanh.example.vn/xa-hoi/duong-ven-song-123.html">"""


def test_metadata_and_body() -> None:
    doc = parse_html(page(head=HEAD), "p.html")
    assert doc.format == "html"
    assert doc.meta["title"] == TITLE
    assert doc.meta["outlet"] == "Báo Tin Nhanh"
    assert doc.meta["published"].startswith("2024-03-18")
    assert doc.meta["url"].endswith("duong-ven-song-123.html")
    art = clean_article(doc)
    assert art.title == TITLE
    assert art.paragraphs == [LEAD.removeprefix("(TN) - "), *BODY]
    assert art.outlet == "Báo Tin Nhanh"
    assert art.published == datetime(2024, 3, 18, 8, 30)
    text = "\n".join(art.paragraphs)
    for chrome in ("Trang chủ", "Chia sẻ", "Tin liên quan", "Giấy phép", "Cầu đi bộ"):
        assert chrome not in text


def test_cleaner_still_runs_on_what_trafilatura_keeps() -> None:
    extra = ("<p>Công nhân thi công trên đoạn đường ven sông. Ảnh: Minh An</p>"
             "<p>Xem thêm: Cầu đi bộ mới nối hai bờ sông sắp hoàn thành</p>")
    art = clean_article(parse_html(page(head=HEAD, extra=extra), "p.html"))
    roles = {ln.text: ln.role for ln in art.lines}
    assert roles[BODY[0]] is LineRole.BODY
    assert all("Ảnh:" not in p and "Xem thêm" not in p for p in art.paragraphs)


def test_without_metadata_the_title_comes_from_the_page() -> None:
    doc = parse_html(page(), "p.html")
    assert doc.meta["title"].startswith(TITLE)
    assert "outlet" not in doc.meta or doc.meta["outlet"]
    assert clean_article(doc).paragraphs[-1] == BODY[-1]


def test_legacy_encoded_pages(tmp_path: Path) -> None:
    p1 = tmp_path / "cp1258.html"
    p1.write_bytes(encode_cp1258(page(head=HEAD, charset="windows-1258")))
    p2 = tmp_path / "tcvn3.htm"  # TCVN3 pages usually claimed iso-8859-1
    p2.write_bytes(encode_tcvn3(page(head=HEAD, charset="iso-8859-1"), errors="replace"))
    for path in (p1, p2):
        (doc,) = read_path(path)
        assert doc.format == "html" and doc.meta["title"] == TITLE
        assert clean_article(doc).paragraphs[1] == BODY[0]


def test_a_folder_of_pages(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.html").write_text(page(title=f"{TITLE} ({i})", head=HEAD), encoding="utf-8")
    result = read_inputs([tmp_path])
    assert not result.rejected
    assert [d.meta["title"] for d in result.documents] == [f"{TITLE} ({i})" for i in range(3)]


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><head><title>Trang chủ</title></head><body><nav><a href='/'>Trang chủ</a></nav>"
         "</body></html>", "no article body"),
        ("<html><head><title>Tiêu đề</title></head><body></body></html>", "without an article body"),
        ("<html><body>" + "<div>" * 400 + f"<p>{BODY[0]}</p>" + "</div>" * 400 + "</body></html>",
         "nested more than"),
    ],
)
def test_pages_without_an_article_are_refused(html: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        clean_article(parse_html(html, "bad.html"))


def test_nesting_depth() -> None:
    assert nesting_depth("<html><body><p>a<br>b<img src=x></p></body></html>") == 3
    assert nesting_depth("<div>" * 1000) == MAX_DEPTH + 1


def _detail_page(head: str = "", sapo: str = "") -> str:
    """A Báo Chính phủ / Thanh Niên style page: the sapo outside the content div, a list in it."""
    paras = "\n".join(f"<p>{p}</p>" for p in BODY)
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{TITLE}</title>
{head}</head><body><div class="detail"><h1 class="detail-title">{TITLE}</h1>
{sapo}
<div class="detail-content">{paras}
<p>Dự án gồm các hạng mục sau:</p>
<ul><li>Mở rộng mặt đường ven sông lên hai mươi bốn mét;</li>
<li>Trồng hoa trên dải phân cách giữa hai chiều xe chạy;</li>
<li>Thay mới toàn bộ hệ thống thoát nước chống ngập.</li></ul>
</div></div>
<section class="related"><p class="article-summary">Giá vàng hôm nay tiếp tục tăng mạnh ở cả hai
chiều mua vào và bán ra, vượt mốc kỷ lục của tuần trước.</p></section></body></html>"""


SAPO = ("Ủy ban nhân dân thành phố cho biết dự án mở rộng con đường ven sông sẽ hoàn thành "
        "trước khi mùa mưa bắt đầu.")


def test_sapo_outside_the_content_and_list_items_are_kept() -> None:
    art = clean_article(parse_html(_detail_page(sapo=f'<div class="detail-sapo">{SAPO}</div>'), "p.html"))
    assert art.lead == SAPO
    assert "Thay mới toàn bộ hệ thống thoát nước chống ngập." in " ".join(art.paragraphs)


def test_the_page_description_is_the_lead_when_the_text_lacks_it() -> None:
    head = f'<meta property="og:description" content="{SAPO}">'
    art = clean_article(parse_html(_detail_page(head=head), "p.html"))
    assert art.lead == SAPO
    # a site-wide description, or one cut short, is not a lead; nor is another article's summary
    for desc in ("Tin tức mới nhất, nóng nhất về thời sự, kinh tế, giải trí trong ngày hôm nay.",
                 SAPO[:60] + "..."):
        art = clean_article(parse_html(_detail_page(head=f'<meta name="description" content="{desc}">'), "p.html"))
        assert art.lead == BODY[0] and "Giá vàng" not in " ".join(art.paragraphs)


OTHER_SAPO = ("Từ ngày 1/12, Ủy ban nhân dân thành phố cấm xe tải đi vào con đường ven sông trong giờ "
              "cao điểm sáng và chiều để giảm ùn tắc khi mùa mưa bắt đầu.")


def test_another_storys_sapo_is_not_the_lead() -> None:
    hot = (f'<div class="hot-story"><a href="/a.html">Cấm xe tải ven sông</a>'
           f'<p class="sapo">{OTHER_SAPO}</p></div>')
    # a header's "hot story" box above the headline, with the same section's wording: in a
    # header block (the extractor drops it, the sapo element lies before the <h1>) or not
    # (the extractor keeps it, above the headline)
    for box in (f'<div class="header">{hot}</div>', hot):
        html = _detail_page().replace('<div class="detail">', box + '<div class="detail">')
        art = clean_article(parse_html(html, "p.html"))
        assert art.lead == BODY[0] and "cấm xe tải" not in " ".join(art.paragraphs).lower()
    # a summary-classed teaser after the body has begun is not the lead either
    teaser = f'<p>{BODY[1]}</p><div class="box"><p class="summary">{OTHER_SAPO}</p></div>'
    html = _detail_page().replace(f"<p>{BODY[1]}</p>", teaser)
    art = clean_article(parse_html(html, "p.html"))
    assert art.lead == BODY[0]


@pytest.mark.parametrize(
    "photo",
    ['<p><img src="cau.jpg"><br><i>Người dân đi trên cây cầu mới khánh thành</i></p>',
     '<p><img src="cau.jpg"><em>Người dân đi trên cây cầu mới khánh thành</em></p>'],
)
def test_a_caption_set_under_a_photo_in_running_text_is_no_paragraph(photo: str) -> None:
    # an audit's page: "<img><br><i>…</i>" came through as a body line ("mới", "được" made
    # it read as a clause), and was picked as a summary sentence
    html = page(body=BODY[:1], extra=photo + "".join(f"<p>{b}</p>" for b in BODY[1:]))
    art = clean_article(parse_html(html, "p.html"))
    assert "Người dân đi trên cây cầu mới khánh thành" not in art.paragraphs
    assert art.paragraphs[-len(BODY):] == BODY


def test_italic_text_that_is_not_under_a_photo_stays() -> None:
    italic = "Người dân đi trên cây cầu mới khánh thành, rút ngắn đường đi hàng chục cây số."
    # (an italic paragraph of its own under a photo may be a sapo or an editor's note)
    for block in (f'<p><img src="a.jpg"> Theo người dân, <i>{italic}</i></p>', f"<p><i>{italic}</i></p>",
                  f'<p><img src="a.jpg"></p><p><em>{italic}</em></p>'):
        html = page(body=BODY[:1], extra=block + "".join(f"<p>{b}</p>" for b in BODY[1:]))
        assert italic in parse_html(html, "p.html").text
