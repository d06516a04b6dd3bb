"""Modality classes of the second round: forecasts, Japanese marks after their verb, the
German subjunctive of "can", and split condition words read as whole words."""

from __future__ import annotations

from summarizer._support_modality import changed_modality, dropped_condition


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
