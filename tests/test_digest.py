"""``diemtin digest`` and :func:`diemtin.digest`: stories, cited summaries, the HTML report."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

import diemtin
from conftest import EXAMPLE, VIMS_DEV, need
from diemtin.cli import main
from diemtin.errors import UsageError
from diemtin.stories.digest import digest, render_digest, summarize_story
from diemtin.types import Article

# --------------------------------------------------------------------------- fixtures

FLOOD = [
    ("Lũ lớn ở Quảng Nam, hàng nghìn hộ dân bị ngập",
     "Mưa lớn kéo dài khiến nước sông Vu Gia và sông Thu Bồn dâng cao, hàng nghìn hộ dân ở huyện "
     "Đại Lộc, tỉnh Quảng Nam bị ngập sâu trong đêm 12/10. Ban chỉ huy phòng chống thiên tai tỉnh "
     "Quảng Nam đã sơ tán hơn 3.000 người đến nơi an toàn.",
     "Lực lượng biên phòng dùng xuồng máy đưa người già và trẻ em khỏi vùng lũ. Nhiều tuyến đường "
     "ở Đại Lộc bị chia cắt, chính quyền tiếp tế mì tôm và nước sạch cho các hộ bị cô lập."),
    ("Quảng Nam sơ tán 3.000 dân vì lũ trên sông Vu Gia",
     "Nước sông Vu Gia lên nhanh trong đêm 12/10, tỉnh Quảng Nam sơ tán khẩn cấp hơn 3.000 người "
     "dân huyện Đại Lộc. Lực lượng biên phòng và quân đội dùng xuồng máy hỗ trợ người dân vùng lũ.",
     "Nhiều tuyến đường ở Đại Lộc bị chia cắt. Chính quyền huyện cho biết đang tiếp tế lương thực "
     "và nước sạch cho các hộ bị cô lập."),
    ("Đại Lộc chìm trong lũ, đường sá bị chia cắt",
     "Sáng 13/10, nhiều xã của huyện Đại Lộc, Quảng Nam vẫn ngập sâu sau khi lũ trên sông Vu Gia "
     "và sông Thu Bồn lên cao. Chính quyền huyện Đại Lộc cho biết đã sơ tán hơn 3.000 người.",
     "Lực lượng biên phòng tiếp tế mì tôm và nước sạch bằng xuồng máy cho các hộ bị cô lập."),
]
FOOTBALL = [
    ("Đội tuyển Việt Nam thắng Indonesia 2-0 tại Mỹ Đình",
     "Tối 15/10, trên sân Mỹ Đình, đội tuyển Việt Nam thắng Indonesia 2-0 nhờ các bàn thắng của "
     "Quang Hải và Tiến Linh ở vòng loại World Cup.",
     "Huấn luyện viên Park Hang-seo khen các học trò chơi kỷ luật, thủ môn Văn Lâm nhiều lần cứu "
     "thua trước các pha dứt điểm của Indonesia."),
    ("Quang Hải, Tiến Linh ghi bàn, Việt Nam hạ Indonesia",
     "Quang Hải mở tỷ số từ một cú sút phạt, Tiến Linh nhân đôi cách biệt, giúp đội tuyển Việt Nam "
     "thắng Indonesia 2-0 trên sân Mỹ Đình ở vòng loại World Cup.",
     "Thủ môn Văn Lâm có nhiều pha cứu thua, huấn luyện viên Park Hang-seo hài lòng với chiến thắng."),
]
DAY = datetime(2020, 10, 12, 8, 0)


def _article(title: str, lead: str, body: str, outlet: str, when: datetime, path: str | None = None) -> Article:
    return Article(title=title, paragraphs=[lead, body], outlet=outlet, published=when,
                   source_path=path, lead=lead)


def _corpus() -> list[Article]:
    arts = [_article(t, ld, b, f"Báo {k}", DAY + timedelta(hours=3 * k)) for k, (t, ld, b) in enumerate(FLOOD)]
    arts += [_article(t, ld, b, f"Thể thao {k}", DAY + timedelta(days=3, hours=k))
             for k, (t, ld, b) in enumerate(FOOTBALL)]
    return arts


def _write_files(folder: Path) -> list[Path]:
    paths = []
    for k, (title, lead, body) in enumerate([*FLOOD, *FOOTBALL]):
        p = folder / f"{k:02d}.txt"
        p.write_text(f"{title}\n\n{lead}\n\n{body}\n", encoding="utf-8")
        paths.append(p)
    return paths


class _Report(HTMLParser):
    """Collects the structure of the HTML report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.stories: list[dict[str, object]] = []
        self.ids: set[str] = set()
        self.tags: set[str] = set()
        self.srcs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if "src" in a:
            self.srcs.append(str(a["src"]))
        cls = a.get("class") or ""
        if tag == "article" and cls == "story":
            self.stories.append({"id": a["id"], "title": "", "summary": [], "cites": [], "sources": [],
                                 "links": [], "meta": ""})
        elif self.stories:
            st = self.stories[-1]
            parents = [t for t, _ in self.stack]
            if tag == "a" and "sup" in parents:
                st["cites"].append(a["href"])  # type: ignore[union-attr]
            elif tag == "a" and "details" in parents and a.get("class") != "web":
                st["links"].append(a["href"])  # type: ignore[union-attr]
            elif tag == "li" and "details" in parents:
                st["sources"].append(a["id"])  # type: ignore[union-attr]
        self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self.stories or not self.stack:
            return
        st = self.stories[-1]
        tag, a = self.stack[-1]
        parents = [t for t, _ in self.stack]
        if tag == "h2":
            st["title"] = str(st["title"]) + data
        elif tag == "li" and "ol" in parents and "details" not in parents:
            st["summary"].append(data)  # type: ignore[union-attr]
        elif tag == "p" and a.get("class") == "meta":
            st["meta"] = str(st["meta"]) + data


