"""Step 3b: the schema the model fills in, and its validation against the source.

The model answers with a *draft*: claims whose evidence is a list of quotes (``quote`` mode)
or of sentence numbers (``sentence`` mode, for small local models: a grammar can then only
produce numbers of real sentences). Validating a draft grounds every piece of evidence in the
source. Evidence that cannot be located is a validation error, which instructor feeds back to
the model as a reask — until the reasks are spent; on the last attempt the claim is kept and
flagged ungrounded, or dropped, as configured, and counted in ``Meta`` either way.

The source reaches the validator through a context variable set for the duration of one call
(or pydantic's validation context, when validating by hand), never through instructor's
``context=``, which would re-render every message as a Jinja template.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, Literal

import instructor
from pydantic import BaseModel, Field, ValidationInfo, create_model, model_validator

from ._document import Document
from ._grounding import locate, locate_sentence
from ._schema import Claim, ClaimKind, Evidence, Usage

__all__ = [
    "CombinedDraft",
    "EvidenceMode",
    "GroundingSession",
    "OnUngrounded",
    "SummaryDraft",
    "current_session",
    "draft_model",
]

EvidenceMode = Literal["quote", "sentence"]
OnUngrounded = Literal["flag", "drop"]


@dataclass
class GroundingSession:
    """Everything one ``summarize`` call accumulates across its attempts."""

    document: Document
    evidence_mode: EvidenceMode
    max_reasks: int
    on_ungrounded: OnUngrounded = "flag"
    fuzzy_threshold: float = 90.0
    attempts: int = 0
    transport_retries: int = 0
    usage: Usage = field(default_factory=Usage)
    claims: list[Claim] = field(default_factory=list)
    ungrounded: int = 0
    dropped: int = 0

    @property
    def last_attempt(self) -> bool:
        return self.attempts > self.max_reasks


current_session: ContextVar[GroundingSession | None] = ContextVar(
    "summarizer_grounding_session", default=None
)


class SummaryDraft(BaseModel):
    """Base of the per-call draft models; grounds the claims when validated."""

    title: str
    summary: str
    key_points: list[str]
    claims: list[Any]

    @model_validator(mode="after")
    def _ground(self, info: ValidationInfo) -> SummaryDraft:
        context = info.context if isinstance(info.context, dict) else {}
        session = context.get("session") or current_session.get()
        if not isinstance(session, GroundingSession):
            return self  # validated outside a summarize call: nothing to ground against
        claims: list[Claim] = []
        problems: list[str] = []
        for index, draft in enumerate(self.claims):
            evidence, missing = _ground_claim(draft.evidence, session)
            if missing:
                problems.append(
                    f"claims[{index}].evidence: {', '.join(missing)} "
                    + (
                        "is not a sentence number of the document"
                        if session.evidence_mode == "sentence"
                        else "is not found in the document; copy the words exactly"
                    )
                )
            claims.append(
                Claim(
                    text=draft.text.strip(),
                    kind=draft.kind,
                    attributed_to=_clean_attribution(draft.attributed_to),
                    evidence=evidence,
                    grounded=bool(evidence) and not missing,
                )
            )
        if problems and not session.last_attempt:
            raise ValueError("evidence must come from the document. " + "; ".join(problems))
        kept = [c for c in claims if c.grounded or session.on_ungrounded == "flag"]
        session.ungrounded = sum(1 for c in claims if not c.grounded)
        session.dropped = len(claims) - len(kept)
        session.claims = kept
        return self


def _ground_claim(
    proposed: list[str] | list[int], session: GroundingSession
) -> tuple[list[Evidence], list[str]]:
    located: list[Evidence] = []
    missing: list[str] = []
    for item in proposed:
        if isinstance(item, int):
            evidence = locate_sentence(item, session.document)
            label = str(item)
        else:
            evidence = locate(item, session.document, fuzzy_threshold=session.fuzzy_threshold)
            label = repr(item[:80])
        if evidence is None:
            missing.append(label)
        elif evidence not in located:
            located.append(evidence)
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
    """The draft model for one call: bounded lists keep small models from looping.

    Strings carry no ``maxLength``: llama.cpp compiles one into a grammar rule per character
    and refuses the grammar ("exceeds sane defaults"); ``max_tokens`` bounds them instead.
    """
    if evidence_mode == "sentence":
        # An enum of numbers, not minimum/maximum: llama-cpp-python's grammar converter ignores
        # integer bounds, and an enum of the sentences' *text* crashes it (quote characters).
        item: Any = Literal.__getitem__(tuple(range(1, max(sentence_count, 1) + 1)))
        evidence_help = "numbers of the sentences that support the claim"
    else:
        item = Annotated[str, Field(min_length=1)]
        evidence_help = "exact quotes from the document that support the claim"
    claim_model = create_model(
        "ClaimDraft",
        text=(str, Field(min_length=1, description="one fact, one sentence")),
        kind=(ClaimKind, Field(description="fact, statistic, quote, opinion or prediction")),
        attributed_to=(
            str | None,
            Field(description="who the document says asserts it, or null"),
        ),
        evidence=(list[item], Field(min_length=1, max_length=3, description=evidence_help)),
    )
    model: type[SummaryDraft] = create_model(  # the class instructor would build per call,
        # built once here: instructor caches nothing for a class it wraps anew each time
        "StructuredSummary",
        __base__=SummaryDraft,
        title=(str, Field(min_length=1)),
        summary=(str, Field(min_length=1)),
        key_points=(list[str], Field(min_length=1, max_length=6)),
        claims=(
            list[claim_model],  # type: ignore[valid-type]
            Field(min_length=max(1, min(min_claims, max_claims)), max_length=max_claims),
        ),
    )
    wrapped: type[SummaryDraft] = instructor.openai_schema(model)
    return wrapped
