"""Test doubles for code that calls the summarizer: a scripted model, no HTTP, no server.

``ScriptedModel`` is a TEST DOUBLE, not a model: it answers each chat request the way its
script says (a function of the request, or fixed claims), records every request, and can answer
with a cut-off reply (``Cutoff``) or an error (``Fail``, or an ``httpx2`` exception such as
``httpx2.ConnectError``). ``scripted_summarizer`` returns a real ``Summarizer`` (prompts,
structured output, grounding, support, continuation, retries) whose HTTP client is an
``httpx2.MockTransport`` serving the script::

    from summarizer.testing import ScriptedModel, scripted_summarizer

    model = ScriptedModel.from_claims([("Libraries reopen on Monday.", "Libraries reopen")])
    with scripted_summarizer(model) as summarizer:
        result = summarizer.summarize("The council met. Libraries reopen on Monday.")
    assert result.claims[0].evidence[0].quote == "Libraries reopen"
    assert len(model.requests) == 1

Answers a script may return: a ``dict`` (the structured answer: for a summary ``title``,
``summary``, ``key_points`` and ``claims``; each claim ``text``, ``kind``, ``attributed_to``
and ``evidence``, a list of quotes), a ``str`` (the answer's raw text, valid or not: a reask
follows an invalid one, as with a model), ``Cutoff`` or ``Fail``. The answer goes back as a tool
call when the request offered a tool, else as the message's content.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2
import openai

from ._client import Summarizer
from ._errors import ConfigurationError
from ._model import ModelClient
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from .evaluation._gate_result import GateResult
    from .evaluation._run import EvalRun

__all__ = [
    "Cutoff",
    "Fail",
    "GateOutcome",
    "ScriptedModel",
    "ScriptedRequest",
    "run_gate",
    "scripted_summarizer",
]

SCRIPTED_MODEL_NAME = "scripted"
_BASE_URL = "http://scripted-model.invalid/v1"  # never resolved: the transport answers


@dataclass(frozen=True)
class ScriptedRequest:
    """One chat request as the scripted model received it."""

    body: dict[str, Any]
    number: int  # 1 for the first request the model received

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def tool(self) -> str | None:
        """The name of the tool the request offers (``StructuredSummary`` for a summary,
        ``MoreClaims`` for a continuation), or None in a JSON mode."""
        tools = self.body.get("tools") or []
        return str(tools[0]["function"]["name"]) if tools else None

    @property
    def text(self) -> str:
        """Every message's text, joined (the document is in the user message)."""
        parts = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts += [str(p.get("text", "")) for p in content if isinstance(p, dict)]
        return "\n".join(parts)

    @property
    def document(self) -> str | None:
        """The document as the shipped user template wraps it (``<document>`` ...
        ``</document>``), or None (another template, a continuation or a combine call)."""
        text = self.text
        start = text.find("<document>\n")
        end = text.rfind("\n</document>")
        return text[start + len("<document>\n") : end] if 0 <= start < end else None

    @property
    def is_reask(self) -> bool:
        """True when the request answers an earlier reply (a validation error fed back)."""
        return any(m.get("role") in {"assistant", "tool"} for m in self.messages)


@dataclass(frozen=True)
class Cutoff:
    """An answer cut off at the token limit (``finish_reason: "length"``) after ``chars``
    characters of ``answer``'s JSON text."""

    answer: dict[str, Any] | str
    chars: int


@dataclass(frozen=True)
class Fail:
    """An HTTP error answer: ``status`` with an OpenAI-style error body."""

    status: int
    message: str = "scripted failure"
    headers: dict[str, str] = field(default_factory=dict)


Answer = dict[str, Any] | str | Cutoff | Fail
Script = Callable[[ScriptedRequest], Answer]


