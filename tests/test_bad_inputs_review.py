"""Bad inputs found by an adversarial review (session 9): each gets a one-line error naming the
input and the reason, a batch goes on past it, and nothing the user owns is clobbered."""

from __future__ import annotations

import json
import os
import stat
import threading
from datetime import datetime
from pathlib import Path

import click
import pytest

from diemtin.cli import main
from diemtin.commands.common import echo_or_fail, write_output
from diemtin.errors import InputError
from diemtin.ingest.encoding import canonical_encoding
from diemtin.ingest.fetch import Fetcher, FetchPolicy, check_url
from diemtin.ingest.formats import parse_text
from diemtin.ingest.read import iter_files, read_inputs
from diemtin.store import Store, StoreError, _Progress
from diemtin.types import RawDocument, RejectedInput

_BODY = "Hội đồng NATO - Nga họp ở cấp đại sứ tại Brussels sau gần hai năm gián đoạn. " * 3


def _article(title: str) -> str:
    return json.dumps({"title": title, "text": _BODY}, ensure_ascii=False)


# -- JSON inputs -----------------------------------------------------------------------------

def test_a_bad_jsonl_line_keeps_the_good_ones_and_reports_each_bad_one(tmp_path: Path) -> None:
    f = tmp_path / "part.jsonl"
    f.write_text("\n".join([_article("Một"), '{"title": "x", "text": "unterminated', _article("Hai"),
                            "[1, 2]", _article("Ba")]) + "\n", encoding="utf-8")
    result = read_inputs([f])
    assert [d.meta["title"] for d in result.documents] == ["Một", "Hai", "Ba"]
    assert [r.source for r in result.rejected] == [f"{f}:2", f"{f}:4"]
    assert result.rejected[0].reason == "invalid JSON (Unterminated string starting at column 24)"
    # the library call without a list to collect into stays strict
    with pytest.raises(InputError, match=r":2: invalid JSON"):
        parse_text(f.read_text(encoding="utf-8"), str(f))


def test_bad_lines_listed_per_file_are_capped(tmp_path: Path) -> None:
    from diemtin.ingest.formats import MAX_BAD_LINES_LISTED

    f = tmp_path / "mostly-bad.jsonl"
    f.write_text(_article("Một") + "\n" + "x\n" * (MAX_BAD_LINES_LISTED + 5), encoding="utf-8")
    result = read_inputs([f])
    assert len(result.documents) == 1
    assert len(result.rejected) == MAX_BAD_LINES_LISTED + 1
    assert str(result.rejected[-1]) == f"{f}: 5 more bad lines not listed (25 of 26 lines)"


def test_inspect_lists_bad_jsonl_lines_and_keeps_the_good_ones(tmp_path: Path) -> None:
    from diemtin.commands.inspect import inspect_input

    data = (_article("Một") + "\n{oops\n").encode()
    report = inspect_input(data, "part.jsonl")
    assert len(report.documents) == 1 and report.rejected is None
    assert report.bad_lines == (("part.jsonl:2", report.bad_lines[0][1]),)
    assert report.bad_lines[0][1].startswith("invalid JSON")


def test_inspect_reads_a_jsonl_line_by_line_when_one_line_does_not_decode() -> None:
    # as summarize and ingest do (a review's case): only the bad line is lost
    from diemtin.commands.inspect import inspect_input

    bad = _article("Hai").encode()[:-2] + b"\xff\xfe\x81\x8d\xff" + b'"}'
    data = _article("Một").encode() + b"\n" + bad + b"\n" + _article("Ba").encode() + b"\n"
    report = inspect_input(data, "mixed.jsonl")
    assert report.rejected is None and len(report.documents) == 2
    assert [where for where, _ in report.bad_lines] == ["mixed.jsonl:2"]


