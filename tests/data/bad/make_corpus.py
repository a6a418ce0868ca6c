"""Write the committed bad-input corpus (run from the repository root; output is deterministic).

    python tests/data/bad/make_corpus.py [OUTPUT_DIR]

All article text is written for this corpus (no shared data). The huge and special cases
(50 MB single line, 100k tiny lines, symlink loops, an unreadable file, a FIFO) are made at
test time by ``tests/test_bad_inputs.py`` instead of being committed. ``expected.tsv`` lists
every case with its documented outcome.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "src"))

from diemtin.ingest.legacy import encode_cp1258, encode_tcvn3, encode_viqr, encode_vni  # noqa: E402

TITLE = "Nga và NATO nối lại kênh đối thoại sau gần hai năm"
LEAD = ("Hội đồng NATO - Nga đã họp lại ở cấp đại sứ tại Brussels ngày 20/4, cuộc gặp chính "
        "thức đầu tiên của hai bên sau gần hai năm không nhóm họp.")
BODY = [
    "Theo các nhà ngoại giao dự họp, hai bên vẫn bất đồng sâu sắc về tình hình Ukraine và các "
    "hoạt động quân sự gần biên giới, nhưng đều coi việc ngồi lại với nhau là cần thiết để "
    "tránh hiểu lầm.",
    "Các ngoại trưởng NATO họp ngày 19 và 20/5 đã đồng ý tổ chức thêm một phiên họp của Hội "
    "đồng trước hội nghị thượng đỉnh của khối tại Vácsava vào tháng 7.",
    "Giới quan sát cho rằng các cuộc gặp như vậy khó tạo ra bước ngoặt ngay, song giúp duy trì "
    "một kênh liên lạc trong lúc căng thẳng giữa hai bên vẫn còn cao.",
]
ARTICLE = "\n\n".join(["Thế giới", TITLE, LEAD, *BODY, "Minh An", "Chia sẻ: Facebook Zalo"]) + "\n"


def _sections() -> list[str]:
    """Short articles cut from the committed 2,000-syllable text (a story's title and one of
    its paragraphs), so that the readable cases are different articles, not copies of one."""
    text = (HERE.parent / "encodings" / "vietnamese_2000.txt").read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.strip()]
    stories: list[list[str]] = []
    for block in blocks:
        if len(block.split()) < 15 and not block.startswith(("Chữ", "CHỮ", "Bảng")):
            stories.append([block])
        elif stories and not block.startswith(("Chữ", "CHỮ", "Bảng")):
            stories[-1].append(block)
    # one short article per paragraph: every readable case is a different article
    return ["\n\n".join(["Tin tức", s[0], para, "Minh An", "Chia sẻ: Facebook Zalo"]) + "\n"
            for s in stories if len(s) > 2 for para in s[1:]]


SECTIONS = _sections()
EN = ("NATO and Russia resume talks after almost two years\n\n"
      "The NATO-Russia Council met at ambassador level in Brussels on April 20, the first formal "
      "meeting of the two sides in almost two years, diplomats said.\n\n"
      "Foreign ministers of the alliance agreed on May 19 and 20 to hold another session of the "
      "council before the summit in Warsaw in July, according to officials who were there.\n\n"
      "Observers said that the talks were unlikely to bring a breakthrough, but that they would "
      "keep a channel open while tensions remain high on both sides.\n")
RU = ("НАТО и Россия возобновили диалог\n\n"
      "Совет Россия - НАТО провел заседание на уровне послов в Брюсселе 20 апреля, впервые почти "
      "за два года, сообщили дипломаты.\n\n"
      "Министры иностранных дел стран альянса договорились провести еще одно заседание совета до "
      "саммита в Варшаве в июле.\n\n"
      "Наблюдатели считают, что встречи не принесут быстрого прорыва, но сохранят канал связи.\n")

HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}"><title>{title}</title>
<meta property="og:site_name" content="Báo Thử"></head><body>
<nav><a href="/">Trang chủ</a> <a href="/the-gioi">Thế giới</a> <a href="/kinh-te">Kinh tế</a></nav>
<article><h1>{title}</h1>{paras}</article>
<aside><h3>Tin liên quan</h3><a href="/x">Montenegro sắp gia nhập liên minh</a></aside>
<footer>© 2016 Báo Thử. Giấy phép số 1/GP-BTTTT.</footer></body></html>
"""


def html(charset: str = "utf-8", title: str = TITLE, paras: list[str] | None = None) -> str:
    body = "".join(f"<p>{p}</p>" for p in ([LEAD, *BODY] if paras is None else paras))
    return HTML.format(charset=charset, title=title, paras=body)


def page(article: str, charset: str = "utf-8") -> str:
    """A saved web page around one of the short articles."""
    _, title, para, *_ = (x for x in article.split("\n\n"))
    return html(charset, title, [para])


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("bai-bao.txt", date_time=(2016, 5, 20, 0, 0, 0)), ARTICLE)
    return buf.getvalue()


