"""Modality and condition classes of the third round: reported speech shifts a modal back
("said ... could show" = "can show"; German Konjunktiv I "wolle" = "will"), announcing a
plan ("kündigte an, ... vorzulegen") and threatening ("menacent de") state a plan, a hedge
written in another person or tense ("Abbiamo chiesto" / "ha chiesto") is the same hedge, and
a condition governs only its own sentence and clause."""

from __future__ import annotations

from summarizer._support_modality import changed_modality, dropped_condition
from summarizer._support_reported import modal_forms
from summarizer._support_scope import condition_scope
from tests.support.judging import judged


def _modality(claim: str, evidence: str, code: str) -> str | None:
    return changed_modality(*modal_forms(claim, evidence, code), code)


def test_a_modal_after_said_is_the_present_modal() -> None:
    evidence = "The utility said it would refund £20 to tenants who could show a receipt."
    claim = "The utility will refund £20 to tenants who can show a receipt."
    assert _modality(claim, evidence, "en") is None
    assert judged(evidence, claim, evidence) == (True, None)
    dutch = "De directeur zei dat leerlingen zonder pasje naar binnen konden."
    assert _modality("Leerlingen kunnen zonder pasje naar binnen.", dutch, "nl") is None


def test_a_backshifted_modal_is_still_a_hedge_for_a_claim_without_the_present_modal() -> None:
    # "said it could refund": a possibility; "will refund" does not restate it
    evidence = "The utility said it could refund £20 to tenants."
    assert _modality("The utility will refund £20 to tenants.", evidence, "en")
    # no reporting verb: "could" is no backshifted "can"
    plain = "Tenants who could show a receipt got £20 from the utility."
    assert _modality("Tenants who can show a receipt got £20 from the utility.", plain, "en")


def test_konjunktiv_one_of_a_modal_is_the_modal() -> None:
    text = "Die Stadt wolle bis Herbst drei neue Kitas eröffnen, sagte der Bürgermeister."
    claim = "Die Stadt will bis Herbst drei neue Kitas eröffnen."
    assert judged(text, claim, text) == (True, None)
    text = "Die Schule solle im Winter zwei Wochen schließen, hieß es aus dem Rathaus."
    claim = "Die Schule soll im Winter zwei Wochen schließen."
    assert judged(text, claim, text) == (True, None)


def test_announcing_a_plan_is_a_promise() -> None:
    text = "Der Landrat kündigte an, bis Ostern einen Plan für die Kliniken vorzulegen."
    claim = "Der Landrat will bis Ostern einen Plan für die Kliniken vorlegen."
    assert judged(text, claim, text) == (True, None)
    done = "Der Landrat hat bis Ostern einen Plan für die Kliniken vorgelegt."
    assert judged(text, done, text) == (False, "coverage")


def test_a_threat_is_no_fact() -> None:
    text = "Les agriculteurs menacent de bloquer l'autoroute A7 vendredi."
    claim = "Les agriculteurs ont bloqué l'autoroute A7 vendredi."
    assert judged(text, claim, text) == (False, "coverage")
    # a threat restates a possibility
    dutch = "De dijk kan doorbreken als het water nog twee dagen stijgt."
    kept = "De dijk dreigt door te breken als het water nog twee dagen stijgt."
    assert judged(dutch, kept, dutch) == (True, None)


def test_a_hedge_in_another_person_or_tense_is_the_same_hedge() -> None:
    evidence = "«Abbiamo chiesto un rinvio due volte», ha detto il sindaco Rossi."
    claim = "Il sindaco Rossi ha detto che il comune ha chiesto un rinvio due volte."
    assert _modality(claim, evidence, "it") is None
    evidence = "« On nous demande de payer deux fois », a dit le maire."
    claim = "Le maire a dit qu'on demandait aux habitants de payer deux fois."
    assert _modality(claim, evidence, "fr") is None


def test_a_hedge_is_not_matched_by_the_verb_in_the_future() -> None:
    # "will ask" is no "has asked"
    evidence = "The airline said it will ask the court to review the fine."
    assert _modality("The airline has asked the court to review the fine.", evidence, "en")


def test_provided_opens_a_condition_at_the_start_of_a_clause() -> None:
    text = "Refunds are paid only if the tickets were bought online."
    claim = "Refunds are paid, provided the tickets were bought online."
    assert judged(text, claim, text) == (True, None)
    # a verb elsewhere: no condition added
    text = "The council provided £5m for the new pool."
    assert judged(text, "The council provided £5m for the new pool.", text) == (True, None)


def test_a_condition_of_another_clause_does_not_govern_the_claim() -> None:
    evidence = (
        "The airline, which flies 300 routes, said it expected long delays and told "
        "passengers to come only if they had a booking."
    )
    claim = "The airline flies 300 routes."
    assert dropped_condition(claim, evidence, "en")  # read on the whole sentence
    assert dropped_condition(claim, condition_scope(claim, evidence, "en"), "en") is None
    assert judged(evidence, claim, evidence) == (True, None)


def test_a_condition_still_governs_its_own_clause() -> None:
    evidence = "Guests and staff may enter the hall only if they carry a pass."
    claim = "Staff may enter the hall."
    assert dropped_condition(claim, condition_scope(claim, evidence, "en"), "en")
    # a clause that opens with a condition stays with the one before
    evidence = "Residents may park on the street but only if they hold a permit."
    claim = "Residents may park on the street."
    assert dropped_condition(claim, condition_scope(claim, evidence, "en"), "en")
    # a sentence that opens with a condition is governed by it throughout
    evidence = "If the council agrees, the pool will reopen and buses will run every hour."
    claim = "Buses will run every hour."
    assert dropped_condition(claim, condition_scope(claim, evidence, "en"), "en")


def test_a_condition_of_another_sentence_does_not_govern_the_claim() -> None:
    evidence = "“官方客服不会索要验证码。”他提醒市民，如遇可疑来电，应立即报警。"
    claim = "官方客服不会索要验证码。"
    assert dropped_condition(claim, evidence, "zh")  # read on both sentences
    assert dropped_condition(claim, condition_scope(claim, evidence, "zh"), "zh") is None
    kept = "如遇可疑来电，应立即报警。"
    dropped = "市民应立即报警。"
    assert dropped_condition(dropped, condition_scope(dropped, kept, "zh"), "zh")
    # in a language written with spaces too (its own path: sentences, then clauses)
    evidence = "The museum will stay open late on Fridays. If funding is renewed, a wing will open."
    claim = "The museum will stay open late on Fridays."
    assert dropped_condition(claim, evidence, "en")  # read on both sentences
    assert dropped_condition(claim, condition_scope(claim, evidence, "en"), "en") is None


def test_scheduled_restates_a_forecast() -> None:
    text = "A obra na ponte estava prevista para o verão de 2028."
    claim = "A obra na ponte estava agendada para o verão de 2028."
    assert judged(text, claim, text) == (True, None)
