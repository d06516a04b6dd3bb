"""Modality and conditions: a plan stated as a fact, a fact as a plan, a condition dropped.

"Herrera ya ha bajado el precio" on "Herrera prometió bajar el precio"; "le service accueille
déjà 90 enfants" on "le service pourra accueillir 90 enfants"; "advised the council to consider
reopening the path" on "ordered the council to reopen the path"; "De Oosterscheldekering gaat
dicht" on "gaat alleen dicht als het water hoger komt": the same words, so the coverage is
high, but the evidence does not state what the claim says.

Each language file lists its hedges (``[modality] hedges``: words that make what follows a
plan, a possibility or a proposal) and its condition words (``conditions``, anywhere;
``conditions_initial``, at the start of a clause only: "Se a assembleia aprovar, ..."). A
hedge counts where it governs a word the other side has: one of the next four words (the
verb it governs: "prometió bajar", "plans to reopen"); Chinese and Japanese, written without
spaces and with the verb before 検討, count a hedge anywhere in the sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Final

from .text._cjk import name_spans
from .text._language import language, plain
from .text._tokens import prepare

__all__ = [
    "added_certainty",
    "added_condition",
    "changed_modality",
    "dropped_condition",
    "stated_done",
    "stated_past",
]

# Not yet the tokeniser's words (``text._tokens.word_spans(text, "-'")``): there "7,5" and
# "2.300" are one word, here two, and a hedge governs the next ``_GOVERNED`` words of its
# clause (cut at every comma, "7,5" too); measured on the probes, the switch moves two
# verdicts (a hedge then governs a word further), so it waits for the window to be settled.
_WORD: Final = re.compile(r"\w+(?:[-']\w+)*")
_CLAUSE_START: Final = re.compile(r"(?:^|[,;:—–，；：(])\s*$")
_CLAUSES: Final = re.compile(r"[,;:()—–]")
_GOVERNED: Final = 4  # words after a hedge that it governs
_CJK_CLAUSES: Final = re.compile(r"[、，,。；;：:「」『』“”()（）]")
_IDEOGRAPHS: Final = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]+")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(plain(text).replace("'", " ")))


@lru_cache(maxsize=64)
def _lists(code: str, key: str) -> tuple[str, ...]:
    """A list's phrases, normalised; "*" stands for any words ("alleen * als": "alleen dicht
    als")."""
    phrases = language(code).phrases_of.get(f"modality.{key}", ())
    return tuple("*".join(_norm(part) for part in p.split("*")) for p in phrases)


@lru_cache(maxsize=1 << 12)
def _prepared_clauses(text: str, code: str) -> tuple[tuple[str, ...], ...]:
    """The words of each clause of ``text`` as written."""
    lang = language(code)
    return tuple(
        tuple(_WORD.findall(c.replace("'", " "))) for c in _CLAUSES.split(prepare(text, lang))
    )


