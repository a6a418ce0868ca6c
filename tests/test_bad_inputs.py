"""The bad-input corpus: every case gives its documented outcome, and a batch over all of it
(plus the worked example) finishes, summarises, and lists each refused file with its reason.

Cases and outcomes: ``tests/data/bad/expected.tsv`` (see the README there).
"""

from __future__ import annotations

import csv
import importlib.util
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLE
from diemtin.cleaner import clean_article
from diemtin.cli import main
from diemtin.errors import InputError
from diemtin.ingest.read import iter_files, read_inputs, read_path
from diemtin.text.language import filter_vietnamese

BAD = Path(__file__).parent / "data" / "bad"
ROWS = list(csv.DictReader((BAD / "expected.tsv").open(encoding="utf-8"), delimiter="\t"))
BY_CASE = {r["case"]: r for r in ROWS}
OUTCOMES = {"article", "rejected", "no-body", "left-out", "skipped"}
_SENTENCE = "Hội đồng NATO - Nga họp ở cấp đại sứ tại Brussels sau gần hai năm gián đoạn. "


def make_generated(directory: Path) -> dict[str, str]:
    """Write the generated cases into ``directory``; returns {case: why it cannot be checked}."""
    cannot: dict[str, str] = {}
    chunk = (_SENTENCE * 2000).encode()
    with (directory / "huge_50mb_single_line.txt").open("wb") as fh:
        for _ in range(50_000_000 // len(chunk) + 1):
            fh.write(chunk)
    tiny = "Tiêu đề của tệp có rất nhiều dòng ngắn\n\n" + "\n".join(f"dòng {i}" for i in range(100_000))
    (directory / "tiny_lines_100k.txt").write_text(tiny, encoding="utf-8")
    os.symlink(directory, directory / "symlink_loop_dir")
    os.symlink("symlink_loop_file.txt", directory / "symlink_loop_file.txt")
    os.symlink("missing-target.txt", directory / "dangling_symlink.txt")
    unreadable = directory / "unreadable.txt"
    unreadable.write_text("Tiêu đề\n\n" + _SENTENCE * 3, encoding="utf-8")
    unreadable.chmod(0)
    if os.access(unreadable, os.R_OK):
        cannot["unreadable.txt"] = "running as root: a mode-000 file is still readable"
    os.mkfifo(directory / "fifo.txt")
    return cannot


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    directory = tmp_path_factory.mktemp("bad-generated")
    cannot = make_generated(directory)
    yield directory, cannot
    (directory / "unreadable.txt").chmod(0o600)


def observe(path: Path, walked: set[str]) -> tuple[str, str]:
    """What happens to one case: (outcome, reason)."""
    if str(path) not in walked and not any(w.startswith(str(path) + os.sep) for w in walked):
        return "skipped", ""
    result = read_inputs([path])
    if result.rejected:
        return "rejected", result.rejected[0].reason
    outcome, reason = "article", ""
    for doc in result.documents:
        try:
            art = clean_article(doc)
        except InputError as exc:
            return "no-body", exc.reason
        _, left_out = filter_vietnamese([art])  # what `diemtin summarize` does
        if left_out:
            outcome, reason = "left-out", left_out[0].reason
    return outcome, reason


# ---------------------------------------------------------------------------- the manifest

def test_manifest_lists_every_case_once() -> None:
    assert len(ROWS) >= 40 and len(BY_CASE) == len(ROWS)
    assert all(r["outcome"] in OUTCOMES and r["made"] in ("committed", "generated") for r in ROWS)
    assert all(r["reason"] for r in ROWS if r["outcome"] in ("rejected", "no-body", "left-out"))
    on_disk = {p.name for p in BAD.iterdir()} - {"expected.tsv", "README.md", "make_corpus.py"}
    assert on_disk == {r["case"] for r in ROWS if r["made"] == "committed"}


def test_committed_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (BAD / path.relative_to(tmp_path)).read_bytes(), path


# --------------------------------------------------------------------------- each outcome

@pytest.mark.parametrize("case", [r["case"] for r in ROWS if r["made"] == "committed"])
def test_committed_case(case: str) -> None:
    row = BY_CASE[case]
    walked = {str(p) for p in iter_files(BAD)}
    start = time.monotonic()
    outcome, reason = observe(BAD / case, walked)
    assert (outcome, row["reason"] in reason) == (row["outcome"], True), (case, outcome, reason)
    assert "\n" not in reason
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("case", [r["case"] for r in ROWS if r["made"] == "generated"])
def test_generated_case(case: str, generated: tuple[Path, dict[str, str]]) -> None:
    directory, cannot = generated
    if case in cannot:
        pytest.skip(cannot[case])
    row = BY_CASE[case]
    walked = {str(p) for p in iter_files(directory)}
    start = time.monotonic()
    outcome, reason = observe(directory / case, walked)
    assert (outcome, row["reason"] in reason) == (row["outcome"], True), (case, outcome, reason)
    assert time.monotonic() - start < 30


@pytest.mark.slow
def test_50mb_line_with_a_raised_size_limit(generated: tuple[Path, dict[str, str]]) -> None:
    directory, _ = generated
    with pytest.raises(InputError, match="more than any article paragraph"):
        read_path(directory / "huge_50mb_single_line.txt", max_bytes=64_000_000)


def test_explicit_paths_that_a_directory_walk_skips() -> None:
    """Named on the command line, even a .zip or .md file is read (and judged)."""
    assert "ZIP" in read_inputs([BAD / "articles.zip"]).rejected[0].reason
    assert read_inputs([BAD / "notes.md"]).documents  # a readable text file: read


# ------------------------------------------------------------------------------ the batch

def test_batch_over_the_whole_corpus_and_the_example(
    generated: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str],
) -> None:
    directory, cannot = generated
    example = [str(EXAMPLE)] if EXAMPLE.exists() else []
    start = time.monotonic()
    code = main(["summarize", str(BAD), str(directory), *example, "--format", "markdown",
                 "--max-words", "150"])
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    assert code == 3, err
    assert elapsed < 120
    assert "Traceback" not in err and out.strip()
    skipped = {
        line.removeprefix("diemtin: skipped ").split(": ", 1)[0]: line.split(": ", 2)[-1]
        for line in err.splitlines() if line.startswith("diemtin: skipped ")
    }
    for row in ROWS:
        base = BAD if row["made"] == "committed" else directory
        path = str(base / row["case"])
        listed = {k: v for k, v in skipped.items() if k == path or k.startswith(path + ":")}
        if row["outcome"] in ("rejected", "no-body", "left-out") and row["case"] not in cannot:
            assert listed, f"{row['case']} is not listed as skipped"
            assert any(row["reason"] in v for v in listed.values()), (row["case"], listed)
        elif row["outcome"] in ("article", "skipped"):
            assert not listed, (row["case"], listed)
    sources = out.split("**Nguồn (sources)**")[-1]
    for row in ROWS:
        if row["outcome"] == "article" and row["made"] == "committed" and row["case"] != "folder_named.txt":
            assert f"`{BAD / row['case']}`" in sources, row["case"]
    if example:
        refs = [line.split(".", 1)[0] for line in sources.splitlines() if str(EXAMPLE) in line]
        assert len(refs) == 2  # both example articles were read and cleaned
        cited = "\n".join(line for line in out.splitlines() if line.startswith("- "))
        assert any(f"[{ref}]" in cited for ref in refs), out


def test_a_file_name_cannot_forge_a_message_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a name with a line break printed raw let a file add its own "skipped" line
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tin tức.txt").write_text("Tiêu đề\n\n" + _SENTENCE * 3, encoding="utf-8")
    (folder / "evil\ndiemtin: skipped fake.txt: spoofed.txt").write_bytes(b"\x00\xff" * 64)
    assert main(["summarize", str(folder)]) == 3
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("diemtin:")]
    assert len(err) == 1 and "evil\\ndiemtin: skipped fake.txt" in err[0], err
