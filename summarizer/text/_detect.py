"""Which language a document is in: py3langid (a naive Bayes model over byte n-grams, 97
languages, shipped inside the package; no download). Measured in ``evals/MATCHERS.md``.

``detect_language(text, given)``: an explicit ``given`` code wins; otherwise the model reads
the first ``_SAMPLE`` characters. Japanese is told from Chinese by its kana.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from ._language import KANA, supported_languages

__all__ = ["Detected", "detect_language"]

# Characters read: enough for the model, cheap on long documents. Every document the project
# has (100 REALSumm, 18 gold) is given the same language from its first 500 characters as
# from all of it; from 250, two are not (evals/MATCHERS.md, "Cost").
_SAMPLE: Final = 1000
_LOCK: Final = threading.Lock()


@dataclass(frozen=True, slots=True)
class Detected:
    code: str  # ISO 639-1, lower case
    source: Literal["given", "detected"]

    @property
    def supported(self) -> bool:
        return self.code in supported_languages()


@cache
def _identifier() -> object:
    from py3langid.langid import (  # type: ignore[import-untyped, unused-ignore]
        MODEL_FILE,
        LanguageIdentifier,
    )

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def detect_language(text: str, given: str | None = None) -> Detected:
    """The language of ``text``: ``given`` when set, else detected."""
    if given:
        return Detected(given.strip().lower(), "given")
    sample = text[:_SAMPLE]
    if not any(c.isalpha() for c in sample):
        return Detected("en", "detected")  # nothing to tell from: numbers, symbols
    with _LOCK:
        code, _ = _identifier().classify(sample)  # type: ignore[attr-defined]
    code = str(code)
    if code == "ja" and not KANA.search(sample):
        code = "zh"
    elif code == "zh" and len(KANA.findall(sample)) > len(sample) // 20:
        code = "ja"
    return Detected(code, "detected")
