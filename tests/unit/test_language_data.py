"""What a language's data file says, the analyser does: abbreviations end no sentence, the
clause-final negation scope only where the file asks for it, and stem exceptions win over
the Snowball stemmer (``summarizer/text/languages/*.toml``)."""

from __future__ import annotations

import pytest

from summarizer._support_lexical import analyse
from summarizer.text import language, sentences


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "Bracco was asked to play Carmela and not Dr. Jennifer Melfi. She said so."),
        ("de", "Laut Prof. Schmidt stieg die Zahl. Sie sank nie."),
        ("fr", "M. Dupont a signé le contrat. Le conseil a voté."),
    ],
)
def test_an_abbreviation_ends_no_sentence(code: str, text: str) -> None:
    first, second = (s for _, s in sentences(text, language(code)))
    assert first.endswith(".") and not first.endswith(("Dr.", "Prof.", "M."))
    assert text.startswith(first) and text.endswith(second)


def test_a_full_stop_after_an_ordinary_word_still_ends_a_sentence() -> None:
    got = sentences("The deal was signed by Mr. Reyes. Dr. Lowe left.", language("en"))
    assert got == [(0, "The deal was signed by Mr. Reyes."), (34, "Dr. Lowe left.")]


def test_clause_final_negation_only_where_the_data_file_asks_for_it() -> None:
    assert language("de").clause_final_negation and language("nl").clause_final_negation
    assert not language("es").clause_final_negation
    # German "… nicht" at the end of its clause negates the words before it ...
    assert "stadt" in analyse("Die Stadt nicht.", "de").negated
    # ... Spanish "no" negates what follows it, never what came before
    assert analyse("El consejo aprobó el plan, pero la ciudad no.", "es").negated == frozenset()


@pytest.mark.parametrize(
    ("word", "stem"),
    [("news", "news"), ("uses", "use"), ("used", "use"), ("using", "use"), ("dying", "die")],
)
def test_stem_exceptions_win_over_the_stemmer(word: str, stem: str) -> None:
    assert language("en").fold(word) == stem


def test_news_no_longer_matches_new() -> None:
    en = language("en")
    assert en.fold("news") != en.fold("new")
    assert "new" not in analyse("Liverpool News reported it.").content


def test_a_cue_that_reached_only_names_negates_them_not_the_words_before() -> None:
    # REALSumm: "Carmela and not Dr. Jennifer Melfi" said Carmela was not the role
    for text in (
        "Bracco was asked to play Carmela and not Dr. Jennifer Melfi.",
        "Bracco was asked to play Carmela and not Dr . Jennifer Melfi.",
    ):
        got = analyse(text)
        assert "carmela" in got.positive and "carmela" not in got.negated
    # a cue with nothing at all after it still negates the words before it
    assert "racist" in analyse("She wrote: I Am Not Racist.").negated
    assert "stadt" in analyse("Die Stadt nicht.", "de").negated
