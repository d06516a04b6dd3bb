"""Names (round 4, names3): correct claims the name check flagged.

- the speaker of a quotation attributed after its closing mark, in a later sentence;
- titles and abbreviated offices before a name (fr es it pt nl, German abbreviations);
- a short place's adjective ("Edese" of "Ede");
- time and place prepositions a sentence starts with ("Vanaf maandag");
- a definite description anywhere in the evidence ("der Verein") for the name it stands for.

Own sentences, not the probes'.
"""

from __future__ import annotations

import pytest

from summarizer._coref_quoted import attribution
from summarizer._support_capitals import capitals, claim_names
from summarizer._support_lexical import analyse, document_words
from tests.support.judging import judged

NL_QUOTE = (
    "Brand in bakkerij Zwolle snel geblust\n\n"
    "Volgens brandweerman Kees Mulder was het vuur snel onder controle. "
    "In een bakkerij aan de Diezerstraat brak dinsdagochtend brand uit. Niemand raakte gewond.\n\n"
    "'We hebben de oven met drie collega's de hele ochtend in de gaten gehouden. "
    "Het was spannend', zegt bakker Femke van Leeuwen. De zaak gaat vrijdag weer open."
)
NL_EVIDENCE = "'We hebben de oven met drie collega's de hele ochtend in de gaten gehouden."

DE_QUOTE = (
    "Stadtwerke erhöhen Gaspreis\n\n"
    "Kritik kam vom Mieterbund, dessen Sprecher Ralf Oster von einer Zumutung sprach. "
    "Die Stadtwerke Lindau erhöhen zum Januar den Gaspreis. Betroffen sind 9000 Haushalte.\n\n"
    "„Wir haben die Einkaufspreise drei Jahre lang nicht weitergegeben. Das geht nicht mehr“, "
    "sagte Geschäftsführerin Petra Langhans. Der Aufschlag beträgt acht Prozent."
)
DE_EVIDENCE = "„Wir haben die Einkaufspreise drei Jahre lang nicht weitergegeben."


@pytest.mark.parametrize(
    ("text", "claim", "quote"),
    [
        (
            NL_QUOTE,
            "Femke van Leeuwen zegt dat drie collega's de oven de hele ochtend in de gaten "
            "hebben gehouden.",
            NL_EVIDENCE,
        ),
        (
            DE_QUOTE,
            "Petra Langhans sagte, man habe die Einkaufspreise drei Jahre lang nicht "
            "weitergegeben.",
            DE_EVIDENCE,
        ),
    ],
)
def test_the_speaker_named_after_the_quotation_closes_is_in_the_frame(
    text: str, claim: str, quote: str
) -> None:
    assert judged(text, claim, quote) == (True, None)


@pytest.mark.parametrize(
    ("text", "claim", "quote"),
    [
        # Kees Mulder is named in the document, but the quotation is Femke van Leeuwen's
        (
            NL_QUOTE,
            "Kees Mulder zegt dat drie collega's de oven de hele ochtend in de gaten "
            "hebben gehouden.",
            NL_EVIDENCE,
        ),
        (
            DE_QUOTE,
            "Ralf Oster sagte, man habe die Einkaufspreise drei Jahre lang nicht weitergegeben.",
            DE_EVIDENCE,
        ),
    ],
)
def test_another_person_of_the_document_given_the_quotation_still_fails(
    text: str, claim: str, quote: str
) -> None:
    assert judged(text, claim, quote) == (False, "name")


def test_the_attribution_is_read_after_the_closing_mark_only() -> None:
    start = NL_QUOTE.index(NL_EVIDENCE)
    end = start + len(NL_EVIDENCE)
    # "collega's" is an apostrophe inside a word, not the quotation's closing mark
    assert attribution(NL_QUOTE, start, end) == "zegt bakker Femke van Leeuwen"
    closed = "Hij zei: 'Het was koud.' Daarna ging hij naar huis, zegt Jan Smit."
    assert attribution(closed, 0, closed.index(" Daarna")) is None  # no quotation left open


PT_TITLE = (
    "Construtora Alvorada fecha fábrica em Setúbal\n\n"
    "A construtora vai fechar a fábrica de Setúbal até junho. "
    '"Foi uma escolha dolorosa", afirmou o presidente-executivo, Tiago Meireles.'
)


def test_an_acronym_office_before_a_name_is_no_part_of_the_name() -> None:
    quote = '"Foi uma escolha dolorosa", afirmou o presidente-executivo, Tiago Meireles.'
    claim = "Foi uma escolha dolorosa, afirmou o CEO Tiago Meireles."
    assert judged(PT_TITLE, claim, quote) == (True, None)


