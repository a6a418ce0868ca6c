"""The worked example end to end: clean, summarise at 120 syllables, render Markdown.

The golden file pins the whole Markdown output. When a deliberate change moves it, regenerate
with ``DIEMTIN_UPDATE_GOLDEN=1 python -m pytest tests/test_example_golden.py`` and review
the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import diemtin
from diemtin.cli import EXIT_OK, main
from diemtin.render import render_markdown

GOLDEN = Path(__file__).parent / "golden" / "nato-russia.md"
REPO = Path(__file__).resolve().parents[1]
CHROME = (
    "Ảnh:", "TTXVN/Tin Tức", "Montenegro", "Chia sẻ", "Nên đọc", "End of content",
    "Không có tin nào", "quảng cáo", "Thu Phương", "Một phiên họp của Hội đồng Nga-NATO.",
    "Rao vặt", "Các đơn vị thông tin",
)


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # sources are shown by relative path (../shared/...): pin the directory they are relative to
    monkeypatch.chdir(REPO)


def _paths(example_dir: Path) -> list[str]:
    return [os.path.relpath(p, REPO) for p in sorted(example_dir.glob("*.txt"))]


def test_cleaned_example_has_no_chrome(example_dir: Path) -> None:
    for path in sorted(example_dir.glob("*.txt")):
        art = diemtin.clean(path.read_text(encoding="utf-8"))
        for para in art.paragraphs:
            for bad in CHROME:
                assert bad not in para, (path.name, bad, para)


def test_summary_states_the_key_facts_and_cites_both(example_dir: Path) -> None:
    summary = diemtin.summarize(_paths(example_dir), max_words=120)
    text = summary.text
    assert summary.words <= 120
    for line in text.splitlines():
        for bad in CHROME:
            assert bad not in line
    # the 20/4 ambassador-level meeting in Brussels, the first in ~2 years
    assert "20/4" in text and "Brussels" in text and "2 năm" in text and "đại sứ" in text
    # the agreement to hold another NATO-Russia Council meeting before the July Warsaw summit
    assert "tháng 7" in text and "Vácsava" in text and "đồng thuận" in text
    outlets = {c.outlet for s in summary.sentences for c in s.citations}
    assert outlets == {"TTXVN/Tin Tức", "DNVN"}


def test_markdown_matches_golden_file(example_dir: Path) -> None:
    markdown = render_markdown(diemtin.summarize(_paths(example_dir), max_words=120))
    if os.environ.get("DIEMTIN_UPDATE_GOLDEN"):
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8")


def test_cli_markdown_matches_golden_file(example_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    code = main(["summarize", *_paths(example_dir), "--max-words", "120", "--format", "markdown",
                 "-o", str(out)])
    assert code == EXIT_OK
    assert out.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
