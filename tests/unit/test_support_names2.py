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
    "La Federación de Vecinos de Teruel recurre el plan de tráfico.\n\n"
    "El ayuntamiento aprobó el plan en marzo. "
    "La Federación de Vecinos de Teruel presentó el recurso el lunes ante el juzgado."
)
EN = (
    "Regulators fine a water company over leaks.\n\n"
    "The Office of Water Regulation fined the company £4m on Monday. "
    "The fine is the largest this year."
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
        # stopwords between the words skipped ("Federación [de] Vecinos [de] Teruel")
        (
            ES,
            "La FVT presentó el recurso el lunes ante el juzgado.",
            "La Federación de Vecinos de Teruel presentó el recurso el lunes ante el juzgado.",
        ),
        (
            EN,
            "The OWR fined the company £4m on Monday.",
            "The Office of Water Regulation fined the company £4m on Monday.",
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
            "La FVZ presentó el recurso el lunes ante el juzgado.",
            "La Federación de Vecinos de Teruel presentó el recurso el lunes ante el juzgado.",
        ),
        (
            EN,
            "The OFT fined the company £4m on Monday.",
            "The Office of Water Regulation fined the company £4m on Monday.",
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