def test_inspect_exits_3_when_a_jsonl_line_was_rejected(tmp_path: Path) -> None:
    # D5: the help promises exit 3 when an input could not be read; a bad line is one
    f = tmp_path / "part.jsonl"
    f.write_text(_article("Một") + "\n{oops\n", encoding="utf-8")
    assert main(["inspect", "--no-lines", str(f)]) == 3
    f.write_text(_article("Một") + "\n", encoding="utf-8")
    assert main(["inspect", "--no-lines", str(f)]) == 0


def test_absurdly_nested_json_is_a_bad_input_not_a_crash(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "a_deep.jsonl").write_text(deep + "\n", encoding="utf-8")
    (tmp_path / "b_mid.jsonl").write_text(
        _article("Một") + "\n" + '{"a":' * 50_000 + "1" + "}" * 50_000 + "\n", encoding="utf-8")
    (tmp_path / "c_good.txt").write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    result = read_inputs([tmp_path])
    assert [d.source for d in result.documents] == [f"{tmp_path / 'b_mid.jsonl'}:1",
                                                    str(tmp_path / "c_good.txt")]
    assert [str(r) for r in result.rejected] == [
        f"{tmp_path / 'a_deep.jsonl'}: invalid JSON (nested too deeply to be an article)",
        f"{tmp_path / 'b_mid.jsonl'}:2: invalid JSON (nested too deeply to be an article)",
    ]


# -- encodings, folders, URLs ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["rot13", "base64", "hex", "zlib", "undefined"])
def test_bytes_to_bytes_codecs_are_not_text_encodings(tmp_path: Path, name: str) -> None:
    with pytest.raises(LookupError):
        canonical_encoding(name)
    f = tmp_path / "a.txt"
    f.write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    result = read_inputs([f], encoding=name)
    assert not result.documents and "unknown encoding" in result.rejected[0].reason
    assert canonical_encoding("utf-16") == "utf-16"


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path) -> None:
    rejected: list[RejectedInput] = []
    assert list(iter_files(tmp_path / "gone", rejected)) == []
    assert rejected == [RejectedInput(str(tmp_path / "gone"),
                                      "cannot list this folder (No such file or directory)")]
    (tmp_path / "good.txt").write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: a mode-000 folder is still readable")
        result = read_inputs([tmp_path])
        assert [d.source for d in result.documents] == [str(tmp_path / "good.txt")]
        assert [str(r) for r in result.rejected] == [
            f"{locked}: cannot list this folder (Permission denied)"]
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize(("url", "reason"), [
    ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
    ("http://[::1]:abc/", "URL with an invalid port"),
    ("file:///etc/passwd", "only http and https URLs are fetched, not a file: URL"),
    ("example.com/x", "only http and https URLs are fetched, not a URL without http:// or https://"),
])
def test_malformed_urls_are_refused_with_a_reason(url: str, reason: str) -> None:
    with pytest.raises(InputError) as err:
        check_url(url, FetchPolicy())
    assert err.value.reason == reason
    with Fetcher(FetchPolicy()) as f, pytest.raises(InputError) as err:
        f.get(url)  # refused before any request (robots.txt included)
    assert err.value.reason == reason


# -- output files ----------------------------------------------------------------------------

