"""Wrong and meaning-keeping variants of the non-English gold claims (the documents of
``evals/gold/gold.jsonl`` detected in a language other than English), written by deterministic
code per language, for ``test_languages.py``.

Kinds that must be rejected: ``negation`` (a negation added or removed), ``number_digits`` (a
digit changed), ``number_words`` (a spelled number changed: "zwölf" → "dreizehn", "四十三" →
"五十三"), ``direction`` (a direction word for its opposite, from the language's data file),
``name`` (a name for another name of the same document). Kinds that must be kept:
``paraphrase`` (a number written another way: "zwölf" ↔ "12", "4,2 Millionen" ↔ "4.200.000",
"百分之八" ↔ "8%") and ``original`` (the gold claim itself).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Final

from summarizer._document import split_sentences
from summarizer.evaluation._gold import GoldClaim, GoldDocument, load_gold
from summarizer.text import detect_language, language
from tests.support.common import ROOT

GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
LANGUAGE_DATA = ROOT / "summarizer" / "text" / "languages"

REJECT: Final = ("negation", "number_digits", "number_words", "direction", "name")
KEEP: Final = ("paraphrase", "original")


@dataclass(frozen=True)
class Variant:
    kind: str
    doc: str
    gold: int  # index of the original claim in its document
    text: str


@cache
def gold_documents() -> dict[str, GoldDocument]:
    """The gold file's non-English documents: those the product's detector does not call
    English (the English ones have their own rewrite rules in ``adversarial_variants``)."""
    return {
        d.id: d for d in load_gold(GOLD).documents if detect_language(d.source_text).code != "en"
    }


def language_of(doc_id: str) -> str:
    """The code in the id: ``100_de_radbruecke`` → ``de``."""
    return doc_id.split("_")[1]


# The names of each document (swapped for one another).
NAMES: Final[dict[str, tuple[str, ...]]] = {
    "100_de_radbruecke": ("Freiburg", "Dreisam", "BUND", "Baden-Württemberg", "Freien Wähler"),
    "101_fr_tramway": ("Lyon", "Gerland", "Vénissieux", "Keolis"),
    "102_es_bicicletas": ("Valencia", "Movilur", "Ruzafa"),
    "103_zh_ditie": ("杭州", "上海", "王丽", "张伟"),
    "104_it_biblioteca": ("Bologna", "Navile", "Giulia Conti", "Marco Ferri"),
    "105_pt_porto": ("Lisboa", "Ana Costa", "Rui Lopes"),
    "106_nl_haven": ("Rotterdam", "Eva de Vries", "Pieter Jansen"),
    "107_ja_toshokan": ("札幌", "田中"),
}

# Negation toggles, first that applies: (pattern, replacement).
NEGATE: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "de": (
        (r" nicht\b", ""), (r"\bkeine\b", "eine"),
        (r" (\S+)\.$", r" nicht \1.") ,
    ),
    "fr": (
        (r"\bne (\w+) pas\b", r"\1"), (r"\bn'(\w+) pas\b", r"\1"),
        (r"\b(a|ont|est)\b", r"n'\1 pas"), (r"\b(relie|soutient|passera)\b", r"ne \1 pas"),
    ),
    "es": ((r"\bno ", ""), (r"\b(aprobó|asciende|subió|bajaron|rechazó|apoya|tendrá)\b", r"no \1")),
    "it": ((r"\bnon ", ""), (r"\b(ha|hanno|è|sono|sarà|costerà|aumentato)\b", r"non \1")),
    "pt": ((r"\bnão ", ""), (r"\b(tem|têm|é|são|foi|foram|será|subiu|apoia)\b", r"não \1")),
    "nl": ((r" niet\b", ""), (r"\bgeen\b", "een"), (r" (\S+)\.$", r" niet \1.")),
    "zh": (
        (r"没有", ""), (r"将", "不会"), (r"仍为", "不再为"), (r"(缩短|下降|反对|开通)", r"没有\1"),
        (r"(全长|总投资|造价)", r"\1并非"),
    ),
    "ja": (
        (r"しなかった", "した"), (r"した", "しなかった"), (r"である", "ではない"),
        (r"する", "しない"),
    ),
}  # fmt: skip

# Meaning-keeping number rewrites: (pattern, replacement), every one that applies.
PARAPHRASE: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "de": (
        (r"4,2 Millionen", "4.200.000"), (r"\bzwölf\b", "12"),
        (r"\b18 Prozent", "achtzehn Prozent"), (r"sechzig", "60"), (r"\bzwei\b", "2"),
    ),
    "fr": (
        (r"douze pour cent", "12 %"), (r"\bsix\b", "6"), (r"\bdeux\b", "2"),
        (r"230 millions", "230 000 000"),
    ),
    "es": (
        (r"quince por ciento", "15 %"), (r"4,8 millones", "4.800.000"),
        (r"\b300\b", "trescientas"),
    ),
    "it": ((r"\bdodici\b", "12"), (r"3,5 milioni", "3.500.000"), (r"\b40\b", "quaranta")),
    "pt": ((r"\bdoze\b", "12"), (r"2,5 milhões", "2.500.000"), (r"\b30\b", "trinta")),
    "nl": ((r"\btwaalf\b", "12"), (r"1,8 miljoen", "1.800.000"), (r"\b25\b", "vijfentwintig")),
    "zh": ((r"百分之八", "8%"), (r"三十万", "30万"), (r"四十三", "43"), (r"六点", "6点")),
    "ja": ((r"(?<![一二三四五六七八九])十二", "12"), (r"四十二億", "42億")),
}  # fmt: skip

_DIGITS: Final = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_CJK_NUMERAL: Final = re.compile(r"[一二三四五六七八九十百千万亿]{2,}|[二三四五六七八九]")
_CJK_NEXT: Final = dict(zip("一二三四五六七八九", "二三四五六七八九一", strict=True))


def _bump_digits(text: str) -> str | None:
    m = _DIGITS.search(text)
    if m is None:
        return None
    d = (int(m.group()[0]) + 1) % 10 or 1
    return text[: m.start()] + str(d) + text[m.start() + 1 :]


def _bump_words(text: str, code: str) -> str | None:
    if language(code).cjk:
        m = _CJK_NUMERAL.search(text)
        if m is None:
            return None
        first = next(i for i, c in enumerate(m.group()) if c in _CJK_NEXT)
        at = m.start() + first
        return text[:at] + _CJK_NEXT[text[at]] + text[at + 1 :]
    spelled = _number_words(code)
    for m in re.finditer(r"\w+", text):
        value = spelled.get(m.group().casefold())
        if value is None or value < 2:
            continue
        other = next((w for w, v in spelled.items() if v == value + 1), None)
        if other:
            return text[: m.start()] + other + text[m.end() :]
    return None


@cache
def _number_words(code: str) -> dict[str, int]:
    """The data file's number words as written (with their accents), by value."""
    data = tomllib.loads((LANGUAGE_DATA / f"{code}.toml").read_text(encoding="utf-8"))
    words = data["numbers"]["words"].split()
    return {w: v for v, w in enumerate(words)}


