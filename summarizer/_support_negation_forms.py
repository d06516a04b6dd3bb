"""Negation words that state no negation of the clause's words, for ``_support_negation``.

The forms, each read from the language's ``[negation]`` lists:

- a negated comparison of equality restates a record: "no other operator has offered as much
  as ...", "kein anderer Eingriff verzeichnete einen so starken Anstieg", "jamais le musée
  n'avait réalisé une acquisition aussi importante", "desde 2012 no se había registrado una
  cosecha tan mala", "これほど低い水準はなかった" (the most, the worst, the lowest since). A
  cue is read so when a "never" cue (``restated_never``), an "other" right after the cue
  (``restated_other``) or a "since" in its sentence (``restated_since``) comes with a word of
  equal comparison (``restated_equal``: "as", "so", "aussi", "tan", "così", "これほど")
  after the cue in its sentence (before it in Japanese). The cues from the trigger to that
  word negate nothing ("not as high as" alone, without "never", "other" or "since", stays a
  negation);
- a negated denial states what it denies: "no se descartan más detenciones" (more arrests
  are possible), "n'exclut pas", "non esclude", "did not deny", "did not rule out" (a
  negative verb with its marker): the denial and the cue next to it negate nothing;
- a clause word inside its clause, right before a cue (``particles``: "überraschen ihn aber
  nicht") begins no clause: the cue negates the words before it;
- an adverb right after a cue takes no place in its scope (``transparent``): "not yet
  confirmed" ("yet" also ends a clause), "sans toutefois préciser de calendrier".

The positions found are read as stopwords (``negation_marks``' quiet tokens).
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from functools import lru_cache
from typing import Final

from .text._language import Token, language

__all__ = ["quiet_forms", "with_forms"]

_EQUAL_REACH: Final = 10  # tokens after the cue a word of equal comparison may stand
_NEAR: Final = 2  # tokens between a denial and its cue, a cue and its adverb

_Lists = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


@lru_cache(maxsize=16)
def _lists(code: str) -> _Lists:
    """(never, other, since, equal, transparent) words of ``[negation]``, plain."""

    def words(key: str) -> frozenset[str]:
        return frozenset(w for p in _phrases(code, key) for w in p.split())

    keys = ("restated_never", "restated_other", "restated_since", "restated_equal", "transparent")
    never, other, since, equal, transparent = (words(k) for k in keys)
    return never, other, since, equal, transparent


def with_forms(
    marks: tuple[frozenset[int], frozenset[int]],
    text: str,
    toks: Sequence[Token],
    low: list[str],
    code: str,
    starts: Container[int],
) -> tuple[frozenset[int], frozenset[int]]:
    """``negation_marks``' (quiet tokens, prefix cues) with the forms' tokens quiet, and the
    cues that reach one word only among the prefix cues: a cue joined by a hyphen to the
    word it negates ("Niet-gevaccineerde kinderen": the children are not negated) and a
    noun of absence (``[negation] narrow``: "la falta de lluvias entre marzo y octubre":
    the rain, not March)."""
    forms = quiet_forms(text, toks, low, code, starts)
    quiet, prefixes = (marks[0] | forms, marks[1]) if forms else marks
    if language(code).negation_after:
        return quiet, prefixes
    narrow = _narrow(code)
    cues = language(code).cues
    one = [
        k
        for k, w in enumerate(low)
        if w in narrow
        or (
            w in cues
            and k + 1 < len(toks)
            and toks[k + 1].start == toks[k].end + 1
            and text[toks[k].end] == "-"
        )
    ]
    return (quiet, prefixes | frozenset(one)) if one else (quiet, prefixes)


@lru_cache(maxsize=16)
def _narrow(code: str) -> frozenset[str]:
    return frozenset(_phrases(code, "narrow"))


def quiet_forms(
    text: str, toks: Sequence[Token], low: list[str], code: str, starts: Container[int]
) -> frozenset[int]:
    """The token positions of ``text`` (its tokens' plain forms ``low``) whose negation words
    negate nothing: a negated comparison restating a record, a negated denial, an adverb
    right after a cue."""
    lang = language(code)
    cues = lang.cues
    if lang.cjk:
        return _cjk_restated(text, low, code, cues)
    never, other, since, _, transparent = _lists(code)
    equal, than = _comparisons(code)
    particles = frozenset(_phrases(code, "particles"))
    out: set[int] = set()
    stops = lang.stopwords
    for k, w in enumerate(low):
        marked = w in lang.verbs and k + 1 < len(low) and low[k + 1] in lang.markers
        if marked and low[k + 1] not in stops:  # "ruled out": the marker is part of the cue
            out.add(k + 1)
        if (w in lang.denials or marked) and k not in out:  # "no descartan", "not ruled out"
            out.update(_denied_denial(k, low, cues, stops))
        if k + 1 < len(toks) and w in particles and _mid_clause(toks, k, low, cues):
            out.add(k)  # "überraschen ihn aber nicht": no clause begins at "aber"
        if w not in cues:
            continue
        nxt = _next_word(low, k, stops)
        if nxt is not None and low[nxt] in transparent:  # "not yet", "sans toutefois"
            out.add(nxt)
        if k in out:
            continue
        others = any(x in other for x in low[k + 1 : k + 1 + _NEAR])
        if not (others or w in never or not since.isdisjoint(low)):
            continue
        found = _compared(low, k, equal, than, starts)
        # "never as much as other operators" compares with a standard: a plain negation;
        # "no other operator ... as much as Northvale" and "never so bad" state a record
        if found is not None and (others or not found[1]):
            out.update(j for j in range(k, found[0]) if low[j] in cues)
    return frozenset(out)


def _compared(
    low: list[str],
    k: int,
    equal: tuple[tuple[str, ...], ...],
    than: frozenset[str],
    starts: Container[int],
) -> tuple[int, bool] | None:
    """A comparison of equality after the cue at ``k`` ("so bad", "as much as", "aussi
    importante"): (where it ends, whether a standard of comparison follows: "wie", "que",
    the second "as"); None when there is none, or a number follows it ("as many as 26
    lanes" is a bound, read by the bounds check)."""
    end = min(len(low), k + 1 + _EQUAL_REACH)
    for j in range(k + 1, end):
        for parts in equal:
            if low[j] != parts[0]:
                continue
            stop = j + 1
            if len(parts) > 1:  # "as ... as": the second part within a few words
                stop = next(
                    (m + 1 for m in range(j + 1, min(len(low), j + 5)) if low[m] == parts[1]), 0
                )
                if not stop:
                    continue
            if any(m in starts for m in range(stop, stop + 2)):
                return None
            standard = len(parts) > 1 or any(x in than for x in low[stop:end])
            return stop, standard
    return None


@lru_cache(maxsize=16)
def _comparisons(code: str) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """``restated_equal`` as word tuples ("as ... as": two parts), ``restated_than``."""
    equal = tuple(
        tuple(part.strip() for part in p.split("...")) for p in _phrases(code, "restated_equal")
    )
    than = frozenset(_phrases(code, "restated_than"))
    return equal, than


def _mid_clause(toks: Sequence[Token], k: int, low: list[str], cues: frozenset[str]) -> bool:
    """A clause word at ``k`` that stands inside its clause, as a particle: a word before
    it and a cue right after it ("überraschen ihn aber nicht", "het plan mislukt echter
    niet"); after a comma the comma begins the clause anyway."""
    return k > 0 and low[k + 1] in cues and toks[k - 1].kind == "word"


def _next_word(low: list[str], k: int, stops: frozenset[str]) -> int | None:
    """The first position after ``k`` that is no stopword, within ``_NEAR`` tokens."""
    for j in range(k + 1, min(len(low), k + 1 + _NEAR)):
        if low[j] not in stops:
            return j
    return None


def _denied_denial(
    k: int, low: list[str], cues: frozenset[str], stops: frozenset[str]
) -> list[int]:
    """A denial at ``k`` with a cue right before it (stopwords between) or right after it:
    the denial and those cues ("no se descartan", "n'exclut pas", "did not deny")."""
    found: list[int] = []
    j = k - 1
    while j >= 0 and k - j <= _NEAR + 1:
        if low[j] in cues:
            found.append(j)
        elif low[j] not in stops:
            break
        j -= 1
    if k + 1 < len(low) and low[k + 1] in cues:
        found.append(k + 1)
    return [k, *found] if found else []


def _cjk_restated(text: str, low: list[str], code: str, cues: frozenset[str]) -> frozenset[int]:
    """Chinese and Japanese: the cues of a sentence that has a word of equal comparison and a
    "never", "other" or "since" word ("以来、これほど低い水準はなかった")."""
    never, other, since, equal, _ = _lists(code)
    if not any(e in text for e in equal):
        return frozenset()
    if not any(x in text for x in never | other | since):
        return frozenset()
    return frozenset(k for k, w in enumerate(low) if w in cues)


def _phrases(code: str, key: str) -> tuple[str, ...]:
    """``[negation] key`` of the language file, plain (as ``_support_negation_phrases`` reads
    its lists: this module sits below ``text._phrases`` in the import stack)."""
    return language(code).phrases_of.get(f"negation.{key}", ())
