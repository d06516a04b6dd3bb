"""The words that tie a statement to its speaker, per language: the ``speech_verbs``,
source markers and titles of the ``[rules]`` table, the ``[speakers]`` table (more reporting
verbs, English honorifics, object pronouns after a source marker), the ``[coref]`` pronouns and
the ``[modality]`` coordinators of ``text/languages/<code>.toml`` (``_support_speakers``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ._coref_words import coref_words
from .text._language import rule_words

__all__ = ["SpeakerWords", "speaker_words"]


@dataclass(frozen=True)
class SpeakerWords:
    """What ties a statement to its speaker in one language."""

    verbs: frozenset[str]  # reporting verbs, one word each, lower case
    before: tuple[tuple[str, ...], ...]  # source markers before the name ("according to")
    after: frozenset[str]  # source markers after the name ("zufolge")
    titles: tuple[str, ...]  # role words and honorifics before a name (fnmatch patterns)
    pronouns: frozenset[str]  # a person's pronouns (``[coref] person``)
    objects: frozenset[str]  # the same after a source marker ("volgens hem", "ihm zufolge")
    articles: frozenset[str]  # what opens a description ("the" of "the company": ``[coref]``)
    cjk_verbs: tuple[str, ...]  # Chinese and Japanese: reporting verbs as written
    topic: tuple[str, ...]  # Japanese: the topic particle after a speaker ("は")
    coordinators: frozenset[str]  # "and", "und" (``[modality]``): two names side by side


@cache
def speaker_words(code: str) -> SpeakerWords:
    """The reporting verbs, markers and titles of language ``code``."""
    rules = rule_words(code)
    path = resources.files("summarizer.text").joinpath("languages", f"{code}.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table = data.get("speakers", {})
    extra = [str(w) for w in table.get("verbs", [])]
    listed = [*rules.speech_verbs, *extra]
    return SpeakerWords(
        # one word each; not "so" ("..., so Krüger" / "nicht einfach so"): too common a word
        verbs=frozenset(p.lower() for v in listed for p in v.split()[-1:] if len(p) > 2),
        before=tuple(tuple(m.lower().split()) for m in rules.according_to),
        after=frozenset(m.lower() for m in rules.according_after),
        titles=(*rules.titles, *(str(w) for w in table.get("titles", []))),
        pronouns=frozenset(coref_words(code).person),
        objects=frozenset(str(w).lower() for w in table.get("pronouns", [])),
        articles=frozenset(p.split()[0] for p in coref_words(code).other if " " in p),
        cjk_verbs=tuple(dict.fromkeys(listed)),
        topic=rules.topic_markers,
        coordinators=frozenset(data.get("modality", {}).get("coordinators", [])),
    )
