"""Checks on one claim and its evidence sentences that the vectorised judge does not make
(``_verify_checks`` runs them on the pairs the judge supports; the numbers' own are in
``_support_numbers``):

- ``substitution``: a name the claim puts where the evidence has another (aligned);
- ``negative_prefix``: a word the evidence negates by a prefix ("lawfully" / "unlawfully");
- ``opposite_direction``: a direction word of which the premise has only the opposite (the
  judge's reason; ``_support_direction.contradicted`` reads it clause by clause);
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from ._support_cjk import moved_name
from ._support_lexical import _CJK_RUN, analyse, is_acronym, is_name
from .text._cjk import names
from .text._language import Language, language, plain
from .text._tokens import Token, prepare, sentences, tokens

__all__ = [
    "added_negation",
    "negative_prefix",
    "opposite_direction",
    "substitution",
]


def _strong_names(toks: list[Token], lang: Language) -> set[int]:
    """Indexes of the tokens that are surely names: acronyms and runs of two or more
    capitalised words; in languages that capitalise only names, any capitalised word not
    first in its text."""
    flags = [t.kind == "word" and t.text[0].isupper() and is_name(t.text, lang) for t in toks]
    out: set[int] = set()
    for k, flag in enumerate(flags):
        if not flag:
            continue
        in_run = (k > 0 and flags[k - 1]) or (k + 1 < len(flags) and flags[k + 1])
        if is_acronym(toks[k].text) or in_run or (k > 0 and not lang.nouns_capitalised):
            out.add(k)
    return out


@lru_cache(maxsize=1 << 14)
def _sequence(text: str, code: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[int]]:
    """(surface tokens, folded tokens, indexes of surely-names) of ``text``'s words."""
    lang = language(code)
    prepared = prepare(text, lang)
    toks = [t for start, s in sentences(prepared, lang) for t in tokens(s, start, lang)]
    toks = [t for t in toks if t.kind == "word"]
    return (
        tuple(t.text for t in toks),
        tuple(lang.fold(t.text) for t in toks),
        frozenset(_strong_names(toks, lang)),
    )


def _units(surface: tuple[str, ...], names: list[bool]) -> list[int]:
    """A unit number for each token: a name of several words is one unit, with a short
    lower-case word between two of its words ("Cooperativa de Cítricos del Júcar", "Germany
    and Scandinavia") and a possessive "s" after it ("Zipply's"); every other word is a unit
    of its own."""
    last = len(surface) - 1
    part = [
        names[k]
        or (0 < k < last and names[k - 1] and names[k + 1] and _connector(surface[k]))
        or (k > 0 and names[k - 1] and surface[k] == "s")
        for k in range(len(surface))
    ]
    out: list[int] = []
    unit = -1
    for k in range(len(surface)):
        if not (k > 0 and part[k] and part[k - 1]):
            unit += 1
        out.append(unit)
    return out


def _connector(word: str) -> bool:
    """A short lower-case word inside a name ("de", "del", "of", "and", "van")."""
    return word.islower() and len(word) <= 3


def substitution(
    claim: str, evidence: str, code: str, lower_case: frozenset[str] | None = None
) -> tuple[str, str] | None:
    """A name the claim puts where the evidence has another: ``(claim's, evidence's)``.

    The two word sequences are aligned (difflib); a replaced stretch on which the claim has a
    name the evidence lacks and the evidence a sure name the claim lacks is a substitution
    ("Der Umweltverband Freiburg" for "Der Umweltverband BUND"). In Chinese and Japanese the
    characters are aligned: two or more claim characters, not found together in the evidence,
    where the evidence has two or more others the claim lacks ("杭州" for "上海")."""
    if language(code).cjk:
        return _cjk_substitution(claim, evidence, code)
    lang = language(code)
    c_surface, c_words, _ = _sequence(claim, code)
    e_surface, e_words, e_strong = _sequence(evidence, code)
    c_set, e_set = set(c_words), set(e_words)
    c_names = [is_name(w, lang) for w in c_surface]
    # the evidence's sure names, and its capitalised first word when the document never
    # writes it in lower case ("- Python 3.8 support is deprecated.")
    e_names = [
        k in e_strong
        or (k == 0 and lower_case is not None and is_name(w, lang) and e_words[k] not in lower_case)
        for k, w in enumerate(e_surface)
    ]
    c_units, e_units = _units(c_surface, c_names), _units(e_surface, e_names)
    initials = {run.acronym for run in analyse(claim, code).names if run.acronym}
    ops = difflib.SequenceMatcher(None, c_words, e_words, autojunk=False).get_opcodes()
    for n, (op, c1, c2, e1, e2) in enumerate(ops):
        # a short stretch between two agreeing ones: "Der Umweltverband [BUND] unterstützt";
        # a name of several words counts as one ("in the [Ribera Alta and Ribera Baixa] districts")
        before = n > 0 and ops[n - 1][0] == "equal"
        after = n < len(ops) - 1 and ops[n + 1][0] == "equal"
        if op == "replace" and before != after and len(set(c_units[c1:c2])) == 1:
            # one name of the claim against a longer stretch, agreeing on one side only: the
            # evidence's unit on that side is what it replaces ("[The majority found that
            # Zipply's] deactivation policy")
            if after:
                while e2 - e1 > 1 and e_units[e1] != e_units[e2 - 1]:
                    e1 += 1
            else:
                while e2 - e1 > 1 and e_units[e2 - 1] != e_units[e1]:
                    e2 -= 1
        c_size, e_size = len(set(c_units[c1:c2])), len(set(e_units[e1:e2]))
        single = c_size == 1 and e_size == 1  # "ended on [October]" / "[September]"
        flanked = (before and after) or (single and (before or after))
        if op != "replace" or not flanked or c_size > 2 or e_size > 2:
            continue
        # in a slot both sides agree around, a name the evidence writes elsewhere is still
        # put where the evidence has another ("facing [Carnegie Middle East Center] right now"),
        # also at the claim's start ("[Luis Mora] marcó" on "[Pablo Ruiz] marcó ... Luis Mora")
        held = single and after and (before or c1 == 0)
        mine = [k for k in range(c1, c2) if c_names[k] and (held or c_words[k] not in e_set)]
        theirs = [
            k
            for k in range(e1, e2)
            if e_names[k] and e_words[k] not in c_set and not _initialled(e_surface[k], initials)
        ]
        mine = [k for k in mine if not any(_related(c_words[k], e_words[j]) for j in theirs)]
        if mine and theirs:
            return c_surface[mine[0]], e_surface[theirs[0]]
    return None


