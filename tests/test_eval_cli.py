"""``diemtin eval`` (run and score) and the evaluation loop behind it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import FIX_ABMUSU as ABMUSU
from conftest import FIX_OUTPUTS as OUTPUTS
from conftest import FIX_VIMS as VIMS
from conftest import FIX_VNMDS as VNMDS
from conftest import SHARED_DATA as SHARED
from conftest import vims_release
from diemtin.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, cli, main
from diemtin.errors import UsageError
from diemtin.evaluate.datasets import Cluster, load_abmusu, load_vims
from diemtin.evaluate.run import EvalTable, cluster_fold, evaluate_methods, parse_budget
from diemtin.evaluate.score import gold_budget, score_outputs
from diemtin.summarizer import get_method
from diemtin.summarizer.pool import SentencePool

#: vims-dev-scored/README.md (R-1, R-2), to be reproduced to ±0.02
README_TABLE = {
    "lead_body_only_no_sapo": (49.04, 31.09),
    "tf_idf_centroid": (55.94, 35.87),
    "mmr_0_5": (57.31, 37.23),
    "oracle_greedy_r_2": (75.70, 66.61),
}


def invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.output


def run_cli(args: list[str]) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "diemtin.cli", *args], capture_output=True, text=True, timeout=300
    )
    return proc.returncode, proc.stdout, proc.stderr


def f1(data: dict[str, Any], method: str, key: str) -> float:
    row = next(m for m in data["methods"] if m["method"] == method)
    return float(row["scores"][key]["fmeasure"])


# ---------------------------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------------------------


def test_run_json_side_by_side() -> None:
    code, out = invoke(["eval", "--dataset", "vims", str(VIMS), "--method", "lead,mmr",
                        "--method", "oracle", "--format", "json", "--no-progress"])
    assert code == EXIT_OK, out
    data = json.loads(out)
    assert data["clusters"] == 3 and data["budget"] == "gold" and data["dataset"] == "vims"
    assert [m["method"] for m in data["methods"]] == ["lead", "mmr", "oracle"]
    oracle = next(m for m in data["methods"] if m["method"] == "oracle")
    assert oracle["upper_bound"] is True
    for m in data["methods"]:
        assert m["ms_per_cluster"] > 0
        for key in ("rouge1", "rouge2", "rougeL"):
            lo, hi = m["scores"][key]["ci95"]
            assert lo <= m["scores"][key]["fmeasure"] <= hi
    assert f1(data, "oracle", "rouge2") >= max(f1(data, "lead", "rouge2"), f1(data, "mmr", "rouge2"))


def test_default_subcommand_both_spellings() -> None:
    args = ["--dataset", "vims", str(VIMS), "--method", "mmr", "--format", "json", "--no-progress"]
    code1, out1 = invoke(["eval", *args])
    code2, out2 = invoke(["eval", "run", *args])
    assert code1 == code2 == EXIT_OK
    a, b = json.loads(out1), json.loads(out2)
    for d in (a, b):
        d["methods"][0].pop("ms_per_cluster")
    assert a == b


def test_markdown_marks_the_upper_bound(tmp_path: Path) -> None:
    out = tmp_path / "table.md"
    code, _ = invoke(["eval", "--dataset", "vims", str(VIMS), "--method", "centroid",
                      "--method", "oracle", "-o", str(out), "--no-progress"])
    assert code == EXIT_OK
    text = out.read_text(encoding="utf-8")
    assert "| method | R-1 | R-2 | R-L | ms/cluster |" in text
    assert "oracle (upper bound" in text and "| centroid |" in text
    assert "3 clusters, budget gold" in text


def test_dataset_is_detected_and_other_corpora_run() -> None:
    for path, name in ((VIMS, "vims"), (ABMUSU, "abmusu"), (VNMDS, "vnmds")):
        code, out = invoke(["eval", str(path), "--method", "mmr", "--format", "json", "--no-progress"])
        assert code == EXIT_OK, out
        assert json.loads(out)["dataset"] == name


def test_eval_reads_the_vims_release_layout(tmp_path: Path) -> None:
    root = vims_release(tmp_path / "ViMs")
    args = ["--method", "lead", "--format", "json", "--no-progress", "--bootstrap", "10"]
    code, out = invoke(["eval", "--dataset", "vims", str(VIMS), *args])
    expected = json.loads(out)["methods"]
    for given in (root, root / "original"):  # detected as ViMs, read with the summary/ tree
        code, out = invoke(["eval", str(given), *args])
        assert code == EXIT_OK, out
        data = json.loads(out)
        assert data["dataset"] == "vims" and data["clusters"] == 3
        assert [m["scores"] for m in data["methods"]] == [m["scores"] for m in expected]
    # a cluster with documents but no golds, or golds but no documents: one line each, exit 3
    (root / "summary" / "Cluster_003").rename(root / "summary" / "Cluster_011")
    rc, out, err = run_cli(["eval", str(root), *args])
    assert rc == EXIT_PARTIAL, err
    assert json.loads(out)["clusters"] == 2
    assert err.splitlines() == [
        f"diemtin: skipped {root / 'original' / 'Cluster_003'}: ViMs cluster without reference "
        "summaries: no summary/Cluster_003 folder beside original/ (the release keeps them in "
        "summary/Cluster_NNN/*.gold.txt) (cluster left out)",
        f"diemtin: skipped {root / 'summary' / 'Cluster_011'}: reference summaries without "
        "documents: no original/Cluster_011/original/ folder (cluster left out)",
    ]


def test_eval_reports_cluster_folders_it_does_not_read(tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "vims"
    shutil.copytree(VIMS, corpus)
    (corpus / "Cluster_010").rename(corpus / "Cluster_010_v2")
    (corpus / "Cluster_003" / "original").rename(corpus / "Cluster_003" / "Original")
    rc, out, err = run_cli(["eval", str(corpus), "--method", "lead", "--format", "json",
                            "--no-progress", "--bootstrap", "10"])
    assert rc == EXIT_PARTIAL, err
    assert json.loads(out)["clusters"] == 2  # Cluster_002 and Cluster_003 (Original/)
    assert err.splitlines() == [
        f"diemtin: skipped {corpus / 'Cluster_010_v2'}: not read: not a ViMs cluster folder "
        "name (Cluster_NNN, e.g. Cluster_204); rename it to read it (cluster left out)"]


def test_eval_cv_keeps_a_cluster_whose_s3_file_is_malformed(tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "vims"
    shutil.copytree(VIMS, corpus)
    shutil.copytree(VIMS / "Cluster_003", corpus / "Cluster_011")  # (so that no fold is empty)
    bad = corpus / "Cluster_010" / "s3" / "0.s3.txt"
    bad.write_text("không có nhãn\n", "utf-8")
    rc, out, err = run_cli(["eval", str(corpus), "--method", "lead", "--cv", "2", "--format",
                            "json", "--no-progress", "--bootstrap", "10"])
    assert rc == EXIT_OK, err
    assert json.loads(out)["clusters"] == 4 and "left_out" not in json.loads(out)
    assert err.splitlines() == [
        f"diemtin: warning: {bad}:1: expected '<0|1><TAB><sentence>' in a ViMs s3 file "
        "(annotation dropped: it only trains; Cluster_010 is still scored)"]


def test_every_method_by_default() -> None:
    code, out = invoke(["eval", "--dataset", "vims", str(VIMS), "--limit", "1", "--format", "json",
                        "--no-progress", "--bootstrap", "10"])
    assert code == EXIT_OK
    names = [m["method"] for m in json.loads(out)["methods"]]
    expected = ["lead", "centroid", "mmr"]
    try:
        import sumy  # noqa: F401

        expected += ["lexrank", "textrank"]
    except ImportError:
        pass
    assert names[: len(expected)] == expected and names[-1] == "oracle"


def test_budgets() -> None:
    clusters = load_vims(VIMS)
    gold = evaluate_methods(clusters, ["mmr"], progress=False, n_boot=10)
    ratio = evaluate_methods(clusters, ["mmr"], budget="ratio:0.05", progress=False, n_boot=10)
    none = evaluate_methods(clusters, ["mmr"], budget="none", progress=False, n_boot=10)
    for c, text in zip(clusters, gold["mmr"].outputs, strict=True):
        assert len(text.split()) == gold_budget(c.references)  # overflow, then cut: exact fill
    assert ratio["mmr"].outputs != gold["mmr"].outputs
    assert all(t for t in none["mmr"].outputs)
    assert parse_budget("ratio:0.1") == ("ratio", 0.1) and parse_budget("GOLD") == ("gold", None)
    for bad in ("ratio:0", "ratio:2", "ratio:x", "half"):
        with pytest.raises(UsageError):
            parse_budget(bad)


def test_output_fills_the_gold_budget() -> None:
    clusters = load_vims(VIMS)
    table = evaluate_methods(clusters, ["mmr"], progress=False, n_boot=10)
    for c, text in zip(clusters, table["mmr"].outputs, strict=True):
        assert len(text.split()) == gold_budget(c.references)


def test_saved_outputs_score_the_same(tmp_path: Path) -> None:
    code, out = invoke(["eval", "--dataset", "vims", str(VIMS), "--method", "lead", "--method", "mmr",
                        "--save-outputs", str(tmp_path), "--format", "json", "--no-progress"])
    assert code == EXIT_OK
    data = json.loads(out)
    for name in ("lead", "mmr"):
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == [
            "Cluster_002.txt", "Cluster_003.txt", "Cluster_010.txt"]
        code, scored = invoke(["eval", "score", str(tmp_path / name), "--dataset", "vims", str(VIMS),
                               "--format", "json"])
        assert code == EXIT_OK
        s = json.loads(scored)
        for key in ("rouge1", "rouge2", "rougeL"):
            assert s["scores"][key]["fmeasure"] == pytest.approx(f1(data, name, key), abs=1e-12)


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--method", "nope"], "unknown method", EXIT_USAGE),
        (["--budget", "ratio:7"], "ratio", EXIT_USAGE),
        (["--cv", "1"], "--cv", EXIT_USAGE),
        (["--cv", "5", "--method", "mmr"], "needs at least 5 clusters", EXIT_USAGE),
    ],
)
def test_errors_are_one_line(args: list[str], message: str, code: int) -> None:
    rc, _, err = run_cli(["eval", "--dataset", "vims", str(VIMS), "--no-progress", *args])
    assert rc == code, err
    assert message in err
    assert len([line for line in err.splitlines() if line.strip()]) <= 3


def test_cv_with_too_few_clusters_left_is_a_data_error(tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "vims"
    shutil.copytree(VIMS, corpus)
    (corpus / "Cluster_002" / "original" / "zz.txt").write_bytes(b"Title: x\nContent:\nCaf\xe9 \xff\xfe\n")
    rc, _, err = run_cli(["eval", "--dataset", "vims", str(corpus), "--cv", "3", "--method", "mmr",
                          "--no-progress"])
    assert rc == EXIT_ERROR, err  # the option is fine, the corpus is short: not a usage error
    last = err.strip().splitlines()[-1]
    assert last == (f"diemtin: error: {corpus}: --cv 3 needs at least 3 clusters, but only 2 are "
                    "left (1 cluster(s) left out as unreadable or malformed, listed above): fix "
                    "them, or choose --cv 2 or less")
    # --limit below K is still the user's choice (usage), as is a corpus smaller than K
    rc, _, err = run_cli(["eval", "--dataset", "vims", str(corpus), "--cv", "3", "--limit", "2",
                          "--method", "mmr", "--no-progress"])
    assert rc == EXIT_USAGE and "needs at least 3 clusters" in err


def test_missing_path_and_wrong_dataset(tmp_path: Path) -> None:
    rc, _, err = run_cli(["eval", "--dataset", "vims", str(tmp_path / "nope")])
    assert rc == EXIT_USAGE and "does not exist" in err
    rc, _, err = run_cli(["eval", "--dataset", "vnmds", str(VIMS), "--method", "mmr"])
    assert rc == EXIT_ERROR and "vims" in err


# ---------------------------------------------------------------------------------------------
# cross-validation hook
# ---------------------------------------------------------------------------------------------


class Learner:
    """A fake learned method: records what each fitted copy was trained on."""

    name = "fake"
    description = "test"

    def __init__(self, train: Sequence[str] = ()) -> None:
        self.train = tuple(train)
        self.seen: list[str] = []
        self.fits: list[Learner] = []

    def fitted(self, train_clusters: Sequence[Cluster]) -> Learner:
        model = Learner([c.id for c in train_clusters])
        self.fits.append(model)
        return model

    def select(self, pool: SentencePool, budget: int, overflow: bool = False) -> list[int]:
        self.seen.append(pool.articles[0].group or "")
        return get_method("lead").select(pool, budget, overflow)


def _clusters(n: int) -> list[Cluster]:
    base = load_vims(VIMS)[0]
    return [Cluster(f"c{i}", base.documents, base.references) for i in range(n)]


def test_cv_trains_on_the_other_folds() -> None:
    clusters = _clusters(12)
    learner = Learner()
    table = evaluate_methods(clusters, [learner, "lead"], cv=3, progress=False, n_boot=10)
    assert len(learner.fits) == 3 and not learner.seen
    ids = {c.id for c in clusters}
    folds = {c.id: cluster_fold(c.id, 3) for c in clusters}
    for k, model in enumerate(learner.fits):
        assert set(model.train) == {i for i in ids if folds[i] != k}
        warm_up = int(folds[clusters[0].id] == k)  # the first cluster is also run untimed
        assert len(model.seen) == sum(f == k for f in folds.values()) + warm_up
    assert table["fake"].cross_validated and not table["lead"].cross_validated
    # the fake learner is lead: same outputs, CV or not
    assert table["fake"].outputs == table["lead"].outputs
    assert "(3-fold CV)" in table.to_markdown()
    plain = evaluate_methods(clusters, [Learner()], progress=False, n_boot=10)
    assert not plain["fake"].cross_validated


def test_packaged_model_label_names_its_training_corpora() -> None:
    # in-sample only on the corpora the model was trained on: the label says which, and that
    # the packaged model is the out-of-sample figure anywhere else (a held-out split)
    table = evaluate_methods(load_vims(VIMS), ["learned", "lead"], progress=False, n_boot=10)
    assert ("| learned (packaged model: in-sample on abmusu-train + vims-dev, use --cv 5 there; "
            "out-of-sample elsewhere) |") in table.to_markdown()
    rows = {m["method"]: m for m in table.to_dict()["methods"]}  # type: ignore[attr-defined]
    assert rows["learned"]["trained_on"] == ["abmusu-train", "vims-dev"]
    assert rows["lead"]["trained_on"] == [] and not rows["lead"]["packaged_model"]
    fake = evaluate_methods(_clusters(2), [Learner()], progress=False, n_boot=10)
    assert "| fake (packaged model: in-sample on its training corpora, use --cv 5 there; " in fake.to_markdown()


def test_cv_trains_each_fold_on_the_extra_corpora_too() -> None:
    clusters = _clusters(6)
    other = load_vims(VIMS)[1:]  # other documents: a different corpus
    learner = Learner()
    table = evaluate_methods(
        clusters, [learner], cv=2, progress=False, n_boot=10, train_extra=other
    )
    for k, model in enumerate(learner.fits):
        own = {c.id for c in clusters if cluster_fold(c.id, 2) != k}
        extra = set(model.train) - own
        assert {i.rsplit("/", 1)[1] for i in extra} == {c.id for c in other}
        # renamed after the articles' hash: never meets a scored id or another corpus's
        assert all(re.fullmatch(r"extra/[0-9a-f]{16}/Cluster_\d+", i) for i in extra)
    assert table.ids == tuple(c.id for c in clusters)  # extras are never scored
    assert table.to_dict()["train_extra_clusters"] == 2
    assert "also trained on 2 clusters of other corpora" in table.to_markdown()
    # nothing trains on them: the table does not claim it
    plain = evaluate_methods(clusters, ["lead"], cv=2, progress=False, n_boot=10, train_extra=other)
    assert plain.train_extra == 0 and "other corpora" not in plain.to_markdown()


def test_extra_training_needs_cv_and_never_shares_an_article_with_a_scored_cluster() -> None:
    clusters = load_vims(VIMS)
    scored, other = clusters[:2], clusters[2]
    # one article of a scored cluster, re-wrapped, inside another corpus's cluster
    doc = replace(scored[1].documents[0], text=scored[1].documents[0].text.replace("\n", "\n\n"))
    mixed = Cluster("mixed", (*other.documents, doc), other.references)
    with pytest.raises(UsageError, match="add --cv"):
        evaluate_methods(scored, [Learner()], progress=False, n_boot=10, train_extra=[other])
    learner = Learner()
    table = evaluate_methods(  # (fold seed 0 puts both scored clusters in one fold)
        scored, [learner], cv=2, progress=False, n_boot=10, train_extra=[mixed, other], fold_seed=1
    )
    assert all(not any(i.endswith("/mixed") for i in m.train) for m in learner.fits)
    assert (table.train_extra, table.train_extra_skipped) == (1, 1)
    assert "1 extra training clusters were left out" in table.to_markdown()
    with pytest.raises(UsageError, match="every one of the 1 extra training clusters"):
        evaluate_methods(scored, [Learner()], cv=2, progress=False, n_boot=10, train_extra=[mixed],
                         fold_seed=1)


def test_cli_train_extra(tmp_path: Path) -> None:
    rc, _, err = run_cli(["eval", str(VIMS), "--method", "learned", "--train-extra", str(ABMUSU)])
    assert rc == EXIT_USAGE and "--train-extra only applies to cross-validation" in err
    rc, _, err = run_cli(["eval", str(VIMS), "--cv", "2", "--train-extra", str(tmp_path), "--no-progress"])
    assert rc == EXIT_USAGE and f"--train-extra vims:{tmp_path}" in err
    rc, _, err = run_cli(["eval", str(VIMS), "--cv", "2", "--train-extra", "ViMs:/no/such", "--no-progress"])
    assert rc == EXIT_USAGE and "'/no/such' does not exist" in err
    rc, _, err = run_cli(["eval", str(VIMS), "--cv", "2", "--train-extra", "vims:", "--no-progress"])
    assert rc == EXIT_USAGE and "'vims:' names no path" in err
    rc, _, err = run_cli(["eval", str(VIMS), "--cv", "2", "--train-extra", f"vims:{VIMS}", "--no-progress"])
    assert rc == EXIT_USAGE and "never train on what it scores" in err
    assert len([line for line in err.splitlines() if line.strip()]) <= 3
    rc, out = invoke([
        "eval", str(VIMS), "--method", "learned", "--cv", "2", "--train-extra", str(ABMUSU),
        "--format", "json", "--bootstrap", "10", "--no-progress", "--fold-seed", "1",
    ])  # (fold seed 0 puts the three clusters in one fold)
    assert rc == EXIT_OK
    data = json.loads(out)
    assert data["train_extra_clusters"] == len(load_abmusu(ABMUSU)) and data["clusters"] == 3
    assert data["methods"][0]["cross_validated"]


def test_cluster_fold_is_stable_and_seeded() -> None:
    ids = [f"Cluster_{i:03d}" for i in range(1, 201)]
    folds = [cluster_fold(i, 5) for i in ids]
    assert folds == [cluster_fold(i, 5) for i in reversed(ids)][::-1]
    assert set(folds) == set(range(5)) and min(folds.count(k) for k in range(5)) > 20
    assert folds != [cluster_fold(i, 5, seed=1) for i in ids]
    # pinned: the fold of a cluster never changes between versions or Python runs
    assert [cluster_fold(i, 5) for i in ids[:8]] == _PINNED_FOLDS
    with pytest.raises(UsageError):
        cluster_fold("x", 1)


_PINNED_FOLDS = [4, 1, 2, 0, 0, 4, 0, 0]


def test_fold_seed_is_apart_from_the_bootstrap_seed() -> None:
    clusters = _clusters(12)
    runs = {}
    for seed, fold_seed in ((0, 0), (1, 0), (0, 1)):
        learner = Learner()
        table = evaluate_methods(clusters, [learner], cv=3, progress=False, n_boot=50,
                                 seed=seed, fold_seed=fold_seed)
        runs[seed, fold_seed] = ([set(m.train) for m in learner.fits], table["fake"].scores)
    (folds0, scores0), (folds1, scores1), (folds2, _) = runs.values()
    assert folds0 == folds1 and scores0.mean == scores1.mean  # another bootstrap draw: same folds
    assert folds2 != folds0  # another fold seed: other folds
    ids = [c.id for c in clusters]
    assert folds2 == [{i for i in ids if cluster_fold(i, 3, 1) != k} for k in range(3)]


def test_a_fold_without_clusters_is_refused() -> None:
    clusters = _clusters(5)  # fold seed 0, K=5: folds 1 and 4 hold them all
    assert sorted({cluster_fold(c.id, 5) for c in clusters}) == [1, 4]
    with pytest.raises(UsageError) as err:
        evaluate_methods(clusters, [Learner()], cv=5, progress=False, n_boot=10)
    assert str(err.value) == (
        "--cv 5: folds 0, 2, 3 would hold no cluster (a fold is a hash of the cluster id; the 5 "
        "clusters fall 0/3/0/0/2), so this is not 5-fold cross-validation: use --cv 3 or "
        "another --fold-seed (now 0)")
    assert evaluate_methods(clusters, [Learner()], cv=3, progress=False, n_boot=10).cv == 3
    rc, _, err_text = run_cli(["eval", "--dataset", "vims", str(VIMS), "--cv", "2",
                               "--method", "lead", "--no-progress"])
    assert rc == EXIT_USAGE and "fold 1 would hold no cluster" in err_text
    assert len(err_text.strip().splitlines()) == 1
    rc, _, _ = run_cli(["eval", "--dataset", "vims", str(VIMS), "--cv", "2", "--fold-seed", "1",
                        "--method", "lead", "--no-progress", "--bootstrap", "10"])
    assert rc == EXIT_OK


def test_table_to_dict_and_markdown() -> None:
    table = evaluate_methods(load_vims(VIMS), ["lead"], progress=False, n_boot=10, dataset="vims")
    assert isinstance(table, EvalTable) and table.n_clusters == 3
    d = table.to_dict()
    assert d["clusters"] == 3 and d["methods"][0]["method"] == "lead"
    json.dumps(d)
    assert table.to_markdown().count("\n| lead |") == 1


# ---------------------------------------------------------------------------------------------
# score
# ---------------------------------------------------------------------------------------------


def test_score_fixture_outputs() -> None:
    code, out = invoke(["eval", "score", str(OUTPUTS), "--dataset", "vims", str(VIMS), "--format", "json"])
    assert code == EXIT_OK
    data = json.loads(out)
    expected = score_outputs(OUTPUTS, load_vims(VIMS))
    for key in ("rouge1", "rouge2", "rougeL"):
        assert data["scores"][key]["fmeasure"] == pytest.approx(expected.f1(key), abs=1e-12)
    code, md = invoke(["eval", "score", str(OUTPUTS), str(VIMS)])
    assert code == EXIT_OK and "| vims_outputs |" in md


def test_per_cluster_scores_in_markdown_and_json() -> None:
    # eval score: --per-cluster was ignored without a word in markdown
    expected = score_outputs(OUTPUTS, load_vims(VIMS))
    code, md = invoke(["eval", "score", str(OUTPUTS), str(VIMS), "--per-cluster"])
    assert code == EXIT_OK and "\nPer cluster (F1 ×100):\n\n| cluster | R-1 | R-2 | R-L |\n" in md
    first = expected.per_item[0]
    cells = " | ".join(f"{100 * first[k].fmeasure:.2f}" for k in ("rouge1", "rouge2", "rougeL"))
    assert f"\n| Cluster_002 | {cells} |\n" in md and md.count("\n| Cluster_0") == 3
    # eval run: the same, one row per cluster and method; JSON items per method
    args = ["eval", str(VIMS), "--method", "lead,mmr", "--no-progress", "--bootstrap", "10",
            "--per-cluster"]
    code, md = invoke(args)
    assert code == EXIT_OK and "| cluster | method | R-1 | R-2 | R-L |" in md
    assert md.count("\n| Cluster_010 | ") == 2
    code, out = invoke([*args, "--format", "json"])
    data = json.loads(out)
    for m in data["methods"]:
        assert [i["id"] for i in m["items"]] == ["Cluster_002", "Cluster_003", "Cluster_010"]
        mean = sum(i["rouge2"] for i in m["items"]) / 3
        assert m["scores"]["rouge2"]["fmeasure"] == pytest.approx(mean)
    code, out = invoke([*args[:-1], "--format", "json"])
    assert "items" not in json.loads(out)["methods"][0]


def test_score_missing_outputs(tmp_path: Path) -> None:
    (tmp_path / "Cluster_002.txt").write_text("Một câu.\n", encoding="utf-8")
    rc, _, err = run_cli(["eval", "score", str(tmp_path), "--dataset", "vims", str(VIMS)])
    assert rc == EXIT_ERROR and "no output file" in err
    code, out, err = run_cli(["eval", "score", str(tmp_path), "--dataset", "vims", str(VIMS),
                              "--missing", "skip", "--format", "json"])
    # clusters left out for want of an output: listed, exit 3 (as for unreadable outputs)
    assert code == EXIT_PARTIAL and json.loads(out)["n"] == 1
    assert "2 of 3 clusters have no output file" in err
    assert json.loads(out)["no_output_file"] == ["Cluster_003", "Cluster_010"]
    # an output that cannot be read is reported, not dropped without a word
    (tmp_path / "Cluster_003.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    rc, out, err = run_cli(["eval", "score", str(tmp_path), "--dataset", "vims", str(VIMS),
                            "--missing", "skip", "--format", "json"])
    assert rc == EXIT_PARTIAL and json.loads(out)["n"] == 1
    assert f"diemtin: skipped {tmp_path / 'Cluster_003.txt'}: a PNG image" in err and "(left out)" in err


def test_score_counts_unreadable_outputs_among_the_left_out(tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "vims"
    shutil.copytree(VIMS, corpus)
    (corpus / "Cluster_002" / "original" / "zz.txt").write_bytes(b"Title: x\nContent:\nCaf\xe9 \xff\xfe\n")
    outputs = tmp_path / "outs"
    shutil.copytree(OUTPUTS, outputs)
    (outputs / "Cluster_003.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    args = ["eval", "score", str(outputs), "--dataset", "vims", str(corpus), "--bootstrap", "10"]
    rc, out, err = run_cli([*args, "--missing", "skip"])
    # one corpus cluster and one output file left out: the footer says 2, not 1
    assert rc == EXIT_PARTIAL and "mean over 1 clusters" in out
    assert "\n2 cluster(s) left out: unreadable or malformed files" in out
    assert err.count("diemtin: skipped") == 2
    rc, out, _ = run_cli([*args, "--missing", "skip", "--format", "json"])
    assert rc == EXIT_PARTIAL
    assert [Path(r["source"]).name for r in json.loads(out)["left_out"]] == ["zz.txt", "Cluster_003.txt"]
    rc, out, _ = run_cli([*args, "--missing", "empty"])
    assert rc == EXIT_PARTIAL and "mean over 2 clusters" in out
    assert "\n1 cluster(s) left out" in out and "\n1 unreadable output file(s) scored as empty" in out
    rc, out, _ = run_cli([*args, "--missing", "empty", "--format", "json"])
    assert [Path(r["source"]).name for r in json.loads(out)["scored_empty"]] == ["Cluster_003.txt"]


@pytest.mark.parametrize("folder", sorted(README_TABLE))
def test_cli_reproduces_the_vims_dev_scored_table(folder: str, tmp_path: Path) -> None:
    outputs = SHARED / "vims-dev-scored" / folder
    corpus = SHARED / "vims-dev"
    if not outputs.is_dir() or not corpus.is_dir():
        pytest.skip("shared data not available")
    target = tmp_path / "scores.json"
    assert main(["eval", "score", str(outputs), "--dataset", "vims", str(corpus), "--format",
                 "json", "--bootstrap", "10", "-o", str(target)]) == EXIT_OK
    data = json.loads(target.read_text(encoding="utf-8"))
    r1, r2 = README_TABLE[folder]
    assert data["n"] == 200
    assert 100 * data["scores"]["rouge1"]["fmeasure"] == pytest.approx(r1, abs=0.02)
    assert 100 * data["scores"]["rouge2"]["fmeasure"] == pytest.approx(r2, abs=0.02)