def _parse(html: str) -> _Report:
    rep = _Report()
    rep.feed(html)
    rep.close()
    return rep


# --------------------------------------------------------------------------- library


def test_digest_stories_summaries_and_order() -> None:
    dg = diemtin.digest(_corpus())
    assert [len(ds.story.indices) for ds in dg.stories] == [3, 2]  # biggest first
    flood, _football = dg.stories
    assert flood.story.indices == (0, 1, 2)
    assert flood.outlets == ("Báo 0", "Báo 1", "Báo 2")
    assert flood.summary is not None and flood.summary.sentences
    cited = {c.article for s in flood.summary.sentences for c in s.citations}
    assert cited <= {0, 1, 2} and len(cited) >= 2  # the summary cites several outlets
    assert flood.summary.articles == flood.story.articles
    assert dg.rejected == ()


def test_digest_orders_equal_sizes_by_recency() -> None:
    arts = _corpus()
    # a second two-article story, older than the football one
    older = [_article(t, ld, b, o.outlet or "", o.published - timedelta(days=20))  # type: ignore[operator]
             for o, (t, ld, b) in zip(arts[3:], FOOTBALL, strict=True)]
    dg = digest([*arts[3:], *older])
    assert [ds.story.indices for ds in dg.stories] == [(0, 1), (2, 3)]


def test_wire_copies_count_once_but_are_cited() -> None:
    arts = _corpus()[:3]
    t, ld, b = FLOOD[0]
    copy = _article(t, ld + " (TTXVN)", b, "Báo sao chép", DAY + timedelta(hours=1))
    dg = digest([*arts, copy])
    (story,) = [ds for ds in dg.stories if 0 in ds.story.indices]
    assert story.story.duplicate_groups == ((0, 3),)
    assert story.sources == 3 and len(story.story.indices) == 4
    assert story.summary is not None
    for sent in story.summary.sentences:
        cited = set(sent.cited_articles)
        if 0 in cited or 3 in cited:  # a sentence of the dispatch cites both outlets that ran it
            assert {0, 3} <= cited, sent.text
    # the summariser saw one representative of the copies, not both
    rep_summary = summarize_story(story.story)
    assert {s.source.article for s in rep_summary.sentences} <= {0, 1, 2, 3}


def test_since_until(tmp_path: Path) -> None:
    arts = _corpus()
    dg = digest(arts, since=date(2020, 10, 15))
    assert [a.title for a in dg.articles] == [a.title for a in arts[3:]]
    assert dg.skipped_out_of_range == 3
    dg = digest(arts, until=date(2020, 10, 12))
    assert len(dg.articles) == 3  # 08:00, 11:00 and 14:00 on the 12th: the whole day counts
    with pytest.raises(diemtin.DiemtinError):
        digest(arts, since=date(2021, 1, 1))


def test_json_says_until_as_given() -> None:
    from diemtin.stories.digest import digest_to_dict

    arts = _corpus()
    out = digest_to_dict(digest(arts, since=date(2020, 10, 12), until=date(2020, 10, 12)))
    assert (out["since"], out["until"], out["before"]) == (
        "2020-10-12T00:00:00", "2020-10-12", "2020-10-13T00:00:00")
    eleven = datetime(2020, 10, 12, 11, 0)  # a time given is kept: "until" is inclusive
    dg = digest(arts, until=eleven)
    assert max(a.published for a in dg.articles if a.published) == eleven
    assert digest_to_dict(dg)["until"] == "2020-10-12T11:00:00"


