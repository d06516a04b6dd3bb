"""Numbers written in words, read by value: a numeral made of a hundreds word and the rest
("cuatrocientos quince" = 415), a numeral written as one word (Italian "ottantaduemila"), a
collective numeral ("une soixantaine de" = about 60), a range whose upper end alone has the
multiplier ("30 à 35 duizend"), "mil" alone, a Chinese decimal point. The same number in digits
passes; a changed number never does."""

from __future__ import annotations

import pytest

from summarizer.text._language import language
from summarizer.text._numbers import numbers
from summarizer.text._tokens import tokens
from tests.support.judging import judged


def keys(text: str, code: str) -> list[str]:
    lang = language(code)
    return [key for _, _, key, _ in numbers(text, tokens(text, 0, lang), lang)]


# ---- the place rule: a hundreds word, a ten or a multiplier, then a smaller part ---------------


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("es", "Vendieron cuatrocientos quince pisos.", ["415"]),
        ("es", "Llegaron seiscientas ochenta personas.", ["680"]),
        ("pt", "Foram vendidos setecentos e vinte e dois carros.", ["722"]),
        ("en", "They planted four hundred and sixty trees.", ["460"]),
        ("es", "La deuda subió a dos millones novecientos mil euros.", ["2900000"]),
    ],
)
def test_a_numeral_with_a_hundreds_word_is_one_number(
    code: str, text: str, expected: list[str]
) -> None:
    assert keys(text, code) == expected


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("es", "Tenían entre cuarenta y setenta años.", ["40", "70"]),
        ("fr", "Ils avaient entre trente et cinquante ans.", ["30", "50"]),
        ("en", "They were nine and ten years old.", ["9", "10"]),
    ],
)
def test_two_numbers_joined_by_and_stay_two(code: str, text: str, expected: list[str]) -> None:
    assert keys(text, code) == expected


def test_a_ten_and_a_part_below_twenty_is_one_number() -> None:
    assert keys("Il y avait quatre-vingt et onze invités.", "fr") == ["91"]
    assert keys("Eran treinta y ocho.", "es") == ["38"]


# ---- Italian numerals written as one word ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lo stadio ha ottantaduemila posti.", ["82000"]),
        ("Il comune conta trecentoquarantotto abitanti.", ["348"]),
        ("Sono arrivati centottanta turisti.", ["180"]),
        ("La spesa è di milleseicento euro.", ["1600"]),
        ("Sono stati un milione e duecentomila.", ["1200000"]),
    ],
)
def test_an_italian_numeral_written_as_one_word(text: str, expected: list[str]) -> None:
    assert keys(text, "it") == expected


def test_an_italian_word_made_of_number_sounds_is_no_number() -> None:
    assert keys("Il treno delle sette parte tardi.", "it") == ["7"]
    assert keys("Ottone e trenino", "it") == []


# ---- collective numerals: about that many --------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("fr", "Une soixantaine de bateaux sont sortis.", ["60"]),
        ("it", "Una ventina di volontari hanno aiutato.", ["20"]),
        ("es", "Un centenar de vecinos protestó.", ["100"]),
        ("pt", "Uma dezena de lojas fechou.", ["10"]),
        ("nl", "Een twintigtal boeren protesteerde.", ["20"]),
    ],
)
def test_a_collective_numeral_is_its_round_number(
    code: str, text: str, expected: list[str]
) -> None:
    assert keys(text, code) == expected


def test_a_collective_in_the_plural_or_without_the_article_is_no_number() -> None:
    assert keys("Des dizaines de bateaux sont sortis.", "fr") == []
    assert keys("Le navire a été mis en quarantaine pendant deux semaines.", "fr") == ["2"]


def test_a_collective_needs_the_article_for_one_and_then_de() -> None:
    assert keys("La quarantaine de l'équipage a duré deux semaines.", "fr") == ["2"]
    assert keys("Ils ont imposé une quarantaine stricte de deux semaines.", "fr") == ["2"]


# ---- a range whose upper end alone has the multiplier --------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("nl", "Er kwamen 30 à 35 duizend bezoekers.", ["30000", "35000"]),
        ("en", "The repair costs 2 to 3 million pounds.", ["2000000", "3000000"]),
        ("de", "Es kostet 6 bis 8 Millionen Euro.", ["6000000", "8000000"]),
        ("en", "It will cost between 4 and 5 billion dollars.", ["4000000000", "5000000000"]),
    ],
)
def test_a_range_shares_its_multiplier(code: str, text: str, expected: list[str]) -> None:
    assert keys(text, code) == expected


def test_a_range_without_the_opening_word_or_upside_down_keeps_its_numbers() -> None:
    assert keys("Prices rose 4 and 5 million were sold.", "en") == ["4", "5000000"]
    assert keys("It rose from 80 to 5 million.", "en") == ["80", "5000000"]


# ---- "mil" alone; Chinese decimal point and "about" marks ----------------------------------


def test_a_thousand_word_alone_starts_a_number() -> None:
    assert keys("Acudieron mil trescientas personas.", "es") == ["1300"]
    assert keys("Foram mil e duzentos votos.", "pt") == ["1200"]


def test_a_chinese_decimal_point_and_an_about_mark() -> None:
    assert keys("增长了百分之六点二。", "zh") == ["6.2%"]
    assert keys("投资3500余万元。", "zh") == ["35000000"]
    assert keys("投资3500多万元。", "zh") == ["35000000"]


# ---- the judge: the same number in digits passes, a changed one fails ----------------------


