"""The model as a measured judge: ``meta-eval --judge llm`` (``verify="llm"`` against people).

For each labelled text (``_metaeval.load_texts``) one call asks the model, through the
product's own verify prompt and schema (``_llm_judge.model_verdicts``), whether the text states
each of its units; the evidence is the whole text. As ``verify="llm"`` does for a claim and its
evidence sentences, a unit the model finds stated must also pass the lexical hard checks
(numbers, negation, direction) — here against one sentence of the text or the whole text, the
candidates every judge's presence is taken over. Presence is then 1 or 0 (threshold 0.5) and
the figures are every judge's (``_metaeval.agreement``): accuracy, kappa, summary and system
tau.

Before the first call, ``estimate`` counts the calls still to make — an answer already in the
response cache costs nothing, so a stopped run resumes where it stopped —, their prompt tokens
(the rendered messages, four characters a token), completion tokens (``_VERDICT_TOKENS`` a
verdict) and cost (the price table; ``None`` for a model without a price). ``max_cost`` stops
starting calls once the cost spent reaches it; calls in flight finish and are cached.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .._call import cache_key
from .._context import RunContext
from .._errors import BudgetExceededError, ConfigurationError
from .._llm_judge import LLM_JUDGE, model_verdicts
from .._protocols import SummarizerLike
from .._schema import Usage
from .._verdict import Verdict
from .._verify_checks import with_hard_checks
from ._metaeval import LabelledText, MetaEvalResult, agreement, load_texts, split_summary

__all__ = ["LLM_THRESHOLD", "JudgeCalls", "estimate", "meta_evaluate_llm"]

# The model's verdicts are 0 or 1: present is 1.
LLM_THRESHOLD: Final = 0.5
# Completion tokens of one verdict ({"supported": false, "reason": "a few words"}), and of
# the answer's frame, for the estimate.
_VERDICT_TOKENS: Final = 16
_ANSWER_TOKENS: Final = 8


@dataclass(frozen=True)
class JudgeCalls:
    """The calls a run makes (estimated before it) or made (counted after it)."""

    calls: int  # model calls (not answered from the cache)
    cached: int  # texts answered from the response cache
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None  # None: no price known for the model

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "cached_calls": self.cached,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": self.cost_usd,
        }


@dataclass
class _Tally:
    """What the calls so far spent (shared by the worker threads, under ``lock``)."""

    calls: int = 0
    cached: int = 0
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0
    priced: bool = True
    skipped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _candidates(text: LabelledText, whole: bool) -> list[str]:
    sentences = split_summary(text.text)
    if whole and len(sentences) > 1:
        sentences.append(" ".join(sentences))
    return sentences


def _asked(text: LabelledText) -> bool:
    """Whether a text needs a call: it has units and something to find them in."""
    return bool(text.units) and bool(text.text.strip())


def _evidence(text: LabelledText) -> list[str]:
    """What the model reads for each unit: the whole text."""
    return [text.text.strip()] * len(text.units)


def _first_body(context: RunContext, text: LabelledText) -> dict[str, Any]:
    exchange = model_verdicts(replace(context, cache=None), text.units, _evidence(text))
    body = next(exchange)
    exchange.close()
    return body


def _tokens(body: dict[str, Any]) -> int:
    characters = sum(len(str(m.get("content") or "")) for m in body.get("messages", []))
    characters += len(str(body.get("tools") or body.get("response_format") or ""))
    return math.ceil(characters / 4)


def _context(summarizer: SummarizerLike) -> RunContext:
    model = summarizer.settings.model or summarizer.model_name()
    return summarizer.context(model)


def estimate(summarizer: SummarizerLike, texts: Sequence[LabelledText]) -> JudgeCalls:
    """The calls ``meta_evaluate_llm`` will make for ``texts``, their tokens and cost (no
    model call: the requests are rendered, and looked up in the response cache)."""
    context = _context(summarizer)
    calls = cached = prompt = completion = 0
    for text in texts:
        if not _asked(text):
            continue
        body = _first_body(context, text)
        if context.cache is not None and context.cache.get_answer(cache_key(context, body)):
            cached += 1
            continue
        calls += 1
        prompt += _tokens(body)
        completion += _ANSWER_TOKENS + _VERDICT_TOKENS * len(text.units)
    usage = Usage()
    usage.add(prompt, completion, 0)
    cost = context.prices.cost(context.model, usage, backend=summarizer.settings.backend)
    return JudgeCalls(calls, cached, prompt, completion, cost)


def _present(text: LabelledText, verdicts: list[Verdict], whole: bool) -> npt.NDArray[np.float64]:
    """1.0 for each unit the model found stated that also passes the hard checks against one
    candidate (a sentence of the text, or the whole text), else 0.0."""
    candidates = _candidates(text, whole)
    scores = np.zeros(len(text.units), dtype=np.float64)
    asked = [i for i, verdict in enumerate(verdicts) if verdict.supported]
    if not asked or not candidates:
        return scores
    claims = [text.units[i] for i in asked for _ in candidates]
    premises = [c for _ in asked for c in candidates]
    checked = with_hard_checks([Verdict(1.0, True)] * len(claims), claims, premises)
    width = len(candidates)
    for row, i in enumerate(asked):
        if any(v.supported for v in checked[row * width : (row + 1) * width]):
            scores[i] = 1.0
    return scores


def meta_evaluate_llm(
    path: Path,
    summarizer: SummarizerLike,
    *,
    articles: slice | Sequence[int] | None = None,
    whole: bool = True,
    max_cost: float | None = None,
    concurrency: int = 4,
    on_estimate: Callable[[JudgeCalls], None] | None = None,
) -> MetaEvalResult:
    """Agreement of the model as judge (``summarizer``'s model, server and cache) with the
    human labels in ``path``; the result has every judge's figures, the model, and what the
    calls spent (``calls``, ``cached_calls``, tokens, ``cost_usd``).

    Raises ``BudgetExceededError`` when ``max_cost`` stopped the run before every text was
    judged (run it again to resume from the cache), ``ConfigurationError`` when ``max_cost``
    is given for a model without a price."""
    texts = load_texts(Path(path), articles)
    context = _context(summarizer)
    planned = estimate(summarizer, texts)
    if on_estimate is not None:
        on_estimate(planned)
    if max_cost is not None and planned.calls and planned.cost_usd is None:
        raise ConfigurationError(
            f"no price is known for model {context.model!r}, so --max-cost cannot be kept: "
            "give the model a price (a price table), or leave --max-cost out"
        )
    tally = _Tally()

    def judge(text: LabelledText) -> npt.NDArray[np.float64] | None:
        if not _asked(text):
            return np.zeros(len(text.units), dtype=np.float64)
        with tally.lock:
            if max_cost is not None and tally.cost >= max_cost:
                tally.skipped += 1
                return None
        exchange = model_verdicts(context, text.units, _evidence(text))
        verdicts, stats = summarizer.run(exchange)
        cost = context.prices.cost(context.model, stats.usage, backend=context.settings.backend)
        with tally.lock:
            tally.cached += stats.cached
            tally.calls += stats.attempts
            tally.usage.add(
                stats.usage.prompt_tokens,
                stats.usage.completion_tokens,
                stats.usage.reasoning_tokens,
            )
            tally.priced = tally.priced and cost is not None
            tally.cost += cost or 0.0
        return _present(text, verdicts, whole)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        scores = list(pool.map(judge, texts))
    spent = f"${tally.cost:.4f}" if tally.priced else "an unknown cost"
    if tally.skipped:
        resume = (
            "run the same command again to resume: the answers so far are cached"
            if context.cache is not None
            else "the response cache is off, so a new run starts over"
        )
        raise BudgetExceededError(
            f"stopped at --max-cost ${max_cost:g}: {spent} spent on {tally.calls} calls, "
            f"{tally.skipped} of {len(texts)} texts not judged; {resume}"
        )
    result = agreement(texts, [s for s in scores if s is not None], LLM_THRESHOLD)
    result.update(
        judge=LLM_JUDGE,
        model=context.model,
        threshold=LLM_THRESHOLD,
        whole_summary_candidate=whole,
        estimate=planned.as_dict(),
        calls=tally.calls,
        cached_calls=tally.cached,
        prompt_tokens=tally.usage.prompt_tokens,
        completion_tokens=tally.usage.completion_tokens,
        cost_usd=round(tally.cost, 6) if tally.priced else None,
    )
    return result
