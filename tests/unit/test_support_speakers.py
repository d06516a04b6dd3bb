"""Who said it (``summarizer._support_speakers``, issue 20: "a quote given to another
speaker", "a speaker named paragraphs before"): a claim that gives the evidence's words to
another person or body of the document is a ``name`` failure; the same speaker under another
form of the name is none. Sentences of their own, in every language the class exists in."""

from __future__ import annotations

import pytest

from summarizer._coref import antecedents
from summarizer._document import Document
from summarizer._support_speakers import same_agent, speaker_swapped, titled_word
from tests.support.judging import judged

EN = (
    "Harbour plan divides the town\n\n"
    "Mayor Ana Ruiz opened the hearing on Monday. Port director Paul Grant presented the "
    'dredging plan. "We cannot afford another year of delay," he told the hall, adding that '
    "the berths were silting up. Ms Ruiz said the town would vote in May."
)


def _quote(text: str, quote: str) -> tuple[str, str]:
    """(evidence sentences, document before them) as ``premise_of`` gives them."""
    start = text.index(quote)
    before = text[:start]
    return quote, before


def test_a_quote_given_to_the_speaker_named_a_sentence_before_is_a_name_failure() -> None:
    quote = '"We cannot afford another year of delay," he told the hall'
    assert judged(EN, "Ana Ruiz said they cannot afford another year of delay.", quote) == (
        False,
        "name",
    )
    assert judged(EN, "Paul Grant said they cannot afford another year of delay.", quote)[0]
    evidence, before = _quote(EN, quote)
    assert speaker_swapped("Ana Ruiz said ...", evidence, before, "en") == (
        "Ana Ruiz",
        "Paul Grant",
    )


def test_the_same_speaker_under_a_title_or_surname_is_no_failure() -> None:
    quote = "Ms Ruiz said the town would vote in May"
    assert judged(EN, "Ana Ruiz said the town would vote in May.", quote) == (True, None)
    assert judged(EN, "Paul Grant said the town would vote in May.", quote) == (False, "name")
    assert titled_word("Ms Ruiz", ("ms", "ruiz"), "en") == "ruiz"
    assert titled_word("Ana Ruiz", ("ana", "ruiz"), "en") is None
    document = Document(EN)
    first = next(k for k, s in enumerate(document.sentences) if s.text.startswith("Ms Ruiz"))
    assert "Mayor Ana Ruiz" in antecedents(document, first, quote, "en")


def test_a_pronoun_whose_sentence_names_the_claims_speaker_is_no_verdict() -> None:
    before = "Paul Grant and the harbour master answered questions from Ana Ruiz for an hour. "
    evidence = '"The plan is sound," she said.'
    assert speaker_swapped("Ana Ruiz said the plan was sound.", evidence, before, "en") is None
    assert speaker_swapped("Paul Grant said the plan was sound.", evidence, before, "en") is None
    alone = "Paul Grant answered the council at length. "
    assert speaker_swapped("Ana Ruiz said the plan was sound.", evidence, alone, "en") is None


def test_a_description_as_the_speaker_gives_no_verdict() -> None:
    before = "Mayor Ana Ruiz and Port director Paul Grant met the press. "
    for evidence in (
        "Costs rose by a third, the audit office found.",
        "Costs rose by a third, said the minister.",
        "Under the Harbour Trust plan, costs rose by a third, the audit office found.",
    ):
        assert (
            speaker_swapped("Paul Grant said costs rose by a third.", evidence, before, "en")
            is None
        )
    named = "Costs rose by a third, Ana Ruiz said."
    assert speaker_swapped("Paul Grant said costs rose by a third.", named, before, "en") == (
        "Paul Grant",
        "Ana Ruiz",
    )


def test_a_title_after_the_verb_is_a_description_that_says_it() -> None:
    before = "Mayor Ana Ruiz and the Harbour Trust met the press. "
    evidence = "The Harbour Trust will pay for the dredging, said the minister."
    claim = "Ana Ruiz said the Harbour Trust will pay for the dredging."
    assert speaker_swapped(claim, evidence, before, "en") is None
    named = "The Harbour Trust will pay for the dredging, said Paul Grant."
    assert speaker_swapped(claim, named, "Port director Paul Grant spoke. " + before, "en") == (
        "Ana Ruiz",
        "Paul Grant",
    )


