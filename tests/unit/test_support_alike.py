"""Approximators said with another of their kind, and source markers (``_support_alike``).

Each claim restates its evidence with another approximator of the same list ("around" /
"roughly") or adds a source marker ("d'après", "によれば"); without the rule its coverage
stays under the threshold. The sentences are this file's own."""

from __future__ import annotations

import pytest

from summarizer._support import LEXICAL_THRESHOLD, LexicalJudge
from summarizer._support_alike import alike


def _score(claim: str, premise: str, code: str) -> tuple[float, float]:
    """(coverage alone, the judge's score) of one pair."""
    judge = LexicalJudge(language=code)
    coverage = float(judge.judgement([claim], [premise]).coverage[0, 0])
    return coverage, judge.verdicts([claim], [premise])[0].score


@pytest.mark.parametrize(
    ("code", "claim", "premise"),
    [
        ("en", "Around 400 cars used the bridge.", "Roughly 400 vehicles crossed the bridge."),
        ("es", "Casi 400 viajeros usaron el ferry.", "Cerca de 400 pasajeros tomaron el ferry."),
        ("zh", "渡轮大约运送了四百名游客。", "渡轮这周末载客四百名左右。"),
    ],
)
def test_an_approximator_of_the_same_list_is_found(code: str, claim: str, premise: str) -> None:
    coverage, score = _score(claim, premise, code)
    assert coverage < LEXICAL_THRESHOLD <= score
    assert alike(claim, premise, code).found


def test_about_and_almost_are_never_mixed() -> None:
    claim, premise = "Nearly 400 cars used the bridge.", "Roughly 400 vehicles crossed the bridge."
    assert not alike(claim, premise, "en").found
    assert _score(claim, premise, "en")[1] < LEXICAL_THRESHOLD


def test_no_approximator_in_the_premise_finds_nothing() -> None:
    claim, premise = "Around 400 cars used the bridge.", "Exactly 400 vehicles crossed the bridge."
    assert not alike(claim, premise, "en").found


@pytest.mark.parametrize(
    ("code", "claim", "premise"),
    [
        (
            "fr",
            "D'après la capitainerie, 400 bateaux ont quitté le port.",
            "La capitainerie a compté 400 départs du port.",
        ),
        ("ja", "港によれば、400隻が出港した。", "港の集計では400隻が出た。"),
    ],
)
def test_a_source_marker_leaves_the_share(code: str, claim: str, premise: str) -> None:
    coverage, score = _score(claim, premise, code)
    assert coverage < LEXICAL_THRESHOLD <= score
    assert alike(claim, premise, code).dropped


def test_the_source_itself_stays_a_word_the_premise_must_have() -> None:
    claim = "D'après le syndicat, 400 bateaux ont quitté le port."
    premise = "La capitainerie a compté 400 départs du port."
    assert "syndicat" not in alike(claim, premise, "fr").dropped
