"""Round 5 (relations): a person's office changed, antonym families the language files
lacked, and a comparison turned round together with its direction word (the same fact).
Sentences written for this test (not the probes')."""

from __future__ import annotations

import pytest

from summarizer._support_direction import contradicted
from summarizer._support_modality import dropped_condition
from summarizer._support_roles import changed_office, swapped_roles

# (language, evidence, a claim that gives the person another office)
OFFICES = [
    ("en", "Club secretary Ann Lyle said the hall would reopen in May.",
     "Treasurer Ann Lyle said the hall would reopen in May."),
    ("de", "Bauamtsleiter Jens Kroll sagte, die Brücke bleibe gesperrt.",
     "Verkehrsminister Jens Kroll sagte, die Brücke bleibe gesperrt."),
    ("fr", "Selon l'adjointe Anne Roux, le marché restera ouvert.",
     "Selon la maire Anne Roux, le marché restera ouvert."),
    ("es", "El tesorero del club, Luis Vera, presentó las cuentas.",
     "El presidente del club, Luis Vera, presentó las cuentas."),
    ("it", "L'assessore Paolo Neri ha presentato il bilancio.",
     "Il sindaco Paolo Neri ha presentato il bilancio."),
    ("pt", "A vereadora Rita Lopes apresentou o plano.",
     "A ministra Rita Lopes apresentou o plano."),
    ("nl", "Wethouder Sanne Bos opende de nieuwe brug.",
     "Burgemeester Sanne Bos opende de nieuwe brug."),
    ("zh", "副市长王建国表示，新桥将于五月通车。", "市长王建国表示，新桥将于五月通车。"),
    ("ja", "准教授の森田健一氏は結果を発表した。", "教授の森田健一氏は結果を発表した。"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "evidence", "claim"), OFFICES)
def test_another_office_for_the_same_person_is_caught(code: str, evidence: str, claim: str) -> None:
    assert changed_office(claim, evidence, code) is not None
    assert swapped_roles(claim, evidence, code) is not None
    assert changed_office(evidence, evidence, code) is None


def test_an_office_the_evidence_does_not_name_or_a_generic_word_is_no_change() -> None:
    evidence = "Finance director Tom Bell said costs rose."
    assert changed_office("Finance chief Tom Bell said costs rose.", evidence, "en") is None
    assert changed_office("Tom Bell said costs rose.", evidence, "en") is None
    assert changed_office("Director Tom Bell said costs rose.", "Tom Bell said so.", "en") is None
    # an office of someone else in the evidence (not written with the claim's name)
    other = "The mayor thanked the engineers; Tom Bell said costs rose."
    assert changed_office("Treasurer Tom Bell said costs rose.", other, "en") is None
    # a compound with a generic head ("-chef") stands for any office
    de = "Fraktionsvorsitzender Uwe Dahl sprach von einem guten Tag."
    assert changed_office("Fraktionschef Uwe Dahl sprach von einem guten Tag.", de, "de") is None
    # a compound of the same office names it ("Leiter" / "Werksleiter")
    assert (
        changed_office("Leiter Jens Kroll sprach.", "Werksleiter Jens Kroll sprach.", "de") is None
    )


# (language, evidence, a claim with the opposite word)
OPPOSITES = [
    ("de", "Die Mehrheit der Anwohner lehnt den Radweg ab.",
     "Die Mehrheit der Anwohner befürwortet den Radweg."),
    ("de", "Die Eröffnung ist frühestens im Mai geplant.",
     "Die Eröffnung ist spätestens im Mai geplant."),
    ("fr", "Le syndicat a salué la réforme des retraites.",
     "Le syndicat a dénoncé la réforme des retraites."),
    ("es", "La federación celebró el calendario.", "La federación criticó el calendario."),
    ("es", "El club pidió que se acelere la obra.", "El club pidió que se paralice la obra."),
    ("it", "La crepa nel muro si è allargata di tre centimetri.",
     "La crepa nel muro si è ristretta di tre centimetri."),
    ("pt", "O novo imposto encarece os bilhetes de comboio.",
     "O novo imposto torna os bilhetes de comboio mais baratos."),
    ("nl", "Het huurcontract wordt met twee jaar verlengd.", "Het huurcontract wordt opgezegd."),
    ("ja", "新しい制度で生産性が高まる見込みだ。", "新しい制度で生産性が低下する見込みだ。"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "evidence", "claim"), OPPOSITES)
def test_an_opposite_the_files_lacked_is_a_direction_failure(
    code: str, evidence: str, claim: str
) -> None:
    assert contradicted(claim, evidence, code) is not None
    assert contradicted(evidence, evidence, code) is None


def test_a_comparison_turned_round_with_its_word_is_the_same_fact() -> None:
    evidence = "Das Basismodell kostet 80 Euro weniger als das Profimodell."
    turned = "Das Profimodell kostet 80 Euro mehr als das Basismodell."
    assert contradicted(turned, evidence, "de") is None
    assert swapped_roles(turned, evidence, "de") is None
    # one of the two turned: the sides alone, or the word alone
    sides = "Das Profimodell kostet 80 Euro weniger als das Basismodell."
    assert swapped_roles(sides, evidence, "de") is not None
    word = "Das Basismodell kostet 80 Euro mehr als das Profimodell."
    assert contradicted(word, evidence, "de") is not None
    es = "Los tres favoritos terminaron por delante de Lucía Sanz."
    assert contradicted("Lucía Sanz terminó por detrás de los tres favoritos.", es, "es") is None
    assert contradicted("Los tres favoritos terminaron por detrás de Lucía Sanz.", es, "es")
    # read from the evidence's side too: the claim's "Lucía" is not in the evidence
    she = "Terminó por delante de los tres favoritos del torneo."
    assert contradicted("Los tres favoritos quedaron por detrás de Lucía.", she, "es") is None


def test_a_french_condition_written_with_an_elision_is_a_condition() -> None:
    evidence = "Le club pourra jouer à domicile, à condition d’obtenir l’accord de la préfecture."
    claim = "Le club pourra jouer à domicile, quel que soit l'avis de la préfecture."
    assert dropped_condition(claim, evidence, "fr") is not None