def test_a_speaker_introduced_with_the_body_they_speak_for_is_no_other_speaker() -> None:
    before = "Priya Nair, chief executive of Westline Ferries, met the islanders. "
    evidence = "Ms Nair said fuel costs had doubled."
    claim = "Westline Ferries said fuel costs had doubled."
    assert speaker_swapped(claim, evidence, before, "en") is None
    # two people named side by side, joined by "and", are two speakers
    before = "Mayor Ana Ruiz and Port director Paul Grant met the islanders. "
    evidence = "Ms Ruiz said fuel costs had doubled."
    claim = "Paul Grant said fuel costs had doubled."
    assert speaker_swapped(claim, evidence, before, "en") == ("Paul Grant", "Ms Ruiz")


def test_evidence_that_reports_no_one_has_no_speaker_to_compare() -> None:
    before = "Priya Nair met the islanders on Monday. "
    evidence = "Westline Ferries will cut two sailings from January."
    claim = "Priya Nair said Westline Ferries would cut two sailings from January."
    assert speaker_swapped(claim, evidence, before, "en") is None
    reported = "Westline Ferries will cut two sailings from January, Tom Reyes said."
    before = "Priya Nair met the islanders on Monday. Councillor Tom Reyes spoke next. "
    assert speaker_swapped(claim, reported, before, "en") == ("Priya Nair", "Tom Reyes")


def test_two_people_who_share_a_first_name_are_two_speakers() -> None:
    evidence = '"We need the money," she said.'
    before = "Councillor Ana Ruiz spoke first. Then councillor Ana Lopes took the floor. "
    assert speaker_swapped("Ana Ruiz said they needed the money.", evidence, before, "en") == (
        "Ana Ruiz",
        "Ana Lopes",
    )


def test_a_claim_that_reports_no_speaker_or_names_one_the_evidence_writes_is_no_verdict() -> None:
    before = "Mayor Ana Ruiz and Port director Paul Grant met the press. "
    evidence = '"The plan is sound," Paul Grant said, and Ana Ruiz agreed.'
    assert (
        speaker_swapped("Ana Ruiz agreed that the plan was sound.", evidence, before, "en") is None
    )
    assert (
        speaker_swapped("The plan is sound.", "Ana Ruiz said the plan is sound.", before, "en")
        is None
    )
    # a name the document does not give before is the names check's, not this one's
    assert speaker_swapped("Lena Park said the plan is sound.", evidence, before, "en") is None


@pytest.mark.parametrize(
    ("code", "before", "evidence", "claim", "swap"),
    [
        ("de", "Landrätin Eva Schulz und Kämmerer Tobias Brandt stellten den Haushalt vor. ",
         "Brandt zufolge fehlen der Kreisstadt elf Millionen Euro.",
         "Laut Schulz fehlen der Kreisstadt elf Millionen Euro.", ("Schulz", "Brandt")),
        ("de", "Landrätin Eva Schulz eröffnete. Kämmerer Tobias Brandt legte die Zahlen vor. ",
         "„Wir müssen sparen“, sagte er.",
         "Eva Schulz sagte, man müsse sparen.", ("Eva Schulz", "Kämmerer Tobias Brandt")),
        ("fr", "Le maire Louis Garnier a ouvert la séance. La ministre Sophie Lambert a pris la parole. ",  # noqa: E501
         "« Le chantier commencera en mars », a-t-elle déclaré.",
         "Louis Garnier a déclaré que le chantier commencerait en mars.",
         ("Louis Garnier", "Sophie Lambert")),
        ("es", "El alcalde Jorge Pérez visitó la obra. La vecina Ana Gómez, que vive enfrente desde 1980, no lo ve claro. ",  # noqa: E501
         "«El ruido no nos deja dormir», lamentó.",
         "Jorge Pérez lamentó que el ruido no les deja dormir.", ("Jorge Pérez", "Ana Gómez")),
        ("it", "Il sindaco Marco Neri ha incontrato i genitori. ",
         "La preside Laura Villa ha spiegato che la scuola chiuderà a giugno.",
         "Marco Neri ha spiegato che la scuola chiuderà a giugno.", ("Marco Neri", "Laura Villa")),
        ("pt", "O presidente da câmara, Rui Costa, visitou o porto. A pescadora Ana Lopes, de 52 anos, ouviu. ",  # noqa: E501
         "«Vamos perder o nosso sustento», disse ela.",
         "Rui Costa disse que iam perder o seu sustento.", ("Rui Costa", "Ana Lopes")),
        ("nl", "Wethouder Eva van Dijk opende de avond. Bewoner Johan de Wit sprak namens de buurt. ",  # noqa: E501
         "Volgens hem is er nooit overlegd.",
         "Volgens Eva van Dijk is er nooit overlegd.", ("Eva van Dijk", "Bewoner Johan de Wit")),
    ],
)  # fmt: skip
def test_every_language_resolves_the_evidences_speaker(
    code: str, before: str, evidence: str, claim: str, swap: tuple[str, str]
) -> None:
    assert speaker_swapped(claim, evidence, before, code) == swap


