from __future__ import annotations

import time

import numpy as np
import pytest

from summarizer._errors import SummarizerError
from summarizer._schema import (
    Alignment,
    Claim,
    ClaimKind,
    Evidence,
    Meta,
    Summary,
    TemplateInfo,
    Usage,
)
from summarizer.evaluation._aggregate import METRIC_NAMES, aggregate
from summarizer.evaluation._baselines import lead3
from summarizer.evaluation._gold import GoldClaim, GoldDocument, GoldEvidence
from summarizer.evaluation._matching import (
    DEFAULT_MATCHER,
    ContentWordMatcher,
    Matcher,
    UnknownMatcherError,
    content_words,
    get_matcher,
    matcher_names,
    presence,
)
from summarizer.evaluation._scoring import (
    match_claims,
    normalize_attribution,
    score_document,
    span_iou,
)

SOURCE = (
    "US airstrikes killed 120 militants in March. "
    "The Pentagon said the group is losing ground. "
    "Analysts expect more defections this year."
)


def _span(text: str) -> tuple[int, int]:
    start = SOURCE.index(text)
    return start, start + len(text)


def _gold_evidence(text: str) -> GoldEvidence:
    s, e = _span(text)
    return GoldEvidence(quote=text, start=s, end=e)


def _evidence(text: str) -> Evidence:
    s, e = _span(text)
    return Evidence(quote=text, start=s, end=e, alignment=Alignment.EXACT, score=1.0)


def _meta(**kw: object) -> Meta:
    return Meta(
        model="m",
        backend="b",
        mode="json",
        evidence_mode="quote",
        template=TemplateInfo(name="t", sha256=""),
        usage=Usage(prompt_tokens=100, completion_tokens=50, total_tokens=150),
        attempts=2,
        reasks=1,
        transport_retries=0,
        latency_s=1.5,
    )


GOLD = GoldDocument(
    id="doc1",
    kind="news",
    source_text=SOURCE,
    source_path=None,
    summary="US airstrikes killed 120 militants and the group is losing ground.",
    key_points=["Airstrikes killed 120 militants.", "More defections are expected."],
    claims=[
        GoldClaim(
            text="US airstrikes killed 120 militants in March.",
            kind=ClaimKind.STATISTIC,
            attributed_to=None,
            evidence=[_gold_evidence("US airstrikes killed 120 militants in March.")],
        ),
        GoldClaim(
            text="The group is losing ground.",
            kind=ClaimKind.FACT,
            attributed_to="Pentagon",
            evidence=[_gold_evidence("the group is losing ground")],
        ),
        GoldClaim(
            text="Analysts expect more defections this year.",
            kind=ClaimKind.PREDICTION,
            attributed_to="analysts",
            evidence=[_gold_evidence("Analysts expect more defections this year.")],
        ),
    ],
)


def _predicted() -> Summary:
    return Summary(
        title="ISIS under pressure",
        summary="Airstrikes killed 120 militants. The group is losing ground.",
        key_points=["The group is losing ground."],
        claims=[
            Claim(  # matches gold 1, different kind, attribution differs only by article
                text="The militant group is losing ground, the Pentagon said.",
                kind=ClaimKind.OPINION,
                attributed_to="the Pentagon",
                evidence=[_evidence("The Pentagon said the group is losing ground.")],
            ),
            Claim(  # matches gold 0 exactly
                text="US airstrikes killed 120 militants in March.",
                kind=ClaimKind.STATISTIC,
                evidence=[_evidence("US airstrikes killed 120 militants in March.")],
            ),
            Claim(  # matches nothing, ungrounded
                text="Oil prices rose sharply in Europe.",
                kind=ClaimKind.FACT,
                grounded=False,
            ),
        ],
        meta=_meta(),
    )


# --- matchers ----------------------------------------------------------------------------------


def test_registry_and_unknown_name() -> None:
    assert DEFAULT_MATCHER in matcher_names()
    for name in matcher_names():
        matcher = get_matcher(name)
        assert isinstance(matcher, Matcher)
        assert matcher.name == name
    with pytest.raises(UnknownMatcherError, match=r"unknown matcher 'nope'.*content-words"):
        get_matcher("nope")
    assert issubclass(UnknownMatcherError, SummarizerError)


@pytest.mark.parametrize("name", ["content-words", "content-words-fuzzy", "token-set", "rouge1"])
def test_similarity_matrix_shape_range_and_order(name: str) -> None:
    matcher = get_matcher(name)
    pred = ["Airstrikes killed 120 militants.", "Oil prices rose.", "Defections are expected."]
    gold = ["US airstrikes killed 120 militants in March.", "Analysts expect more defections."]
    m = matcher.similarity_matrix(pred, gold)
    assert m.shape == (3, 2)
    assert np.all((m >= 0) & (m <= 1))
    assert m[0, 0] > m[1, 0] and m[2, 1] > m[1, 1]
    assert matcher.similarity_matrix([], gold).shape == (0, 2)
    assert matcher.similarity_matrix(pred, []).shape == (3, 0)


