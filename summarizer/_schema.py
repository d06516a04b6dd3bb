"""The result types: what a caller gets back (``Summary``) and what the model fills in (drafts).

The model never supplies offsets. It proposes evidence — a quote, or a sentence number for
small local models — and ``_grounding`` locates it in the source, so that for every
``Evidence`` in a ``Summary``: ``source[evidence.start:evidence.end] == evidence.quote``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Alignment",
    "Claim",
    "ClaimKind",
    "Evidence",
    "Meta",
    "Summary",
    "Support",
    "TemplateInfo",
    "Usage",
]


class ClaimKind(StrEnum):
    """What sort of statement a claim is."""

    FACT = "fact"
    STATISTIC = "statistic"
    QUOTE = "quote"
    OPINION = "opinion"
    PREDICTION = "prediction"


class Alignment(StrEnum):
    """How a piece of evidence was located in the source."""

    EXACT = "exact"  # the quote occurs verbatim
    NORMALIZED = "normalized"  # equal after folding whitespace, quote marks and dashes
    FUZZY = "fuzzy"  # best approximate match above the threshold
    SENTENCE = "sentence"  # the model named a sentence by number


class Evidence(BaseModel):
    """A span of the source text: ``source[start:end] == quote``, always."""

    model_config = ConfigDict(frozen=True)

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    alignment: Alignment
    score: float = Field(ge=0.0, le=1.0, description="1.0 for exact matches")


class Support(BaseModel):
    """Whether a claim's own evidence states it, as one judge sees it."""

    model_config = ConfigDict(frozen=True)

    judge: str = Field(description="the judge that decided: lexical, llm, or a plugin judge's name")
    score: float = Field(ge=0.0, le=1.0)
    supported: bool | None = Field(description="None: not judged (e.g. an unsupported language)")
    reason: str | None = Field(default=None, description="what the evidence lacks, if anything")
    verdict: Literal["supported", "contradicts", "not_stated", "not_judged"] = Field(
        default="supported",
        description="contradicts: a hard check failed; not_stated: the evidence lacks words",
    )
    check: str | None = Field(
        default=None,
        description="what decided a verdict other than supported: number, negation, "
        "direction, name, coverage, model, language, evidence",
    )


class Claim(BaseModel):
    """One atomic, self-contained statement the document makes."""

    text: str
    kind: ClaimKind
    attributed_to: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    grounded: bool = Field(
        default=True, description="False when no evidence could be located in the source"
    )
    support: Support | None = Field(
        default=None, description="does the evidence state the claim? None when not verified"
    )


class Usage(BaseModel):
    """Tokens spent, summed over every attempt (retries and reasks included)."""

    prompt_tokens: int = 0
    completion_tokens: int = Field(default=0, description="reasoning tokens included")
    total_tokens: int = 0
    reasoning_tokens: int = Field(
        default=0, description="hidden reasoning tokens (reasoning models), part of completion"
    )

    def add(self, prompt: int, completion: int, reasoning: int = 0) -> None:
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.total_tokens += prompt + completion
        self.reasoning_tokens += reasoning


class TemplateInfo(BaseModel):
    name: str
    sha256: str


class Meta(BaseModel):
    """How the summary was made."""

    model: str
    backend: str
    mode: str = Field(description="the instructor mode used to ask the model")
    evidence_mode: str = Field(description="'quote' or 'sentence'")
    strategy: str = Field(
        default="write", description="'write' (the model writes claims) or 'extract' (it labels)"
    )
    template: TemplateInfo
    usage: Usage = Field(default_factory=Usage)
    attempts: int = Field(default=0, description="model calls (instructor attempts) made")
    reasks: int = Field(
        default=0, description="attempts after the first, caused by validation errors"
    )
    continuations: int = Field(
        default=0, description="extra calls that asked for the rest of an answer cut off"
    )
    judge_calls: int = Field(default=0, description="calls to the model as the support judge")
    transport_retries: int = Field(
        default=0, description="HTTP calls retried after a transient error"
    )
    latency_s: float = 0.0
    ungrounded_claims: int = 0
    unsupported_claims: int = Field(
        default=0, description="claims kept although their evidence does not state them"
    )
    dropped_claims: int = Field(
        default=0, description="claims dropped as ungrounded or unsupported (on_*='drop')"
    )
    judge: str | None = Field(default=None, description="the support judge; None: not verified")
    language: str | None = Field(default=None, description="the document's language (ISO 639-1)")
    language_source: str | None = Field(default=None, description="'given' or 'detected'")
    contradicted_claims: int = Field(
        default=0, description="unsupported claims whose evidence contradicts them (hard check)"
    )
    not_stated_claims: int = Field(
        default=0, description="unsupported claims whose evidence does not state them"
    )
    not_judged_claims: int = Field(
        default=0, description="claims the judge could not judge (the language is not supported)"
    )
    source_sha256: str = ""
    cost_usd: float | None = Field(
        default=None,
        description="estimated from usage and the price table; None for unknown models",
    )
    chunks: int = Field(default=1, description="parts a long document was summarized in")
    failed_chunks: int = Field(
        default=0, description="chunks left out because the model never answered them validly"
    )
    cached: bool = Field(default=False, description="served from the response cache: no model call")


class Summary(BaseModel):
    """A structured summary of one document."""

    title: str
    summary: str
    key_points: list[str]
    claims: list[Claim]
    meta: Meta
