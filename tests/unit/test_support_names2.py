"""Names, both sides (round 3): correct claims the name check flagged, and a name of the
document put in another's place that it let through.

Own sentences, not the probes'.
"""

from __future__ import annotations

import pytest

from tests.support.judging import judged

PT = (
    "Hospital de Braga passa a usar aprendizagem automática na triagem.\n\n"
    "A administração aprovou ontem o novo sistema, depois de seis meses de testes. "
    "Os médicos continuam a decidir cada caso."
)
ES = (
    "El Ayuntamiento sube el impuesto de bienes inmuebles.\n\n"
    "El pleno aprobó el martes la subida. "
    "El impuesto de bienes inmuebles subirá un 3 por ciento el próximo año."
)
EN = (
    "Council releases emails after a freedom of information request.\n\n"
    "The Harbury Gazette asked for the emails in May. "
    "The council released them under freedom of information rules on Monday."
)


@pytest.mark.parametrize(
    ("text", "claim", "quote"),
    [
        # lower-case words the acronym shortens ("aprendizagem automática")
        (
            PT,
            "O sistema de AA foi aprovado ontem, depois de seis meses de testes.",
            "A administração aprovou ontem o novo sistema, depois de seis meses de testes.",
        ),
        # stopwords between the words skipped ("impuesto [de] bienes inmuebles")
        (
            ES,
            "El IBI subirá un 3 por ciento el próximo año.",
            "El impuesto de bienes inmuebles subirá un 3 por ciento el próximo año.",
        ),
        (
            EN,
            "The council released them under FOI rules on Monday.",
            "The council released them under freedom of information rules on Monday.",
        ),
    ],
)
def test_an_acronym_the_premise_spells_out_is_its_name(text: str, claim: str, quote: str) -> None:
    assert judged(text, claim, quote) == (True, None)


@pytest.mark.parametrize(
    ("text", "claim", "quote"),
    [
        # initials of no stretch of the premise's words
        (
            ES,
            "El IRPF subirá un 3 por ciento el próximo año.",
            "El impuesto de bienes inmuebles subirá un 3 por ciento el próximo año.",
        ),
        (
            EN,
            "The council released them under FOE rules on Monday.",
            "The council released them under freedom of information rules on Monday.",
        ),
        # a text all in lower case hides its names: no acronym is read from it
        (
            EN.lower(),
            "the council released them under FOI rules on monday.",
            "the council released them under freedom of information rules on monday.",
        ),
    ],
)
def test_an_acronym_the_premise_does_not_spell_is_a_name_it_lacks(
    text: str, claim: str, quote: str
) -> None:
    assert judged(text, claim, quote) == (False, "name")


ZH = (
    "CBA：山东主场击败浙江\n\n昨晚，山东在主场以102比95击败浙江。"
    "上半场山东一度领先十二分，浙江在第三节追平比分。"
)


def test_a_team_named_by_its_place_is_that_place() -> None:
    # "山东队" (the Shandong team) where the evidence writes "山东"
    assert judged(ZH, "上半场山东队一度领先十二分。", "上半场山东一度领先十二分") == (True, None)


def test_a_team_of_a_place_the_evidence_does_not_name_is_a_name_it_lacks() -> None:
    assert judged(ZH, "上半场广东队一度领先十二分。", "上半场山东一度领先十二分") == (False, "name")


IT = (
    "Sciopero dei trasporti a Torino\n\n"
    "I lavoratori della società di trasporti Linea Subalpina hanno incrociato le braccia "
    "venerdì. Il sindacato Unione Autisti ha chiesto un aumento di stipendio. "
    "Il prefetto ha convocato le parti per lunedì. "
    "L’azienda, che impiega 900 persone, ha definito lo sciopero ingiustificato."
)
EVIDENCE_IT = "L’azienda, che impiega 900 persone, ha definito lo sciopero ingiustificato."


def test_a_description_stands_for_the_name_a_noun_of_its_kind_introduced() -> None:
    # "l'azienda" for the "società ... Linea Subalpina": a claim that writes the name restates
    assert judged(IT, "Linea Subalpina impiega 900 persone.", EVIDENCE_IT) == (True, None)


def test_another_name_of_the_document_put_for_the_description_is_a_name_failure() -> None:
    # the union is named in the document, but "l'azienda" is the company
    claim = "Unione Autisti ha definito lo sciopero ingiustificato."
    assert judged(IT, claim, EVIDENCE_IT) == (False, "name")
    # the company itself passes
    right = "Linea Subalpina ha definito lo sciopero ingiustificato."
    assert judged(IT, right, EVIDENCE_IT) == (True, None)


ES_MATCH = (
    "El Zaragoza empata en Huesca\n\n"
    "El partido terminó 1-1. En la primera parte, el delantero Pablo Ruiz marcó a los 20 minutos "
    "y el defensa Luis Mora empató ya en el descuento."
)


def test_a_name_of_the_evidence_put_at_the_claims_start_in_anothers_slot_is_a_swap() -> None:
    quote = "el delantero Pablo Ruiz marcó a los 20 minutos"
    # Luis Mora is in the evidence, but as the subject of another verb
    assert judged(ES_MATCH, "Luis Mora marcó a los 20 minutos.", quote) == (False, "name")
    assert judged(ES_MATCH, "Pablo Ruiz marcó a los 20 minutos.", quote) == (True, None)


def test_cento_alone_is_a_number() -> None:
    # Italian "cento" (a hundred) written alone, as Spanish "cien" already was
    text = "Nuovo stabilimento a Brescia\n\nLo stabilimento darà lavoro a 140 persone dal 2027."
    quote = "Lo stabilimento darà lavoro a 140 persone dal 2027."
    claim = "Lo stabilimento darà lavoro a meno di cento persone dal 2027."
    assert judged(text, claim, quote) == (False, "number")