def test_content_words_stems_drops_stopwords_and_normalises_numbers() -> None:
    assert content_words("The two soldiers were killed") == content_words("2 soldier killing")
    assert "the" not in content_words("the Pentagon")
    assert content_words("1,000 people") == content_words("1000 people")
    assert content_words("23million") == content_words("23 million")


def test_content_word_matcher_is_recall_of_gold_content() -> None:
    matcher = ContentWordMatcher(gold_idf=0.0, number_weight=1.0)
    m = matcher.similarity_matrix(
        ["Koirala runs a center for 425 women, and it rained."], ["Koirala runs a center."]
    )
    assert m[0, 0] == pytest.approx(1.0)  # everything the gold says is there
    half = matcher.similarity_matrix(["Koirala spoke."], ["Koirala runs a center."])
    assert half[0, 0] == pytest.approx(1 / 3)  # koirala of {koirala, run, center}


def test_gold_idf_discounts_words_every_gold_text_shares() -> None:
    gold = ["Eva Chapin is from Oregon.", "Eva Chapin wrote a note.", "Eva Chapin is 34."]
    plain = ContentWordMatcher(gold_idf=0.0).similarity_matrix(["Eva Chapin was in court."], gold)
    idf = ContentWordMatcher(gold_idf=2.0).similarity_matrix(["Eva Chapin was in court."], gold)
    assert plain[0, 0] == pytest.approx(2 / 3)
    assert idf[0, 0] < plain[0, 0]  # the shared name counts less than the fact


def test_fuzzy_folding_matches_misspelled_names() -> None:
    exact = get_matcher("content-words").similarity_matrix(["Chapin wrote"], ["Chapi wrote"])
    fuzzy = get_matcher("content-words-fuzzy").similarity_matrix(["Chapin wrote"], ["Chapi wrote"])
    assert fuzzy[0, 0] > exact[0, 0]


def test_presence_takes_best_sentence_or_whole_text() -> None:
    matcher = ContentWordMatcher(gold_idf=0.0, number_weight=1.0)
    texts = ["Koirala runs a center.", "It houses 425 girls."]
    p = presence(["Koirala center houses 425 girls.", "Oil prices rose."], texts, matcher)
    assert p[0] == pytest.approx(1.0)  # only the whole text has all of it
    assert p[1] == pytest.approx(0.0)
    split = presence(["Koirala center houses 425 girls."], texts, matcher, whole=False)
    assert split[0] < 1.0
    assert presence([], texts, matcher).shape == (0,)


# --- claims, spans, attribution ---------------------------------------------------------------


def test_match_claims_is_one_to_one_and_thresholded() -> None:
    sim = np.array([[0.9, 0.8], [0.85, 0.1], [0.2, 0.3]])
    scores = match_claims(sim, threshold=0.5)
    pairs = {m.predicted: m.gold for m in scores.matches}
    # greedy would give 0->0 and leave 1 unmatched; the optimum is 0->1, 1->0
    assert pairs == {0: 1, 1: 0, 2: None}
    assert scores.n_matched == 2
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(1.0)
    assert scores.f1 == pytest.approx(0.8)
    assert scores.unmatched_gold == []
    assert scores.matches[2].score == pytest.approx(0.3)


def test_match_claims_subthreshold_pairs_do_not_displace_matches() -> None:
    # maximising raw similarity would pair 0->1 (0.45) and 1->0 (0.6); only 0->0 counts
    sim = np.array([[0.7, 0.45], [0.6, 0.0]])
    scores = match_claims(sim, threshold=0.5)
    assert scores.n_matched == 1
    assert match_claims(np.zeros((0, 0)), 0.5).f1 == 1.0
    assert match_claims(np.zeros((0, 3)), 0.5).recall == 0.0


def test_span_iou() -> None:
    assert span_iou([(0, 10)], [(5, 15)]) == pytest.approx(5 / 15)
    assert span_iou([(0, 5), (3, 10)], [(0, 10)]) == pytest.approx(1.0)  # overlapping union
    assert span_iou([(0, 5), (10, 15)], [(5, 10)]) == pytest.approx(0.0)
    assert span_iou([], [(0, 4)]) == pytest.approx(0.0)
    assert span_iou([], []) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("the Pentagon", "Pentagon", True),
        ("The  Pentagon.", "pentagon", True),
        ("An official", "official", True),
        (None, None, True),
        ("", None, True),
        ("Pentagon", None, False),
        ("Pentagon", "State Department", False),
        ("Theodore", "odore", False),
    ],
)
def test_normalize_attribution(a: str | None, b: str | None, same: bool) -> None:
    assert (normalize_attribution(a) == normalize_attribution(b)) is same


# --- score_document ------------------------------------------------------------------------------


