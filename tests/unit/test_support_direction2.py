"""The direction2 branch: opposites that news writes and the language files did not list
(praise/criticism, climbing/falling back, strengthening/easing, granted/dismissed, made/missed,
restored/lost ...), in every language where the class exists. Sentences written for this
test (not the probes')."""

from __future__ import annotations

import pytest

from summarizer._support_compared import exchanged_sides
from summarizer._support_pairs import opposite_direction
from summarizer._support_results import turned_result
from summarizer._support_roles import swapped_roles
from summarizer._verdict import Verdict
from summarizer._verify_checks import with_hard_checks


def test_a_missed_free_throw_said_with_a_negation_is_no_opposite() -> None:
    # "没有命中" (did not make) says what "全失" says: 命中 is left out of the made/missed pair
    assert opposite_direction("两次罚球都没有命中。", "两罚全失。", "zh") is None


# (language, evidence, a claim that turns the result round, a correct restatement)
RESULTS = [
    ("en", "Leeds beat Hull 3-1 on Saturday.", "Hull beat Leeds 3-1 on Saturday.",
     "Hull lost to Leeds 1-3 on Saturday."),
    ("en", "Leeds beat Hull 3-1 on Saturday.", "Leeds lost to Hull 1-3 on Saturday.",
     "Hull were beaten by Leeds 3-1 on Saturday."),
    ("de", "Der FC Köln gewann gegen Mainz 2:1.", "Mainz gewann gegen den FC Köln 2:1.",
     "Mainz verlor gegen den FC Köln 1:2."),
    ("fr", "Toulon a battu Lyon 30 à 12 dimanche.", "Lyon s'est imposé 30 à 12 face à Toulon.",
     "Lyon a perdu contre Toulon 12 à 30."),
    ("es", "El Betis venció al Sevilla por 2 a 0.", "El Sevilla venció al Betis por 2 a 0.",
     "El Sevilla perdió ante el Betis por 0 a 2."),
    ("it", "La Juventus ha battuto il Torino 3-2.", "Il Torino ha battuto la Juventus 3-2.",
     "Il Torino ha perso contro la Juventus 2-3."),
    ("pt", "O Porto venceu o Benfica por 2-1.", "O Benfica venceu o Porto por 2-1.",
     "O Benfica perdeu com o Porto por 1-2."),
    ("nl", "Ajax won van PSV met 2-1.", "PSV won van Ajax met 2-1.",
     "PSV verloor van Ajax met 1-2."),
    ("zh", "上海队以98比90战胜北京队。", "北京队以98比90战胜上海队。",
     "北京队以90比98负于上海队。"),
    ("zh", "上海队以98比90战胜北京队。", "上海队以90比98负于北京队。",
     "北京队被上海队以98比90击败。"),
    ("zh", "上海队以98比90战胜北京队。", "上海队被北京队以98比90击败。",
     "北京队被上海队以98比90击败。"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "evidence", "turned", "_"), RESULTS)
def test_a_result_turned_round_with_its_score_is_a_direction_failure(
    code: str, evidence: str, turned: str, _: str
) -> None:
    assert turned_result(turned, evidence, code) is not None


@pytest.mark.parametrize(("code", "evidence", "_", "kept"), RESULTS)
def test_the_same_result_said_from_the_other_side_stands(
    code: str, evidence: str, _: str, kept: str
) -> None:
    assert turned_result(kept, evidence, code) is None
    assert turned_result(evidence, evidence, code) is None


def test_one_word_on_the_other_side_does_not_outweigh_the_names() -> None:
    # 加时 (overtime) moves to the loser's side in the restatement; both teams keep theirs
    evidence = "辽宁队加时击败广东队，比分112比108。"
    assert turned_result("广东队在加时中以108比112负于辽宁队。", evidence, "zh") is None


def test_a_result_without_a_score_is_left_to_the_role_check() -> None:
    claim, evidence = "Hull beat Leeds on Saturday.", "Leeds beat Hull on Saturday."
    assert turned_result(claim, evidence, "en") is None


def test_the_hard_checks_reject_a_result_turned_round() -> None:
    evidence = "Toulon a battu Lyon 30 à 12 dimanche."
    claims = ["Lyon s'est imposé 30 à 12 face à Toulon dimanche.", "Toulon a battu Lyon 30 à 12."]
    out = with_hard_checks([Verdict(0.9, True)] * 2, claims, [evidence] * 2, language="fr")
    assert (out[0].supported, out[0].check) == (False, "direction")
    assert out[1].supported is True


# (language, evidence, its comparison with the two sides exchanged, a restatement that keeps them)
COMPARED = [
    ("en", "Rents in the city rose faster than wages last year.",
     "Wages in the city rose faster than rents last year.",
     "Last year rents in the city rose faster than wages."),
    ("en", "Sales of new cars rose faster than sales of used cars.",
     "Sales of used cars rose faster than sales of new cars.",
     "New car sales rose faster than sales of used cars."),
    ("en", "Cyclists had fewer injuries compared with drivers.",
     "Drivers had fewer injuries compared with cyclists.",
     "Compared with drivers, cyclists had fewer injuries."),
    ("de", "Die Kosten für Strom stiegen im Vergleich zu den Mieten stark.",
     "Die Kosten für Mieten stiegen im Vergleich zu Strom stark.",
     "Im Vergleich zu den Mieten stiegen die Stromkosten stark."),
    ("fr", "Les filles lisent davantage par rapport aux garçons.",
     "Les garçons lisent davantage par rapport aux filles.",
     "Par rapport aux garçons, les filles lisent davantage."),
    ("es", "Los pacientes tratados mejoraron frente a los del grupo de control.",
     "Los pacientes del grupo de control mejoraron frente a los tratados.",
     "Frente al grupo de control, los pacientes tratados mejoraron."),
    ("it", "Il treno è più economico rispetto all'aereo.",
     "L'aereo è più economico rispetto al treno.", "Rispetto all'aereo, il treno è più economico."),
    ("pt", "Os alunos do norte tiveram notas mais altas do que os do sul.",
     "Os alunos do sul tiveram notas mais altas do que os do norte.",
     "Os alunos do norte tiveram notas superiores às do sul."),
    ("nl", "Fietsers raakten minder vaak gewond vergeleken met automobilisten.",
     "Automobilisten raakten minder vaak gewond vergeleken met fietsers.",
     "Vergeleken met automobilisten raakten fietsers minder vaak gewond."),
]  # fmt: skip


@pytest.mark.parametrize(("code", "evidence", "exchanged", "_"), COMPARED)
def test_the_two_sides_of_a_comparison_exchanged_are_swapped_roles(
    code: str, evidence: str, exchanged: str, _: str
) -> None:
    assert swapped_roles(exchanged, evidence, code) is not None


@pytest.mark.parametrize(("code", "evidence", "_", "kept"), COMPARED)
def test_a_comparison_restated_with_its_sides_kept_stands(
    code: str, evidence: str, _: str, kept: str
) -> None:
    assert exchanged_sides(kept, evidence, code) is None
    assert exchanged_sides(evidence, evidence, code) is None
