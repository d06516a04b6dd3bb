"""What a rule decides on the embedded path, before and instead of the small model.

SmolLM2-135M labels the sentences copied from a document (``_extractive``). Where a rule can
read the answer off the text, the rule decides (issue 17, measured on the gold file: see
BENCHMARKS.md, "The embedded default on the gold file"):

- **not a claim**: the document's headline, any other heading line, and a photo caption (the
  sentence right after a credit line such as "Thaier Al-Sudani/REUTERS");
- **who said it**: a sentence that names its own source ("..., security officials said",
  "according to the UN", "Reuters reports that ...") is attributed to that source, the innermost
  (last-named) one when there are several; a transcript turn ("LOWE: ...") to its speaker, by
  the full name the header gives; a signed piece ("By Ingrid Solberg") to its author;
- **which kind**: in the gold file's order (evals/README.md, "Which kind"): quoted words, then
  a word of judgement, then a word about the future, then a number that is not a date, else a
  fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._document import Document, Sentence
from ._rules_language import LanguageRules, rules_for
from ._schema import ClaimKind
from .text._language import rule_words, supported_languages
from .text._tokens import word_texts

__all__ = [
    "Voices",
    "is_caption",
    "is_cjk_heading",
    "is_heading_line",
    "named_sources",
    "rule_attribution",
    "rule_kind",
    "sources_in",
    "voices",
]

_ENGLISH = rule_words("en")  # its [rules] table: the words; the shapes are below


def _words(forms: tuple[str, ...]) -> str:
    """English forms as one alternation: ``*`` any letters, a space a space."""
    return "(?:" + "|".join(re.escape(f).replace(r"\*", r"\w*") for f in forms) + ")"


_VERB = _words(_ENGLISH.speech_verbs)
# A name: capitalised words, possibly joined by of/for/the/and/on ("Syrian Observatory for
# Human Rights"), or an acronym ("UN"); an optional leading "the".
_NAME = r"(?:[Tt]he\s+)?(?:[A-Z][\w’'.\-]*(?:\s+(?:of|for|the|and|on)?\s*[A-Z][\w’'.\-]*)*)"
# An anonymous source the document describes in lower case ("security officials said").
_DESCRIBED = (
    r"(?:[a-z][\w’'\-]*\s+){0,3}(?:officials|spokesm[ae]n|spokeswoman|spokesperson|residents|"
    r"activists?|analysts|experts|police|authorities|sources|witnesses|critics|lawyers)"
)
SPEAKER_PATTERNS = (
    re.compile(rf"(?P<name>{_NAME})\s+(?:also\s+|has\s+|had\s+)?{_VERB}\b"),
    re.compile(rf"\b{_words(_ENGLISH.according_to)}\s+(?P<name>{_NAME})"),
    re.compile(rf"\b{_VERB}\s+by\s+(?P<name>{_NAME})"),
    re.compile(rf"[,.!?][\"”’']?\s*{_VERB}\s+(?P<name>{_NAME})"),
)
# The rules read more than the model is offered (its list is part of the recorded requests):
# ", said X" only when X ends the clause, an appositive name (", José Álvarez-Núñez, said"),
# and described sources, after a comma or opening the sentence ("Critics say").
_RULE_PATTERNS = (
    *SPEAKER_PATTERNS[:3],
    re.compile(rf"[,.!?][\"”’']?\s*{_VERB}\s+(?P<name>{_NAME})(?=\s*(?:[,.;]|$))"),
    re.compile(rf",\s+(?P<name>{_NAME}),\s+(?:also\s+)?{_VERB}\b"),
)
_DESCRIBED_SOURCE = re.compile(
    rf"(?:,\s+|^(?:[Tt]he\s+)?)(?P<name>(?i:{_DESCRIBED}))\s+(?:also\s+)?{_VERB}\b"
)
_HONORIFIC = re.compile(r"^(?:Councillor|Councilman|Councilwoman|Dr|Mr|Mrs|Ms|Judge|Justice)\.?\s+")
_NOT_NAMES = frozenset(
    re.split(
        r"\s+",
        "It He She They We I This That These Those But And Or If As For Between While When Where "
        "After Before Since During Such Some Many Most Its Their There Here Reports Officials",
    )
)
# A photo credit on a line of its own: "Name Surname/AGENCY", "Photo: ...", "(Photo by ...)".
_CREDIT = re.compile(
    r"(?im)^[^\n]{0,60}/(?:reuters|ap|afp|getty(?: images)?|epa|ap photo)\s*$"
    r"|^\(?(?:photo|photograph|image|picture)(?: by|:)[^\n]*$"
)
_TURN = re.compile(r"(?m)^(?P<speaker>[A-Z][A-Z’'\-]+):\s")
_BYLINE = re.compile(r"(?m)^By\s+(?P<name>[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){1,3})\s*$")
_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")  # kana and the common Han characters
_PERSON = re.compile(r"\b[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)+")

_QUOTED = re.compile(r"[\"“”][^\"“”]{12,}[\"“”]")
_OPINION = re.compile(rf"(?i)\b{_words(_ENGLISH.opinion)}\b")
_FUTURE = re.compile(rf"(?i)\b{_words(_ENGLISH.future)}\b")
_DATE = re.compile(
    r"(?i)\b(?:(?:19|20)\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d+(?:\.\d+){2,}"
    r"|\d{1,2}:\d\d|\d+(?:st|nd|rd|th))\b"
    # a duration that locates an event in time ("nearly two decades", "a four-week curfew"),
    # and "one of" (not a count)
    r"|(?i:\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]"
    r"(?:days?|weeks?|months?|years?|decades?)\b|\bone of\b)"
)
_QUANTITY = re.compile(
    r"(?i)\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?|billions?|percent|half|a third|a quarter)\b"
)


def _clean_name(raw: str) -> str | None:
    words = raw.strip(" .,’'-").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    name = " ".join(words)
    if len(name) < 2 or not name[0].isupper() or any(c in name for c in '"\\{}[]'):
        return None
    return name


def named_sources(text: str) -> list[str]:
    """The named sources ``text`` attributes something to ("X said", "according to X",
    "estimated by X", ", said X"), each once, pattern by pattern: the closed list the model
    chooses ``attributed_to`` from (its order is part of the request's schema)."""
    names: list[str] = []
    for pattern in SPEAKER_PATTERNS:
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name and name not in names:
                names.append(name)
    return names


def sources_in(text: str, *, described: bool = False, lang: str = "en") -> list[str]:
    """The sources ``text`` attributes something to, each once, in order of position;
    ``described``: also anonymous ones described in lower case ("security officials").
    ``lang``: the document's language; its data file's words where it is not English."""
    other = _other(lang)
    if other is not None:
        return other.sources(text)
    found: list[tuple[int, str]] = []
    for pattern in _RULE_PATTERNS if described else SPEAKER_PATTERNS:
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name:
                found.append((match.start("name"), _HONORIFIC.sub("", name)))
    if described:
        found += [
            (m.start("name"), m.group("name").lower()) for m in _DESCRIBED_SOURCE.finditer(text)
        ]
    names: list[str] = []
    for _, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


def is_heading_line(document: Document, sentence: Sentence, title: str | None) -> bool:
    """A headline: the document's title, a Markdown heading, or a line of its own with no
    closing punctuation whose words are mostly capitalised."""
    text = sentence.text.strip()
    if title is not None and text.lstrip("#").strip() == title:
        return True
    whole_line = _line(document, sentence) == text
    if not whole_line or text.endswith((".", "!", "?", '"', "”", ":", "。", "！", "？", "」")):
        return False
    if is_cjk_heading(text):
        return True
    # a word joined by a hyphen or an apostrophe counts once ("Covid-Rules", "O'Brien")
    words = [w for w in word_texts(text, "-'’") if len(w) > 3 and not w[0].isdecimal()]
    capitalised = sum(w[0].isupper() for w in words)
    return text.startswith("#") or (bool(words) and capitalised >= 0.6 * len(words))


def is_cjk_heading(text: str) -> bool:
    """A Chinese or Japanese line with no closing punctuation: there are no capitals to count
    (the caller knows it is a line of its own)."""
    ends = (".", "!", "?", '"', "”", ":", "。", "！", "？", "」")
    return bool(_CJK.search(text)) and " " not in text and not text.endswith(ends)


def is_caption(document: Document, sentence: Sentence) -> bool:
    """The first sentence after a photo credit line (a caption, not a statement)."""
    before = document.text[: sentence.start].rstrip(" \t")
    if not before.endswith("\n"):
        return False
    previous = before[:-1].rsplit("\n", 1)[-1]
    return bool(_CREDIT.fullmatch(previous.strip()))


def _line(document: Document, sentence: Sentence) -> str:
    text = document.text
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    return text[start : len(text) if end < 0 else end].strip().lstrip("-*• ").strip()


@dataclass(frozen=True)
class Voices:
    """Who speaks where, read from the whole document: transcript turns and a byline."""

    turns: tuple[tuple[int, str], ...]  # (offset where the turn starts, speaker's full name)
    author: str | None

    def speaker_at(self, offset: int) -> str | None:
        speaker = None
        for start, name in self.turns:
            if start > offset:
                break
            speaker = name
        return speaker


def voices(document: Document) -> Voices:
    text = document.text
    people = _PERSON.findall(text[:2000])
    turns: list[tuple[int, str]] = []
    for match in _TURN.finditer(text):
        short = match.group("speaker")
        full = next((p for p in people if p.split()[-1].upper() == short.upper()), None)
        turns.append((match.start(), _HONORIFIC.sub("", full) if full else short.title()))
    byline = _BYLINE.search(text[:1000])
    return Voices(tuple(turns), byline.group("name") if byline else None)


def rule_attribution(voices: Voices, sentence: Sentence, lang: str = "en") -> str | None:
    """The sentence's own (innermost) source, else the transcript speaker, else the author of a
    signed piece, else None (the document's own voice). ``lang``: the document's language."""
    named = sources_in(sentence.text, described=True, lang=lang)
    if named:
        return named[-1]
    return voices.speaker_at(sentence.start) or voices.author


def rule_kind(text: str, *, transcript: bool = False, lang: str = "en") -> ClaimKind:
    """The first kind that applies, in the gold file's order. ``lang``: the document's
    language; its data file's words where it is not English."""
    other = _other(lang)
    if other is not None:
        return other.kind(text, transcript=transcript)
    if not transcript and _QUOTED.search(text):
        return ClaimKind.QUOTE
    if _OPINION.search(text):
        return ClaimKind.OPINION
    if _FUTURE.search(text):
        return ClaimKind.PREDICTION
    if _QUANTITY.search(_DATE.sub(" ", text)):
        return ClaimKind.STATISTIC
    return ClaimKind.FACT


def _other(lang: str) -> LanguageRules | None:
    """The rules of a language other than English that has a data file; None for English,
    and for a language without one (the English rules, as before languages were told)."""
    if lang == "en" or lang not in supported_languages():
        return None
    return rules_for(lang)