def test_score_document_end_to_end() -> None:
    score = score_document(_predicted(), GOLD, DEFAULT_MATCHER, 0.5)
    assert not score.failed
    c = score.claims
    assert (c.n_predicted, c.n_gold, c.n_matched) == (3, 3, 2)
    assert [m.gold for m in c.matches] == [1, 0, None]
    assert c.unmatched_gold == [2]
    assert c.precision == pytest.approx(2 / 3) and c.recall == pytest.approx(2 / 3)
    assert score.grounding_rate == pytest.approx(2 / 3)
    # gold 0 exact (1.0); gold 1 "the group is losing ground" inside the predicted sentence
    p_start, p_end = _span("The Pentagon said the group is losing ground.")
    g_start, g_end = _span("the group is losing ground")
    expected = (1.0 + (g_end - g_start) / (p_end - p_start)) / 2
    assert score.grounding_iou == pytest.approx(expected)
    assert score.attribution_accuracy == pytest.approx(1.0)  # "the Pentagon"~"Pentagon", None~None
    assert score.kind_accuracy == pytest.approx(0.5)  # statistic ok, opinion vs fact not
    assert 0 < score.rouge2 < score.rouge1 <= 1
    assert 0 < score.rougeL <= 1
    assert score.key_point_coverage == pytest.approx(0.5)  # 120 militants yes, defections no
    assert score.run.schema_valid and score.run.attempts == 2 and score.run.reasks == 1
    assert score.run.total_tokens == 150 and score.run.latency_s == 1.5
    assert set(score.metrics()) == set(METRIC_NAMES)
    assert score.model_dump(mode="json")["claims"]["matches"][2]["gold"] is None


def test_failed_run_scores_zero() -> None:
    score = score_document(None, GOLD, DEFAULT_MATCHER, 0.5)
    assert score.failed and not score.run.schema_valid
    assert score.claims.f1 == 0 and score.claims.unmatched_gold == [0, 1, 2]
    assert all(v == 0 for v in score.metrics().values())


def test_perfect_prediction_scores_one() -> None:
    pred = Summary(
        title="t",
        summary=GOLD.summary,
        key_points=list(GOLD.key_points),
        claims=[
            Claim(
                text=g.text,
                kind=g.kind,
                attributed_to=g.attributed_to,
                evidence=[_evidence(e.quote) for e in g.evidence],
            )
            for g in GOLD.claims
        ],
        meta=_meta(),
    )
    score = score_document(pred, GOLD)
    assert score.claims.f1 == 1.0
    for key in ("grounding.rate", "grounding.iou", "attribution.accuracy", "kind.accuracy"):
        assert score.metrics()[key] == pytest.approx(1.0)
    assert score.rouge1 == pytest.approx(1.0)
    assert score.key_point_coverage == pytest.approx(1.0)


# --- aggregate -----------------------------------------------------------------------------------


def test_aggregate_means_intervals_and_missing_values() -> None:
    ok = score_document(_predicted(), GOLD, DEFAULT_MATCHER, 0.5)
    failed = score_document(None, GOLD, DEFAULT_MATCHER, 0.5)
    result = aggregate([ok, failed], n_boot=500, seed=1)
    assert set(METRIC_NAMES) <= set(result)
    f1 = result["claims.f1"]
    assert f1.mean == pytest.approx(ok.claims.f1 / 2)
    assert f1.ci_low is not None and f1.ci_high is not None
    assert f1.mean is not None
    assert 0 <= f1.ci_low <= f1.mean <= f1.ci_high <= ok.claims.f1
    assert result["run.schema_valid_rate"].mean == pytest.approx(0.5)
    assert aggregate([ok, failed], n_boot=500, seed=1) == result  # seeded
    # a metric undefined in a document is left out, not counted as zero
    no_kp = ok.model_copy(update={"key_point_coverage": None})
    assert aggregate([no_kp, ok])["key_points.coverage"].n == 1
    empty = aggregate([])
    assert empty["claims.f1"].mean is None and empty["claims.f1"].n == 0


def test_aggregate_is_fast() -> None:
    scores = [score_document(_predicted(), GOLD, DEFAULT_MATCHER, 0.5)] * 1000
    start = time.perf_counter()
    aggregate(scores, n_boot=1000)
    assert time.perf_counter() - start < 2.0


# --- baseline ------------------------------------------------------------------------------------


def test_lead3_baseline() -> None:
    text = SOURCE + " A fourth sentence closes it."
    summary = lead3(text)
    assert summary.meta.backend == "baseline" and summary.meta.model == "lead-3"
    assert len(summary.key_points) == 3
    assert summary.summary.startswith("US airstrikes") and "fourth" not in summary.summary
    assert len(summary.claims) == 4
    for claim in summary.claims:
        (ev,) = claim.evidence
        assert text[ev.start : ev.end] == ev.quote == claim.text
    assert len(lead3(text, max_claims=2).claims) == 2
    score = score_document(lead3(SOURCE), GOLD)
    assert score.claims.recall == pytest.approx(1.0)
    assert score.grounding_rate == pytest.approx(1.0)
