"""Encodings: legacy tables, exact round trips, explainable detection, accuracy on ViMs."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import VIMS_DEV, need
from diemtin.errors import InputError, without_cli_hints
from diemtin.ingest.encoding import (
    EncodingGuess,
    canonical_encoding,
    decode_bytes,
    detect_and_decode,
    detect_encoding,
)
from diemtin.ingest.legacy import (
    CODECS,
    TCVN3_DECODE,
    VIETNAMESE_LETTERS,
    LegacyEncodeError,
    decode_tcvn3,
    decode_viqr,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_viqr,
    encode_vni,
)
from diemtin.ingest.read import read_path
from diemtin.text.normalize import normalize_text
from diemtin.text.words import tokenize

DATA = Path(__file__).parent / "data" / "encodings"
TEXT_2000 = (DATA / "vietnamese_2000.txt").read_text(encoding="utf-8")

BYTE_ENCODERS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "cp1258": encode_cp1258,
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
}


# ----------------------------------------------------------------------------- tables

def test_every_vietnamese_letter_is_in_every_table() -> None:
    assert len(VIETNAMESE_LETTERS) == 134
    for ch in VIETNAMESE_LETTERS:
        for name in ("tcvn3", "vni", "cp1258", "viqr-strict"):
            encode, _ = CODECS[name]
            encode(ch)  # raises when missing


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
def test_tcvn3_chart_agrees_with_glibc() -> None:
    """An independent check of the hand-written chart: glibc's TCVN5712-1 converter."""
    probe = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"a",
                           capture_output=True)
    if probe.returncode:
        pytest.skip("this iconv has no TCVN5712-1")
    for byte, char in TCVN3_DECODE.items():
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
                             capture_output=True, check=True).stdout.decode()
        assert out == char, hex(byte)


def test_known_words_from_the_charts() -> None:
    # VNI: base letter + mark byte (chart values typed in by hand)
    assert decode_vni(b"Vie\xe4t Nam") == "Việt Nam"
    assert decode_vni(b"ng\xf6\xf4\xf8i") == "người"
    assert decode_vni(b"\xd1a\xf8 Na\xfcng") == "Đà Nẵng"
    assert decode_vni(b"ch\xf6a ky\xee") == "chưa kỵ"
    assert decode_vni(b"VIE\xc4T") == "VIỆT"
    # TCVN3: one byte per letter
    assert decode_tcvn3(b"Vi\xd6t Nam") == "Việt Nam"
    assert decode_tcvn3(b"H\xb5 N\xe9i") == "Hà Nội"
    assert decode_tcvn3(b"\xa7\xae") == "Đđ"
    # Windows-1258: base letter + combining tone mark
    assert decode_bytes(b"Vi\xea\xf2t Nam \xf0\xfd\xf5\xf2c", "f", "cp1258") == "Việt Nam được"
    # VIQR (RFC 1456)
    assert decode_viqr("Vie^.t Nam ddu+o+.c") == "Việt Nam được"


def test_tcvn3_context_rules() -> None:
    # Windows-1252 punctuation in 0x80-0x9F next to words stays punctuation ...
    assert decode_tcvn3(b"\x93H\xb5 N\xe9i\x94 \x96 Nga\x96NATO \x85") == "“Hà Nội” – Nga–NATO …"
    assert decode_tcvn3(b"A35 - BCA\x94 v\xedi") == "A35 - BCA” với"
    # ... and is a VN1 capital inside an all-caps word
    assert decode_tcvn3(b"C\x97NG H\x92A") == "CỘNG HÒA"
    # an all-caps font (.VnTimeH) stores capitals as lower-case codes
    assert decode_tcvn3(b"VI\xd6T NAM") == "VIỆT NAM"
    assert decode_tcvn3(b"M\xfc") == "Mỹ"


def test_unencodable_characters() -> None:
    with pytest.raises(LegacyEncodeError):
        encode_tcvn3("中")
    assert encode_vni("a中b", errors="replace") == b"a?b"


