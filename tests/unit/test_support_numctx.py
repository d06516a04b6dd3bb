"""How the numbers check matches a claim's numbers with its evidence and the document before
it (``summarizer._support_numbers_context``): a number inside a term the document states
("“神行五号”", "2級河川", "2026年産") is no new quantity; a number the evidence writes with
no unit ("Anke (31)") does not take another number's unit; a multiple glued to a currency
sign ("2 M€") is that amount. A changed number fails in each case."""

from __future__ import annotations

import pytest

from summarizer._support_numbers import restated_numbers
from summarizer._support_periods import changed_period
from summarizer._support_universals import unstated_universal
from tests.support.judging import judged

# ---- a number inside a term of the document (Chinese, Japanese) ------------------------------

TRAIN = (
    "“神行五号”列车今日首次试运行。这列列车由中车集团设计。"
    "列车于上午9时从北京南站出发，下午1时抵达上海。"
)
TRAIN_QUOTE = "列车于上午9时从北京南站出发"


def test_a_craft_named_before_the_evidence_keeps_its_number() -> None:
    assert judged(TRAIN, "“神行五号”于上午9时从北京南站出发。", TRAIN_QUOTE) == (True, None)


@pytest.mark.parametrize(
    "claim",
    [
        "“神行六号”于上午9时从北京南站出发。",  # a term the document does not state
        "“神行五号”于上午8时从北京南站出发。",  # the evidence's own number changed
    ],
)
def test_a_changed_term_or_number_still_fails(claim: str) -> None:
    assert judged(TRAIN, claim, TRAIN_QUOTE) == (False, "number")


def test_a_term_the_document_writes_with_two_numbers_is_no_name_of_one() -> None:
    text = "“神行四号”去年停运。" + TRAIN
    assert judged(text, "“神行五号”于上午9时从北京南站出发。", TRAIN_QUOTE) == (False, "number")


RIVERS = (
    "県内の2級河川で水質調査の結果が公表された。2級河川の基準達成率は85％だった。"
    "前年より3ポイント上がった。"
)


def test_a_grade_the_evidence_leaves_to_the_sentence_before_is_restated() -> None:
    claim = "2級河川の基準達成率は前年より3ポイント上がった。"
    assert judged(RIVERS, claim, "前年より3ポイント上がった") == (True, None)
    changed = "1級河川の基準達成率は前年より3ポイント上がった。"
    assert judged(RIVERS, changed, "前年より3ポイント上がった") == (False, "number")


def test_a_term_where_the_evidence_has_another_number_is_a_changed_number() -> None:
    text = "県内の2級河川で水質調査の結果が公表された。1級河川の基準達成率は85％だった。"
    claim = "2級河川の基準達成率は85％だった。"
    assert judged(text, claim, "1級河川の基準達成率は85％だった") == (False, "number")


def test_a_number_in_a_personal_name_is_no_series_term() -> None:
    # "健二" is written in the document, but "社" marks no series: the number stays a number
    text = "山田健二社長は記者会見で謝罪した。一方、佐藤知事は費用の半分を県が負担すると述べた。"
    claim = "山田健二社長は費用の半分を県が負担すると述べた。"
    assert judged(text, claim, "佐藤知事は費用の半分を県が負担すると述べた") == (False, "number")


def test_the_documents_year_is_found_before_a_cjk_counter() -> None:
    context = "農政局は2026年産の米の検査結果を発表した。"
    assert restated_numbers(
        "2026年産の作況指数は101だった。", "作況指数は101だった。", context, "ja"
    )
    text = context + "作況指数は平年並みの101だった。"
    claim = "2025年産の作況指数は平年並みの101だった。"
    assert judged(text, claim, "作況指数は平年並みの101だった") == (False, "number")


# ---- a number with no unit in the evidence ----------------------------------------------------


AGES = [
    (
        "nl",
        "Moeder Anke, 31 jaar oud, beviel rond 05.10 uur.",
        "Moeder Anke (31) beviel rond 05.10 uur.",
    ),
    (
        "es",
        "La madre, de 31 años, dio a luz a las 5 horas.",
        "La madre (31) dio a luz a las 5 horas.",
    ),
    (
        "en",
        "The mother, 31 years old, gave birth at 5 hours.",
        "The 31-year-old gave birth at 5 hours.",
    ),
    ("fr", "La mère, 31 ans, a accouché vers 5 heures.", "La mère (31) a accouché vers 5 heures."),
]


