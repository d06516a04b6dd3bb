"""Negation words that state no negation of the clause's words (``_support_negation_forms``):
a negated comparison of equality restating a record, a negated denial, an adverb right after
a cue. Our own sentences, not the probes'."""

from __future__ import annotations

import pytest

from summarizer._support import LexicalJudge
from summarizer._support_lexical import analyse


def _supported(claim: str, premise: str, code: str) -> bool:
    return LexicalJudge(language=code).verdicts([claim], [premise])[0].supported


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "No other ferry line in the bay carried as many passengers as Harbourlink."),
        ("de", "Keine andere Brücke im Land wurde so oft gesperrt wie die Talbrücke."),
        ("fr", "Jamais la piscine municipale n'avait accueilli une foule aussi nombreuse."),
        ("es", "Desde 2009 no se había visto en Cádiz una sequía tan larga."),
        ("it", "Da vent'anni non si registrava un inverno così mite."),
        ("pt", "Nenhuma outra escola do distrito teve tantos alunos inscritos como a de Alvor."),
        ("nl", "Geen andere haven in het land verwerkte zoveel containers als Rotterdam."),
        ("ja", "1998年の観測開始以来、これほど多い降雪はなかった。"),
    ],
)
def test_a_negated_comparison_restating_a_record_negates_nothing(code: str, text: str) -> None:
    assert analyse(text, code).negated == frozenset()


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # a comparison with its standard after "never": the subject fell short of it
        ("en", "The river never rose as high as the old dam."),
        ("fr", "Le fleuve n'est jamais monté aussi haut que la digue."),
        # "as many as 300" is a bound, read by the bounds check
        ("en", "No other port handled as many as 300 ships."),
        # no "never", "other" or "since": a plain negation
        ("en", "The ferry did not carry as many passengers as the bridge."),
        ("es", "La sequía no fue tan larga."),
        ("ja", "今年はこれほど多い降雪はなかった。"),
    ],
)
def test_a_negated_comparison_without_a_record_still_negates(code: str, text: str) -> None:
    assert analyse(text, code).negated


def test_a_record_restated_by_a_negated_comparison_is_supported() -> None:
    claim = "No other ferry line in the bay carried as many passengers as Harbourlink."
    evidence = "Harbourlink carried more passengers than any other ferry line in the bay."
    assert _supported(claim, evidence, "en")


def test_a_negated_comparison_against_its_own_positive_still_fails() -> None:
    claim = "The ferry did not carry as many passengers as the bridge."
    evidence = "The ferry carried as many passengers as the bridge."
    assert not _supported(claim, evidence, "en")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("es", "La policía no descarta nuevas detenciones."),
        ("es", "No se descartan nuevos cortes de agua."),
        ("fr", "La police n'exclut pas de nouvelles arrestations."),
        ("it", "La polizia non esclude nuovi arresti."),
        ("pt", "A polícia não descarta novas detenções."),
        ("en", "The minister did not deny the report."),
    ],
)
def test_a_negated_denial_states_what_it_denies(code: str, text: str) -> None:
    assert analyse(text, code).negated == frozenset()


def test_a_negated_denial_on_the_denial_itself_fails() -> None:
    """ "does not rule out arrests" is no restatement of "rules out arrests" (read as two
    negations of "arrests" before, it passed)."""
    assert not _supported(
        "La policía no descarta nuevas detenciones.",
        "La policía descarta nuevas detenciones.",
        "es",
    )


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "en",
            "A review announced for late June has not yet been published.",
            "A review, announced for late June, has not yet been published.",
        ),
        (
            "fr",
            "Le maire n'a pas donné de date pour les travaux.",
            "Le maire a annoncé les travaux, sans toutefois donner de date.",
        ),
    ],
)
def test_an_adverb_after_a_cue_takes_no_place_in_its_scope(
    code: str, claim: str, evidence: str
) -> None:
    assert _supported(claim, evidence, code)


def test_not_yet_still_negates_what_follows() -> None:
    evidence = "A review, announced for late June, has not yet been published."
    assert not _supported("A review announced for late June has been published.", evidence, "en")


