"""Modality classes of the second round: forecasts, Japanese marks after their verb, the
German subjunctive of "can", split condition words read as whole words, open questions
("investiga si"), conditions and certainty the claim adds."""

from __future__ import annotations

from summarizer._support_modality import (
    added_certainty,
    added_condition,
    changed_modality,
    dropped_condition,
    stated_done,
    stated_past,
)
from tests.support.judging import judged


def test_forecast_stated_as_done_is_flagged() -> None:
    # "voraussichtlich", "naar verwachting", "prevé": expected, not happened
    assert changed_modality(
        "Der Sturm erreichte am Abend seinen Höhepunkt.",
        "Der Sturm erreicht am Abend voraussichtlich seinen Höhepunkt.",
        "de",
    )
    assert changed_modality(
        "De rivier trad dinsdag buiten haar oevers.",
        "De rivier treedt dinsdag naar verwachting buiten haar oevers.",
        "nl",
    )
    assert changed_modality(
        "La lluvia cesó el lunes, según el servicio.",
        "El servicio meteorológico prevé que la lluvia cese el lunes.",
        "es",
    )


def test_forecast_at_the_end_of_its_clause_governs_what_precedes() -> None:
    assert changed_modality(
        "In den Bergen sind Böen von 90 Kilometern gemessen worden.",
        "In den Bergen werden Böen von 90 Kilometern erwartet.",
        "de",
    )


def test_forecast_restated_as_forecast_or_possibility_is_kept() -> None:
    assert (
        changed_modality(
            "Según las previsiones, la lluvia cesará el lunes.",
            "El servicio meteorológico prevé que la lluvia cese el lunes.",
            "es",
        )
        is None
    )
    assert (
        changed_modality(
            "In den Bergen können Böen 90 Kilometer erreichen.",
            "In den Bergen werden Böen von 90 Kilometern erwartet.",
            "de",
        )
        is None
    )


def test_subjunctive_can_is_the_same_hedge() -> None:
    assert (
        changed_modality(
            "Bei älteren Modellen kann der Akku überhitzen.",
            "Bei älteren Modellen könne der Akku überhitzen, sagte der Prüfer.",
            "de",
        )
        is None
    )


def test_japanese_mark_governs_the_words_before_it() -> None:
    # the petition asks for the closure; that it was handed in is a fact
    assert (
        changed_modality(
            "住民は署名を市に提出した。",
            "住民らは、工場の閉鎖を求めた署名を市に提出した。",
            "ja",
        )
        is None
    )
    assert changed_modality(
        "住民は工場の閉鎖を決めた。",
        "住民らは、工場の閉鎖を求めた署名を市に提出した。",
        "ja",
    )


def test_split_condition_matches_whole_words_only() -> None:
    # "só * se" is not "uso ... segundo"
    assert (
        dropped_condition(
            "A escola abriu o ginásio ao público no segundo semestre.",
            "A escola abriu o uso do ginásio ao público no segundo semestre.",
            "pt",
        )
        is None
    )
    assert dropped_condition(
        "A escola abre o ginásio ao público.",
        "A escola só abre o ginásio ao público se houver monitores.",
        "pt",
    )


def test_settled_where_the_evidence_asks_whether_is_flagged() -> None:
    # "investiga si", "prüft, ob", かどうか: an open question
    assert changed_modality(
        "La policía ha confirmado que el incendio fue provocado.",
        "La policía investiga si el incendio fue provocado.",
        "es",
    )
    assert changed_modality(
        "Die Polizei hat festgestellt, dass der Brand gelegt wurde.",
        "Die Polizei prüft, ob der Brand gelegt wurde.",
        "de",
    )
    assert stated_done(
        "市はすでに工事を中止した。", "市は工事を中止するかどうかを明らかにしていない。", "ja"
    )


