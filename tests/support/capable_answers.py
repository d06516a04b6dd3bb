"""What the scripted capable-model double (``tests/support/capable_server.py``) answers — TEST DATA.

The gold file's own claims and quotes (``evals/gold/gold.jsonl``), some quotes perturbed the way
models perturb them (``near_miss``: ``NEAR_MISS_KINDS``), some paraphrased (``PARAPHRASES``),
plus quotes no document holds (``invented_quotes``, ``INVENTED_SEED_QUOTES``). Each ``Quote``
carries the spans of the source it must be located at, or none when it must be rejected. The
paraphrases and inventions are written for this double; none is a model's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.evaluation import GoldDocument, GoldFile

__all__ = [
    "GOLD_PATH",
    "INVENTED_SEED_QUOTES",
    "KINDS",
    "NEAR_MISS_KINDS",
    "PARAPHRASES",
    "Quote",
    "ScriptedClaim",
    "invented_quotes",
    "near_miss",
    "scripted_claims",
]

GOLD_PATH = Path(__file__).resolve().parents[2] / "evals" / "gold" / "gold.jsonl"
NEAR_MISS_KINDS = (
    "quote_marks", "whitespace", "case", "word_dropped", "full_stop", "newline", "ellipsis",
)  # fmt: skip
KINDS = ("exact", *NEAR_MISS_KINDS)
_SWAP = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "'": "’", '"': "“"})
_ELLIPSES = (" … ", " ... ", " [...] ", "… ")

# Paraphrases of seed-article quotes, written for this double: none is the source's wording.
PARAPHRASES = {
    "killing 30 IS soldiers and refinery workers": "30 fighters and refinery staff died",
    "Between airstrikes and a global supply glut, oil is no longer the primary source of "
    "income for IS": "Because of the bombing and a worldwide oil surplus, IS now earns most "
    "of its money elsewhere",
    "The key challenge facing ISIS right now is more internal than external": "ISIS's "
    "biggest problem at the moment comes from inside rather than outside",
    "some 120 IS fighters have been publicly executed in recent weeks": "roughly 120 "
    "militants were put to death in public over the past few weeks",
    "coalition airstrikes are relatively rare because of the risk of civilian casualties": "the "
    "coalition seldom bombs there since civilians could be hurt",
    "about 320 have returned home": "around 320 came back to Britain",
}
# On-topic quotes the seed article does not contain: what a model that invents evidence writes.
INVENTED_SEED_QUOTES = (
    "IS earned more than $3 million a day from oil sales in Raqqa last year",
    "Coalition airstrikes destroyed the group's largest weapons depot outside Mosul",
    "Turkish border guards arrested 45 foreign fighters trying to return to Europe",
    "The Pentagon believes the group will lose control of Raqqa within six months",
    "French officials said some 400 of their citizens have joined the group",
    "Local recruits staged a mutiny at a base near Deir ez-Zor on Tuesday",
)


@dataclass(frozen=True)
class Quote:
    """A quote as the double writes it, and the spans of the source it must be located at
    (none: it must be rejected)."""

    kind: str
    text: str
    spans: tuple[tuple[int, int], ...]


def near_miss(kind: str, quote: str, start: int, source: str, variant: int = 0) -> Quote | None:
    """Gold ``quote`` (at ``start`` in ``source``) perturbed as ``kind``; ``None`` when the
    perturbation does not apply to it (no quote mark to swap, too few words, ...)."""
    end = start + len(quote)
    whole = ((start, end),)
    words = list(re.finditer(r"\S+", quote))
    text: str | None = None
    if kind == "exact":
        text = quote
    elif kind == "quote_marks":
        text = quote.translate(_SWAP)
    elif kind == "whitespace" and len(words) >= 3:
        # a doubled space after the first word, a line break in the middle
        cut = words[len(words) // 2].start()
        text = f"{quote[: words[0].end()]}  {quote[words[1].start() : cut].rstrip()}\n{quote[cut:]}"
    elif kind == "case":
        text = quote.lower()
    elif kind == "word_dropped" and len(words) >= 8 and len(quote) >= 50:
        # the shortest word of 3+ letters in the middle half (the middlemost of those)
        half = words[len(words) // 4 : len(words) - len(words) // 4]
        middle = [w for w in half if len(w.group()) >= 3 and w.group().isalpha()]
        if middle:
            word = min(middle, key=lambda w: (len(w.group()), abs(w.start() - len(quote) // 2)))
            text = quote[: word.start()] + quote[word.end() :].lstrip(" ")
    elif kind == "full_stop" and not quote.endswith(".") and source[end : end + 1] != ".":
        text = quote + "."
    elif kind == "newline":
        text = "\n" + quote
    elif kind == "ellipsis" and len(words) >= 6:
        keep = len(words) // 3
        head, tail = quote[: words[keep - 1].end()], quote[words[-keep].start() :]
        text = head + _ELLIPSES[variant % len(_ELLIPSES)] + tail
        spans = ((start, start + len(head)), (end - len(tail), end))
        return Quote(kind, text, spans)
    if text is None or (text == quote and kind != "exact"):
        return None
    return Quote(kind, text, whole)


def invented_quotes(document: GoldDocument, gold: GoldFile) -> list[Quote]:
    """Quotes that must be rejected for ``document``: on-topic inventions (seed article), quotes
    of the other gold documents, and ellipsis quotes with an invented or out-of-order piece."""
    source = document.source_text
    texts = list(INVENTED_SEED_QUOTES) if document.id == "000_seed_isis" else []
    for other in gold.documents:
        if other.id != document.id:
            long = [e.quote for c in other.claims for e in c.evidence if len(e.quote) >= 30]
            texts.extend(long[:1])
    texts = [t for t in texts if t not in source]
    quotes = [Quote("invented", t, ()) for t in texts]
    real = [e.quote for c in document.claims for e in c.evidence if len(e.quote.split()) >= 6]
    if real and texts:
        first, last = real[0], real[-1]
        quotes.append(Quote("ellipsis_invented_piece", f"{first} … {texts[0]}", ()))
        if first != last and source.find(last) > source.find(first):
            quotes.append(Quote("ellipsis_out_of_order", f"{last} … {first}", ()))
    return quotes


@dataclass(frozen=True)
class ScriptedClaim:
    """One claim of the double's answer: the quotes of its first answer and the gold quotes
    (``None`` for an invented claim)."""

    text: str
    kind: str
    attributed_to: str | None
    quotes: tuple[Quote, ...]
    gold: tuple[Quote, ...] | None

    def after_reask(self) -> tuple[Quote, ...] | None:
        """The quotes a strong model sends once told which quotes were not found: a rejected
        quote replaced by the gold one, the rest unchanged; ``None``: the claim is left out."""
        if self.gold is None:
            return None
        return tuple(q if q.spans else g for q, g in zip(self.quotes, self.gold, strict=True))

    def as_json(self, quotes: tuple[Quote, ...]) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "attributed_to": self.attributed_to,
            "evidence": [q.text for q in quotes],
        }


def scripted_claims(document: GoldDocument, gold_claims: int, invented: int) -> list[ScriptedClaim]:
    """The first ``gold_claims`` gold claims. Each one's first quote is paraphrased where
    ``PARAPHRASES`` has one, else perturbed by the kind used least so far among those that apply
    to it; ``invented`` invented claims are spread among them."""
    source = document.source_text
    claims: list[ScriptedClaim] = []
    used = dict.fromkeys(KINDS, 0)
    for turn, claim in enumerate(document.claims[:gold_claims]):
        exact = tuple(Quote("exact", e.quote, ((e.start, e.end),)) for e in claim.evidence)
        first = claim.evidence[0]
        if first.quote in PARAPHRASES:
            quote = Quote("paraphrase", PARAPHRASES[first.quote], ())
        else:
            options = [(k, near_miss(k, first.quote, first.start, source, turn)) for k in KINDS]
            kind, made = min(
                ((k, q) for k, q in options if q is not None),
                key=lambda option: (used[option[0]], (KINDS.index(option[0]) - turn) % len(KINDS)),
            )
            used[kind] += 1
            assert made is not None
            quote = made
        claims.append(
            ScriptedClaim(
                claim.text, claim.kind.value, claim.attributed_to, (quote, *exact[1:]), exact
            )
        )
    inventions = INVENTED_SEED_QUOTES if document.id == "000_seed_isis" else ()
    for index, text in enumerate(inventions[:invented]):
        claim_text = text[0].upper() + text[1:] + "."
        made_up = ScriptedClaim(claim_text, "fact", None, (Quote("invented", text, ()),), None)
        claims.insert(min(len(claims), 3 + index * 7), made_up)
    return claims
