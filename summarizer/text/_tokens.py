"""Tokens and sentences, for every language: the one tokeniser of the judge and the matchers.

- Space-separated scripts: Unicode word tokens (``Júcar`` is one word), digit groups
  (``1,500.5``, ``4,2``) and ``%``.
- Chinese and Japanese (``Language.cjk``): a run of Han/kana is cut at the language's listed
  words (negation cues, direction words, stopwords, percent words) and at numerals
  (``二十六``, ``三十万``); what lies between is cut into words by the language's tagger
  (``_cjk.words``) and each word read as its overlapping character bigrams (a one-character
  word stays a token). Bigrams forgive a word the two texts cut differently ("老年人" /
  "老年"); bigrams within words add none across a word boundary ("研究团队打算" gives no
  "究团", "队打" that only a paraphrase's new neighbour would break).

A check that reads a text word by word outside the token lists reads it with ``word_spans`` or
``word_texts`` (the same number and word patterns, written in ``_word_pattern``), never with
a pattern of its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

from ._cjk import words
from ._language import Kind, Language, Token, plain
from ._word_pattern import NUMBER, WORD, word_spans, word_texts

__all__ = [
    "CJK_CHARS",
    "SENTENCE_END",
    "Token",
    "prepare",
    "sentences",
    "tokens",
    "word_set",
    "word_spans",
    "word_texts",
]

# Kana, CJK ideographs and the marks written with them: each a word of its own.
CJK_CHARS: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ー"
_CJK_RUN: Final = f"[{CJK_CHARS}]+"
# number | word (an identifier such as "T10", "G7" or "Skarv-2" is one word) | percent sign.
# No groups: a token's kind is told by its first character (a digit starts only a number, a
# percent sign only itself), and ``findall`` of bare strings is the cheapest way to read them.
# (``NUMBER`` and ``WORD`` are written in ``_word_pattern``, which ``word_spans`` reads with.)
_LATIN: Final = re.compile(f"{NUMBER}|{WORD}|[%％]")
_WORD: Final = re.compile(WORD)  # _LATIN's word alternative
# A sentence ends at . ! ? before whitespace, or right after 。！？ (no space follows in CJK).
SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")
# The same gaps, found from the punctuation mark (a pattern that starts with a character set
# is scanned in C from one candidate to the next): the gap is the match without its mark.
_END_MARK: Final = re.compile(r"[.!?。！？](?:(?<=[.!?])\s+|(?<=[。！？])\s*)")
_LINE: Final = re.compile(r"[^\n]+")
_DOTTED_ACRONYM: Final = re.compile(r"\b(?:[^\W\d_]\.){2,}")
# ".S." is in every dotted acronym; a pattern that starts with a literal is found fast
_DOTTED_HINT: Final = re.compile(r"\.[^\W\d_]\.")
_LAST_WORD: Final = re.compile(r"(?:^|[^\w.])(\w+)\.$")
# (pattern, replacement, what the lower-cased text holds when the pattern can match): a
# pattern that starts with a word boundary is tried at every character, so only when it can
_CONTRACTIONS: Final = [
    (re.compile(r"\b(can)'t\b", re.I), r"\1 not", "can't"),
    (re.compile(r"\b(w)on't\b", re.I), r"\1ill not", "won't"),
    (re.compile(r"n't\b", re.I), " not", "n't"),
]
# "300 000", "300 000" (thin spaces) in languages with a decimal comma
_SPACED_THOUSANDS: Final = re.compile(r"\b(\d{1,3})(?:[ \u00a0\u202f](\d{3}))+\b")


def prepare(text: str, lang: Language) -> str:
    """Unicode-normalised, English contractions opened, dotted acronyms closed ("U.S." → "US")."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    if "'t" in text or "'T" in text:  # every contraction ends in "'t"
        low = text.lower()
        for pattern, repl, marker in _CONTRACTIONS:
            if marker in low:
                text = pattern.sub(repl, text)
    if lang.decimal == ",":
        text = _SPACED_THOUSANDS.sub(lambda m: re.sub(r"[ \u00a0\u202f]", ".", m.group()), text)
    if not _DOTTED_HINT.search(text):
        return text
    return _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), text)


def sentences(text: str, lang: Language) -> list[tuple[int, str]]:
    """``(start, sentence)`` of each sentence of each line of ``text``. A full stop after one
    of the language's abbreviations ("Dr.", "Nr.") ends no sentence."""
    out = []
    if "\n" in text:
        lines = [(m.start(), m.group()) for m in _LINE.finditer(text)]
    else:
        lines = [(0, text)] if text else []
    for base, body in lines:
        gaps = [(m.start() + 1, m.end()) for m in _END_MARK.finditer(body)]
        gaps.append((len(body), len(body)))
        start = 0
        for gap_start, gap_end in gaps:
            piece = body[start:gap_start]
            if gap_start < len(body) and _abbreviated(piece, lang):
                continue  # "… and not Dr. Jennifer Melfi": one sentence
            if piece:
                out.append((base + start, piece))
            start = gap_end
    return out


