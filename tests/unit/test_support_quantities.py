"""Numbers and dates as a reader reads them, both sides: a time unit or a season changed fails
a claim whose numbers all agree ("twice a day" for "twice a week"); a number the evidence
gives another way, by exact arithmetic, passes ("two times" for "twice", "twelve months" for
"a year", half of a stated whole, "one in five" for 20%); approximations never do."""

from __future__ import annotations

import pytest

from summarizer._support_numbers import restated_numbers
from summarizer._support_periods import changed_period
from summarizer.text._language import language
from summarizer.text._numbers import numbers
from summarizer.text._quantities import periods
from summarizer.text._tokens import tokens
from tests.support.judging import judged


def keys(text: str, code: str) -> list[str]:
    lang = language(code)
    return [key for _, _, key, _ in numbers(text, tokens(text, 0, lang), lang)]


# ---- a changed time unit or season: the numbers agree, the claim does not --------------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("en", "The bus is late three times a day.", "The bus is late three times a week."),
        ("en", "Members meet every month.", "Members meet every week."),
        ("de", "Der Zug fiel drei Wochen aus.", "Der Zug fiel drei Tage aus."),
        ("fr", "La piscine ferme deux mois.", "La piscine ferme deux semaines."),
        ("es", "El museo abre cuatro horas al día.", "El museo abre cuatro horas a la semana."),
        ("it", "Il rifugio resta chiuso d'estate.", "Il rifugio resta chiuso d'inverno."),
        ("pt", "A obra vai durar dois anos.", "A obra vai durar dois meses."),
        ("nl", "De verbouwing begint in de zomer.", "De verbouwing begint in de winter."),
        ("nl", "De verkiezing is in het voorjaar.", "De verkiezing is in het najaar."),
        ("ja", "検査は2週間かかる。", "検査は2日かかる。"),
        ("ja", "工事は夏に始まる。", "工事は冬に始まる。"),
        ("zh", "维修需要三个月。", "维修需要三年。"),
        ("zh", "工程将在夏季完工。", "工程将在冬季完工。"),
    ],
)
def test_a_changed_time_unit_or_season_is_found_in_each_language(
    code: str, claim: str, evidence: str
) -> None:
    assert changed_period(claim, evidence, code) is not None
    assert changed_period(evidence, evidence, code) is None


def test_a_unit_counted_once_where_the_evidence_counts_it_otherwise() -> None:
    # "a year" has no number word for the numbers check: the article is its count
    assert changed_period("Prices rose a year ago.", "Prices rose three years ago.", "en")
    fr = ("Les prix ont doublé en un an.", "Les prix ont doublé en trois ans.")
    assert changed_period(*fr, "fr")
    assert changed_period("Prices rose a year ago.", "Prices rose a year ago.", "en") is None


def test_a_season_given_as_another_time_is_a_changed_date() -> None:
    claim = "La moitié sera versée avant la fin de l'année."
    assert changed_period(claim, "La moitié sera versée avant l'été.", "fr") is not None


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("en", "The plant closes in early 2027.", "The plant closes in late 2027."),
        ("de", "Das Werk schließt Anfang 2027.", "Das Werk schließt Ende 2027."),
        ("fr", "L'usine fermera début mars.", "L'usine fermera fin mars."),
        ("es", "La planta cerrará a principios de 2027.", "La planta cerrará a finales de 2027."),
        ("zh", "工厂将在五月初关闭。", "工厂将在五月底关闭。"),
        ("ja", "工場は2027年度の初めに閉鎖される。", "工場は2027年度末に閉鎖される。"),
    ],
)
def test_the_start_of_a_date_for_its_end_is_a_changed_date(
    code: str, claim: str, evidence: str
) -> None:
    assert changed_period(claim, evidence, code) is not None
    assert changed_period(evidence, evidence, code) is None


def test_a_part_word_that_names_no_date_is_none() -> None:
    claim = "Parcels arrive early twice a week."
    assert changed_period(claim, "Parcels arrive late twice a week.", "en") is None
    assert changed_period("La fin du conflit.", "Le début du conflit.", "fr") is None


def test_the_same_span_in_another_unit_is_no_change() -> None:
    same = [
        ("en", "Sales rose 5% in the twelve months to June.", "Sales rose 5% in the year to June."),
        ("en", "The repair takes two weeks.", "The repair takes 14 days."),
        (
            "fr",
            "Le secteur a perdu 300 emplois en douze mois.",
            "Le secteur a perdu 300 emplois en un an.",
        ),
        ("de", "Der Umbau dauert 24 Monate.", "Der Umbau dauert zwei Jahre."),
    ]
    for code, claim, evidence in same:
        assert changed_period(claim, evidence, code) is None, claim


