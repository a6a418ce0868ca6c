"""The thin CLI: help with examples, exit codes, one-line errors naming the file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from diemtin.cli import (
    COMMANDS,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    LazyGroup,
    cli,
    main,
)

ARTICLE = """Thời sự

Hà Nội mưa lớn gây ngập nhiều tuyến phố

Trận mưa lớn kéo dài từ chiều qua đã khiến nhiều tuyến phố ở Hà Nội ngập sâu, giao thông ùn tắc nghiêm trọng.

Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, lượng mưa đo được tại nội thành phổ biến từ 100 đến 150 mm.

Nhiều phương tiện chết máy khi cố vượt qua các đoạn đường ngập như Nguyễn Trãi, Trường Chinh và Láng.

Công ty Thoát nước Hà Nội cho biết đã huy động hàng trăm công nhân túc trực tại các điểm ngập.
"""


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "diemtin.cli", *args], input=stdin, capture_output=True,
        text=True, timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    names = LazyGroup().list_commands(None)  # type: ignore[arg-type]
    assert "summarize" in names
    for name in names:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Example" in result.output, f"diemtin {name} --help has no example"
        assert f"diemtin {name}" in result.output
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0 and "Example" in top.output
    assert set(names) <= set(COMMANDS)


def test_summarize_file_and_stdin(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(["summarize", str(f), "--max-words", "40"])
    assert code == EXIT_OK, err
    assert out.strip() and "Thời sự" not in out
    code, out2, _ = run(["summarize", "--max-words", "40"], stdin=ARTICLE)
    assert code == EXIT_OK and out2 == out


def test_json_output_to_file(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "s.json"
    assert main(["summarize", str(f), "--format", "json", "-o", str(out)]) == EXIT_OK
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sentences"] and data["sentences"][0]["citations"][0]["article"] == 0


def test_partial_batch_exit_code_and_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "bad-utf8.txt").write_bytes(ARTICLE.encode("utf-8")[:-3] + b"\xff\xfe\xfd")
    code, out, err = run(["summarize", str(tmp_path)])
    assert code == EXIT_PARTIAL
    assert out.strip()
    lines = err.strip().splitlines()
    for name in ("empty.txt", "binary.txt", "bad-utf8.txt"):
        assert sum(name in line for line in lines) == 1, err
    assert all(line.startswith("diemtin: skipped ") for line in lines)


@pytest.mark.parametrize(
    ("args", "message", "exit_code"),
    [
        (["summarize", "/no/such/file.txt"], "no such file", EXIT_ERROR),
        (["summarize", "--method", "nope", "-"], "unknown method", EXIT_USAGE),
    ],
)
def test_errors_are_one_line(args: list[str], message: str, exit_code: int) -> None:
    code, _, err = run(args, stdin=ARTICLE)
    assert code == exit_code
    assert message in err
    assert len(err.strip().splitlines()) <= 2


def test_usage_error_exit_code() -> None:
    code, _, err = run(["summarize", "--max-words", "10", "--ratio", "0.1", "-"], stdin=ARTICLE)
    assert code in (1, 2) and "either" in err


def test_list_methods() -> None:
    code, out, _ = run(["summarize", "--list-methods"])
    assert code == 0 and {"lead", "centroid", "mmr"} <= set(out.split())


def test_unwritable_output_is_a_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, _, err = run(["summarize", str(f), "-o", str(tmp_path / "missing" / "x.md")])
    assert code == EXIT_ERROR
    assert err.strip().startswith("diemtin: error: cannot write") and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_bracketed_headline_is_summarised_not_refused_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    # D1: "[VIDEO] …" headlines are common; the article was refused as broken JSON
    (tmp_path / "a.txt").write_text(ARTICLE.replace("Hà Nội mưa", "[VIDEO] Hà Nội mưa"), encoding="utf-8")
    (tmp_path / "b.txt").write_text("{Tin nóng} " + ARTICLE, encoding="utf-8")
    assert main(["summarize", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) == EXIT_OK
    assert "skipped" not in capsys.readouterr().err


def test_a_file_named_twice_is_one_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # D9: "summarize a.txt a.txt" cited one article as two outlets [1][2]
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    assert main(["summarize", str(f), str(f), str(tmp_path), "--format", "json"]) == EXIT_OK
    assert len(json.loads(capsys.readouterr().out)["articles"]) == 1