# ------------------------------------------------------------------------- round trips

def test_fixture_has_2000_syllables() -> None:
    assert len(TEXT_2000.split()) >= 2000
    assert set(VIETNAMESE_LETTERS) <= set(TEXT_2000)


@pytest.mark.parametrize("name", ["tcvn3", "vni", "cp1258", "viqr-strict"])
def test_legacy_round_trip_is_exact(name: str) -> None:
    encode, decode = CODECS[name]
    assert decode(encode(TEXT_2000)) == TEXT_2000


@pytest.mark.parametrize("name", sorted(BYTE_ENCODERS))
def test_detected_round_trip_is_exact(name: str) -> None:
    text, guess = detect_and_decode(BYTE_ENCODERS[name](TEXT_2000), "t.txt")
    assert guess.encoding == name
    assert text == TEXT_2000


def test_viqr_is_read_only_on_request() -> None:
    viqr = encode_viqr(TEXT_2000).encode()
    text, guess = detect_and_decode(viqr, "v.txt")
    assert guess.encoding == "utf-8" and "Vie^.t" not in TEXT_2000 and text == viqr.decode()
    text, guess = detect_and_decode(viqr, "v.txt", "viqr-strict")
    assert text == TEXT_2000 and guess.reason == "named with --encoding"


def test_viqr_default_reading_of_sentence_ends() -> None:
    assert decode_viqr("To^i ddi\\. Anh ddi kho^ng?\nCo'.") == "Tôi đi. Anh đi không?\nCó."
    assert decode_viqr("Anh ddi?\n(ddi.)") == "Anh đi?\n(đi.)"
    assert decode_viqr("To^i ddi.") == "Tôi đi."
    assert decode_viqr("To^i ddi.", strict=True) == "Tôi đị"
    assert decode_viqr("ddi\\. Addis", strict=True) == "đi. Ađis"
    assert decode_viqr(encode_viqr("đi. Addis \\"), strict=True) == "đi. Addis \\"
    # the lenient reading's known cost: a dot-below before a capitalised word
    ours = tokenize(decode_viqr(encode_viqr(TEXT_2000)))
    gold = tokenize(TEXT_2000)
    assert len(ours) == len(gold)
    assert sum(a == b for a, b in zip(ours, gold, strict=True)) / len(gold) > 0.99


# --------------------------------------------------------------------------- detection

@pytest.mark.parametrize(
    ("fixture", "encoding"),
    [
        ("sample.utf8.txt", "utf-8"),
        ("sample.utf16.txt", "utf-16"),
        ("sample.cp1258.txt", "cp1258"),
        ("sample.tcvn3.txt", "tcvn3"),
        ("sample.vni.txt", "vni"),
        ("sample.tcvn3-in-utf8.txt", "utf-8+tcvn3"),
        ("sample.vni-in-utf8.txt", "utf-8+vni"),
        ("sample.viqr.txt", "utf-8"),
    ],
)
def test_committed_fixtures(fixture: str, encoding: str) -> None:
    data = (DATA / fixture).read_bytes()
    text, guess = detect_and_decode(data, fixture)
    assert guess.encoding == encoding, guess
    expected = (DATA / "sample.utf8.txt").read_text(encoding="utf-8")
    if encoding != "utf-8" or fixture == "sample.utf8.txt":
        assert text == expected
    assert 0 < guess.confidence <= 1 and guess.reason
    assert str(guess).startswith(f"{encoding} (confidence ")


def test_detection_explains_itself() -> None:
    guess = detect_encoding(encode_tcvn3(TEXT_2000[:600]))
    assert isinstance(guess, EncodingGuess)
    assert guess.encoding == "tcvn3" and guess.confidence > 0.8
    assert "TCVN3 100%" in guess.reason and "VNI" in guess.reason
    assert "Windows-1258 undecodable" in guess.reason
    assert dict(guess.candidates)["tcvn3"] == 1.0


