"""Who said it: the speaker or agent of a claim against the one of its evidence.

"Priya Nair said the council had never been consulted." on "'Four sailings ...,' he told the
room, adding that the council had never been consulted" (he: Tom Reyes, named a sentence
before); "Laut Albers gibt es ..." on "Keller zufolge gibt es ..."; "陈秀兰说，政府会…" on
"李敏说，政府会…". The claim's name is in the document, so the names check (read with the frame
and the light coreference of ``_coref``) lets it through; a name put in for a pronoun is
accepted there (``_coref_words.stands_for``). This module resolves both sides:

- the **claim's agent**: the name next to a reporting verb ("X said", "…, a précisé X"), after
  or before a source marker ("laut X", "X zufolge"), or, in a claim with no reporting verb, the
  name its clause starts with ("Bürgermeisterin Anja Roth schloss ... aus");
- the **evidence's agent**: the same positions in the evidence; where it names none but
  reports speech ("», a-t-il déclaré", "», lamentó", "sagte sie"), the agent of the latest
  sentence before it that names a person or body.

A claim's agent that the evidence does not write, that the document names before, and that is
another entity than every agent of the evidence (no word of its name shared, titles aside:
"Ms Nair" is "Priya Nair") is a ``name`` failure. Conservative: no agent found on either side,
or the claim's agent named in the sentence the pronoun is resolved from → no verdict. The same
entity under two titles ("Betriebsratschef" / "Betriebsratsvorsitzende" Jürgen Albers) is
no swap (``same_agent``).

The reporting verbs are the ``speech_verbs`` and source markers of the ``[rules]`` table plus
the ``[speakers]`` table of each language file (more verbs, honorifics).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Final

from ._speaker_words import speaker_words
from ._support_lexical import analyse
from ._support_speakers_cjk import cjk_swapped
from .text._language import language, plain, rule_words
from .text._tokens import SENTENCE_END, word_spans, word_texts

__all__ = ["same_agent", "speaker_swapped", "titled_word"]

_PUNCT: Final = re.compile(r"[,;:()\[\]{}\"“”«»„—–\n]+|\s-\s")
_INITIAL: Final = 6  # tokens before a sentence's first name that still make it the subject
_GAP_BEFORE: Final = 2  # tokens between a name and its reporting verb ("Conti ha raccontato")
_GAP_MARKER: Final = 3  # tokens between a marker and its name ("selon la directrice X")
_BACK: Final = 3  # sentences before the evidence a pronoun's speaker is looked for in
_BOUNDS: Final = frozenset(',;:«»„“”"')  # tokens a clause starts after
_QUOTES: Final = frozenset('«»„“”"')
# the tokens a name's place is counted in (``word_spans``): words, one elided with an
# apostrophe read whole ("d'Amato", as a name run writes it), numbers, and the clause bounds
# and quotes
_JOINED: Final = "'’"
_MARKS: Final = "".join(sorted(_BOUNDS))


@dataclass(frozen=True)
class _Mention:
    start: int  # token index of its first word
    end: int  # token index after its last word
    ident: frozenset[str]  # its folded words, titles aside ("Ms Nair" → {"nair"})
    surface: str


def _title(word: str, titles: tuple[str, ...]) -> bool:
    low = plain(word)
    return any(fnmatchcase(low, plain(t)) for t in titles)


def titled_word(surface: str, words: tuple[str, ...], code: str) -> str | None:
    """The one word of a name written with its titles ("Ms Nair", "Councillor Reyes" → the
    folded "nair", "rey"), or None."""
    titles = speaker_words(code).titles
    written = surface.split()
    if len(written) != len(words) or len(words) < 2:
        return None
    left = [w for s, w in zip(written, words, strict=True) if not _title(s, titles)]
    return left[0] if len(left) == 1 else None


@lru_cache(maxsize=512)
def _read(text: str, code: str) -> tuple[tuple[str, ...], tuple[_Mention, ...]]:
    """The tokens of ``text`` (lower case) and its names, each with its token span."""
    spans = [(m.start(), m.group()) for m in word_spans(text, _JOINED, _MARKS)]
    starts = [s for s, _ in spans]
    titles = speaker_words(code).titles
    mentions: list[_Mention] = []
    cursor = 0
    for chunk in _PUNCT.split(text):
        at = text.find(chunk, cursor)
        cursor = at + len(chunk)
        read = analyse(chunk, code)
        local = {True: 0, False: 0}  # names and leads (sentences' first words), each in order
        for run in (*read.leads, *read.names):
            lead = run in read.leads
            pos = chunk.find(run.surface, local[lead])
            if pos < 0:
                continue
            local[lead] = pos + len(run.surface)
            first = _index(starts, at + pos)
            last = _index(starts, at + pos + len(run.surface) - 1)
            written = run.surface.split()
            ident = (
                [w for s, w in zip(written, run.words, strict=True) if not _title(s, titles)]
                if len(written) == len(run.words)
                else list(run.words)
            )
            if ident and first is not None and last is not None:
                mentions.append(_Mention(first, last + 1, frozenset(ident), run.surface))
    mentions.sort(key=lambda m: m.start)
    toks = tuple(w.lower() for _, w in spans)
    return toks, tuple(_joined(mentions, toks, rule_words(code).name_joiners))


def _joined(
    mentions: list[_Mention], toks: tuple[str, ...], joiners: tuple[str, ...]
) -> list[_Mention]:
    """Names written with a joiner as one ("Karin de Boer", "Inês da Silva")."""
    out: list[_Mention] = []
    for m in mentions:
        last = out[-1] if out else None
        if last is not None and m.start - last.end == 1 and toks[last.end] in joiners:
            m = _Mention(
                last.start,
                m.end,
                last.ident | m.ident,
                f"{last.surface} {toks[last.end]} {m.surface}",
            )
            out[-1] = m
        else:
            out.append(m)
    return out


def _index(starts: list[int], char: int) -> int | None:
    """The token that holds character ``char``."""
    k = bisect_right(starts, char) - 1
    return k if k >= 0 else None


def _entities(mentions: tuple[_Mention, ...], known: frozenset[str]) -> list[_Mention]:
    """The mentions that name a person or body: two or more words, or one word of such a name
    of the document ("Keller" of "Martin Keller"; not "Streik")."""
    return [m for m in mentions if len(m.ident) > 1 or m.ident <= known]


@dataclass(frozen=True)
class _Agents:
    speakers: list[_Mention]  # names next to a reporting verb or a source marker
    subjects: list[_Mention]  # names a sentence starts with
    pronoun: bool  # a reporting verb whose subject is a person's pronoun or left out
    unknown: bool  # a reporting verb whose subject is something else ("the audit office")
    reports: bool = False  # a reporting verb at all


def _agents(text: str, code: str, known: frozenset[str]) -> _Agents:
    """The names in agent position in ``text`` and what its other reporting verbs report."""
    words = speaker_words(code)
    toks, mentions = _read(text, code)
    named = _entities(mentions, known)
    verbs = [k for k, t in enumerate(toks) if t in words.verbs]
    speakers: list[_Mention] = []
    told: set[int] = set()
    for m in named:
        near = [v for v in verbs if 0 <= v - m.end <= _GAP_BEFORE or 0 <= m.start - v - 1 <= 1]
        told.update(near)  # "Ms Nair said", "..., a précisé Claire Morel"
        after = m.end < len(toks) and toks[m.end] in words.after  # "Keller zufolge"
        if near or after or any(_marked(toks, m.start, w) for w in words.before):  # "laut X"
            speakers.append(m)
    pronoun = unknown = False
    starts = _sentences(text)
    for v in verbs:
        if v in told:
            continue
        around = toks[max(0, v - _GAP_BEFORE) : v + 2]
        if any(t in words.pronouns for t in around) or _QUOTES & set(toks[max(0, v - 2) : v]):
            pronoun = True  # "sagte sie", "a-t-il déclaré", "», lamentó"
            continue
        next_two = toks[v + 1 : v + 3]
        if len(next_two) == 2 and _title(next_two[1], words.titles):
            unknown = True  # "..., sagte die Ministerin": a description says it
            continue
        # a verb of a sentence that named no one before it ("..., the audit office found");
        # one after a name keeps it as subject ("X kündigte an, ..., schloss aber ... aus")
        start = max(s for s in starts if s <= v)
        unknown = unknown or not any(start <= m.start < v for m in named)
        # or an article opens its clause ("Under the X plan, ..., the audit office found")
        clause = max([start, *(k + 1 for k in range(start, v) if toks[k] in _BOUNDS)])
        unknown = unknown or (clause < v and toks[clause] in words.articles)
    # "volgens hem", "selon elle", "ihm zufolge": a pronoun as the source
    either = words.pronouns | words.objects
    for k, t in enumerate(toks):
        if t in either and (
            (k + 1 < len(toks) and toks[k + 1] in words.after)
            or any(tuple(toks[k - len(w) : k]) == w for w in words.before)
        ):
            pronoun = True
    # the subject a sentence starts with ("Der Betriebsratsvorsitzende Jürgen Albers kündigte")
    subjects: list[_Mention] = []
    for start in _sentences(text):
        first = next((m for m in named if m.start >= start), None)
        if (
            first is not None
            and first.start - start <= _INITIAL
            and all(t not in words.verbs for t in toks[start : first.start])
        ):
            subjects.append(first)
    return _Agents(speakers, subjects, pronoun, unknown, bool(verbs))


def _same(a: _Mention, b: _Mention) -> bool:
    """One entity: the words of one name, titles aside, are all in the other ("Ms Nair" /
    "Priya Nair"; not "Andrés Moreno" / "Andrés Molina")."""
    return a.ident <= b.ident or b.ident <= a.ident


def _marked(toks: tuple[str, ...], start: int, marker: tuple[str, ...]) -> bool:
    """Whether ``marker`` ends at most ``_GAP_MARKER`` tokens before token ``start``."""
    n = len(marker)
    return any(
        tuple(toks[k - n : k]) == marker
        for k in range(max(n, start - _GAP_MARKER), start + 1)
        if k - n >= 0
    )


def _sentences(text: str) -> list[int]:
    """The index of the first token of each sentence of ``text``."""
    out: list[int] = []
    count = 0
    for piece in SENTENCE_END.split(text):
        out.append(count)
        count += len(word_texts(piece, _JOINED, _MARKS))
    return out


@lru_cache(maxsize=256)
def _known(text: str, code: str) -> frozenset[str]:
    """The words of the names of two or more words of ``text``, read sentence by sentence
    (each sentence once for all the claims of a document: the context grows by sentences)."""
    return frozenset().union(*(_named(s, code) for s in SENTENCE_END.split(text)))


@lru_cache(maxsize=4096)
def _named(sentence: str, code: str) -> frozenset[str]:
    return frozenset(w for m in _read(sentence, code)[1] if len(m.ident) > 1 for w in m.ident)


def speaker_swapped(claim: str, evidence: str, context: str, code: str) -> tuple[str, str] | None:
    """The claim's agent and the evidence's other agent, or None."""
    if language(code).cjk:
        return cjk_swapped(claim, evidence, context, code)
    words = speaker_words(code)
    toks = set(_read(claim, code)[0])
    if not toks & (words.verbs | words.after | {m[0] for m in words.before}):
        return None  # no reporting verb, no source marker: the claim reports no one (cheap)
    known = _known(context, code) | _known(evidence, code)
    mine = next(iter(_agents(claim, code, known).speakers), None)
    if mine is None:
        return None  # a claim that reports no one's words (its clause's subject: no verdict)
    written = {w for m in _read(evidence, code)[1] for w in m.ident}
    if mine.ident & written or not mine.ident & _known(context, code):
        return None  # the evidence writes it, or the document names no such entity before
    found = _agents(evidence, code, known)
    if found.unknown:
        return None  # "..., the audit office found": a description says it
    # a sentence that reports no one's words says it itself: no speaker to compare
    theirs = found.speakers or (found.subjects if found.reports else [])
    if not theirs and found.pronoun:  # "sagte sie": the agent of the sentence before
        theirs = _resolved(context, code, known, mine)
    if not theirs or any(_same(mine, m) for m in theirs) or _together(context, mine, theirs, code):
        return None
    return mine.surface, theirs[0].surface


def _together(context: str, mine: _Mention, theirs: list[_Mention], code: str) -> bool:
    """Whether a sentence before names the claim's speaker beside the evidence's, not joined
    by "and": one may speak for the other ("Priya Nair, chief executive of Westline Ferries,")."""
    joins = speaker_words(code).coordinators
    for sentence in SENTENCE_END.split(context):
        toks, mentions = _read(sentence, code)
        a = [m for m in mentions if mine.ident <= m.ident]
        b = [m for m in mentions if any(t.ident <= m.ident for t in theirs)]
        for x, y in ((x, y) for x in a for y in b if x.end <= y.start or y.end <= x.start):
            gap = toks[min(x.end, y.end) : max(x.start, y.start)]
            if len(gap) <= _INITIAL and not joins & set(gap):
                return True
    return False


def _resolved(context: str, code: str, known: frozenset[str], mine: _Mention) -> list[_Mention]:
    """The agent of the latest sentence before the evidence that names a person or body,
    unless it names the claim's agent too (then the pronoun may be that one: no verdict)."""
    pieces = [p for p in SENTENCE_END.split(context) if p.strip()]
    for piece in pieces[-1 : -_BACK - 1 : -1]:
        _, mentions = _read(piece, code)
        named = _entities(mentions, known)
        if not named:
            continue
        if any(_same(mine, m) for m in named):
            return []
        found = _agents(piece, code, known)
        return (found.speakers or found.subjects)[:1]
    return []


def same_agent(swapped: tuple[str, str], claim: str, evidence: str, code: str) -> bool:
    """Whether a swap lies in the claim's and the evidence's agents and these are one entity
    under two titles doing what the evidence says ("Betriebsratschef Jürgen Albers schloss" /
    "Der Betriebsratsvorsitzende Jürgen Albers ... schloss"; not "... drohte", which the name
    check keeps rejecting)."""
    if language(code).cjk:
        return False
    known = _known(claim, code) | _known(evidence, code)
    said, found = _agents(claim, code, known), _agents(evidence, code, known)
    toks, written = _read(claim, code)[0], set(_read(evidence, code)[0])
    mine = [
        m
        for m in (*said.speakers, *said.subjects)
        if swapped[0] in m.surface and m.end < len(toks) and toks[m.end] in written
    ]
    theirs = [m for m in (*found.speakers, *found.subjects) if swapped[1] in m.surface]
    return any(_same(a, b) for a in mine for b in theirs)
