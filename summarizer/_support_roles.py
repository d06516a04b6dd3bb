"""Roles swapped with the same words: "B beat A" on "A beat B".

"ordered the campaigners to pay … of the council's costs" on "ordered the council to pay … of
the campaigners' costs"; "Der VfL Bochum hat gegen den SC Freiburg gewonnen" on "Der SC
Freiburg hat gegen den VfL Bochum gewonnen"; "步数比步行速度更重要" on "步行速度比步数更重要".
Every word is in the evidence, so coverage and the word checks pass. Two tests, one class:

- **Two words exchange their slots.** Each content word that both texts have once is read with
  the content word before it (its slot: "ordered", "gegen", the sentence start). Two such
  words in the other order, where each stands in the other's slot, have swapped roles. A
  passive restatement keeps the agent in its own slot ("was ordered by Judge X": "by") and
  a list turned round ("Paris and Berlin") reads the other word as the slot, so neither is
  read as a swap.
- **A name's preposition turned round**: "brought against X" on "brought by X", "gegen" /
  "von" (``[roles] for``: the agent's prepositions, and ``against``, in each language file;
  "for" itself is no side: "delivered groceries for X" / "the suit against X").
- Chinese and Japanese, without spaces: the two sides of a comparison word (比, より)
  exchanged (``[roles] comparison``).
- **A person's office changed** (``changed_office``): "Chief executive Martin Lowe" on
  "Finance director Martin Lowe", "la sénatrice Claire Fontanel" on "la députée Claire
  Fontanel", "交通运输局局长" on "交通运输局副局长". ``[roles] offices`` lists the nouns that
  name an office, a trade or a family tie, a group of one office's forms and synonyms per
  entry ("ceo executive"); ``offices_heads`` the last parts of compounds that name one
  ("leiterin": "Werksleiterin", "Bezirksleiterin"); ``offices_generic`` words that stand for
  any office ("chief", "head"). The claim names an office the evidence does not, and the
  evidence one the claim does not: the claim gives someone another office. (An office on one
  side only is coverage's: the evidence may name the person without it.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import combinations
from typing import Final

from ._support_compared import exchanged_sides
from ._support_pairs import opposite_direction
from .text._language import language, plain
from .text._tokens import prepare, tokens

__all__ = ["changed_office", "swapped_roles"]

_START: Final = "^"
_CLAUSE_MARK: Final = re.compile(r"[,;:](?=\s)|[()—–]")  # not "85,000"
_CJK_SIDE: Final = 2  # characters read on each side of a comparison word


@lru_cache(maxsize=64)
def _list(code: str, key: str) -> tuple[str, ...]:
    return language(code).phrases_of.get(f"roles.{key}", ())


def _read(text: str, code: str) -> tuple[list[str], list[bool], list[str], list[tuple[bool, int]]]:
    """The folded tokens of ``text``, whether each is a content word, each as written
    (plain), and whether each is noun-like (after an article, or capitalised inside the
    sentence: a name) with its clause."""
    lang = language(code)
    prepared = prepare(text, lang)
    toks = tokens(prepared, 0, lang)
    low = [plain(t.text) for t in toks]
    content = [w not in lang.stopwords and len(w) > 1 for w in low]
    articles = frozenset(_list(code, "articles"))
    nouns = [
        (k > 0 and low[k - 1] in articles) or (k > 0 and t.text[:1].isupper())
        for k, t in enumerate(toks)
    ]
    # the clause of each token: two words swap roles only inside one clause (a clause moved
    # to the front, "During the closure ..., Director Marsh said", is no swap)
    marks = [m.start() for m in _CLAUSE_MARK.finditer(prepared)]
    clause = [bisect_right(marks, t.start) for t in toks]
    return [lang.fold(w) for w in low], content, low, list(zip(nouns, clause, strict=True))


def _slots(
    words: list[str], content: list[bool], low: list[str], nouns: list[tuple[bool, int]], code: str
) -> dict[str, tuple[int, str, tuple[bool, int]]]:
    """Each content word that occurs once: (its place, its slot, whether it is noun-like).
    The slot is the content word before it, with the last small word between that is no
    article ("ordered by": a passive agent keeps a slot of its own; "esposta per la prima
    volta": a phrase moved with its preposition is no swap)."""
    articles = frozenset(_list(code, "articles"))
    seen: dict[str, int] = {}
    for w, c in zip(words, content, strict=True):
        if c:
            seen[w] = seen.get(w, 0) + 1
    out: dict[str, tuple[int, str, tuple[bool, int]]] = {}
    before, marker, slot = _START, "", ""
    for k, (w, c) in enumerate(zip(words, content, strict=True)):
        if k and nouns[k][1] != nouns[k - 1][1]:
            before, marker = _START, ""  # a clause starts again (", y los franceses ...")
        if not c:
            fresh = before == _START and k > 0 and nouns[k][1] != nouns[0][1]
            marker = marker if low[k] in articles or fresh else low[k]
            continue
        # a word of a name shares the slot of the name's first word ("felicitó a [Andrés]
        # Molina": Molina is in the slot "felicitó a", not "after Andrés")
        inside = k > 0 and content[k - 1] and nouns[k - 1][0] and nouns[k][0]
        slot = slot if inside and nouns[k - 1][1] == nouns[k][1] else f"{before}+{marker}"
        if seen[w] == 1:
            out[w] = (k, slot, nouns[k])
        before, marker = w, ""
    return out


def _exchanged(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    mine = _slots(*_read(claim, code), code)
    theirs = _slots(*_read(evidence, code), code)
    shared = [w for w in mine if w in theirs]
    for a, b in combinations(shared, 2):
        (ca, sa, (na, ka)), (cb, sb, (nb, kb)) = mine[a], mine[b]
        (ea, ta, (ma, la)), (eb, tb, (mb, lb)) = theirs[a], theirs[b]
        if (ca < cb) == (ea < eb) or sa == sb or not ((na or ma) and (nb or mb)):
            continue  # the same order, one slot, or a word that is no noun ("Alleen", "gestern")
        if ka != kb or la != lb:
            continue  # not in one clause
        if sa == tb and sb == ta:  # each in the other's slot
            return (a, b) if ca < cb else (b, a)
    return None


def _prepositions(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """A word both texts have after opposed prepositions ("against X" / "by X")."""
    sides = (frozenset(_list(code, "for")), frozenset(_list(code, "against")))
    if not sides[0] or not sides[1]:
        return None

    def marked(text: str) -> dict[str, str]:
        words, content, low, _ = _read(text, code)
        out: dict[str, str] = {}
        for k, w in enumerate(words):
            if not content[k]:
                continue
            j = k - 1
            while j >= 0 and not content[j] and low[j] not in sides[0] | sides[1]:
                j -= 1  # articles between ("against the X")
            if j >= 0 and low[j] in sides[0] | sides[1]:
                out[w] = low[j]
        return out

    mine, theirs = marked(claim), marked(evidence)
    for w, p in mine.items():
        q = theirs.get(w)
        if q is not None and (p in sides[0]) != (q in sides[0]):  # one "for", one "against"
            return f"{p} {w}", f"{q} {w}"
    return None


def _compared(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """Chinese, Japanese: the two sides of a comparison word exchanged."""
    for mark in _list(code, "comparison"):
        if claim.count(mark) != 1 or evidence.count(mark) != 1:
            continue
        left, right = claim.split(mark)
        e_left, e_right = evidence.split(mark)
        a, b = left[-_CJK_SIDE:], right[:_CJK_SIDE]
        if len(a) < _CJK_SIDE or len(b) < _CJK_SIDE or a == b:
            continue
        if a in e_right and a not in e_left and b in e_left and b not in e_right:
            return f"{a}{mark}{b}", f"{b}{mark}{a}"
    return None


def _passives(text: str, code: str) -> dict[str, tuple[int, str, str]]:
    """Each participle (``[roles] participle_endings``) of ``text`` right after an auxiliary
    of the passive (``[roles] passive``; small words between: "was not consulted"), with the
    word it is said of just before the auxiliary (small words between: "the council had
    never been consulted"): its folded form → (its place, the auxiliary, that word)."""
    aux_words = frozenset(_list(code, "passive"))
    words, content, low, _ = _read(text, code)
    out: dict[str, tuple[int, str, str]] = {}
    for k, w in enumerate(words):
        j = k - 1
        while j >= 0 and not content[j] and low[j] not in aux_words:
            j -= 1
        participle = low[k].isalpha() and low[k].endswith(_list(code, "participle_endings"))
        if not content[k] or not participle or j < 0 or low[j] not in aux_words:
            continue
        i = j - 1
        while i >= 0 and not content[i]:
            i -= 1
        if i >= 0:
            out[w] = (k, low[j], words[i])
    return out


def _voice_turned(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """The evidence's passive made active with its subject kept: "the council had never
    consulted the residents" on "the council had never been consulted" (the council is
    consulted, it consults no one). In the claim the same word has no auxiliary of the
    passive, the word the evidence says it of stands just before it (small words between),
    and a content word follows it (an object)."""
    theirs = _passives(evidence, code)
    if not theirs:
        return None
    words, content, low, _ = _read(claim, code)
    aux_words = frozenset(_list(code, "passive"))
    for k, w in enumerate(words):
        if not content[k] or w not in theirs:
            continue
        _, aux, patient = theirs[w]
        j = k - 1
        while j >= 0 and not content[j]:
            if low[j] in aux_words:
                break
            j -= 1
        if j < 0 or words[j] != patient:
            continue  # an auxiliary of the passive, or another subject
        agents = frozenset(_list(code, "for"))  # "an increase approved by the regulator"
        if k + 1 < len(words) and low[k + 1] in agents:
            continue
        if any(content[i] for i in range(k + 1, min(len(words), k + 4))):
            return f"{patient} … {w}", f"{patient} … {aux} {w}"
    return None


def swapped_roles(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """Two words of the evidence in each other's roles: (the claim's, the evidence's), or
    None."""
    if language(code).cjk:
        return _compared(claim, evidence, code) or changed_office(claim, evidence, code)
    swapped = _exchanged(claim, evidence, code)
    if swapped is not None:
        a, b = swapped
        return f"{a} … {b}", f"{b} … {a}"
    compared = exchanged_sides(claim, evidence, code)  # "rispetto a chi non ne beveva" turned
    # ... unless its word is turned too: "B costs more than A" on "A costs less than B"
    if compared is not None and opposite_direction(claim, evidence, code) is None:
        return compared
    return (
        _prepositions(claim, evidence, code)
        or _voice_turned(claim, evidence, code)
        or changed_office(claim, evidence, code)
    )


@lru_cache(maxsize=64)
def _office_groups(code: str) -> tuple[dict[str, int], tuple[str, ...], frozenset[str]]:
    """(each office form, folded → its group), the compound heads, the generic words."""
    lang = language(code)
    groups: dict[str, int] = {}
    for n, entry in enumerate(_list(code, "offices")):
        for form in entry.split():
            key = form if lang.cjk else lang.fold(plain(form))
            groups.setdefault(key, n)
    heads = tuple(plain(h) for h in _list(code, "offices_heads"))
    generic = frozenset(lang.fold(plain(w)) for w in _list(code, "offices_generic"))
    return groups, heads, generic


Office = tuple[str | int, str, frozenset[str]]  # group or compound, as written, names beside


@lru_cache(maxsize=1 << 12)
def _offices(text: str, code: str) -> tuple[Office, ...]:
    """The offices ``text`` names: (a group, or a compound as folded; as written; the
    capitalised words within ``_BESIDE`` words of it, plain), in order. Chinese and
    Japanese: the listed words found in the text, longest first, each place read once
    ("副局长" is not also "局长"), with no names (an office is written against its name)."""
    lang = language(code)
    groups, heads, generic = _office_groups(code)
    out: list[Office] = []
    if lang.cjk:
        rest = prepare(text, lang)
        for form in sorted(groups, key=len, reverse=True):
            while form in rest:
                out.append((groups[form], form, frozenset()))
                rest = rest.replace(form, "\0" * len(form), 1)
        return tuple(out)
    # the words, numbered across the text, with a gap of ``_BESIDE`` at each ";" or
    # sentence end (an office is not written with a name of another sentence)
    words: list[str] = []
    for piece in _OFFICE_BREAK.split(prepare(text, lang)):
        words += [*_OFFICE_WORD.findall(piece), *[""] * _BESIDE]
    found: list[tuple[str | int, str, int]] = []
    for k, word in enumerate(words):
        if not word:
            continue
        low = plain(word)
        key = lang.fold(low)
        if key in generic or any(low.endswith(g) for g in generic):
            continue  # "chief", "Betriebsratschef": any office
        if key in groups:
            found.append((groups[key], word, k))
        elif any(low.endswith(h) and len(low) > len(h) + 2 for h in heads):
            found.append((key, word, k))
    at = {k for _, _, k in found}
    for group, word, k in found:
        near = range(max(0, k - _BESIDE), min(len(words), k + _BESIDE + 1))
        beside = frozenset(
            plain(words[j])
            for j in near
            if j not in at and words[j][:1].isupper() and plain(words[j]) not in lang.stopwords
        )
        out.append((group, word, beside))
    return tuple(out)


_OFFICE_WORD: Final = re.compile(r"[^\W\d_]+")
_BESIDE: Final = 4  # words between an office and the name it is written with
_OFFICE_BREAK: Final = re.compile(r"[;!?]|\.\s")


def _named_in(office: Office, others: tuple[Office, ...], cjk: bool) -> bool:
    """Whether ``others`` name ``office``: the same group or word, or (written with spaces) a
    compound of it ("Werksleiter" names a "Leiter") or it of one of theirs. Chinese and
    Japanese list their compounds ("副局长" is no "局长")."""
    key, surface, _ = office
    low = plain(surface)
    for other, written, _ in others:
        theirs = plain(written)
        if other == key or (not cjk and (theirs.endswith(low) or low.endswith(theirs))):
            return True
    return False


def changed_office(claim: str, evidence: str, code: str) -> tuple[str, str] | None:
    """An office the claim names that the evidence does not, where the evidence names one the
    claim does not, both written with the same name (Chinese, Japanese: anywhere): (the
    claim's, the evidence's), or None."""
    mine = _offices(claim, code)
    if not mine:
        return None
    theirs = _offices(evidence, code)
    cjk = language(code).cjk
    for office in mine:
        if _named_in(office, theirs, cjk):
            continue
        for other in theirs:
            if not _named_in(other, mine, cjk) and (cjk or office[2] & other[2]):
                return office[1], other[1]
    return None
