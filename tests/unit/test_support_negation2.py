"""Negation words that negate no clause (``_support_negation_phrases``), Japanese prefix cues
and inflections in a negation's reach (``_support_negation``), and the upper end of a range
(``_support_bounds.range_end``). Our own sentences, not the probes'."""

from __future__ import annotations

import pytest

from summarizer._support import LexicalJudge
from summarizer._support_bounds import turned_bound
from summarizer._support_lexical import analyse


def _supported(claim: str, premise: str, code: str) -> bool:
    return LexicalJudge(language=code).verdicts([claim], [premise])[0].supported


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "The ferry is not only cheaper but also faster than the bridge toll."),
        ("de", "Die Fähre ist nicht nur billiger, sondern auch schneller."),
        ("it", "Il sindaco ha chiamato i vigili non appena ha visto il fumo."),
        ("it", "Ai non residenti il parcheggio costa cinque euro."),
        ("es", "El puerto, sin embargo, reabrió el lunes."),
        ("pt", "O porto não só reabriu como contratou mais pessoal."),
        ("nl", "De haven is niet alleen groter maar ook drukker."),
        ("fr", "Il ne reste que trois places dans le car."),
        ("fr", "Les pêcheurs ne sont plus qu'à trois milles du port."),
        ("zh", "我们不得不关闭码头。"),
        ("it", "Chi ne beveva tre tazze al giorno dormiva meglio."),  # "ne" (of it), no "né"
        ("ja", "市長は必ず港を再開すると述べた。"),
    ],
)
def test_an_expression_with_a_negation_word_negates_nothing(code: str, text: str) -> None:
    assert analyse(text, code).negated == frozenset()


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("fr", "Le port ne fonctionne plus depuis que la digue a cédé."),  # "ne ... plus"
        ("it", "Il sindaco non ha visto il fumo."),
        ("it", "Né il sindaco né il prefetto hanno visto il fumo."),
        ("en", "The ferry is not cheaper than the bridge toll."),
    ],
)
def test_a_real_negation_still_negates(code: str, text: str) -> None:
    assert analyse(text, code).negated


@pytest.mark.parametrize(
    ("code", "claim", "premise"),
    [
        ("en", "No fewer than six ships docked on Friday.", "At least six ships docked on Friday."),
        ("de", "Es kamen nicht mehr als 40 Gäste.", "Es kamen höchstens 40 Gäste."),
        ("zh", "每次会议不超过三十分钟。", "每次会议最多三十分钟。"),
    ],
)
def test_a_negated_bound_is_a_bound(code: str, claim: str, premise: str) -> None:
    assert analyse(claim, code).negated == frozenset()
    assert _supported(claim, premise, code)


def test_a_negated_bound_turned_is_still_caught() -> None:
    # the negation no longer says it: the bounds check reads both phrases
    assert turned_bound("More than 40 guests came.", "No more than 40 guests came.", "en")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "The new bridge opens not before 2030."),  # "before" is no bound: a negation
        ("nl", "De haven mag niet meer dan een kwart van het water gebruiken."),  # no number next
    ],
)
def test_a_negation_before_what_the_bounds_check_cannot_read_stays(code: str, text: str) -> None:
    assert analyse(text, code).negated


def test_a_japanese_prefix_cue_negates_the_word_it_begins() -> None:
    a = analyse("北海トランスに未払い賃金を請求した。", "ja")
    assert "払い" in a.negated
    assert not {"トラ", "ラン", "ンス"} & a.negated  # not the name before it


def test_a_japanese_bound_after_a_number_negates_the_number() -> None:
    assert "5" in analyse("残業は5時間未満だった。", "ja").negated  # not reaching 5 hours


def test_a_japanese_inflection_is_not_what_a_negation_reaches() -> None:
    a = analyse("会議では新しい案は見られなかった。", "ja")
    assert "ら" not in a.negated
    assert "見" in a.negated
    assert len(a.negated) == 2  # "見" and the word before it: the kana took no place


def test_the_number_after_a_range_joiner_is_its_upper_end() -> None:
    turned = turned_bound(
        "The repair will cost at least 3 million euros.",
        "The repair will cost 2 to 3 million euros.",
        "en",
    )
    assert turned == ("at least 3 million", "to 3 million")
