"""A name the document uses elsewhere put in for the evidence's entity.

"Molina prometió bajar el precio" on "Herrera prometió bajar el precio"; "Freiburg war in
Führung gegangen" on "Bochum war in Führung gegangen"; "The Millbrook Walkers Association had
argued" on "The council had argued". The claim's name is in the document (so the frame
answers the names check) and the evidence's own subject is a name of another entity. The
substitution check (``_support_pairs.substitution``) sees names inside a sentence; a name at
the start of a sentence, or a common noun that is part of another name of the document
("council" of "Ashford District Council"), is this module's.

The claim and the evidence are aligned (difflib, folded words); a stretch the claim replaces
at the start or between agreeing words, where the claim's words all belong to one name of the
document before the evidence and the evidence's content words all to another name (sharing
no word with it), is a ``name`` failure. A description of the same entity ("La candidata del
Partido Verde" for "Herrera", "the association" for "the Millbrook Walkers Association") is
not all one other name, so it passes.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Final

from ._support_lexical import analyse
from ._support_nouns import headed_by
from .text._language import language, plain
from .text._phrases import phrase_list
from .text._tokens import prepare, sentences, tokens

__all__ = ["context_name_swapped", "level_swapped"]

_MAX_WORDS: Final = 4  # words on the claim's side of a replaced stretch


def _words(text: str, code: str) -> tuple[list[str], list[str], list[bool]]:
    """(surface, folded, content?) of each word of ``text``."""
    lang = language(code)
    prepared = prepare(text, lang)
    toks = [t for start, s in sentences(prepared, lang) for t in tokens(s, start, lang)]
    toks = [t for t in toks if t.kind == "word"]
    low = [plain(t.text) for t in toks]
    return (
        [t.text for t in toks],
        [lang.fold(w) for w in low],
        [w not in lang.stopwords for w in low],
    )


def context_name_swapped(
    claim: str, evidence: str, context: str, code: str
) -> tuple[str, str] | None:
    """The claim's name and the evidence's other name in one slot, or None; or a level of
    government put in for the evidence's (``level_swapped``)."""
    if language(code).cjk:
        return None
    level = level_swapped(claim, evidence, code)
    if level is not None or not context:
        return level
    runs = [frozenset(r.words) for r in analyse(context, code).names]
    if len(runs) < 2:
        return None
    c_surface, c_words, c_content = _words(claim, code)
    e_surface, e_words, e_content = _words(evidence, code)
    c_set, e_set = set(c_words), set(e_words)
    ops = difflib.SequenceMatcher(None, c_words, e_words, autojunk=False).get_opcodes()
    for n, (op, c1, c2, e1, e2) in enumerate(ops):
        after = n + 1 < len(ops) and ops[n + 1][0] == "equal"
        before = n > 0 and ops[n - 1][0] == "equal"
        if op != "replace" or not after or not (before or (c1 == 0 and e1 == 0)):
            continue
        if not all(c_surface[k][:1].isupper() for k in range(c1, c2) if c_content[k]):
            continue  # the claim's side is a name ("Molina"), not a description ("the committee")
        mine = [c_words[k] for k in range(c1, c2) if c_content[k]]
        theirs = [e_words[k] for k in range(e1, e2) if e_content[k]]
        if not mine or not theirs or len(mine) > _MAX_WORDS or len(theirs) > _MAX_WORDS:
            continue
        if any(w in e_set for w in mine) or any(w in c_set for w in theirs):
            continue
        if any(headed_by(a, b) or headed_by(b, a) for a in mine for b in theirs):
            continue  # "Schulbehörde" for "Behörde": the same, named in full (_support_nouns)
        own = [r for r in runs if all(w in r for w in mine)]
        other = [r for r in runs if all(w in r for w in theirs)]
        if any(not (a & b) for a in own for b in other):
            return " ".join(c_surface[c1:c2]), " ".join(e_surface[e1:e2])
    return None


@lru_cache(maxsize=16)
def _levels(code: str) -> tuple[frozenset[str], ...]:
    """``[coref] levels``: the words of each level of government (municipal, regional,
    national), plain."""
    return tuple(frozenset(plain(w) for w in p.split()) for p in phrase_list(code, "coref.levels"))


def level_swapped(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """A level of government put in for the evidence's: the claim has a word of one level
    (``[coref] levels``) and the evidence none of that level, but a word of another level
    that the claim has none of ("selon la région" / "selon la mairie", "un contributo
    statale" / "regionale"): (the claim's word, the evidence's), or None. A claim that
    writes both ("la Regione" for "regionale", "the city council" for "the council") passes."""
    levels = _levels(code)
    if not levels:
        return None
    c_surface, _, _ = _words(claim, code)
    e_surface, _, _ = _words(evidence, code)
    mine = [_level_of(w, levels) for w in c_surface]
    theirs = [_level_of(w, levels) for w in e_surface]
    for a in dict.fromkeys(x for x in mine if x >= 0):
        if a in theirs:
            continue
        other = next((k for k, b in enumerate(theirs) if b >= 0 and b not in mine), None)
        if other is not None:
            return c_surface[mine.index(a)], e_surface[other]
    return None


def _level_of(word: str, levels: tuple[frozenset[str], ...]) -> int:
    low = plain(word)
    return next((k for k, words in enumerate(levels) if low in words), -1)
