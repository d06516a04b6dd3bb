"""An acronym of the claim that the premise spells out, in lower case or capitalised.

"IA" for "inteligência artificial", "OCA" for "Organización de Consumidores de Aragón", "FDA"
for "the Food and Drug Administration": a claim that shortens a name the premise writes in
full states the same entity. The judge already reads the other way round (a name run of the
claim whose initials are an upper-case acronym of the premise, ``_support``); a premise's name
written in lower case ("inteligência artificial") is no name run, so its initials are read here
from every stretch of consecutive words, the language's stopwords between them skipped ("de",
"of", "and": "Organización [de] Consumidores [de] Aragón" is "oca").

Only the claim's acronyms the premise lacks are looked up (``spelled``), so the judge's hot
path pays nothing for a claim without one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from .text._language import language, plain
from .text._tokens import prepare, sentences, tokens

__all__ = ["spelled", "spelled_out"]

_LONGEST: Final = 6  # letters of an acronym read from a premise's words
_SKIPPED: Final = 2  # stopwords in a row that a stretch may skip ("of the", "de la")


@lru_cache(maxsize=1 << 12)
def _spelled_in(sentence: str, code: str) -> frozenset[str]:
    """The initials of every stretch of two to ``_LONGEST`` content words of one sentence,
    stopwords between them skipped; punctuation and numbers end a stretch."""
    lang = language(code)
    out: set[str] = set()
    words: list[str] = []  # the current stretch's content words' initials
    skipped = 0
    for tok in tokens(sentence, 0, lang):
        low = plain(tok.text)
        if tok.kind != "word" or not low[:1].isalpha():
            words, skipped = [], 0
            continue
        if low in lang.stopwords:
            skipped += 1
            if skipped > _SKIPPED or not words:
                words, skipped = [], 0
            continue
        skipped = 0
        words = [*words[-(_LONGEST - 1) :], low[0]]
        for k in range(len(words) - 1):
            out.add("".join(words[k:]))
    return frozenset(out)


def spelled(acronym: str, premise: str, code: str) -> bool:
    """Whether ``premise`` spells ``acronym`` (lower case, as the judge keys it) out in words
    whose initials it is ("ia": "inteligência artificial")."""
    acronym = plain(acronym)
    if not 1 < len(acronym) <= _LONGEST or not acronym.isalpha():
        return False
    lang = language(code)
    if lang.cjk:
        return False
    return any(acronym in _spelled_in(s, code) for _, s in sentences(prepare(premise, lang), lang))


def spelled_out(word: str, text: str, code: str) -> bool:
    """Whether ``word`` is an acronym (upper case) that ``text`` spells out in words."""
    return len(word) > 1 and word.isupper() and spelled(word.casefold(), text, code)
