"""Pronouns and descriptions: what a sentence writes for a subject it named before.

"Sie räumte aber ein, ..." after "Kröger betonte ..."; "Het bedrijf investeert ..." after
"het Zweedse bedrijf Nordhavn Data"; "同社によると" after "赤石鉄道は". A claim written to stand
alone puts the name back ("Sabine Kröger räumte ein"); that is a restatement, not a name of its
own. The words are data, per language (the ``[coref]`` table of ``text/languages/<code>.toml``):
``person`` (he, she, er, sie, 他, 彼) and ``other`` (it, the company, das Unternehmen, 公司,
同社).

- ``subject_pronoun``: the evidence's subject is one of them (among its first words);
- ``stands_for``: the evidence's side of a name swap is one of them ("华宇" where the evidence
  has "公司", "Minas Gerais" where it has "o estado"): a name put in for a pronoun or a
  description is coreference, not a swap (a name put in for another name still is).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final, Literal

# below the tokeniser's floor: its word pattern, where ``text._tokens`` has it from
from .text._word_pattern import word_texts

__all__ = ["CorefWords", "coref_words", "stands_for", "subject_pronoun"]

_LEAD: Final = 3  # the evidence's first words in which its subject is looked for
# a word elided with an apostrophe is read whole, as the lists write it ("l'entreprise")
_JOINED: Final = "'’"

Kind = Literal["person", "other"]


@dataclass(frozen=True)
class CorefWords:
    """The ``[coref]`` table of one language, folded to lower case."""

    person: tuple[str, ...]
    other: tuple[str, ...]


@cache
def coref_words(code: str) -> CorefWords:
    """The ``[coref]`` words of language ``code`` (empty where its file has none)."""
    path = resources.files("summarizer.text").joinpath("languages", f"{code}.toml")
    if not code.isalpha() or not path.is_file():
        return CorefWords((), ())
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("coref", {})
    return CorefWords(
        tuple(str(w).lower() for w in table.get("person", [])),
        tuple(str(w).lower() for w in table.get("other", [])),
    )


def subject_pronoun(evidence: str, code: str, cjk: bool) -> Kind | None:
    """Whether the evidence's subject (among its first ``_LEAD`` words; in Chinese and
    Japanese, at its start) is a pronoun or a description of a person (``"person"``) or of
    something else (``"other"``)."""
    words = coref_words(code)
    kinds: tuple[tuple[Kind, tuple[str, ...]], ...] = (
        ("other", words.other),
        ("person", words.person),
    )
    if cjk:
        head = evidence.lstrip('「『“"（(【 ')
        return next((k for k, listed in kinds if any(head.startswith(w) for w in listed)), None)
    lead = [w.lower() for w in word_texts(evidence, _JOINED)[:_LEAD]]
    padded = f" {' '.join(lead)} "
    for kind, listed in kinds:
        if any(f" {phrase} " in padded for phrase in listed):
            return kind
    return None


def stands_for(surface: str, code: str) -> bool:
    """Whether ``surface`` (the evidence's side of a swap) is or holds a pronoun or a
    description of the language ("公司在", "他同时", "o estado", "同社")."""
    words = coref_words(code)
    low = surface.lower()
    listed = words.person + words.other
    if any("\u3040" <= ch <= "\u9fff" for ch in low):
        return any(w in low for w in listed)  # Chinese, Japanese: no spaces between words
    padded = f" {' '.join(word_texts(low, _JOINED))} "
    return any(f" {w} " in padded for w in listed)