def test_a_cue_joined_by_a_hyphen_negates_only_its_word() -> None:
    """ "Niet-gevaccineerde kinderen": the children are not negated, only the vaccination."""
    a = analyse("Niet-gevaccineerde kinderen moeten thuis blijven.", "nl")
    assert {a.content[w] for w in a.negated} == {"gevaccineerde"}
    evidence = "Kinderen die niet gevaccineerd zijn, moeten thuis blijven."
    assert _supported("Niet-gevaccineerde kinderen moeten thuis blijven.", evidence, "nl")
    assert not _supported("Gevaccineerde kinderen moeten thuis blijven.", evidence, "nl")


def test_a_noun_of_absence_negates_the_word_after_its_marker() -> None:
    """ "la falta de lluvias entre marzo y octubre": the rain is negated, not March."""
    evidence = (
        "La falta de lluvias entre marzo y octubre, con 180 litros por metro cuadrado, "
        "explica la caída."
    )
    claim = "Entre marzo y octubre cayeron 180 litros por metro cuadrado."
    assert _supported(claim, evidence, "es")


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "pt",
            "A falta de água fechou as escolas de Setúbal.",
            "As escolas de Setúbal fecharam por estarem sem água.",
        ),
        (
            "en",
            "The lack of rain in March dried the reservoirs of Kent.",
            "Without rain in March, the reservoirs of Kent dried.",
        ),
    ],
)
def test_a_noun_of_absence_restates_without(code: str, claim: str, evidence: str) -> None:
    assert _supported(claim, evidence, code)


def test_a_noun_of_absence_against_a_positive_fails() -> None:
    evidence = "As escolas de Setúbal fecharam por causa da água contaminada."
    assert not _supported("A falta de água fechou as escolas de Setúbal.", evidence, "pt")


def test_a_negated_denial_is_a_possibility_not_a_fact() -> None:
    """ "n'a pas exclu d'augmenter" (a hedge in ``[modality]``): "va augmenter" states more."""
    from summarizer._support_modality import changed_modality

    evidence = "Le syndicat n'a pas exclu d'augmenter ses tarifs l'an prochain."
    assert changed_modality("Le syndicat va augmenter ses tarifs l'an prochain.", evidence, "fr")


def test_ruled_out_negates_what_follows() -> None:
    evidence = "The mayor said she would not close the library early."
    assert _supported("The mayor ruled out closing the library early.", evidence, "en")
    positive = "The mayor said she would close the library early."
    assert not _supported("The mayor ruled out closing the library early.", positive, "en")


def test_a_negated_negative_verb_states_what_follows() -> None:
    """ "did not rule out closing" (the marker "out" is part of the cue) negates nothing."""
    a = analyse("The mayor did not rule out closing the library early.", "en")
    assert a.negated == frozenset()
    assert "out" not in a.content


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        (
            "de",
            "Die Preise sind zwar hoch, schrecken die Kunden aber nicht.",
            "„Die Preise sind hoch, aber sie schrecken die Kunden nicht“, sagte die Händlerin.",
        ),
        (
            "nl",
            "De prijzen zijn hoog, ze schrikken de klanten echter niet af.",
            "De prijzen zijn hoog, maar ze schrikken de klanten niet af.",
        ),
    ],
)
def test_a_particle_before_a_final_cue_begins_no_clause(
    code: str, claim: str, evidence: str
) -> None:
    assert _supported(claim, evidence, code)


def test_a_particle_after_a_comma_still_begins_a_clause() -> None:
    """ "…, aber nicht.": the cue reaches nothing in its clause; "die Preise aber nicht": the
    prices are negated."""
    assert analyse("Die Mieten steigen schnell, aber nicht.", "de").negated == frozenset()
    a = analyse("Die Mieten steigen, die Preise aber nicht.", "de")
    assert {a.content[w] for w in a.negated} == {"Preise"}


def test_chinese_words_holding_a_cue_character_negate_nothing() -> None:
    """分别 (respectively), 无人机 (drone): no 别 (do not), no 无人 (nobody)."""
    assert analyse("三名游客分别在广州和深圳被找到。", "zh").negated == frozenset()
    assert analyse("警方用无人机搜索了山区。", "zh").negated == frozenset()
