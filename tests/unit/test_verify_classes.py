"""Classes of wrong claims that ``verify_claims`` rejects, and correct ones it keeps, closed
as classes (issue 20 item 1) on the English adversarial suite's misses: several sentences
glued into one claim, names of several words swapped, the evidence's first word as a name, a
negation added beside another, and the year the document names first."""

from __future__ import annotations

from summarizer._support_numbers import restated_numbers
from summarizer._support_pairs import added_negation, substitution
from summarizer._verify import claim_sentences
from tests.support.judging import judged

GLUE = (
    "Harbour Report\n"
    "The ferry service added two routes to the northern islands. "
    "Ticket sales at the harbour office doubled during the summer season. "
    "The new terminal opened in May with a larger waiting hall. "
    "Parking fees at the harbour went up by a third.\n"
)


def test_each_sentence_of_a_claim_must_be_stated() -> None:
    quote = "The new terminal opened in May with a larger waiting hall."
    assert judged(GLUE, quote, quote) == (True, None)
    # the whole claim's coverage (7 of 10 words) would carry a sentence the premise does not
    # state (it shares "terminal" with the quote, so only this rule rejects it)
    glued = f"{quote} The terminal charges parking fees."
    supported, check = judged(GLUE, glued, quote)
    assert supported is False and check == "coverage"
    cited = f"{quote} The terminal has a waiting hall."
    assert judged(GLUE, cited, quote) == (True, None)
    # a "..." or "!" inside a sentence leaves a piece without content words: no sentence
    assert claim_sentences("Templates use {{ ... }} for expressions.", "en") == [
        "Templates use {{ ...",
        "}} for expressions.",
    ]
    assert claim_sentences("It said “Thanks! 🍊”.", "en") == ["It said “Thanks!"]


def test_every_sentence_shares_a_word_with_the_quote() -> None:
    text = (
        "Harbour Report\n"
        "The new terminal, which opened in May, has a larger waiting hall, and parking fees "
        "at the harbour went up by a third.\n"
    )
    quote = "The new terminal, which opened in May, has a larger waiting hall"
    # the sentence around the quote states both, but the claim's second sentence is not
    # what the quote says: it shares no word with it
    claim = "The new terminal opened in May. Parking fees at the harbour went up by a third."
    supported, check = judged(text, claim, quote)
    assert supported is False and check == "coverage"
    cited = "The new terminal opened in May. The terminal has a larger waiting hall."
    assert judged(text, cited, quote) == (True, None)
    # the sentence around a quote still supplies its subject ("… which opened in May")
    assert judged(text, "The terminal opened in May.", "which opened in May") == (True, None)


def test_a_name_of_several_words_swapped_for_another_is_a_substitution() -> None:
    evidence = (
        "The minister announced subsidies for drip irrigation in the Ribera Alta and "
        "Ribera Baixa districts, to be paid out from September."
    )
    claim = (
        "The minister announced subsidies for drip irrigation in the Cooperativa de "
        "Cítricos del Júcar districts."
    )
    assert substitution(claim, evidence, "en") == ("Cooperativa", "Ribera")
    # the same name as the evidence writes it is no substitution
    same = "The minister announced subsidies for drip irrigation in the Ribera Alta districts."
    assert substitution(same, evidence, "en") is None


def test_a_name_against_a_longer_stretch_agreeing_on_one_side() -> None:
    evidence = "The majority found that Zipply's deactivation policy was the decisive factor."
    claim = "Judge Elena Vasquez deactivation policy was the decisive factor."
    assert substitution(claim, evidence, "en") == ("Judge", "Zipply")
    right = "Zipply's deactivation policy was the decisive factor."
    assert substitution(right, evidence, "en") is None
    # the evidence's name on that side begins in the agreeing stretch ("Harbour"): only its
    # part inside the replaced stretch is compared (it once ran past the end of the text)
    claim = "Profits went to Harbour Kestrel."
    assert substitution(claim, "Profits went to Harbour Acme Corp.", "en") == ("Kestrel", "Acme")


def test_a_slot_both_sides_agree_around_swaps_a_name_the_evidence_writes_elsewhere() -> None:
    evidence = (
        "“The key challenge facing ISIS right now is more internal than external,” said "
        "Lina Khatib, director of the Carnegie Middle East Center in Beirut."
    )
    claim = "The key challenge facing Carnegie Middle East Center right now is more internal."
    assert substitution(claim, evidence, "en") == ("Carnegie", "ISIS")
    # an acronym that spells the claim's name is no substitution
    spelt = "The key challenge facing Islamic State Iraq Syria right now is more internal."
    assert substitution(spelt, evidence, "en") is None


def test_the_evidences_first_word_is_a_name_when_the_document_never_lowercases_it() -> None:
    evidence = "Python 3.8 support is deprecated."
    claim = "Tessera 3.8 support is deprecated."
    assert substitution(claim, evidence, "en") is None  # a first word may be any word
    words = frozenset({"tessera", "support", "is", "deprecated", "python"})
    assert substitution(claim, evidence, "en", words - {"python"}) == ("Tessera", "Python")
    # a first word the document also writes in lower case is no sure name
    assert substitution(claim, evidence, "en", words) is None


WATER = (
    "HARROW VALLEY WATER AUTHORITY\n"
    "Annual Performance Report 2024\n"
    "Demand in 2023 was lower than in 2023's forecast, and 2023 was wet. "
    "Customers compared 2023 with 2022.\n"
    "By December, 71% of households were billed on a meter.\n"
)


def test_the_year_the_document_names_first_is_restated_from_context() -> None:
    quote = "By December, 71% of households were billed on a meter."
    context = WATER[: WATER.index(quote)]
    claim = "By December 2024, 71% of households were billed on a meter."
    # 2023 is the year the context names most; 2024 is its headline's
    assert restated_numbers(claim, quote, context, "en")
    assert judged(WATER, claim, quote) == (True, None)
    assert not restated_numbers(claim.replace("2024", "2021"), quote, context, "en")
    # a claim of two sentences: its sentences are judged for coverage only, so the year the
    # whole claim restates does not fail them one by one
    two = f"{claim} The households were billed on a meter."
    assert judged(WATER, two, quote) == (True, None)
    assert judged(WATER, claim.replace("2024", "2021"), quote) == (False, "number")


def test_a_negation_added_beside_another_negation_is_a_negation_failure() -> None:
    evidence = "Customers in Fenwick experienced low pressure on 18 July without warning."
    claim = "Customers in Fenwick never experienced low pressure on 18 July without warning."
    assert added_negation(claim, evidence, "en") == "experienced"
    assert added_negation(evidence, evidence, "en") is None
    # as many cues as the evidence, reaching other words ("does not cut staff" / "cuts no
    # staff": "cut" is negated in one only): the scopes differ, no negation is added
    assert added_negation("The plan does not cut staff.", "The plan cuts no staff.", "en") is None
    text = f"Water report\n{evidence}\n"
    assert judged(text, claim, evidence) == (False, "negation")
    assert judged(text, evidence, evidence) == (True, None)