@lru_cache(maxsize=1 << 12)
def _marks(text: str, code: str, key: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words of list ``key`` in ``text`` as written, and the folded words they govern
    (CJK: none; a mark there counts anywhere in the sentence)."""
    lang = language(code)
    marks = tuple(sorted(_lists(code, key), key=len, reverse=True))
    if lang.cjk:
        # a mark governs its clause: the pairs of ideographs or katakana written there
        cjk_found: list[str] = []
        cjk_governed: set[str] = set()
        for clause in map(_norm, _CJK_CLAUSES.split(prepare(text, lang))):
            here = [h for h in marks if h in clause]
            cjk_found += here
            if here:
                # Japanese puts the verb before the mark ("控訴を検討"): what precedes it
                # ("支払いを求めた訴訟": the payment is asked for, not the suit)
                rest = clause
                if key in _lists(code, "governs_before"):
                    rest = clause[: min(clause.index(h) for h in here)]
                for h in here:
                    rest = rest.replace(h, " ")
                cjk_governed |= _pairs(rest)
        return tuple(cjk_found), frozenset(cjk_governed)
    found: list[str] = []
    governed: set[str] = set()
    # a mark governs the rest of its clause, or the next clause when it ends its own
    # ("erwägt, die Brücke zu schließen"; not "who plans to retire, opened the bridge")
    raw = _prepared_clauses(text, code)
    clauses = [[plain(w) for w in words] for words in raw]
    for c, words in enumerate(clauses):
        k = 0
        while k < len(words):
            # a capitalised word inside a sentence is a name ("in May"), no hedge
            named = raw[c][k][0].isupper() and (c, k) != (0, 0)
            for mark in () if named else marks:
                n = mark.count(" ") + 1
                if " ".join(words[k : k + n]) == mark:
                    found.append(mark)
                    after = words[k + n : k + n + _GOVERNED]
                    if not after and c + 1 < len(clauses):
                        after = clauses[c + 1][:_GOVERNED]
                    if not after and key == "forecasts":  # "worden windstoten verwacht"
                        after = words[:k]
                    governed |= {lang.fold(w) for w in after if w not in lang.stopwords}
                    k += n - 1
                    break
            k += 1
    return tuple(found), frozenset(governed)


def _pairs(text: str) -> frozenset[str]:
    """The pairs of adjacent ideographs or katakana in ``text`` ("転換", "バス")."""
    return frozenset(
        run[k : k + 2] for run in _IDEOGRAPHS.findall(text) for k in range(len(run) - 1)
    )


@lru_cache(maxsize=1 << 12)
def _folded(text: str, code: str) -> frozenset[str]:
    """The folded content words of ``text``; Chinese and Japanese: its pairs (``_pairs``)."""
    lang = language(code)
    if lang.cjk:
        return _pairs(_norm(prepare(text, lang)))
    return frozenset(
        lang.fold(w) for w in _norm(prepare(text, lang)).split() if w not in lang.stopwords
    )


def changed_modality(claim: str, evidence: str, code: str) -> str | None:
    """A hedge on one side only, governing a word the other side has: the reason, or None.

    A promise ("committed to reducing", "prometió bajar") is restated by a claim in the
    future ("will reduce"), not by one that says it is done ("ya ha bajado"); a plan or a
    possibility ("plans to", "may", 検討) only by a hedge."""
    if not _lists(code, "hedges"):
        return None
    c_hedge, c_gov = _marks(claim, code, "hedges")
    c_promise, c_pgov = _marks(claim, code, "promises")
    e_hedge, e_gov = _marks(evidence, code, "hedges")
    e_promise, e_pgov = _marks(evidence, code, "promises")
    c_cast, c_fgov = _marks(claim, code, "forecasts")
    e_cast, e_fgov = _marks(evidence, code, "forecasts")
    words = _folded(claim, code)
    e_asks, e_qgov = _marks(evidence, code, "questions")
    if e_asks and not (c_hedge or _marks(claim, code, "questions")[0]) and e_qgov & words:
        return f'the evidence says "{e_asks[0]}": an open question, not a fact'
    if e_hedge and c_cast:  # "it may reach 120" / "120 is forecast"
        return None
    if e_hedge and not (c_hedge or c_promise) and e_gov & words:
        return f'the evidence says "{e_hedge[0]}": a plan or a possibility, not a fact'
    # a promise or a forecast is restated in the future ("soplará", "will reduce")
    c_future = (
        _marks(claim, code, "future")[0]
        or _marks(claim, code, "not_yet")[0]  # "devem chegar", "volgend jaar"
        or _future_verbs(claim, code)
    )
    if e_promise and not (c_hedge or c_promise or c_future or c_cast) and e_pgov & words:
        return f'the evidence says "{e_promise[0]}": a promise, not a fact'
    if e_cast and not (c_hedge or c_promise or c_future or c_cast) and e_fgov & words:
        return f'the evidence says "{e_cast[0]}": a forecast, not a fact'
    if e_hedge or e_promise or e_cast or e_asks:
        return None
    theirs = _folded(evidence, code)
    if c_hedge and c_gov & theirs:
        return f'the claim says "{c_hedge[0]}" where the evidence states a fact'
    e_future = _marks(evidence, code, "future")[0]
    for mark, governed in ((c_promise, c_pgov), (c_cast, c_fgov)):
        if mark and not e_future and governed & theirs:
            return f'the claim says "{mark[0]}" where the evidence states a fact'
    return None


@lru_cache(maxsize=1 << 12)
def _future_verbs(text: str, code: str) -> frozenset[str]:
    """The folded verbs of ``text`` in the future tense by their ending ("incontrerà",
    "trasladarán"): an ending of ``future_endings`` that carries an accent as written, or
    has six letters or more (not "bandiera", "eran")."""
    endings = _lists(code, "future_endings")
    if not endings:
        return frozenset()
    lang = language(code)
    out: set[str] = set()
    for word in _WORD.findall(prepare(text, lang)):
        low = plain(word)
        for ending in endings:
            tail = word[-len(ending) :]
            long_enough = len(low) > len(ending) + 2 and low.endswith(ending)
            if long_enough and (not tail.isascii() or len(ending) >= 6):
                # "visiterà" folds to "visiter", "visitato" to "visit": the stem without the
                # ending too
                out |= {lang.fold(low), lang.fold(low[: -len(ending)])}
    return frozenset(out)


def _no_done(text: str, code: str) -> str:
    """``text`` without the ``done`` words that stand before a word of ``done_not_before``
    ("ya que": since, "ya no": no longer, "al het": all the)."""
    after = frozenset(_lists(code, "done_not_before"))
    if not after:
        return text
    done = frozenset(_lists(code, "done"))
    words = list(_WORD.finditer(text))
    out = text
    for here, nxt in reversed(list(pairwise(words))):
        if plain(here.group()) in done and plain(nxt.group()) in after:
            out = out[: here.start()] + "-" * len(here.group()) + out[here.end() :]
    return out


def stated_done(claim: str, evidence: str, code: str) -> str | None:
    """ "Already" (``done``) on one side only, where the other side plans, expects or
    promises what it governs ("ha già votato il bilancio" / "il bilancio dovrà essere
    votato"; "すでに結論を出した" / "結論を出す方針だ"): the reason, or None."""
    if not _lists(code, "done"):
        return None
    c_done, c_gov = _marks(_no_done(claim, code), code, "done")
    e_done, e_gov = _marks(_no_done(evidence, code), code, "done")
    if bool(c_done) == bool(e_done):
        return None
    side, done = ("claim", c_done[0]) if c_done else ("evidence", e_done[0])
    plans, governed = (evidence, c_gov) if c_done else (claim, e_gov)
    for key in ("hedges", "promises", "future", "not_yet", "questions"):
        marks, plan_gov = _marks(plans, code, key)
        if marks and plan_gov & governed:
            return f'the {side} says "{done}" where the other side says "{marks[0]}"'
    if _future_verbs(plans, code) & governed:
        return f'the {side} says "{done}" where the other side is in the future'
    return None


def stated_past(claim: str, evidence: str, code: str) -> str | None:
    """A verb the evidence puts in the future ("would inspect") that the claim puts in the
    past by its ending (``past_endings``: "inspected"), the claim with no mark of a plan or
    a future: the reason, or None."""
    endings = _lists(code, "past_endings")
    marks, governed = _marks(evidence, code, "future")
    if not (endings and marks):
        return None
    keys = ("hedges", "promises", "future", "forecasts", "not_yet", "questions")
    if any(_marks(claim, code, key)[0] for key in keys) or _future_verbs(claim, code):
        return None
    lang = language(code)
    for word in _norm(prepare(claim, lang)).split():
        for ending in endings:
            stem = word[: -len(ending)]
            if len(stem) > 3 and word.endswith(ending) and lang.fold(stem) in governed:
                return f'the claim says "{word}" where the evidence says "{marks[0]}"'
    return None


def _conditions(text: str, code: str, *, anywhere: bool = False) -> list[str]:
    """The condition words of ``text``; ``anywhere``: a clause-initial word ("se", "if")
    counts wherever it stands (the claim keeping a condition: "aprirà il lunedì se ...")."""
    lang = language(code)
    raw = _condition_text(text, code)
    low = " " + _norm(raw) + " "
    # a claim keeps a split condition with its first word alone ("alleen bij ..." for
    # "alleen dicht als ...")
    lists = _lists(code, "conditions")
    found = [c for c in lists if _has(low, c.split("*")[0] if anywhere else c, lang.cjk)]
    for word in _lists(code, "conditions_initial"):
        for m in re.finditer(rf"\b{re.escape(word)}\b", raw):
            if anywhere or _CLAUSE_START.search(raw[: m.start()]):
                found.append(word)
    return found


@lru_cache(maxsize=1 << 12)
def _condition_text(text: str, code: str) -> str:
    """``text`` prepared and plain, without the phrases that hold a condition word and are
    no condition: ``concessives`` ("even if", "anche se"), ``conditions_not`` ("例如"), a
    hedge that ends in one ("investiga si": whether)."""
    lang = language(code)
    words = {*_lists(code, "conditions"), *_lists(code, "conditions_initial")}
    raw = plain(prepare(_unnamed(text, code) if lang.cjk else text, lang))
    asks = (h for h in _lists(code, "questions") if " " in h and h.rsplit(" ", 1)[1] in words)
    nots = (*_lists(code, "concessives"), *_lists(code, "conditions_not"), *asks)
    for phrase in sorted(nots, key=len, reverse=True):
        found = r"\W+".join(map(re.escape, phrase.split()))
        raw = re.sub(found if lang.cjk else rf"\b{found}\b", " ", raw)
    return raw


def _unnamed(text: str, code: str) -> str:
    """``text`` with the characters of its names (``text._cjk.name_spans``) as spaces: a
    condition character inside a name ("若" of "周若溪", "若林") is no condition."""
    if not any(w in text for w in _lists(code, "conditions")):
        return text
    chars = list(text)
    for start, end in name_spans(text, code):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _has(low: str, phrase: str, cjk: bool) -> bool:
    phrase = phrase.strip()
    if "*" in phrase:
        gap, edge = (".*", "") if cjk else (r"\b.*\b", r"\b")
        found = re.search(edge + gap.join(map(re.escape, phrase.split("*"))) + edge, low)
        return found is not None  # "so*se": not "uso ... segundo"
    return (phrase if cjk else f" {phrase} ") in low


def _segments(text: str, code: str) -> list[str]:
    """``text`` cut before each coordinated clause (", and ...", ", mais ..."), a clause that
    opens with a condition kept with the one before (", ma solo se ...")."""
    coordinators = _lists(code, "coordinators")
    if not coordinators:
        return [text]
    words = "|".join(re.escape(c) for c in coordinators)
    cjk = language(code).cjk
    boundary = "" if cjk else r"\b"
    pattern = rf"[,;，；]\s*(?=(?:{words}){boundary})"
    out: list[str] = []
    for piece in re.split(pattern, text):
        head = piece.split(None, 1)[-1] if not cjk and " " in piece else piece
        if out and _conditions(head[:40], code):
            out[-1] += ", " + piece
        else:
            out.append(piece)
    return out


def dropped_condition(claim: str, evidence: str, code: str) -> str | None:
    """The evidence's condition word when the claim has none and restates the clause the
    condition covers: the reason, or None."""
    if not _lists(code, "conditions") and not _lists(code, "conditions_initial"):
        return None
    if _conditions(claim, code, anywhere=True):
        return None
    words = _folded(claim, code)
    for segment in _segments(evidence, code):
        theirs = _conditions(segment, code)
        if theirs and (language(code).cjk or words & _folded(segment, code)):
            return f'the evidence states it on a condition ("{theirs[0]}") the claim drops'
    return None


def added_condition(claim: str, evidence: str, code: str) -> str | None:
    """A condition the claim states and the evidence has none of ("... if tenants complain",
    "予算がつけば"): the reason, or None. A clause-initial word counts anywhere in the claim
    ("... à Clermont s'ils se qualifient") unless it is ``ambiguous`` there (pt "se" is also
    "itself", nl "als" also "as")."""
    if _conditions(evidence, code, anywhere=True):
        return None
    mine = _conditions(claim, code)
    ambiguous = frozenset(_lists(code, "ambiguous"))
    raw = _condition_text(claim, code)
    for word in _lists(code, "conditions_initial"):
        if word not in ambiguous and re.search(rf"\b{re.escape(word)}\b", raw):
            mine.append(word)
    if not mine:
        return None
    return f'the claim states it on a condition ("{mine[0]}") the evidence does not give'


def added_certainty(claim: str, evidence: str, code: str) -> str | None:
    """A word of certainty (``certain``: "è dimostrato che", 確実に) the claim puts on what
    the evidence says, where the evidence has none: the reason, or None."""
    if not _lists(code, "certain") or _marks(evidence, code, "certain")[0]:
        return None
    mine, governed = _marks(claim, code, "certain")
    if mine and governed & _folded(evidence, code):
        return f'the claim says "{mine[0]}" where the evidence does not say it is certain'
    return None
