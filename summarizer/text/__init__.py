"""The one text analyser: languages, sentences, tokens, folding (Snowball stems), numbers.

Used by the lexical support judge (``summarizer._support_lexical``) and by the eval's
matchers (``summarizer.evaluation._matching``), so that both read a text the same way.
"""

from ._detect import Detected, detect_language
from ._language import (
    Language,
    UnsupportedLanguageError,
    fold,
    language,
    plain,
    supported_languages,
)
from ._numbers import NumberSpan, numbers
from ._tokens import SENTENCE_END, Token, prepare, sentences, tokens, word_spans, word_texts

__all__ = [
    "SENTENCE_END",
    "Detected",
    "Language",
    "NumberSpan",
    "Token",
    "UnsupportedLanguageError",
    "detect_language",
    "fold",
    "language",
    "numbers",
    "plain",
    "prepare",
    "sentences",
    "supported_languages",
    "tokens",
    "word_spans",
    "word_texts",
]