def _abbreviated(piece: str, lang: Language) -> bool:
    """``piece`` ends with "<abbreviation>." ("… and not Dr.")."""
    if not lang.abbreviations or not piece.endswith("."):
        return False
    word = _LAST_WORD.search(piece)
    return word is not None and word.group(1) in lang.abbreviations


def tokens(sentence: str, offset: int, lang: Language) -> list[Token]:
    """The tokens of one sentence; offsets relative to the text it was cut from."""
    if lang.cjk:
        return _cjk_tokens(sentence, offset, lang)
    out = []
    end = 0
    find = sentence.find
    for word in _LATIN.findall(sentence):
        # only characters that start no token lie between two tokens: the first place of
        # ``word`` from the end of the last is where it was matched
        start = find(word, end)
        end = start + len(word)
        first = word[0]
        kind: Kind = "num" if first.isdecimal() else "pct" if first in "%％" else "word"
        out.append(Token(word, start + offset, end + offset, kind))
    return out


def word_set(text: str) -> set[str]:
    """The distinct word tokens of a text written with spaces: what ``tokens`` finds in its
    sentences, read in one pass (a token never spans the space or mark where they are cut).
    Only words are matched: a number holds no letter, so no word starts inside one."""
    return set(_WORD.findall(text))


@cache
def _cjk_pattern(lang: Language) -> re.Pattern[str]:
    """Listed words (longest first), numerals, then anything else of a CJK run."""
    listed = {
        *lang.cues, *lang.plain_words, *lang.denials, *lang.canonical, *lang.stopwords,
        *lang.clause_words, *(" ".join(p) for p in lang.percent), *lang.true_words,
        *lang.false_words,
    }  # fmt: skip
    cjk = sorted((w for w in listed if re.fullmatch(_CJK_RUN, w)), key=len, reverse=True)
    numeral = "".join(sorted({*lang.cjk_digits, *lang.cjk_units, *lang.multipliers}))
    prefix = re.escape(lang.percent_prefix) if lang.percent_prefix else "(?!)"
    words = "|".join(map(re.escape, cjk)) or "(?!)"
    return re.compile(
        rf"(?P<pct>{prefix})|(?P<word>{words})|(?P<num>[{re.escape(numeral) or '0'}]+)"
        rf"|(?P<num_digits>\d+(?:[.,]\d+)*)|(?P<sym>%|％)|(?P<latin>[^\W\d_{CJK_CHARS}]+)"
        rf"|(?P<run>[{CJK_CHARS}])"
    )


def _cjk_tokens(sentence: str, offset: int, lang: Language) -> list[Token]:
    out: list[Token] = []
    run_start = -1  # start of the pending plain CJK characters

    def flush(end: int) -> None:
        nonlocal run_start
        if run_start < 0:
            return
        piece = sentence[run_start:end]
        for a, b in words(piece, lang.code):
            if b - a == 1:
                s = run_start + a
                out.append(Token(piece[a:b], s + offset, s + 1 + offset, "word"))
            for k in range(a, b - 1):
                s = run_start + k
                out.append(Token(piece[k : k + 2], s + offset, s + 2 + offset, "word"))
        run_start = -1

    last_end = 0
    for m in _cjk_pattern(lang).finditer(sentence):
        group = m.lastgroup
        text = m.group()
        if m.start() != last_end:  # punctuation or space between: a run ends
            flush(last_end)
        last_end = m.end()
        if group == "run" or (group == "num" and _lone_numeral(text, lang)):
            if run_start < 0:
                run_start = m.start()
            continue
        flush(m.start())
        start, end = m.start() + offset, m.end() + offset
        if group == "num" and all(c in lang.multipliers for c in text):
            out.append(Token(text, start, end, "word"))  # "1400万": a multiplier of a digit
        elif group == "num":
            out.append(Token(text, start, end, "cjknum"))
        elif group == "num_digits":
            out.append(Token(text, start, end, "num"))
        elif group in ("sym", "pct"):
            out.append(Token(text, start, end, "pct"))
        else:
            out.append(Token(text, start, end, "word"))
    flush(last_end)
    return out


def _lone_numeral(text: str, lang: Language) -> bool:
    """一 alone ("一些", "统一") is read as part of a word, not as the number 1."""
    return len(text) == 1 and (text == "一" or plain(text) in lang.not_alone)
