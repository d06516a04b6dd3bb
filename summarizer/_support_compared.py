"""The two sides of a comparison exchanged, in languages written with spaces: "those who drank
none showed a lower risk compared with those who drank two cups" on "those who drank two cups
showed a lower risk compared with those who drank none"; "legato alla caffeina più che alle
sostanze antiossidanti" on "legato alle sostanze antiossidanti più che alla caffeina".

A comparison phrase (``[roles] compared``: "compared with", "rather than", "rispetto a", "par
rapport à", "im Vergleich zu", "vergeleken met" ...) names what is compared with after it. When
the claim and the evidence each have one, the first content word after the claim's phrase (in
its clause; no number; none the claim has before it: "than rents last year" is "rents",
"than sales of used cars" after "sales of new cars" is "used") is read in the evidence: standing
before the evidence's phrase and not after it, the two sides are exchanged. Only the first
word: the words after it ("last year") are often said after both sides. (Chinese and
Japanese: 比 / より in ``_support_roles``.)
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from ._support_lexical import analyse
from .text._language import plain
from .text._phrases import phrase_list

__all__ = ["exchanged_sides"]

_CLAUSE_END: Final = re.compile(r"[,;:.!?()](?!\d)")


@cache
def _pattern(code: str) -> re.Pattern[str] | None:
    phrases = sorted(phrase_list(code, "roles.compared"), key=len, reverse=True)
    if not phrases:
        return None
    joined = "|".join(r"[\s'’\-]+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{joined})(?!\w)")


@lru_cache(maxsize=1 << 12)
def _sides(text: str, code: str) -> tuple[frozenset[str], frozenset[str], str, str] | None:
    """The content words before ``text``'s one comparison phrase (its sentence) and after it
    (its clause), no number, the first of those after it ("" without one) and the phrase;
    None without exactly one phrase."""
    pattern = _pattern(code)
    low = plain(text)
    if pattern is None or len(low) != len(text):
        return None
    found = list(pattern.finditer(low))
    if len(found) != 1:
        return None
    start, end = found[0].span()
    stop = _CLAUSE_END.search(low, end)
    cuts = [m.end() for m in re.finditer(r"[.;!?]\s", low[:start])]

    def words(part: str) -> list[str]:
        return [w for w in analyse(part, code).content if not w[:1].isdigit()]

    before = words(text[cuts[-1] if cuts else 0 : start])
    after = words(text[end : stop.start() if stop else len(text)])
    # the first word after the phrase that the side before does not have ("than sales of
    # used cars" on "sales of new cars": "used")
    first = next((w for w in after if w not in before), "")
    return frozenset(before), frozenset(after), first, text[start:end]


def exchanged_sides(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """The word the claim compares with first, which the evidence has only on the other side
    of its comparison phrase: (the claim's side, the evidence's), or None."""
    mine = _sides(claim, code)
    if mine is None:
        return None
    theirs = _sides(evidence, code)
    if theirs is None:
        return None
    _, _, first, phrase = mine
    e_before, e_after, _, e_phrase = theirs
    if first and first in e_before and first not in e_after:
        return f"{phrase} {first}", f"{first} … {e_phrase}"
    return None
