"""The embedded model's default task: label sentences copied from the document (``_extractive``).

The replayed test holds a real exchange with the embedded llama.cpp server (SmolLM2-135M),
recorded with ``pytest --record-mode=once tests/integration/test_extract.py``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from summarizer import ClaimKind, Document, Summarizer
from summarizer._extractive import (
    LabelPolicy,
    LabelsDraft,
    assemble,
    candidate_sentences,
    document_title,
    labels_model,
    plan_extract,
    speakers,
    statements,
)
from summarizer._prompts import PromptTemplates
from summarizer._rules import rule_attribution, rule_kind, voices
from tests.support.common import embedded_options


def test_candidates_skip_credits_and_subscription_lines(seed_text: str) -> None:
    document = Document(seed_text)
    texts = [s.text for s in candidate_sentences(document, 100)]
    assert texts[0] == "Islamic State: US airstrikes, internal divisions take toll on militants"
    assert "Thaier Al-Sudani/REUTERS" not in texts
    assert not any("Subscribe" in t or "free articles" in t or "/month" in t for t in texts)
    assert len(candidate_sentences(document, 12)) == 12


def test_speakers_are_the_sources_the_document_names(seed_text: str) -> None:
    document = Document(seed_text)
    names = speakers(document, document.sentences)
    for expected in ("Syrian Observatory for Human Rights", "Reuters", "UN", "Washington Post"):
        assert expected in names
    assert not any(n in names for n in ("Airstrikes", "Monday", "It", "The"))


MODEL_DECIDES = LabelPolicy(kind="model", attribution="model")


def test_labels_a_sentence_cannot_bear_are_not_kept(seed_text: str) -> None:
    extract = plan_extract(Document(seed_text), 12)
    model = labels_model(len(extract.sentences), extract.speakers)
    wrong = model.model_validate(
        {"labels": [{"kind": "statistic", "attributed_to": "Washington Post"}] * 12}
    )
    draft, claims = assemble(extract, wrong, MODEL_DECIDES)
    opening = next(c for c in claims if c.text.startswith("Oil revenues are declining"))
    assert opening.kind is ClaimKind.FACT  # no number: not a statistic
    assert opening.attributed_to is None  # the Post is not named there
    post = next(c for c in claims if "Washington Post" in c.text)
    assert post.attributed_to == "Washington Post"
    title = "Islamic State: US airstrikes, internal divisions take toll on militants"
    assert draft.title == title and title not in draft.summary
    for claim in claims:  # the claim is its evidence, exactly
        assert [e.quote for e in claim.evidence] == [claim.text]


def test_headline_and_photo_caption_are_not_claims(seed_text: str) -> None:
    extract = plan_extract(Document(seed_text), 12)
    labels = labels_model(len(extract.sentences), extract.speakers).model_validate(
        {"labels": [{"kind": "statistic", "attributed_to": None}] * 12}
    )
    for policy in (None, MODEL_DECIDES):  # whoever labels, these are never claims
        draft, claims = assemble(extract, labels, policy)
        texts = [c.text for c in claims]
        assert len(texts) == 10
        assert not any(t.startswith("Islamic State: US airstrikes") for t in texts)  # headline
        assert not any(t.startswith("Smoke rises from a vehicle") for t in texts)  # caption
        assert not any("REUTERS" in t for t in texts)  # its credit
        assert "Smoke rises" not in draft.summary and not any(
            "Smoke rises" in point for point in draft.key_points
        )


def test_an_explicit_source_is_attributed_by_the_rule(seed_text: str) -> None:
    """ "..., security officials said." is attributed to them, whatever the model picked."""
    extract = plan_extract(Document(seed_text), 12)
    labels = labels_model(len(extract.sentences), extract.speakers).model_validate(
        {"labels": [{"kind": "fact", "attributed_to": None}] * 12}
    )
    _, claims = assemble(extract, labels)
    tikrit = next(c for c in claims if "Tikrit" in c.text)
    assert tikrit.attributed_to == "security officials"
    oil = next(c for c in claims if c.text.startswith("Reuters reports"))
    assert oil.attributed_to == "UN"  # the innermost source of a chain
    observatory = next(c for c in claims if "London-based monitoring group" in c.text)
    assert observatory.attributed_to == "Syrian Observatory for Human Rights"
    assert observatory.kind is ClaimKind.STATISTIC  # "killing 30 IS soldiers"


@pytest.mark.parametrize(
    ("text", "kind", "source"),
    [
        ("LOWE: Thank you. The budget is $4.1 million.", "statistic", "Gareth Lowe"),
        ("NAIR: Cutting two days there is the wrong place to save money.", "opinion", "Priya Nair"),
        (
            "Its director, Søren Kjærgaard, said Danish shops were looking.",
            "fact",
            "Søren Kjærgaard",
        ),
        ("That reduction has largely held for nearly two decades.", "fact", "Ingrid Solberg"),
        ("Critics say pricing punishes low-income commuters.", "fact", "critics"),
        ("The bridge will open in May, city officials said.", "prediction", "city officials"),
    ],
)
def test_rules_read_speakers_turns_bylines_and_kinds(text: str, kind: str, source: str) -> None:
    header = "Present: Councillor Priya Nair, Gareth Lowe (Finance Director)\n\n"
    byline = "Roads\n\nBy Ingrid Solberg\n\n"
    document = Document((header if text.isupper() or text[:4].isupper() else byline) + text)
    sentence = statements(document)[-1]
    who = voices(document)
    assert rule_attribution(who, sentence) == source
    assert rule_kind(sentence.text, transcript=bool(who.turns)).value == kind


def test_the_schema_allows_only_the_named_sources(seed_text: str) -> None:
    extract = plan_extract(Document(seed_text), 12)
    model = labels_model(len(extract.sentences), extract.speakers)
    with pytest.raises(ValueError, match="attributed_to"):
        model.model_validate({"labels": [{"kind": "fact", "attributed_to": "Nobody"}] * 12})
    with pytest.raises(ValueError, match="labels"):
        model.model_validate({"labels": [{"kind": "fact", "attributed_to": None}] * 11})
    assert isinstance(
        model.model_validate({"labels": [{"kind": "fact", "attributed_to": None}] * 12}),
        LabelsDraft,
    )


def prompt_words() -> set[str]:
    """Lines of the shipped prompts, which must never come back as content."""
    templates = PromptTemplates()
    text = " ".join(
        (templates.directory / name).read_text(encoding="utf-8")
        for name in ("system.j2", "label_system.j2", "label_user.j2")
    )
    return {line.strip() for line in re.split(r"[\n.]", text) if len(line.strip()) > 20}


@pytest.mark.vcr
def test_seed_article_default_run(replayed: Any, embedded_base_url: str, seed_text: str) -> None:
    """Issue 12's bar: the article's own content, at least 10 claims, none repeated, each
    stated by its evidence (or flagged)."""
    options = embedded_options(embedded_base_url, strategy="extract")
    with Summarizer(**options) as summarizer:
        result = summarizer.summarize(seed_text)
    sentences = " ".join(s.text for s in Document(seed_text).sentences)
    assert result.title in seed_text and result.summary in sentences
    assert result.key_points and all(point in seed_text for point in result.key_points)
    texts = [c.text for c in result.claims]
    assert len(texts) >= 10 and len(set(texts)) == len(texts)
    for claim in result.claims:
        assert claim.support is not None and claim.support.supported
        for evidence in claim.evidence:
            assert seed_text[evidence.start : evidence.end] == evidence.quote
    banned = prompt_words()
    for text in [result.title, result.summary, *result.key_points, *texts]:
        assert not any(line in text for line in banned), text
    assert result.meta.usage.completion_tokens < 600  # labels (1,022 when it wrote claims)


def test_statements_join_abbreviation_fragments_and_drop_bullets() -> None:
    text = (
        "Kestrel Analytics, Inc. (NASDAQ: KSTL), a provider of software, reported results.\n"
        "- Total revenue was $184.6 million, up 21% from a year earlier.\n"
    )
    texts = [s.text for s in statements(Document(text))]
    assert texts[0].startswith("Kestrel Analytics, Inc. (NASDAQ: KSTL)")
    assert texts[1] == "Total revenue was $184.6 million, up 21% from a year earlier."
    for sentence in statements(Document(text)):
        assert text[sentence.start : sentence.end] == sentence.text


def test_title_is_the_documents_own_headline() -> None:
    def title_of(text: str) -> str | None:
        return document_title(Document(text))

    assert title_of(
        "FOR IMMEDIATE RELEASE\n\nKestrel Reports Record Results\n\nBody text here."
    ) == ("Kestrel Reports Record Results")
    assert title_of("# Tessera 3.4.0 release notes\n\nUndefined variables now fail.") == (
        "Tessera 3.4.0 release notes"
    )
    assert title_of("By Ingrid Solberg\n\nRoads fill up again within five years.") is None


@pytest.mark.parametrize(
    ("kind", "text", "kept"),
    [
        ("statistic", "Revenue rose sharply in the quarter.", "fact"),
        ("statistic", "Revenue rose 21% in the quarter.", "statistic"),
        ("prediction", "The bridge opened in May.", "fact"),
        ("prediction", "The bridge will open in May.", "prediction"),
        ("opinion", "The council met on Tuesday.", "fact"),
        ("quote", "The council met on Tuesday.", "fact"),
        ("quote", 'She said "this was our strongest quarter ever" on Monday.', "quote"),
    ],
)
def test_a_kind_the_sentence_cannot_bear_falls_back_to_fact(
    kind: str, text: str, kept: str
) -> None:
    extract = plan_extract(Document(text), 1)
    labels = labels_model(1, extract.speakers).model_validate(
        {"labels": [{"kind": kind, "attributed_to": None}]}
    )
    _, claims = assemble(extract, labels, MODEL_DECIDES)
    assert claims[0].kind.value == kept
