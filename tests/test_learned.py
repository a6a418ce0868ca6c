"""The ``learned`` method: lazy model, determinism, faithful and budgeted output, training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diemtin import summarize
from diemtin.evaluate.datasets import Cluster
from diemtin.summarizer import build_pool, get_method
from diemtin.summarizer.features import FEATURE_NAMES, sentence_features
from diemtin.summarizer.learned import (
    Learned,
    LinearModel,
    ModelError,
    headline_matrix,
    load_model,
    novelty_select,
    train_model,
)
from diemtin.text.words import count_syllables
from diemtin.types import Article, RawDocument

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "src" / "diemtin" / "data" / "learned.json"

A = Article(
    title="Bão số 3 đổ bộ Quảng Ninh",
    lead="Chiều 7/9, bão số 3 đổ bộ vào Quảng Ninh với sức gió cấp 12.",
    paragraphs=[
        "Chiều 7/9, bão số 3 đổ bộ vào Quảng Ninh với sức gió cấp 12.",
        "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, bão số 3 đã đổ bộ vào tỉnh Quảng Ninh "
        "chiều 7/9 với sức gió mạnh cấp 12, giật cấp 15. Hàng nghìn cây xanh bị quật đổ tại "
        "thành phố Hạ Long. Chính quyền đã sơ tán hơn 20.000 người dân khỏi vùng nguy hiểm.",
        "Ông Nguyễn Văn A, Chủ tịch UBND tỉnh, cho biết lực lượng cứu hộ đang túc trực 24/24.",
    ],
    outlet="Báo A",
)
B = Article(
    title="Quảng Ninh tan hoang sau bão",
    lead="Bão số 3 làm đổ hàng nghìn cây xanh ở Hạ Long.",
    paragraphs=[
        "Bão số 3 làm đổ hàng nghìn cây xanh ở Hạ Long.",
        "Chiều 7/9, bão số 3 đã đổ bộ vào tỉnh Quảng Ninh với sức gió mạnh cấp 12, giật cấp 15. "
        "Ngành điện cho biết điện lưới bị cắt ở nhiều nơi trong tỉnh. Hơn 20.000 người đã được "
        "sơ tán trước khi bão vào.",
        "Các trường học ở Hạ Long cho học sinh nghỉ học ngày 8/9 để khắc phục hậu quả.",
    ],
    outlet="Báo B",
)


def test_model_is_loaded_lazily() -> None:
    code = (
        "import diemtin.summarizer.learned as L\n"
        "from diemtin.summarizer import available_methods\n"
        "assert 'learned' in available_methods()\n"
        "assert L.load_model.cache_info().currsize == 0\n"
        "L.load_model()\n"
        "assert L.load_model.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_packaged_model_is_small_and_round_trips() -> None:
    text = MODEL.read_text(encoding="utf-8")
    assert len(text.encode()) < 5 * 2**20
    model = load_model()
    assert model.features == FEATURE_NAMES
    assert np.all(np.isfinite(model.weights))
    assert model.to_json() == text  # the file is exactly what the writer produces


def test_wrong_features_are_refused() -> None:
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:-1]
    doc["weights"] = doc["weights"][:-1]
    with pytest.raises(ModelError):
        LinearModel.from_json(json.dumps(doc))
    with pytest.raises(ModelError):
        LinearModel.from_json("{}")


def test_features_shape_and_finite() -> None:
    pool = build_pool([A, B])
    x = sentence_features(pool)
    assert x.shape == (len(pool), len(FEATURE_NAMES))
    assert np.all(np.isfinite(x))
    single = sentence_features(build_pool([A]))  # one article: no consensus, still finite
    assert np.all(np.isfinite(single))
    assert sentence_features(build_pool([])).shape == (0, len(FEATURE_NAMES))


def test_summary_is_deterministic_faithful_and_cited() -> None:
    one = summarize([A, B], max_words=60, method="learned")
    two = summarize([A, B], max_words=60, method="learned")
    assert one.text == two.text
    assert one.method == "learned"
    assert count_syllables(one.text) <= 60
    sources = {s for art in (A, B) for p in art.paragraphs for s in [p]}
    for sent in one.sentences:
        assert sent.text == sent.source.text
        assert any(sent.text in p for p in sources)
        assert sent.citations[0].article == sent.source.article


def test_consensus_fact_comes_first() -> None:
    summary = summarize([A, B], max_words=30, method="learned")
    assert "cấp 12" in summary.sentences[0].text


def test_novelty_skips_repeats() -> None:
    pool = build_pool([A, B])
    scores = np.zeros(len(pool))
    twins = [i for i, s in enumerate(pool.sentences) if "đổ bộ vào" in s.text]
    scores[twins] = 1.0
    chosen = novelty_select(pool, scores, 200)
    texts = [pool.sentences[i].text for i in chosen]
    # the two leads saying "bão số 3 ... đổ bộ vào Quảng Ninh" are near repeats: not both first
    assert len(set(texts)) == len(texts)
    assert chosen[0] in twins
    assert novelty_select(pool, scores, 0) == []


def test_headline_matrix_rows_are_title_plus_lede() -> None:
    pool = build_pool([A, B])
    head = headline_matrix(pool)
    assert head.shape[0] == 2
    assert np.allclose(head.sum(axis=1), 1.0)
    # the lede's bigrams are all in its article's headline
    lede_b = min(i for i in range(len(pool)) if pool.article_of[i] == 1)
    from diemtin.summarizer.features import pool_parts

    bigrams = pool_parts(pool).bigrams
    cols = bigrams.indices[bigrams.indptr[lede_b] : bigrams.indptr[lede_b + 1]]
    assert (head[1, cols] > 0).all()


def test_headline_term_pulls_in_an_uncovered_article_lede() -> None:
    c = Article(
        title="Hà Nội mở thêm tuyến xe buýt điện",
        lead="Hà Nội khai trương ba tuyến xe buýt điện mới từ ngày 10/9.",
        paragraphs=[
            "Hà Nội khai trương ba tuyến xe buýt điện mới từ ngày 10/9.",
            "Các tuyến mới nối trung tâm thành phố với khu đô thị phía tây, giá vé không đổi.",
        ],
        outlet="Báo C",
    )
    pool = build_pool([A, c])
    scores = np.zeros(len(pool))
    a_sents = [i for i in range(len(pool)) if pool.article_of[i] == 0]
    scores[a_sents] = 1.0  # the scorer only likes article A
    without = novelty_select(pool, scores, 40, headline=0.0)
    with_term = novelty_select(pool, scores, 40, headline=3.0)
    assert all(pool.article_of[i] == 0 for i in without)
    assert any(pool.article_of[i] == 1 for i in with_term)


def test_budget_shorter_than_every_sentence_gives_one_sentence() -> None:
    summary = summarize([A, B], max_words=3, method="learned")
    assert len(summary.sentences) == 1


_WORDS = (
    "bão lũ mưa gió Hà Nội Quảng Ninh người dân chính quyền cho biết ngày 7/9 cấp 12 "
    "điện lưới học sinh nghỉ học hơn 20.000 sơ tán tỉnh thành phố ông bà"
)
_SYLLABLES = st.sampled_from(_WORDS.split(" "))
_SENTENCE = st.lists(_SYLLABLES, min_size=1, max_size=30).map(lambda w: " ".join(w).capitalize() + ".")
_ARTICLE = st.builds(
    lambda title, paras: Article(title=title, paragraphs=paras),
    st.lists(_SYLLABLES, min_size=1, max_size=8).map(" ".join),
    st.lists(st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles=st.lists(_ARTICLE, min_size=1, max_size=4), budget=st.integers(1, 150),
       copies=st.integers(0, 2))
def test_property_selection_is_valid(articles: list[Article], budget: int, copies: int) -> None:
    pool = build_pool(articles + articles[:1] * copies)  # wire copies of the first article
    if len(pool) == 0:
        return
    method = get_method("learned")
    chosen = method.select(pool, budget)
    assert chosen == method.select(pool, budget)  # deterministic
    assert len(set(chosen)) == len(chosen)
    texts = [pool.sentences[i].text for i in chosen]
    assert len(set(texts)) == len(texts)  # the same sentence from two articles comes once
    assert all(0 <= i < len(pool) for i in chosen)
    used = int(pool.lengths[chosen].sum()) if chosen else 0
    assert used <= budget or len(chosen) == 1
    over = method.select(pool, budget, overflow=True)
    if over:  # with overflow only the last sentence may cross the budget
        assert int(pool.lengths[over[:-1]].sum()) < budget


def _cluster(cid: str, arts: list[Article], ref: str) -> Cluster:
    docs = tuple(
        RawDocument(
            text="\n".join(a.paragraphs[1:]), source=f"{cid}/{k}", format="vims",
            meta={"title": a.title, "lead": a.lead or ""}, group=cid, structured=True,
        )
        for k, a in enumerate(arts)
    )
    return Cluster(id=cid, documents=docs, references=(ref,))


def test_training_and_fitted_hook() -> None:
    ref = "Chiều 7/9, bão số 3 đã đổ bộ vào tỉnh Quảng Ninh với sức gió mạnh cấp 12, giật cấp 15."
    clusters = [_cluster(f"c{k}", [A, B], ref) for k in range(3)]
    model = train_model(clusters)
    assert model.features == FEATURE_NAMES
    assert np.all(np.isfinite(model.weights))
    again = train_model(clusters)
    assert model.to_json() == again.to_json()  # deterministic
    fitted = Learned().fitted(clusters)
    assert isinstance(fitted, Learned) and fitted.model.to_json() == model.to_json()
    with pytest.raises(ValueError):
        train_model(clusters, drop=("no such feature",))


@pytest.mark.slow
def test_train_script_rebuilds_the_packaged_model(vims_dev: Path, abmusu_train: Path) -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from train_model import build
    finally:
        sys.path.pop(0)
    assert build(vims_dev.parent) == MODEL.read_text(encoding="utf-8"), (
        "the packaged model is stale: run python scripts/train_model.py"
    )