@pytest.mark.parametrize(
    ("code", "text", "claim", "changed"),
    [
        (
            "es",
            "El museo recibió 415 visitas ayer.",
            "El museo recibió cuatrocientas quince visitas ayer.",
            "El museo recibió cuatrocientas dieciséis visitas ayer.",
        ),
        (
            "it",
            "Lo stadio ha 82.000 posti.",
            "Lo stadio ha ottantaduemila posti.",
            "Lo stadio ha ottantatremila posti.",
        ),
        (
            "fr",
            "Une soixantaine de bateaux sont sortis du port.",
            "Environ soixante bateaux sont sortis du port.",
            "Environ cinquante bateaux sont sortis du port.",
        ),
        (
            "nl",
            "Er kwamen 30.000 tot 35.000 bezoekers naar het feest.",
            "Er kwamen 30 à 35 duizend bezoekers naar het feest.",
            "Er kwamen 20 à 35 duizend bezoekers naar het feest.",
        ),
        (
            "zh",
            "去年全市投资增长了6.2%。",
            "去年全市投资增长了百分之六点二。",
            "去年全市投资增长了百分之六点三。",
        ),
    ],
)
def test_a_number_in_words_passes_and_a_changed_one_fails(
    code: str, text: str, claim: str, changed: str
) -> None:
    quote = text.rstrip("。.")
    assert judged(text, claim, quote) == (True, None)
    assert judged(text, changed, quote) == (False, "number")


# ---- clock times: words and digits read alike; a changed time differs ----------------------


@pytest.mark.parametrize(
    ("code", "words", "digits"),
    [
        ("en", "The shop opened at a quarter past nine in the morning.", "at 9.15am"),
        ("en", "It began at half past five.", "at 5.30"),
        ("nl", "De trein vertrok om tien voor zeven 's avonds.", "om 18.50 uur"),
        ("nl", "De winkel sluit om negen uur 's avonds.", "om 21.00 uur"),
        ("nl", "Het concert begint om half negen.", "om 8.30"),
        ("de", "Der Zug fuhr um halb neun ab.", "um 8.30 Uhr"),
        ("de", "Die Sitzung endet um sieben Uhr abends.", "um 19 Uhr"),
        ("fr", "La séance commence à neuf heures et quart.", "à 9h15"),
        ("fr", "La réunion finit à cinq heures moins le quart.", "à 4 h 45"),
        ("es", "La tienda abre a las nueve y media.", "a las 9.30"),
        ("es", "El tren sale a las siete de la tarde.", "a las 19.00"),
        ("it", "Il negozio apre alle otto e mezza.", "alle 8.30"),
        ("pt", "A loja abre às nove e meia.", "às 9.30"),
        ("ja", "会議は午後3時に始まる。", "15時"),
        ("zh", "会议下午3点开始。", "15点"),
    ],
)
def test_a_clock_time_in_words_reads_as_its_digits(code: str, words: str, digits: str) -> None:
    assert keys(words, code) == keys(digits, code)


def test_the_part_of_the_day_of_a_range_of_hours_is_shared() -> None:
    assert keys("tussen drie en vijf uur 's middags", "nl") == keys("tussen 15.00 en 17.00", "nl")
    assert keys("entre las tres y las seis de la tarde", "es") == ["15", "18"]


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("fr", "Le trajet dure deux heures et demie.", ["2"]),  # a duration
        ("es", "El viaje dura tres horas y media.", ["3"]),
        ("en", "Prices rose from ten to twelve in the evening.", ["10", "12"]),  # a range
        ("nl", "Het is tien voor twaalf.", ["10", "12"]),  # no clock word
        ("de", "Er kam halb so oft.", []),
        ("en", "Half of the six plants closed.", ["6"]),
    ],
)
def test_no_clock_time_without_a_clock_word(code: str, text: str, expected: list[str]) -> None:
    assert keys(text, code) == expected


@pytest.mark.parametrize(
    ("code", "text", "claim", "changed"),
    [
        (
            "de",
            "Das Bad öffnet um 6.30 Uhr.",
            "Das Bad öffnet um halb sieben.",
            "Das Bad öffnet um halb acht.",
        ),
        (
            "nl",
            "De winkel sluit om 20.00 uur.",
            "De winkel sluit om acht uur 's avonds.",
            "De winkel sluit om negen uur 's avonds.",
        ),
        (
            "fr",
            "Le marché ouvre à 7h30.",
            "Le marché ouvre à sept heures et demie.",
            "Le marché ouvre à huit heures et demie.",
        ),
    ],
)
def test_a_clock_time_in_words_passes_and_a_changed_one_fails(
    code: str, text: str, claim: str, changed: str
) -> None:
    quote = text.rstrip(".")
    assert judged(text, claim, quote) == (True, None)
    assert judged(text, changed, quote) == (False, "number")


# ---- a share stated as a division: "divided by two" is a half ------------------------------


@pytest.mark.parametrize(
    ("code", "division", "share"),
    [
        ("fr", "Il faut diviser les coûts par deux.", "La moitié des coûts."),
        ("en", "The budget was divided by four.", "A quarter of the budget."),
        ("de", "Die Kosten werden durch zwei geteilt.", "Die Hälfte der Kosten."),
        ("es", "Hay que dividir el gasto por dos.", "La mitad del gasto."),
    ],
)
def test_a_division_by_a_small_number_is_its_share(code: str, division: str, share: str) -> None:
    assert keys(division, code) == keys(share, code) != []


def test_by_a_number_without_a_dividing_verb_or_a_year_stays_a_number() -> None:
    assert keys("They won by two votes.", "en") == ["2"]
    assert keys("It was divided into three parts by 2030.", "en") == ["3", "2030"]