def cases() -> dict[str, bytes]:
    rnd = random.Random(7)
    utf8 = ARTICLE.encode()
    story = iter(SECTIONS)  # a different article for each readable case

    def mixed(encode: object) -> bytes:
        lines = next(story).split("\n")  # category, title: UTF-8; the rest: legacy
        return "\n".join(lines[:3]).encode() + b"\n" + encode("\n".join(lines[3:]))  # type: ignore[operator]

    def cut(data: bytes) -> bytes:
        data = data.rstrip(b"\n")
        return data[: len(data) - 1]  # inside the last (two-byte) character

    out: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace_only.txt": " \t\n\n   \u00a0\u200b\n\t\r\n".encode(),
        "binary_random.txt": bytes(rnd.randrange(256) for _ in range(4096)),
        "nul_bytes.txt": utf8[:200] + b"\x00\x00" + utf8[200:],
        "truncated_utf8.txt": cut((next(story).rstrip("\n") + " rồi.").encode()),
        "mixed_utf8_tcvn3.txt": mixed(encode_tcvn3),
        "mixed_utf8_cp1258.txt": mixed(encode_cp1258),
        "mixed_undecodable.txt": ARTICLE.encode()[:300].rsplit(b"\n", 1)[0] + b"\n\xff\xfe\x81\x8d\x9d garbage \xfa\n",
        "latin1_french.txt": "Le Conseil OTAN-Russie s'est réuni à Bruxelles; les ministres "
                             "ont décidé d'organiser une réunion supplémentaire.\n".encode("latin-1"),
        "legacy_too_short.txt": b"caf\xe9 ng\xe0y h\xf4m nay",
        "zip_named_txt.txt": zip_bytes(),
        "articles.zip": zip_bytes(),
        "pdf_named_txt.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "gzip_named_txt.txt": gzip.compress(utf8, mtime=0),
        "png_named_txt.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17),
        "jpeg_named_txt.txt": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20),
        "elf_named_txt.txt": b"\x7fELF\x02\x01\x01" + bytes(57),
        "sqlite_named_txt.txt": b"SQLite format 3\x00" + bytes(84),
        "utf8_bom.txt": b"\xef\xbb\xbf" + next(story).encode(),
        "utf16_bom.txt": next(story).encode("utf-16"),
        "utf16le_no_bom.txt": next(story).encode("utf-16-le"),
        "windows1258.txt": encode_cp1258(next(story)),
        "tcvn3.txt": encode_tcvn3(next(story)),
        "vni.txt": encode_vni(next(story)),
        "tcvn3_saved_as_utf8.txt": encode_tcvn3(next(story)).decode("cp1252").encode(),
        "viqr.txt": encode_viqr(ARTICLE).encode(),
        "nfd_decomposed.txt": unicodedata.normalize("NFD", next(story)).encode(),
        "old_mac_cr_line_ends.txt": next(story).replace("\n", "\r").encode(),
        "control_characters.txt": next(story).replace(" ", " \x01", 3).replace("a", "a\x07", 2).encode(),
        "emoji_and_bidi.txt": next(story).replace("\n\n", " 🌍\u200f\n\n", 2).encode(),
        "duplicate_a.txt": SECTIONS[-2].encode(),
        "duplicate_b.txt": SECTIONS[-2].encode(),
        "title_only.txt": (TITLE + "\n").encode(),
        "all_chrome.txt": "Trang chủ\nThời sự\nThế giới\nKinh tế\n\nChia sẻ: Facebook Zalo\n\n"
                          "Tin liên quan\n\n© 2016 Báo Thử. Giấy phép số 1/GP-BTTTT.\nLiên hệ "
                          "quảng cáo: 0901 234 567\n".encode(),
        "punctuation_only.txt": "...\n\n!!! ??? ---\n\n“” ‘’ … – —\n".encode(),
        "one_huge_word.txt": ("Tiêu đề\n\n" + "NATO" * 5_000 + "\n").encode(),
        "english_wire.txt": EN.encode(),
        "russian_wire.txt": RU.encode(),
        "json_truncated.json": b'{"title": "Nga va NATO", "text": "Hoi dong',
        "json_array.json": json.dumps([{"title": TITLE, "text": LEAD}], ensure_ascii=False).encode(),
        "jsonl_unknown_fields.jsonl": b'{"headline": "x", "story": "y"}\n',
        "jsonl_bad_line.jsonl": (json.dumps({"title": TITLE, "text": LEAD}, ensure_ascii=False)
                                 + '\n{"title": "x", "text": \n').encode(),
        "abmusu_without_documents.jsonl": b'{"single_documents": null, "summary": "x"}\n',
        "vims_without_content.txt": f"Title: {TITLE}\nSource: Báo Thử\nSummary: {LEAD}\n".encode(),
        "page.html": page(next(story)).encode(),
        "page_tcvn3_labelled_latin1.html": encode_tcvn3(page(next(story), "iso-8859-1"), errors="replace"),
        "page_all_chrome.html": html(paras=[]).replace("<h1>", "<div>").replace("</h1>", "</div>").encode(),
        "page_empty_body.html": b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
        "page_script_only.html": b"<html><body><script>var a = 1;" + b"a++;" * 500 + b"</script></body></html>",
        "page_deeply_nested.html": ("<html><body>" + "<div>" * 400 + f"<p>{LEAD}</p>"
                                    + "</div>" * 400 + "</body></html>").encode(),
        ".hidden_article.txt": utf8,
        "notes.md": b"# Notes\n\nNot an article file type.\n",
    }
    return out


def main(out: Path = HERE) -> None:
    """Write every committed case into ``out``."""
    for name, data in cases().items():
        (out / name).write_bytes(data)
    sub = out / "folder_named.txt"
    sub.mkdir(exist_ok=True)
    (sub / "inside.txt").write_bytes(SECTIONS[-1].encode())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
