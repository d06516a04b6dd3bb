"""Direction of the clause that states a claim (the hard check ``direction``).

A claim's direction word ("rose", "sale", "daalde") is contradicted when the evidence says
the opposite ("fell", "scende", "groei") in the clause that says what the claim says:

- the clause: the evidence is cut at clause punctuation and clause words ("while",
  "während", "mentre"); an opposite counts when its clause shares more of the claim's other
  words than every clause with a word of the claim's own direction (none: any opposite
  counts): "Book loans fell ..., while e-book loans rose" does not contradict "e-book
  lending grew", and "X fell, while Y rose" contradicts "X rose";
- the same direction in other words: two direction words that share an opposite ("rise" and
  "grow" both against "fall") agree, so "grew" on "rose" is no contradiction;
- a direction word of another sentence (the frame) is about that sentence's subject: the
  check reads the evidence sentences only (``elsewhere_in_frame``).

``with_hard_checks`` (``_verify_checks``) asks ``contradicted`` both to confirm the
vectorised judge's direction failure (which reads the whole evidence) and, on a supported
pair, to find an opposite in the claim's own clause.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from ._support_compared import exchanged_sides
from ._support_lexical import analyse
from .text._language import Language, language, plain

__all__ = ["clauses", "contradicted", "elsewhere_in_frame", "same_direction"]

_PUNCT: Final = r"[,;:](?!\d)|[()\[\]—–，；：、。！？!?]|\.\s"


@cache
def _splitter(code: str) -> re.Pattern[str]:
    """Clause punctuation, or a clause word of the language (as a whole word, plain)."""
    lang = language(code)
    words = sorted(lang.clause_words, key=len, reverse=True)
    if not words:
        return re.compile(_PUNCT)
    alternatives = "|".join(map(re.escape, words))
    if lang.cjk:
        return re.compile(f"{_PUNCT}|{alternatives}")
    return re.compile(rf"{_PUNCT}|\b(?:{alternatives})\b")


@lru_cache(maxsize=1 << 14)
def clauses(text: str, code: str) -> tuple[str, ...]:
    """The clauses of ``text`` that hold a word, as written: cut where its plain form
    (clause words are listed plain) has clause punctuation or a clause word; plain pieces
    when folding changed the length ("ß")."""
    low = plain(text)
    source = text if len(low) == len(text) else low
    cuts = [(m.start(), m.end()) for m in _splitter(code).finditer(low)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(low)]
    return tuple(source[a:b] for a, b in zip(starts, ends, strict=True) if source[a:b].strip())


def same_direction(a: str, b: str, lang: Language) -> bool:
    """Two direction keys that say the same: equal, or opposite to a common key ("rise" and
    "grow", both against "fall") and not to each other ("steigen" and "sinken" are both
    against "stabil")."""
    if a == b:
        return True
    theirs = lang.opposites.get(b, frozenset())
    return a not in theirs and not lang.opposites.get(a, frozenset()).isdisjoint(theirs)


def _shared(claim: str, code: str, parts: tuple[str, ...]) -> list[int]:
    """How many of the claim's words other than direction words each clause has."""
    lang = language(code)
    words = {w for w in analyse(claim, code).content if w not in lang.opposites}
    return [len(words & set(analyse(p, code).content)) for p in parts]


def contradicted(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """A direction word of ``claim`` of which ``evidence`` has an opposite in a clause that
    shares more of the claim's other words than every clause with a word of the claim's own
    direction (none: -1): ``(claim's, evidence's)`` as the check reads them (plain), or None.
    "Book loans fell, while e-book loans rose" does not contradict "e-book lending grew";
    "X fell, while Y rose" does contradict "X rose"."""
    lang = language(code)
    c = analyse(claim, code)
    mine = [(w, s) for w, s in c.content.items() if w in lang.opposites]
    if not mine:
        return None
    parts = clauses(evidence, code) or (evidence,)
    read = [analyse(p, code).content for p in parts]
    shared = _shared(claim, code, parts)
    for word, surface in mine:
        same, opposite, found = -1, -1, ""
        for p_text, content, n in zip(parts, read, shared, strict=True):
            keys = [w for w in content if w in lang.opposites]
            if any(same_direction(word, k, lang) for k in keys):
                same = max(same, n)
            against = [k for k in keys if k in lang.opposites[word] and k not in c.content]
            if against and _turned_round(claim, p_text, code):
                continue  # "B costs more than A" on "A costs less than B": both turned

            if against and n > opposite:
                opposite, found = n, content[against[0]]
        if opposite >= 0 and opposite > same:
            return surface, found
    return None


def _turned_round(claim: str, clause: str, code: str) -> bool:
    """Whether the two sides of the claim's comparison are exchanged in ``clause``, read from
    either side (``_support_compared``): with its direction word turned too, the same fact."""
    return (
        exchanged_sides(claim, clause, code) is not None
        or exchanged_sides(clause, claim, code) is not None
    )


def elsewhere_in_frame(
    check: str | None, claim: str, framed: str, evidence: str, code: str
) -> bool:
    """Whether a verdict on the framed premise that failed on ``check`` failed on words
    about another subject, so that it is judged again without that check (``_verify``):

    - a direction word whose opposite is in a clause or sentence about another subject
      (``contradicted`` on the framed premise: the title, the frame, the evidence);
    - a word the claim states that only a frame sentence negates, not the evidence ("sans
      la subvention régionale" two sentences before "l'aide régionale a été réduite"), when
      ``_negated_in_frame_only``; a negation the claim adds is read on the evidence).

    The hard checks then read the claim's direction and negation in the evidence sentences
    themselves."""
    if check == "direction":
        return contradicted(claim, framed, code) is None
    if check == "negation":
        return _negated_in_frame_only(claim, framed, evidence, code)
    return False


def _negated_in_frame_only(claim: str, framed: str, evidence: str, code: str) -> bool:
    """Every word of the claim that the framed premise only negates is negated in no
    evidence sentence: a negation of the frame, about another subject.
    Not in Chinese and Japanese, whose negation scope is read off characters around a cue:
    there the rule let two wrong claims through on probe g and kept none."""
    if language(code).cjk:
        return False
    c, f, e = analyse(claim, code), analyse(framed, code), analyse(evidence, code)
    stated = {w for w in c.positive if w in f.negated and w not in f.positive}
    return bool(stated) and stated.isdisjoint(e.negated)
