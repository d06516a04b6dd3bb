"""Steps 3–4 for the small embedded model: claims copied from the source, labelled by the model.

SmolLM2-135M cannot write a faithful free-form summary: asked to, it wrote the system prompt's
words as the title and claims the document never makes. So it is given a task it can do. The
claims are the document's own sentences (after dropping credits, navigation and subscription
lines), in document order, so every claim says exactly what its evidence says; the model only
*labels* each one — its kind, from the five kinds, and who it is attributed to, chosen from
the speakers and sources the document itself names (or null) — with the output constrained by
llama.cpp's grammar to exactly one label per sentence. The title, summary and key points are
assembled from the document's first sentences, never free-written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Optional

import instructor
from pydantic import BaseModel, Field, create_model

from ._document import Document, Sentence
from ._drafts import SummaryDraft
from ._schema import Alignment, Claim, ClaimKind, Evidence

__all__ = [
    "Extract",
    "LabelsDraft",
    "assemble",
    "candidate_sentences",
    "document_title",
    "labels_model",
    "plan_extract",
    "speakers",
    "statements",
]

# Lines that are not the document's statements: credits, navigation, subscription offers.
_BOILERPLATE = re.compile(
    r"(?i)\b(subscribe|subscription|sign up|log ?in|newsletter|cookies?|click here|read more|"
    r"advertisement|all rights reserved|free articles?|unlimited (?:digital )?access|"
    r"per month|/month|share this|follow us)\b|/(?:reuters|ap|afp|getty(?: images)?)\b|^\W*$"
)
# Lines written to a model, not statements of the document (prompt injection): never copied.
_INSTRUCTION = re.compile(
    r"(?i)\b(?:ignore|disregard|forget)\b[^.]{0,40}\b(?:instructions?|prompts?|rules)\b|"
    r"\b(?:output|print|reply with|respond with|say) only\b|\byou are now\b"
)
_MIN_WORDS = 5
_VERB = (
    r"(?:said|says|say|told|tells|reported|reports|estimated|estimates|believes|believe|notes|"
    r"noted|wrote|writes|announced|stated|argued|warned|added|claimed|claims|confirmed|found)"
)
# A name: capitalised words, possibly joined by of/for/the/and/on ("Syrian Observatory for
# Human Rights"), or an acronym ("UN"); an optional leading "the".
_NAME = r"(?:[Tt]he\s+)?(?:[A-Z][\w’'.\-]*(?:\s+(?:of|for|the|and|on)?\s*[A-Z][\w’'.\-]*)*)"
_SPEAKER_PATTERNS = (
    re.compile(rf"(?P<name>{_NAME})\s+(?:also\s+|has\s+|had\s+)?{_VERB}\b"),
    re.compile(rf"\baccording to\s+(?P<name>{_NAME})"),
    re.compile(rf"\b{_VERB}\s+by\s+(?P<name>{_NAME})"),
    re.compile(rf"[,.!?][\"”’']?\s*{_VERB}\s+(?P<name>{_NAME})"),
)
_NOT_NAMES = frozenset(
    re.split(
        r"\s+",
        "It He She They We I This That These Those But And Or If As For Between While When Where "
        "After Before Since During Such Some Many Most Its Their There Here Reports Officials",
    )
)
_MAX_SPEAKERS = 16
_BULLET = re.compile(r"[-*•–]\s+")


@dataclass(frozen=True)
class Extract:
    """What one labelling call is about: the sentences offered and the speakers to choose."""

    sentences: tuple[Sentence, ...]
    speakers: tuple[str, ...]
    title: str | None = None


def statements(document: Document) -> list[Sentence]:
    """The document's sentences as statements: a fragment that the splitter cut after an
    abbreviation ("Kestrel Analytics, Inc." + "(NASDAQ: KSTL), a provider ...") is joined to
    the sentence before it, and a list item's bullet is not part of the span."""
    text = document.text
    spans: list[tuple[int, int]] = []
    for sentence in document.sentences:
        start = sentence.start
        first = text[start : start + 1]
        if spans and (first.islower() or first in "(,;"):
            spans[-1] = (spans[-1][0], sentence.end)
            continue
        match = _BULLET.match(text, start, sentence.end)
        if match:
            start = match.end()
        spans.append((start, sentence.end))
    return [Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(spans, 1) if e > s]


def candidate_sentences(document: Document, limit: int) -> list[Sentence]:
    """The first ``limit`` statements that state something: at least five words, with a
    lower-case word, no credit, navigation or subscription wording, and no instruction to a
    model ("ignore previous instructions", "output only ..."). If none qualifies,
    the first statements as they are (a document of headings is still summarized)."""
    every = statements(document)
    kept = [
        s
        for s in every
        if len(s.text.split()) >= _MIN_WORDS
        and any(w[:1].islower() for w in s.text.split())
        and not _BOILERPLATE.search(s.text)
        and not _INSTRUCTION.search(s.text)
    ]
    return (kept or every)[:limit]