def test_utf16_without_bom() -> None:
    text, guess = detect_and_decode(TEXT_2000[:500].encode("utf-16-le"), "u.txt")
    assert guess.encoding == "utf-16-le" and text == TEXT_2000[:500]


def test_truncated_utf8_drops_only_the_cut_character() -> None:
    data = "Tin mới nhất về Việ".encode()[:-1]
    text, guess = detect_and_decode(data, "t.txt")
    assert text == "Tin mới nhất về Vi" and "2 trailing byte" in guess.reason


def test_mixed_utf8_and_legacy_lines() -> None:
    top = "Tin mới\n\nNgười dân hai bên đường đã bàn giao mặt bằng.\n".encode()
    bottom = encode_tcvn3("Những người làm nghề gốm vẫn giữ lò củi truyền thống.\n")
    text, guess = detect_and_decode(top + bottom, "m.txt")
    assert guess.encoding == "utf-8+tcvn3" and "mixed" in guess.reason
    assert text.endswith("Những người làm nghề gốm vẫn giữ lò củi truyền thống.\n")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"caf\xe9 au lait, cr\xe8me br\xfbl\xe9e et g\xe2teau", "not recognisable"),
        (b"caf\xe9 ng\xe0y h\xf4m nay", "too little Vietnamese text"),
        ("Tin mới\n".encode() + b"\xff\xfe\xfa garbage \x81\x8d\n", "mixed encodings"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"text\x00with\x00nul", "NUL"),
        (b"\xef\xbb\xbfBOM then \xff", "byte-order mark"),
    ],
)
def test_refusals_name_the_problem(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as err:
        decode_bytes(data, "bad.txt")
    assert "\n" not in str(err.value) and str(err.value).startswith("bad.txt: ")


def test_named_encodings() -> None:
    assert canonical_encoding("ABC") == "tcvn3"
    assert canonical_encoding("Windows-1258") == "cp1258"
    assert canonical_encoding("latin_1") == "iso8859-1"
    assert decode_bytes(encode_vni("Việt Nam"), "f", "vni") == "Việt Nam"
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"x", "f", "klingon")
    with pytest.raises(InputError, match="not valid UTF-8"):
        decode_bytes(b"\xff", "f", "utf-8")


def test_a_wrong_named_encoding_says_to_drop_it_when_detection_reads_the_file() -> None:
    text = (DATA / "sample.utf8.txt").read_text(encoding="utf-8")
    for data, found in ((text.encode("utf-16-le"), "UTF-16-LE"), (text.encode("utf-16"), "UTF-16"),
                        (encode_cp1258(text), "Windows-1258")):
        with pytest.raises(InputError) as err:
            decode_bytes(data, "in/u16.txt", "utf-8")
        reason = err.value.reason
        assert reason.startswith("not valid UTF-8 (byte ") and reason.endswith(
            f"; auto-detection reads it as {found} (drop --encoding to detect it)"), reason
        assert "\n" not in str(err.value)
        # where there is no --encoding (the web API, eval), the hint goes
        assert without_cli_hints(reason) == reason.partition(";")[0]
    with pytest.raises(InputError) as err:  # nothing reads it: no hint that would not help
        decode_bytes(b"abc\xff\xfe\x00\x01\x02", "bin.txt", "utf-8")
    assert err.value.reason == "not valid UTF-8 (byte 0xff at offset 3)"


@pytest.mark.parametrize("named", ["latin-1", "tcvn3", "vni", "cp1258"])
def test_utf8_named_as_a_one_byte_code_page_is_refused_not_misread(named: str) -> None:
    text = (DATA / "sample.utf8.txt").read_text(encoding="utf-8")
    with pytest.raises(InputError) as err:  # latin-1 decodes any bytes: "Há»\x99i đồng"
        decode_bytes(text.encode("utf-8"), "in/a.txt", named)
    assert err.value.reason.endswith("; auto-detection reads it as UTF-8 (drop --encoding to detect it)")
    ascii_only = "Hoi dong NATO - Nga hop tai Brussels."
    assert decode_bytes(ascii_only.encode(), "a.txt", named) == ascii_only  # nothing to misread


