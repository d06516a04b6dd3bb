"""A language's ``[quantities]`` table: time units, seasons, multiples, shares and "the
previous year", as its data file writes them (read by ``_numbers`` and ``_quantities``)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

__all__ = ["QuantityWords", "quantity_words"]


@dataclass(frozen=True)
class QuantityWords:
    """A language's ``[quantities]`` table, plain."""

    units: dict[tuple[str, ...], str]  # token phrase (or CJK form) -> unit key
    seasons: dict[tuple[str, ...], str]  # token phrase (or CJK form) -> season key
    counted: frozenset[str]  # CJK forms that are a unit only right after a number
    one: frozenset[str]  # "a", "per", "jeden": the unit's count is one
    times: dict[str, float]  # "twice" = 2
    share_in: tuple[tuple[str, ...], ...]  # "one in five", "two out of three"
    share_every: frozenset[str]  # "jeder fünfte"
    share_after: tuple[str, ...]  # CJK, after the denominator: "三人に一人"
    previous_year: tuple[tuple[str, ...], ...]  # "the previous year", "前年"
    unit_words: frozenset[str] = frozenset()  # the first word of each time unit
    half_after: tuple[tuple[str, ...], ...] = ()  # "an hour and a half": 1.5 hours
    half_before: tuple[tuple[str, ...], ...] = ()  # "half an hour", "半年": 0.5 of the unit
    parts: dict[str, str] = field(default_factory=dict)  # "early", "末" -> "start", "end"


def _phrases(raw: object, plain: Callable[[str], str]) -> tuple[tuple[str, ...], ...]:
    items = raw if isinstance(raw, list) else []
    return tuple(tuple(plain(w) for w in str(p).split()) for p in items)


def _keyed(raw: object, plain: Callable[[str], str]) -> dict[tuple[str, ...], str]:
    table = raw if isinstance(raw, dict) else {}
    return {phrase: str(key) for key, forms in table.items() for phrase in _phrases(forms, plain)}


@cache
def quantity_words(code: str, plain: Callable[[str], str]) -> QuantityWords:
    """The ``[quantities]`` table of the data file of ``code`` (a ``Language.code``; empty
    where it has none), its words folded by ``plain`` (``text._language.plain``, passed in so
    that this module, and the number reader above it, import nothing more of the package)."""
    path = resources.files(__package__).joinpath("languages", f"{code}.toml")
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("quantities", {})
    times = table.get("times", {})
    return QuantityWords(
        units=_keyed(table.get("units"), plain),
        seasons=_keyed(table.get("seasons"), plain),
        counted=frozenset(str(table.get("counted", "")).split()),
        one=frozenset(plain(w) for w in str(table.get("one", "")).split()),
        times={plain(k): float(v) for k, v in times.items()} if isinstance(times, dict) else {},
        share_in=_phrases(table.get("share_in"), plain),
        share_every=frozenset(plain(w) for w in str(table.get("share_every", "")).split()),
        share_after=tuple(str(s) for s in table.get("share_after", [])),
        previous_year=_phrases(table.get("previous_year"), plain),
        unit_words=frozenset(phrase[0] for phrase in _keyed(table.get("units"), plain)),
        half_after=_phrases(table.get("half_after"), plain),
        half_before=_phrases(table.get("half_before"), plain),
        parts={plain(" ".join(p)): key for p, key in _keyed(table.get("parts"), plain).items()},
    )
