"""Step 5 with the configured model as the support judge (``verify="llm"``).

One extra call per document (per chunk of a long one): every grounded claim with the sentences
of its evidence (framed as ``_verify.premise_of`` frames them), and an instructor-typed verdict
per claim, exactly one each, in order. The lexical judge's hard checks still apply on top, in
the document's language (given, or detected): a claim whose numbers, negation or direction
words disagree with its evidence sentences is not supported, whatever the model says. In a
language with no word lists there are no hard checks: the model's verdict stands alone, and a
supported claim's reason says so. The call is cached like any other, and its tokens and
cost are counted in ``meta`` (``meta.judge_calls``). Claims are judged once the draft is final:
there is no reask for a claim the model judges unsupported (it is flagged, or dropped).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import instructor
from pydantic import BaseModel, Field, create_model

from ._call import CallStats, Exchange, ask
from ._context import RunContext
from ._document import Document
from ._schema import Claim, Support
from ._verdict import HARD_CHECKS, Verdict
from ._verify import document_language, premise_of
from ._verify_checks import with_hard_checks

__all__ = ["LLM_JUDGE", "VerdictsDraft", "judge_with_model", "model_verdicts", "verdicts_model"]

LLM_JUDGE = "llm"


class VerdictsDraft(BaseModel):
    """The judge's answer: one verdict per claim, in order."""

    verdicts: list[Any]


@lru_cache(maxsize=64)
def verdicts_model(count: int) -> type[VerdictsDraft]:
    verdict = create_model(
        "Verdict", supported=(bool, ...), reason=(str | None, Field(default=None))
    )
    model: type[VerdictsDraft] = create_model(
        "ClaimVerdicts",
        __base__=VerdictsDraft,
        verdicts=(list[verdict], Field(min_length=count, max_length=count)),  # type: ignore[valid-type]
    )
    wrapped: type[VerdictsDraft] = instructor.openai_schema(model)
    return wrapped


def model_verdicts(
    context: RunContext, claims: Sequence[str], premises: Sequence[str]
) -> Exchange[tuple[list[Verdict], CallStats]]:
    """One call: the model's verdict on each claim against its premise, in order (no hard
    checks yet), and what the call cost. Cached like any other call."""
    items = [
        {"claim": claim, "evidence": premise}
        for claim, premise in zip(claims, premises, strict=True)
    ]
    prompt = context.templates.render_verify(items)

    def accept(draft: VerdictsDraft) -> tuple[None, list[str]]:
        return None, []

    answer, _, stats = yield from ask(
        context, prompt.messages(), verdicts_model(len(items)), accept
    )
    verdicts = [
        Verdict(score=1.0 if v.supported else 0.0, supported=v.supported, reason=v.reason)
        for v in answer.verdicts
    ]
    stats.judge_calls = stats.attempts
    return verdicts, stats


def judge_with_model(
    context: RunContext, document: Document, claims: Sequence[Claim]
) -> Exchange[tuple[list[Claim], CallStats]]:
    """Claims with ``support`` from the model's verdicts, and what the call cost."""
    judged = [i for i, claim in enumerate(claims) if claim.grounded and claim.evidence]
    if not judged:
        return list(claims), CallStats()
    premises = [premise_of(claims[i], document) for i in judged]
    texts = [claims[i].text for i in judged]
    asked, stats = yield from model_verdicts(context, texts, [p.framed for p in premises])
    lang = document_language(document.text, context.settings.language)
    code = lang.code if lang.supported else None
    verdicts = with_hard_checks(
        asked,
        texts,
        [p.evidence for p in premises],
        language=code,
        context=[p.context for p in premises],
    )
    unchecked = None if code else f"no hard checks: language {lang.code!r} has no word lists"
    out = list(claims)
    for i, verdict in zip(judged, verdicts, strict=True):
        out[i] = claims[i].model_copy(update={"support": _support(verdict, unchecked)})
    return out, stats


def _support(verdict: Verdict, unchecked: str | None) -> Support:
    """The model's verdict, or the hard check that overruled it, as a claim's ``support``."""
    if verdict.supported:
        return Support(judge=LLM_JUDGE, score=verdict.score, supported=True, reason=unchecked)
    hard = verdict.check in HARD_CHECKS
    return Support(
        judge=LLM_JUDGE,
        score=verdict.score,
        supported=False,
        reason=verdict.reason or "the model judged it unsupported",
        verdict="contradicts" if hard else "not_stated",
        check=verdict.check if hard else "model",
    )