def negative_prefix(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """A word of ``claim`` that ``evidence`` has only with a negative prefix, or the reverse
    ("acted lawfully" on "acted unlawfully", "suffisants" / "insuffisants"): ``(claim's,
    evidence's)``. The bare word has at least four letters ("income" is no "come")."""
    prefixes = language(code).negative_prefixes
    if not prefixes:
        return None
    mine = {plain(s): s for s in analyse(claim, code).content.values()}
    theirs = {plain(s): s for s in analyse(evidence, code).content.values()}
    for a, b, flip in ((mine, theirs, False), (theirs, mine, True)):
        for word, surface in a.items():
            for prefix in prefixes:
                other = b.get(prefix + word)
                if other is not None and len(word) >= 4 and prefix + word not in a:
                    return (other, surface) if flip else (surface, other)
    return None


def _initialled(word: str, initials: set[str]) -> bool:
    """An acronym that spells a claim's name run, or begins with it ("ISIS" for "Islamic
    State", "IS")."""
    low = word.casefold()
    return is_acronym(word) and any(low.startswith(i) for i in initials)


def _related(a: str, b: str) -> bool:
    """One word inside the other (German compounds: "Radbrücke" / "Brücke")."""
    return len(a) > 3 and len(b) > 3 and (a in b or b in a)


def _cjk_substitution(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    c = "".join(_CJK_RUN.findall(claim))
    e = "".join(_CJK_RUN.findall(evidence))
    ops = difflib.SequenceMatcher(None, c, e, autojunk=False).get_opcodes()
    for n, (op, c1, c2, e1, e2) in enumerate(ops):
        mine, theirs = c[c1:c2], e[e1:e2]
        before = n > 0 and ops[n - 1][0] == "equal"
        after = n < len(ops) - 1 and ops[n + 1][0] == "equal"
        same_size = len(mine) == len(theirs) <= 3  # "田中市" / "札幌市"
        if (
            op == "replace"
            and ((before and after) or (same_size and (before or after)))
            and max(len(mine), len(theirs)) <= 4
            and len(mine) >= 2
            and len(theirs) >= 2
            and mine not in e
            and theirs not in c
            and not set(mine) & set(theirs)
            and _named(c, c1, c2, code)
            and _named(e, e1, e2, code)  # a name for a name ("以来" is none)
        ):
            return mine, theirs
    return moved_name(claim, evidence, code)


def _named(text: str, start: int, end: int, code: str) -> bool:
    """``text[start:end]`` touches a name (``text.names``): a common word a paraphrase puts
    in place of another ("介绍" for "表示") is coverage's."""
    return not names(text, code).isdisjoint(range(start, end))


def _cues(text: str, code: str) -> int:
    """How many negation cues ``text`` has ("not", "never", "without", "denies", "failed to")."""
    lang = language(code)
    low = [w.casefold() for w in _sequence(text, code)[0]]
    follows = [*low[1:], ""]
    return sum(
        w in lang.cues
        or w in lang.denials
        or (w in lang.verbs and (not lang.markers or follows[k] in lang.markers))
        for k, w in enumerate(low)
    )


def added_negation(claim: str, evidence: str, code: str) -> str | None:
    """A word the claim negates that the evidence states and never negates, when the claim
    has more negation cues than the evidence: a negation the claim adds, though another
    negation of the sentence falls on the same words in both ("never experienced low
    pressure … without advance warning" / "experienced low pressure … without advance
    warning"). The judge's own check lets it pass once any negated word is shared."""
    c, e = analyse(claim, code), analyse(evidence, code)
    added = [
        s for w, s in c.content.items() if w in c.negated and w in e.positive and w not in e.negated
    ]
    if added and _cues(claim, code) > _cues(evidence, code):
        return added[0]
    return None


def opposite_direction(claim: str, premise: str, code: str) -> tuple[str, str] | None:
    """A direction word of ``claim`` of which ``premise`` has only the opposite:
    ``(claim's word, premise's word)`` as written, or None."""
    c, p = analyse(claim, code), analyse(premise, code)
    opposites = language(code).opposites
    for word, surface in c.content.items():
        theirs = opposites.get(word, frozenset())
        for other in p.content:  # the premise's order, not the set's: one reason for one input
            if other in theirs and word not in p.content and other not in c.content:
                return surface, p.content[other]
    return None
