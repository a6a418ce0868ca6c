"""Vietnamese-correct ROUGE: equality with rouge-score, hand-computed cases, diacritics."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

from diemtin.errors import OptionalDependencyError, UsageError
from diemtin.evaluate.rouge import (
    ROUGE_TYPES,
    Score,
    bootstrap_ci,
    corpus_scores,
    lcs_indices,
    rouge_l_summary,
    rouge_n,
    rouge_scores,
    rouge_tokens,
)
from diemtin.text.sentences import split_sentences

rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")

# Syllables with every tone, đ, capitals, old-style tone marks and NFD spellings, so the
# random texts exercise the normalisation as well as the metric.
_SYLLABLE_TEXT = (
    "bà đi chợ mua cá thịt rau Hà Nội hòa hoà bình thủy thuỷ quý của và là có một những người "
    "ở Việt Nam năm 2016 tổng thống ông Obama ĐÀ NẴNG ðà mưa lớn ngập phố giá xăng giảm "
    "đồng lít thí sinh thi cử tháng bảy"
)
_SYLLABLES = _SYLLABLE_TEXT.split()
_PUNCT = ["", "", "", ",", ".", ";", " -", '"', "…", "(", ")"]


def _random_text(rng: random.Random, max_lines: int = 5, max_words: int = 18) -> str:
    lines = []
    for _ in range(rng.randint(1, max_lines)):
        words = []
        for _ in range(rng.randint(0, max_words)):
            w = rng.choice(_SYLLABLES)
            if rng.random() < 0.1:
                w = unicodedata.normalize("NFD", w)
            words.append(w + rng.choice(_PUNCT))
        lines.append(" ".join(words))
    return "\n".join(lines)


class _SameTokens:
    """rouge-score tokenizer that produces exactly our syllable tokens."""

    def tokenize(self, text: str) -> list[str]:
        return rouge_tokens(text)


def _scorer() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], tokenizer=_SameTokens())


_PAIRS = {"rouge1": "rouge1", "rouge2": "rouge2", "rougeL": "rougeLsum"}


def _assert_same(ours: dict[str, Score], theirs: dict[str, object]) -> None:
    for key, other in _PAIRS.items():
        ref = theirs[other]
        got = ours[key]
        assert got.precision == pytest.approx(ref.precision, abs=1e-9), key  # type: ignore[attr-defined]
        assert got.recall == pytest.approx(ref.recall, abs=1e-9), key  # type: ignore[attr-defined]
        assert got.fmeasure == pytest.approx(ref.fmeasure, abs=1e-9), key  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# (a) equality with rouge-score given the same tokens
# ---------------------------------------------------------------------------------------------


def test_equal_to_rouge_score_on_random_vietnamese_pairs() -> None:
    rng = random.Random(20240601)
    scorer = _scorer()
    for _ in range(300):
        system, reference = _random_text(rng), _random_text(rng)
        ours = rouge_scores(system, [reference], split_references=False, split_system="lines")
        _assert_same(ours, scorer.score(reference, system))


def test_equal_to_rouge_score_on_long_multi_line_pairs() -> None:
    # Sentences longer than 64 tokens exercise the multi-word bit vectors of the LCS.
    rng = random.Random(7)
    scorer = _scorer()
    for _ in range(30):
        system = _random_text(rng, max_lines=4, max_words=120)
        reference = _random_text(rng, max_lines=6, max_words=90)
        _assert_same(
            rouge_scores(system, [reference], split_references=False, split_system="lines"),
            scorer.score(reference, system),
        )


def test_max_aggregation_equals_score_multi() -> None:
    rng = random.Random(11)
    scorer = _scorer()
    for _ in range(100):
        system = _random_text(rng)
        refs = [_random_text(rng) for _ in range(rng.randint(1, 3))]
        ours = rouge_scores(system, refs, agg="max", split_references=False, split_system="lines")
        _assert_same(ours, scorer.score_multi(refs, system))


def test_default_split_equals_rouge_score_on_presplit_lines() -> None:
    rng = random.Random(3)
    scorer = _scorer()
    for _ in range(50):
        system = _random_text(rng)
        words = [rng.choice(_SYLLABLES) for _ in range(rng.randint(5, 40))]
        for i in range(4, len(words), 7):  # sentence ends: "… xxx. Yyy …"
            words[i] += "."
            if i + 1 < len(words):
                words[i + 1] = words[i + 1].capitalize()
        paragraph = " ".join(words)
        presplit = "\n".join(split_sentences(paragraph))
        system_split = "\n".join(s for line in system.split("\n") for s in split_sentences(line) or [line])
        _assert_same(rouge_scores(system, [paragraph], split_system="sentences"),
                     scorer.score(presplit, system_split))
        _assert_same(rouge_scores(system, [paragraph], split_system="lines"), scorer.score(presplit, system))


def test_lcs_indices_equal_rouge_score_traceback() -> None:
    rng = random.Random(5)
    alphabet = "abcdef"
    for _ in range(2000):
        a = [rng.choice(alphabet) for _ in range(rng.randint(0, 30))]
        b = [rng.choice(alphabet) for _ in range(rng.randint(0, 90))]
        assert lcs_indices(a, b) == rouge_scorer.lcs_ind(a, b)


# ---------------------------------------------------------------------------------------------
# (b) hand-computed cases
# ---------------------------------------------------------------------------------------------


def test_one_substitution() -> None:
    s = rouge_scores("Bà đi chợ mua thịt", ["Bà đi chợ mua cá"])
    assert s["rouge1"] == Score(0.8, 0.8, pytest.approx(0.8))
    assert s["rouge2"].fmeasure == pytest.approx(3 / 4)  # 3 of 4 bigrams
    assert s["rougeL"].fmeasure == pytest.approx(0.8)


def test_clipped_counts() -> None:
    s = rouge_n(["cá", "cá", "cá"], ["cá", "ăn", "cá", "nhỏ"], 1)
    assert s.precision == pytest.approx(2 / 3)  # only 2 of the 3 "cá" are matched
    assert s.recall == pytest.approx(2 / 4)
    assert s.fmeasure == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_union_lcs_paper_example() -> None:
    # Lin (2004) §3.2: r = w1..w5, c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5;
    # union LCS = w1 w2 w3 w5 → 4 hits; recall 4/5, precision 4/10.
    ref = "bà đi chợ mua cá"
    system = "bà đi hôm nay trời\nbà chợ trời mưa cá"
    s = rouge_scores(system, [ref])["rougeL"]
    assert (s.recall, s.precision) == (pytest.approx(4 / 5), pytest.approx(4 / 10))
    assert s.fmeasure == pytest.approx(2 * 0.8 * 0.4 / 1.2)
    tokens = [t.split() for t in system.split("\n")]
    assert rouge_l_summary(tokens, [ref.split()]) == s


def test_union_lcs_hits_are_clipped() -> None:
    # Both reference sentences can align "cá" to the system, but it appears there once.
    s = rouge_l_summary([["cá"]], [["cá"], ["cá"]])
    assert (s.precision, s.recall) == (1.0, 0.5)


def test_multi_reference_avg_and_max() -> None:
    refs = ["bà đi chợ", "ông đi làm"]
    avg = rouge_scores("bà đi chợ", refs)
    best = rouge_scores("bà đi chợ", refs, agg="max")
    assert avg["rouge1"].fmeasure == pytest.approx((1 + 1 / 3) / 2)
    assert avg["rouge2"].fmeasure == pytest.approx(0.5)
    assert best["rouge1"] == Score(1.0, 1.0, 1.0)


def test_empty_texts_score_zero() -> None:
    for system, ref in (("", "bà đi chợ"), ("bà đi chợ", "..."), ("", "")):
        s = rouge_scores(system, [ref])
        assert all(s[k] == Score(0.0, 0.0, 0.0) for k in ROUGE_TYPES)


def test_normalisation_makes_spellings_equal() -> None:
    same = [
        ("Hoà bình", "hòa bình"),  # tone-mark placement
        ("THUỶ ĐIỆN", "thủy điện"),  # case + placement
        (unicodedata.normalize("NFD", "Bà đi chợ"), "Bà đi chợ"),  # NFD vs NFC
        ("Ðà Nẵng", "Đà Nẵng"),  # Icelandic eth look-alike
        ("bà_đi-chợ!", "bà đi chợ"),  # "_" and punctuation separate tokens
    ]
    for a, b in same:
        assert rouge_scores(a, [b])["rouge2"].fmeasure == pytest.approx(1.0), (a, b)
    assert rouge_tokens("Quý hoà, quỳ 2016!") == ["quý", "hòa", "quỳ", "2016"]


def test_word_unit_joins_multi_syllable_words() -> None:
    pytest.importorskip("underthesea")
    assert rouge_tokens("Tôi ở Hà Nội.", unit="word") == ["tôi", "ở", "hà_nội"]
    words = rouge_scores("Tôi ở Hà Nội", ["Tôi ở Hà Tĩnh"], unit="word")
    syllables = rouge_scores("Tôi ở Hà Nội", ["Tôi ở Hà Tĩnh"])
    assert words["rouge1"].fmeasure == pytest.approx(2 / 3)  # "hà_nội" ≠ "hà_tĩnh"
    assert syllables["rouge1"].fmeasure == pytest.approx(3 / 4)


def test_word_unit_without_underthesea_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "underthesea", None)  # import now raises ImportError
    with pytest.raises(OptionalDependencyError, match=r"diemtin\[words\]"):
        rouge_scores("bà đi chợ", ["bà đi chợ"], unit="word")


def test_bad_arguments() -> None:
    with pytest.raises(UsageError):
        rouge_scores("a", [])
    with pytest.raises(UsageError):
        rouge_scores("a", "a")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        rouge_scores("a", ["a"], agg="median")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        rouge_scores("a", ["a"], unit="char")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        rouge_n(["a"], ["a"], 0)


# ---------------------------------------------------------------------------------------------
# (c) wrong diacritics score low; the rouge-score default tokenizer cannot tell
# ---------------------------------------------------------------------------------------------


def test_missing_diacritics_score_low() -> None:
    s = rouge_scores("Ba di cho", ["Bà đi chợ"])
    assert s["rouge1"].fmeasure == 0.0
    assert s["rouge2"].fmeasure == 0.0


def test_default_rouge_score_tokenizer_confuses_different_words() -> None:
    # "Bố đi chở" (father drives someone) and "Bà đi chợ" (grandma goes to market) share one
    # syllable. rouge-score's default tokenizer keeps only [a-z0-9], so both become "b i ch"
    # and score a perfect 1.0; the syllable tokens keep them apart.
    default = rouge_scorer.RougeScorer(["rouge1", "rouge2"])
    naive = default.score("Bà đi chợ", "Bố đi chở")
    assert naive["rouge1"].fmeasure == 1.0
    assert naive["rouge2"].fmeasure == 1.0
    ours = rouge_scores("Bố đi chở", ["Bà đi chợ"])
    assert ours["rouge1"].fmeasure == pytest.approx(1 / 3)
    assert ours["rouge2"].fmeasure == 0.0
    # Whole sentences that differ in every accented word still look alike to it.
    naive = default.score("Bà đi chợ mua cá", "Bố đã chở mẹ đi")
    ours = rouge_scores("Bố đã chở mẹ đi", ["Bà đi chợ mua cá"])
    assert naive["rouge1"].fmeasure > 0.6
    assert ours["rouge1"].fmeasure < 0.25


# ---------------------------------------------------------------------------------------------
# corpus level
# ---------------------------------------------------------------------------------------------


def test_bootstrap_ci_is_seeded_and_brackets_the_mean() -> None:
    rng = random.Random(1)
    values = [rng.random() for _ in range(200)]
    low, high = bootstrap_ci(values)
    mean = sum(values) / len(values)
    assert low < mean < high
    assert high - low < 0.2
    assert bootstrap_ci(values) == (low, high)
    assert bootstrap_ci(values, seed=1) != (low, high)
    assert bootstrap_ci([0.4]) == (pytest.approx(0.4), pytest.approx(0.4))
    with pytest.raises(UsageError):
        bootstrap_ci([])


def test_corpus_scores_macro_average() -> None:
    pairs = [("bà đi chợ", ["bà đi chợ"]), ("ông đi làm", ["bà đi chợ", "ông đi làm"])]
    result = corpus_scores(pairs, ids=["a", "b"], n_boot=200)
    assert result.n == 2
    assert result.f1("rouge1") == pytest.approx((1 + (1 / 3 + 1) / 2) / 2)
    low, high = result.ci["rouge1"]
    assert low <= result.f1("rouge1") <= high
    data = result.to_dict(per_item=True)
    assert data["n"] == 2
    assert [item["id"] for item in data["items"]] == ["a", "b"]  # type: ignore[index]
    assert set(data["scores"]) == set(ROUGE_TYPES)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        corpus_scores([])
    with pytest.raises(UsageError):
        corpus_scores(pairs, ids=["a"])


def test_an_output_written_as_one_paragraph_scores_as_its_sentences() -> None:
    # an abstractive system or a VLSP submission writes one paragraph; ROUGE-L splits it into
    # sentences as it splits the references, so it scores as the same text one sentence a line
    reference = "Hội đồng NATO - Nga họp tại Brussels.\nHai bên không giải quyết được bất đồng về Ukraine."
    lines = "Hai bên họp tại Brussels về Ukraine.\nHội đồng NATO - Nga không giải quyết được bất đồng."
    paragraph = lines.replace("\n", " ")
    by_line, joined = rouge_scores(lines, [reference]), rouge_scores(paragraph, [reference])
    assert joined["rougeL"] == by_line["rougeL"] and by_line["rougeL"].fmeasure == 1.0
    as_one = rouge_scores(paragraph, [reference], split_system="lines")["rougeL"].fmeasure
    assert as_one < 1.0  # rouge-score's rougeLsum on a paragraph: one long sentence
    # one sentence per line is taken as written, even where the splitter would split a line
    glued = ("Hai bên họp tại Brussels về Ukraine. Hội đồng NATO - Nga không giải quyết.\n"
             "Một câu khác.\nCâu thứ ba.")
    assert rouge_scores(glued, [reference])["rougeL"] == rouge_scores(glued, [reference], split_system="lines")["rougeL"]
