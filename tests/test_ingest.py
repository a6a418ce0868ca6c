import dataclasses
import json
from pathlib import Path

import pytest

import diemtin
from diemtin.errors import InputError, without_cli_hints
from diemtin.ingest import detect_format, parse_text, read_inputs, read_path
from diemtin.types import RejectedInput

VIMS = """Title: Tiêu đề bài
Source: VOV
Link: http://vov.vn/a.vov
Published Date: Thứ 6, 11:03, 20/05/2016
Author: A
Tags: x, y
Summary: Câu dẫn của bài.
Content:
Đoạn một của thân bài.
Đoạn hai của thân bài.
"""


def test_detect_formats() -> None:
    assert detect_format(VIMS, "f") == "vims"
    assert detect_format('{"single_documents": [], "summary": ""}\n', "f") == "abmusu"
    assert detect_format('{"title": "T", "text": "B"}\n', "f") == "jsonl"
    assert detect_format("<!DOCTYPE html><html><body>x</body></html>", "f") == "html"
    assert detect_format("Thế giới\n\nTiêu đề\n\nĐoạn.", "f") == "news-text"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("  \n\t\n", "empty"), ('{"a": 1}', "unknown fields"), ('{"title": not json', "JSON")],
)
def test_detect_refuses(text: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        detect_format(text, "bad.txt")


@pytest.mark.parametrize(
    "headline",
    ["[VIDEO] Clip cháy nhà", "[Ảnh] Hà Nội mưa lớn", "[Infographic] Giá xăng", "{Tin nóng} Bão số 3",
     "[1] Chú thích", "[ Video ] Lũ", "{ Tin nóng }"],
)
def test_bracketed_headline_is_plain_text(headline: str) -> None:
    # D1: outlets tag headlines "[VIDEO] …", "[Ảnh] …": not JSON, the article is read
    text = f"{headline}\n\nĐoạn văn của bài báo.\n"
    assert detect_format(text, "f") == "news-text"
    (doc,) = parse_text(text, "f")
    assert doc.format == "news-text" and doc.text.startswith(headline)


@pytest.mark.parametrize(
    "text", ['{"title": broken\n', "{\n  \"title\": \"T\"\n}\n", '[{"title": "T",\n', "[\n"]
)
def test_json_that_does_not_parse_names_the_plain_text_fix(text: str) -> None:
    with pytest.raises(InputError, match="not a complete JSON object") as info:
        detect_format(text, "f")
    assert "--input-format news-text" in info.value.reason and "\n" not in info.value.reason
    assert "--input-format" not in without_cli_hints(info.value.reason)  # the web API has none


def test_parse_vims_crlf_and_nfd() -> None:
    import unicodedata

    raw = unicodedata.normalize("NFD", VIMS).replace("\n", "\r\n")
    (doc,) = parse_text(raw, "c/1.txt")
    assert doc.format == "vims" and doc.structured
    assert doc.meta["title"] == "Tiêu đề bài"
    assert doc.meta["lead"] == "Câu dẫn của bài."
    assert doc.meta["outlet"] == "VOV"
    assert doc.text == "Đoạn một của thân bài.\nĐoạn hai của thân bài."


def test_parse_abmusu_line() -> None:
    line = json.dumps({
        "single_documents": [
            {"title": "T1", "anchor_text": "Dẫn 1", "raw_text": "Thân 1."},
            {"title": "T2", "anchor_text": "Dẫn 2", "raw_text": "Thân 2."},
        ],
        "summary": "Tóm tắt", "category": "Xã hội",
    }, ensure_ascii=False)
    docs = parse_text(line + "\n" + line + "\n", "train.jsonl")
    assert len(docs) == 4
    assert {d.group for d in docs} == {"train.jsonl:1", "train.jsonl:2"}
    assert docs[0].meta["lead"] == "Dẫn 1" and docs[0].meta["category"] == "Xã hội"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_bad_files_are_reported_and_batch_goes_on(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", "Tiêu đề\n\nĐoạn văn của bài báo.\n".encode())
    _write(tmp_path / "empty.txt", b"")
    _write(tmp_path / "binary.txt", b"\x00\x01\x02\xff" * 100)
    _write(tmp_path / "latin1.txt", b"caf\xe9 ng\xe0y h\xf4m nay")
    _write(tmp_path / "archive.txt", b"PK\x03\x04rest")
    result = read_inputs([tmp_path, tmp_path / "missing.txt"])
    assert [d.source for d in result.documents] == [str(good)]
    reasons = {Path(r.source).name: r.reason for r in result.rejected}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "ZIP" in reasons["archive.txt"]
    assert "no such file" in reasons["missing.txt"]
    assert all("\n" not in str(r) for r in result.rejected)


def test_size_limit(tmp_path: Path) -> None:
    big = _write(tmp_path / "big.txt", b"a " * 1000)
    with pytest.raises(InputError, match="limit"):
        read_path(big, max_bytes=100)


def test_utf8_bom_and_utf16(tmp_path: Path) -> None:
    text = "Tiêu đề\n\nĐoạn văn."
    a = _write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + text.encode())
    b = _write(tmp_path / "u16.txt", text.encode("utf-16"))
    assert read_path(a)[0].text == text
    assert read_path(b)[0].text == text


def test_stdin_bytes() -> None:
    result = read_inputs(["-"], stdin="Tiêu đề\n\nĐoạn.".encode())
    assert result.documents[0].source == "<stdin>"


def test_directory_natural_order(tmp_path: Path) -> None:
    for n in (10, 2, 1):
        _write(tmp_path / f"{n}.txt", f"Bài {n}\n\nĐoạn.".encode())
    docs = read_inputs([tmp_path]).documents
    assert [Path(d.source).name for d in docs] == ["1.txt", "2.txt", "10.txt"]


def test_corpus_cluster_folder_reads_its_articles_only(tmp_path: Path) -> None:
    # a ViMs cluster: the gold summaries and annotator files beside original/ are not news
    for n in (1, 2):
        cluster = tmp_path / f"Cluster_00{n}"
        for sub in ("original", "summary", "s3"):
            (cluster / sub).mkdir(parents=True)
        _write(cluster / "original" / "1.txt", VIMS.encode())
        _write(cluster / "summary" / "0.gold.txt", "Tóm tắt của người.".encode())
        _write(cluster / "s3" / "0.s3.txt", "1\tCâu được chọn.".encode())
    for root in (tmp_path, tmp_path / "Cluster_001"):
        docs = read_inputs([root]).documents
        assert {Path(d.source).parent.name for d in docs} == {"original"}
    named = read_inputs([tmp_path / "Cluster_001" / "summary"]).documents  # asked for: read
    assert [Path(d.source).name for d in named] == ["0.gold.txt"]


def _put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return _write(path, data)


def test_vims_release_layout_is_one_group_per_cluster(tmp_path: Path) -> None:
    # ViMs as released: original/Cluster_NNN/original/, summary/Cluster_NNN/, S3_summary/...;
    # read as one pile, every cluster's articles were merged into one summary
    root = tmp_path / "ViMs"
    for n in (201, 202):
        _put(root / "original" / f"Cluster_{n}" / "original" / "1.txt", VIMS.encode())
        _put(root / "original" / f"Cluster_{n}" / "original" / "2.txt", VIMS.encode())
        _put(root / "summary" / f"Cluster_{n}" / "0.gold.txt", "Tóm tắt của người.".encode())
        _put(root / "S3_summary" / f"Cluster_{n}" / "0.s3.txt", "1\tCâu được chọn.".encode())
    for given in (root, root / "original"):
        docs = read_inputs([given]).documents
        assert [(Path(d.source).parent.parent.name, d.group) for d in docs] == [
            ("Cluster_201", "Cluster_201")] * 2 + [("Cluster_202", "Cluster_202")] * 2
    # one cluster of the dev layout, its sub-folders in another case
    cluster = tmp_path / "dev" / "Cluster_007"
    _put(cluster / "Original" / "1.txt", VIMS.encode())
    _put(cluster / "Summary" / "0.gold.txt", "Tóm tắt của người.".encode())
    docs = read_inputs([cluster.parent]).documents
    assert [(Path(d.source).name, d.group) for d in docs] == [("1.txt", "Cluster_007")]
    # a ViMs article elsewhere keeps no group
    assert read_inputs([root / "summary"]).documents[0].group is None


def test_summarize_writes_one_summary_per_release_cluster(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from diemtin.cli import cli

    root = tmp_path / "ViMs"
    for n in (201, 202, 203):
        _put(root / "original" / f"Cluster_{n}" / "original" / "1.txt", VIMS.encode())
        _put(root / "summary" / f"Cluster_{n}" / "0.gold.txt", "Tóm tắt.".encode())
    for given in (root, root / "original"):
        result = CliRunner().invoke(cli, ["summarize", str(given), "--max-words", "20",
                                          "--format", "json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert [s["cluster"] for s in json.loads(result.output)] == [
            "Cluster_201", "Cluster_202", "Cluster_203"]


def _article_line(n: int) -> str:
    return json.dumps({"title": f"Tiêu đề {n}", "text": f"Đoạn văn của bài {n}."}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("first", "reason"),
    [
        ('{"title": broken', "invalid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"source": "export v1", "rows": 2}', "without a 'text'"),
        ('[{"title": "T", "text": "B"}]', "expected a JSON object per line"),
    ],
)
def test_bad_first_jsonl_line_is_rejected_alone(first: str, reason: str) -> None:
    # D2: detection read line 1 only, so a bad first line lost every line of the file
    text = "\n".join([first, "", _article_line(2), _article_line(3)]) + "\n"
    assert detect_format(text, "f") == "jsonl"
    rejected: list[RejectedInput] = []
    docs = parse_text(text, "a.jsonl", rejected=rejected)
    assert [d.source for d in docs] == ["a.jsonl:3", "a.jsonl:4"]
    assert [r.source for r in rejected] == ["a.jsonl:1"] and reason in rejected[0].reason
    with pytest.raises(InputError, match=reason):  # without ``rejected``, line 1 still raises
        parse_text(text, "a.jsonl")


def test_bad_first_abmusu_line_is_rejected_alone() -> None:
    good = json.dumps({"single_documents": [{"raw_text": "Thân."}], "summary": "Tóm."})
    rejected: list[RejectedInput] = []
    docs = parse_text('{"single_documents": [\n' + good + "\n", "t.jsonl", rejected=rejected)
    assert [d.group for d in docs] == ["t.jsonl:2"] and [r.source for r in rejected] == ["t.jsonl:1"]


def test_pretty_printed_json_is_not_read_line_by_line() -> None:
    text = "[\n" + _article_line(1) + ",\n" + _article_line(2) + "\n]\n"
    with pytest.raises(InputError, match="not a complete JSON object"):
        detect_format(text, "f")


def test_jsonl_line_with_undecodable_bytes_is_rejected_alone(tmp_path: Path) -> None:
    # D3: one corrupt line rejected the whole file ("mixed encodings")
    lines = [_article_line(n).encode() for n in (1, 2, 3)]
    lines[1] = b'{"title": "caf\xe9", "text": "\xff\xfe"}'
    f = _write(tmp_path / "a.jsonl", b"\n".join(lines) + b"\n")
    result = read_inputs([f])
    assert [d.source for d in result.documents] == [f"{f}:1", f"{f}:3"]
    assert [r.source for r in result.rejected] == [f"{f}:2"]
    assert "not valid UTF-8" in result.rejected[0].reason
    with pytest.raises(InputError, match="mixed encodings"):  # without ``rejected``: whole file
        read_path(f)
    # a plain-text article is one unit: a bad line still rejects it whole
    text = _write(tmp_path / "b.txt", "Tiêu đề\n\nĐoạn một.\n".encode() + b"caf\xe9 \xff\xfe\n")
    assert [r.source for r in read_inputs([text]).rejected] == [str(text)]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    # D9: the same article named twice (or inside a folder also given) was cited as 2 sources
    a = _write(tmp_path / "a.txt", "Tiêu đề\n\nĐoạn văn của bài báo.\n".encode())
    b = _write(tmp_path / "b.txt", "Tiêu đề khác\n\nĐoạn văn khác.\n".encode())
    (tmp_path / "link.txt").symlink_to(a)
    result = read_inputs([a, str(a), tmp_path / ".." / tmp_path.name / "a.txt", tmp_path, b])
    assert [Path(d.source).name for d in result.documents] == ["a.txt", "b.txt"]
    assert result.rejected == ()
    seen: set[str] = set()  # shared between calls
    assert len(read_inputs([a], seen=seen).documents) == 1
    assert read_inputs([tmp_path], seen=seen).documents[0].source == str(b)


MARKDOWN_PAGE = """[Trang chủ](https://x.vn/) > [Thời sự](https://x.vn/thoi-su.htm)

# Hà Nội thí điểm thu phí ô tô vào nội đô từ tháng 7-2027

**TTO - UBND TP Hà Nội vừa thông qua đề án thí điểm thu phí ô tô đi vào nội đô từ tháng 7-2027.**

![Ùn tắc giờ cao điểm - Ảnh: DANH KHANG](https://cdn.x.vn/a.jpg)

Theo đề án, giai đoạn đầu Hà Nội sẽ thu phí tại 2 khu vực trong vành đai 1 và vành đai 2.

Ông Nguyễn Phi Thường cho biết *toàn bộ* nguồn thu dùng cho [giao thông công cộng](/gtcc.htm).

**DANH KHANG**
"""


def test_markdown_scrape_is_read_as_plain_text() -> None:
    from diemtin.cleaner import clean_article

    (doc,) = parse_text(MARKDOWN_PAGE, "m.txt")
    assert "**" not in doc.text and "](" not in doc.text and "#" not in doc.text
    art = clean_article(doc)
    assert art.title == "Hà Nội thí điểm thu phí ô tô vào nội đô từ tháng 7-2027"
    assert art.outlet == "Tuổi Trẻ" and art.credit == "DANH KHANG"  # ("TTO -")
    assert art.paragraphs[0].startswith("UBND TP Hà Nội vừa thông qua")
    assert art.paragraphs[-1] == (
        "Ông Nguyễn Phi Thường cho biết toàn bộ nguồn thu dùng cho giao thông công cộng."
    )
    assert diemtin.clean(MARKDOWN_PAGE) == dataclasses.replace(art, source_path="<text>")  # a str too


def test_markdown_linked_images_and_urls_with_brackets_leave_nothing() -> None:
    from diemtin.ingest.formats import markdown_removed

    text = (
        "[![Image 1: Cầu Tứ Liên](https://cdn.x.vn/a_(1).jpg)](https://x.vn/c.htm)\n"
        "Xem [Hà Nội](https://vi.wikipedia.org/wiki/Hà_Nội_(thành_phố)) nhé.\n"
        '[![ảnh](https://cdn.x.vn/b.jpg "Ảnh")](https://x.vn/d.htm "Bài") [Bài khác](/e.htm) (tin cũ)'
    )
    assert markdown_removed(text) == "\nXem Hà Nội nhé.\n Bài khác (tin cũ)"


@pytest.mark.parametrize(
    "text",
    [
        "Giá vàng tăng mạnh\n\nGiá vàng hôm nay [cập nhật 9h] tăng 2 * 3 lần so với (tuần trước).",
        "#Hanoi là hashtag\n\nBài viết có một **chữ đậm** duy nhất và không có liên kết nào.",
    ],
)
def test_plain_text_with_brackets_or_one_bold_is_not_markdown(text: str) -> None:
    (doc,) = parse_text(text, "p.txt")
    assert doc.text == text