@pytest.mark.parametrize(("code", "claim", "evidence"), AGES)
def test_an_age_the_evidence_writes_without_a_unit_takes_no_other_unit(
    code: str, claim: str, evidence: str
) -> None:
    assert changed_period(claim, evidence, code) is None


def test_a_number_the_evidence_gives_another_unit_is_still_a_changed_unit() -> None:
    age = "Moeder Anke, 31 jaar oud, beviel rond 05.10 uur."
    assert changed_period(age, "Moeder Anke (31 maanden) beviel rond 05.10 uur.", "nl")
    assert changed_period("Het kalf is 31 jaar oud.", "Het kalf is 31 dagen en 2 uur oud.", "nl")
    # 31 is bare in the evidence, but its one unit ("3 hours") is not the claim's
    assert changed_period("The strike lasted 31 days.", "31 workers struck for 3 hours.", "en")


# ---- words and signs read as a reader reads them ----------------------------------------------


def test_a_word_for_first_the_evidence_lacks_is_still_a_missing_number() -> None:
    # "zum ersten Mal" added to "machte Verlust" is a new fact: the numbers check keeps it
    text = "Die Firma machte 2024 Verlust. Der Umsatz sank."
    claim = "Die Firma machte 2024 zum ersten Mal Verlust."
    assert judged(text, claim, "Die Firma machte 2024 Verlust") == (False, "number")


def test_a_multiple_glued_to_a_currency_sign_is_that_amount() -> None:
    evidence = "Elle a renoncé au-delà de 2 millions d'euros."
    assert restated_numbers("Elle s'est retirée une fois les 2 M€ dépassés.", evidence, "", "fr")
    assert not restated_numbers(
        "Elle s'est retirée une fois les 3 M€ dépassés.", evidence, "", "fr"
    )
    es = "El club pagó 5 M€ por el jugador."
    assert restated_numbers(es, "El club pagó 5 millones de euros por el jugador.", "", "es")
    assert not restated_numbers(es, "El club pagó 5 mil euros por el jugador.", "", "es")


def test_only_against_a_primary_aim_is_no_stated_claim() -> None:
    # the probe name's number no longer fails "只是…的次要目标" on "…的首要目标": the "only"
    # check reads 首要 as the evidence's "mainly" (zh.toml bounds.mainly)
    evidence = "新规划的首要任务是改善交通"
    assert unstated_universal("改善交通只是新规划的次要任务。", evidence, "zh") is not None
    assert unstated_universal(evidence + "。", evidence, "zh") is None


# ---- a model code or identifier the document names (every language) --------------------------


@pytest.mark.parametrize(
    ("claim", "evidence", "context", "code"),
    [
        ("Der Zug ICE 7 fuhr pünktlich ab.", "Der Zug fuhr pünktlich ab.", "Der ICE 7 hält.", "de"),
        ("新型無人機のDR-30は重さ2キロだ。", "重さは2キロだ。", "同社はDR-30を発表した。", "ja"),
        ("TX-90电池可使用8小时。", "电池可使用8小时。", "公司推出了TX-90手机。", "zh"),
    ],
)
def test_a_model_code_the_document_names_is_no_quantity(
    claim: str, evidence: str, context: str, code: str
) -> None:
    assert restated_numbers(claim, evidence, context, code)


@pytest.mark.parametrize(
    ("claim", "evidence", "context", "code"),
    [
        # the code the document writes is another one
        ("TX-91电池可使用8小时。", "电池可使用8小时。", "公司推出了TX-90手机。", "zh"),
        # the code's number written again as a quantity: that one is the claim's own
        ("DR-30は重さ30キロだ。", "重さは2キロだ。", "同社はDR-30を発表した。", "ja"),
        ("The KX-450 draws 450 watts.", "It draws 300 watts.", "We tested the KX-450.", "en"),
    ],
)
def test_a_number_outside_the_documents_code_stays_a_number(
    claim: str, evidence: str, context: str, code: str
) -> None:
    assert not restated_numbers(claim, evidence, context, code)
