"""The Vietnamese-language gate: syllable shapes, languages, and the summary filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from diemtin.text.language import (
    filter_vietnamese,
    is_vietnamese,
    is_vietnamese_syllable,
    syllable_stats,
)
from diemtin.types import Article

VI = (
    "Ủy ban nhân dân thành phố cho biết dự án mở rộng con đường ven sông sẽ hoàn thành trước "
    "khi mùa mưa bắt đầu. Ông Trần Văn Hùng nói rằng các đội thi công đang làm việc cả ngày."
)
EN = (
    "NATO Secretary General Jens Stoltenberg said on Thursday that the alliance would help "
    "Egypt search for the missing plane if it was asked to, and that talks with Russia were "
    "expected to resume in Brussels after a break of almost two years."
)
RU = (
    "Генеральный секретарь НАТО Йенс Столтенберг заявил, что альянс поможет Египту в поисках "
    "пропавшего самолета, если его об этом попросят."
)


@pytest.mark.parametrize(
    "word",
    ["người", "quý", "giếng", "khuya", "Việt", "được", "nghiêng", "hoà", "hòa", "thuở", "xoong",
     "chuyện", "khuỷu", "rượu", "gìn", "giặc", "quyết", "các", "ạ", "ừ", "ấy", "gì", "NGƯỜI"],
)
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    # legacy bytes read with the wrong table, foreign words, two tones, a checked syllable
    # with a tone it cannot take
    ["Vieät", "ViÖt", "Hµ", "Néi", "vieọt", "hotel", "café", "ỏõ", "bãt", "mot", "straße"],
)
def test_invalid_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


def test_syllable_stats() -> None:
    st = syllable_stats("Việt Nam ViÖt ¸ café")
    assert (st.marked, st.valid, st.junk) == (3, 1, 1)
    assert st.share == pytest.approx(1 / 4)


@pytest.mark.parametrize(
    ("text", "language", "ok"),
    [
        (VI, "vi", True),
        (EN, "en", False),
        (RU, "ru", False),
        ("Tong thu ky NATO ngay 19/5 cho biet, neu Ai Cap de nghi, lien minh nay se ho tro "
         "cong tac tim kiem cua may bay va nguoi", "vi", True),
        ("To^ng thu+ ky' NATO nga`y 19/5 cho bie^'t, ne^'u Ai Ca^.p dde^` nghi., lie^n minh "
         "na`y se~ ho^~ tro+.", "other", False),
        ("Tin ngắn", "unknown", True),
        ("Le président de la République a reçu hier à l'Élysée son homologue pour évoquer "
         "la coopération économique entre les deux pays", "other", False),
    ],
)
def test_languages(text: str, language: str, ok: bool) -> None:
    check = is_vietnamese(text)
    assert check.language == language, check
    assert check.is_vietnamese is ok and bool(check) is ok
    assert check.reason


def test_viqr_hint() -> None:
    assert "--encoding viqr" in is_vietnamese(
        "To^ng thu+ ky' NATO nga`y 19/5 cho bie^'t, ne^'u Ai Ca^.p dde^` nghi., lie^n minh").reason


def test_vietnamese_quoting_english_stays_vietnamese() -> None:
    text = VI + ' Ông nói: "We will finish the road before the rainy season."'
    assert is_vietnamese(text).language == "vi"


def test_english_quoting_vietnamese_names_stays_english() -> None:
    text = EN + " Prime Minister Nguyễn Xuân Phúc and Deputy Minister Lê Hoài Trung attended."
    assert is_vietnamese(text).language == "en"


def test_filter_vietnamese() -> None:
    arts = [
        Article(title="Đường ven sông", paragraphs=[VI], source_path="vi.txt"),
        Article(title="Wire", paragraphs=[EN], source_path="en.txt"),
        Article(title="НАТО", paragraphs=[RU], source_path="ru.txt"),
    ]
    kept, out = filter_vietnamese(arts)
    assert [a.source_path for a in kept] == ["vi.txt"]
    assert [(r.source, r.reason.split(" (")[0]) for r in out] == [
        ("en.txt", "left out of the summary: English"),
        ("ru.txt", "left out of the summary: Russian"),
    ]
    assert all("--keep-foreign" in r.reason for r in out)


def test_example_articles_are_vietnamese() -> None:
    from conftest import EXAMPLE, need

    for path in sorted(need(EXAMPLE).glob("*.txt")):
        assert is_vietnamese(Path(path).read_text(encoding="utf-8")).language == "vi"


def test_summarize_leaves_foreign_articles_out_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from diemtin.cli import main

    body = " ".join([VI] * 3)
    (tmp_path / "a.txt").write_text(f"Đường ven sông\n\n{body}\n\n{VI}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Wire\n\n{EN}\n\n{EN}\n", encoding="utf-8")
    assert main(["summarize", str(tmp_path)]) == 3
    out, err = capsys.readouterr()
    assert f"skipped {tmp_path / 'b.txt'}: left out of the summary: English" in err
    assert "NATO" not in out
    assert main(["summarize", "--keep-foreign", str(tmp_path)]) == 0


def test_ingest_digest_and_the_api_apply_the_same_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    # ingest and POST /api/articles used to store an English article without a word, and
    # digest made it a story, while summarize left it out
    from diemtin.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    body = " ".join([VI] * 3)
    (folder / "a.txt").write_text(f"Đường ven sông\n\n{body}\n\n{VI}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Wire\n\n{EN}\n\n{EN}\n", encoding="utf-8")
    db = tmp_path / "news.db"
    assert main(["ingest", str(folder), "--db", str(db), "-q"]) == 3
    assert f"skipped {folder / 'b.txt'}: not stored: English" in capsys.readouterr().err
    assert main(["ingest", str(folder / "b.txt"), "--db", str(db), "-q", "--keep-foreign"]) == 0
    assert main(["digest", str(folder), "--format", "json"]) == 3
    out, err = capsys.readouterr()
    assert f"skipped {folder / 'b.txt'}: left out: English" in err and "Wire" not in out
    assert main(["digest", str(folder), "--format", "json", "--keep-foreign"]) == 0
    assert "Wire" in capsys.readouterr().out

    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from diemtin.web.app import create_app
    from diemtin.web.settings import Settings

    app = create_app(Settings(db=tmp_path / "api.db"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        r = client.post("/api/articles", json={"articles": [f"Wire\n\n{EN}\n\n{EN}"]})
        assert r.status_code == 422
        assert r.json()["rejected"][0]["reason"].endswith("; send keep_foreign: true to include it")
        r = client.post("/api/articles", json={"articles": [f"Wire\n\n{EN}\n\n{EN}"], "keep_foreign": True})
        assert r.status_code == 201
