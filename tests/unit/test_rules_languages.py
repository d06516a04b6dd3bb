"""The embedded path's kind and attribution rules in every language with a data file
(``summarizer/_rules_language.py``, the ``[rules]`` table of ``summarizer/text/languages``):
who said it (speech verbs, "according to" forms, role words before a name), which kind
(quotation marks, words of judgement and of the future, numbers that are no count), and that
the pipeline reads them in the document's language. English keeps its own rules."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from summarizer._document import Document, Sentence
from summarizer._extractive import plan_extract
from summarizer._rules import Voices, rule_attribution, rule_kind, sources_in
from summarizer._schema import ClaimKind
from summarizer.testing import ScriptedModel, ScriptedRequest, scripted_summarizer
from summarizer.text import supported_languages
from summarizer.text._language import rule_words

NOBODY = Voices((), None)


def source(text: str, code: str) -> str | None:
    return rule_attribution(NOBODY, Sentence(1, 0, len(text), text), code)


def test_every_language_file_has_a_rules_table() -> None:
    folder = resources.files("summarizer.text").joinpath("languages")
    for code in supported_languages():
        table = tomllib.loads(folder.joinpath(f"{code}.toml").read_text("utf-8"))
        assert "rules" in table, f"{code}.toml has no [rules] table"
        words = rule_words(code)
        assert words.speech_verbs and words.opinion and words.future, code
        assert words.according_to or words.according_after, code
        if code != "en":  # English keeps its shapes (names, dates) in _rules.py
            assert words.quotes and words.not_counts_after, code
            assert all(len(q) == 2 for q in words.quotes), code


@pytest.mark.parametrize(
    ("code", "text", "who"),
    [
        # a speech verb after the name, the role word before it left out
        ("de", "Stadträtin Maria Hoffmann sagte, der Plan sei zu teuer.", "Maria Hoffmann"),
        # ", sagte <role> <name>." at the end of the clause
        ("de", "Die Halle bleibt geschlossen, sagte Baubürgermeister Jan Roth.", "Jan Roth"),
        # "<name>, <apposition>, a déclaré"
        ("fr", "Luc Moreau, directeur du port, a déclaré que le quai rouvrira.", "Luc Moreau"),
        # ", <name>, afirmó" (an appositive name)
        ("es", "El director, Tomás Vega, afirmó que el plan sigue en pie.", "Tomás Vega"),
        ("it", "Il rettore Paolo Neri ha detto che i corsi riprendono.", "Paolo Neri"),
        ("pt", "Rita Alves, engenheira da câmara, disse que a obra terminou.", "Rita Alves"),
        # lower-case role words between the verb and a name with a joiner ("de")
        ("nl", "De brug gaat dicht, zei wethouder Kees de Boer.", "Kees de Boer"),
        # Chinese: the clause before the verb, less its role words
        ("zh", "区长刘洋表示，公园将在五月开放。", "刘洋"),
        # Japanese: the topic of a sentence that ends in a speech verb
        ("ja", "社長の鈴木は、工場を移転すると述べた。", "鈴木"),
    ],
)
def test_a_speech_verb_names_the_source(code: str, text: str, who: str) -> None:
    assert source(text, code) == who
    assert sources_in(text, described=True, lang=code)[-1] == who


@pytest.mark.parametrize(
    ("code", "text", "who"),
    [
        ("de", "Laut Bürgermeisterin Eva Braun steigen die Mieten.", "Eva Braun"),
        ("fr", "Selon le maire de la ville, Henri Blanc, le marché rouvre.", "Henri Blanc"),
        # the person an apposition names, not the department before it
        ("es", "El paro bajó, según la consejera de Empleo, Marta Gil.", "Marta Gil"),
        ("it", "Secondo l'assessore Carlo Riva, il museo riapre.", "Carlo Riva"),
        ("pt", "A obra custou caro, segundo o presidente Luís Mota.", "Luís Mota"),
        ("nl", "Volgens directeur Anouk Smit groeit de haven.", "Anouk Smit"),
        ("zh", "据市统计局介绍，人口增长了三成。", "市统计局"),
        ("ja", "県によると、観光客が増えた。", "県"),
    ],
)
def test_an_according_to_form_names_the_source(code: str, text: str, who: str) -> None:
    assert source(text, code) == who


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("de", "Die Halle bleibt bis Mai geschlossen."),
        ("fr", "Le marché ouvre le samedi."),
        ("zh", "他说，公园很大。"),  # a pronoun is no name
        ("ja", "同氏は、工場を移転すると述べた。"),  # "the said person" is no name (no stopword)
    ],
)
def test_no_source_where_none_is_named(code: str, text: str) -> None:
    assert source(text, code) is None


@pytest.mark.parametrize(
    ("code", "text", "kind"),
    [
        ("de", "„Wir bauen die Brücke noch in diesem Jahr“, sagte Roth.", "quote"),
        ("fr", "« Le tramway arrivera à l'heure », a dit Luc Moreau.", "quote"),
        ("ja", "「図書館は市民のものだ」と館長は語った。", "quote"),
        ("de", "Die Stadt sollte mehr Radwege bauen.", "opinion"),
        ("es", "La medida es injusta para los vecinos.", "opinion"),
        ("zh", "政府应该降低票价。", "opinion"),
        ("fr", "Le gouvernement présentera un budget.", "prediction"),
        ("es", "La ciudad tendrá un nuevo parque.", "prediction"),
        ("it", "La biblioteca aprirà a giugno.", "prediction"),
        ("pt", "A linha chegará ao aeroporto.", "prediction"),
        ("nl", "De gemeente zal de haven uitbreiden.", "prediction"),
        ("de", "Die Brücke soll im Herbst fertig sein.", "prediction"),
        ("zh", "新线路将于明年开通。", "prediction"),
        ("ja", "新館は来年開館する予定だ。", "prediction"),
        ("de", "Das Land übernimmt sechzig Prozent der Kosten.", "statistic"),
        ("fr", "Les travaux ont coûté douze pour cent de plus.", "statistic"),
        ("zh", "该线路全长四十三公里。", "statistic"),
        ("ja", "利用者は十二パーセント増加した。", "statistic"),
        ("de", "Der Verein wurde in Kassel gegründet.", "fact"),
    ],
)
def test_the_kind_in_each_language(code: str, text: str, kind: str) -> None:
    assert rule_kind(text, lang=code).value == kind


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("de", "Die Stadt hat zwölf Jahre auf die Brücke gewartet."),  # a duration
        ("fr", "La métropole a inauguré la ligne T10."),  # a name with a number
        ("es", "El museo abrió en 1998."),  # a year
        ("zh", "杭州市政府周一宣布，地铁十九号线正式开通。"),  # a weekday, a line's number
        ("zh", "他们一起参观了工厂。"),  # one numeral inside a word
        ("ja", "図書館は日曜日に休館しない。"),
    ],
)
def test_a_number_that_is_no_count_leaves_a_fact(code: str, text: str) -> None:
    assert rule_kind(text, lang=code) is ClaimKind.FACT


def test_a_transcript_turn_is_labelled_by_its_content_not_its_quotes() -> None:
    text = "„Das ist gut so“, meinte sie gestern im Rathaus von Kassel."
    assert rule_kind(text, lang="de") is ClaimKind.QUOTE
    assert rule_kind(text, transcript=True, lang="de") is not ClaimKind.QUOTE


def test_english_and_languages_without_a_file_keep_the_english_rules() -> None:
    text = "The plan will cost $4 million, the mayor said, according to Reuters."
    assert rule_kind(text) is ClaimKind.PREDICTION
    assert source(text, "en") == "Reuters"
    # Finnish has no data file: the English rules, as before languages were told apart
    assert rule_kind(text, lang="fi") is rule_kind(text)
    assert source(text, "fi") == "Reuters"
    # the English rules do not know German words
    assert rule_kind("Die Brücke soll fertig sein.") is ClaimKind.FACT


GERMAN = """Kassel baut eine neue Halle

