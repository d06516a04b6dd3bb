"""Classes of wrong claims the blind probe c found (issues 20, 21), closed as classes with
sentences of their own (not the probe's): opposites of news and reports in every language
file, bounds turned round, modality and conditions dropped, roles swapped."""

from __future__ import annotations

import pytest

from tests.support.judging import judged

# (language, evidence sentence, a claim with an opposite word, the claim restated)
OPPOSITES = [
    (
        "en",
        "The storm caused major damage to the harbour.",
        "The storm caused minor damage to the harbour.",
        "The storm caused major damage to the harbour.",
    ),
    (
        "en",
        "Three passengers were injured in the crash.",
        "Three passengers were unhurt in the crash.",
        "In the crash, three passengers were injured.",
    ),
    (
        "de",
        "Der Schaden an den Deichen ist gering.",
        "Der Schaden an den Deichen ist groß.",
        "Der Schaden an den Deichen ist gering.",
    ),
    (
        "fr",
        "Le déficit de la ville a atteint trois millions d'euros.",
        "L'excédent de la ville a atteint trois millions d'euros.",
        "Le déficit de la ville a atteint trois millions d'euros.",
    ),
    (
        "es",
        "El conductor resultó herido en el accidente.",
        "El conductor resultó ileso en el accidente.",
        "En el accidente, el conductor resultó herido.",
    ),
    (
        "it",
        "Il ciclista è rimasto ferito in modo lieve.",
        "Il ciclista è rimasto ferito in modo grave.",
        "Il ciclista è rimasto ferito in modo lieve.",
    ),
    (
        "pt",
        "As chuvas prejudicaram a colheita de café.",
        "As chuvas impulsionaram a colheita de café.",
        "A colheita de café foi prejudicada pelas chuvas.",
    ),
    (
        "pt",
        "As vendas tiveram alta de 9% no trimestre.",
        "As vendas caíram 9% no trimestre.",
        "No trimestre, as vendas tiveram alta de 9%.",
    ),
    (
        "nl",
        "Een fietser raakte lichtgewond bij het ongeluk.",
        "Een fietser raakte zwaargewond bij het ongeluk.",
        "Bij het ongeluk raakte een fietser lichtgewond.",
    ),
    (
        "nl",
        "De schade aan de haven is beperkt.",
        "De schade aan de haven is groot.",
        "De schade aan de haven is beperkt.",
    ),
    ("zh", "该市今年的财政出现赤字。", "该市今年的财政出现盈余。", "该市今年的财政出现赤字。"),
    ("ja", "市の財政は赤字になった。", "市の財政は黒字になった。", "市の財政は赤字になった。"),
]


@pytest.mark.parametrize(("code", "evidence", "wrong", "kept"), OPPOSITES)
def test_an_opposite_of_news_and_reports_is_a_direction(
    code: str, evidence: str, wrong: str, kept: str
) -> None:
    text = f"Titel\n{evidence}\n"
    assert judged(text, kept, evidence)[0] is True, kept
    assert judged(text, wrong, evidence) == (False, "direction"), (code, wrong)