def test_deterministic_output(tmp_path: Path) -> None:
    _write_files(tmp_path)
    outs = {fmt: render_digest(digest([tmp_path]), fmt, link_base=tmp_path) for fmt in ("markdown", "json", "html")}
    again = {fmt: render_digest(digest([tmp_path]), fmt, link_base=tmp_path) for fmt in ("markdown", "json", "html")}
    assert outs == again


def test_json_shape() -> None:
    data = json.loads(render_digest(digest(_corpus()), "json"))
    assert data["articles"] == 5 and data["rejected"] == []
    first = data["stories"][0]
    assert {"id", "title", "start", "end", "size", "sources", "outlets", "articles",
            "duplicate_groups", "summary"} <= set(first)
    assert first["size"] == 3 and first["summary"]["sentences"]
    assert first["start"].startswith("2020-10-12")


# --------------------------------------------------------------------------- HTML report


def test_html_report_structure(tmp_path: Path) -> None:
    _write_files(tmp_path)
    evil = tmp_path / "99.txt"
    evil.write_text(
        "Tin <script>alert('x')</script> & \"trích dẫn\"\n\n"
        "Một bài viết về <b>chủ đề</b> khác hẳn, với nội dung riêng về thị trường chứng khoán "
        "và chỉ số VN-Index trong phiên giao dịch hôm nay.\n\n"
        "Nhà đầu tư <img src=x onerror=alert(1)> bán ròng cổ phiếu ngân hàng, thanh khoản thấp.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    html = render_digest(digest([tmp_path]), "html", link_base=out.parent)
    rep = _parse(html)
    # self-contained: no scripts, external styles, images, frames or src attributes at all
    assert rep.srcs == []
    assert not rep.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert len(rep.stories) == 3
    biggest = rep.stories[0]
    assert len(biggest["sources"]) == 3  # type: ignore[arg-type]
    assert biggest["summary"], "a story without summary sentences"
    for st in rep.stories:
        # every citation marker jumps to a source of the same story
        for href in st["cites"]:  # type: ignore[union-attr]
            assert href.startswith("#") and href[1:] in st["sources"]  # type: ignore[operator]
        # every source links to its file, relative to the report
        for link in st["links"]:  # type: ignore[union-attr]
            assert link.startswith("../") and (out.parent / link).resolve().exists()
        assert "articles" in str(st["meta"])
    assert any(st["cites"] for st in rep.stories)


# --------------------------------------------------------------------------- CLI


def test_cli_digest_example_one_story_both_outlets(capsys: pytest.CaptureFixture[str]) -> None:
    need(EXAMPLE)
    assert main(["digest", str(EXAMPLE), "--format", "json", "--no-progress"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["stories"]) == 1
    story = data["stories"][0]
    assert story["size"] == 2
    cited = {c["article"] for s in story["summary"]["sentences"] for c in s["citations"]}
    assert cited == {0, 1}  # both outlets are cited
    assert len(set(story["outlets"])) == 2


def test_cli_digest_partial_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_files(tmp_path)
    (tmp_path / "bad.txt").write_bytes(b"")
    out = tmp_path / "digest.html"
    assert main(["digest", str(tmp_path), "-o", str(out), "--no-progress"]) == 3
    err = capsys.readouterr().err
    assert "skipped" in err and "bad.txt" in err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["digest", str(tmp_path / "01.txt"), "--since", "2030-01-01", "--no-progress"]) == 1
    assert main(["digest", "--help"]) == 0
    assert "Example" in capsys.readouterr().out


def test_cli_digest_vims_dev_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The ViMs dev folder: 1,314 articles (its summaries and annotations are not news),
    a progress bar on stderr, an HTML report whose sources link back to the files."""
    need(VIMS_DEV)
    out = tmp_path / "vims.html"
    assert main(["digest", str(VIMS_DEV), "-o", str(out)]) == 0
    assert "diemtin: clustering" in capsys.readouterr().err  # tqdm progress bar
    html = out.read_text(encoding="utf-8")
    rep = _parse(html)
    assert 150 <= len(rep.stories) <= 260  # 200 gold stories
    n_sources = sum(len(st["sources"]) for st in rep.stories)  # type: ignore[arg-type, misc]
    assert n_sources == 1314
    links = [link for st in rep.stories for link in st["links"]]  # type: ignore[attr-defined]
    assert all("/original/" in link for link in links) and len(links) == 1314
    assert (out.parent / links[0]).resolve().exists()
    sizes = [len(st["sources"]) for st in rep.stories]  # type: ignore[arg-type]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(1 for st in rep.stories if st["summary"]) >= 0.95 * len(rep.stories)
    assert not rep.srcs and "script" not in rep.tags


def test_published_override_and_missing_paths(tmp_path: Path) -> None:
    arts = _corpus()
    moved = [a.published for a in arts[:3]] + [None, None]  # type: ignore[misc]
    dg = digest(arts, published=moved)
    assert dg.published[3] == arts[3].published  # None keeps the article's own date
    with pytest.raises(UsageError, match="one"):
        digest(arts, published=moved[:2])
    dg = digest([tmp_path / "missing.txt", *arts])
    assert [r.source for r in dg.rejected] == [str(tmp_path / "missing.txt")]


def test_cli_digest_stdin_and_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    title, lead, body = FLOOD[0]
    data = f"{title}\n\n{lead}\n\n{body}\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["digest", "-", "--no-progress"]) == 0
    assert title in capsys.readouterr().out
    assert main(["digest", str(tmp_path / "nope.txt"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "nope.txt" in err and "no such file" in err


def test_a_wire_copy_is_cited_for_the_summary_sentence_it_states() -> None:
    # the summary sentence is B's; A (the copy group's representative) states it inside a
    # longer sentence, and A's copy C states it word for word: C is cited
    short = "Lượng mưa ở Sa Pa (Lào Cai) đo được 83 mm trong đêm 12/10, cao nhất khu vực."
    body = ("Mưa lớn kéo dài khiến nước sông Hồng dâng cao, nhiều xã ở Lào Cai bị ngập sâu trong "
            "đêm 12/10. Ban chỉ huy phòng chống thiên tai tỉnh Lào Cai đã sơ tán hơn 2.000 người "
            "đến nơi an toàn. Lực lượng biên phòng dùng xuồng máy đưa người già và trẻ em khỏi "
            "vùng lũ, nhiều tuyến đường bị chia cắt.")
    long_ = ("Theo Trung tâm Dự báo, lượng mưa ở Sa Pa (Lào Cai) đo được 83 mm trong đêm 12/10, "
             "cao nhất khu vực, trong khi Bắc Hà và Bát Xát cũng ghi nhận mưa to, gây sạt lở "
             "nhiều điểm trên quốc lộ 4D và tỉnh lộ 152 khiến giao thông bị đình trệ.")
    a = _article("Lào Cai ngập sâu sau mưa lớn", body, long_ + " Chính quyền tiếp tế nước sạch.",
                 "Báo A", DAY)
    c = _article("Lào Cai ngập sâu sau mưa lớn", body, short + " Chính quyền tiếp tế nước sạch.",
                 "Báo C", DAY + timedelta(hours=1))
    b = _article("Sa Pa mưa 83 mm", short, "Người dân Lào Cai được khuyến cáo tránh xa vùng sạt lở.",
                 "Báo B", DAY + timedelta(hours=2))
    dg = digest([a, c, b])
    (story,) = dg.stories
    assert story.story.duplicate_groups and 0 in story.story.duplicate_groups[0]
    assert story.summary is not None
    (sent,) = [s for s in story.summary.sentences if s.text == short]
    assert 1 in set(sent.cited_articles), [(c.article, c.text) for c in sent.citations]


def test_outlets_by_address_are_counted_and_a_link_that_is_no_address_is_not_shown() -> None:
    # an audit's report: the HTML header counted 22 outlets while its stories listed 25 (those
    # known only by their web address were left out); markdown showed a ViMs "Link:" field that
    # held a credit ("Theo Tuấn Xuân/VOV-Tây Bắc") as the article's location
    import dataclasses

    arts = _corpus()
    arts[0] = dataclasses.replace(arts[0], outlet=None, url="https://vietq.vn/a.html")
    arts[1] = dataclasses.replace(arts[1], url="Theo Tuấn Xuân/VOV-Tây Bắc", source_path="c047_314.txt")
    dg = digest(arts)
    listed = {o for ds in dg.stories for o in ds.outlets}
    assert "vietq.vn" in listed
    head = _parse(render_digest(dg, "html")).text
    assert f"{len(listed)} trang / outlets" in "".join(head)
    md = render_digest(dg, "markdown")
    assert "`c047_314.txt`" in md and "`Theo Tuấn Xuân" not in md


def test_articles_passed_straight_in_count_each_outlet_once() -> None:
    # a review's case: Article(outlet="TTO") and Article(outlet="Tuổi Trẻ") were two sources,
    # and so were two spellings of an unlisted outlet that differ in case
    import dataclasses

    arts = _corpus()[:3]
    arts = [dataclasses.replace(a, outlet=o) for a, o in zip(arts, ["TTO", "Tuổi Trẻ", "tuổi trẻ online"], strict=True)]
    dg = digest(arts)
    assert [ds.outlets for ds in dg.stories] == [("Tuổi Trẻ",)]
    arts = [dataclasses.replace(a, outlet=o) for a, o in zip(arts, ["Trí Thức Trẻ", "Trí thức trẻ", "Báo Lạ"], strict=True)]
    assert [ds.outlets for ds in digest(arts).stories] == [("Trí Thức Trẻ", "Báo Lạ")]
