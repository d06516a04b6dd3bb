"""Claim words that coverage should not count as missing: closed classes of small words.

Coverage counts a claim's content words the premise has. Two closed classes of small words
make a rewrite that keeps the meaning lose words it did not change:

- **approximators** said with another word of the same kind: "around 250" for "about 250",
  "ungefähr" for "rund", "casi" for "cerca de", "大约" for "约"; "almost" for "nearly". Each
  language file lists them in ``[coverage]``: ``about`` (a number given roughly) and
  ``almost`` (a number nearly reached); a claim's word of one list counts as found when the
  premise has a word of the same list. The two lists are never mixed ("nearly 250" says less
  than 250; "about 250" does not), and whether a bound is turned is the bounds check's;
- **attribution**: the words of a source marker ("according to", "nach Angaben",
  "zufolge", "d'après", "によれば"; the language's ``[rules] according_to`` and
  ``according_after``) that a claim adds where the evidence says "X said": the source itself
  (a name) stays a word the premise must have; the marker's words are left out of the share.

Asked only for a claim below the threshold, only for the words coverage did not find.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ._support_lexical import analyse
from .text._language import language, rule_words, squash
from .text._phrases import phrase_list

__all__ = ["Alike", "alike"]

_GROUPS = ("coverage.about", "coverage.almost")


@dataclass(frozen=True, slots=True)
class Alike:
    """Content keys of a claim that coverage should not count as missing."""

    found: frozenset[str]  # said by the premise with another word of the same group
    dropped: frozenset[str]  # words of a source marker: out of the share


def alike(claim: str, premise: str, code: str) -> Alike:
    """The claim's content keys the premise lacks as words but says with another word of the
    same approximator list (``found``), and those of a source marker (``dropped``)."""
    c, p = analyse(claim, code), analyse(premise, code)
    missing = frozenset(k for k in c.content if k not in p.content)
    if not missing:
        return Alike(frozenset(), frozenset())
    cjk = language(code).cjk
    claim_text, premise_text = _padded(claim), _padded(premise)
    found: set[str] = set()
    for group in _GROUPS:
        phrases = phrase_list(code, group)
        if any(_has(premise_text, ph, cjk) for ph in phrases):
            for ph in phrases:
                if _has(claim_text, ph, cjk):
                    found |= missing & _keys(ph, code)
    dropped = {
        k for ph in _markers(code) if _has(claim_text, ph, cjk) for k in missing & _keys(ph, code)
    }
    return Alike(frozenset(found), frozenset(dropped - found))


def _padded(text: str) -> str:
    return f" {squash(text)} "


def _has(text: str, phrase: str, cjk: bool) -> bool:
    """Whether the padded squashed ``text`` has ``phrase`` (as whole words, when the language
    writes spaces)."""
    return bool(phrase) and (phrase in text if cjk else f" {phrase} " in text)


@lru_cache(maxsize=1 << 12)
def _keys(phrase: str, code: str) -> frozenset[str]:
    """The content keys of a listed phrase, as the text's analysis has them ("大约": "大", "约")."""
    return frozenset(analyse(phrase, code).content)


@lru_cache(maxsize=16)
def _markers(code: str) -> tuple[str, ...]:
    words = rule_words(code)
    return tuple(squash(m) for m in (*words.according_to, *words.according_after) if m.strip())