def document_title(document: Document) -> str | None:
    """The document's own headline: among its first three statements, the first that reads
    as a heading (3 to 20 words, no closing full stop, not all capitals)."""
    for sentence in statements(document)[:3]:
        text = sentence.text.strip().lstrip("#").strip()
        words = text.split()
        byline = words[:1] == ["By"]
        if 3 <= len(words) <= 20 and _is_heading(text) and not text.isupper() and not byline:
            return text
    return None


def speakers(document: Document, sentences: Sequence[Sentence]) -> list[str]:
    """Sources the sentences name as saying, reporting or estimating something ("X said",
    "according to X", "estimated by X", ", said X"), in order of appearance: the closed list
    the model chooses ``attributed_to`` from."""
    found: list[str] = []
    for sentence in sentences:
        found += [name for name in _sources_in(sentence.text) if name not in found]
    return found[:_MAX_SPEAKERS]


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


def plan_extract(document: Document, max_claims: int) -> Extract:
    sentences = candidate_sentences(document, max_claims)
    return Extract(tuple(sentences), tuple(speakers(document, sentences)), document_title(document))


class LabelsDraft(BaseModel):
    """The model's answer: one label per offered sentence, in order."""

    labels: list[Any]


@lru_cache(maxsize=64)
def labels_model(count: int, names: tuple[str, ...]) -> type[LabelsDraft]:
    """Exactly ``count`` labels; ``attributed_to`` is one of ``names`` or null."""
    who: Any = Optional[Literal.__getitem__(names)] if names else None  # noqa: UP045
    label = create_model(
        "Label",
        kind=(ClaimKind, ...),
        attributed_to=(who, Field(...)),
    )
    model: type[LabelsDraft] = create_model(
        "SentenceLabels",
        __base__=LabelsDraft,
        labels=(list[label], Field(min_length=count, max_length=count)),  # type: ignore[valid-type]
    )
    wrapped: type[LabelsDraft] = instructor.openai_schema(model)
    return wrapped


def assemble(extract: Extract, labels: LabelsDraft) -> tuple[SummaryDraft, list[Claim]]:
    """Title, summary and key points from the first sentences; one claim per sentence, its
    text the sentence itself and its evidence that sentence, labelled as the model said."""
    claims: list[Claim] = []
    for sentence, label in zip(extract.sentences, labels.labels, strict=False):
        claims.append(
            Claim(
                text=sentence.text,
                kind=_checked_kind(label.kind, sentence.text),
                attributed_to=_checked_source(label.attributed_to, sentence),
                evidence=[
                    Evidence(
                        quote=sentence.text,
                        start=sentence.start,
                        end=sentence.end,
                        alignment=Alignment.SENTENCE,
                        score=1.0,
                    )
                ],
            )
        )
    texts = [s.text for s in extract.sentences]
    title = extract.title or (_title(texts[0]) if texts else "")
    body = [t for t in texts if t.strip() != title]
    summary = " ".join(body[:2])
    draft = SummaryDraft(title=title, summary=summary, key_points=body[:4], claims=[])
    return draft, claims


_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|"
    r"thousand|million|billion|percent)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”][^\"“”]{12,}[\"“”]")


_FUTURE = re.compile(
    r"(?i)\b(?:will|would|expects?|expected|forecasts?|plans?|planned|projects?|projected|"
    r"next (?:year|month|week|quarter)|guidance|outlook|aims?|intends?|likely)\b"
)
_JUDGEMENT = re.compile(
    r"(?i)\b(?:should|must|ought|wrong|right|best|worst|better|worse|good|bad|clearly|"
    r"believes?|thinks?|argues?|says?|said|honest|mistake|failing|strongest|weakest)\b"
)


def _checked_kind(kind: ClaimKind, text: str) -> ClaimKind:
    """A label the sentence cannot bear is not kept, and falls back to "fact": a statistic
    needs a number, a quote quoted words, a prediction a word about the future, an opinion a
    word of judgement."""
    needs = {
        ClaimKind.STATISTIC: _NUMBER,
        ClaimKind.QUOTE: _QUOTED,
        ClaimKind.PREDICTION: _FUTURE,
        ClaimKind.OPINION: _JUDGEMENT,
    }
    pattern = needs.get(kind)
    if pattern is not None and not pattern.search(text):
        return ClaimKind.FACT
    return kind


def _checked_source(name: str | None, sentence: Sentence) -> str | None:
    """An attribution is grounded like evidence: the sentence itself must attribute something
    to that source ("X said", "according to X", "estimated by X"), not merely name it."""
    if name is None:
        return None
    return name if name in _sources_in(sentence.text) else None


def _sources_in(text: str) -> list[str]:
    """The sources ``text`` attributes something to, each once, pattern by pattern."""
    names: list[str] = []
    for pattern in _SPEAKER_PATTERNS:
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name and name not in names:
                names.append(name)
    return names


def _is_heading(text: str) -> bool:
    return not text.rstrip().endswith((".", "!", "?", '"', "”"))


def _title(text: str) -> str:
    """The first sentence, or its first clause when it is long."""
    words = text.split()
    if len(words) <= 20:
        return text.strip()
    head = re.split(r"[,;:—–]\s", text, maxsplit=1)[0]
    return head.strip() if len(head.split()) >= 3 else " ".join(words[:20])
