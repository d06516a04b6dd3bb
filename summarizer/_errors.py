"""The library's exception tree, documented in one place.

    SummarizerError                  base of everything this library raises on purpose
    ├── ConfigurationError           options that cannot work (bad backend, bad template folder)
    │   ├── MissingAPIKeyError       OpenAI selected but no key given; names the variable
    │   └── OutputLockedError        (corpus) another run is writing the same --output
    ├── InputError                   the document itself is unusable
    │   ├── EmptyDocumentError       empty or whitespace-only text
    │   ├── DocumentDecodeError      bytes that are not UTF-8
    │   ├── InvalidUnicodeError      text with a lone surrogate (not Unicode scalar values)
    │   ├── MalformedLineError       (corpus) an input line that is not a usable record
    │   ├── DuplicateIdError         (corpus) an id already used by an earlier input line
    │   └── DocumentTooLongError     longer than the model's context; names the limit
    ├── TemplateError                a template is missing or uses an undefined variable
    ├── PathError                    a file or folder of a run cannot be read or written
    ├── GateError                    (eval) a suite, baseline or predictions file is unusable
    ├── GoldFileError                (eval) a gold file or one of its records is malformed
    ├── UnknownMatcherError          (eval) a claim matcher name that is not registered
    ├── MetaEvalDataError            (meta-eval) human judgments not in the expected layout
    ├── BackendError                 talking to the model failed
    │   ├── APIConnectionError       server unreachable; names the base_url
    │   ├── APITimeoutError          no answer within the timeout
    │   ├── APIStatusError           an error status from the server (status_code, request_id)
    │   │   ├── AuthenticationError  401 / 403
    │   │   ├── BadRequestError      400 / 404 / 422 (not retried)
    │   │   ├── ContextLengthError   the server says the prompt is beyond the context window
    │   │   ├── RateLimitError       429 after every retry was spent
    │   │   └── ServerError          5xx after every retry was spent
    │   ├── MalformedResponseError   a 200 that is not a chat completion (HTML, null, no choices,
    │   │                            bad UTF-8, too deep, over the size cap), after every retry
    │   └── LocalModelError          the embedded llama.cpp server could not start
    ├── SchemaValidationError        the model never produced schema-valid output within max_reasks
    └── BudgetExceededError          a batch's cost budget was spent before this document

Transient errors (429, 5xx, timeouts, connection errors) are retried first; the error is raised
only when the retry budget is spent. 400, 401 and context-length errors fail at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BackendError",
    "BadRequestError",
    "BudgetExceededError",
    "ConfigurationError",
    "ContextLengthError",
    "DocumentDecodeError",
    "DocumentTooLongError",
    "DuplicateIdError",
    "EmptyDocumentError",
    "GateError",
    "GoldFileError",
    "InputError",
    "InvalidUnicodeError",
    "LocalModelError",
    "MalformedLineError",
    "MalformedResponseError",
    "MetaEvalDataError",
    "MissingAPIKeyError",
    "OutputLockedError",
    "PathError",
    "RateLimitError",
    "SchemaValidationError",
    "ServerError",
    "SummarizerError",
    "TemplateError",
    "UnknownMatcherError",
]


class SummarizerError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigurationError(SummarizerError):
    """The options given cannot work (unknown backend, missing template folder, ...)."""


class MissingAPIKeyError(ConfigurationError):
    """A backend that needs an API key was selected and none was found."""

    def __init__(self, variable: str = "OPENAI_API_KEY") -> None:
        self.variable = variable
        super().__init__(
            f"no API key: set {variable} or pass api_key=..., "
            "or leave both unset to use the embedded local model"
        )


class OutputLockedError(ConfigurationError):
    """(corpus) Another run holds the lock of the same output file."""


class InputError(SummarizerError):
    """The document cannot be summarized as given."""


class EmptyDocumentError(InputError):
    """The document is empty or holds only whitespace."""


class DocumentDecodeError(InputError):
    """The document's bytes are not valid UTF-8."""


class DocumentTooLongError(InputError):
    """The document does not fit the model's context window."""

    def __init__(self, tokens: int, limit: int, detail: str = "") -> None:
        self.tokens = tokens
        self.limit = limit
        message = (
            f"document is too long for the model: about {tokens} tokens, "
            f"but the limit for the document is {limit} tokens"
        )
        super().__init__(f"{message} ({detail})" if detail else message)


class TemplateError(SummarizerError):
    """A prompt template is missing, or refers to a variable that was not given."""


class BackendError(SummarizerError):
    """Talking to the model failed."""


