"""A negated bound restated as a bound is the same fact ("nicht vor" / "frühestens", "niet
vóór" / "op zijn vroegst", "non oltre il" / "entro il"), and dropping the negation is still
caught. Our own sentences, not the probes'."""

from __future__ import annotations

import pytest

from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence
from summarizer._support import DEFAULT_JUDGE
from summarizer._support_lexical import analyse
from summarizer._verify import verify_claims


def _verdict(claim: str, premise: str, code: str) -> tuple[bool, str | None]:
    """The product path's verdict on ``claim`` with ``premise`` as its whole document."""
    ev = Evidence(quote=premise, start=0, end=len(premise), alignment=Alignment.EXACT, score=1.0)
    claims = [Claim(text=claim, kind=ClaimKind.FACT, evidence=[ev])]
    out = verify_claims(claims, get_judge(DEFAULT_JUDGE), Document(premise)).claims[0]
    return out.support.supported is True, out.support.check


@pytest.mark.parametrize(
    ("code", "claim", "premise"),
    [
        (
            "de",
            "Die Brücke wird frühestens 2031 eröffnet.",
            "Die Brücke wird nicht vor 2031 eröffnet.",
        ),
        (
            "de",
            "Die Brücke wird nicht vor 2031 eröffnet.",
            "Die Brücke wird frühestens 2031 eröffnet.",
        ),
        ("nl", "De brug opent op zijn vroegst in 2031.", "De brug opent niet vóór 2031."),
        ("it", "Il ponte aprirà non oltre il 2031.", "Il ponte aprirà entro il 2031."),
        ("ja", "15歳に満たない生徒は参加できる。", "15歳未満の生徒は参加できる。"),
    ],
)
def test_a_negated_bound_restated_as_a_bound_is_no_negation_difference(
    code: str, claim: str, premise: str
) -> None:
    _, check = _verdict(claim, premise, code)
    assert check != "negation"


@pytest.mark.parametrize(
    ("code", "claim", "premise"),
    [
        ("de", "Die Brücke wird vor 2031 eröffnet.", "Die Brücke wird frühestens 2031 eröffnet."),
        ("de", "Die Brücke wird frühestens 2031 eröffnet.", "Die Brücke wird vor 2031 eröffnet."),
        ("nl", "De brug opent vóór 2031.", "De brug opent op zijn vroegst in 2031."),
        ("it", "Il ponte aprirà oltre il 2031.", "Il ponte aprirà non oltre il 2031."),
        ("ja", "15歳以上の生徒は参加できる。", "15歳に満たない生徒は参加できる。"),
    ],
)
def test_a_dropped_negation_of_a_bound_is_still_caught(code: str, claim: str, premise: str) -> None:
    supported, _ = _verdict(claim, premise, code)
    assert not supported


def test_a_bound_with_a_cue_reads_its_number_after_an_article() -> None:
    assert analyse("Il ponte aprirà non oltre il 2031.", "it").negated == frozenset()
    assert analyse("Il ponte non aprirà il 2031.", "it").negated != frozenset()


def test_the_verb_of_a_negated_bound_keeps_its_cue() -> None:
    assert analyse("15歳に満たない生徒", "ja").negated == analyse("15歳未満の生徒", "ja").negated
    assert analyse("この部品は規格に満たない。", "ja").negated != frozenset()
