"""Step 4: the draft. The schema the model fills in, and its grounding in the source.

The model answers with a *draft*: claims whose evidence is a list of quotes (``quote`` mode)
or of sentence numbers (``sentence`` mode, for small local models: a grammar can then only
produce numbers of real sentences). ``ground_draft`` locates every piece of evidence in the
source — a pure function of the draft and the document, called by the pipeline after the
structured output has been parsed. Evidence that cannot be located becomes a *problem*, which
the pipeline feeds back to the model as a reask until the reasks are spent; then the claim is
kept and flagged ungrounded, or dropped, as configured, and counted in ``Meta`` either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal

import instructor
from pydantic import BaseModel, Field, create_model

from ._document import Document
from ._grounding import locate_sentence, locate_spans
from ._schema import Claim, ClaimKind, Evidence

__all__ = [
    "CombinedDraft",
    "EvidenceMode",
    "Grounded",
    "MoreClaims",
    "OnUngrounded",
    "SummaryDraft",
    "claim_draft_model",
    "draft_model",
    "ground_draft",
]

EvidenceMode = Literal["quote", "sentence"]
OnUngrounded = Literal["flag", "drop"]


class SummaryDraft(BaseModel):
    """Base of the per-call draft models (the fields every draft has)."""

    title: str
    summary: str
    key_points: list[str]
    claims: list[Any]


@dataclass(frozen=True)
class Grounded:
    """A draft's claims with their evidence located, and what could not be located."""

    claims: list[Claim]
    problems: list[str]  # one line per claim whose evidence is (partly) not in the source


def ground_draft(
    draft: SummaryDraft,
    document: Document,
    *,
    evidence_mode: EvidenceMode,
    fuzzy_threshold: float,
) -> Grounded:
    """Locate every claim's proposed evidence in ``document`` (no I/O, no model)."""
    claims: list[Claim] = []
    problems: list[str] = []
    for index, draft_claim in enumerate(draft.claims):
        evidence, missing = _ground_claim(draft_claim.evidence, document, fuzzy_threshold)
        if missing:
            problems.append(
                f"claims[{index}].evidence: {', '.join(missing)} "
                + (
                    "is not a sentence number of the document"
                    if evidence_mode == "sentence"
                    else "is not found in the document; copy the words exactly"
                )
            )
        claims.append(
            Claim(
                text=draft_claim.text.strip(),
                kind=draft_claim.kind,
                attributed_to=_clean_attribution(draft_claim.attributed_to),
                evidence=evidence,
                grounded=bool(evidence) and not missing,
            )
        )
    return Grounded(claims, problems)


def _ground_claim(
    proposed: list[str] | list[int], document: Document, fuzzy_threshold: float
) -> tuple[list[Evidence], list[str]]:
    located: list[Evidence] = []
    missing: list[str] = []
    for item in proposed:
        if isinstance(item, int):
            sentence = locate_sentence(item, document)
            spans = [sentence] if sentence is not None else []
            label = str(item)
        else:  # a quote with an ellipsis stands for several spans, in order
            spans = locate_spans(item, document, fuzzy_threshold=fuzzy_threshold)
            label = repr(item[:80])
        if not spans:
            missing.append(label)
        located.extend(span for span in spans if span not in located)
    return located, missing


def _clean_attribution(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value.lower() in {"", "null", "none", "n/a", "the article", "the document", "article"}:
        return None
    return value


class CombinedDraft(BaseModel):
    """The final pass over a long document's chunk summaries: no claims (those come from
    the chunks, grounded)."""

    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    key_points: list[str] = Field(min_length=1, max_length=6)


@lru_cache(maxsize=64)
def draft_model(
    evidence_mode: EvidenceMode, sentence_count: int, max_claims: int, min_claims: int = 1
) -> type[SummaryDraft]:
    """The draft model for one call.

    ``sentence`` mode (the small embedded model, grammar-constrained): bounded lists keep it
    from looping, and short field descriptions guide it. ``quote`` mode (capable models): no
    cap on the number of claims — a long, complete answer must never fail validation; the
    cap is guidance in the prompt — and no descriptions: the guidance lives in the templates
    only, so a custom template folder controls all of it.

    Strings carry no ``maxLength``: llama.cpp compiles one into a grammar rule per character
    and refuses the grammar ("exceeds sane defaults"); ``max_tokens`` bounds them instead.
    """
    claim_model = claim_draft_model(evidence_mode, sentence_count)
    bounded = evidence_mode == "sentence"
    model: type[SummaryDraft] = create_model(  # the class instructor would build per call,
        # built once here: instructor caches nothing for a class it wraps anew each time
        "StructuredSummary",
        __base__=SummaryDraft,
        title=(str, Field(min_length=1)),
        summary=(str, Field(min_length=1)),
        key_points=(list[str], Field(min_length=1, max_length=6)),
        claims=(
            list[claim_model],  # type: ignore[valid-type]
            Field(min_length=max(1, min(min_claims, max_claims)), max_length=max_claims)
            if bounded
            else Field(min_length=1),
        ),
    )
    wrapped: type[SummaryDraft] = instructor.openai_schema(model)
    return wrapped


@lru_cache(maxsize=64)
def claim_draft_model(evidence_mode: EvidenceMode, sentence_count: int) -> type[BaseModel]:
    """One claim as the model writes it."""
    if evidence_mode == "sentence":
        # An enum of numbers, not minimum/maximum: llama-cpp-python's grammar converter ignores
        # integer bounds, and an enum of the sentences' *text* crashes it (quote characters).
        item: Any = Literal.__getitem__(tuple(range(1, max(sentence_count, 1) + 1)))
        return create_model(
            "ClaimDraft",
            text=(str, Field(min_length=1, description="one fact, one sentence")),
            kind=(ClaimKind, Field(description="fact, statistic, quote, opinion or prediction")),
            attributed_to=(
                str | None,
                Field(description="who the document says asserts it, or null"),
            ),
            evidence=(
                list[item],
                Field(
                    min_length=1,
                    max_length=3,
                    description="numbers of the sentences that support the claim",
                ),
            ),
        )
    return create_model(
        "ClaimDraft",
        text=(str, Field(min_length=1)),
        kind=(ClaimKind, ...),
        attributed_to=(str | None, None),
        evidence=(list[Annotated[str, Field(min_length=1)]], Field(min_length=1, max_length=3)),
    )


class MoreClaims(BaseModel):
    """A continuation: the claims after the last one an answer that was cut off held."""

    claims: list[Any]
