"""Phrases of a language file's tables, as the phrase checks read them.

One normal form for a phrase and for the text it is looked for in: plain (lower case, no
accents), apostrophes, hyphens and runs of spaces as one space ("jusqu'à" = "jusqu a",
"au-delà" = "au dela"). The bounds, quantifier and superlative checks all read their lists
through here, so a list and a text are normalised the same way.
"""

from __future__ import annotations

from functools import lru_cache

from ._language import language, squash

__all__ = ["phrase_list", "squash"]


@lru_cache(maxsize=256)
def phrase_list(code: str, table_key: str) -> tuple[str, ...]:
    """The phrases of ``table_key`` ("bounds.majority") in language ``code``, squashed."""
    return tuple(squash(p) for p in language(code).phrases_of.get(table_key, ()))
