"""Light coreference (``summarizer._coref``): a claim may name in full whom its evidence names
in part (a speaker label, a first name) or leaves implicit (the document's subject), and no
one else."""

from __future__ import annotations

from summarizer._coref import antecedents, entities
from summarizer._document import Document
from tests.support.judging import judged

TRANSCRIPT = (
    "Riverton City Council - Finance Committee\n"
    "Present: Councillor Priya Nair, Councillor Tom Brennan, Gareth Lowe (Finance Director)\n"
    "WHITFIELD: The draft closes the Eastgate branch on Mondays.\n"
    "WHITFIELD: Any comments?\n"
    "WHITFIELD: Then we vote.\n"
    "NAIR: I object to closing the branch on Mondays.\n"
    "WHITFIELD: We will ask Gareth to bring back the transfer paperwork.\n"
)

RELEASE = (
    "FOR IMMEDIATE RELEASE\n"
    "Kestrel Analytics Reports Third Quarter Results\n"
    "Tidewater Data joined Kestrel Analytics in July. Kestrel grew in every region. "
    "Kestrel hired 200 staff. Revenue rose 21%. Costs fell. Margins held.\n"
    "The number of customers grew to 1,140.\n"
)


def test_a_speaker_label_stands_for_the_name_introduced_earlier() -> None:
    quote = "NAIR: I object to closing the branch on Mondays."
    document = Document(TRANSCRIPT)
    first = next(i for i, s in enumerate(document.sentences) if s.text.startswith("NAIR"))
    assert antecedents(document, first, quote, "en") == ["Councillor Priya Nair"]
    claim = "Councillor Priya Nair objects to closing the branch on Mondays."
    assert judged(TRANSCRIPT, claim, quote) == (True, None)
    # the other councillor on the same list is not what the label stands for
    other = "Councillor Tom Brennan objects to closing the branch on Mondays."
    assert judged(TRANSCRIPT, other, quote) == (False, "name")


def test_a_first_name_stands_for_the_full_name_and_a_full_name_for_itself() -> None:
    quote = "WHITFIELD: We will ask Gareth to bring back the transfer paperwork."
    claim = "The committee will ask Gareth Lowe to bring back the transfer paperwork."
    assert judged(TRANSCRIPT, claim, quote) == (True, None)
    # a name written in full in the evidence is not resolved to another that shares a word
    text = "Judge Elena Vasquez wrote the ruling. Judge Ruth Okafor dissented."
    document = Document(text)
    assert antecedents(document, 1, "Judge Ruth Okafor dissented.", "en") == []
    assert (
        judged(text, "Judge Elena Vasquez dissented.", "Judge Ruth Okafor dissented.")[0] is False
    )


def test_the_documents_subject_is_in_every_evidence() -> None:
    assert entities(Document(RELEASE), "en").subject is not None
    assert entities(Document(RELEASE), "en").subject.surface == "Kestrel Analytics"  # type: ignore[union-attr]
    quote = "The number of customers grew to 1,140."
    assert judged(RELEASE, "The number of Kestrel customers grew to 1,140.", quote) == (True, None)
    # it stands for the subject, not for any name of the document
    assert judged(RELEASE, "The number of Tidewater customers grew to 1,140.", quote) == (
        False,
        "name",
    )


def test_labels_and_near_ties_make_no_subject() -> None:
    # WHITFIELD speaks most, but a speaker label is not what a transcript is about
    assert entities(Document(TRANSCRIPT), "en").subject is None
    tie = (
        "Officials say Kestrel met Osprey. Then Kestrel and Osprey agreed. "
        "Later Kestrel thanked Osprey. Finally Kestrel left."
    )
    assert entities(Document(tie), "en").subject is None  # 4 to 3: not twice as often as any other


WALKERS = (
    "Footpath to reopen. The case was brought by the Millbrook Walkers Association, which has "
    "about 1,200 members. Ashford District Council closed the path in 2023. Planning "
    "permission was refused in 2023. The association said it plans to hold a public walk on "
    "the path in the spring."
)


