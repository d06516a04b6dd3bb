"""The speaker of a quotation whose attribution follows the evidence.

A quotation of two or more sentences is attributed after its last one ("'We sat up all night
with four keepers. When he stood up, we were relieved', says head keeper Anna de Vries.");
a claim drawn from its first sentence ("Anna de Vries says four keepers sat up all night")
names the speaker, whom the evidence sentence does not. The frame (``_verify.premise_of``)
holds the sentences *before* the evidence, so the speaker is missing there too, and the
names check flags the claim's correct name.

``attribution`` gives the words after the quotation's closing mark up to the end of that
sentence ("says head keeper Anna de Vries"), when the quotation is still open at the end of
the evidence and closes in the same paragraph. Only those words are added to the frame: the
sentences between (and their names) stay out, so a claim that gives the quotation to another
person of the document ("Pieter Smit says ...") still fails. Quotation marks of every
language are read: paired marks (“ ” „ « » ‘ ’ 「 」 『 』) and the straight ones (" '),
which open before a word and close after one (an apostrophe inside a word, "auto's",
"l'État", is neither).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from ._document import Document

__all__ = ["attribution", "speaker_after"]

_OPENING_ONLY: Final = frozenset("„«「『‹")
_CLOSING_ONLY: Final = frozenset("”»」』›")
_EITHER: Final = frozenset("\"'“‘’")  # by the neighbours (``_mark``)
_FOLLOW: Final = 800  # characters read after the evidence for the closing mark
_TAIL_WORDS: Final = 12  # an attribution is short ("zegt hoofdverzorger Sanne de Boer")
_SENTENCE_END: Final = re.compile(r"[.!?。！？]|\n\s*\n")
_PARAGRAPH: Final = re.compile(r"\n\s*\n")


def _mark(text: str, k: int) -> int:
    """+1 where a quotation opens at ``k``, -1 where one closes, 0 for any other character.
    A mark that opens in one language and closes in another ("“" in "“Yes”" and „Ja“) or
    doubles as an apostrophe ("’", "'") is read by its neighbours: before a word after a
    space it opens, after a word or a stop it closes, inside a word ("auto's") it is none."""
    char = text[k]
    if char in _OPENING_ONLY:
        return 1
    if char in _CLOSING_ONLY:
        return -1
    if char not in _EITHER:
        return 0
    before = text[k - 1] if k else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return 0  # inside a word: an apostrophe
    if (before.isspace() or before in "([—–") and after.isalnum():
        return 1
    if not before.isspace() and not after.isalnum():
        return -1
    return 0


def _open(text: str) -> bool:
    """Whether a quotation opened in ``text`` is still open at its end."""
    depth = 0
    for k in range(len(text)):
        depth = max(0, depth + _mark(text, k))
    return depth > 0


@lru_cache(maxsize=1 << 10)
def attribution(text: str, start: int, end: int) -> str | None:
    """The words that attribute a quotation open at ``end`` (the evidence is ``text[start:
    end]``) after its closing mark, up to the end of that sentence, or None (no quotation
    open, no closing mark in the paragraph, or no short attribution after it)."""
    paragraphs = [m.end() for m in _PARAGRAPH.finditer(text, 0, start)]
    begin = paragraphs[-1] if paragraphs else 0
    if not _open(text[begin:end]):
        return None
    stop = _PARAGRAPH.search(text, end)
    limit = min(stop.start() if stop else len(text), end + _FOLLOW)
    for k in range(end, limit):
        if _mark(text, k) < 0:
            close = k + 1
            break
    else:
        return None
    finish = _SENTENCE_END.search(text, close, limit)
    tail = text[close : finish.start() if finish else limit].strip(" ,;:—–-\n")
    if not tail or len(tail.split()) > _TAIL_WORDS or _mark(tail, 0) > 0:
        return None
    return tail


def speaker_after(document: Document, first: int, evidence: str) -> str | None:
    """``attribution`` for the evidence made of the document's sentences from ``first`` on
    (``_verify.Premise``: their texts joined by spaces), or None."""
    sentences = document.sentences
    if first < 0 or first >= len(sentences):
        return None
    joined = sentences[first].text
    last = first
    while joined != evidence and last + 1 < len(sentences) and len(joined) < len(evidence):
        last += 1
        joined = f"{joined} {sentences[last].text}"
    if joined != evidence:
        return None
    return attribution(document.text, sentences[first].start, sentences[last].end)
