from __future__ import annotations

import pytest

from summarizer import Alignment, Document
from summarizer._grounding import NormalizedText, locate, locate_sentence


def check(evidence, source: str) -> None:
    assert evidence is not None
    assert source[evidence.start : evidence.end] == evidence.quote


def test_exact_match(seed_text: str) -> None:
    doc = Document(seed_text)
    evidence = locate("killing 30 IS soldiers and refinery workers", doc)
    check(evidence, seed_text)
    assert evidence.alignment is Alignment.EXACT
    assert evidence.score == 1.0


def test_exact_match_strips_surrounding_whitespace(seed_text: str) -> None:
    evidence = locate("  the Pentagon believes.\n", Document(seed_text))
    check(evidence, seed_text)
    assert evidence.quote == "the Pentagon believes."


def test_normalized_quotes_dashes_and_whitespace(seed_text: str) -> None:
    # The source has curly quotes, an en dash and a no-break space; the model typed ASCII.
    doc = Document(seed_text)
    evidence = locate("Raqqa and Tell Abyad - the group's Syrian strongholds", doc)
    check(evidence, seed_text)
    assert evidence.alignment is Alignment.NORMALIZED
    assert "–" in evidence.quote
    evidence = locate("\"We're seeing basically a failure of the central tenet", doc)
    check(evidence, seed_text)
    assert evidence.quote.startswith("“We’re")


def test_normalized_is_case_and_linebreak_insensitive() -> None:
    source = "First line of text\n\n   SECOND   line here."
    evidence = locate("of text second line", Document(source))
    check(evidence, source)
    assert evidence.alignment is Alignment.NORMALIZED
    assert evidence.quote == "of text\n\n   SECOND   line"


def test_fuzzy_match_above_threshold(seed_text: str) -> None:
    doc = Document(seed_text)
    evidence = locate(
        "the flow of volunteers going to Syria from Britain has significantly slowed", doc
    )
    check(evidence, seed_text)
    assert evidence.alignment is Alignment.FUZZY
    assert 0.9 <= evidence.score < 1.0
    # A span never starts or ends inside a word.
    assert not seed_text[evidence.start - 1].isalnum()


def test_not_found_returns_none(seed_text: str) -> None:
    doc = Document(seed_text)
    assert locate("The Eiffel Tower is in Berlin and made of cheese.", doc) is None
    assert locate("   ", doc) is None
    assert locate("zq", doc) is None


def test_fuzzy_threshold_is_configurable(seed_text: str) -> None:
    doc = Document(seed_text)
    quote = "oil is no longer the main source of money for IS"
    assert locate(quote, doc, fuzzy_threshold=99.0) is None
    check(locate(quote, doc, fuzzy_threshold=80.0), seed_text)


def test_repeated_quote_takes_first_or_nearest_to_hint() -> None:
    source = "The cat sat. The dog ran. The cat sat."
    doc = Document(source)
    first = locate("The cat sat.", doc)
    assert first is not None and first.start == 0
    second = locate("The cat sat.", doc, hint=30)
    assert second is not None and second.start == source.rindex("The cat sat.")
    check(second, source)


def test_unicode_offsets_are_python_string_indexes() -> None:
    source = "Zoë paid 12 € for crème brûlée 🍮 in Kraków — then left."
    doc = Document(source)
    for quote in ("12 € for crème brûlée", "🍮 in Kraków", "Krakow -- then"):
        evidence = locate(quote, doc, fuzzy_threshold=80.0)
        check(evidence, source)


def test_sentence_numbers_map_to_exact_spans(seed_text: str) -> None:
    doc = Document(seed_text)
    for sentence in doc.sentences:
        evidence = locate_sentence(sentence.number, doc)
        check(evidence, seed_text)
        assert evidence.alignment is Alignment.SENTENCE
    assert locate_sentence(0, doc) is None
    assert locate_sentence(len(doc.sentences) + 1, doc) is None


def test_normalized_text_maps_back() -> None:
    raw = "A  “quoted”\tword—here"
    folded = NormalizedText.of(raw)
    assert folded.text == 'a "quoted" word-here'
    start = folded.text.index("quoted")
    s, e = folded.span(start, start + len("quoted"))
    assert raw[s:e] == "quoted"


@pytest.mark.parametrize("quote", ["{{ braces }}", "{% if x %}"])
def test_template_syntax_in_source_is_plain_text(quote: str) -> None:
    source = f"Docs mention {quote} literally."
    check(locate(quote, Document(source)), source)
