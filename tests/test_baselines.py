"""Peer baselines: sumy LexRank/TextRank on our tokens, and the greedy ROUGE-2 oracle."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from diemtin.errors import OptionalDependencyError, UsageError
from diemtin.evaluate.rouge import rouge_scores
from diemtin.summarizer import available_methods, build_pool, get_method
from diemtin.summarizer.pool import SentencePool
from diemtin.summarizer.select import NEAR_DUPLICATE
from diemtin.types import Article

ARTICLES = [
    Article(
        title="Hà Nội mưa lớn",
        paragraphs=[
            "Trận mưa lớn kéo dài từ chiều qua khiến nhiều tuyến phố ở Hà Nội ngập sâu. "
            "Giao thông ùn tắc nghiêm trọng ở nhiều quận nội thành.",
            "Lượng mưa đo được tại nội thành phổ biến từ 100 đến 150 mm theo trung tâm dự báo.",
            "Nhiều phương tiện chết máy khi cố vượt qua các đoạn đường ngập như Nguyễn Trãi.",
        ],
    ),
    Article(
        title="Mưa lớn ở Hà Nội",
        paragraphs=[
            "Trận mưa lớn kéo dài từ chiều qua khiến nhiều tuyến phố ở Hà Nội ngập sâu. "
            "Công ty thoát nước huy động hàng trăm công nhân túc trực tại các điểm ngập.",
            "Người dân phải dắt xe máy qua các tuyến phố bị ngập trong nước mưa suốt buổi tối.",
            "Dự báo trong những ngày tới Hà Nội còn có mưa rào và dông rải rác ở nhiều nơi.",
        ],
    ),
    Article(
        title="Ngập lụt",
        paragraphs=[
            "Các đoạn đường ngập như Nguyễn Trãi, Trường Chinh và Láng gây ùn tắc kéo dài. "
            "Cảnh sát giao thông được tăng cường để phân luồng cho người đi đường.",
            "Thành phố yêu cầu các đơn vị khẩn trương khắc phục hậu quả của trận mưa lớn.",
        ],
    ),
]


@pytest.fixture(scope="module")
def pool() -> SentencePool:
    return build_pool(ARTICLES)


def _no_sumy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "sumy" or m.startswith("sumy.")] + ["sumy"]:
        monkeypatch.setitem(sys.modules, name, None)


def test_registered() -> None:
    assert {"lexrank", "textrank", "oracle"} <= set(available_methods())
    assert get_method("oracle").needs_references is True  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["lexrank", "textrank"])
def test_sumy_methods_follow_the_budget_rules(pool: SentencePool, name: str) -> None:
    pytest.importorskip("sumy")
    method = get_method(name)
    for budget in (20, 45, 80):
        chosen = method.select(pool, budget)
        assert chosen and len(set(chosen)) == len(chosen)
        assert all(pool.eligible[i] for i in chosen)
        assert int(pool.lengths[chosen].sum()) <= budget or len(chosen) == 1
        over = method.select(pool, budget, overflow=True)
        used = pool.lengths[over].cumsum()
        assert (used[:-1] < budget).all()  # only the last sentence may cross the budget
        # near-verbatim repeats (the shared first sentence) never appear twice
        sim = pool.similarity[over][:, over]
        assert (sim[~np.eye(len(over), dtype=bool)] <= NEAR_DUPLICATE).all()


@pytest.mark.parametrize(("name", "cls"), [("lexrank", "LexRankSummarizer"), ("textrank", "TextRankSummarizer")])
def test_ranking_is_sumys(pool: SentencePool, name: str, cls: str) -> None:
    """Our ranking's top k (in document order) is exactly what sumy's summarizer returns."""
    pytest.importorskip("sumy")
    from diemtin.summarizer.baselines import sumy_document, sumy_ranking

    method = get_method(name)
    ranking = sumy_ranking(pool, method.summarizer(), name)  # type: ignore[attr-defined]
    assert sorted(ranking) == list(range(len(pool)))
    document = sumy_document(pool)
    assert [str(s) for s in document.sentences] == [s.text.strip() for s in pool.sentences]
    assert list(document.sentences[0].words) == list(pool.tokens[0])  # our syllables, diacritics
    for k in (1, 3, 5):
        expected = [str(s) for s in method.summarizer()(document, k)]  # type: ignore[attr-defined]
        assert [pool.sentences[i].text.strip() for i in sorted(ranking[:k])] == expected


def test_no_nltk_download(pool: SentencePool, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sumy")
    nltk = pytest.importorskip("nltk")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the baselines must not download NLTK data")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    for name in ("lexrank", "textrank"):
        assert get_method(name).select(pool, 40)


def test_missing_sumy_names_the_extra(pool: SentencePool, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_sumy(monkeypatch)
    for name, feature in (("lexrank", "LexRank"), ("textrank", "TextRank")):
        with pytest.raises(OptionalDependencyError) as err:
            get_method(name).select(pool, 40)
        assert feature in str(err.value) and "diemtin[baselines]" in str(err.value)
        assert "sumy" in str(err.value)


def test_empty_pool() -> None:
    pytest.importorskip("sumy")
    empty = build_pool([])
    for name in ("lexrank", "textrank"):
        assert get_method(name).select(empty, 50) == []
    assert get_method("oracle").select_with_references(empty, 50, ["một câu."]) == []  # type: ignore[attr-defined]


def test_oracle_finds_the_reference_sentences(pool: SentencePool) -> None:
    oracle = get_method("oracle")
    targets = [2, 7]
    reference = " ".join(pool.sentences[i].text for i in targets)
    budget = int(pool.lengths[targets].sum())
    chosen = oracle.select_with_references(pool, budget, [reference])  # type: ignore[attr-defined]
    assert sorted(chosen) == targets
    text = "\n".join(pool.sentences[i].text for i in sorted(chosen))
    assert rouge_scores(text, [reference])["rouge2"].fmeasure == pytest.approx(1.0)


def test_oracle_beats_the_other_methods(pool: SentencePool) -> None:
    refs = [
        "Mưa lớn khiến nhiều tuyến phố Hà Nội ngập sâu, giao thông ùn tắc. "
        "Công ty thoát nước huy động công nhân túc trực.",
        "Hà Nội mưa lớn, phố ngập, nhiều xe chết máy trên đường Nguyễn Trãi.",
    ]
    budget = 40

    def r2(chosen: list[int]) -> float:
        text = "\n".join(pool.sentences[i].text for i in chosen)
        text = " ".join(text.split()[:budget])
        return rouge_scores(text, refs)["rouge2"].fmeasure

    oracle = r2(get_method("oracle").select_with_references(pool, budget, refs, True))  # type: ignore[attr-defined]
    for name in ("lead", "centroid", "mmr"):
        assert oracle >= r2(get_method(name).select(pool, budget, True))


def test_oracle_budget_rules(pool: SentencePool) -> None:
    oracle = get_method("oracle")
    refs = [" ".join(s.text for s in pool.sentences)]  # everything is worth taking
    for budget in (15, 30, 60):
        chosen = oracle.select_with_references(pool, budget, refs)  # type: ignore[attr-defined]
        assert int(pool.lengths[chosen].sum()) <= budget or len(chosen) == 1
        over = oracle.select_with_references(pool, budget, refs, True)  # type: ignore[attr-defined]
        used = pool.lengths[over].cumsum()
        assert (used[:-1] < budget).all() and int(used[-1]) >= budget


def test_oracle_refuses_without_references(pool: SentencePool) -> None:
    with pytest.raises(UsageError, match="reference summaries"):
        get_method("oracle").select(pool, 40)
    with pytest.raises(UsageError):
        get_method("oracle").select_with_references(pool, 40, [])  # type: ignore[attr-defined]


def test_summarize_cli_refuses_the_oracle(tmp_path: object) -> None:
    article = "\n\n".join(["Hà Nội mưa lớn", *ARTICLES[0].paragraphs])
    proc = subprocess.run(
        [sys.executable, "-m", "diemtin.cli", "summarize", "--method", "oracle", "-"],
        input=article, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2  # a wrong --method is a usage error
    assert "oracle" in proc.stderr and "reference" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
