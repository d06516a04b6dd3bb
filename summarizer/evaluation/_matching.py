"""Claim similarity: how much of a gold statement a predicted statement says, as a number in [0, 1].

A ``Matcher`` turns two lists of short texts into a similarity matrix. The scorer pairs claims
with it, and key-point coverage and the meta-evaluation use ``presence`` (the best similarity of
a unit against a list of texts).

Matchers here are offline and deterministic:

- ``support`` (the default for pairing claims, ``_equivalence``): equivalence through the
  support judge asked in both directions; ``support-hmean`` combines the directions by their
  harmonic mean instead of the minimum; ``support:JUDGE`` picks another judge.
- ``content-words`` (the default for unit presence in the meta-evaluation): the content words
  the lexical judge reads (``summarizer._support_lexical.analyse``: the one text analyser,
  Snowball stems, stopwords dropped, numbers by value), compared as the share of the gold
  statement's content the prediction carries. Recall-only, so a long claim reaches it against
  every gold claim it contains.
- ``rouge1`` / ``rougeL``: rouge-score F-measure with stemming (the eval's lenient reference).

``token-set``, ``content-words-fuzzy`` and ``content-words-f1`` were removed: no measurement
showed them earning their place (``evals/MATCHERS.md``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt
from nltk.stem import porter  # type: ignore[import-untyped, unused-ignore]
from rouge_score import rouge_scorer  # type: ignore[import-untyped, unused-ignore]

from .._errors import UnknownMatcherError
from .._judges import get_judge
from .._support_lexical import analyse
from .._verdict import DEFAULT_JUDGE, FloatMatrix, Judge
from ..text._language import plain
from ..text._tokens import CJK_CHARS
from ._equivalence import DEFAULT_CLAIM_MATCHER, Combine, Matcher, SupportMatcher

__all__ = [
    "DEFAULT_CLAIM_MATCHER",
    "DEFAULT_MATCHER",
    "DEFAULT_THRESHOLD",
    "ContentWordMatcher",
    "FloatMatrix",
    "Matcher",
    "RougeMatcher",
    "UnknownMatcherError",
    "content_words",
    "get_matcher",
    "matcher_names",
    "presence",
    "recommended_threshold",
    "support_matcher",
]

# The default of unit presence (meta-evaluation); claims are paired with DEFAULT_CLAIM_MATCHER.
DEFAULT_MATCHER: Final = "content-words"
# Chosen on REALSumm articles 0-49 (see evals/MATCHERS.md): the threshold that gives the
# best Cohen's kappa for the default matcher on the tuning half.
DEFAULT_THRESHOLD: Final = 0.55


def _empty(predicted: Sequence[str], gold: Sequence[str]) -> FloatMatrix | None:
    if not predicted or not gold:
        return np.zeros((len(predicted), len(gold)), dtype=np.float64)
    return None


# --- the default: content words ---------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    """The content words of ``text`` as the lexical judge reads them (stems, numbers by
    value); all its words if it has no content words."""
    content = frozenset(analyse(text).content)
    return content or frozenset(plain(w) for w in text.split())


@dataclass(frozen=True)
class ContentWordMatcher:
    """Share of the gold text's content words that the predicted text has (weighted).

    ``similarity[i, j]`` is the weighted recall of gold ``j``'s stemmed content words in
    predicted ``i`` — "how much of the gold statement does the prediction carry" — or, with
    ``beta`` set, the F-beta of that recall and the matching precision.

    Weights: a word that occurs in many of the gold texts of one call (the subject every claim
    of a story repeats) tells the gold texts apart less, so it weighs
    ``(1 + ln((n + 1) / (df + 1))) ** gold_idf`` (n gold texts, df of them have the word).
    Hence a score depends on the other gold texts of the call; with one gold text all words
    weigh alike. ``number_weight`` multiplies numerals.

    Vectorised: each text's word set is computed once (and cached); one call is two small
    matrix products over the call's vocabulary.
    """

    name: str = DEFAULT_MATCHER
    beta: float | None = None
    gold_idf: float = 2.0
    number_weight: float = 2.0

    def similarity_matrix(self, predicted: Sequence[str], gold: Sequence[str]) -> FloatMatrix:
        empty = _empty(predicted, gold)
        if empty is not None:
            return empty
        pred_sets = [content_words(t) for t in predicted]
        gold_sets = [content_words(t) for t in gold]
        vocab: dict[str, int] = {}
        for words in (*pred_sets, *gold_sets):
            for w in words:
                vocab.setdefault(w, len(vocab))
        pred = _incidence(pred_sets, vocab)
        gold_m = _incidence(gold_sets, vocab)
        weight = np.ones(len(vocab), dtype=np.float64)
        if self.number_weight != 1.0:
            weight[[i for w, i in vocab.items() if w[0].isdigit()]] = self.number_weight
        gold_weight = weight
        if self.gold_idf and len(gold_sets) > 1:
            df = gold_m.sum(axis=0)
            idf = 1.0 + np.log((len(gold_sets) + 1.0) / (df + 1.0))
            gold_weight = weight * idf**self.gold_idf
        recall = ((pred * gold_weight) @ gold_m.T) / np.maximum(gold_m @ gold_weight, 1e-12)
        recall = np.clip(recall, 0.0, 1.0)
        if self.beta is None:
            return recall
        precision = ((pred * weight) @ gold_m.T) / np.maximum(pred @ weight, 1e-12)[:, None]
        precision = np.clip(precision, 0.0, 1.0)
        b2 = self.beta**2
        denom = b2 * precision + recall
        safe = np.where(denom > 0, denom, 1.0)
        return np.where(denom > 0, (1 + b2) * precision * recall / safe, 0.0)


def _incidence(sets: Sequence[frozenset[str]], vocab: Mapping[str, int]) -> FloatMatrix:
    matrix = np.zeros((len(sets), len(vocab)), dtype=np.float64)
    for row, words in enumerate(sets):
        matrix[row, [vocab[w] for w in words]] = 1.0
    return matrix


# --- alternatives -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RougeMatcher:
    """rouge-score F-measure (Porter stemming) of each pair. Slow: one Python call a pair."""

    rouge_type: str = "rouge1"
    name: str = "rouge1"

    def similarity_matrix(self, predicted: Sequence[str], gold: Sequence[str]) -> FloatMatrix:
        empty = _empty(predicted, gold)
        if empty is not None:
            return empty
        scorer = _rouge_scorer(self.rouge_type)
        out = np.empty((len(predicted), len(gold)), dtype=np.float64)
        for i, p in enumerate(predicted):
            for j, g in enumerate(gold):
                out[i, j] = scorer.score(g, p)[self.rouge_type].fmeasure
        return out


@lru_cache(maxsize=8)
def _rouge_scorer(rouge_type: str) -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer([rouge_type], tokenizer=RougeTokens())


# Kana and CJK ideographs: one token each (the texts have no spaces between words).
_ROUGE_TOKEN: Final = re.compile(rf"[{CJK_CHARS}]|[^\W_{CJK_CHARS}]+")


class RougeTokens:
    """rouge-score's tokenizer for every script. Its own keeps ASCII letters and digits only:
    a Chinese summary had no tokens (ROUGE 0 whatever it said) and "Brücke" became "br",
    "cke". Here a word is a run of letters and digits of any alphabet, a kana or CJK
    ideograph is a word of its own, and ASCII words of more than 3 letters are Porter-stemmed
    as rouge-score stems them; English text without accented letters tokenizes as before."""

    def __init__(self) -> None:
        self._stem = porter.PorterStemmer().stem  # the stemmer rouge-score's own tokenizer uses

    def tokenize(self, text: str) -> list[str]:
        return [
            self._stem(word) if word.isascii() and len(word) > 3 else word
            for word in _ROUGE_TOKEN.findall(text.lower())
        ]


# --- registry and helpers ---------------------------------------------------------------------

_REGISTRY: Final[dict[str, Callable[[], Matcher]]] = {
    DEFAULT_MATCHER: ContentWordMatcher,
    "rouge1": lambda: RougeMatcher("rouge1", "rouge1"),
    "rougeL": lambda: RougeMatcher("rougeL", "rougeL"),
}


# Thresholds tuned on REALSumm articles 0-49 (best Cohen's kappa); see evals/MATCHERS.md.
_TUNED_THRESHOLDS: Final[dict[str, float]] = {
    DEFAULT_MATCHER: DEFAULT_THRESHOLD,
    "rouge1": 0.3,
    "rougeL": 0.25,
}


def support_matcher(name: str) -> SupportMatcher | None:
    """``support``, ``support-hmean``, optionally ``:JUDGE`` (a plugin judge); else None."""
    base, _, judge_name = name.partition(":")
    rules: dict[str, Combine] = {
        DEFAULT_CLAIM_MATCHER: "min",
        f"{DEFAULT_CLAIM_MATCHER}-hmean": "hmean",
    }
    if base not in rules:
        return None
    return SupportMatcher(get_judge(judge_name or DEFAULT_JUDGE), rules[base])


def recommended_threshold(matcher: Matcher | str) -> float:
    """The threshold tuned for this matcher on the tuning half (0.5 for unknown matchers).

    A judge-based matcher's threshold is its judge's.
    """
    if isinstance(matcher, str) and matcher not in _TUNED_THRESHOLDS:
        matcher = support_matcher(matcher) or matcher
    judged = getattr(matcher, "threshold", None)
    if isinstance(judged, float):
        return judged
    name = matcher if isinstance(matcher, str) else matcher.name
    return _TUNED_THRESHOLDS.get(name, 0.5)


_SUPPORT_NAMES: Final = (DEFAULT_CLAIM_MATCHER, f"{DEFAULT_CLAIM_MATCHER}-hmean")


def matcher_names() -> list[str]:
    """The names ``get_matcher`` accepts (``support`` names also take ``:JUDGE``)."""
    return sorted([*_REGISTRY, *_SUPPORT_NAMES])


def get_matcher(name: str) -> Matcher:
    """The matcher registered as ``name``; ``UnknownMatcherError`` lists the known names."""
    judged = support_matcher(name)
    if judged is not None:
        return judged
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise UnknownMatcherError(name, matcher_names()) from None
    return factory()


def presence(
    units: Sequence[str], texts: Sequence[str], scorer: Matcher | Judge, *, whole: bool = True
) -> npt.NDArray[np.float64]:
    """For each unit, how present it is in ``texts``: its best score against any one text —
    a matcher's similarity, or a judge's support of the unit by the text.

    With ``whole`` the texts joined into one are a candidate too, so a unit whose words are
    spread over two sentences can still be found.
    """
    if not units:
        return np.zeros(0, dtype=np.float64)
    candidates = list(texts)
    if whole and len(candidates) > 1:
        candidates.append(" ".join(candidates))
    if not candidates:
        return np.zeros(len(units), dtype=np.float64)
    if isinstance(scorer, Judge):
        return np.asarray(scorer.score_matrix(units, candidates).max(axis=1), dtype=np.float64)
    return np.asarray(scorer.similarity_matrix(candidates, units).max(axis=0), dtype=np.float64)