@pytest.mark.parametrize(
    ("code", "document", "claim", "name"),
    [
        (
            "de",
            "Oberbürgermeisterin Anke Rehm lobte den Plan.",
            "Laut OB Rehm ist der Plan gut.",
            "rehm",
        ),
        (
            "fr",
            "Selon Hélène Marchal, le dossier est clos.",
            "Selon la PDG Hélène Marchal, le dossier est clos.",
            "marchal",
        ),
        (
            "nl",
            "Volgens Pieter Hals is het dossier gesloten.",
            "Volgens CEO Pieter Hals is het dossier gesloten.",
            "hals",
        ),
        (
            "it",
            "Secondo Carla Neri il piano è pronto.",
            "Secondo l'Avv. Carla Neri il piano è pronto.",
            "neri",
        ),
        (
            "es",
            "Según Marta Ibarra, el plan está listo.",
            "Según la Dra. Marta Ibarra, el plan está listo.",
            "ibarr",
        ),
    ],
)
def test_titles_of_each_language_leave_the_run(
    code: str, document: str, claim: str, name: str
) -> None:
    runs = claim_names(
        analyse(claim, code), claim, code, document_words(document, code), capitals(document, code)
    )
    words = {w for r in runs for w in r.words}
    assert name in words or any(name.startswith(w) or w.startswith(name) for w in words)
    surfaces = " ".join(r.surface for r in runs)
    assert not any(t in surfaces for t in ("OB", "PDG", "CEO", "Avv", "Dra"))


NL_EDE = (
    "Nieuw zwembad in Ede\n\n"
    "De gemeenteraad van Ede heeft ingestemd met een nieuw zwembad. "
    "Wethouder Anouk Brink noemt het besluit historisch."
)


def test_a_short_places_adjective_is_that_place() -> None:
    claim = "De Edese wethouder Anouk Brink noemt het besluit historisch."
    runs = claim_names(
        analyse(claim, "nl"), claim, "nl", document_words(NL_EDE, "nl"), capitals(NL_EDE, "nl")
    )
    assert ("ede",) in {r.words for r in runs}  # read as the place, which the frame has
    assert judged(NL_EDE, claim, "Wethouder Anouk Brink noemt het besluit historisch.") == (
        True,
        None,
    )


NL_START = (
    "Extra bussen naar Arnhem\n\n"
    "Vervoerder Breng zet maandag extra bussen in tussen Nijmegen en Arnhem."
)


def test_a_preposition_a_sentence_starts_with_is_no_name() -> None:
    # the claim leaves out names of the evidence: a first word the document never uses
    # would be a name put in their place (``lead_put_in``), unless the language lists it
    quote = "Vervoerder Breng zet maandag extra bussen in tussen Nijmegen en Arnhem."
    claim = "Vanaf maandag zet vervoerder Breng extra bussen in."
    assert judged(NL_START, claim, quote) == (True, None)


DE_CLUB = (
    "Turnhalle wird saniert\n\n"
    "Der Gemeinderat hat die Sanierung der Turnhalle beschlossen. Jeder Verein zahlt künftig "
    "eine Gebühr. "
    "Der Turnverein TSV Oberndorf und der FC Sulz nutzen die Halle. "
    "Der Sportverein TV Aistaig begrüßte den Beschluss. "
    "Trainerin Lena Vogt sagte, ohne die Halle hätte der Verein seine Jugendabteilung "
    "aufgeben müssen."
)
DE_CLUB_EVIDENCE = (
    "Trainerin Lena Vogt sagte, ohne die Halle hätte der Verein seine Jugendabteilung "
    "aufgeben müssen."
)


def test_a_description_further_in_the_evidence_stands_for_the_latest_name_of_its_kind() -> None:
    claim = (
        "Lena Vogt sagte, ohne die Halle hätte der TV Aistaig seine Jugendabteilung "
        "aufgeben müssen."
    )
    assert judged(DE_CLUB, claim, DE_CLUB_EVIDENCE) == (True, None)


def test_another_club_of_the_document_put_for_the_description_still_fails() -> None:
    claim = (
        "Lena Vogt sagte, ohne die Halle hätte der FC Sulz seine Jugendabteilung aufgeben müssen."
    )
    assert judged(DE_CLUB, claim, DE_CLUB_EVIDENCE) == (False, "name")


EN_UNION = (
    "Bus drivers vote to strike\n\n"
    "Drivers at Westway Buses will strike next month, the drivers' union DTU said. "
    "The company said it was disappointed. Talks broke down on Friday. "
    "The union's regional organiser, Mark Dunn, said the pay offer was an insult."
)


def test_a_description_at_the_start_names_a_union() -> None:
    quote = "The union's regional organiser, Mark Dunn, said the pay offer was an insult."
    claim = "DTU regional organiser Mark Dunn said the pay offer was an insult."
    assert judged(EN_UNION, claim, quote) == (True, None)


JA_TURNOUT = (
    "市長選の投票率が上昇\n\n"
    "市長選の投票率は52.1％で、前回を3.4ポイント上回った。前回の投票率は48.7％だった。"
)


def test_a_cjk_term_beside_the_evidences_own_term_is_no_replacement() -> None:
    # "今回" (this time) where the evidence has "前回" (last time): the claim writes both
    claim = "今回の投票率は52.1％で、前回を3.4ポイント上回った。"
    quote = "市長選の投票率は52.1％で、前回を3.4ポイント上回った。"
    assert judged(JA_TURNOUT, claim, quote) == (True, None)


def test_a_cjk_term_in_place_of_the_evidences_term_still_fails() -> None:
    claim = "今回の投票率は48.7％だった。"
    assert judged(JA_TURNOUT, claim, "前回の投票率は48.7％だった。") == (False, "name")
