"""Step 3: the request. Chat options named as each model family needs them.

OpenAI's own API takes ``max_completion_tokens`` for every chat model (``max_tokens`` is
refused by its reasoning models); other OpenAI-compatible servers (llama.cpp, some vLLM and
Ollama versions) know only ``max_tokens``. Reasoning models take no ``temperature`` but the
default, and get headroom for the reasoning tokens they spend before answering.
"""

from __future__ import annotations

import re
from typing import Any

from ._context import RunContext
from ._settings import Settings

__all__ = ["REASONING_HEADROOM", "chat_options", "generation_options", "is_reasoning_model"]

# Model names that take only the default temperature and count hidden reasoning tokens against
# the completion budget (OpenAI's o-series and GPT-5 family).
_REASONING_MODEL = re.compile(r"^(?:openai/)?(?:o\d|gpt-5)", re.IGNORECASE)
# Completion tokens added for a reasoning model's hidden reasoning, on top of max_tokens.
REASONING_HEADROOM = 8192


def generation_options(settings: Settings, model: str) -> dict[str, Any]:
    """Sampling and length options, named as the model family needs them.

    OpenAI's own API takes ``max_completion_tokens`` for every chat model (``max_tokens`` is
    refused by its reasoning models); other OpenAI-compatible servers (llama.cpp, some vLLM and
    Ollama versions) know only ``max_tokens``. Reasoning models take no ``temperature`` but the
    default, and get headroom for the reasoning tokens they spend before answering."""
    reasoning = is_reasoning_model(model)
    options: dict[str, Any] = {}
    if not reasoning:
        options["temperature"] = settings.temperature
    budget = settings.max_tokens + (REASONING_HEADROOM if reasoning else 0)
    if settings.backend == "openai" or reasoning:
        options["max_completion_tokens"] = budget
    else:
        options["max_tokens"] = budget
    if settings.seed is not None and settings.backend != "openai":
        options["seed"] = settings.seed
    return options


def chat_options(context: RunContext, messages: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "model": context.model,
        "messages": messages,
        **generation_options(context.settings, context.model),
    }


def is_reasoning_model(model: str) -> bool:
    """OpenAI's o-series and GPT-5 family (by name)."""
    return bool(_REASONING_MODEL.match(model))