class APIConnectionError(BackendError):
    """The server could not be reached."""

    def __init__(self, base_url: str, detail: str = "") -> None:
        self.base_url = base_url
        message = f"cannot reach the model server at {base_url}"
        super().__init__(f"{message}: {detail}" if detail else message)


class APITimeoutError(BackendError):
    """The server did not answer within the configured timeout."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self.base_url = base_url
        self.timeout = timeout
        super().__init__(f"no answer from {base_url} within {timeout:g} s")


class APIStatusError(BackendError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, status_code: int, request_id: str | None = None) -> None:
        self.status_code = status_code
        self.request_id = request_id
        suffix = f" (request id {request_id})" if request_id else ""
        super().__init__(f"HTTP {status_code}: {message}{suffix}")


class AuthenticationError(APIStatusError):
    """401/403: the key was refused."""


class BadRequestError(APIStatusError):
    """The server refused the request as malformed; retrying would not help."""


class ContextLengthError(APIStatusError):
    """The server says the prompt does not fit its context window."""


class RateLimitError(APIStatusError):
    """429, still, after every retry was spent."""


class ServerError(APIStatusError):
    """5xx, still, after every retry was spent."""


class MalformedResponseError(BackendError):
    """The server kept answering 200 with a body that is not a chat completion: not JSON (cut
    off, HTML, bad UTF-8, nested too deeply), JSON of another shape (``null``, ``[]``, no
    ``choices``, an error object), or larger than the size cap."""


class LocalModelError(BackendError):
    """The embedded llama.cpp server could not be started or is not installed."""


class SchemaValidationError(SummarizerError):
    """The model's output never passed validation within the allowed reasks."""

    def __init__(self, message: str, *, attempts: int, last_errors: str = "") -> None:
        self.attempts = attempts
        self.last_errors = last_errors
        super().__init__(f"{message} after {attempts} attempt(s)")


class InvalidUnicodeError(InputError):
    """The text holds a lone surrogate, so it is not a sequence of Unicode scalar values."""


class MalformedLineError(InputError):
    """A corpus input line is not a usable record (bad JSON or UTF-8, no usable id)."""


class DuplicateIdError(InputError):
    """A corpus input line repeats an id that an earlier line already used."""


class PathError(SummarizerError):
    """A file or folder that a run reads or writes is unusable; the message names the path."""


class GateError(SummarizerError):
    """(eval) A suite, baseline or predictions file is missing or malformed; names the file."""


class BudgetExceededError(SummarizerError):
    """The run's cost budget was spent before this document was started."""


class GoldFileError(SummarizerError):
    """The gold file is missing or one of its records is malformed.

    ``path`` is the gold file as given, ``line`` the 1-based line of the record (None for
    problems with the whole file) and ``field`` the dotted path inside the record
    (``claims.3.evidence.0.start``), or None. When several records are bad, the error describes
    the first and ``errors`` lists one error per bad record (the first included).
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.detail = message
        self.errors: list[GoldFileError] = [self]
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field {field}"
        super().__init__(f"{where}: {message}")


class UnknownMatcherError(SummarizerError, KeyError):
    """``get_matcher`` was given a name that is not registered."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = sorted(known)
        super().__init__(f"unknown matcher {name!r}; known matchers: {', '.join(self.known)}")

    def __str__(self) -> str:  # KeyError would otherwise print the message in quotes
        return str(self.args[0])


class MetaEvalDataError(SummarizerError):
    """(meta-eval) The judgment directory is not in the expected layout, or its files do not
    line up."""


# --- the provider's batch engine (``summarizer batch submit|status|collect``) ------------------


class BatchError(SummarizerError):
    """A document's request in a Batch API batch did not come back as an answer."""


class BatchExpiredError(BatchError):
    """The batch's completion window ended before this request ran (``batch submit`` again)."""


class BatchCancelledError(BatchError):
    """The batch was cancelled before this request ran (``batch submit`` again)."""


class BatchRequestError(BatchError):
    """A batch line that failed: the HTTP status and the service's message for that line."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        self.status_code = status_code
        super().__init__(message)


class BatchConflictError(BatchError):
    """One custom id has two different answers in the batch output: neither is trusted."""


class BatchMissingError(BatchError):
    """The batch output holds no line for this document (or one of its chunks)."""


class BatchFollowUpError(BatchError):
    """The answer needs a further model call that a batch cannot make (the rest of an answer
    cut off at the token limit): collect with ``--live`` to make it live."""


class BatchManifestError(ConfigurationError):
    """A batch manifest that cannot be read or does not belong to this input."""


__all__ += [
    "BatchCancelledError",
    "BatchConflictError",
    "BatchError",
    "BatchExpiredError",
    "BatchFollowUpError",
    "BatchManifestError",
    "BatchMissingError",
    "BatchRequestError",
]