def test_a_definite_description_stands_for_the_name_it_heads() -> None:
    quote = "The association said it plans to hold a public walk on the path in the spring"
    # as written: "association" is no stem
    document = Document(WALKERS)
    assert antecedents(document, 4, quote, "en") == ["Millbrook Walkers Association"]
    claim = "The Millbrook Walkers Association plans to hold a public walk on the path in spring."
    assert judged(WALKERS, claim, quote) == (True, None)
    # the latest name the word heads, not any name of the document
    assert antecedents(document, 4, "The council said so.", "en") == ["Ashford District Council"]


# a person named in full paragraphs before, then by a partial name, then by a pronoun; the
# pronoun is three sentences on, out of the frame's reach
MILL = (
    "Ostwerk schließt Gießerei. "
    "Werksleiterin Carola Henning gab die Pläne am Montag in Kassel bekannt. "
    "Die IG Metall kündigte Proteste an. Der Betriebsrat will klagen. "
    "Die Stadt prüft Hilfen. "
    "Henning nannte die Energiepreise als Grund. "
    "Sie räumte ein, dass 300 Stellen wegfallen."
)

DATA_CENTRE = (
    "Raad stemt in met datacentrum. "
    "De raad van Westerkwartier stemde in met een datacentrum van het Noorse bedrijf "
    "Fjordlys Compute bij Grijpskerk. Wethouder Marieke Dijkstra sprak van een goede dag. "
    "Het complex krijgt eigen zonnepanelen. De provincie is ook positief. "
    "Het bedrijf investeert 900 miljoen euro."
)


def test_a_pronoun_subject_stands_for_the_latest_person_named() -> None:
    quote = "Sie räumte ein, dass 300 Stellen wegfallen."
    claim = "Carola Henning räumte ein, dass 300 Stellen wegfallen."
    assert judged(MILL, claim, quote) == (True, None)
    # no one else: a person the document names is not what the pronoun stands for
    other = "Die IG Metall räumte ein, dass 300 Stellen wegfallen."
    assert judged(MILL, other, quote)[0] is False


def test_a_description_stands_for_the_name_it_introduced() -> None:
    quote = "Het bedrijf investeert 900 miljoen euro."
    assert judged(DATA_CENTRE, "Fjordlys Compute investeert 900 miljoen euro.", quote) == (
        True,
        None,
    )
    # a person named since (the alderman) is not "the company"
    assert judged(DATA_CENTRE, "Marieke Dijkstra investeert 900 miljoen euro.", quote)[0] is False


def test_a_name_put_in_for_a_description_is_no_swap_but_for_a_name_it_is() -> None:
    text = "杭州市气象台周一发布了今年冬季的气候趋势预测。预计今年冬季，我市平均气温为6.8℃。"
    quote = "预计今年冬季，我市平均气温为6.8℃"
    assert judged(text, "预计今年冬季，杭州平均气温为6.8℃。", quote) == (True, None)
    named = "杭州市气象台周一发布了今年冬季的气候趋势预测。预计今年冬季，宁波平均气温为6.8℃。"
    quote = "预计今年冬季，宁波平均气温为6.8℃"
    assert judged(named, "预计今年冬季，杭州平均气温为6.8℃。", quote) == (False, "name")


def test_a_partial_name_as_the_evidences_first_word_stands_for_the_full_name() -> None:
    quote = "Henning nannte die Energiepreise als Grund."
    claim = "Carola Henning nannte die Energiepreise als Grund."
    assert judged(MILL, claim, quote) == (True, None)
    assert judged(MILL, "Carola Schmidt nannte die Energiepreise als Grund.", quote)[0] is False


