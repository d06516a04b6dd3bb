"""An acronym of the claim that the premise spells out, in lower case or capitalised.

"IA" for "inteligência artificial", "AI" for "artificial intelligence", "ONG" for
"organización no gubernamental": a claim that shortens a term the premise writes in full
states the same thing. The judge already reads the other way round (a name run of the claim
whose initials are an upper-case acronym of the premise, ``_support``); a term written in
lower case is no name run, so its initials are read here from every stretch of consecutive
lower-case words, the language's stopwords between them skipped ("of", "de").

Capitalised names are left out: their initials are often another name's ("USC" is the
University of Southern California and of South Carolina), and on REALSumm reading them
("USC", "QPR" from the summaries' names) moved the pinned figures (measured: accuracy on
articles 0-49 fell from .76645 to .76638). A capitalised name is present only when its
acronym is written. So is a name in a text written all in lower case (REALSumm's summaries:
"university of south carolina"), where nothing tells a name from a term.

Only the claim's acronyms the premise lacks are looked up (``spelled``), so the judge's hot
path pays nothing for a claim without one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from .text._language import language, plain
from .text._tokens import prepare, sentences, tokens

__all__ = ["spelled"]

_LONGEST: Final = 6  # letters of an acronym read from a premise's words
_SKIPPED: Final = 2  # stopwords in a row that a stretch may skip ("of the", "de la")


@lru_cache(maxsize=1 << 12)
def _spelled_in(sentence: str, code: str) -> frozenset[str]:
    """The initials of every stretch of two to ``_LONGEST`` content words of one sentence
    written in lower case, the stopwords between them skipped ("organización [de]
    consumidores") or not ("freedom of information"); punctuation, numbers and capitalised
    words end a stretch."""
    lang = language(code)
    out: set[str] = set()
    stretch: list[tuple[str, bool]] = []  # (initial, stopword?) of the current stretch
    skipped = 0
    for tok in tokens(sentence, 0, lang):
        low = plain(tok.text)
        if tok.kind != "word" or not low[:1].isalpha() or not tok.text[0].islower():
            stretch, skipped = [], 0
            continue
        stop = low in lang.stopwords
        skipped = skipped + 1 if stop else 0
        if skipped > _SKIPPED or (stop and not stretch):
            stretch, skipped = [], 0
            continue
        stretch = [*stretch, (low[0], stop)][-3 * _LONGEST :]
        if stop:
            continue
        for k in range(len(stretch) - 1):
            if stretch[k][1]:
                continue  # a stretch starts at a content word
            every = "".join(i for i, _ in stretch[k:])
            content = "".join(i for i, is_stop in stretch[k:] if not is_stop)
            out.update(x for x in (every, content) if 1 < len(x) <= _LONGEST)
    return frozenset(out)


def spelled(acronym: str, premise: str, code: str) -> bool:
    """Whether ``premise`` spells ``acronym`` (lower case, as the judge keys it) out in words
    whose initials it is ("ia": "inteligência artificial")."""
    acronym = plain(acronym)
    if not 1 < len(acronym) <= _LONGEST or not acronym.isalpha():
        return False
    lang = language(code)
    if lang.cjk or premise.islower():
        return False  # a text written all in lower case hides its names ("university of ...")
    return any(acronym in _spelled_in(s, code) for _, s in sentences(prepare(premise, lang), lang))
