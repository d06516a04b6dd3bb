"""A time unit or season of the claim that the evidence states otherwise.

A number's time unit is part of its meaning: "twice a day" is not "twice a week", "zwei
Wochen" not "zwei Tage", "1週間" not "1日", "一个月的租金" not "一年的租金"; a season is a
date: "d'estate" is not "d'inverno", "in het voorjaar" not "in het najaar". The numbers
check sees the same number in each and passes them. ``changed_period`` finds the claim's
unit or season where the evidence has another and not the claim's, unless the two are the
same span of time (``converts``: "in the twelve months to March" for "in the year to March",
"douze mois" for "un an"), and a unit the article counts once where the evidence counts it
otherwise ("un an plus tôt" for "trois ans plus tôt"), and the start, middle or end of a
date given as another ("三月初" for "三月底"). Words from each language's
``[quantities]`` table (``summarizer.text._quantities``).
"""

from __future__ import annotations

from ._support_numbers_context import bare_count
from .text._quantities import converts, date_parts, periods

__all__ = ["changed_period"]


def changed_period(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """(the claim's unit or season, the evidence's) where they differ, or None."""
    part = _changed_part(claim, evidence, code)
    if part is not None:
        return part
    mine, theirs = periods(claim, code), periods(evidence, code)
    if not mine or not theirs:
        return None
    for kind in ("unit", "season"):
        stated = [p for p in theirs if p.kind == kind]
        if not stated:
            continue
        for period in (p for p in mine if p.kind == kind):
            same = [p for p in stated if p.key == period.key]
            if not same:
                # "27 jaar oud" on "Tamu (27) ... 03.40 uur": 27 has no unit there
                bare = bare_count(period, mine, theirs, evidence, code)
                if not bare and not converts(period, stated):
                    return period.surface, stated[0].surface
                continue
            counts = {p.count for p in same}
            recounted = period.count is not None and None not in counts
            if recounted and period.count not in counts and not converts(period, stated):
                return period.surface, same[0].surface  # "un an" / "trois ans plus tôt"
    # a season the claim gives as another time: "avant la fin de l'année" for "avant l'été"
    seasons = [p for p in theirs if p.kind == "season"]
    units = {p.key for p in theirs if p.kind == "unit"}
    if seasons and not any(p.kind == "season" for p in mine):
        for period in mine:
            if period.key not in units:
                return period.surface, seasons[0].surface
    return None


def _changed_part(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """The claim's start, middle or end of a date where the evidence has another ("三月初"
    for "三月底", "early 2026" for "late 2026", "2028年度の初め" for "2028年度末")."""
    theirs = date_parts(evidence, code)
    if not theirs:
        return None
    stated = {part for part, _ in theirs}
    for part, surface in date_parts(claim, code):
        if part not in stated:
            return surface, theirs[0][1]
    return None
