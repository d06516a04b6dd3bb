"""Modality words the claim and its evidence write in another form: what the modality check
(``_support_modality.changed_modality``) compares.

Reported speech shifts a modal back: "Harbour said it would pay £50 to customers who could
show ..." reports "customers who can show"; ``[modality] backshift`` lists the pairs
("could > can"), read after a reporting verb of the sentence (``speaker_words``) and only
where the claim has the present form. A hedge is a verb in one inflected form ("ha
chiesto", "demande"); the other side may write the same verb in another person, tense or
auxiliary ("Abbiamo chiesto", "demandait"): compared by its stem (``Language.fold``), it is
the same hedge on both sides. Chinese and Japanese: as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from ._speaker_words import speaker_words
from .text._language import language, plain
from .text._phrases import phrase_list, squash
from .text._tokens import word_spans

__all__ = ["modal_forms"]

# a word joined by a hyphen or an apostrophe is read whole: "couldn't" and "would-be" hold no
# modal to put in the present
_JOINED: Final = "-'’"


@lru_cache(maxsize=64)
def _backshift(code: str) -> tuple[tuple[str, str], ...]:
    """The pairs of ``[modality] backshift``: (the form after "said", the present form)."""
    pairs = (p.split(">") for p in language(code).phrases_of.get("modality.backshift", ()))
    return tuple((squash(a), squash(b)) for a, b in pairs)


@lru_cache(maxsize=64)
def _heads(code: str) -> tuple[tuple[str, str], ...]:
    """Each hedge with the stem of its one verb ("ha chiesto": "chiest"; "plans to":
    "plan"); a hedge of several content words ("stelt voor") has none and is left out."""
    lang = language(code)
    out: list[tuple[str, str]] = []
    for hedge in phrase_list(code, "modality.hedges"):
        words = hedge.split()
        content = [w for w in words if w not in lang.stopwords] if len(words) > 1 else words
        if len(content) == 1:
            out.append((hedge, lang.fold(content[0])))
    return tuple(out)


def _reported(claim: str, evidence: str, code: str) -> str:
    """``evidence`` with each backshifted modal after a reporting verb put in the present,
    where the claim has the present form ("said ... could show" → "can show")."""
    verbs = speaker_words(code).verbs
    mine = f" {squash(claim)} "
    shifted = {
        past: present
        for past, present in _backshift(code)
        if f" {present} " in mine and f" {past} " not in mine
    }
    if not shifted:
        return evidence
    said = False
    out: list[str] = []
    last = 0
    for m in word_spans(evidence, _JOINED):
        word = plain(m.group())
        if said and word in shifted:
            out += [evidence[last : m.start()], shifted[word]]
            last = m.end()
        said = said or word in verbs
    return "".join([*out, evidence[last:]])


def _inflected(mine: str, theirs: str, code: str) -> str:
    """``theirs`` with the hedges of ``mine`` it writes in another form put in as ``mine``
    writes them ("Abbiamo chiesto" → "ha chiesto" where ``mine`` says "ha chiesto")."""
    lang = language(code)
    ours, other = f" {squash(mine)} ", f" {squash(theirs)} "
    for hedge, stem in _heads(code):
        if f" {hedge} " not in ours or f" {hedge} " in other:
            continue
        for m in word_spans(theirs, _JOINED):
            if lang.fold(plain(m.group())) == stem and not _future(theirs[: m.start()], code):
                theirs = theirs[: m.start()] + hedge + theirs[m.end() :]
                other = f" {squash(theirs)} "
                break
    return theirs


def _future(before: str, code: str) -> bool:
    """Whether ``before`` ends in a word of the future (``[modality] future``, ``not_yet``):
    "will ask" is no "asked"."""
    words = squash(before).split()[-2:]
    tail = f" {' '.join(words)} "
    marks = (*phrase_list(code, "modality.future"), *phrase_list(code, "modality.not_yet"))
    return any(tail.endswith(f" {mark} ") for mark in marks if mark)


@lru_cache(maxsize=1 << 12)
def modal_forms(claim: str, evidence: str, code: str) -> tuple[str, str]:
    """The claim and the evidence with their modal words in one form, for the modality
    check: the evidence's reported modals in the present (``_reported``), and a hedge one
    side writes in another inflection written as the other side writes it
    (``_inflected``)."""
    if language(code).cjk:
        return claim, evidence
    evidence = _reported(claim, evidence, code)
    claim, evidence = _inflected(evidence, claim, code), _inflected(claim, evidence, code)
    return claim, evidence
