"""Light coreference for the support judge: the names a piece of evidence refers to without
writing them out in full.

A claim is written to stand alone; its evidence often is not. It names a person by a part of
their name ("ask Gareth to ...", the speaker label "NAIR:") after the document introduced
them in full ("Finance Director Gareth Lowe", "Councillor Priya Nair"), or leaves the
document's subject implicit ("The number of customers grew ..." in Kestrel's report; "the
company", "we"). ``antecedents`` gives the full names a reader has in mind for the evidence
of one claim; the judge reads them with the frame (``_verify.premise_of``), never with the
evidence's own numbers, negation and direction.

Rules (only the pronoun rule reads a word list: the ``[coref]`` words of the language file,
``_coref_words``; the others hold for every language with capitalised names):

- **partial mention**: a name written alone in the evidence (a capitalised word, an
  upper-case speaker label, the evidence's first word: "Kröger betonte") that is one word of a
  name of two or more words introduced earlier in the document stands for the latest such name;
- **definite description**: the evidence's first content word, written in lower case, that
  is as written the first or last word of a name of two or more words introduced earlier
  ("The association said ..." after "the Millbrook Walkers Association"; "la empresa" before
  "Empresa ...") stands for the latest such name, or else for the latest name it was written
  just before ("Le préfet a précisé" after "Le préfet de la Drôme, Thierry Vasseur"). Only the
  first word: "below the plan for the year" is no description of the "Water Resources
  Management Plan";
- **a name's last words in lower case** anywhere in the evidence ("the audit office found")
  stand for the latest name of three or more words they end ("National Audit Office");
- **a pronoun or a description as the subject** ("Sie räumte ein", "It found", "Het bedrijf
  investeert", among the evidence's first words): the latest full name before it of the right
  kind (a person's pronoun: a name with a title of the language, "Vorstandschefin Sabine
  Kröger"; anything else: a name without one, or the name the description was written before,
  "het Zweedse bedrijf Nordhavn Data");
- **the document's subject**: the name word the document uses most often (at least
  ``_SUBJECT_MIN`` times, at least twice as often as any other; upper-case labels such as
  speakers and headings not counted) stands, in every evidence, for the first full name it
  appears in ("Kestrel" → "Kestrel Analytics").

What it lets through: a claim that names the document's subject where its evidence names no
one (the substitution check still rejects it where the evidence names someone else); a
person given their full name from an earlier, partial mention of another person who shares a
word of it (the latest full name wins); the one name a pronoun or description is resolved to,
when the writer meant another (one name only, never every name of the document). On the blind
probes d, e, f the rules let no name variant through; a number and a negation variant that
only the name check had caught (it read a pronoun as a swapped name) now pass (evals/MATCHERS.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Final

from ._coref_words import subject_pronoun
from ._document import Document
from ._support_lexical import NameRun, analyse
from ._support_speakers import titled_word
from .text._language import language, plain, rule_words
from .text._tokens import word_texts

__all__ = ["Entities", "antecedents", "entities"]

_PUNCT: Final = re.compile(r"[,;:()\[\]{}\"“”«»—–\n]+|\s-\s")
_APPOSITION: Final = 4  # words before a name that a description may be (its noun among them)
_SUBJECT_MIN: Final = 3  # mentions that make a name word the document's subject


@dataclass(frozen=True)
class Entities:
    """The names of one document, sentence by sentence, and its subject."""

    runs: tuple[tuple[NameRun, ...], ...]  # per sentence: its names of two or more words
    subject: NameRun | None  # the most frequent full name of the most mentioned name word
    named: tuple[tuple[NameRun, ...], ...] = ()  # per sentence: all its names, in order


@lru_cache(maxsize=64)
def entities(document: Document, code: str) -> Entities:
    """The names of each sentence of ``document`` and its subject (cached per document)."""
    sentences = document.sentences  # split once, by the document the pipeline already holds
    read = [analyse(s.text, code) for s in sentences]
    known = {w for a in read for r in a.names for w in r.words}
    # a sentence's capitalised first word counts when the document names it elsewhere
    names = [a.names + tuple(r for r in a.leads if r.words[0] in known) for a in read]
    runs = tuple(tuple(r for r in _names(s.text, code) if len(r.words) > 1) for s in sentences)
    # upper-case words are labels (speakers, "GAAP", headings), not what the text is about
    counts = Counter(w for rs in names for r in rs if not r.surface.isupper() for w in r.words)
    top = counts.most_common(2)
    subject = None
    if top and top[0][1] >= _SUBJECT_MIN and (len(top) == 1 or top[0][1] >= 2 * top[1][1]):
        word = top[0][0]
        # its most frequent full name, the shortest of equals ("Kestrel Analytics", not a
        # title-case headline)
        full = Counter(r for rs in runs for r in rs if word in r.words)
        subject = (
            min(full, key=lambda r: (-full[r], len(r.words)))
            if full
            else next(r for rs in names for r in rs if word in r.words)
        )
    return Entities(runs, subject, tuple(names))


def _names(text: str, code: str) -> list[NameRun]:
    """The names of ``text``, a name ending at punctuation ("Councillor Tom Brennan, Gareth
    Lowe" is two; "NAIR: Eastgate" is no name of two words)."""
    return [r for piece in _PUNCT.split(text) for r in analyse(piece, code).names]


def antecedents(document: Document, first: int, evidence: str, code: str) -> list[str]:
    """The full names (as written) that ``evidence``, whose first sentence is sentence
    ``first`` (0-based) of ``document``, refers to and does not write out."""
    found = entities(document, code)
    words = analyse(evidence, code)
    present = set(words.content)
    out: list[str] = []

    def add(run: NameRun) -> None:
        if not set(run.words) <= present and run.surface not in out:
            out.append(run.surface)

    # a name written alone ("Gareth", "NAIR:"), not inside a fuller name of its own sentence,
    # also as the evidence's first word ("Kröger betonte ...")
    # (a first word only as written in the name: "Planning" is no mention of "... Plan")
    lone = [(r.words[0], "") for r in _names(evidence, code) if len(r.words) == 1]
    lone += [(r.words[0], r.surface) for r in words.leads if len(r.words) == 1]
    # or first after a colon, a dash or a quotation mark ("Not everyone was pleased: Tesfaye
    # said ..."), where the piece reads it as a sentence's first word
    lone += [(r.words[0], r.surface) for r in _piece_leads(evidence, code) if len(r.words) == 1]
    # or with its titles ("Ms Nair said", "Councillor Reyes": _support_speakers)
    lone += [
        (w, "") for r in _names(evidence, code) if (w := titled_word(r.surface, r.words, code))
    ]
    for word, surface in dict.fromkeys(lone):  # in order, once
        full = next(
            (
                r
                for _, r in _earlier(found, first)
                if word in r.words and (not surface or surface in r.surface.split())
            ),
            None,
        )
        if full is not None:
            add(full)
    # a definite description: the evidence's first content word, in lower case, written as
    # the first or last word of a name of the document ("The association said ..." for the
    # "Millbrook Walkers Association" named sentences before)
    first_word = next(iter(words.content.values()), "")
    if first_word.islower():
        headed = next((r for _, r in _earlier(found, first) if first_word in _heads(r)), None)
        # or written just before a name ("Le préfet de la Drôme, Thierry Vasseur")
        full = headed or _apposed(document, found, first, [first_word.lower()])
        if full is not None:
            add(full)
    # a description anywhere: the last two or more words of a name of three or more, in
    # lower case ("..., the audit office found" for the "National Audit Office")
    tail = _tail(found, first, " ".join(word_texts(evidence)))
    if tail is not None:
        add(tail)
    # a pronoun or a description for the evidence's subject ("Sie räumte aber ein", "It
    # found", "Het bedrijf investeert"): the latest sentence before it that names someone
    # names it; its first name for a person, its last for anything else
    kind = subject_pronoun(evidence, code, language(code).cjk)
    if kind is not None:
        run = _referent(document, found, first, kind, evidence, code)
        if run is not None:
            add(run)
    if found.subject is not None:
        add(found.subject)
    return out


def _piece_leads(text: str, code: str) -> list[NameRun]:
    """The capitalised first word of each piece of ``text`` after punctuation
    (``_PUNCT``), the text's own first word left out."""
    pieces = _PUNCT.split(text)
    return [r for piece in pieces[1:] for r in analyse(piece, code).leads]


def _earlier(found: Entities, first: int) -> Iterator[tuple[int, NameRun]]:
    """The names of two or more words before sentence ``first``, with their sentence: the
    latest sentence first, each sentence's names in order."""
    for sentence in range(min(first, len(found.runs)) - 1, -1, -1):
        for run in found.runs[sentence]:
            yield sentence, run


def _referent(
    document: Document, found: Entities, first: int, kind: str, evidence: str, code: str
) -> NameRun | None:
    """The name a pronoun or description at the evidence's start stands for: for a person's
    pronoun, the latest titled name before the evidence ("Vorstandschefin Sabine Kröger");
    for a description, the name its noun was written just before ("het Zweedse bedrijf
    Nordhavn Data"). A bare "it" stands for nothing here: the latest name of another kind
    is as often not what it refers to ("It is making them less effective" after a source)."""
    if kind == "other":
        nouns = [w for w in word_texts(evidence.lower())[1:3] if len(w) > 3]
        return _apposed(document, found, first, nouns)
    for sentence in range(min(first, len(found.named)) - 1, -1, -1):
        full = [_full(r, found, sentence) for r in found.named[sentence]]
        fitting = [r for r in full if len(r.words) > 1 and _titled(r, code)]
        if fitting:
            return fitting[0]
    return None


def _apposed(document: Document, found: Entities, first: int, nouns: list[str]) -> NameRun | None:
    """The latest name of two or more words before sentence ``first`` that one of ``nouns``
    introduces, written among the ``_APPOSITION`` words before it ("het Zweedse bedrijf
    Nordhavn Data", "le préfet de la Drôme, Thierry Vasseur")."""
    for sentence, run in _earlier(found, first):
        text = document.sentences[sentence].text.lower()
        at = text.find(run.surface.lower())
        before = word_texts(text[:at])[-_APPOSITION:] if at > 0 else []
        if any(w in before for w in nouns):
            return run
    return None


def _tail(found: Entities, first: int, evidence: str) -> NameRun | None:
    """The latest name of three or more words before sentence ``first`` whose last two or more
    words the evidence writes in lower case ("the audit office")."""
    padded = f" {evidence} "
    for _, run in _earlier(found, first):
        written = run.surface.split()
        if len(written) < 3:
            continue
        tail = " ".join(written[-2:])
        if tail.lower() != tail and f" {tail.lower()} " in padded:
            return run
    return None


def _titled(run: NameRun, code: str) -> bool:
    """Whether ``run`` starts with a person's title of the language ("Vorstandschefin")."""
    head = plain(run.surface.split()[0])
    return any(fnmatchcase(head, plain(t)) for t in rule_words(code).titles)


def _full(run: NameRun, found: Entities, sentence: int) -> NameRun:
    """``run`` written out: the latest name of two or more words, up to ``sentence``, that
    holds its words ("Kröger" → "Vorstandschefin Sabine Kröger")."""
    for k in range(sentence, -1, -1):
        full = next((r for r in found.runs[k] if set(run.words) <= set(r.words)), None)
        if full is not None:
            return full
    return run


def _heads(run: NameRun) -> tuple[str, str]:
    written = run.surface.lower().split()
    return written[0], written[-1]
