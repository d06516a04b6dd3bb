"""Step 5: support. Judge every grounded claim against its own evidence.

A claim is *supported* when the text its evidence points at states it (``_support.Judge``).
Claims whose evidence does not state them become problems, fed back to the model as a reask
(with the judge's reason) while reasks remain; after that they are kept and flagged, or
dropped (``on_unsupported``), and counted in ``Meta`` either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ._document import Document
from ._schema import Claim, Support
from ._support import Judge, LexicalJudge, Verdict

__all__ = [
    "OnUnsupported",
    "Premise",
    "Settled",
    "Verified",
    "premise_of",
    "settle_claims",
    "verify_claims",
    "with_hard_checks",
]

OnUnsupported = Literal["flag", "drop"]


@dataclass(frozen=True)
class Verified:
    """Claims with their ``support`` filled in, and one problem line per unsupported claim."""

    claims: list[Claim]
    problems: list[str]


# Sentences before the evidence that a reader has in mind when reading it (besides the title).
FRAME_SENTENCES = 2


@dataclass(frozen=True)
class Premise:
    """What a claim is judged against.

    ``evidence``: the sentences its evidence lies in (a clause-sized quote often leaves its
    subject in the same sentence: "..., which was estimated by the UN to be ...").
    ``framed``: the document's first sentence (its title) and the two sentences before the
    evidence, then the evidence sentences: a claim written to stand alone names what the
    evidence takes from its context ("In version 3.4.0, ...", "Kestrel's revenue ...").

    Content words and names are judged on ``framed``; every number, negation and direction
    word of the claim must agree with ``evidence`` itself."""

    evidence: str
    framed: str


def premise_of(claim: Claim, document: Document) -> Premise:
    spans = [(e.start, e.end) for e in claim.evidence]
    sentences = document.sentences
    inside = [
        i
        for i, s in enumerate(sentences)
        if any(s.start < end and start < s.end for start, end in spans)
    ]
    if not inside:
        quoted = " ".join(e.quote for e in claim.evidence)
        return Premise(quoted, quoted)
    evidence = " ".join(sentences[i].text for i in inside)
    first = inside[0]
    frame = [sentences[0].text] if first > FRAME_SENTENCES else []
    frame += [s.text for s in sentences[max(0, first - FRAME_SENTENCES) : first]]
    return Premise(evidence, " ".join([*frame, evidence]))


def verify_claims(claims: Sequence[Claim], judge: Judge | None, document: Document) -> Verified:
    """Judge each claim against its premise (pure computation, batched)."""
    if judge is None:
        return Verified(list(claims), [])
    judged = [i for i, claim in enumerate(claims) if claim.evidence]
    texts = [claims[i].text for i in judged]
    premises = [premise_of(claims[i], document) for i in judged]
    verdicts = with_hard_checks(
        judge.verdicts(texts, [p.framed for p in premises]),
        texts,
        [p.evidence for p in premises],
    )
    by_index = dict(zip(judged, verdicts, strict=True))
    out: list[Claim] = []
    problems: list[str] = []
    for index, claim in enumerate(claims):
        verdict = by_index.get(index)
        if verdict is None:
            support = Support(judge=judge.name, score=0.0, supported=False, reason="no evidence")
        else:
            support = Support(
                judge=judge.name,
                score=round(min(max(verdict.score, 0.0), 1.0), 4),
                supported=verdict.supported,
                reason=verdict.reason,
            )
        if claim.grounded and not support.supported:
            problems.append(
                f"claims[{index}]: its evidence does not state it"
                + (f" ({support.reason})" if support.reason else "")
                + "; cite the words that state the claim, or restate the claim as they say it"
            )
        out.append(claim.model_copy(update={"support": support}))
    return Verified(out, problems)


def with_hard_checks(
    verdicts: list[Verdict], claims: list[str], evidence: list[str]
) -> list[Verdict]:
    """A verdict stands only if the claim's numbers, negation and direction words agree with
    the evidence sentences themselves (the lexical judge's hard checks), not with the frame."""
    if not claims:
        return verdicts
    asked = [k for k, verdict in enumerate(verdicts) if verdict.supported]
    if not asked:
        return verdicts
    # One judgement of the supported pairs (its diagonal), not one per pair.
    failed = _STRICT.judgement([claims[k] for k in asked], [evidence[k] for k in asked]).failed
    out = list(verdicts)
    for row, k in enumerate(asked):
        if failed[row, row]:
            reason = _LEXICAL.verdicts([claims[k]], [evidence[k]])[0].reason
            out[k] = Verdict(score=0.0, supported=False, reason=reason)
    return out


_LEXICAL = LexicalJudge()
_STRICT = LexicalJudge(checks=frozenset({"numbers", "negation", "direction"}))


@dataclass(frozen=True)
class Settled:
    """The claims a result keeps, and the counts ``Meta`` reports."""

    claims: list[Claim]
    ungrounded: int
    unsupported: int
    dropped: int


def settle_claims(
    claims: Sequence[Claim],
    *,
    on_ungrounded: Literal["flag", "drop"],
    on_unsupported: OnUnsupported,
) -> Settled:
    """Apply the flag/drop policies once the reasks are spent."""
    kept: list[Claim] = []
    ungrounded = unsupported = 0
    for claim in claims:
        bad_ground = not claim.grounded
        bad_support = claim.grounded and claim.support is not None and not claim.support.supported
        ungrounded += bad_ground  # counted whether kept (flagged) or dropped
        unsupported += bad_support
        if bad_ground and on_ungrounded == "drop":
            continue
        if bad_support and on_unsupported == "drop":
            continue
        kept.append(claim)
    return Settled(kept, ungrounded, unsupported, len(claims) - len(kept))
