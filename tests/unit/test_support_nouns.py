"""Common words taken for names: the name check flags names, not the common words of a rewrite.

Chinese and Japanese: one character changed in a term of the evidence is another term only
when the two characters contrast ("最小" for "最大", "来年" for "今年") or stand in a proper
noun ("加藤" for "佐藤"); words that share a character ("上向いた" for "上昇した", "平常" for
"通常") are a rewrite. Languages with capitals: a capitalised word that is a common word of
the language (a sentence-first adverb, a German noun after a determiner, an article merged
with a preposition or before a genitive) is no name, while a person, place or organisation
swapped in stays caught.
"""

from __future__ import annotations

import pytest

from summarizer._support_cjk import changed_terms
from summarizer._support_lexical import is_name
from summarizer._support_pairs import substitution
from summarizer.text import language
from tests.support.judging import judged


@pytest.mark.parametrize(
    ("code", "text", "claim", "quote"),
    [
        # "上向いた" (turned up) for "上昇した" (rose): a verb that shares "上"
        (
            "ja",
            "県の調査で、テレワーク実施率は3年ぶりに上昇した。",
            "テレワーク実施率は3年ぶりに上向いた。",
            "テレワーク実施率は3年ぶりに上昇した",
        ),
        # "平常" for "通常" (as usual): two common nouns that share "常"
        (
            "ja",
            "島の路線バスは通常どおり運行する。",
            "島の路線バスは平常どおり運行する。",
            "島の路線バスは通常どおり運行する",
        ),
        # "上涨" for "上升" (rose)
        ("zh", "公司今年的营业收入上升了。", "公司今年的营业收入上涨了。", "营业收入上升了"),
    ],
)
def test_a_word_sharing_a_character_is_a_rewrite(
    code: str, text: str, claim: str, quote: str
) -> None:
    assert judged(text, claim, quote) == (True, None)


@pytest.mark.parametrize(
    ("code", "text", "claim", "quote"),
    [
        (
            "ja",
            "協議会は今年3月までに結論を出す方針だ。",
            "協議会は来年3月までに結論を出す方針だ。",
            "協議会は今年3月までに結論を出す方針だ",
        ),
        ("zh", "团队计划明年开展临床试验。", "团队计划今年开展临床试验。", "团队计划明年开展"),
        # a surname with one character changed: no contrast, but a proper noun
        ("ja", "佐藤さんは会議で反対した。", "加藤さんは会議で反対した。", "佐藤さんは会議で反対"),
    ],
)
def test_a_contrasting_character_or_one_of_a_name_is_another_term(
    code: str, text: str, claim: str, quote: str
) -> None:
    assert judged(text, claim, quote) == (False, "name")


@pytest.mark.parametrize(
    ("code", "run", "term", "expected"),
    [
        ("ja", "上回", "上昇", []),
        ("ja", "最小", "最大", ["小"]),  # [capitals] contrasts
        ("ja", "年平均", "月平均", ["年"]),
        ("zh", "五年", "十年", ["五"]),  # two numerals
        ("ja", "加藤", "佐藤", ["加"]),  # a proper noun
        ("ja", "今年", "今年", []),
        ("ja", "来年度", "今年", []),  # another length
    ],
)
def test_changed_terms(code: str, run: str, term: str, expected: list[str]) -> None:
    assert changed_terms(run, [term], frozenset(term), code) == expected


KREIS = (
    "Im Landkreis pendelten im Jahr 2025 rund 42.000 Beschäftigte in eine andere Gemeinde. "
    "Die Daten stammen vom Statistikamt."
)
AUTO = "Knapp zwei Drittel der Pendler nutzten das Auto, 21 Prozent Bus und Bahn."
ERHEBUNG = "Die nächste Erhebung ist für Frühjahr 2027 geplant, teilte das Amt mit."
AMT = "Das Ministerium teilte mit, dass zwei Interessenten sich gemeldet haben."
OSLO = "Nearly half of Oslo's buses run on electricity, the city said."
LYON = "Environ 300 personnes ont manifesté à Lyon samedi."


@pytest.mark.parametrize(
    ("text", "claim", "quote"),
    [
        # a sentence-first adverb ([capitals] sentence_words) is no name, not even where
        # the evidence has a capitalised word the claim lacks ("Landkreis", "Bus")
        (
            KREIS,
            "Etwa 42.000 Beschäftigte pendelten 2025 in eine andere Gemeinde.",
            "Im Landkreis pendelten im Jahr 2025 rund 42.000 Beschäftigte in eine andere Gemeinde",
        ),
        (AUTO, "Fast zwei Drittel der Pendler nutzten das Auto.", AUTO.rstrip(".")),
        (OSLO, "Almost half of Oslo's buses run on electricity.", OSLO.split(",")[0]),
        (LYON, "Près de 300 personnes ont manifesté à Lyon samedi.", LYON.rstrip(".")),
    ],
)
def test_a_sentence_first_adverb_is_no_name(text: str, claim: str, quote: str) -> None:
    assert judged(text, claim, quote) == (True, None)


def test_a_noun_after_an_article_merged_with_a_preposition_is_no_name() -> None:
    quote = "Die nächste Erhebung ist für Frühjahr 2027 geplant"
    claim = "Im Frühling 2027 ist die nächste Erhebung geplant."
    assert judged(ERHEBUNG, claim, quote) == (True, None)
    # a noun german-nouns does not list: the merged article decides
    assert judged(ERHEBUNG, "Im Brunzelei 2027 ist die nächste Erhebung geplant.", quote)[0]