@pytest.mark.parametrize(
    ("code", "text", "key"),
    [
        ("en", "The ferry waits half an hour.", "hour"),
        ("de", "Die Sitzung dauerte eine halbe Stunde.", "hour"),
        ("fr", "Le train a une demi-heure de retard.", "hour"),
        ("es", "La reunión duró media hora.", "hour"),
        ("it", "Il treno ha mezz'ora di ritardo.", "hour"),
        ("pt", "O voo atrasou meia hora.", "hour"),
        ("nl", "De bouw duurt een half jaar.", "year"),
        ("zh", "工程持续了半年。", "year"),
        ("ja", "工事は半年続いた。", "year"),
    ],
)
def test_half_a_unit_counts_one_half(code: str, text: str, key: str) -> None:
    assert [(p.key, p.count) for p in periods(text, code)] == [(key, 0.5)]


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("en", "The ferry waits 30 minutes.", "The ferry waits half an hour."),
        ("es", "La reunión duró treinta minutos.", "La reunión duró media hora."),
        ("nl", "De bouw duurt zes maanden.", "De bouw duurt een half jaar."),
        ("ja", "工事は6か月続いた。", "工事は半年続いた。"),
    ],
)
def test_half_a_unit_is_its_count_in_a_smaller_unit(code: str, claim: str, evidence: str) -> None:
    assert restated_numbers(claim, evidence, "", code)
    assert changed_period(claim, evidence, code) is None


def test_a_whole_unit_for_half_of_it_is_a_changed_number() -> None:
    claim, evidence = "The ferry waits an hour.", "The ferry waits half an hour."
    assert judged(evidence, claim, evidence) == (False, "number")
    assert not restated_numbers(
        "De bouw duurt drie maanden.", "De bouw duurt een half jaar.", "", "nl"
    )


def test_a_surname_written_like_a_unit_is_no_span_of_time() -> None:
    # "周" is a week after a number ("两周"), and a common surname ("周女士")
    assert periods("周女士明年上半年开业。", "zh") == (periods("明年上半年开业。", "zh"))
    assert [p.key for p in periods("工程需要两周。", "zh")] == ["week"]


def test_words_that_only_look_like_a_unit_or_season_are_none() -> None:
    assert periods("Under 10% of 16- to 24-year-olds visited.", "en") == ()  # an age
    assert periods("Per ora non ha risposto.", "it") == ()  # "for now"
    assert periods("当天市区最低气温为零下4度。", "zh") == ()  # "that day"
    assert periods("Il a été élu maire.", "fr") == ()  # the participle, not the summer
    ja = periods("12月1日から2028年度末まで運休する。", "ja")
    assert ja == ()  # a date: the first of a month, a year


# ---- what a reader equates: multiples, shares, digits with numerals --------------------------


@pytest.mark.parametrize(
    ("code", "text", "key"),
    [
        ("en", "twice", "2"),
        ("de", "zweimal", "2"),
        ("nl", "tweemaal", "2"),
        ("es", "casi el doble", "2"),
        ("es", "casi el triple", "3"),
        ("pt", "quase o dobro", "2"),
        ("it", "il doppio", "2"),
    ],
)
def test_a_word_for_a_multiple_is_its_number(code: str, text: str, key: str) -> None:
    assert keys(text, code) == [key]


@pytest.mark.parametrize(
    ("code", "text", "key"),
    [
        ("en", "one in ten adults", "10%"),
        ("en", "1 in 20 households", "5%"),
        ("fr", "un ménage sur trois", "33.333333%"),
        ("es", "uno de cada cinco", "20%"),
        ("it", "uno su cinque", "20%"),
        ("pt", "um em cada quatro", "25%"),
        ("nl", "een op de vijf", "20%"),
        ("de", "jeder fünfte Pendler", "20%"),
        ("ja", "三人に一人が", "33.333333%"),
        ("pt", "menos de um por cento", "1%"),
    ],
)
def test_one_in_n_is_a_share(code: str, text: str, key: str) -> None:
    assert keys(text, code) == [key]


def test_two_numbers_with_in_between_stay_two_numbers() -> None:
    assert keys("17 von 19 Ratsmitgliedern", "de") == ["17", "19"]
    assert keys("17 sur 19 conseillers", "fr") == ["17", "19"]  # only "one in" is a share
    assert keys("the widening of Route 1 in 2009", "en") == ["1", "2009"]
    assert keys("un prêt sur vingt ans", "fr") == ["20"]  # a span, no share
    assert keys("einen Gewinn von 41 Millionen", "de") == ["41000000"]


