"""The side a result puts ahead, turned round: "Clermont s'est imposé 27 à 24 face à Bayonne"
on "Bayonne a battu Clermont 27 à 24"; "Bayonne lost to Clermont 24-27" on the same.

Every word is in the evidence and no direction word is opposed ("s'est imposé" and "a battu"
both say the subject won), so the word checks pass. A claim that states a score (two numbers
joined by "-", ":", "à", "to", 比 ...) and a result phrase (``[roles] winner``: the subject won
or leads, "beat", "a battu", 击败; ``[roles] loser``: the subject lost or trails, "lost to",
"a perdu contre", 负于) puts the names before the phrase on one side and the names after it
on the other; the evidence's own result phrase does the same. The claim turns the result
round when more of its names stand on the side the evidence does not give them than on the
side it does. Names: capitalised words that are no stopword; in Chinese and Japanese the
words of two characters or more; never numbers. Chinese 被 before the phrase ("广东被辽宁击败")
puts the words before it on the losing side (``[roles] by_agent``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from ._support_lexical import analyse
from .text._language import language, plain
from .text._phrases import phrase_list
from .text._tokens import word_texts

__all__ = ["turned_result"]

_SCORE: Final = r"\d+\s*(?:[-–:比対]|à|a|to|zu|tegen|contro|contra)\s*\d+"
_SENTENCE: Final = re.compile(r"[.;!?。；！？]\s|[;。；！？]")

Sides = tuple[frozenset[str], frozenset[str], str]  # winner's names, loser's names, phrase


@cache
def _phrases(code: str) -> re.Pattern[str] | None:
    """The result phrases of ``code``, longest first, as one pattern over plain text; group
    ``w`` a winner phrase, ``l`` a loser phrase."""
    winner = phrase_list(code, "roles.winner")
    loser = phrase_list(code, "roles.loser")
    if not winner and not loser:
        return None

    def alternatives(phrases: tuple[str, ...]) -> str:
        ordered = sorted(phrases, key=len, reverse=True)
        return "|".join(r"[\s'’\-]+".join(map(re.escape, p.split())) for p in ordered) or "(?!)"

    if language(code).cjk:
        edge, end = "", ""
    else:
        edge, end = r"(?<!\w)", r"(?!\w)"
    return re.compile(f"{edge}(?:(?P<w>{alternatives(winner)})|(?P<l>{alternatives(loser)})){end}")


def _names(text: str, code: str) -> frozenset[str]:
    """The names of a side: capitalised words that are no stopword (folded); Chinese and
    Japanese: its words of two characters or more; no number."""
    lang = language(code)
    if lang.cjk:
        return frozenset(w for w in analyse(text, code).content if len(w) > 1 and not w.isdigit())
    out = set()
    for word in word_texts(text):
        low = plain(word)
        if word[:1].isupper() and low not in lang.stopwords and not word.isdigit():
            out.add(lang.fold(low))
    return frozenset(out)


@lru_cache(maxsize=1 << 12)
def _sides(text: str, code: str) -> Sides | None:
    """The names ``text``'s first result phrase puts ahead and behind (its sentence only)."""
    pattern = _phrases(code)
    low = plain(text)
    if pattern is None or len(low) != len(text):
        return None
    found = pattern.search(low)
    if found is None:
        return None
    start, end = found.span()
    cuts = [m.end() for m in _SENTENCE.finditer(low, 0, start)]
    stop = _SENTENCE.search(low, end)
    before = text[cuts[-1] if cuts else 0 : start]
    after = text[end : stop.start() if stop else len(text)]
    for agent in phrase_list(code, "roles.by_agent"):  # "广东被辽宁击败": 辽宁 won
        if agent in before:
            behind, _, ahead = before.rpartition(agent)
            return _names(ahead, code), _names(behind, code), text[start:end]
    first, second = _names(before, code), _names(after, code)
    if found.group("w") is None:
        first, second = second, first
    return first, second, text[start:end]


def turned_result(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """A claim with a score whose result phrase gives more of its names the side the
    evidence's result phrase does not give them than the side it does: (the claim's phrase,
    the evidence's), or None."""
    if re.search(_SCORE, claim) is None:
        return None
    mine, theirs = _sides(claim, code), _sides(evidence, code)
    if mine is None or theirs is None:
        return None
    (won, lost, said), (e_won, e_lost, stated) = mine, theirs
    against = ((won & e_lost) - e_won) | ((lost & e_won) - e_lost)
    along = ((won & e_won) - e_lost) | ((lost & e_lost) - e_won)
    if len(against) > len(along):
        return said, stated
    return None
