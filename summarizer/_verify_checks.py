"""The hard checks of step 5: what overrules a verdict of coverage.

A claim the judge finds stated must also agree with its evidence sentences themselves (not
with the frame) on numbers, negation and direction, and pass the checks on the evidence's own
words: a name put in, two numbers turned round, a negation added, a role or a bound turned,
a modality changed, the clause's direction reversed. ``_verify`` runs them after the verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ._coref_descriptions import description_swapped
from ._coref_within import stands_within
from ._coref_words import stands_for
from ._support import LexicalJudge
from ._support_bounds import turned_bound
from ._support_capitals import Capitals, lead_put_in
from ._support_direction import contradicted
from ._support_modality import (
    added_certainty,
    added_condition,
    changed_modality,
    dropped_condition,
    stated_done,
    stated_past,
)
from ._support_names import context_name_swapped
from ._support_numbers import restated_numbers, swapped_numbers
from ._support_pairs import added_negation, negative_prefix, substitution
from ._support_periods import changed_period
from ._support_quantifiers import unstated_quantifier
from ._support_reported import modal_forms
from ._support_results import turned_result
from ._support_roles import swapped_roles
from ._support_scope import condition_scope
from ._support_speakers import same_agent, speaker_swapped
from ._support_superlatives import unstated_superlative
from ._support_universals import unstated_universal
from ._verdict import Verdict


def with_hard_checks(
    verdicts: list[Verdict],
    claims: list[str],
    evidence: list[str],
    *,
    language: str | None = "en",
    context: Sequence[str] | None = None,
    lower_case: frozenset[str] | None = None,
    capitals: Capitals | None = None,
) -> list[Verdict]:
    """A verdict stands only if the claim's numbers, negation and direction words agree with
    the evidence sentences themselves (the lexical judge's hard checks), not with the frame.
    ``language`` None (no word lists for it): no hard checks. ``context``: the document
    before each evidence; a number the claim restates from it (a year, a version, "Route 9")
    does not fail the numbers check (``restated_numbers``). ``lower_case``: the document's
    words (``document_words``), so that a capitalised first word of the evidence that the
    document never writes in lower case counts as a name (``substitution``); ``capitals``:
    what the document writes capitalised, so that a claim's first word the document never
    uses is a name put in where the evidence has a name (``lead_put_in``)."""
    if not claims or language is None:
        return verdicts
    asked = [k for k, verdict in enumerate(verdicts) if verdict.supported]
    if not asked:
        return verdicts
    strict = replace(_STRICT, language=language)
    # One judgement of the supported pairs (its diagonal), not one per pair.
    judgement = strict.judgement([claims[k] for k in asked], [evidence[k] for k in asked])
    out = list(verdicts)
    for row, k in enumerate(asked):
        restated = (
            context is not None
            and judgement.check(row, row) == "number"
            and not (judgement.negation[row, row] or judgement.direction[row, row])
            and restated_numbers(claims[k], evidence[k], context[k], language)
        )
        # a direction failure read on the whole evidence stands only when the claim's own
        # clause has the opposite (``contradicted``): "Book loans fell, while e-book loans rose"
        elsewhere = (
            judgement.direction[row, row]
            and not (
                judgement.numbers[row, row]
                or judgement.negation[row, row]
                or judgement.names[row, row]
            )
            and contradicted(claims[k], evidence[k], language) is None
        )
        if judgement.failed[row, row] and not restated and not elsewhere:
            reason = replace(_LEXICAL, language=language).verdicts([claims[k]], [evidence[k]])
            out[k] = Verdict(0.0, False, reason[0].reason, judgement.check(row, row))
            continue
        before = context[k] if context is not None else ""
        out[k] = _clause_checks(verdicts[k], claims[k], evidence[k], language, lower_case, before)
        put_in = lead_put_in(claims[k], evidence[k], language, lower_case, capitals)
        if put_in is not None and out[k].supported:  # "Lyon is ..." / "Marseille is ..."
            out[k] = Verdict(0.0, False, _where(put_in), "name")
    return out


def _where(pair: tuple[str, str]) -> str:
    """The reason of a check that found the claim's words where the evidence has others."""
    return f'"{pair[0]}" where the evidence has "{pair[1]}"'


def _clause_checks(
    verdict: Verdict,
    claim: str,
    evidence: str,
    code: str,
    lower_case: frozenset[str] | None,
    context: str = "",
) -> Verdict:
    """Checks on the evidence's own words: a name put where the evidence has another ("Der
    Umweltverband Freiburg" / "Der Umweltverband BUND"), two of its numbers the other way
    round ("$3.75, up from $4.50" / "$4.50, up from $3.75"), a negation the claim adds
    (``added_negation``), a word it negates by a prefix ("lawfully" / "unlawfully"), and the
    direction of the clause that says what the claim says ("…gestiegen, während der
    Autoverkehr gesunken ist": the traffic fell)."""
    swapped = substitution(claim, evidence, code, lower_case) or context_name_swapped(
        claim, evidence, context, code
    )  # "Molina prometió" / "Herrera prometió": a name of the document put in
    if swapped is not None and stands_for(swapped[1], code):
        swapped = None  # "华宇" for "公司": a name for a pronoun or description (_coref_words)
    if swapped is not None and stands_within(swapped, evidence, context, code):
        swapped = None  # "der SV Rottweil" for "der Verein" further on (_coref_within)
    if swapped is not None and same_agent(swapped, claim, evidence, code):
        swapped = None  # "Betriebsratschef" / "Betriebsratsvorsitzende" Jürgen Albers
    # "Priya Nair said" where the evidence's "he" is Tom Reyes (_support_speakers)
    swapped = swapped or speaker_swapped(claim, evidence, context, code)
    # "La OCA estudia" where the evidence's "la compañía" is Luminia (_coref_descriptions)
    swapped = swapped or description_swapped(claim, evidence, context, code)
    if swapped is not None:
        return Verdict(0.0, False, _where(swapped), "name")
    moved = swapped_numbers(claim, evidence, code) or changed_period(claim, evidence, code)
    if moved is not None:  # two numbers turned round; "twice a day" for "twice a week"
        return Verdict(0.0, False, _where(moved), "number")
    negated = added_negation(claim, evidence, code)
    if negated is not None:
        reason = f'negation differs: the claim negates "{negated}", the evidence does not'
        return Verdict(0.0, False, reason, "negation")
    prefixed = negative_prefix(claim, evidence, code)
    if prefixed is not None:
        return Verdict(0.0, False, _where(prefixed), "negation")
    roles = swapped_roles(claim, evidence, code)  # "B beat A" / "A beat B"
    if roles is not None:
        return Verdict(0.0, False, _where(roles), "name")
    turned = turned_bound(claim, evidence, code) or turned_result(claim, evidence, code)
    if turned is not None:
        return Verdict(0.0, False, _where(turned), "direction")
    unstated = (
        changed_modality(*modal_forms(claim, evidence, code), code)  # "could" after "said"
        or stated_done(claim, evidence, code)  # "ha già votato" / "dovrà essere votato"
        or stated_past(claim, evidence, code)  # "inspected" / "would inspect"
        or dropped_condition(claim, condition_scope(claim, evidence, code), code)
        or added_condition(claim, evidence, code)  # "... if tenants complain" / no condition
        or added_certainty(claim, evidence, code)  # "è dimostrato che" / "sarebbe legato"
        or unstated_quantifier(claim, evidence, code)  # "most" / "one in five"
        or unstated_universal(claim, evidence, code)  # "all" / "most"; "only" / "mainly"
        or unstated_superlative(claim, evidence, code)  # "the highest" / no rank
    )
    if unstated is not None:  # "ya ha bajado" / "prometió bajar"; "only if" dropped
        return Verdict(0.0, False, unstated, "coverage")
    opposite = contradicted(claim, evidence, code)
    if opposite is not None:
        reason = f'direction differs: the evidence says "{opposite[1]}", not "{opposite[0]}"'
        return Verdict(0.0, False, reason, "direction")
    return verdict


_LEXICAL = LexicalJudge()
_STRICT = LexicalJudge(checks=frozenset({"numbers", "negation", "direction"}))
