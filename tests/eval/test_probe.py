"""The fresh probes (``evals/probes/*.toml``): claims the judge was not designed on.

Each probe file holds short documents written for the project, correct claims on exact quotes,
wrong variants (``reject.<kind>``) and meaning-keeping rewrites (``keep``). They go through the
product's path (``verify_claims`` with the default judge, the frame and the document's detected
language). A probe is measured once when written (evals/MATCHERS.md, "Fresh probe"); a later
round adds a new file rather than editing one, so each file keeps telling how well the judge
carries over to new text.

A probe on which the judge meets the issue's bars is held to them, pooled over its languages:
each wrong kind rejected ≥ 95%, the claims and their rewrites kept ≥ 90%. One on which it does
not yet (``MEASURED``: the blind probe c) is held to its measured figures, so a rate that falls
fails and a gain is free; raise them as classes are closed.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence
from summarizer._support import DEFAULT_JUDGE
from summarizer._verify import verify_claims
from tests.support.common import ROOT

PROBES = sorted((ROOT / "evals" / "probes").glob("*.toml"))
MIN_REJECTED = 0.95
MIN_KEPT = 0.90
KEPT = ("original", "keep")
# Wrong kinds a probe may add beyond the core five (negation, number, date, direction, name):
# their rates are printed, not held to MIN_REJECTED, until the judge is meant to catch them.
REPORTED_KINDS = ("quantifier", "modality", "role", "comparison", "condition")
# Measured on probes the judge does not yet meet the bars on (share rejected per kind, share
# kept), rounded down to two places.
MEASURED: dict[str, dict[str, float]] = {
    # written blind (by someone who had not read the judge's rules), measured once on
    # 2026-12-05: 173 of 233 wrong variants rejected, 129 of 152 kept; then months, weekdays
    # and ordinals read as numbers: date 15 → 19 of 19 (held to the bar), number 71 → 75 of 80;
    # negative prefixes: negation 20 → 23 of 25; common opposites and swapped numbers:
    # direction 10 → 17 of 26; fractions as shares: kept 129 → 130 of 152; opposites of news
    # and reports in every language file: direction 17 → 24 of 26, negation 23 → 24 of 25;
    # bounds turned round ("au moins 90" / "jusqu'à 90"): number 75 → 77, direction 24 → 25;
    # hedges, promises and conditions dropped: modality 5 → 10 of 10, condition 3 → 6 of 6;
    # CJK fractions and shares (三分之一, 4割), "quatre-vingt-dix": number 77 → 79 of 80, kept
    # 130 → 133 of 152; roles swapped with the same words: role 2 → 6 of 6; a name of the
    # document put in for the evidence's entity: name 39 → 42 of 44; units written short
    # ("km/u" = "kilometer per uur"): kept 133 → 134 of 152; a half without an article
    # ("metade") and verbs of ruling out ("descartou"): number 79 → 80, negation 24 → 25.
    # Merged with a definite description resolved ("The association said ...") and Chinese
    # and Japanese names by a tagger (a new common word is coverage's): 225 of 233 rejected
    # (date 18 of 19: "spring" → "autumn" had been caught only by the missing name, seasons
    # are no date words yet; comparison 6 of 8 and quantifier 7 of 9, the tagger no longer
    # reads 全球 and 全員 as names), kept 134 → 141 of 152; pronouns, descriptions and
    # partial names resolved (_coref): kept 141 → 143 of 152; capitalised common words read
    # as no names: kept 143 → 144 (rejected 225 → 224, an "Only some ..." caught only as a name)
    "fresh-2026-12-c": {
        "negation": 1.0, "number": 1.0, "date": 1.0, "direction": 0.96, "name": 0.95, "kept": 0.94,
        "comparison": 0.75, "condition": 1.0, "modality": 1.0, "quantifier": 1.0, "role": 1.0,
    },
    # Written blind on 2026-12-05 (evening) by three engineers who had read neither the judge
    # nor its data, and measured once, on the tree after probe c's second round (commit
    # 2c5665f): d (nine non-news documents, one per language) 263 of 335 rejected, 142 of 213
    # kept; e (dense news, subjects named sentences before) 287 of 365, 147 of 221; f (claims
    # on four of the project's English documents, the seed article first) 143 of 185, 73 of
    # 96. Then (no longer blind) antonym families, pronoun and description subjects, and
    # capitalised common words read as no names: d 276 of 335 / 151 of 213, e 302 of 365 /
    # 166 of 221, f 154 of 185 / 76 of 96. The coreference step let three of e's variants
    # through that only the missing name had caught (negation 34 → 33 of 35, number 109 → 107
    # of 116) for 12 more kept. After the classes of probe g (late evening): d 283 of 335 /
    # 157 of 213, e 320 of 365 / 175 of 221, f 158 of 185 / 78 of 96; floors are those
    # figures per kind, rounded down.
    "fresh-2026-12-d": {
        "negation": 0.89, "number": 0.94, "date": 0.97, "direction": 0.77, "name": 0.85,
        "kept": 0.76, "comparison": 0.76, "condition": 0.78, "modality": 0.66, "quantifier": 0.87,
        "role": 0.2,
    },
    "fresh-2026-12-e": {
        "negation": 0.97, "number": 0.97, "date": 0.93, "direction": 0.89, "name": 0.87,
        "kept": 0.84, "comparison": 0.83, "condition": 0.88, "modality": 0.66, "quantifier": 0.84,
        "role": 0.0,
    },
    "fresh-2026-12-f": {
        "negation": 1.0, "number": 0.95, "date": 0.95, "direction": 0.82, "name": 0.86,
        "kept": 0.83, "comparison": 1.0, "condition": 1.0, "modality": 0.71, "quantifier": 0.5,
        "role": 0.44,
    },
    # Written blind on 2026-12-05 (evening: 18 documents, an interview and a data-heavy text
    # per language) and measured once, after the day's last change to the judge (commit
    # 28edca7): 442 of 564 wrong variants rejected, 234 of 341 claims and rewrites kept (the
    # correct claims themselves 158 of 166). Then (no longer blind) its misses closed by class
    # (speakers, direction of the claim's clause, time units and seasons, modality,
    # quantifiers, superlatives, common words taken for names): 517 of 564, 261 of 341. Floors
    # are those figures, rounded down; every probe's reported kinds are held to theirs too.
    "fresh-2026-12-g": {
        "negation": 0.8, "number": 1.0, "date": 1.0, "direction": 0.92, "name": 0.87, "kept": 0.79,
        "comparison": 0.85, "condition": 0.83, "modality": 0.92, "quantifier": 1.0, "role": 0.43,
    },
    # Written blind on 2026-12-05 (late evening: 18 documents, per language a legal, recall or
    # sports text and a study, weather or school-policy text) while the judge was being changed
    # on probe g's misses, and measured once on the merged tree (commit c8acd92): 407 of 525
    # wrong variants rejected, 239 of 356 claims and rewrites kept (the correct claims
    # themselves 163 of 177). The judge before the round (b79cbf8), run on it afterwards: 393 of
    # 525 and 241 of 356. Then (2026-12-06, no longer blind) its misses closed by class
    # (negation words that negate nothing, negated bounds, Japanese prefix cues; German common
    # nouns; acronyms, descriptions and team names; forecasts, open questions, added
    # conditions; universals and parts; opposites, results with scores, compared sides): 466
    # of 525, 259 of 356. Two catches that only bugs made were lost on the way: d comparison
    # (pt "segundo" caught by a condition split across "uso … segundo") and e role (ja 求め
    # read as governing the whole clause). Floors are the current figures, rounded down.
    "fresh-2026-12-h": {
        "negation": 0.88, "number": 0.96, "date": 0.88, "direction": 0.89, "name": 0.86,
        "kept": 0.75, "comparison": 0.88, "condition": 1.0, "modality": 0.9, "quantifier": 0.88,
        "role": 0.47,
    },
    # Written blind on 2026-12-06 (18 documents on new topics: strikes, outages, waiting
    # lists, a council vote, a museum, fishing quotas, harvests, police, a theatre season, a
    # bridge, water, retail, a zoo, measles, a lunar probe, fraud, rice, an election) while
    # the judge was changed on probe h's misses, and measured once on the merged tree (commit
    # ed40b5f): 532 of 658 wrong variants rejected, 372 of 546 kept (the correct claims
    # themselves 251 of 273). The judge before the round (124a47f), run on it: 523 of 658 and
    # 365 of 546. Then a development set: the round of 2026-12-06 (morning) closed its false
    # flags (correct claims flagged 22 -> 0, kept 372 -> 427, rejected 532 -> 536). Floors are
    # the current figures, rounded down; role fell .28 -> .21 on purpose: three role variants
    # had been rejected only because their correct originals were flagged too (German
    # Konjunktiv I "wolle", "kündigte an", Italian "Abbiamo chiesto" / "ha chiesto").
    "fresh-2026-12-i": {
        "negation": 0.82, "number": 0.99, "date": 0.9, "direction": 0.65, "name": 0.87,
        "kept": 0.78, "comparison": 0.8, "condition": 0.75, "modality": 0.75, "quantifier": 0.84,
        "role": 0.21,
    },
    # Written blind on 2026-12-06 (18 documents on new topics: quarterly results, a marathon,
    # a car-factory strike, a wind farm, a warranty law, a library, a drought, a tourism season,
    # a hospital merger, a jazz festival, housing, an agtech start-up, bike sharing, a research
    # ship, metro fares, a drug trial, a sleep study, a bus accident) while the judge was
    # changed on probe i's false flags, and measured once before (07d5b75: 707 of 840 wrong
    # variants rejected, 521 of 831 kept, 27 of 277 correct claims flagged) and once on the
    # merged tree (811bf1b: 704 of 840, 550 of 831, 27 of 277). Floors are those figures;
    # negation .73 -> .72 on purpose (numnames, 2026-12-06): a zh negation variant about the
    # drug "QH-217" had been rejected only because every claim naming it failed on the
    # number 217 (its correct claims too, 10 verdicts); the model code is now read as one.
    # Then a development set (2026-12-06, second round): 733 of 840 rejected (role 12 -> 30 of
    # 31: a person's office changed), 566 of 831 kept, 25 of 277 correct claims flagged; floors
    # raised to those figures. Lowered on purpose (hedges, 2026-12-06): direction .8 -> .79 and
    # role .96 -> .93, two zh variants rejected only because a 如果 of another clause of their
    # evidence sentence was read as a condition on them (it flagged their correct claim too).
    "fresh-2026-12-j": {
        "negation": 0.72, "number": 0.96, "date": 0.92, "direction": 0.79, "name": 0.8,
        "kept": 0.68, "comparison": 0.69, "condition": 0.85, "modality": 0.88, "quantifier": 0.84,
        "role": 0.93,
    },
    # Written blind on 2026-12-06 (morning) by an engineer who read no code, in genres the
    # earlier probes lacked (interview transcripts, a letter to shareholders, a product review,
    # a scientific abstract, an obituary, a travel advisory, committee minutes, a sports
    # column, an FAQ, a press release, and news; 271 claims, 723 wrong variants, 542 rewrites),
    # and measured once, after the round, on 79242cf: 602 of 723 rejected, 515 of 813 kept,
    # 41 of 271 correct claims flagged. Floors are those figures, rounded down; lowered on
    # purpose (numnames, 2026-12-06): comparison .66 -> .61 and direction .54 -> .52 (three ja
    # variants about the "PS-800" rejected only because every claim naming it failed on the
    # number 800, its 14 correct claims and rewrites too), quantifier .92 -> .89 (a zh variant
    # rejected only because "周末" read as a week, as the surname "周" did in two flagged
    # correct claims).
    # Then a development set (2026-12-06, second round: offices, opposites, model codes,
    # approximators, a 若 inside a name): 616 of 723 rejected, 545 of 813 kept, 30 of 271 correct
    # claims flagged; floors raised to those figures, negation lowered .75 -> .73 (a zh variant
    # rejected only because the 若 of the name 周若溪 read as "if", which flagged its correct
    # claim too); date .97 -> .96 (hedges: a zh variant rejected only because the 如果 of
    # another clause of its evidence sentence was read as a condition on it).
    "fresh-2026-12-k": {
        "negation": 0.73, "number": 0.95, "date": 0.96, "direction": 0.66, "name": 0.85,
        "kept": 0.67, "comparison": 0.63, "condition": 0.9, "modality": 0.87, "quantifier": 0.89,
        "role": 0.52,
    },
    # Written blind on 2026-12-06 (second round) by an engineer who read no code, in genres no
    # earlier probe used (a police press log, a charity annual report, a job advertisement, a
    # school inspection report, an auction listing, a parliamentary written answer, a live
    # match ticker, a crowdfunding update, a museum catalogue, a trail guide, a patient
    # leaflet, a budget speech, an office-move e-mail, a tender notice, a conference
    # programme, a book review, a podcast transcript, an insurance decision letter; 285
    # claims, 639 wrong variants, 570 rewrites), and measured once before the round (70bdd14:
    # 511 of 639 rejected, 590 of 855 kept, 32 of 285 correct claims flagged) and once after
    # it (677f57a: 517 of 639, 602 of 855, 31 of 285). Floors are the figures after.
    "fresh-2026-12-l": {
        "negation": 0.8, "number": 0.98, "date": 0.95, "direction": 0.52, "name": 0.8, "kept": 0.7,
        "comparison": 0.73, "condition": 0.92, "modality": 0.76, "quantifier": 0.83, "role": 0.37,
    },
}  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    language: str
    kind: str  # "original", "keep", or the wrong kind
    text: str
    supported: bool

    @property
    def right(self) -> bool:
        return self.supported if self.kind in KEPT else not self.supported


def _run(path: Path) -> list[Outcome]:
    judge = get_judge(DEFAULT_JUDGE)
    outcomes: list[Outcome] = []
    for doc in tomllib.loads(path.read_text(encoding="utf-8"))["document"]:
        text: str = doc["text"]
        items: list[tuple[str, str, list[Evidence]]] = []
        for claim in doc["claim"]:
            quote: str = claim["quote"]
            assert text.count(quote) == 1, f"{doc['id']}: quote not found once: {quote!r}"
            start = text.index(quote)
            evidence = [
                Evidence(
                    quote=quote, start=start, end=start + len(quote),
                    alignment=Alignment.EXACT, score=1.0,
                )
            ]  # fmt: skip
            items.append(("original", claim["text"], evidence))
            for kind, variants in claim.get("reject", {}).items():
                items += [(kind, variant, evidence) for variant in variants]
            items += [("keep", variant, evidence) for variant in claim.get("keep", [])]
        claims = [Claim(text=t, kind=ClaimKind.FACT, evidence=e) for _, t, e in items]
        verified = verify_claims(claims, judge, Document(text)).claims
        for (kind, claim_text, _), judged in zip(items, verified, strict=True):
            assert judged.support is not None
            outcomes.append(
                Outcome(doc["language"], kind, claim_text, judged.support.supported is True)
            )
    return outcomes


@pytest.fixture(scope="module", params=PROBES, ids=[p.stem for p in PROBES])
def probe(request: pytest.FixtureRequest) -> tuple[str, list[Outcome]]:
    path: Path = request.param
    return path.stem, _run(path)


@pytest.fixture
def outcomes(probe: tuple[str, list[Outcome]]) -> list[Outcome]:
    return probe[1]


def _bar(probe: str, kind: str) -> float:
    default = MIN_KEPT if kind == "kept" else MIN_REJECTED
    return MEASURED.get(probe, {}).get(kind, default)


def test_there_is_a_probe() -> None:
    assert PROBES, "evals/probes/ holds no probe file"


def test_print_rates(outcomes: list[Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    by: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for o in outcomes:
        by[(o.language, "kept" if o.kind in KEPT else "rejected")].append(o.right)
    with capsys.disabled():
        print("\nfresh probe: share right (language, rejected/kept, n)")
        for (code, group), rights in sorted(by.items()):
            print(f"  {code} {group}: {sum(rights) / len(rights):.3f} ({len(rights)})")
        for o in outcomes:
            if not o.right:
                print(f"  wrong verdict: {o.language} {o.kind}: {o.text}")
    assert by


def test_each_wrong_kind_is_rejected(
    probe: tuple[str, list[Outcome]], capsys: pytest.CaptureFixture[str]
) -> None:
    name, outcomes = probe
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.kind not in KEPT:
            by_kind[o.kind].append(o)
    assert {"negation", "number", "direction", "name", "date"} <= set(by_kind)
    with capsys.disabled():
        for kind in sorted(set(by_kind) & set(REPORTED_KINDS)):
            group = by_kind.pop(kind)
            rejected = sum(o.right for o in group) / len(group)
            print(f"\n  reported kind {kind}: rejected {rejected:.3f} ({len(group)})")
            if kind in MEASURED.get(name, {}):  # a reported kind closed: held to its figure
                assert rejected >= MEASURED[name][kind], (kind, round(rejected, 3))
    for kind, group in by_kind.items():
        rejected = sum(o.right for o in group) / len(group)
        missed = [o.text for o in group if not o.right]
        assert rejected >= _bar(name, kind), (kind, round(rejected, 3), missed)


def test_correct_claims_and_rewrites_are_kept(probe: tuple[str, list[Outcome]]) -> None:
    name, outcomes = probe
    kept = [o for o in outcomes if o.kind in KEPT]
    share = sum(o.right for o in kept) / len(kept)
    assert share >= _bar(name, "kept"), (round(share, 3), [o.text for o in kept if not o.right])


def test_measured_floors_name_probes_and_kinds_that_exist() -> None:
    """A floor for a probe or a kind that is not there would hold nothing."""
    stems = {p.stem for p in PROBES}
    for name, floors in MEASURED.items():
        assert name in stems, name
        kinds = {"negation", "number", "date", "direction", "name", "kept", *REPORTED_KINDS}
        assert set(floors) <= kinds
