"""summarizer: grounded structured summaries from any OpenAI-compatible model.

>>> from summarizer import summarize
>>> result = summarize(open("article.txt").read())
>>> result.claims[0].evidence[0].quote   # == text[start:end], always
"""

from ._api import asummarize, asummarize_many, summarize, summarize_many
from ._cache import ResponseCache
from ._client import Summarizer
from ._cost import Price, PriceTable
from ._document import Document
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BackendError,
    BadRequestError,
    BudgetExceededError,
    ConfigurationError,
    ContextLengthError,
    DocumentDecodeError,
    DocumentTooLongError,
    DuplicateIdError,
    EmptyDocumentError,
    InputError,
    InvalidUnicodeError,
    LocalModelError,
    MalformedLineError,
    MalformedResponseError,
    MissingAPIKeyError,
    PathError,
    RateLimitError,
    SchemaValidationError,
    ServerError,
    SummarizerError,
    TemplateError,
)
from ._judges import register_judge
from ._schema import (
    Alignment,
    Claim,
    ClaimKind,
    Evidence,
    Meta,
    Summary,
    Support,
    TemplateInfo,
    Usage,
)
from ._verdict import Judge, Verdict

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
    "DuplicateIdError",
    "EmptyDocumentError",
    "Evidence",
    "InputError",
    "InvalidUnicodeError",
    "Judge",
    "LocalModelError",
    "MalformedLineError",
    "MalformedResponseError",
    "Meta",
    "MissingAPIKeyError",
    "PathError",
    "Price",
    "PriceTable",
    "RateLimitError",
    "ResponseCache",
    "SchemaValidationError",
    "ServerError",
    "Summarizer",
    "SummarizerError",
    "Summary",
    "Support",
    "TemplateError",
    "TemplateInfo",
    "Usage",
    "Verdict",
    "asummarize",
    "asummarize_many",
    "register_judge",
    "summarize",
    "summarize_many",
]