def test_output_keeps_symlinks_and_permissions(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_output("new", str(link))
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.txt"
    write_output("x", str(fresh))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask


def test_output_through_odd_symlinks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    with pytest.raises(click.ClickException, match=r"cannot write .*loop: Too many levels"):
        write_output("x", str(loop))
    dangling = tmp_path / "dangling"
    dangling.symlink_to("made.txt")
    write_output("made", str(dangling))
    assert dangling.is_symlink() and (tmp_path / "made.txt").read_text(encoding="utf-8") == "made"
    with pytest.raises(click.ClickException, match="names a folder"):
        write_output("x", str(tmp_path / "newdir") + "/")
    write_output("to stdout", "/dev/stdout")  # stdout itself: a redirected >> log is appended to
    assert capsys.readouterr().out == "to stdout"


def test_output_never_keeps_setuid_bits(tmp_path: Path) -> None:
    f = tmp_path / "tool"
    f.write_text("old", encoding="utf-8")
    f.chmod(0o4755)
    write_output("new", str(f))
    assert stat.S_IMODE(f.stat().st_mode) == 0o755


def test_output_to_a_pipe_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_output("through the pipe", str(fifo))
    reader.join(10)
    assert got == ["through the pipe"] and stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_on_stdout_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr("sys.stdout", full)
        with pytest.raises(click.ClickException, match="cannot write to stdout: No space left"):
            echo_or_fail("x" * 100_000)


# -- the store -------------------------------------------------------------------------------

def _ingest(db: Path, src: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["ingest", "--db", str(db), str(src)])
    return code, capsys.readouterr().err


def test_a_damaged_database_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    first = tmp_path / "first.txt"
    first.write_text("Tin một\n\n" + _BODY, encoding="utf-8")
    assert _ingest(db, first, capsys)[0] == 0
    Store(db).close()  # checkpoint the WAL into the file
    with db.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xff" * 4096)
    second = tmp_path / "second.txt"
    second.write_text("Tin hai\n\n" + _BODY.replace("Brussels", "Bruxelles"), encoding="utf-8")
    code, err = _ingest(db, second, capsys)
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"diemtin: error: {db}: cannot write to the database (database disk image is malformed): "
        "the file is damaged: restore it from a backup or start a new one with --db"
    ]


def test_a_refused_write_rolls_back_and_names_the_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.conn.execute("PRAGMA query_only = ON")
    f = tmp_path / "a.txt"
    f.write_text("Tin một\n\n" + _BODY, encoding="utf-8")
    with pytest.raises(StoreError, match=r"s\.db: cannot write to the database \(attempt to write a "
                                         r"readonly database\): make the file"):
        store.ingest_paths([f])
    store.conn.execute("PRAGMA query_only = OFF")
    assert store.ingest_paths([f]).inserted  # nothing half-written was left behind
    store.close()