def test_a_partial_name_after_a_colon_or_a_dash_stands_for_the_full_name() -> None:
    text = (
        "The regatta ended on Monday. The Dutch rower Femke Hoogland won the single sculls. "
        "The wind was strong. Two boats capsized. The organisers apologised. "
        "Not all were satisfied: Hoogland said the course had been too short."
    )
    quote = "Hoogland said the course had been too short"
    assert judged(text, "Femke Hoogland said the course had been too short.", quote) == (True, None)
    assert judged(text, "Femke Jansen said the course had been too short.", quote)[0] is False
    fr = (
        "La régate a eu lieu lundi. La rameuse Claire Vasseur a gagné. Le vent soufflait. "
        "Deux bateaux ont chaviré. Les organisateurs se sont excusés. "
        "Pas de regrets — Vasseur a jugé le parcours trop court."
    )
    claim = "Claire Vasseur a jugé le parcours trop court."
    assert judged(fr, claim, "Vasseur a jugé le parcours trop court") == (True, None)


REPORT = (
    "Ferry subsidy under review. "
    "A report by the Coastal Transport Review Board was published on Friday. "
    "Ticket prices rose twice last year. Timetables were cut in winter. "
    "Crossings were cancelled on 41 days, the review board said."
)

PORT = (
    "Le port de Sète présente son bilan annuel. "
    "La directrice du port, Hélène Marchal, a salué les résultats de l'année. "
    "Les syndicats restent divisés sur le projet. Le maire de la ville reste prudent. "
    "La directrice a précisé que le quai nord sera rénové en 2027."
)


def test_a_names_last_words_in_lower_case_stand_for_the_name() -> None:
    quote = "Crossings were cancelled on 41 days, the review board said."
    claim = "The Coastal Transport Review Board said crossings were cancelled on 41 days."
    assert judged(REPORT, claim, quote) == (True, None)
    other = "The Coastal Transport Safety Agency said crossings were cancelled on 41 days."
    assert judged(REPORT, other, quote)[0] is False


def test_a_description_written_before_a_name_stands_for_it() -> None:
    quote = "La directrice a précisé que le quai nord sera rénové en 2027."
    claim = "Hélène Marchal a précisé que le quai nord sera rénové en 2027."
    assert judged(PORT, claim, quote) == (True, None)
    other = "Sophie Lambert a précisé que le quai nord sera rénové en 2027."
    assert judged(PORT, other, quote)[0] is False


ELECTION = (
    "Elecciones en Valdemora. La candidata Marta Ruiz ganó la alcaldía con el 52 % de los votos. "
    "El aspirante Tomás Herrero obtuvo el 41 %. La participación fue del 63 %. "
    "Hubo largas colas por la mañana. El recuento terminó a medianoche. "
    "Herrero aceptó el resultado y saludó a la alcaldesa."
)


def test_a_full_name_for_a_partial_one_keeps_its_role() -> None:
    quote = "Herrero aceptó el resultado y saludó a la alcaldesa."
    claim = "Tomás Herrero aceptó el resultado y saludó a la alcaldesa."
    assert judged(ELECTION, claim, quote) == (True, None)
    # the full name put back, the roles turned round: the name's words share its slot
    turned = "La alcaldesa saludó a Tomás Herrero, que aceptó el resultado."
    assert judged(ELECTION, turned, quote) == (False, "name")


def test_a_first_word_is_a_partial_name_only_as_written() -> None:
    text = (
        "Harbour works approved. The council adopted the Eastbay Harbour Development Plan in "
        "March. Residents were consulted twice. Two objections were received. "
        "Planning permission was granted in May."
    )
    quote = "Planning permission was granted in May."
    # "Planning" is no mention of the "... Development Plan" (one stem): the plan stays unnamed
    claim = "Planning permission for the Eastbay Harbour Development Plan was granted in May."
    assert judged(text, claim, quote)[0] is False


def test_every_language_file_lists_its_coref_words() -> None:
    from summarizer._coref_words import coref_words, subject_pronoun

    for code in ("en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja"):
        words = coref_words(code)
        assert words.person and words.other, code
    assert subject_pronoun("But she said the plan stands.", "en", False) == "person"
    assert subject_pronoun("Het bedrijf investeert 2 miljoen.", "nl", False) == "other"
    assert subject_pronoun("同社によると、運賃は上がる。", "ja", True) == "other"
    assert subject_pronoun("The minister said the plan stands.", "en", False) is None