@pytest.mark.parametrize(
    ("text", "key"),
    [("約4億2千万円", "420000000"), ("約6億8000万円", "680000000"), ("月平均4千円", "4000"),
     ("約1万2000人", "12000"), ("4.2億円", "420000000")],
)  # fmt: skip
def test_digits_and_numerals_written_together_are_one_number(text: str, key: str) -> None:
    assert key in keys(text, "ja")


def test_a_half_after_an_ordinal_is_a_part_of_a_period_not_a_share() -> None:
    assert keys("la seconde moitié de 2026", "fr") == ["2", "2026"]
    assert keys("la moitié de l'enveloppe", "fr") == ["50%"]


# ---- exact equivalences pass the numbers check; near ones and changed ones do not ------------


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        # a span of time in another unit
        (
            "it",
            "Ha seguito due parti negli ultimi dodici mesi.",
            "Ha seguito due parti nell'ultimo anno.",
        ),
        # a share of a whole both state
        (
            "fr",
            "Soixante millions, soit la moitié des 120 millions, seront versés.",
            "Sur 120 millions, la moitié seront versés.",
        ),
        # the year before the one the evidence names
        (
            "es",
            "En 2025 llegaron 2,9 millones, un 7 % más que en 2024.",
            "En 2025 llegaron 2,9 millones, un 7 % más que el año anterior.",
        ),
        # a multiplier the evidence says once for two numbers
        (
            "it",
            "Le entrate passano da 29 milioni a 41 milioni.",
            "Le entrate arrivano a 41 milioni, contro i 29.",
        ),
        # a unit and a half: 90 minutes are an hour and a half
        ("it", "Il viaggio dura novanta minuti.", "Il viaggio dura un'ora e mezza."),
        # one month is the month of "per month" ("1か月あたり" / "月平均")
        ("ja", "光熱費が1か月あたり平均4,000円増えた。", "光熱費が月平均4千円増えた。"),
        # an ordinal that is a fraction word too
        (
            "en",
            "Loans fell for a third consecutive year.",
            "Loans fell for the third year running.",
        ),
    ],
)
def test_a_number_the_evidence_states_in_other_words_is_restated(
    code: str, claim: str, evidence: str
) -> None:
    assert restated_numbers(claim, evidence, "", code)


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        # approximations: "knapp drei Viertel" is not 72 percent
        ("de", "Knapp drei Viertel sind Männer.", "Zu 72 Prozent sind es Männer."),
        ("it", "Riceve circa il 30 per cento in più.", "Riceve quasi un terzo in più."),
        # half of a whole the claim does not state: 21 is half of 42, by chance
        (
            "fr",
            "Sur la moitié des sites, éteint de 21 h à 5 h.",
            "Sur 42 sites, dont la moitié éteints de 23 h à 5 h.",
        ),
        # the evidence's year changed, not the year before it named
        (
            "en",
            "Visits rose 11% in the year to March 2025.",
            "Visits rose 11% in the year to March 2026, up on the previous year.",
        ),
        # "three" is no ordinal: "un terzo" is a third
        (
            "it",
            "Un terzo dei coristi ha contratti di tre mesi.",
            "Metà dei coristi ha contratti di tre mesi.",
        ),
    ],
)
def test_a_near_or_changed_number_is_not_restated(code: str, claim: str, evidence: str) -> None:
    assert not restated_numbers(claim, evidence, "", code)


# ---- end to end: the product's verdicts ------------------------------------------------------

FERRY = (
    "Ferry cuts. Residents said parcels already arrive late twice a week. "
    "The council said the crossing will take an extra hour in winter."
)


def test_the_product_rejects_a_changed_unit_and_keeps_an_equivalent_number() -> None:
    quote = "Residents said parcels already arrive late twice a week"
    assert judged(FERRY, "Residents said parcels already arrive late twice a week.", quote) == (
        True,
        None,
    )
    assert judged(FERRY, "Residents said parcels arrive late twice a day.", quote) == (
        False,
        "number",
    )
    assert judged(FERRY, "Residents said parcels already arrive late two times a week.", quote)[0]
    winter = "The council said the crossing will take an extra hour in winter"
    summer = "The council said the crossing will take an extra hour in summer."
    assert judged(FERRY, summer, winter)[0] is False
