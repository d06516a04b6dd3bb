"""Step 5: support. Does a piece of text actually *state* a claim?

Grounding (step 4) only proves that the evidence exists in the source. A ``Judge`` decides
whether that evidence says what the claim says. The same notion of support serves three places:

- the product: after grounding, every claim is judged against its own evidence;
- the eval: a predicted and a gold claim are *equivalent* when each supports the other;
- the meta-eval: a human-written unit is present in a summary when the summary supports it.

A judge scores claim/premise pairs in batches, as a number in [0, 1], and labels a pair
supported when the score reaches the judge's ``threshold`` and no hard check failed. Judges are
registered by name in ``_judges`` (``get_judge``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from ._support_acronyms import spelled
from ._support_alike import alike
from ._support_capitals import Capitals, claim_names
from ._support_cjk import changed_terms
from ._support_compounds import compound_found
from ._support_groups import team_of
from ._support_lexical import Analysis, NameRun, analyse
from ._support_pairs import opposite_direction
from ._verdict import DEFAULT_JUDGE, FloatMatrix, Judge, Verdict, VerdictCheck
from .text._cjk import name_spans
from .text._language import language as get_language

__all__ = [
    "DEFAULT_JUDGE",
    "LEXICAL_THRESHOLD",
    "FloatMatrix",
    "Judge",
    "LexicalJudge",
    "LexicalJudgement",
    "Verdict",
    "VerdictCheck",
]

# --- the lexical judge (the offline default) --------------------------------------------------

# Chosen on REALSumm articles 0-49 (best Cohen's kappa of unit presence); see evals/MATCHERS.md.
LEXICAL_THRESHOLD: Final = 0.6
_MAX_LISTED: Final = 3  # missing words named in a reason
_BLOCK: Final = 32  # pairs judged together by ``verdicts``
_SPELLED_ALIKE: Final = 0.6  # difflib ratio of a name's words misspelled ("Reichart"/"Reichert")


@dataclass(frozen=True)
class LexicalJudgement:
    """Every claim × premise pair: coverage and each hard check (for tuning, tests, reasons)."""

    coverage: FloatMatrix  # share of the claim's content words found in the premise
    numbers: BoolMatrix  # a number of the claim is not in the premise
    negation: BoolMatrix  # negation differs
    direction: BoolMatrix  # the premise has only the opposite of a direction word of the claim
    names: BoolMatrix  # a name of the claim is not in the premise

    @property
    def failed(self) -> BoolMatrix:
        return self.numbers | self.negation | self.direction | self.names

    def check(self, i: int, j: int) -> VerdictCheck | None:
        """The hard check that failed for claim ``i`` and premise ``j``, if any."""
        for name, matrix in _CHECK_ORDER:
            if getattr(self, matrix)[i, j]:
                return name
        return None


_CHECK_ORDER: Final[tuple[tuple[VerdictCheck, str], ...]] = (
    ("number", "numbers"), ("negation", "negation"), ("direction", "direction"), ("name", "names")
)  # fmt: skip


@dataclass(frozen=True)
class LexicalJudge:
    """Claim content words covered by the premise, and no hard check failed.

    ``score`` is the share of the claim's content words (numbers by value) that the premise
    has, or 0 when a hard check fails (a number, a negation, a direction word or a name of the
    claim is not in the premise): see ``summarizer/_support_lexical.py``.
    """

    name: str = "lexical"
    threshold: float = LEXICAL_THRESHOLD
    checks: frozenset[str] = frozenset({"numbers", "negation", "direction", "names"})
    language: str = "en"  # a code with a data file (``summarizer.text.supported_languages``)
    # The folded words of the document, when the judge knows it: a claim's capitalised first
    # word outside them is a name the document never uses ("Lyon is ..."). None: not known.
    lower_case: frozenset[str] | None = None
    # What the document writes capitalised (``_support_capitals``): which capitalised words of
    # a claim are no names ("Rimase", "der Rat"). None: not known.
    capitals: Capitals | None = None

    def judgement(self, claims: Sequence[str], premises: Sequence[str]) -> LexicalJudgement:
        """Coverage and hard checks of every pair, vectorised over the claims' vocabulary."""
        code = self.language
        opposites = get_language(code).opposites
        ca = [analyse(c, code) for c in claims]
        pa = [analyse(p, code) for p in premises]
        vocab: dict[str, int] = {}  # the claims' content words first, then other name words
        for a in ca:
            for w in a.content:
                vocab.setdefault(w, len(vocab))
        n_content = len(vocab)
        claim_names = [self._names(a, c) for a, c in zip(ca, claims, strict=True)]
        for runs in claim_names:
            for run in runs:
                for w in run.words:
                    vocab.setdefault(w, len(vocab))
        units_dir: list[tuple[int, int, int]] = []  # (claim, word, opposite)
        for i, a in enumerate(ca):
            for w in a.content:
                for o in opposites.get(w, ()):
                    if o not in a.content:
                        units_dir.append((i, vocab[w], vocab.setdefault(o, len(vocab))))
        acr: dict[str, int] = {}
        units_name: list[tuple[int, list[int], int]] = []  # (claim, words, acronym or -1)
        for i, runs in enumerate(claim_names):
            for run in runs:
                k = acr.setdefault(run.acronym, len(acr)) if run.acronym else -1
                units_name.append((i, [vocab[w] for w in run.words], k))
        nv = len(vocab)
        c_words = _incidence([a.content for a in ca], vocab, nv)[:, :n_content]
        c_nums = _incidence([a.numbers for a in ca], vocab, nv)[:, :n_content]
        c_neg = _incidence([a.negated for a in ca], vocab, nv)[:, :n_content]
        c_pos = _incidence([a.positive for a in ca], vocab, nv)[:, :n_content]
        p_nums = _incidence([_number_forms(a.numbers) for a in pa], vocab, nv)
        p_words = np.maximum(_incidence([a.content for a in pa], vocab, nv), p_nums)
        p_neg = _incidence([a.negated for a in pa], vocab, nv)[:, :n_content]
        p_pos = _incidence([a.positive for a in pa], vocab, nv)[:, :n_content]
        p_acr = _incidence([a.acronyms for a in pa], acr, len(acr))

        n_words = c_words.sum(axis=1, keepdims=True)
        found = c_words @ p_words[:, :n_content].T
        numbers = (c_nums @ (1.0 - p_nums[:, :n_content]).T) > 0
        # (a) the claim negates words the premise states but never negates;
        # (b) the premise only negates a word the claim states.
        neg_a = (
            (c_neg.sum(axis=1, keepdims=True) > 0) & (c_neg @ p_neg.T == 0) & (c_neg @ p_pos.T > 0)
        )
        # (b) is not asked when the premise repeats a negation of the claim: then the two
        # scopes merely fall on different words ("no one was hurt" / "nobody was hurt").
        neg_b = (np.maximum(c_pos - c_neg, 0.0) @ (p_neg * (1.0 - p_pos)).T > 0) & (
            c_neg @ p_neg.T == 0
        )
        negation = neg_a | neg_b
        direction = _any_unit(
            len(ca),
            [u[0] for u in units_dir],
            (p_words[:, [u[2] for u in units_dir]] > 0)
            & (p_words[:, [u[1] for u in units_dir]] == 0),
        )
        name_words = np.zeros((len(units_name), nv))
        for u, (_, cols, _) in enumerate(units_name):
            name_words[u, cols] = 1.0
        absent = name_words[:, :n_content] @ (1.0 - p_words[:, :n_content]).T  # units x premises
        missing = (name_words @ (1.0 - p_words).T) > 0
        ks = np.array([u[2] for u in units_name], dtype=np.int64)
        has_acr = np.zeros_like(missing)
        if len(units_name) and len(acr):
            has_acr = np.where(ks[:, None] >= 0, p_acr[:, np.maximum(ks, 0)].T > 0, False)
            # no run stands for another run with its initials and a word of its own
            # ("Elena Martinelli" is not "Elena Marchetti")
            unit_runs = [run for rs in claim_names for run in rs]
            has_acr &= ~np.array(
                [[_other_run(run, p) for p in pa] for run in unit_runs], dtype=bool
            )
        # an acronym the premise spells out in words ("IA": "inteligência artificial")
        for u, run in enumerate(r for rs in claim_names for r in rs):
            if len(run.words) == 1 and run.acronym:
                for j in np.flatnonzero(missing[u] & ~has_acr[u]):
                    has_acr[u, j] = spelled(run.acronym, premises[int(j)], code)
        names = _any_unit(len(ca), [u[0] for u in units_name], (missing & ~has_acr).T)
        if get_language(code).names == "unseen-characters":
            names = names | _unseen_runs(ca, pa, code)
        # a name the premise gives as its acronym counts as found ("Islamic State" / "IS")
        owner = np.zeros((len(ca), len(units_name)))
        owner[[u[0] for u in units_name], list(range(len(units_name)))] = 1.0
        found = found + owner @ (absent * has_acr)
        coverage = found / np.maximum(n_words, 1.0)
        off = np.zeros_like(numbers)
        return LexicalJudgement(
            coverage=np.where(n_words > 0, np.clip(coverage, 0.0, 1.0), 0.0),
            numbers=numbers if "numbers" in self.checks else off,
            negation=negation if "negation" in self.checks else off,
            direction=direction if "direction" in self.checks else off,
            names=names if "names" in self.checks else off,
        )

    def score_matrix(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        if not claims or not premises:
            return np.zeros((len(claims), len(premises)), dtype=np.float64)
        j = self.judgement(claims, premises)
        return np.where(j.failed, 0.0, j.coverage)

    def verdicts(self, claims: Sequence[str], premises: Sequence[str]) -> list[Verdict]:
        if len(claims) != len(premises):
            raise ValueError(f"{len(claims)} claims but {len(premises)} premises")
        out = []
        # Blocks of pairs: the block's small matrix, of which the diagonal is wanted, costs
        # less than one call per pair (numpy overhead dominates at these sizes).
        for lo in range(0, len(claims), _BLOCK):
            block_c, block_p = claims[lo : lo + _BLOCK], premises[lo : lo + _BLOCK]
            j = self.judgement(block_c, block_p)
            failed = j.failed  # once a block: a property that ORs four matrices
            for k, (claim, premise) in enumerate(zip(block_c, block_p, strict=True)):
                score = 0.0 if failed[k, k] else float(j.coverage[k, k])
                if not failed[k, k] and score < self.threshold:  # compounds against their parts
                    score = self._with_compounds(claim, premise, score)
                if not failed[k, k] and score < self.threshold:  # approximators, source markers
                    score = self._with_alike(claim, premise, score)
                supported = score >= self.threshold
                if supported:
                    out.append(Verdict(score=score, supported=True))
                    continue
                reason = self._reason(claim, premise, j, k)
                out.append(Verdict(score, False, reason, j.check(k, k) or "coverage"))
        return out

    def _with_compounds(self, claim: str, premise: str, score: float) -> float:
        """``score`` with the claim's words the premise has as compound parts
        (``_support_compounds``)."""
        extra = compound_found(claim, premise, self.language, self.lower_case)
        return score + len(extra) / len(analyse(claim, self.language).content) if extra else score

    def _with_alike(self, claim: str, premise: str, score: float) -> float:
        """``score`` with the claim's approximator the premise says with another of its kind
        found, and the words of a source marker out of the share (``_support_alike``)."""
        more = alike(claim, premise, self.language)
        if not more.found and not more.dropped:
            return score
        n = len(analyse(claim, self.language).content)
        kept = n - len(more.dropped)
        return (score * n + len(more.found)) / kept if kept > 0 else score

    def _names(self, a: Analysis, text: str) -> tuple[NameRun, ...]:
        """The claim's names: its runs without the capitalised words that are no names, when
        the document is known (``_support_capitals.claim_names``)."""
        return claim_names(a, text, self.language, self.lower_case, self.capitals)

    def _reason(self, claim: str, premise: str, j: LexicalJudgement, k: int) -> str:
        """One line for the reask: what the premise lacks (or contradicts)."""
        c, p = analyse(claim, self.language), analyse(premise, self.language)
        if j.numbers[k, k]:
            forms = _number_forms(p.numbers)
            missing = [s for key, s in c.numbers.items() if key not in forms]
            return f"number {_quoted(missing)} not in the evidence"
        if j.negation[k, k]:
            negated = [s for w, s in c.content.items() if w in c.negated and w in p.positive]
            if negated:
                return (
                    f"negation differs: the claim negates {_quoted(negated)}, the evidence does not"
                )
            stated = [s for w, s in c.content.items() if w in p.negated and w not in p.positive]
            return f"negation differs: the evidence negates {_quoted(stated)}"
        opposite = opposite_direction(claim, premise, self.language)
        if j.direction[k, k] and opposite is not None:
            return f'direction differs: the evidence says "{opposite[1]}", not "{opposite[0]}"'
        if j.names[k, k]:
            missing = [
                run.surface
                for run in self._names(c, claim)
                if any(w not in p.content for w in run.words) and run.acronym not in p.acronyms
            ]
            missing += [
                u for r in c.cjk_runs for u in _unseen_parts(r, p, self.language, c.cjk_runs)
            ]
            return f"{_quoted(missing)} not in the evidence"
        if not c.content:
            return "the claim has no content words"
        by_acronym = {w for run in c.names if run.acronym in p.acronyms for w in run.words}
        missing = [
            s
            for w, s in c.content.items()
            if w not in p.content and w not in _number_forms(p.numbers) and w not in by_acronym
        ]
        share = float(j.coverage[k, k])
        return f"{_quoted(missing)} not in the evidence (has {share:.0%} of the claim's words)"


BoolMatrix = npt.NDArray[np.bool_]


def _incidence(rows: Sequence[Iterable[str]], index: Mapping[str, int], width: int) -> FloatMatrix:
    get = index.get
    flat = [r * width + c for r, items in enumerate(rows) for c in map(get, items) if c is not None]
    matrix = np.zeros((len(rows), width), dtype=np.float64)
    matrix.put(flat, 1.0)  # one assignment for the whole matrix, by flat index
    return matrix


def _number_forms(numbers: Mapping[str, str]) -> set[str]:
    """A premise's "21%" also answers a claim's plain "21"; a share from a fraction
    ("三分之一" = "33.333333%") also answers it rounded ("33%", "33.3%")."""
    forms = set(numbers) | {k[:-1] for k in numbers if k.endswith("%")}
    for key in numbers:
        if key.endswith("%") and len(key.partition(".")[2]) == 7:  # six decimals and "%"
            value = float(key[:-1])
            forms |= {f"{round(value):d}%", f"{round(value, 1):g}%"}
    return forms


def _other_run(run: NameRun, premise: Analysis) -> bool:
    """Whether the premise has another run of two or more words with ``run``'s initials that
    shares a word with it, the others not spelled alike: another name with the same initials
    ("Elena Marchetti" for "Elena Martinelli"), not this one misspelled ("Reichart")."""
    if run.acronym is None or len(run.words) < 2:
        return False
    own = set(run.words)
    for r in premise.names:
        theirs = set(r.words)
        if len(r.words) > 1 and r.acronym == run.acronym and own & theirs and own != theirs:
            mine, other = " ".join(sorted(own - theirs)), " ".join(sorted(theirs - own))
            if difflib.SequenceMatcher(None, mine, other).ratio() < _SPELLED_ALIKE:
                return True
    return False


def _any_unit(n_claims: int, owners: Sequence[int], fail: BoolMatrix) -> BoolMatrix:
    """``fail`` is premises × units; a claim fails a premise when any of its units does."""
    owner = np.zeros((n_claims, len(owners)), dtype=np.float64)
    owner[list(owners), list(range(len(owners)))] = 1.0
    return np.asarray((owner @ fail.T.astype(np.float64)) > 0)


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f'"{w}"' for w in list(words)[:_MAX_LISTED])