def test_attributed_possibility_or_request_is_a_hedge() -> None:
    assert (
        changed_modality(
            "Il produttore ipotizza che il guasto abbia causato la rottura.",
            "Secondo il produttore, il guasto potrebbe aver causato la rottura.",
            "it",
        )
        is None
    )
    assert (
        changed_modality(
            "Der Bürgermeister forderte die Anwohner auf, die Fenster zu schließen.",
            "„Wir bitten die Anwohner, die Fenster zu schließen“, sagte der Bürgermeister.",
            "de",
        )
        is None
    )


def test_condition_the_evidence_does_not_give_is_flagged() -> None:
    assert added_condition(
        "Les deux clubs joueront la finale à Lyon s’ils se qualifient.",
        "Les deux clubs joueront la finale à Lyon.",
        "fr",
    )
    assert added_condition(
        "The library will open on Sundays if volunteers can be found.",
        "The library will open on Sundays.",
        "en",
    )
    assert added_condition(
        "La biblioteca abrirá los domingos solo si hay voluntarios.",
        "La biblioteca abrirá los domingos.",
        "es",
    )
    assert added_condition(
        "図書館は、予算がつけば日曜日も開館する。", "図書館は日曜日も開館する。", "ja"
    )


def test_no_condition_in_concessives_questions_or_ambiguous_words() -> None:
    for claim, evidence, code in [
        (
            "The library will open on Sundays even if no volunteers are found.",
            "The library will open on Sundays.",
            "en",
        ),
        (
            "La biblioteca aprirà la domenica anche se mancano i volontari.",
            "La biblioteca aprirà la domenica.",
            "it",
        ),
        (
            "A biblioteca abre aos domingos e se mantém aberta até às 20 horas.",
            "A biblioteca abre aos domingos até às 20 horas.",
            "pt",
        ),
        ("市の発表によれば、図書館は日曜日も開館する。", "図書館は日曜日も開館する。", "ja"),
        (
            "La policía investiga si el incendio fue provocado.",
            "La policía investiga las causas del incendio.",
            "es",
        ),
    ]:
        assert added_condition(claim, evidence, code) is None, claim


def test_certainty_the_evidence_does_not_give_is_flagged() -> None:
    assert added_certainty(
        "Secondo lo studio, è dimostrato che il tè riduce la pressione.",
        "Secondo lo studio, il tè potrebbe ridurre la pressione.",
        "it",
    )
    assert added_certainty(
        "毎日歩けば、病気を確実に防ぐことができる。", "毎日歩く人は病気になるリスクが低い。", "ja"
    )
    same = "Die Impfung schützt mit Sicherheit vor einer schweren Erkrankung."
    assert added_certainty(same, "Die Impfung schützt vor einer schweren Erkrankung.", "de")
    assert added_certainty(same, same, "de") is None


def test_a_french_si_inside_the_clause_is_an_added_condition() -> None:
    assert added_condition(
        "La bibliothèque ouvrira le dimanche si des bénévoles sont trouvés.",
        "La bibliothèque ouvrira le dimanche.",
        "fr",
    )


def test_the_product_path_rejects_an_added_condition_or_certainty() -> None:
    evidence = "The new library will open on Sundays from March, the council said."
    text = f"{evidence}\n"
    kept = "The council said the new library will open on Sundays from March."
    assert judged(text, kept, evidence)[0] is True
    wrong = "The new library will open on Sundays from March if volunteers can be found."
    assert judged(text, wrong, evidence) == (False, "coverage")
    certain = "The new library will certainly open on Sundays from March, the council said."
    assert judged(text, certain, evidence) == (False, "coverage")


def test_a_future_stated_in_the_past_is_flagged() -> None:
    evidence = "The council said it would inspect the estate again."
    assert stated_past("The council inspected the estate again.", evidence, "en")
    kept = "The estate will be inspected again, the council said."
    assert stated_past(kept, evidence, "en") is None
    text = f"{evidence}\n"
    assert judged(text, "The council inspected the estate again.", evidence) == (
        False,
        "coverage",
    )
