"""A definite description anywhere in the evidence, standing for a name of the document.

``_coref_descriptions`` reads a description at the evidence's start ("La empresa estudia
...") as the latest name of the document of its kind. A description further on is as
common: "Vorsitzender Timo Brandl sagte, ohne das Bad hätte der Verein die Hälfte seiner
Mitglieder verloren", "le président a confirmé que le club ...", "said the union would
...". A claim that writes the name ("hätte der SV Rottweil ...") restates the evidence; the
substitution checks read "SV Rottweil" where the evidence has "Verein" as a swap of names.

The description is one of the language's ``[coref] other`` phrases of an article and a noun
("der verein", "the union", "le club"), written anywhere in the evidence. It stands for the
latest name before the evidence that a noun of its family (``[coref] kinds``) introduces or
ends ("der Schwimmverein SV Rottweil"; ``_coref_descriptions``). Two uses:

- ``described_within``: those names, read with the frame (a claim may name them);
- ``stands_within``: whether the claim's side of a swap is the name that the evidence's
  description (the swap's other side) stands for. Another name of the document put there
  ("der FC Villingen" where the club is SV Rottweil) is still a swap.
"""

from __future__ import annotations

from functools import lru_cache

from ._coref_descriptions import _flat, _referent
from ._support_lexical import NameRun, analyse
from .text._language import language
from .text._phrases import phrase_list

__all__ = ["described_within", "stands_within"]


def _family(noun: str, code: str) -> frozenset[str]:
    for family in phrase_list(code, "coref.kinds"):
        if noun in family.split():
            return frozenset(family.split())
    return frozenset({noun})


@lru_cache(maxsize=1 << 10)
def _descriptions(evidence: str, code: str) -> tuple[str, ...]:
    """The nouns of the language's descriptions (article and noun) written in ``evidence``."""
    flat = f" {_flat(evidence)} "
    nouns: list[str] = []
    for phrase in phrase_list(code, "coref.other"):
        words = phrase.split()
        if len(words) > 1 and f" {phrase} " in flat and words[-1] not in nouns:
            nouns.append(words[-1])
    return tuple(nouns)


def _referents(context: str, evidence: str, code: str) -> list[tuple[str, NameRun]]:
    """(noun, the name it stands for) of each description of ``evidence``."""
    if not context or language(code).cjk:
        return []
    out: list[tuple[str, NameRun]] = []
    for noun in _descriptions(evidence, code):
        run = _referent(context, _family(noun, code), code)
        if run is not None:
            out.append((noun, run))
    return out


def described_within(context: str, evidence: str, code: str) -> list[str]:
    """The names (as written) that the descriptions of ``evidence`` stand for."""
    return [run.surface for _, run in _referents(context, evidence, code)]


def stands_within(swapped: tuple[str, str], evidence: str, context: str, code: str) -> bool:
    """Whether ``swapped`` ((the claim's words, the evidence's)) puts the name that a
    description of the evidence stands for in that description's place: the evidence's side
    is the description's noun, and every name word of the claim's side is that name's."""
    theirs = _flat(swapped[1]).split()
    mine = {w for r in analyse(swapped[0], code).names for w in r.words}
    if len(theirs) != 1 or not mine:
        return False
    for noun, run in _referents(context, evidence, code):
        if noun == theirs[0] and (mine <= set(run.words)):
            return True
    return False