def _unseen_parts(
    run: str, premise: Analysis, code: str, claim_runs: tuple[str, ...] = ()
) -> list[str]:
    """The names of the claim's clause ``run`` that the premise lacks (Chinese, Japanese).

    A character of a name of the clause (``text.names``: a person, place, organisation or
    product) that the premise lacks makes that name one the premise lacks ("北京大学" for
    "复旦大学", "大阪" for "東京"); a word outside names that a paraphrase adds ("打算",
    "心配") is left to coverage, and a numeral to the number check (a tagger tags no numeral
    as a name). One character put in a clause that the premise has with that character
    alone changed is another term ("南区" for "北区", "最小" for "最大") when the two characters
    contrast or stand in a proper noun (``_support_cjk.changed_terms``); words that merely
    share a character ("上回" / "上昇") are a rewrite."""
    chars = premise.chars
    if _run_chars(run).issubset(chars):
        return []
    unseen: list[str] = []
    for start, end in name_spans(run, code):
        name = run[start:end]
        if not _run_chars(name).issubset(chars) and name not in unseen:
            if team_of(name, chars, code):  # "广东队" where the premise has "广东"
                continue
            unseen.append(run[start:end])
    # a term the claim also writes is no term it replaces ("今回" beside "前回"; names3)
    terms = [t for t in premise.cjk_runs if t not in claim_runs]
    unseen += changed_terms(run, terms, chars, code)
    return unseen


@lru_cache(maxsize=1 << 14)
def _run_chars(run: str) -> frozenset[str]:
    return frozenset(run)


def _unseen_runs(ca: Sequence[Analysis], pa: Sequence[Analysis], code: str) -> BoolMatrix:
    """Chinese and Japanese: a name of the claim that the premise lacks (``_unseen_parts``;
    case marks no names there)."""
    out = np.zeros((len(ca), len(pa)), dtype=np.bool_)
    for i, c in enumerate(ca):
        if c.cjk_runs:
            for j, p in enumerate(pa):
                out[i, j] = any(_unseen_parts(r, p, code, c.cjk_runs) for r in c.cjk_runs)
    return out
