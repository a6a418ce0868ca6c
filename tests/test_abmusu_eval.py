"""AbMuSu (VLSP 2022) files under ``diemtin eval``: cluster ids, several references, the
unlabelled test split, JSON arrays; and what ``eval score`` reports about clusters it leaves out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ABMUSU_TRAIN, need
from diemtin.cli import EXIT_OK, EXIT_PARTIAL, main
from diemtin.errors import InputError, UsageError
from diemtin.evaluate.datasets import load_abmusu

#: four clusters on four topics, so that no output shares much with another cluster's reference
TOPICS = [
    ("Bão số 3 đổ bộ vào Quảng Ninh",
     ["Cơn bão số 3 đã đổ bộ vào tỉnh Quảng Ninh chiều hôm qua với sức gió giật mạnh.",
      "Hàng nghìn hộ dân ven biển được sơ tán đến nơi an toàn trước khi bão vào.",
      "Nhiều cây xanh bị quật đổ và một số tuyến đường ngập sâu sau mưa lớn."],
     "Bão số 3 đổ bộ vào Quảng Ninh, hàng nghìn hộ dân ven biển được sơ tán."),
    ("Giá xăng giảm lần thứ ba liên tiếp",
     ["Liên bộ Công Thương và Tài chính vừa điều chỉnh giảm giá xăng dầu từ chiều nay.",
      "Mỗi lít xăng sinh học rẻ hơn khoảng năm trăm đồng so với kỳ điều hành trước.",
      "Đây là lần giảm thứ ba liên tiếp kể từ đầu tháng theo diễn biến thị trường thế giới."],
     "Giá xăng giảm lần thứ ba liên tiếp, mỗi lít rẻ hơn khoảng năm trăm đồng."),
    ("Đội tuyển bóng đá nữ giành huy chương vàng",
     ["Đội tuyển bóng đá nữ Việt Nam thắng Thái Lan trong trận chung kết tối qua.",
      "Bàn thắng duy nhất được ghi ở phút bảy mươi tám sau một pha phối hợp đẹp mắt.",
      "Các cầu thủ nhận huy chương vàng trước sự cổ vũ của hàng vạn khán giả."],
     "Đội tuyển bóng đá nữ Việt Nam giành huy chương vàng sau khi thắng Thái Lan."),
    ("Hà Nội mở thêm tuyến xe buýt điện",
     ["Thành phố Hà Nội đưa vào khai thác thêm hai tuyến xe buýt điện từ sáng thứ hai.",
      "Các tuyến mới nối khu đô thị phía tây với trung tâm và bến xe Mỹ Đình.",
      "Giá vé lượt được giữ nguyên bảy nghìn đồng cho mọi hành khách."],
     "Hà Nội mở thêm hai tuyến xe buýt điện nối khu đô thị phía tây với trung tâm."),
]


def cluster_line(k: int, summary: object = "default", **extra: object) -> str:
    title, sentences, ref = TOPICS[k % len(TOPICS)]
    obj: dict[str, object] = {
        "single_documents": [
            {"title": title, "anchor_text": sentences[0], "raw_text": " ".join(sentences)},
            {"title": title, "anchor_text": sentences[1], "raw_text": " ".join(sentences[1:])},
        ],
        "category": "Thời sự",
        **extra,
    }
    if summary is not None:
        obj["summary"] = ref if summary == "default" else summary
    return json.dumps(obj, ensure_ascii=False)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# cluster ids (audit 7)
# ---------------------------------------------------------------------------------------------


def test_abmusu_ids_number_the_non_blank_lines(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain.jsonl", [cluster_line(k) for k in range(4)])
    blanks = write(tmp_path / "blanks.jsonl",
                   ["", cluster_line(0), "  ", cluster_line(1), cluster_line(2), "", cluster_line(3)])
    ids = ["line_001", "line_002", "line_003", "line_004"]
    assert [c.id for c in load_abmusu(plain)] == ids
    assert [c.id for c in load_abmusu(blanks)] == ids
    assert [c.references for c in load_abmusu(blanks)] == [c.references for c in load_abmusu(plain)]
    # a broken line keeps its place (it is a cluster, left out) and is named by its file line
    broken = write(tmp_path / "broken.jsonl", ["", cluster_line(0), "{oops", cluster_line(2)])
    skipped: list = []
    assert [c.id for c in load_abmusu(broken, skipped=skipped)] == ["line_001", "line_003"]
    assert [r.source for r in skipped] == [f"{broken}:3"]


def test_shared_abmusu_train_ids_are_unchanged() -> None:
    # the shared file has no blank line: ids, and outputs saved under them, stay line_NNN
    train = need(ABMUSU_TRAIN)
    lines = train.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines)
    assert [c.id for c in load_abmusu(train)] == [f"line_{n:03d}" for n in range(1, len(lines) + 1)]


def test_abmusu_errors_name_the_file_line(tmp_path: Path) -> None:
    f = write(tmp_path / "a.jsonl", ["", cluster_line(0), cluster_line(1, summary="")])
    with pytest.raises(InputError, match=r"a\.jsonl:3: AbMuSu cluster without a 'summary'"):
        load_abmusu(f)


# ---------------------------------------------------------------------------------------------
# several references, the unlabelled test split, JSON arrays (audit 6)
# ---------------------------------------------------------------------------------------------


def test_abmusu_summary_may_be_a_list_of_references(tmp_path: Path) -> None:
    refs = ["Bão số 3 đổ bộ vào Quảng Ninh.", "Hàng nghìn hộ dân được sơ tán."]
    f = write(tmp_path / "a.jsonl", [cluster_line(0, summary=refs), cluster_line(1)])
    clusters = load_abmusu(f)
    assert clusters[0].references == tuple(refs) and len(clusters[1].references) == 1
    for bad in ([], ["Một câu.", ""], ["Một câu.", 3], {"a": "b"}):
        f = write(tmp_path / "b.jsonl", [cluster_line(1), cluster_line(0, summary=bad)])
        with pytest.raises(InputError, match=r"b\.jsonl:2: AbMuSu cluster without a 'summary' "
                                             r"\(the reference: a non-empty string, or a list"):
            load_abmusu(f)


@pytest.mark.parametrize("summary", [None, "", []])
def test_a_file_without_any_summary_is_named_an_unlabelled_split(tmp_path: Path, summary: object) -> None:
    f = write(tmp_path / "test.jsonl", [cluster_line(k, summary=summary) for k in range(3)])
    with pytest.raises(InputError) as err:
        load_abmusu(f, skipped=[])
    message = str(err.value)
    assert message.startswith(f"{f}: no reference summaries: no line has a 'summary' (a test split?)")
    assert f"diemtin eval run {f} --budget ratio:0.1 --save-outputs DIR" in message
    clusters = load_abmusu(f, allow_unlabelled=True)
    assert [c.id for c in clusters] == ["line_001", "line_002", "line_003"]
    assert all(c.references == () and c.documents for c in clusters)


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_is_refused_as_not_jsonl(tmp_path: Path, indent: int | None) -> None:
    objs = [json.loads(cluster_line(k)) for k in range(2)]
    f = tmp_path / "a.json"
    f.write_text(json.dumps(objs, ensure_ascii=False, indent=indent), encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.json: a JSON array, expected JSONL \(one cluster per line\)"):
        load_abmusu(f, skipped=[])
    f.write_text(json.dumps(objs[0], ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(InputError, match=r"a pretty-printed JSON object, expected JSONL"):
        load_abmusu(f, skipped=[])


# ---------------------------------------------------------------------------------------------
# eval score on AbMuSu outputs (audit 7)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], tuple[int, str, str]]:
    """Run the CLI as ``diemtin`` does (exit codes included): ``(code, stdout, stderr)``."""

    def run(args: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run


Invoke = Callable[[list[str]], tuple[int, str, str]]


def test_outputs_saved_from_a_copy_with_blank_lines_score_the_same(tmp_path: Path, invoke: Invoke) -> None:
    plain = write(tmp_path / "plain.jsonl", [cluster_line(k) for k in range(4)])
    blanks = write(tmp_path / "blanks.jsonl", ["", *(cluster_line(k) for k in range(4))])
    saved = tmp_path / "saved"
    code, _, _ = invoke(["eval", "--dataset", "abmusu", str(blanks), "--method", "lead",
                         "--no-progress", "--bootstrap", "10", "--save-outputs", str(saved)])
    assert code == EXIT_OK
    scores = []
    for corpus in (plain, blanks):
        code, out, err = invoke(["eval", "score", str(saved / "lead"), str(corpus), "--dataset",
                                 "abmusu", "--format", "json", "--bootstrap", "10"])
        assert code == EXIT_OK and not err
        scores.append(json.loads(out)["scores"])
    assert scores[0] == scores[1] and scores[0]["rouge2"]["fmeasure"] > 0.2


def test_score_missing_skip_names_the_clusters_left_out_and_exits_3(tmp_path: Path, invoke: Invoke) -> None:
    corpus = write(tmp_path / "c.jsonl", [cluster_line(k) for k in range(8)])
    outs = tmp_path / "outs"
    outs.mkdir()
    (outs / "line_001.txt").write_text(TOPICS[0][2] + "\n", encoding="utf-8")
    args = ["eval", "score", str(outs), str(corpus), "--dataset", "abmusu", "--bootstrap", "10"]
    code, out, err = invoke([*args, "--missing", "skip"])
    assert code == EXIT_PARTIAL and "mean over 1 clusters" in out
    assert err.count("\n") == 1  # one line, not one per cluster
    assert (f"diemtin: 7 of 8 clusters have no output file in {outs} (left out of the average): "
            "line_002.txt, line_003.txt, line_004.txt, line_005.txt, line_006.txt, … (2 more)") in err
    assert "7 cluster(s) without an output file left out, listed on stderr" in out
    code, out, err = invoke([*args, "--missing", "skip", "--format", "json"])
    assert code == EXIT_PARTIAL
    assert json.loads(out)["no_output_file"] == [f"line_{n:03d}" for n in range(2, 9)]
    # scored as empty: said on stderr too, but every cluster is in the mean (exit 0)
    code, out, err = invoke([*args, "--missing", "empty"])
    assert code == EXIT_OK and "mean over 8 clusters" in out
    assert "7 of 8 clusters have no output file" in err and "(scored as empty summaries)" in err


def test_score_warns_when_outputs_share_nothing_with_their_references(tmp_path: Path, invoke: Invoke) -> None:
    corpus = write(tmp_path / "c.jsonl", [cluster_line(k) for k in range(4)])
    outs = tmp_path / "outs"
    outs.mkdir()
    for k in range(4):  # each output written under the next cluster's id
        (outs / f"line_{(k + 1) % 4 + 1:03d}.txt").write_text(TOPICS[k][2] + "\n", encoding="utf-8")
    args = ["eval", "score", str(outs), str(corpus), "--dataset", "abmusu", "--bootstrap", "10"]
    code, _, err = invoke(args)
    assert code == EXIT_OK
    assert "warning: 4 of 4 outputs share almost no bigram with their cluster's references" in err
    for k in range(4):  # named right: no warning
        (outs / f"line_{k + 1:03d}.txt").write_text(TOPICS[k][2] + "\n", encoding="utf-8")
    assert invoke(args)[2] == ""


# ---------------------------------------------------------------------------------------------
# summarising an unlabelled split under the ids 'eval score' expects (audit 6)
# ---------------------------------------------------------------------------------------------


def test_eval_run_writes_the_summaries_of_an_unlabelled_split(tmp_path: Path, invoke: Invoke) -> None:
    test = write(tmp_path / "test.jsonl", ["", *(cluster_line(k, summary=None) for k in range(4))])
    labelled = write(tmp_path / "val.jsonl", [cluster_line(k) for k in range(4)])
    base = ["eval", "--dataset", "abmusu", "--no-progress", "--budget", "ratio:0.4"]
    code, out, err = invoke([*base, str(test), "--method", "lead,learned",
                             "--save-outputs", str(tmp_path / "test_out")])
    assert code == EXIT_OK and not err
    assert out.startswith(f"No reference summaries in {test} (a test split?): nothing scored.")
    assert "| method | ms/cluster | empty summaries |" in out and "| learned |" in out
    code, _, _ = invoke([*base, str(labelled), "--method", "lead,learned", "--bootstrap", "10",
                         "--save-outputs", str(tmp_path / "val_out")])
    assert code == EXIT_OK
    ids = [f"line_{n:03d}.txt" for n in range(1, 5)]
    for method in ("lead", "learned"):  # the same summaries, under the same ids
        files = sorted(p.name for p in (tmp_path / "test_out" / method).iterdir())
        assert files == ids
        for name in ids:
            text = (tmp_path / "test_out" / method / name).read_text(encoding="utf-8")
            assert text.strip() and text == (tmp_path / "val_out" / method / name).read_text(encoding="utf-8")
    # the saved outputs score against the labelled copy of the split
    code, out, _ = invoke(["eval", "score", str(tmp_path / "test_out" / "lead"), str(labelled),
                           "--dataset", "abmusu", "--budget", "none", "--bootstrap", "10"])
    assert code == EXIT_OK and "mean over 4 clusters" in out
    # JSON; the oracle (it needs the references) is left out of the default methods
    code, out, _ = invoke([*base, str(test), "--format", "json", "--save-outputs", str(tmp_path / "all")])
    data = json.loads(out)
    assert code == EXIT_OK and data["scored"] is False and data["clusters"] == 4
    assert "oracle" not in [m["method"] for m in data["methods"]] and "lead" in [m["method"] for m in data["methods"]]


@pytest.mark.parametrize(("extra", "code", "message"), [
    ([], 2, "--budget gold is each cluster's reference length"),
    (["--budget", "none", "--method", "oracle"], 2, "method 'oracle' needs the reference summaries"),
    (["--budget", "none", "--cv", "2"], 2, "--cv trains and scores on reference summaries"),
])
def test_eval_run_on_an_unlabelled_split_refuses_what_needs_references(
        tmp_path: Path, invoke: Invoke, extra: list[str], code: int, message: str) -> None:
    test = write(tmp_path / "test.jsonl", [cluster_line(k, summary=None) for k in range(4)])
    rc, out, err = invoke(["eval", str(test), "--no-progress", "--save-outputs", str(tmp_path / "o"), *extra])
    assert rc == code and out == "" and message in err
    rc, out, err = invoke(["eval", str(test), "--no-progress", "--method", "lead", "--budget", "none"])
    assert rc == 1 and "nothing to score; add --save-outputs DIR" in err
    rc, _, err = invoke(["eval", "score", str(tmp_path), str(test), "--dataset", "abmusu"])
    assert rc == 1 and "(a test split?)" in err and "--save-outputs DIR" in err


def test_summarize_clusters_is_evaluate_methods_without_scoring(tmp_path: Path) -> None:
    from diemtin.evaluate.run import evaluate_methods, summarize_clusters

    clusters = load_abmusu(write(tmp_path / "v.jsonl", [cluster_line(k) for k in range(3)]))
    run = summarize_clusters(clusters, ["lead", "mmr"], budget="ratio:0.5", progress=False)
    table = evaluate_methods(clusters, ["lead", "mmr"], budget="ratio:0.5", progress=False, n_boot=10)
    assert run.ids == table.ids
    assert {k: list(v) for k, v in run.outputs.items()} == {r.name: list(r.outputs) for r in table.results}
    unlabelled = [replace(c, references=()) for c in clusters]
    with pytest.raises(UsageError, match="gold budget"):
        summarize_clusters(unlabelled, ["lead"], budget="gold", progress=False)
