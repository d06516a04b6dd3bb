"""A time unit or season of the claim that the evidence states otherwise.

A number's time unit is part of its meaning: "twice a day" is not "twice a week", "zwei
Wochen" not "zwei Tage", "1週間" not "1日", "一个月的租金" not "一年的租金"; a season is a
date: "d'estate" is not "d'inverno", "in het voorjaar" not "in het najaar". The numbers
check sees the same number in each and passes them. ``changed_period`` finds the claim's
unit or season where the evidence has another and not the claim's, unless the two are the
same span of time (``converts``: "in the twelve months to March" for "in the year to March",
"douze mois" for "un an"), and a unit the article counts once where the evidence counts it
otherwise ("un an plus tôt" for "trois ans plus tôt"). Words from each language's
``[quantities]`` table (``summarizer.text._quantities``).
"""

from __future__ import annotations

from .text._quantities import converts, periods

__all__ = ["changed_period"]


def changed_period(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """(the claim's unit or season, the evidence's) where they differ, or None."""
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
                if not converts(period, stated):
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
