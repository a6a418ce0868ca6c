"""Corpus loaders (ViMs, AbMuSu, VN-MDS) and scoring a folder of system outputs."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import FIX_ABMUSU as ABMUSU
from conftest import FIX_OUTPUTS as OUTPUTS
from conftest import FIX_VIMS as VIMS
from conftest import FIX_VNMDS as VNMDS
from conftest import SHARED_DATA as SHARED
from conftest import vims_release
from diemtin.errors import DiemtinWarning, InputError, UsageError
from diemtin.evaluate.datasets import (
    Cluster,
    load_abmusu,
    load_dataset,
    load_vims,
    load_vims_s3,
    load_vnmds,
    natural_key,
)
from diemtin.evaluate.rouge import rouge_scores
from diemtin.evaluate.score import gold_budget, score_outputs, score_texts, truncate_to_budget
from diemtin.types import RejectedInput


def _is_clean(text: str) -> bool:
    return "\r" not in text and unicodedata.normalize("NFC", text) == text


def _all_text(cluster: Cluster) -> list[str]:
    out = list(cluster.references)
    for doc in cluster.documents:
        out.append(doc.text)
        out.extend(doc.meta.values())
    return out


# ---------------------------------------------------------------------------------------------
# ViMs
# ---------------------------------------------------------------------------------------------


def test_load_vims_orders_and_normalises() -> None:
    clusters = load_vims(VIMS)
    assert [c.id for c in clusters] == ["Cluster_002", "Cluster_003", "Cluster_010"]
    first = clusters[0]
    assert [Path(d.source).name for d in first.documents] == ["1.txt", "2.txt", "10.txt"]
    assert all(_is_clean(t) for c in clusters for t in _all_text(c))
    doc = first.documents[0]
    assert doc.format == "vims" and doc.structured and doc.group == "Cluster_002"
    assert doc.meta["title"] == "Mưa lớn gây ngập ở Hà Nội"
    assert doc.meta["outlet"] == "VnExpress"
    assert doc.meta["lead"].startswith("Cơn mưa lớn chiều qua")
    assert doc.text.split("\n") == [
        "Nhiều tuyến phố ngập sâu nửa mét sau hai giờ mưa.",
        "Giao thông ùn tắc đến tối.",
    ]
    assert "hòa khí" in first.documents[1].text  # old-style "hoà" normalised
    assert len(first.references) == 2
    assert first.references[0].startswith("Mưa lớn chiều qua")  # no leading blank line
    assert not clusters[2].references[1].startswith("\ufeff")  # BOM dropped


def test_load_vims_s3() -> None:
    s3 = load_vims_s3(VIMS)
    assert list(s3) == ["Cluster_002", "Cluster_003", "Cluster_010"]
    first, second = s3["Cluster_002"]
    assert (first.annotator, second.annotator) == ("0", "1")
    assert [(x.label, x.group) for x in first.labels] == [(1, 0), (0, 0), (1, 1)]
    assert first.chosen == (
        "Cơn mưa lớn chiều qua khiến nhiều tuyến phố ở Hà Nội ngập sâu.",
        "Giao thông ùn tắc đến tối.",
    )
    assert s3["Cluster_003"] == ()
    # the same annotations come with the clusters, for learned methods to train on
    assert {c.id: c.annotations for c in load_vims(VIMS)} == s3
    assert all(not c.annotations for c in load_dataset("vims", VIMS, annotations=False))


def test_s3_continuation_line_and_bad_line(tmp_path: Path) -> None:
    root = tmp_path / "vims"
    shutil.copytree(VIMS / "Cluster_003", root / "Cluster_003")
    s3 = root / "Cluster_003" / "s3"
    s3.mkdir()
    (s3 / "0.s3.txt").write_text("1\tCâu một bị ngắt\ndòng ở giữa.\n0\tCâu hai.\n", "utf-8")
    labels = load_vims_s3(root)["Cluster_003"][0].labels
    assert [x.sentence for x in labels] == ["Câu một bị ngắt dòng ở giữa.", "Câu hai."]
    (s3 / "0.s3.txt").write_text("không có nhãn\n", "utf-8")
    with pytest.raises(InputError, match=r"0\.s3\.txt:1"):
        load_vims_s3(root)


def test_vims_layout_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        load_vims(tmp_path / "missing")
    with pytest.raises(InputError, match="is a file"):
        load_vims(ABMUSU)
    with pytest.raises(InputError, match="one ViMs cluster"):
        load_vims(VIMS / "Cluster_002")
    with pytest.raises(InputError, match="--dataset vnmds"):
        load_vims(VNMDS)
    root = tmp_path / "vims"
    shutil.copytree(VIMS / "Cluster_003", root / "Cluster_003")
    shutil.rmtree(root / "Cluster_003" / "summary")
    with pytest.raises(InputError, match=r"summary/\*\.gold\.txt"):
        load_vims(root)


def test_vims_release_layout_is_read_as_the_dev_layout(tmp_path: Path) -> None:
    root = vims_release(tmp_path / "ViMs")
    dev = load_vims(VIMS)
    for given in (root, root / "original"):  # the original/ tree: its summary/ tree beside it
        clusters = load_vims(given)
        assert [c.id for c in clusters] == ["Cluster_002", "Cluster_003", "Cluster_010"]
        assert [c.references for c in clusters] == [c.references for c in dev]
        assert [[d.text for d in c.documents] for c in clusters] == [
            [d.text for d in c.documents] for c in dev]
        assert {d.group for d in clusters[0].documents} == {"Cluster_002"}
        assert [c.annotations for c in clusters] == [c.annotations for c in dev]  # S3_summary/
    assert load_vims_s3(root) == load_vims_s3(VIMS)
    assert load_dataset("vims", root, annotations=False)[0].annotations == ()


def test_vims_release_clusters_missing_from_one_tree_are_reported(tmp_path: Path) -> None:
    root = vims_release(tmp_path / "ViMs")
    shutil.rmtree(root / "summary" / "Cluster_003")  # documents, no golds
    shutil.rmtree(root / "original" / "Cluster_010")  # golds, no documents
    (root / "original" / "Cluster_002").rename(root / "original" / "cluster-2")  # joined by number
    skipped: list[RejectedInput] = []
    clusters = load_vims(root, skipped=skipped)
    assert [c.id for c in clusters] == ["cluster-2"] and len(clusters[0].references) == 2
    assert [(r.source, r.reason.split(":")[0]) for r in skipped] == [
        (str(root / "original" / "Cluster_003"), "ViMs cluster without reference summaries"),
        (str(root / "summary" / "Cluster_010"), "reference summaries without documents"),
    ]
    assert "no summary/Cluster_003 folder" in skipped[0].reason
    assert "no original/Cluster_010/original/ folder" in skipped[1].reason
    with pytest.raises(InputError, match="without reference summaries"):  # strict: the first
        load_vims(root)


def test_vims_release_trees_alone_say_what_to_pass(tmp_path: Path) -> None:
    root = vims_release(tmp_path / "ViMs")
    with pytest.raises(InputError, match=f"summary/ tree of the ViMs release; pass {re.escape(str(root))}, "):
        load_vims(root / "summary")
    with pytest.raises(InputError, match="use --dataset vims"):
        load_vnmds(root)
    shutil.rmtree(root / "summary")
    with pytest.raises(InputError, match="original/ tree of the ViMs release, and no summary/"):
        load_vims(root / "original")
    with pytest.raises(InputError, match=r"every cluster is unreadable .*no summary/ folder"):
        load_vims(root, skipped=[])


def test_vims_cluster_folder_names(tmp_path: Path) -> None:
    root = tmp_path / "vims"
    names = ["Cluster_201", "Cluster-202", "cluster203", "CLUSTER 206", "Cluster_204_v2", "C205"]
    for name in names:
        shutil.copytree(VIMS / "Cluster_003", root / name)
    shutil.copytree(VIMS / "Cluster_003", root / "Cluster_207")
    for sub in ("original", "summary"):  # sub-folders in another case
        (root / "Cluster_207" / sub).rename(root / "Cluster_207" / sub.title())
    (root / "Cluster_208").mkdir()  # a cluster folder without original/
    (root / "Cluster_208" / "notes.txt").write_text("x", "utf-8")
    (root / "scripts").mkdir()  # holds no cluster files: not a cluster, not reported
    (root / "scripts" / "run.sh").write_text("x", "utf-8")
    skipped: list[RejectedInput] = []
    clusters = load_vims(root, skipped=skipped)
    assert [c.id for c in clusters] == ["Cluster_201", "Cluster-202", "cluster203", "CLUSTER 206",
                                        "Cluster_207"]
    assert [Path(r.source).name for r in skipped] == ["Cluster_208", "C205", "Cluster_204_v2"]
    assert "without original/" in skipped[0].reason
    assert all("not a ViMs cluster folder name" in r.reason for r in skipped[1:])
    shutil.rmtree(root / "Cluster_208")
    with pytest.raises(InputError, match="C205: not read"):  # strict: stops there
        load_vims(root)


def test_vims_files_follow_the_walk_rules(tmp_path: Path) -> None:
    root = tmp_path / "vims"
    shutil.copytree(VIMS / "Cluster_002", root / "Cluster_002")
    original, summary = root / "Cluster_002" / "original", root / "Cluster_002" / "summary"
    (original / "10.txt").rename(original / "10.TXT")  # suffixes in any case
    (original / "._1.txt").write_bytes(b"\x00\x05\x16\x07" + bytes(200))  # macOS AppleDouble
    shutil.copy(original / "2.txt", original / ".hidden.txt")  # hidden: skipped, as ingest does
    shutil.copy(summary / "0.gold.txt", summary / ".0.gold.txt")
    (summary / "1.gold.txt").rename(summary / "1.GOLD.TXT")
    cluster = load_vims(root)[0]
    assert [Path(d.source).name for d in cluster.documents] == ["1.txt", "2.txt", "10.TXT"]
    assert len(cluster.references) == 2
    # a file that is not read is said, and its cluster left out: never scored on part of it
    (summary / "1.GOLD.TXT").rename(summary / "1.gold")
    (original / "notes.md").write_text("x", "utf-8")
    skipped: list[RejectedInput] = []
    for bad, fix in ((original / "notes.md", "rename it to *.txt or move it out of original/"),
                     (summary / "1.gold", "rename it to 1.gold.txt")):
        skipped = []
        with pytest.raises(InputError, match="every cluster is unreadable"):
            load_vims(root, skipped=skipped)
        assert skipped[0].source == str(bad) and skipped[0].reason.endswith(fix)
        bad.unlink()
    assert len(load_vims(root)[0].references) == 1


def test_vims_clusters_with_other_numbers_of_references_warn(tmp_path: Path) -> None:
    root = tmp_path / "vims"
    shutil.copytree(VIMS, root)
    (root / "Cluster_003" / "summary" / "1.gold.txt").unlink()
    with pytest.warns(DiemtinWarning, match=r"1 of 3 ViMs clusters have a number of reference "
                                            r"summaries other than 2 \(Cluster_003: 1\)"):
        clusters = load_vims(root)
    assert [len(c.references) for c in clusters] == [2, 1, 2]


def test_malformed_s3_drops_only_that_annotation(tmp_path: Path) -> None:
    root = tmp_path / "vims"
    shutil.copytree(VIMS, root)
    (root / "Cluster_002" / "s3" / "0.s3.txt").write_text("không có nhãn\n", "utf-8")
    with pytest.warns(DiemtinWarning, match=r"0\.s3\.txt:1: .*annotation dropped.*Cluster_002 "
                                            "is still scored"):
        clusters = load_vims(root, skipped=[])
    assert [c.id for c in clusters] == ["Cluster_002", "Cluster_003", "Cluster_010"]
    assert [a.annotator for a in clusters[0].annotations] == ["1"]
    with pytest.raises(InputError, match=r"0\.s3\.txt:1"):  # asked for the annotations: raised
        load_vims_s3(root)


# ---------------------------------------------------------------------------------------------
# AbMuSu
# ---------------------------------------------------------------------------------------------


def test_load_abmusu() -> None:
    clusters = load_abmusu(ABMUSU)
    # ids number the non-blank lines (the file's line 2 is blank)
    assert [c.id for c in clusters] == ["line_001", "line_002"]
    first = clusters[0]
    assert first.meta["category"] == "Giáo dục"
    assert len(first.documents) == 2
    assert {d.group for d in first.documents} == {"line_001"}
    assert first.documents[0].meta["lead"] == "Hơn một triệu thí sinh bước vào kỳ thi tốt nghiệp."
    assert first.documents[0].meta["title"] == "Kỳ thi tốt nghiệp bắt đầu"
    assert first.references == (
        "Hơn một triệu thí sinh bước vào kỳ thi tốt nghiệp với môn Ngữ văn. "
        "Đề thi được đánh giá vừa sức.",
    )
    assert all(_is_clean(t) for c in clusters for t in _all_text(c))
    assert load_abmusu(ABMUSU.parent) == clusters  # a folder with one .jsonl works too


def test_abmusu_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \.jsonl file"):
        load_abmusu(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"single_documents": [{"raw_text": "a"}], "summary": "b"}\n{oops\n', "utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        load_abmusu(bad)
    bad.write_text('{"single_documents": [{"raw_text": "a"}], "summary": "b"}\n'
                   '{"single_documents": [{"raw_text": "a"}]}\n', "utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: AbMuSu cluster without a 'summary'"):
        load_abmusu(bad)


def test_abmusu_line_with_undecodable_bytes_is_one_cluster_left_out(tmp_path: Path) -> None:
    # D3: the file was decoded whole, so one corrupt line lost every cluster
    good = '{"single_documents": [{"raw_text": "Thân bài %d."}], "summary": "Tóm tắt %d."}'
    lines = [(good % (n, n)).encode() for n in (1, 2, 3)]
    lines[1] = b'{"single_documents": [{"raw_text": "caf\xe9 \xff\xfe"}], "summary": "x"}'
    f = tmp_path / "a.jsonl"
    f.write_bytes(b"\r\n".join(lines) + b"\r\n")
    skipped: list[RejectedInput] = []
    clusters = load_abmusu(f, skipped=skipped)
    assert [c.id for c in clusters] == ["line_001", "line_003"]
    assert [r.source for r in skipped] == [f"{f}:2"]
    assert "not valid UTF-8" in skipped[0].reason and "of the line" in skipped[0].reason
    with pytest.raises(InputError, match=r"a\.jsonl:2"):  # --strict: stops at that line
        load_abmusu(f)
    f.write_bytes(b"caf\xe9 \xff\xfe\n\xff\n")  # no line readable: the whole file's reason
    with pytest.raises(InputError, match=r"a\.jsonl: "):
        load_abmusu(f, skipped=[])


# ---------------------------------------------------------------------------------------------
# VN-MDS
# ---------------------------------------------------------------------------------------------


def test_load_vnmds() -> None:
    clusters = load_vnmds(VNMDS)
    assert [c.id for c in clusters] == ["cluster_2", "cluster_10"]
    first = clusters[0]
    # natural order; *.tok.txt, cluster_N.sum.txt and cluster_N.ref1.tok.txt ignored
    assert [Path(d.source).name for d in first.documents] == [
        "1.body.txt",
        "2.body.txt",
        "10.body.txt",
    ]
    doc = first.documents[0]
    assert doc.format == "vnmds" and doc.group == "cluster_2" and doc.structured
    assert doc.text == "Bão số 2 đổ bộ vào Quảng Ninh.\nNhiều cây xanh bị quật đổ."
    assert doc.meta["title"] == "Bão số 2 đổ bộ Quảng Ninh"  # "_" joins removed
    assert doc.meta["lead"] == "Bão số 2 đã đổ bộ vào Quảng Ninh chiều qua ."
    assert doc.meta["url"] == "http://baomoi.com/a/1.epi"
    assert doc.meta["published"] == "2013-05-20T11:03"
    assert first.documents[1].meta["published"] == "not a date"  # kept as given
    assert len(first.references) == 2
    # cluster_10 keeps its references beside the cluster folder
    assert clusters[1].references == (
        "Giá xăng giảm 500 đồng, lần thứ hai trong tháng.",
        "Giá xăng lại giảm.",
    )
    assert all(_is_clean(t) for c in clusters for t in _all_text(c))


def test_vnmds_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--dataset vims"):
        load_vnmds(VIMS)
    root = tmp_path / "vnmds"
    shutil.copytree(VNMDS / "cluster_10", root / "cluster_10")
    with pytest.raises(InputError, match=r"cluster_10\.ref1\.txt"):
        load_vnmds(root)


def test_load_dataset_registry() -> None:
    assert load_dataset("ViMs", VIMS) == load_vims(VIMS)
    assert load_dataset("vn-mds", VNMDS) == load_vnmds(VNMDS)
    assert load_dataset("abmusu", ABMUSU) == load_abmusu(ABMUSU)
    with pytest.raises(UsageError, match="vims, abmusu, vnmds"):
        load_dataset("duc2004", VIMS)


def test_natural_key() -> None:
    names = ["10.txt", "2.txt", "1.txt", "Cluster_10", "Cluster_9"]
    assert sorted(names, key=natural_key) == [
        "1.txt",
        "2.txt",
        "10.txt",
        "Cluster_9",
        "Cluster_10",
    ]


# ---------------------------------------------------------------------------------------------
# scoring a folder of outputs
# ---------------------------------------------------------------------------------------------


def test_gold_budget_rounds_half_to_even() -> None:
    assert gold_budget(["a b", "a b c"]) == 2  # 2.5 → 2
    assert gold_budget(["a b c", "a b c d"]) == 4  # 3.5 → 4
    assert truncate_to_budget("một hai ba\n\nbốn năm\nsáu", 4) == "một hai ba\nbốn"
    assert truncate_to_budget("một\nhai", None) == "một\nhai"


def test_score_outputs_follows_the_protocol() -> None:
    clusters = load_vims(VIMS)
    result = score_outputs(OUTPUTS, clusters, n_boot=100)
    assert result.ids == ("Cluster_002", "Cluster_003", "Cluster_010")
    for cluster, item in zip(clusters, result.per_item, strict=True):
        text = (OUTPUTS / f"{cluster.id}.txt").read_text("utf-8")
        expected = rouge_scores(
            truncate_to_budget(text.replace("\r\n", "\n"), gold_budget(cluster.references)),
            list(cluster.references),
        )
        for key, score in expected.items():
            assert item[key].fmeasure == pytest.approx(score.fmeasure, abs=1e-12)
    mean = sum(item["rouge2"].fmeasure for item in result.per_item) / 3
    assert result.f1("rouge2") == pytest.approx(mean)
    # without the budget the long Cluster_002 output loses precision
    whole = score_outputs(OUTPUTS, clusters, budget="none", n_boot=100)
    assert whole.per_item[0]["rouge1"].precision < result.per_item[0]["rouge1"].precision


def test_score_outputs_missing_files(tmp_path: Path) -> None:
    clusters = load_vims(VIMS)
    shutil.copy(OUTPUTS / "Cluster_003.txt", tmp_path / "Cluster_003.txt")
    with pytest.raises(InputError, match=r"2 of 3 clusters .*Cluster_002\.txt"):
        score_outputs(tmp_path, clusters)
    skipped = score_outputs(tmp_path, clusters, missing="skip", n_boot=10)
    assert skipped.ids == ("Cluster_003",)
    empty = score_outputs(tmp_path, clusters, missing="empty", n_boot=10)
    assert empty.n == 3 and empty.per_item[0]["rouge1"].fmeasure == 0.0
    with pytest.raises(InputError, match="no such folder"):
        score_outputs(tmp_path / "nope", clusters)
    with pytest.raises(UsageError):
        score_texts(["a"], clusters)


# ---------------------------------------------------------------------------------------------
# the reference table of ../shared/data/vims-dev-scored/README.md
# ---------------------------------------------------------------------------------------------

# (R-1, R-2, R-L) F1 × 100 from the README.
_README_TABLE = {
    "lead_body_only_no_sapo": (49.04, 31.09, 45.58),
    "tf_idf_centroid": (55.94, 35.87, 51.89),
    "mmr_0_5": (57.31, 37.23, 53.19),
    "oracle_greedy_r_2": (75.70, 66.61, 74.32),
}


@pytest.fixture(scope="module")
def vims_dev() -> list[Cluster]:
    if not (SHARED / "vims-dev").is_dir() or not (SHARED / "vims-dev-scored").is_dir():
        pytest.skip("../shared/data (ViMs dev and scored outputs) is not present")
    return load_vims(SHARED / "vims-dev")


@pytest.mark.parametrize("folder", sorted(_README_TABLE))
def test_reproduces_vims_dev_scored_table(vims_dev: list[Cluster], folder: str) -> None:
    assert len(vims_dev) == 200
    result = score_outputs(SHARED / "vims-dev-scored" / folder, vims_dev, n_boot=200)
    r1, r2, rl = _README_TABLE[folder]
    assert 100 * result.f1("rouge1") == pytest.approx(r1, abs=0.02)
    assert 100 * result.f1("rouge2") == pytest.approx(r2, abs=0.02)
    # the README allows a few tenths on R-L (gold sentence splitting); we are within 0.1
    assert 100 * result.f1("rougeL") == pytest.approx(rl, abs=0.3)
