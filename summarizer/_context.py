"""The dependencies of one summarize call, passed explicitly to every step (never global)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ._cache import ResponseCache
from ._cost import PriceTable
from ._prompts import PromptTemplates
from ._settings import Settings
from ._structured import StructuredOutput
from ._verdict import Judge

__all__ = ["RunContext"]


@dataclass(frozen=True)
class RunContext:
    """What every step of a summarize call may use: configuration, templates, the structured
    output mode, the resolved model name, the support judge, prices and the answer cache."""

    settings: Settings
    templates: PromptTemplates
    structured: StructuredOutput
    model: str
    judge: Judge | None
    prices: PriceTable
    cache: ResponseCache | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)
