"""Estimated cost of a call from its token usage and a price table users can override."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ._errors import ConfigurationError
from ._schema import Usage

__all__ = ["BATCH_PRICE_FACTOR", "DEFAULT_PRICES", "Price", "PriceTable"]


@dataclass(frozen=True)
class Price:
    """US dollars per million tokens."""

    prompt: float
    completion: float

    def cost(self, usage: Usage) -> float:
        return (
            usage.prompt_tokens * self.prompt + usage.completion_tokens * self.completion
        ) / 1_000_000


# List prices per million tokens as published for these models; override with your own.
DEFAULT_PRICES: Mapping[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "smollm2-135m-instruct": Price(0.0, 0.0),
}

# The Batch API charges half the list price for the tokens of a batch request.
BATCH_PRICE_FACTOR = 0.5


class PriceTable:
    """Model name → price. Unknown models have no estimate (``None``), never a guess."""

    def __init__(self, prices: Mapping[str, Price] | None = None) -> None:
        self.prices = dict(DEFAULT_PRICES if prices is None else prices)

    @classmethod
    def from_file(cls, path: str | Path) -> PriceTable:
        """A JSON file ``{"model": {"prompt": 0.15, "completion": 0.6}, ...}`` over the defaults."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            extra = {
                name: Price(float(v["prompt"]), float(v["completion"])) for name, v in data.items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigurationError(f"price table {path}: {exc}") from None
        return cls({**DEFAULT_PRICES, **extra})

    def cost(
        self, model: str, usage: Usage, *, backend: str = "", batch: bool = False
    ) -> float | None:
        """Estimated US dollars; ``batch``: tokens of a Batch API request (the batch rate)."""
        if backend == "local":
            return 0.0
        price = self.prices.get(model)
        if price is None:
            # "gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini"
            candidates = [name for name in self.prices if model.startswith(name + "-")]
            if not candidates:
                return None
            price = self.prices[max(candidates, key=len)]
        return round(price.cost(usage) * (BATCH_PRICE_FACTOR if batch else 1.0), 8)