@cache
def _direction_groups(code: str) -> list[tuple[list[str], list[str]]]:
    data = tomllib.loads((LANGUAGE_DATA / f"{code}.toml").read_text(encoding="utf-8"))
    return [(a.split(), b.split()) for a, b in data.get("direction", {}).get("pairs", [])]


def _flip_direction(text: str, code: str) -> str | None:
    cjk = language(code).cjk
    for left, right in _direction_groups(code):
        for mine, other in ((left, right), (right, left)):
            for k, form in enumerate(mine):
                pattern = re.escape(form) if cjk else rf"\b{re.escape(form)}\b"
                m = re.search(pattern, text)
                if m:
                    swap = other[min(k, len(other) - 1)]
                    return text[: m.start()] + swap + text[m.end() :]
    return None


def _swap_name(doc_id: str, text: str, evidence: str) -> str | None:
    """A name of the claim for another name of the document that its evidence lacks."""
    names = NAMES.get(doc_id, ())
    for name in names:
        if name in text:
            other = next((n for n in names if n not in text and n not in evidence), None)
            if other:
                return text.replace(name, other, 1)
    return None


def _evidence_sentences(doc_id: str, claim: GoldClaim) -> str:
    """The sentences the claim's evidence lies in (a name found there is no swap to judge)."""
    source = gold_documents()[doc_id].source_text
    spans = [(e.start, e.end) for e in claim.evidence]
    return " ".join(
        s.text for s in split_sentences(source) if any(s.start < b and a < s.end for a, b in spans)
    )


def first_rule(rules: tuple[tuple[str, str], ...], text: str) -> str | None:
    for pattern, repl in rules:
        out, n = re.subn(pattern, repl, text, count=1)
        if n and out != text:
            return out
    return None


def _paraphrases(rules: tuple[tuple[str, str], ...], text: str) -> Iterator[str]:
    for pattern, repl in rules:
        out, n = re.subn(pattern, repl, text, count=1)
        if n and out != text:
            yield out


def variants_of(doc_id: str, index: int, claim: GoldClaim) -> Iterator[Variant]:
    code = language_of(doc_id)
    text = claim.text
    made = {
        "negation": first_rule(NEGATE.get(code, ()), text),
        "number_digits": _bump_digits(text),
        "number_words": _bump_words(text, code),
        "direction": _flip_direction(text, code),
        "name": _swap_name(doc_id, text, _evidence_sentences(doc_id, claim)),
    }
    for kind, out in made.items():
        if out is not None and out != text:
            yield Variant(kind, doc_id, index, out)
    for out in _paraphrases(PARAPHRASE.get(code, ()), text):
        yield Variant("paraphrase", doc_id, index, out)
    yield Variant("original", doc_id, index, text)


def generate() -> list[Variant]:
    return [
        v
        for doc in gold_documents().values()
        for i, claim in enumerate(doc.claims)
        for v in variants_of(doc.id, i, claim)
    ]
