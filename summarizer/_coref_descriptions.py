"""A description as the evidence's subject ("la empresa", "L’azienda", "Die Behörde"): the name
of the document it stands for, and a claim that puts another name of the document there.

A report introduces an organisation once with a noun of its kind ("la comercializadora Luminia
Energía", "la ditta Valbisagno Alimentari", "die Bundesanstalt für Arbeitsschutz") and then
writes a description ("la empresa", "l'azienda", "die Behörde"). The description's noun need
not be the noun the name was introduced with: nouns of one kind are a family of the language
file (``[coref] kinds``: "empresa compañía comercializadora ..."). The description stands for
the latest name before the evidence that a noun of its family introduces (among the
``_APPOSITION`` words before it) or ends ("Schulbehörde" for "die Behörde").

- that name is read with the frame (a claim that writes it restates the evidence: "Luminia
  incluyó el cargo" on "la empresa incluyó el cargo") by ``_coref_within.described_within``,
  which finds a description anywhere in the evidence, at its start too, with ``_referent``;
- ``description_swapped``: the claim's subject is another name of the document, sharing no
  word with it ("La OCA estudia recurrir" on "La compañía ... estudia recurrir", where the
  company is Luminia Energía): a ``name`` failure, as a swap of two names is.

No name is resolved when no noun of the family introduces one: the description then stands
for nothing here, and the claim is judged as before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from ._coref_words import coref_words
from ._support_lexical import NameRun, analyse
from .text._language import language
from .text._phrases import phrase_list, squash
from .text._tokens import prepare, sentences, word_texts

__all__ = ["description_swapped"]

_LEAD: Final = 6  # the evidence's first words a description is looked for in
_CLAIM_LEAD: Final = 4  # the claim's first words its subject is looked for in
_APPOSITION: Final = 4  # words before a name that its noun may be among
_BACK: Final = 10  # sentences before the evidence that a description reaches
_TAIL: Final = 4  # letters of a family noun that a compound may end with ("schulbehörde")
_PUNCT: Final = re.compile(r"[,;:()\[\]{}\"“”«»„—–\n]+|\s-\s")


def _flat(text: str) -> str:
    """``text`` squashed (``text._phrases``), its words only."""
    return " ".join(word_texts(squash(text)))


def _description(evidence: str, code: str) -> frozenset[str] | None:
    """The noun family of the description among the evidence's first words, or None."""
    lead = f" {' '.join(_flat(evidence).split()[:_LEAD])} "
    for phrase in phrase_list(code, "coref.other"):
        if len(phrase.split()) > 1 and f" {phrase} " in lead:
            noun = phrase.split()[-1]
            for family in phrase_list(code, "coref.kinds"):
                if noun in family.split():
                    return frozenset(family.split())
            return frozenset({noun})
    return None


def _of_family(word: str, nouns: frozenset[str]) -> bool:
    return word in nouns or any(len(n) >= _TAIL and word.endswith(n) for n in nouns)


def _runs(sentence: str, code: str) -> list[NameRun]:
    return [r for piece in _PUNCT.split(sentence) for r in analyse(piece, code).names]


@lru_cache(maxsize=1 << 10)
def _referent(context: str, nouns: frozenset[str], code: str) -> NameRun | None:
    """The latest name of ``context`` that a noun of ``nouns`` introduces or ends."""
    lang = language(code)
    before = [s for _, s in sentences(prepare(context, lang), lang)][-_BACK:]
    for sentence in reversed(before):
        low = _flat(sentence)
        runs = _runs(sentence, code)
        named = {w for r in runs for w in _flat(r.surface).split()}
        for run in reversed(runs):
            at = low.find(_flat(run.surface))
            preceding: list[str] = []
            for w in reversed(low[:at].split()[-_APPOSITION:] if at > 0 else []):
                if w in named:
                    break  # another name between ("ditta Valbisagno Alimentari di [Genova]")
                preceding.append(w)
            own = _flat(run.surface).split()
            # German writes the noun into the run: "Der Schwimmverein SV Rottweil" (names3)
            if any(_of_family(w, nouns) for w in [*preceding, own[0], own[-1]]):
                return run
    return None


def _meant(run: NameRun, meant: NameRun, nouns: frozenset[str], present: set[str]) -> bool:
    """Whether a name of the claim's subject may be the one the description stands for: the
    evidence has it, it shares a word or the initials with it ("OCA"), or it is a name of the
    description's own kind ("die Schulbehörde" for "die Behörde")."""
    words = set(run.words)
    return bool(
        words & present
        or words & set(meant.words)
        or (run.acronym and run.acronym == meant.acronym)
        or any(_of_family(w, nouns) for w in _flat(run.surface).split())
    )


def description_swapped(
    claim: str, evidence: str, context: str, code: str
) -> tuple[str, str] | None:
    """``(the claim's name, the evidence's description)`` when the claim's subject is a name
    of the document, absent from the evidence, that shares no word with the name the
    description stands for and is no name of its family itself; else None."""
    if not context or language(code).cjk:
        return None
    nouns = _description(evidence, code)
    if nouns is None:
        return None
    meant = _referent(context, nouns, code)
    if meant is None:
        return None
    present = set(analyse(evidence, code).content)
    known = {w for s in _PUNCT.split(context) for r in analyse(s, code).names for w in r.words}
    lead = f" {' '.join(_flat(claim).split()[:_CLAIM_LEAD])} "
    c = analyse(claim, code)
    subject = [r for r in (*c.names, *c.leads) if f" {_flat(r.surface)} " in lead]
    if not subject or any(_meant(r, meant, nouns, present) for r in subject):
        return (
            None  # no name at the claim's start, or the one meant ("Luminia" for Luminia Energía)
        )
    for run in subject:
        if set(run.words) <= known:
            flat = f" {_flat(evidence)} "
            return run.surface, next(p for p in coref_words(code).other if f" {_flat(p)} " in flat)
    return None
