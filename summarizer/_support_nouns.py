"""German name runs without the words a dictionary knows as common nouns.

German capitalises every noun, so a claim's capitalised words are names only in part:
"Nach Einschätzung der Bundesanstalt", "nach monatelangen Gesprächen", "drei Wochen Zeit",
"Lehrerinnen und Lehrern", "benötigten Mittel". The determiner rule of ``_support_capitals``
sees a noun after an article or a number; a noun without one (a plural, a noun after a
preposition or an adjective) is this module's: a word the German dictionary
(``text._nouns``) has as a common noun is no name of the claim, unless

- the document or the claim writes it as part of a proper name (the document: wherever the
  claim writes it then; "Sabine Müller" in the claim: a person put in, though a noun): a
  person's, right after a first name of the dictionary or a title ("Sabine Keller",
  "Bürgermeister Koch", "Herr Fischer") or after a capitalised word the dictionary does not
  know ("Mehmet Koch"); an institution's, after a capitalised word and a link word
  (``[capitals] name_links``: "Bundesanstalt für Arbeitsschutz");
- it ends like a street or place name (``[capitals] place_endings``: "am Marktplatz", "im
  Schwarzwald"), which stay names as before;
- it is a place name of the dictionary ("Polen", "Essen"), or one with an adjective ending
  (``[capitals] adjective_endings``: "die Kölner Polizei");
- the run has a noun declined as an adjective before another word ("Fraktion Grüne Liste",
  "Deutsche Bahn"): a capitalised adjective marks the run a name, all of it stays.

A claim that puts another entity's name (a surname, a town, a company the dictionary does
not know) for the evidence's is still caught: those words stay in the run.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .text._common_words import place_like, sentence_words, title
from .text._language import Language, language, plain
from .text._nouns import adjectival, common_noun, compound_noun, first_name, place_adjective
from .text._tokens import Token, prepare, sentences, tokens

__all__ = ["headed_by", "proper_in", "proper_words", "without_common_nouns"]

_PLACE_ADJECTIVE = "er"  # "Bielefelder", "Hamburger": a place's adjective, no first name


def _names_person(prev: Token, lang: Language) -> bool:
    """Whether the capitalised word ``prev`` makes the next capitalised word a person's name:
    a first name or a title, or a word the dictionary does not know, neither as a noun nor
    as a compound of one ("Getriebegehäuse"), nor a place adjective."""
    text = prev.text
    if prev.kind != "word" or not text[:1].isupper():
        return False
    low = plain(text)
    if low in lang.stopwords or low in sentence_words(lang.code):  # "Das", "Laut", "Etwa"
        return False
    if title(low, lang.code) or first_name(text):
        return True
    return not (common_noun(text) or compound_noun(text) or low.endswith(_PLACE_ADJECTIVE))


def _links_name(toks: list[Token], k: int, lang: Language) -> bool:
    """Whether the word at ``k`` follows a capitalised word and a link word of a German
    institution's name (``[capitals] name_links``: "Bundesanstalt für Arbeitsschutz")."""
    links = lang.phrases_of.get("capitals.name_links", ())
    return (
        k >= 2
        and plain(toks[k - 1].text) in links
        and toks[k - 2].kind == "word"
        and toks[k - 2].text[:1].isupper()
    )


def proper_words(toks: list[Token], lang: Language) -> Iterable[str]:
    """German: the folded words of a sentence (``toks``) that it writes as part of a proper
    name: a person's (after a first name or a title) or an institution's (after a link)."""
    if not lang.nouns_capitalised:
        return
    for k in range(1, len(toks)):
        tok = toks[k]
        if tok.kind != "word" or not tok.text[:1].isupper():
            continue
        if _names_person(toks[k - 1], lang) or _links_name(toks, k, lang):
            yield lang.fold(tok.text)


@lru_cache(maxsize=1 << 14)
def proper_in(text: str, code: str) -> frozenset[str]:
    """German: the folded words ``text`` (a claim) writes as part of a proper name
    ("Sabine Müller": a person, though "Müller" is a noun)."""
    lang = language(code)
    if not lang.nouns_capitalised:
        return frozenset()
    return frozenset(
        w
        for _, s in sentences(prepare(text, lang), lang)
        for w in proper_words(tokens(s, 0, lang), lang)
    )


def without_common_nouns(
    words: tuple[str, ...], surface: str, proper: frozenset[str], code: str
) -> tuple[tuple[str, ...], str]:
    """A German name run (folded ``words``, ``surface``) without its common nouns; the run
    as it is where its surface and words do not align."""
    lang = language(code)
    parts = surface.split(" ")
    if len(parts) != len(words):  # words dropped before (the determiner rule): realign
        parts = [s for s in parts if lang.fold(s) in words]
    if not lang.nouns_capitalised or len(parts) != len(words):
        return words, surface
    if any(adjectival(s) for s in parts[:-1]):  # "Grüne Liste": an adjective of a name
        return words, surface
    keep = [
        k
        for k, (w, s) in enumerate(zip(words, parts, strict=True))
        if w in proper
        or (len(s) > 1 and s.isupper())  # an acronym ("BUND" is no "Bund")
        or place_like(plain(s), code)
        or not common_noun(s)
        or place_adjective(s, lang.phrases_of.get("capitals.adjective_endings", ()))
    ]
    if len(keep) == len(parts):
        return words, surface
    return tuple(words[k] for k in keep), " ".join(parts[k] for k in keep)


_HEAD_MIN = 4  # letters of a compound's head ("Schul|behörde", "Handy|frage")


def headed_by(compound: str, head: str) -> bool:
    """Whether the folded word ``compound`` is a compound of the folded word ``head`` (its
    last part, with letters before it): "schulbehord" of "behord". The document's "die
    Schulbehörde" is the evidence's "die Behörde", named in full."""
    return len(head) >= _HEAD_MIN and len(compound) > len(head) and compound.endswith(head)
