"""Who said it, in Chinese and Japanese (``_support_speakers``): the speaker is what precedes
a reporting verb ("李敏说", "据李敏介绍") or, in Japanese, the topic of a reporting sentence
("佐藤町長は「…」と反論した") and the source of "によると"; two speakers are one where their
names share a character bigram ("村上社長" / "村上健一社長")."""

from __future__ import annotations

import re
from typing import Final

from ._speaker_words import speaker_words
from .text._tokens import SENTENCE_END

__all__ = ["cjk_swapped"]

_BACK: Final = 3  # sentences before the evidence a pronoun's speaker is looked for in
_CJK_SPEAKER: Final = 12  # characters before a reporting verb that name the speaker
_CJK_STOP: Final = re.compile(r"[，,。、：:；;“”「」『』\"（）()！？!?\s]")


def _bigrams(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1)}


def _cjk_speakers(text: str, code: str) -> tuple[list[str], bool]:
    """The speakers of ``text`` and whether a pronoun is one: in Chinese, what is written
    before a reporting verb ("李敏说", "据李敏介绍"); in Japanese, the topic of a sentence that
    reports ("佐藤町長は「…」と反論した", "村上社長は、…と述べた") or the source of "によると"."""
    words = speaker_words(code)
    found = sorted(m.start() for v in words.cjk_verbs for m in re.finditer(re.escape(v), text))
    if not found:
        return [], False
    heads: list[str] = []
    if words.topic:  # Japanese: the verb follows the quote; the speaker is the topic
        topic = re.escape(words.topic[0])
        heads += [text[: m.start()] for m in re.finditer(f"{topic}(?=[、「『])", text)]
        heads += [text[: m.start()] for w in words.after for m in re.finditer(re.escape(w), text)]
    else:
        heads += [text[:at] for at in found]
    out: list[str] = []
    pronoun = False
    for head in heads:
        speaker = _CJK_STOP.split(head)[-1].removeprefix("据")[-_CJK_SPEAKER:]
        if any(
            speaker.startswith(p) and speaker[len(p) : len(p) + 1] != "的" for p in words.pronouns
        ):
            pronoun = True  # "他说", "他同时承认" (not "他的女儿王悦")
        elif len(speaker) > 1:
            out.append(speaker)
    return out, pronoun


def cjk_swapped(claim: str, evidence: str, context: str, code: str) -> tuple[str, str] | None:
    mine, _ = _cjk_speakers(claim, code)
    if not mine or (not claim.startswith(mine[0][:2]) and not claim.startswith("据")):
        return None
    grams = _bigrams(mine[0])
    if grams & _bigrams(evidence) or not grams & _bigrams(context):
        return None
    theirs, pronoun = _cjk_speakers(evidence, code)
    if not theirs and pronoun:  # "…，”他说": the speaker of the sentence before
        for sentence in [p for p in SENTENCE_END.split(context) if p.strip()][-1 : -_BACK - 1 : -1]:
            before, _ = _cjk_speakers(sentence, code)
            if before:
                theirs = [] if grams & _bigrams(sentence) else before[:1]
                break
    if not theirs or any(grams & _bigrams(s) for s in theirs):
        return None
    return mine[0], theirs[0]
