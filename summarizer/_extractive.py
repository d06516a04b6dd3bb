"""Steps 3–4 for the small embedded model: claims copied from the source, labelled by the model.

SmolLM2-135M cannot write a faithful free-form summary: asked to, it wrote the system prompt's
words as the title and claims the document never makes. So it is given a task it can do. The
claims are the document's own sentences (after dropping credits, navigation and subscription
lines; headlines and photo captions are offered but never become claims), in document order,
so every claim says exactly what its evidence says. The model is asked to *label* each one —
its kind, from the five kinds, and who it is attributed to, chosen from the speakers and
sources the document itself names (or null) — with the output constrained by llama.cpp's
grammar to exactly one label per sentence. Where a rule reads a label off the text
(``_rules``), ``POLICY`` says who decides: measured on the gold file, the rules' kinds and
sources beat the model's, so the rules decide both (BENCHMARKS.md;
``evals/tools/label_policies.py`` measures it again). The title, summary and key points are
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
from ._rules import (
    is_caption,
    is_cjk_heading,
    is_heading_line,
    named_sources,
    rule_attribution,
    rule_kind,
    sources_in,
    voices,
)
from ._schema import Alignment, Claim, ClaimKind, Evidence
from .text._detect import detect_language

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
_MAX_SPEAKERS = 16
_BULLET = re.compile(r"[-*•–]\s+")


@dataclass(frozen=True)
class RuleLabel:
    """What the rules (``_rules``) read off one offered sentence."""

    claim: bool  # False: a headline or a photo caption, not a statement
    kind: ClaimKind
    attributed_to: str | None
    explicit: bool  # the sentence names its own source ("..., security officials said")


@dataclass(frozen=True)
class LabelPolicy:
    """Who decides each label: the model (kept only where the sentence can bear it), or the
    rule. ``explicit-rule``: the rule when the sentence names its own source, else the model."""

    kind: Literal["model", "rule"]
    attribution: Literal["model", "rule", "explicit-rule"]


# Measured on the gold file, replaying the recorded labels (BENCHMARKS.md, "The embedded default
# on the gold file"): the model's labels did not beat the rules' on kind or attribution.
POLICY = LabelPolicy(kind="rule", attribution="rule")


@dataclass(frozen=True)
class Extract:
    """What one labelling call is about: the sentences offered, the speakers to choose, and
    what the rules say about each sentence."""

    sentences: tuple[Sentence, ...]
    speakers: tuple[str, ...]
    title: str | None = None
    rules: tuple[RuleLabel, ...] = ()


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
    as a heading (3 to 20 words, no closing full stop, not all capitals; in Chinese or
    Japanese, a short line of its own without closing punctuation)."""
    for sentence in statements(document)[:3]:
        text = sentence.text.strip().lstrip("#").strip()
        words = text.split()
        byline = words[:1] == ["By"]
        if 3 <= len(words) <= 20 and _is_heading(text) and not text.isupper() and not byline:
            return text
        if len(text) <= 40 and is_cjk_heading(text) and "\n" in document.text[sentence.end :][:2]:
            return text
    return None


def speakers(document: Document, sentences: Sequence[Sentence]) -> list[str]:
    """Sources the sentences name as saying, reporting or estimating something ("X said",
    "according to X", "estimated by X", ", said X"), in order of appearance: the closed list
    the model chooses ``attributed_to`` from."""
    found: list[str] = []
    for sentence in sentences:
        found += [name for name in named_sources(sentence.text) if name not in found]
    return found[:_MAX_SPEAKERS]


def plan_extract(document: Document, max_claims: int, language: str | None = None) -> Extract:
    """The sentences offered to the model, its speakers, and the rules' labels, read in the
    document's language (``language`` when given, else detected)."""
    sentences = candidate_sentences(document, max_claims)
    title = document_title(document)
    code = detect_language(document.text, language).code
    return Extract(
        tuple(sentences),
        tuple(speakers(document, sentences)),
        title,
        tuple(rule_labels(document, sentences, title, code)),
    )


def rule_labels(
    document: Document, sentences: Sequence[Sentence], title: str | None, lang: str = "en"
) -> list[RuleLabel]:
    """The rules' labels for ``sentences`` (``_rules``), in the language ``lang``."""
    who = voices(document)
    transcript = bool(who.turns)
    return [
        RuleLabel(
            claim=not is_heading_line(document, s, title) and not is_caption(document, s),
            kind=rule_kind(s.text, transcript=transcript, lang=lang),
            attributed_to=rule_attribution(who, s, lang),
            explicit=bool(sources_in(s.text, described=True, lang=lang)),
        )
        for s in sentences
    ]


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


def assemble(
    extract: Extract, labels: LabelsDraft, policy: LabelPolicy | None = None
) -> tuple[SummaryDraft, list[Claim]]:
    """Title, summary and key points from the first sentences; one claim per sentence that
    states something (not a headline or a caption), its text the sentence itself and its
    evidence that sentence, labelled by the model or the rule as ``policy`` says."""
    claims: list[Claim] = []
    policy = policy or POLICY
    rules = extract.rules or tuple(_no_rules(extract.sentences))
    if not extract.rules:  # nothing read by the rules: the model's labels, as checked
        policy = LabelPolicy(kind="model", attribution="model")
    for sentence, label, rule in zip(extract.sentences, labels.labels, rules, strict=False):
        if not rule.claim:
            continue
        model_source = _checked_source(label.attributed_to, sentence)
        by_rule = policy.attribution == "rule" or (
            policy.attribution == "explicit-rule" and rule.explicit
        )
        claims.append(
            Claim(
                text=sentence.text,
                kind=rule.kind
                if policy.kind == "rule"
                else _checked_kind(label.kind, sentence.text),
                attributed_to=rule.attributed_to if by_rule else model_source,
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
    texts = [s.text for s, rule in zip(extract.sentences, rules, strict=False) if rule.claim]
    title = extract.title or (_title(texts[0]) if texts else "")
    body = [t for t in texts if t.strip() != title]
    summary = " ".join(body[:2])
    draft = SummaryDraft(title=title, summary=summary, key_points=body[:4], claims=[])
    return draft, claims


def _no_rules(sentences: Sequence[Sentence]) -> list[RuleLabel]:
    """Every sentence a claim, labelled by the model (an ``Extract`` built without rules)."""
    return [RuleLabel(True, ClaimKind.FACT, None, False) for _ in sentences]


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
    return name if name in named_sources(sentence.text) else None


def _is_heading(text: str) -> bool:
    return not text.rstrip().endswith((".", "!", "?", '"', "”"))


def _title(text: str) -> str:
    """The first sentence, or its first clause when it is long."""
    words = text.split()
    if len(words) <= 20:
        return text.strip()
    head = re.split(r"[,;:—–]\s", text, maxsplit=1)[0]
    return head.strip() if len(head.split()) >= 3 else " ".join(words[:20])
