"""The tokeniser's words outside the token lists (``text.word_spans``, ``text.word_texts``):
the words and numbers ``tokens`` finds, a word joined by a listed mark read whole, and
listed punctuation as tokens of its own."""

from __future__ import annotations

from summarizer.text import language, tokens, word_spans, word_texts


def test_the_words_are_the_tokeniser_s_words_and_numbers() -> None:
    sentence = "Die Linie U4 fährt ab 6,45 Uhr 12% öfter, sagte Jürgen Maaß."
    listed = [t.text for t in tokens(sentence, 0, language("de")) if t.kind != "pct"]
    assert word_texts(sentence) == listed
    assert "U4" in listed and "6,45" in listed  # an identifier, a decimal number: one word


def test_spans_are_where_the_words_stand() -> None:
    text = "Ferry No 7 left"
    assert [(m.start(), m.end(), m.group()) for m in word_spans(text)] == [
        (0, 5, "Ferry"),
        (6, 8, "No"),
        (9, 10, "7"),
        (11, 15, "left"),
    ]


def test_joiners_read_a_compound_or_an_elided_word_whole() -> None:
    text = "Le porte-parole d'Orvault n'a rien dit"
    assert word_texts(text) == ["Le", "porte", "parole", "d", "Orvault", "n", "a", "rien", "dit"]
    assert word_texts(text, "-'") == ["Le", "porte-parole", "d'Orvault", "n'a", "rien", "dit"]
    assert word_texts("the well - known pier", "-") == ["the", "well", "known", "pier"]


def test_marks_are_tokens_of_their_own() -> None:
    text = "«Nein», sagte Ute Rau; 3,5 blieben"
    assert word_texts(text, marks="«»,;") == [
        "«", "Nein", "»", ",", "sagte", "Ute", "Rau", ";", "3,5", "blieben",
    ]  # fmt: skip
