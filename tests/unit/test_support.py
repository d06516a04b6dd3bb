"""The support judge interface and the ``lexical`` judge: coverage and each hard check."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from summarizer._errors import ConfigurationError
from summarizer._judges import get_judge, judge_names
from summarizer._support import DEFAULT_JUDGE, Judge, LexicalJudge, Verdict
from summarizer._support_lexical import analyse

GOLD = Path(__file__).resolve().parents[2] / "evals" / "gold"

UN = "In November the UN estimated the oil revenue at between $850,000 and $1.5 million per day."


def _verdict(claim: str, premise: str) -> Verdict:
    return get_judge(DEFAULT_JUDGE).verdicts([claim], [premise])[0]


def _supported(claim: str, premise: str) -> bool:
    return _verdict(claim, premise).supported


def test_registry_and_protocol() -> None:
    judge = get_judge(DEFAULT_JUDGE)
    assert DEFAULT_JUDGE == "lexical" and "lexical" in judge_names()
    assert isinstance(judge, Judge) and isinstance(judge, LexicalJudge)
    assert judge.name == "lexical" and 0 < judge.threshold < 1
    with pytest.raises(ConfigurationError, match="unknown judge 'nope'; known judges: .*lexical"):
        get_judge("nope")


def test_score_matrix_shape_range_and_agrees_with_verdicts() -> None:
    claims = ["Revenue rose 21% after the merger.", "The Júcar flooded Valencia.", UN, "x"]
    premises = [
        "Revenue rose 21 percent after the merger.",
        "The Jucar river flooded Valencia.",
        UN,
    ]
    judge = get_judge(DEFAULT_JUDGE)
    matrix = judge.score_matrix(claims, premises)
    assert matrix.shape == (4, 3) and matrix.dtype == np.float64
    assert ((matrix >= 0) & (matrix <= 1)).all()
    assert np.diag(matrix[:3]).tolist() == [1.0, 1.0, 1.0]
    for i, claim in enumerate(claims):
        scores = [v.score for v in judge.verdicts([claim] * 3, premises)]
        assert scores == pytest.approx(matrix[i].tolist())
    assert judge.score_matrix([], premises).shape == (0, 3)
    assert judge.score_matrix(claims, []).shape == (4, 0)
    with pytest.raises(ValueError, match="2 claims but 1 premises"):
        judge.verdicts(claims[:2], premises[:1])


def test_a_pair_scores_the_same_whatever_else_is_in_the_call() -> None:
    lines = (GOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    claims = [c["text"] for line in lines for c in json.loads(line)["claims"]][::3]
    claims += ["IS fighters attacked.", "Islamic State lost the town."]
    premises = [*claims[::2], "Islamic State fighters lost the town."]
    judge = get_judge(DEFAULT_JUDGE)
    matrix = judge.score_matrix(claims, premises)
    alone = [[judge.score_matrix([c], [p])[0, 0] for p in premises] for c in claims]
    assert matrix.tolist() == alone
    assert matrix[-2, -1] == 0.5  # "fighters" found, "attacked" not; "IS" is no content word


def test_supported_pair_has_no_reason_and_partial_coverage_names_missing_words() -> None:
    ok = _verdict("The council approved the budget.", "On Monday the council approved the budget.")
    assert ok == Verdict(score=1.0, supported=True, reason=None)
    bad = _verdict("The council approved the budget and new parking fees.", "The council met.")
    assert not bad.supported and bad.score == pytest.approx(1 / 6)
    assert (
        bad.reason
        == '"approved", "budget", "new" not in the evidence (has 17% of the claim\'s words)'
    )


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "premise"),
    [
        ("It earned $1.5 million a day.", "It earned 1,500,000 dollars a day."),
        ("It earned $1.5 million a day.", "It earned $1.5m a day."),
        ("It earned 1.5 million a day.", "It earned 1500000 a day."),
        ("Revenue rose 21% in 2024.", "Revenue rose 21 percent in 2024."),
        ("Revenue rose 21 per cent in 2024.", "Revenue rose 21% in 2024."),
        ("Two people died.", "2 people died."),
        ("Twenty-five people died.", "25 people died."),
        ("A dozen fighters were killed.", "12 fighters were killed."),
        ("The ceasefire began on March 8, 2015.", "The ceasefire began on 8 March 2015."),
        ("Revenue rose 21.", "Revenue rose 21%."),
    ],
)
def test_numbers_equal_by_value(claim: str, premise: str) -> None:
    assert _supported(claim, premise)


@pytest.mark.parametrize(
    ("claim", "premise", "missing"),
    [
        (UN.replace("$1.5 million", "$3 million"), UN, "$3 million"),
        ("It earned $1.5 billion a day.", "It earned $1.5 million a day.", "$1.5 billion"),
        ("Revenue rose 12% in 2024.", "Revenue rose 21% in 2024.", "12%"),
        ("Revenue rose 21% in 2023.", "Revenue rose 21% in 2024.", "2023"),
        ("Three people died.", "2 people died.", "Three"),
        ("The ceasefire began on March 9, 2015.", "The ceasefire began on March 8, 2015.", "9"),
    ],
)
def test_changed_number_is_unsupported_and_named(claim: str, premise: str, missing: str) -> None:
    verdict = _verdict(claim, premise)
    assert not verdict.supported and verdict.score == 0.0
    assert verdict.reason == f'number "{missing}" not in the evidence'


def test_one_as_a_pronoun_is_no_number() -> None:
    assert _supported("One of the fighters fled.", "A fighter fled, one of many.")
    assert analyse("One million people").numbers == {"1000000": "One million"}
    assert analyse("version 3.4.0 and 1,2,3").numbers == {"3.4.0": "3.4.0", "1,2,3": "1,2,3"}


# --- negation ---------------------------------------------------------------------------------

ROSE = "Revenue rose 21% after the merger."


@pytest.mark.parametrize(
    "negated",
    [
        "Revenue did not rise 21% after the merger.",
        "Revenue didn't rise 21% after the merger.",
        "Revenue never rose 21% after the merger.",
        "Revenue failed to rise 21% after the merger.",
    ],
)
def test_negation_must_agree_both_ways(negated: str) -> None:
    for claim, premise in ((negated, ROSE), (ROSE, negated)):
        verdict = _verdict(claim, premise)
        assert not verdict.supported and verdict.score == 0.0
        assert verdict.reason is not None and verdict.reason.startswith("negation differs")
    assert _supported(negated, negated)


def test_negation_reason_names_the_words() -> None:
    claim = "Oil is no longer the main source of income."
    assert _verdict(claim, "Oil is the main source of income.").reason == (
        'negation differs: the claim negates "main", "source", the evidence does not'
    )
    assert _verdict("Oil is the main source.", "Oil is no longer the main source.").reason == (
        'negation differs: the evidence negates "main", "source"'
    )


def test_negation_scope_skips_names_and_misaligned_scopes_agree() -> None:
    assert _supported("No one was hurt in the fire.", "Nobody was hurt in the fire.")
    assert _supported("Nobody was hurt in the fire.", "No-one was hurt in the fire.")
    assert not _supported(
        "Smith responded to calls.", "Smith did not immediately respond to calls."
    )
    # the name after the cue is not negated: "Miller" stated elsewhere does not contradict
    assert _supported("Police did not charge Miller.", "Police did not charge Miller, a teacher.")
    assert _verdict("Police did not charge Miller.", "Police charged Miller.").reason == (
        'negation differs: the claim negates "charge", the evidence does not'
    )


def test_sentential_negation_reaches_the_whole_clause() -> None:
    for wide in ("It is not true that", "It is not the case that", "It is false that"):
        negated = f"{wide} revenue rose 21% after the merger."
        for claim, premise in ((negated, ROSE), (ROSE, negated)):
            verdict = _verdict(claim, premise)
            assert not verdict.supported and verdict.score == 0.0
            assert verdict.reason is not None and verdict.reason.startswith("negation differs")
        assert _supported(negated, negated)
    assert _supported("Revenue rose, which is true.", "Revenue rose, the report said.")


def test_negation_elsewhere_in_the_premise_does_not_count() -> None:
    assert _supported(ROSE, "The company did not comment. Revenue rose 21% after the merger.")
    assert _supported(ROSE, "Costs did not change, but revenue rose 21% after the merger.")
    assert _supported("He was released without charge.", "Police released him without charge.")


# --- direction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "premise", "said", "claimed"),
    [
        ("Revenue rose 21% before the merger.", ROSE, "after", "before"),
        ("Revenue fell 21% after the merger.", ROSE, "rose", "fell"),
        ("Prices went up in May.", "Prices went down in May.", "down", "up"),
        ("More people voted in May.", "Fewer people voted in May.", "Fewer", "More"),
    ],
)
def test_opposite_direction_is_unsupported(
    claim: str, premise: str, said: str, claimed: str
) -> None:
    verdict = _verdict(claim, premise)
    assert not verdict.supported
    assert verdict.reason == f'direction differs: the evidence says "{said}", not "{claimed}"'


# --- names ------------------------------------------------------------------------------------


def test_missing_name_is_unsupported_and_named() -> None:
    verdict = _verdict(
        "Iraqi forces took control of a town near Mosul on Sunday.",
        "Iraqi forces took control of a town near Tikrit on Sunday.",
    )
    assert not verdict.supported and verdict.score == 0.0
    assert verdict.reason == '"Mosul" not in the evidence'
    assert _verdict("Troops reached Tikrit, the UN said.", "Troops reached Tikrit.").reason == (
        '"UN" not in the evidence'
    )


def test_name_found_as_its_acronym_and_sentence_start_is_no_name() -> None:
    assert _supported("Islamic State lost the town.", "IS lost the town.")
    assert _supported("The town was lost by IS.", "The Islamic State lost the town.")
    assert not _supported("Islamic State lost the town.", "is lost the town")  # not an acronym
    assert [r.surface for r in analyse("Officials said Iraqi forces met the UN.").names] == [
        "Iraqi",
        "UN",
    ]


# --- Unicode tokens ---------------------------------------------------------------------------


def test_unicode_words_are_whole_and_accent_folded() -> None:
    assert set(analyse("Júcar").content) == {"jucar"}
    assert set(analyse("Zürich, Kraków, Ελλάδα").content) == {"zurich", "krakow", "ελλαδα"}
    assert _supported("The Júcar river flooded Valencia.", "The Jucar river flooded Valencia.")
    verdict = _verdict("The Júcar river flooded Valencia.", "The car river flooded Valencia.")
    assert not verdict.supported and verdict.reason == '"Júcar" not in the evidence'


# --- the seed article -------------------------------------------------------------------------


def test_seed_article_drone_claim_is_unsupported_by_the_tikrit_quote() -> None:
    gold = json.loads((GOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    source = (GOLD / gold["source_path"]).read_text(encoding="utf-8")
    quote = next(
        e["quote"]
        for c in gold["claims"]
        for e in c["evidence"]
        if "home city Tikrit on Sunday" in e["quote"]
    )
    assert quote in source
    verdict = _verdict("Islamic State used drones to attack civilians in Tikrit.", quote)
    assert not verdict.supported
    assert verdict.reason is not None and verdict.reason.startswith('"used", "drones", "attack"')
    # the claim the gold file makes from the same quote is supported by it
    claim = next(c["text"] for c in gold["claims"] if c["evidence"][0]["quote"] == quote)
    assert _supported(claim, quote)