Die Halle soll im Herbst fertig sein, sagte Baubürgermeister Jan Roth."""


def test_the_pipeline_reads_the_rules_in_the_documents_language() -> None:
    detected = plan_extract(Document(GERMAN), 12)
    label = detected.rules[-1]
    assert (label.kind, label.attributed_to, label.explicit) == (
        ClaimKind.PREDICTION,
        "Jan Roth",
        True,
    )
    # the language option wins over detection: read as English, nothing is recognised
    given = plan_extract(Document(GERMAN), 12, "en").rules[-1]
    assert (given.kind, given.attributed_to) == (ClaimKind.FACT, None)


def test_a_chinese_headline_is_the_title_and_no_claim() -> None:
    text = "杭州地铁新线路开通\n\n杭州地铁十九号线正式开通运营。该线路全长四十三公里。"
    extract = plan_extract(Document(text), 12)
    assert extract.title == "杭州地铁新线路开通"
    assert [r.claim for r in extract.rules] == [False, True, True]


def _label_everything_fact(request: ScriptedRequest) -> dict[str, object]:
    """A scripted labeller: "fact", no source, for every offered sentence."""
    labels = request.body["tools"][0]["function"]["parameters"]["properties"]["labels"]
    return {"labels": [{"kind": "fact", "attributed_to": None}] * labels["minItems"]}


@pytest.mark.parametrize(
    ("given", "kind", "who"),
    [(None, ClaimKind.PREDICTION, "Jan Roth"), ("en", ClaimKind.FACT, None)],
)
def test_the_summarizer_passes_the_documents_language_to_the_rules(
    given: str | None, kind: ClaimKind, who: str | None
) -> None:
    model = ScriptedModel(_label_everything_fact)
    options = {"strategy": "extract", "evidence_mode": "sentence", "language": given}
    summary = scripted_summarizer(model, **options).summarize(GERMAN)
    claim = summary.claims[-1]
    assert claim.text.startswith("Die Halle soll")
    assert (claim.kind, claim.attributed_to) == (kind, who)