def test_html_declared_charset_breaks_no_tie() -> None:
    page = b'<html><head><meta charset="windows-1258"></head><body>' + encode_cp1258(
        "Người dân hai bên đường đã bàn giao mặt bằng từ đầu tháng.") + b"</body></html>"
    text, guess = detect_and_decode(page, "p.html")
    assert guess.encoding == "cp1258" and "declared" in guess.reason
    assert "Người dân" in text


# ------------------------------------------------------------ accuracy on ViMs articles

PER_ENCODING = 60


def _vims_texts() -> list[str]:
    files = sorted(need(VIMS_DEV).glob("Cluster_*/original/*.txt"))
    step = max(1, len(files) // PER_ENCODING)
    return [normalize_text(f.read_text(encoding="utf-8")) for f in files[::step][:PER_ENCODING]]


def _representable(text: str, name: str) -> str:
    encode = BYTE_ENCODERS[name]

    def ok(ch: str) -> bool:
        try:
            encode(ch)
        except (LegacyEncodeError, UnicodeEncodeError):
            return False
        return True

    return "".join(c if ok(c) else "?" for c in text)


def test_detection_accuracy_on_vims_built_files(tmp_path: Path) -> None:
    """>= 50 files per encoding, written at test time from ../shared ViMs articles and read
    through the normal file reader: every one must be detected and decoded exactly."""
    texts = _vims_texts()
    assert len(texts) >= 50
    hits: Counter[str] = Counter()
    for name, encode in BYTE_ENCODERS.items():
        for i, text in enumerate(texts):
            legacy = name in CODECS
            expected = _representable(text, name) if legacy else text
            data = encode(text, errors="replace") if legacy else encode(text)  # type: ignore[call-arg]
            path = tmp_path / f"{name}_{i}.txt"
            path.write_bytes(data)
            got, guess = detect_and_decode(data, str(path))
            assert guess.encoding == name, (path, guess)
            assert got == expected, path
            (doc,) = read_path(path)  # the whole reader agrees
            assert doc.text == normalize_text(expected).strip() or doc.structured
            hits[name] += 1
    assert all(hits[n] == len(texts) for n in BYTE_ENCODERS), hits


# ------------------------------------------------------------------------ diemtin inspect

def test_inspect_prints_encoding_format_language_and_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from diemtin.cli import main

    path = tmp_path / "tcvn3.txt"
    path.write_bytes(encode_tcvn3((DATA / "sample.utf8.txt").read_text(encoding="utf-8")))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "encoding: tcvn3 (confidence" in out and "TCVN3 100%" in out
    assert "format:   news-text" in out
    assert "language: vi (kept" in out
    assert "  title | Đường ven sông được mở rộng trước mùa mưa" in out
    assert "  lead  | Ủy ban nhân dân thành phố" in out
    assert main(["inspect", "--json", str(path), str(tmp_path / "nope.txt")]) == 3
    reports = json.loads(capsys.readouterr().out)
    assert reports[0]["encoding"]["encoding"] == "tcvn3"
    assert reports[0]["documents"][0]["language"]["language"] == "vi"
    assert ["title", "Đường ven sông được mở rộng trước mùa mưa"] in reports[0]["documents"][0]["lines"]
    assert reports[1]["rejected"] == "no such file or directory"


@pytest.mark.parametrize("errors", ["strict", "replace"])
def test_utf8_saved_again_after_a_windows_1252_misreading_is_repaired(errors: str) -> None:
    # "Ká»ƒ tá»« khi…" used to pass the language gate and be summarised as garbage
    from diemtin.ingest.encoding import detect_and_decode

    text = ("Kể từ khi Hội đồng NATO - Nga họp ở cấp đại sứ tại Brussels, quan hệ hai bên đã có "
            "nhiều thay đổi đáng kể.\n")
    shown = (text.encode("utf-8").decode("latin-1") if errors == "strict"
             else text.encode("utf-8").decode("cp1252", errors="replace"))  # "họp" loses a byte
    decoded, guess = detect_and_decode(shown.encode("utf-8"), "a.txt")
    assert guess.encoding == "utf-8+mojibake"
    if errors == "strict":
        assert decoded == text
    else:
        assert decoded.startswith("Kể từ khi Hội đồng NATO - Nga h\ufffdp ở cấp")
        assert "letter(s) were lost" in guess.reason


@pytest.mark.parametrize("where", [0.1, 0.5, 0.99])
def test_nul_bytes_are_judged_the_same_wherever_they_are(where: float) -> None:
    # D10: a NUL in the first 8 KiB rejected the file as binary, a later one was dropped silently
    text = ("Tiêu đề bài báo\n\n" + "Đoạn văn của bài báo về thời tiết Hà Nội hôm nay. " * 400).encode()
    at = int(len(text) * where)
    while text[at] & 0xC0 == 0x80:  # not inside a character
        at += 1
    stray = text[:at] + b"\x00" + text[at:]
    decoded, guess = detect_and_decode(stray, "a.txt")
    assert "\x00" not in decoded and decoded == text.decode()
    assert "1 stray NUL byte removed" in guess.reason
    many = text[:at] + b"\x00" * (len(text) // 50) + text[at:]  # 2% NULs: binary
    with pytest.raises(InputError, match=r"binary file .*save it again as plain UTF-8"):
        detect_and_decode(many, "a.txt")


_LOSSY = ("NATO k? tho? thu?n k?t n?p Montenegro, Nga do? d?p tr?\n\n"
          "C?c Ngo?i tr??ng NATO ?? k? tho? thu?n cho ph?p Montenegro tr? th?nh th?nh vi?n c?a "
          "li?n minh n?y, trong s? ph?n ??i c?a Nga.\n")
_GOOD = ("NATO ký thỏa thuận kết nạp Montenegro\n\nCác ngoại trưởng NATO đã ký thỏa thuận cho "
         "phép Montenegro trở thành thành viên của liên minh. Nga phản ứng ra sao? Xem thêm tại "
         "http://a.vn/x.php?id=3&b=4.\n")


def test_a_file_that_lost_its_letters_is_refused_and_a_batch_goes_on(tmp_path: Path) -> None:
    # an audit's file: saved as ASCII, every Vietnamese letter became '?'; it was summarised
    # in silence and its garbled sentences reached a digest
    from diemtin.ingest.read import read_inputs

    lossy, good = tmp_path / "lossy.txt", tmp_path / "good.txt"
    lossy.write_text(_LOSSY, encoding="ascii")
    good.write_text(_GOOD, encoding="utf-8")
    with pytest.raises(InputError, match=r"letters are lost .* save it again as UTF-8"):
        read_path(lossy)
    assert len(read_path(good)) == 1  # question marks and a link's query are no lost letters
    result = read_inputs([lossy, good])
    assert [d.source for d in result.documents] == [str(good)]
    assert [r.source for r in result.rejected] == [str(lossy)]
    # one lossy line of a JSONL file is left out, the others kept
    import json

    jl = tmp_path / "feed.jsonl"
    jl.write_text("\n".join(json.dumps({"title": t.split("\n")[0], "text": t}, ensure_ascii=False)
                            for t in (_GOOD, _LOSSY)) + "\n", encoding="utf-8")
    rejected: list = []
    assert len(read_path(jl, rejected=rejected)) == 1
    assert len(rejected) == 1 and "letters are lost" in rejected[0].reason