def test_a_name_joined_by_a_particle_is_one_speaker() -> None:
    before = "Wethouder Eva van Dijk opende de avond. Bewoner Johan de Wit sprak namens de buurt. "
    evidence = "Volgens hem is er nooit overlegd."
    assert (
        speaker_swapped("Volgens Johan de Wit is er nooit overlegd.", evidence, before, "nl")
        is None
    )
    assert speaker_swapped(
        "Volgens Eva van Dijk is er nooit overlegd.", evidence, before, "nl"
    ) == (
        "Eva van Dijk",
        "Bewoner Johan de Wit",
    )


def test_a_verb_beside_a_common_noun_is_no_speaker() -> None:
    before = "Wirtschaftsministerin Petra Lenz besuchte das Werk. Landrat Kurt Maier kam später. "
    evidence = "Das Land werde keine Hilfen zahlen, um Stellen zu halten, sagte die Ministerin."
    claim = "Petra Lenz sagte, das Land werde keine Hilfen zahlen."
    assert speaker_swapped(claim, evidence, before, "de") is None
    claim = "Kurt Maier sagte, das Land werde keine Hilfen zahlen."
    assert speaker_swapped(claim, evidence, before, "de") is None


def test_one_speaker_under_two_titles_is_no_swap() -> None:
    evidence = "Der Betriebsratsvorsitzende Uwe Brandt kündigte Verhandlungen an."
    assert same_agent(
        ("Betriebsratschef", "Betriebsratsvorsitzende"),
        "Betriebsratschef Uwe Brandt kündigte Verhandlungen an.",
        evidence,
        "de",
    )
    assert not same_agent(
        ("Betriebsratschef Uwe Maier", "Betriebsratsvorsitzende Uwe Brandt"),
        "Betriebsratschef Uwe Maier kündigte Verhandlungen an.",
        evidence,
        "de",
    )
    text = f"Streit im Werk\n\nDie Belegschaft ist unruhig. {evidence}"
    claim = "Betriebsratschef Uwe Brandt kündigte Verhandlungen an."
    assert judged(text, claim, evidence) == (True, None)
    # doing what the evidence does not say: the title swap still counts
    claim = "Betriebsratschef Uwe Brandt drohte mit Verhandlungen."
    assert not same_agent(("Betriebsratschef", "Betriebsratsvorsitzende"), claim, evidence, "de")


@pytest.mark.parametrize(
    ("code", "before", "evidence", "claim", "swap"),
    [
        ("zh", "副市长张伟和居民王芳出席了会议。", "张伟说，新桥明年六月通车。",
         "王芳说，新桥明年六月通车。", ("王芳", "张伟")),
        ("zh", "居民王芳出席了会议。副市长张伟表示，工程已经过半。", "“新桥明年六月通车，”他说。",
         "王芳说，新桥明年六月通车。", ("王芳", "副市长张伟")),
        ("ja", "鈴木課長と田中部長が会見した。", "田中部長は「工事は来月始まる」と述べた。",
         "鈴木課長は、工事は来月始まると述べた。", ("鈴木課長", "田中部長")),
    ],
)  # fmt: skip
def test_chinese_and_japanese_speakers(
    code: str, before: str, evidence: str, claim: str, swap: tuple[str, str]
) -> None:
    assert speaker_swapped(claim, evidence, before, code) == swap
    # the same speaker, or a pronoun whose sentence names the claim's speaker: no verdict
    assert speaker_swapped(f"{swap[1]}{claim[len(swap[0]) :]}", evidence, before, code) is None


def test_a_chinese_pronoun_in_the_sentence_that_names_the_claims_speaker_is_no_verdict() -> None:
    before = "王芳提问后，张伟表示工程已经过半。"
    assert speaker_swapped("王芳说，新桥明年通车。", "“新桥明年通车，”她说。", before, "zh") is None
