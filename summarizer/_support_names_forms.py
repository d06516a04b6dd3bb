"""Forms of a document's names that the names check reads as those names.

- **a short place's adjective** ("Edese" of "Ede", "Osser" of "Oss", "Romano" of "Roma" is
  the long rule's): ``_support_capitals`` reads a capitalised word with an adjective ending
  of the language (``[capitals] adjective_endings``) as the document's place name it is built
  on, when at least four letters of the name stay before the ending. A place of three
  letters keeps fewer: its adjective is read as that place only when the name is written
  whole before the ending, never as a longer name that merely starts with those letters.
"""

from __future__ import annotations

from typing import Final

__all__ = ["short_place_adjective"]

_SHORT_MIN: Final = 3  # letters of the shortest place name read in its adjective


def short_place_adjective(stem: str, places: tuple[tuple[str, str], ...]) -> str | None:
    """The folded place name of ``places`` ((plain, folded) pairs) written exactly as
    ``stem`` (plain), when it has at least ``_SHORT_MIN`` letters, or None."""
    if len(stem) < _SHORT_MIN:
        return None
    for name, folded in places:
        if name == stem:
            return folded
    return None