def _usage(text: str) -> dict[str, int]:
    completion = max(1, len(text) // 4)
    return {"prompt_tokens": 100, "completion_tokens": completion, "total_tokens": 100 + completion}


class ScriptedModel:
    """A scripted chat-completions endpoint (a test double). Thread-safe; ``requests`` holds
    every request received, in order."""

    def __init__(self, script: Script | Iterable[Answer], *, name: str = SCRIPTED_MODEL_NAME):
        self.name = name
        self.requests: list[ScriptedRequest] = []
        self._lock = threading.Lock()
        if callable(script):
            self._script: Script = script
        else:
            answers: Iterator[Answer] = iter(list(script))

            def play(request: ScriptedRequest) -> Answer:
                try:
                    return next(answers)
                except StopIteration:
                    raise AssertionError(
                        f"the scripted model ran out of answers at request {request.number}"
                    ) from None

            self._script = play

    @classmethod
    def from_claims(
        cls,
        claims: Iterable[tuple[str, str] | tuple[str, str, str]],
        *,
        title: str = "Scripted summary",
        summary: str = "A summary the scripted model returns.",
        key_points: Iterable[str] = ("A key point.",),
        cut_after: int | None = None,
    ) -> ScriptedModel:
        """Always answer these claims: ``(text, quote)`` or ``(text, quote, kind)``; each
        quote must be in the document. ``cut_after=k``: the first answer is cut off after
        ``k`` claims and each continuation request gets the claims after those it has."""
        drafted = [
            {"text": c[0], "kind": c[2] if len(c) > 2 else "fact", "attributed_to": None,
             "evidence": [c[1]]}
            for c in claims
        ]  # fmt: skip
        head = {"title": title, "summary": summary, "key_points": list(key_points)}

        def answer(request: ScriptedRequest) -> Answer:
            if request.tool == "MoreClaims" or '"MoreClaims"' in request.text:
                given = sum(request.text.count(json.dumps(c["text"])) for c in drafted)
                return {"claims": drafted[given:] or drafted[-1:]}
            full = {**head, "claims": drafted}
            if cut_after is None or cut_after >= len(drafted):
                return full
            kept = json.dumps({**head, "claims": drafted[:cut_after]})
            # Cut inside the next claim: the kept claims are complete, the next one is not.
            return Cutoff(full, len(kept) - 2 + len(', {"text": "'))

        return cls(answer)

    # -- the transport --------------------------------------------------------------------------

    @property
    def transport(self) -> httpx2.MockTransport:
        """An ``httpx`` transport serving the script (sync and async)."""
        return httpx2.MockTransport(self._handle)

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/models"):
            listed = {"id": self.name, "object": "model", "created": 0, "owned_by": "scripted"}
            return httpx2.Response(200, json={"object": "list", "data": [listed]})
        body = json.loads(request.content or b"{}")
        with self._lock:
            recorded = ScriptedRequest(body, len(self.requests) + 1)
            self.requests.append(recorded)
        answer = self._script(recorded)
        if isinstance(answer, Fail):
            error = {"error": {"message": answer.message, "type": "scripted", "code": None}}
            return httpx2.Response(answer.status, json=error, headers=answer.headers)
        finish = "stop"
        if isinstance(answer, Cutoff):
            text = answer.answer if isinstance(answer.answer, str) else json.dumps(answer.answer)
            text, finish = text[: answer.chars], "length"
        else:
            text = answer if isinstance(answer, str) else json.dumps(answer)
        return httpx2.Response(200, json=self._completion(body, recorded.number, text, finish))

    def _completion(self, body: dict[str, Any], number: int, text: str, finish: str) -> Any:
        message: dict[str, Any] = {"role": "assistant", "content": text}
        tools = body.get("tools") or []
        if tools:
            function = {"name": tools[0]["function"]["name"], "arguments": text}
            call = {"id": f"call_{number}", "type": "function", "function": function}
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
            finish = "tool_calls" if finish == "stop" else finish
        return {
            "id": f"scripted-{number}",
            "object": "chat.completion",
            "created": 0,
            "model": self.name,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": _usage(text),
        }


class _ScriptedClient(ModelClient):
    """``ModelClient`` whose OpenAI clients send through the scripted transport."""

    def __init__(self, model: ScriptedModel, *, timeout: float, retry: RetryPolicy) -> None:
        super().__init__(base_url=_BASE_URL, api_key=None, timeout=timeout, retry=retry)
        self._transport = model.transport

    def _sync_client(self) -> openai.OpenAI:
        if self._sync is None:
            self._sync = openai.OpenAI(
                base_url=self.base_url, api_key=self._key, timeout=self.timeout, max_retries=0,
                http_client=httpx2.Client(transport=self._transport),
            )  # fmt: skip
        return self._sync

    def _open_async_client(self) -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(
            base_url=self.base_url, api_key=self._key, timeout=self.timeout, max_retries=0,
            http_client=httpx2.AsyncClient(transport=self._transport),
        )  # fmt: skip


_OPTIONS = {
    "backend": "openai-compatible",
    "base_url": _BASE_URL,
    "strategy": "write",
    "evidence_mode": "quote",
    "mode": "tools",
}


def scripted_summarizer(model: ScriptedModel, **options: Any) -> Summarizer:
    """A ``Summarizer`` (options as ``Summarizer`` takes them; the defaults here: the
    ``write`` strategy, ``quote`` evidence, ``tools`` mode) whose model is ``model``."""
    summarizer = Summarizer(**{**_OPTIONS, "model": model.name, **options})
    settings = summarizer.settings
    retry = RetryPolicy(max_attempts=settings.max_retries,
                        max_total_seconds=settings.max_retry_seconds)  # fmt: skip
    summarizer._client = _ScriptedClient(model, timeout=settings.timeout, retry=retry)
    return summarizer


# --- a gold suite against a baseline (what the pytest plugin runs) --------------------------------


@dataclass(frozen=True)
class GateOutcome:
    """A gated run: the run (its folder is ``run.out_dir``) and the gate's result."""

    run: EvalRun
    result: GateResult

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def messages(self) -> list[str]:
        """The gate's lines, as ``summarizer eval`` prints them ("gate failed: ...")."""
        return [str(failure) for failure in self.result.failures]


def run_gate(
    gold: str | Path,
    baseline: str | Path,
    out: str | Path,
    *,
    suite: str | Path | None = None,
    predictions: str | Path | None = None,
    summarizer: Summarizer | None = None,
    matcher: str = "support",
    max_claims: int | None = None,
    allow: Iterable[str] = (),
    concurrency: int = 2,
) -> GateOutcome:
    """Run the gold suite ``gold`` (with ``summarizer``: live, replayed from cassettes or
    scripted; or scoring the results file ``predictions``) into ``out`` and gate it on
    ``baseline`` under ``suite`` (default: ``suite.toml`` beside the gold file's folder, as
    ``summarizer eval`` finds it). ``matcher`` must be the one the baseline was written with
    (``summarizer eval``'s default, ``support``); ``max_claims``: the cap the predictions were
    made with (results files do not record it; ``--max-claims`` of ``summarizer eval``)."""
    from .evaluation._evaluate import EvalOptions, evaluate

    if (predictions is None) == (summarizer is None):
        raise ConfigurationError("run_gate needs exactly one of predictions= and summarizer=")
    options = EvalOptions(
        gold=Path(gold), out=Path(out), baseline=Path(baseline),
        suite=None if suite is None else Path(suite),
        predictions=None if predictions is None else Path(predictions),
        matcher=matcher, concurrency=concurrency, allow_differences=tuple(allow),
        declared={"max_claims": max_claims},
    )  # fmt: skip
    outcome = evaluate(options, summarizer)  # the policy of ``summarizer eval``
    assert outcome.gate is not None  # a baseline was given, so the run was gated
    return GateOutcome(outcome.run, outcome.gate)