def test_a_noun_heading_a_genitive_is_no_name() -> None:
    quote = "Das Ministerium teilte mit, dass zwei Interessenten sich gemeldet haben"
    claim = "Nach Angaben des Ministeriums haben sich zwei Interessenten gemeldet."
    assert judged(AMT, claim, quote) == (True, None)
    # a noun german-nouns does not list: the genitive after it decides
    unlisted = "Nach Quaxlingen des Ministeriums haben sich zwei Interessenten gemeldet."
    assert judged(AMT, unlisted, quote)[0]


@pytest.mark.parametrize(
    ("code", "text", "claim", "quote"),
    [
        # a street after "am" ends like one ([capitals] place_endings): still a name
        (
            "de",
            "Der Rat beschloss, die Grundschule am Lindenweg zu erweitern.",
            "Der Rat beschloss, die Grundschule am Marktplatz zu erweitern.",
            "Der Rat beschloss, die Grundschule am Lindenweg zu erweitern",
        ),
        (
            "de",
            "Die Firma Hallberg will 1.250 Stellen streichen, sagte Sprecherin Sabine Kröger.",
            "Die Firma Hallberg will 1.250 Stellen streichen, sagte Sprecherin Sabine Müller.",
            "Die Firma Hallberg will 1.250 Stellen streichen, sagte Sprecherin Sabine Kröger",
        ),
        ("en", OSLO, "Nearly half of Bergen's buses run on electricity.", OSLO.split(",")[0]),
        (
            "es",
            "Casi la mitad de los hoteles de Asturias estaban llenos.",
            "Casi la mitad de los hoteles de Galicia estaban llenos.",
            "Casi la mitad de los hoteles de Asturias estaban llenos",
        ),
    ],
)
def test_a_name_swapped_in_stays_caught(code: str, text: str, claim: str, quote: str) -> None:
    assert judged(text, claim, quote) == (False, "name")


@pytest.mark.parametrize(
    ("code", "word", "name"),
    [
        ("de", "Etwa", False),
        ("de", "Fast", False),
        ("en", "Nearly", False),
        ("es", "Casi", False),
        ("fr", "Environ", False),
        ("it", "Circa", False),
        ("pt", "Quase", False),
        ("nl", "Ongeveer", False),
        ("de", "Berlin", True),
        ("en", "Oslo", True),
    ],
)
def test_is_name_knows_sentence_words(code: str, word: str, name: bool) -> None:
    """``is_name`` (the substitution check's test of a word) knows the sentence words."""
    assert is_name(word, language(code)) is name


OKAFOR = (
    "Shares rose after Maria Okafor, Chief Executive Officer of Kestrel, said demand held up. "
    "Okafor joined in 2019."
)
KROEGER = "Eine Schließung von Hallberg sei nicht geplant, sagte Sabine Kröger."


@pytest.mark.parametrize(
    ("text", "claim", "quote", "expected"),
    [
        # a title before a name ([capitals] titles; a German compound title: the noun
        # dictionary) is a common word
        (
            OKAFOR,
            "CEO Maria Okafor said demand held up.",
            "Maria Okafor, Chief Executive Officer of Kestrel, said demand held up",
            (True, None),
        ),
        (
            KROEGER,
            "Laut Hallberg-Chefin Sabine Kröger ist die Schließung nicht geplant.",
            KROEGER.rstrip("."),
            (True, None),
        ),
        # the name after the title is still the evidence's or caught
        (
            OKAFOR,
            "CEO Maria Smith said demand held up.",
            "Maria Okafor, Chief Executive Officer of Kestrel, said demand held up",
            (False, "name"),
        ),
        (
            KROEGER,
            "Laut Hallberg-Chefin Sabine Müller ist die Schließung nicht geplant.",
            KROEGER.rstrip("."),
            (False, "name"),
        ),
        # a run's last word is its name even where it is a listed title ("Kanzler") or a
        # noun that ends like one ("Meister")
        (
            "Die Schließung sei nicht geplant, sagte Gerhard Schröder am Montag.",
            "Laut Gerhard Meister ist die Schließung nicht geplant.",
            "Die Schließung sei nicht geplant, sagte Gerhard Schröder",
            (False, "name"),
        ),
        (
            "Die Schließung sei nicht geplant, sagte Gerhard Schröder am Montag.",
            "Laut Gerhard Kanzler ist die Schließung nicht geplant.",
            "Die Schließung sei nicht geplant, sagte Gerhard Schröder",
            (False, "name"),
        ),
    ],
)
def test_a_title_before_a_name_is_no_name(
    text: str, claim: str, quote: str, expected: tuple[bool, str | None]
) -> None:
    assert judged(text, claim, quote) == expected


def test_a_cjk_name_put_in_place_of_a_common_word_is_no_substitution() -> None:
    """ "后杭州" aligned against "以来" (since): the evidence's stretch holds no name, so the
    claim put no name where the evidence has another; "杭州" for "上海" is one."""
    claim = "入冬后杭州已出现三次寒潮过程。"
    assert substitution(claim, "入冬以来已出现三次寒潮过程", "zh") is None
    swapped = substitution("入冬以来杭州出现寒潮。", "入冬以来上海出现寒潮", "zh")
    assert swapped == ("杭州", "上海")