def test_ids_beyond_sqlite_integers_name_no_row(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.get_article(10**20) is None and store.get_story(-(10**20)) is None


# -- evaluation ------------------------------------------------------------------------------

def _corpus_with_a_bad_article(tmp_path: Path) -> Path:
    import shutil

    from conftest import FIX_VIMS

    root = tmp_path / "vims"
    shutil.copytree(FIX_VIMS, root)
    first = sorted(p for p in root.iterdir() if p.is_dir())[0]
    (first / "original" / "zz.txt").write_bytes(b"Title: x\nContent:\nCaf\xe9 na\xefve \xff\xfe abc\n")
    return root


def test_eval_leaves_out_a_broken_cluster_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    root = _corpus_with_a_bad_article(tmp_path)
    n = sum(1 for p in root.iterdir() if p.is_dir())
    code = main(["eval", "run", "--dataset", "vims", str(root), "--method", "lead", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 3 and f"vims, {n - 1} clusters" in out and "1 cluster(s) left out" in out
    bad = [line for line in err.splitlines() if line.startswith("diemtin: skipped")]
    assert len(bad) == 1 and bad[0].endswith("convert it to UTF-8 (cluster left out)")
    assert "--encoding" not in err  # eval has no such option to point to
    code = main(["eval", "run", "--dataset", "vims", str(root), "--method", "lead", "--strict",
                 "--no-progress"])
    assert code == 1 and "zz.txt: not valid UTF-8" in capsys.readouterr().err


@pytest.fixture
def lead_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, list[str], int]:
    """``lead``'s saved outputs of the small ViMs corpus, the ``eval score`` arguments that
    score them, and the number of clusters."""
    from conftest import FIX_VIMS

    outs = tmp_path / "outs"
    assert main(["eval", "run", "--dataset", "vims", str(FIX_VIMS), "--method", "lead",
                 "--no-progress", "--save-outputs", str(outs)]) == 0
    capsys.readouterr()
    args = ["eval", "score", str(outs / "lead"), "--dataset", "vims", str(FIX_VIMS)]
    return outs / "lead", args, sum(1 for p in FIX_VIMS.iterdir() if p.is_dir())


def test_eval_score_treats_an_unreadable_output_by_the_missing_policy(
    lead_outputs: tuple[Path, list[str], int], capsys: pytest.CaptureFixture[str],
) -> None:
    folder, args, n = lead_outputs
    sorted(folder.iterdir())[0].write_bytes(b"\x00\x01binary")
    assert main(args) == 1
    assert "pass --missing empty|skip" in capsys.readouterr().err
    assert main([*args, "--missing", "skip", "--format", "json"]) == 3  # listed, left out
    out, err = capsys.readouterr()
    assert json.loads(out)["n"] == n - 1 and err.count("(left out)") == 1


def test_eval_score_treats_a_file_it_cannot_open_by_the_missing_policy(
    lead_outputs: tuple[Path, list[str], int], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, args, n = lead_outputs
    victim = sorted(folder.iterdir())[0]
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == victim:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert main(args) == 1
    assert "cannot read the output (Permission denied); fix the output" in capsys.readouterr().err
    assert main([*args, "--missing", "empty", "--format", "json"]) == 3  # listed, scored empty
    out, err = capsys.readouterr()
    assert json.loads(out)["n"] == n and "Permission denied) (scored as empty)" in err


def test_a_corpus_that_is_all_broken_names_its_own_first_cluster(tmp_path: Path) -> None:
    from diemtin.evaluate.datasets import load_abmusu

    f = tmp_path / "bad.jsonl"
    f.write_text('{"single_documents": []}\n{oops\n', encoding="utf-8")
    earlier = [RejectedInput("other/corpus/x.txt", "binary file")]
    with pytest.raises(InputError, match=rf"every cluster is unreadable \(first: {f}:1: "):
        load_abmusu(f, skipped=earlier)


# -- messages --------------------------------------------------------------------------------

def test_sizes_in_messages_use_binary_units(tmp_path: Path) -> None:
    from diemtin.ingest.read import format_size

    assert [format_size(n) for n in (1, 10, 1536, 20 * 2**20, 50_000_000)] == [
        "1 byte", "10 bytes", "1.5 KiB", "20 MiB", "47.7 MiB"]
    f = tmp_path / "a.txt"
    f.write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    reason = read_inputs([f], max_bytes=10).rejected[0].reason
    assert reason.startswith(f"file is {format_size(f.stat().st_size)}, over the 10 bytes limit")
    reason = read_inputs(["-"], max_bytes=10, stdin=b"x" * 11).rejected[0].reason
    assert reason == "input is over the 10 bytes limit (raise it with --max-bytes)"


def test_a_foreign_article_is_named_once() -> None:
    from diemtin.text.language import filter_vietnamese
    from diemtin.types import Article

    art = Article(title="Wetter", paragraphs=["Heute ist das Wetter in Berlin schön und warm, "
                                              "morgen regnet es wieder den ganzen Tag lang."])
    _, left_out = filter_vietnamese([art])
    assert len(left_out) == 1 and left_out[0].reason.count("not Vietnamese") == 1


def test_serve_refuses_a_taken_port_in_one_line() -> None:
    import socket

    from diemtin.commands.serve import _check_port

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(click.ClickException, match=rf"cannot listen on 127\.0\.0\.1:{port} "
                                                      r"\(.*\): stop the program"):
            _check_port("127.0.0.1", port)


# -- the store under concurrency ---------------------------------------------------------------

def _doc(n: int, group: str | None = None) -> RawDocument:
    return RawDocument(text=f"Tin số {n}\n\n" + f"Bài viết riêng số {n} về chủ đề thứ {n * 7}. " * 4,
                       source=f"t{n}", format="news-text", group=group)


def test_an_article_stored_while_grouping_is_grouped_too(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = Store(db)
    store._clusterer = None  # group by batch: one story per add_documents call
    store.add_documents([_doc(1)])
    real = store._groups
    calls: list[int] = []

    def racing(**kw: bool) -> list[tuple[str, list[int], str]]:
        groups = real(**kw)
        if not calls:  # another process stores an article while this one groups
            with Store(db) as other:
                other._clusterer = None
                other._add([_doc(99)], "other-batch", 10, _Progress())
        calls.append(1)
        return groups

    store._groups = racing  # type: ignore[method-assign]
    store.add_documents([_doc(2)])
    assert len(calls) == 2  # the first grouping was thrown away
    loose = store.conn.execute("SELECT COUNT(*) FROM articles WHERE id NOT IN "
                               "(SELECT article_id FROM story_articles)").fetchone()[0]
    assert loose == 0 and store.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 3
    store.close()


def test_a_summary_of_a_story_regrouped_meanwhile_is_returned_not_kept(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store._clusterer = None
        store.add_documents([_doc(1, group="g")])
        snapshot = store.list_stories()[0]
        store.add_documents([_doc(2, group="g")])  # the same story now has two articles
        assert store.get_story(snapshot.id).article_ids == (1, 2)
        body = store.story_summary(snapshot.id, story=snapshot)
        assert {c["article"] for s in body["sentences"] for c in s["citations"]} == {0}
        kept = store.conn.execute("SELECT members FROM summaries").fetchall()
        assert kept == []  # not cached under the old membership
        store.story_summary(snapshot.id)
        assert store.conn.execute("SELECT members FROM summaries").fetchall() == [("[1, 2]",)]


def test_resolve_inside_refuses_paths_that_cannot_be_file_names(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from diemtin.web.errors import ApiError
    from diemtin.web.routes.folder import MAX_PATH_CHARS, resolve_inside

    for path, status, says in [("\ud800", 422, "not valid Unicode"),
                               ("a" * (MAX_PATH_CHARS + 1), 422, "longer than"),
                               ("x\ny", 404, "x\\ny: no such")]:
        with pytest.raises(ApiError) as err:
            resolve_inside(tmp_path, path)
        assert err.value.status_code == status and says in str(err.value.detail)


def test_summarize_with_the_oracle_says_it_is_for_eval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    assert main(["summarize", str(f), "--method", "oracle"]) == 2  # a wrong option value is a usage error
    assert "upper bound for 'diemtin eval', not a summariser" in capsys.readouterr().err


# -- a second reviewer's findings (session 11) ---------------------------------------------

def test_option_mistakes_are_usage_errors_found_up_front(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    # digest used to accept any --method and give every story no summary, exit 0
    assert main(["digest", str(f), "--method", "nosuch"]) == 2
    assert "unknown method 'nosuch'" in capsys.readouterr().err
    assert main(["digest", str(f), "--method", "oracle"]) == 2
    # a bad --encoding was one rejected file per input, exit 1
    assert main(["summarize", str(f), str(f), "--encoding", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert "unknown encoding 'nosuch'" in err and "skipped" not in err
    with pytest.raises(click.UsageError, match="needs a file name"):  # -o '' wrote to stdout
        write_output("x", "")


def test_library_inputs_that_are_not_paths_read_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import diemtin
    from diemtin.errors import UsageError

    (tmp_path / "a.txt").write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="empty"):  # '' was the current folder
        diemtin.summarize([""])
    with pytest.raises(UsageError, match="a list of paths"):  # a str was walked per character
        read_inputs(str(tmp_path / "a.txt"))  # type: ignore[arg-type]


def test_a_file_name_that_is_not_utf8_is_linked_and_written_as_valid_utf8(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"x\xfe.txt")).write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    report = tmp_path / "digest.html"
    assert main(["digest", str(folder), "--format", "html", "-o", str(report)]) == 0
    assert "x%FE.txt" in report.read_text(encoding="utf-8")
    assert main(["summarize", str(folder), "--format", "json"]) == 0
    body = json.loads(capsysbinary.readouterr().out.decode("utf-8"))  # was a raw 0xfe byte
    assert body["articles"][0]["source_path"].endswith("x\udcfe.txt")


def test_a_summary_of_too_many_sentences_is_refused_before_it_eats_the_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import math

    import diemtin
    import diemtin.summarizer.core as core
    from diemtin.errors import TooLargeError, UsageError

    text = "Tin mới\n\n" + _BODY
    monkeypatch.setattr(core, "MAX_SENTENCES", 1)
    with pytest.raises(TooLargeError, match=r"more than one summary takes \(1\): .* 'diemtin digest'"):
        diemtin.summarize([text, text.replace("Tin mới", "Tin khác")])
    for bad in (math.nan, math.inf):  # were a ValueError and an OverflowError
        with pytest.raises(UsageError, match="max_words must be a number"):
            diemtin.summarize([text], max_words=bad)  # type: ignore[arg-type]


def test_a_vims_corpus_folder_is_summarised_per_cluster(tmp_path: Path) -> None:
    from diemtin.ingest.read import read_inputs as read

    vims = "Title: T\nSource: VOV\nSummary: Dẫn.\nContent:\n" + _BODY
    for n in (1, 2):
        for sub in ("original", "summary"):
            (tmp_path / f"Cluster_00{n}" / sub).mkdir(parents=True)
        (tmp_path / f"Cluster_00{n}" / "original" / "1.txt").write_text(vims, encoding="utf-8")
    assert [d.group for d in read([tmp_path]).documents] == ["Cluster_001", "Cluster_002"]


def test_inspect_lists_the_files_a_folder_walk_passes_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "a.txt").write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    assert main(["inspect", str(tmp_path)]) == 0  # listed, not a failure
    out = capsys.readouterr().out
    assert "photo.png (not read)\nnot read: '.png' is not an article file ending" in out


def test_stdin_named_twice_is_read_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("Tin mới\n\n" + _BODY).encode())))
    assert main(["summarize", "-", "-"]) == 0  # was "<stdin>: empty", exit 3
    assert "skipped" not in capsys.readouterr().err


def test_a_one_story_digest_says_story(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    report = tmp_path / "d.html"
    assert main(["digest", str(tmp_path / "a.txt"), "-o", str(report)]) == 0
    assert "<title>Điểm tin — 1 story</title>" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("call", [
    lambda d: d.clean_article("Tin mới"),
    lambda d: d.split_sentences(None),
    lambda d: d.normalize_text(None),
    lambda d: d.render_summary(None, "text"),
    lambda d: d.read_inputs(None),
    lambda d: d.cluster_stories(None),
    lambda d: d.digest(None),
    lambda d: d.summarize(b"Tin m\xe1\xbb\x9bi"),
])
def test_a_wrong_argument_to_the_library_is_a_usage_error(call) -> None:  # type: ignore[no-untyped-def]
    # these were AttributeError / TypeError, or "cannot summarise a int" for bytes
    import diemtin
    from diemtin.errors import UsageError

    with pytest.raises(UsageError, match=r"takes a|must be a list"):
        call(diemtin)


def test_a_story_too_large_for_one_summary_is_summarised_from_its_newest_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a reviewer: digest gave such a story no summary without a word, the web API a 422
    import diemtin.summarizer.core as core
    from diemtin.stories.digest import digest
    from diemtin.summarizer.core import newest_within_cap
    from diemtin.types import Article

    dated = [Article(title=f"Tin {k}", paragraphs=[_BODY], published=datetime(2024, 1, k + 1))
             for k in range(3)]
    assert newest_within_cap([dated[2], dated[0], dated[1]], cap=6) == [0, 2]  # 3 sentences each
    assert newest_within_cap(dated, cap=1) == [2]  # the newest one at least
    monkeypatch.setattr(core, "MAX_SENTENCES", 2)
    for k in range(3):  # one story of three copies of a sentence pair, two fit
        (tmp_path / f"{k}.txt").write_text(f"Tin số {k}\n\n{_BODY}\n\nHà Nội mưa to.", encoding="utf-8")
    story = digest([tmp_path]).stories[0]
    assert story.summary is not None and story.summary.sentences
    with Store(tmp_path / "s.db") as store:
        sid = store.ingest_paths([tmp_path]).stories[0]
        assert store.story_summary(sid)["sentences"]


def test_a_capped_story_summary_numbers_its_articles_in_the_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_dir: Path,
) -> None:
    # the web page opened the wrong article: citations indexed the trimmed list (a reviewer)
    import diemtin.summarizer.core as core
    from diemtin.summarizer import build_pool

    with Store(tmp_path / "s.db") as store:
        sid = store.ingest_paths([example_dir]).stories[0]
        story = store.get_story(sid)
        assert story is not None and len(story.article_ids) == 2
        # room for the larger article alone: one of the two is summarised
        arts = [a.article for a in store.articles(story.article_ids)]
        monkeypatch.setattr(core, "MAX_SENTENCES", max(len(build_pool([a])) for a in arts))
        body = store.story_summary(sid)
        assert len(body["articles"]) == 2
        assert len({s["article"] for s in body["sentences"]}) == 1
        for s in body["sentences"]:
            for c in s["citations"]:  # numbered in the story's own list of articles
                assert c["text"] in " ".join(arts[c["article"]].paragraphs)


def test_digest_judges_the_newest_articles_by_the_dates_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import diemtin.summarizer.core as core
    from diemtin.stories.digest import digest

    texts = [f"Tin số {k}\n\n{_BODY}\n\nHà Nội mưa to, lượng mưa đo được {k}0 mm." for k in range(3)]
    dates = [datetime(2024, 1, 3), datetime(2024, 1, 1), datetime(2024, 1, 2)]
    monkeypatch.setattr(core, "MAX_SENTENCES", 5)  # one article of 4 sentences fits
    summary = digest(texts, published=dates).stories[0].summary
    assert summary is not None
    assert {s.source.article for s in summary.sentences} == {0}  # 3 January, given, not stored


def test_a_vims_file_named_from_inside_its_cluster_gets_the_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    vims = "Title: T\nSource: VOV\nSummary: Dẫn.\nContent:\n" + _BODY
    for sub in ("original", "summary"):
        (tmp_path / "Cluster_007" / sub).mkdir(parents=True)
    (tmp_path / "Cluster_007" / "original" / "1.txt").write_text(vims, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "Cluster_007" / "summary")
    assert read_inputs(["../original/1.txt"]).documents[0].group == "Cluster_007"
    monkeypatch.chdir(tmp_path / "Cluster_007" / "original")
    assert read_inputs(["1.txt"]).documents[0].group == "Cluster_007"


def test_a_folder_of_symlinked_folders_says_they_were_not_followed(tmp_path: Path) -> None:
    # D8: "holds no article files" did not say that symlinked folders were skipped, nor how
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("Tin mới\n\n" + _BODY, encoding="utf-8")
    links = tmp_path / "links"
    links.mkdir()
    (links / "C001").symlink_to(real)
    (links / "C002").symlink_to(real)
    result = read_inputs([links])
    assert result.documents == ()
    assert [str(r) for r in result.rejected] == [
        f"{links}: directory holds no article files (.txt, .jsonl, .html) (2 symlinked folders "
        "were not followed, e.g. C001: name them on the command line to read them)"]
    assert [d.source for d in read_inputs([links / "C001"]).documents] == [str(links / "C001" / "a.txt")]
    (links / "C002").unlink()
    assert "(1 symlinked folder was not followed, e.g. C001: name it on the command line to " \
           "read it)" in read_inputs([links]).rejected[0].reason
