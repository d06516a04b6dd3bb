"""summarizer: grounded structured summaries from any OpenAI-compatible model.

>>> from summarizer import summarize
>>> result = summarize(open("article.txt").read())
>>> result.claims[0].evidence[0].quote   # == text[start:end], always
"""

from ._batch import BudgetExceededError, asummarize_many, summarize_many
from ._cache import ResponseCache
from ._client import Summarizer, asummarize, summarize
from ._cost import Price, PriceTable
from ._document import Document
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BackendError,
    BadRequestError,
    ConfigurationError,
    ContextLengthError,
    DocumentDecodeError,
    DocumentTooLongError,
    EmptyDocumentError,
    InputError,
    LocalModelError,
    MalformedResponseError,
    MissingAPIKeyError,
    RateLimitError,
    SchemaValidationError,
    ServerError,
    SummarizerError,
    TemplateError,
)
from ._schema import Alignment, Claim, ClaimKind, Evidence, Meta, Summary, TemplateInfo, Usage

__version__ = "0.1.0"

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "Alignment",
    "AuthenticationError",
    "BackendError",
    "BadRequestError",
    "BudgetExceededError",
    "Claim",
    "ClaimKind",
    "ConfigurationError",
    "ContextLengthError",
    "Document",
    "DocumentDecodeError",
    "DocumentTooLongError",
    "EmptyDocumentError",
    "Evidence",
    "InputError",
    "LocalModelError",
    "MalformedResponseError",
    "Meta",
    "MissingAPIKeyError",
    "Price",
    "PriceTable",
    "RateLimitError",
    "ResponseCache",
    "SchemaValidationError",
    "ServerError",
    "Summarizer",
    "SummarizerError",
    "Summary",
    "TemplateError",
    "TemplateInfo",
    "Usage",
    "asummarize",
    "asummarize_many",
    "summarize",
    "summarize_many",
]
