from __future__ import annotations

import pytest

from summarizer import Alignment, Document, Evidence
from summarizer._grounding import (
    MAX_ELLIPSIS_GAP,
    NormalizedText,
    locate,
    locate_sentence,
    locate_spans,
    split_ellipsis,
)


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


# -- quotes with an ellipsis, stray ends, dropped words ------------------------------------------


def spans(evidence: list[Evidence]) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in evidence]


@pytest.mark.parametrize("marker", [" … ", "… ", " ... ", "...", " [...] ", " […] ", " (...) "])
def test_ellipsis_quote_is_its_pieces_in_order(seed_text: str, marker: str) -> None:
    doc = Document(seed_text)
    head, tail = "Airstrikes carried out by the US-led coalition", "on the Syrian-Turkish border"
    found = locate_spans(f"{head}{marker}{tail}", doc)
    assert [e.quote for e in found] == [head, tail]
    for evidence in found:
        check(evidence, seed_text)
        assert evidence.alignment is Alignment.EXACT
    assert spans(found) == [(seed_text.index(head), seed_text.index(head) + len(head)),
                            (seed_text.index(tail), seed_text.index(tail) + len(tail))]  # fmt: skip


def test_ellipsis_pieces_go_through_the_normalized_and_fuzzy_passes(seed_text: str) -> None:
    doc = Document(seed_text)
    found = locate_spans(
        "\"We're seeing basically a failure … unify people of different origins under caliphate.",
        doc,
    )
    assert [e.alignment for e in found] == [Alignment.NORMALIZED, Alignment.FUZZY]
    assert found[0].quote == "“We’re seeing basically a failure"
    assert found[1].quote == "unify people of different origins under the caliphate."
    for evidence in found:
        check(evidence, seed_text)


def test_ellipsis_pieces_must_be_in_order_and_near() -> None:
    source = "Alpha beta gamma delta. " + "Filler words here. " * 40 + "Epsilon zeta eta theta."
    doc = Document(source)
    near = locate_spans("Alpha beta … delta", doc)
    assert [e.quote for e in near] == ["Alpha beta", "delta"]
    # nothing elided between the pieces: one span
    assert [e.quote for e in locate_spans("Alpha beta … gamma delta", doc)] == [
        "Alpha beta gamma delta"
    ]
    assert locate_spans("gamma delta … Alpha beta", doc) == []  # out of order
    assert len(source) - 50 > MAX_ELLIPSIS_GAP
    assert locate_spans("Alpha beta gamma … Epsilon zeta eta", doc) == []  # too far apart
    assert locate_spans("Alpha beta gamma … purple elephants negotiated", doc) == []


def test_ellipsis_takes_the_tightest_occurrence_of_a_repeated_first_piece() -> None:
    source = "The council met. Nothing was decided. The council voted to close the library."
    found = locate_spans("The council … to close the library", Document(source))
    second = source.rindex("The council")
    assert spans(found) == [(second, second + 11), (source.index("to close"), len(source) - 1)]
    check(found[0], source)


def test_ellipsis_in_the_source_itself_is_one_span() -> None:
    source = "Wrap it in {% if draft %} ... {% endif %} tags, the docs say."
    doc = Document(source)
    found = locate_spans("Wrap it in {% if draft %} ... {% endif %} tags", doc)
    assert spans(found) == [(0, 46)]
    joined = locate_spans("Wrap it in {% if draft %} … {% endif %} tags", doc)
    assert spans(joined) == [(0, 46)]  # the quote's ellipsis was the source's own


def test_locate_gives_one_span_from_first_piece_to_last(seed_text: str) -> None:
    quote = "Airstrikes carried out by the US-led coalition … on the Syrian-Turkish border"
    evidence = locate(quote, Document(seed_text))
    check(evidence, seed_text)
    assert evidence.quote.startswith("Airstrikes carried out")
    assert evidence.quote.endswith("on the Syrian-Turkish border")


def test_split_ellipsis() -> None:
    assert split_ellipsis("a b … c d") == ["a b", "c d"]
    assert split_ellipsis("…a b [...] c d...") == ["a b", "c d"]
    assert split_ellipsis("no ellipsis here.") == ["no ellipsis here."]
    assert split_ellipsis("Mr. Smith. Then") == ["Mr. Smith. Then"]


@pytest.mark.parametrize(
    "quote",
    [
        "killing 30 IS soldiers and refinery workers.",
        "\nkilling 30 IS soldiers and refinery workers",
        ".killing 30 IS soldiers and refinery workers.\n",
        "killing 30 IS soldiers and refinery workers .",
    ],
)
def test_stray_full_stop_or_newline_is_not_part_of_the_span(seed_text: str, quote: str) -> None:
    evidence = locate(quote, Document(seed_text))
    check(evidence, seed_text)
    assert evidence.quote == "killing 30 IS soldiers and refinery workers"
    assert evidence.alignment is Alignment.EXACT


def test_fuzzy_span_has_no_stray_ends(seed_text: str) -> None:
    # one word dropped ("refinery") and a full stop added: found by the fuzzy pass
    evidence = locate("\nIS hit an IS-run oil near the town of Tal Abyad.", Document(seed_text))
    check(evidence, seed_text)
    assert evidence.alignment is Alignment.FUZZY
    assert evidence.quote == "IS hit an IS-run oil refinery near the town of Tal Abyad"


@pytest.mark.parametrize(
    "gold",
    [
        "Between airstrikes and a global supply glut, oil is no longer the primary source of "
        "income for IS",
        "at least 12 IS fighters were killed in a pair of attacks by unknown guerrilla fighters "
        "in al-Myadin (Al Mayadin)",
        "It is making them less effective in governing and less effective in military operations.",
    ],
)
def test_dropped_word_is_located_at_the_whole_original_span(seed_text: str, gold: str) -> None:
    words = gold.split(" ")
    dropped = " ".join(words[: len(words) // 2] + words[len(words) // 2 + 1 :])
    evidence = locate(dropped, Document(seed_text))
    check(evidence, seed_text)
    assert evidence.alignment is Alignment.FUZZY
    assert (evidence.start, evidence.end) == (
        seed_text.index(gold),
        seed_text.index(gold) + len(gold),
    )


def test_fuzzy_never_matches_a_window_shorter_than_the_quote() -> None:
    source = "Short text. The end."
    assert (
        locate_spans(
            "The end … a long quote that is nowhere in this source at all", Document(source)
        )
        == []
    )
    assert locate("a long quote that is nowhere in this source. The end.", Document(source)) is None
