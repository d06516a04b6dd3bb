"""One input, one report: a verdict's reason does not depend on Python's string hashing.

Sets of strings iterate in an order that changes with ``PYTHONHASHSEED``; a reason built by
taking the first member of such a set named a different word on every run ("the evidence says
"stabil"" on one, ""sank"" on the next), so two runs of the same eval disagreed in their reports.
Each case runs in fresh interpreters under several hash seeds and must print one reason."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_SEEDS = ("0", "1", "2", "3", "4", "5")

_PAIR = """
from summarizer._support_pairs import opposite_direction
print(opposite_direction({claim!r}, {evidence!r}, {code!r}))
"""

_VERIFY = """
from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence
from summarizer._support import DEFAULT_JUDGE
from summarizer._verify import verify_claims

text = {text!r}
quote = {quote!r}
start = text.index(quote)
evidence = [Evidence(quote=quote, start=start, end=start + len(quote),
                     alignment=Alignment.EXACT, score=1.0)]
claims = [Claim(text=t, kind=ClaimKind.FACT, evidence=evidence) for t in {claims!r}]
for claim in verify_claims(claims, get_judge(DEFAULT_JUDGE), Document(text)).claims:
    print(claim.support.check, claim.support.reason)
"""


def _outputs(script: str) -> set[str]:
    seen = set()
    for seed in _SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        seen.add(done.stdout)
    return seen


def test_direction_reason_names_the_evidence_word_it_reads_first() -> None:
    # "stiegen" has two opposites here ("sanken", "stabil"): the reason names the one the
    # evidence writes first, on every run
    script = _PAIR.format(
        claim="Die Mieten stiegen im Mai.",
        evidence="Die Mieten sanken im Mai, die Löhne blieben stabil.",
        code="de",
    )
    assert _outputs(script) == {"('stiegen', 'sanken')\n"}


@pytest.mark.parametrize(
    ("text", "quote", "claims"),
    [
        (
            "Teatro Comunale: bilancio in attivo\n\nIl teatro ha presentato i conti. Il bilancio"
            " 2025 si è chiuso per la prima volta in attivo, con un utile di 210 mila euro. La"
            " stagione riprende a ottobre.",
            "Il bilancio 2025 si è chiuso per la prima volta in attivo, con un utile di 210 mila"
            " euro",
            [
                "Il bilancio 2025 si è chiuso in passivo, con una perdita di 210 mila euro.",
                "La stagione riprende con opere già viste nelle stagioni passate.",
            ],
        ),
    ],
)
def test_verify_claims_reasons_are_the_same_on_every_run(
    text: str, quote: str, claims: list[str]
) -> None:
    outputs = _outputs(_VERIFY.format(text=text, quote=quote, claims=claims))
    assert len(outputs) == 1, outputs
    assert "direction differs" in next(iter(outputs))


def test_a_cjk_phrase_splits_at_its_longest_cue_on_every_run() -> None:
    # "没有超过" begins with two cues ("没", "没有"): the phrase is read as 没有 + 超过 every time
    script = (
        "from summarizer._support_negation_phrases import _cjk_words\n"
        "from summarizer.text._language import language\n"
        "print(_cjk_words('没有超过', language('zh')), _cjk_words('不再超过', language('zh')))\n"
    )
    assert _outputs(script) == {"['没有', '超过'] ['不再', '超过']\n"}
