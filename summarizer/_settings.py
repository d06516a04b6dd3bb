"""Configuration: arguments first, then environment variables, then defaults.

Every option is declared once, as a field of ``Settings``: its type (a ``Literal`` for the
values it may take), its constraints (``ge``, ``gt``, finite numbers), its environment
variables (``Env``) and its default. ``Settings.resolve`` reads them all the same way: an
argument that is not ``None`` wins (``0`` and ``""`` are real values), then the first
environment variable that is set, then the small model's profile when the backend is the
embedded one (``SMALL_MODEL_PROFILE``), then the field's default. A value that does not fit is
a one-line ``ConfigurationError`` that names the variable or the argument it came from.

The environment variables (all optional) are listed by ``python -c "import summarizer._settings
as s; print(s.environment_variables())"`` and in the README. ``Summarizer(...)`` takes one
keyword parameter per field (a test keeps the two in step), and the CLI's options default to
``None``: "not given", so the same resolution decides.

Plain pydantic rather than pydantic-settings: the reading itself is a dozen lines here, while
what this module needs around it would be custom sources there — an explicit ``environ``
mapping (tests never touch the process environment), defaults that depend on the backend the
same resolution picks (the embedded model's profile), and error lines that name the variable
or argument a bad value came from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)
from pydantic.fields import FieldInfo

from ._errors import ConfigurationError, MissingAPIKeyError

__all__ = [
    "BACKENDS",
    "DEFAULT_OPENAI_MODEL",
    "SMALL_MODEL_PROFILE",
    "Backend",
    "Env",
    "EvidenceMode",
    "LongDocuments",
    "Mode",
    "OnFailure",
    "Settings",
    "Strategy",
    "check_budget",
    "environment_variables",
    "option_defaults",
    "option_variables",
]

Backend = Literal["local", "openai", "openai-compatible"]
Mode = Literal["tools", "json", "md_json", "json_schema"]
EvidenceMode = Literal["quote", "sentence"]
OnFailure = Literal["flag", "drop"]
LongDocuments = Literal["chunk", "error"]
Strategy = Literal["write", "extract"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
_ALIASES = {"compatible": "openai-compatible", "embedded": "local", "llama.cpp": "local"}

# A current, non-reasoning OpenAI model: it takes temperature 0 (repeatable evals), answers
# without hidden reasoning tokens, has a 1M-token context (few documents need chunks) and costs
# less than gpt-4o. Reasoning models (o-series, GPT-5) work too: see _pipeline.
DEFAULT_OPENAI_MODEL: Final = "gpt-4.1-mini"
LOCAL_MODEL_NAME: Final = "smollm2-135m-instruct"

# The embedded model's defaults, where they differ from the fields' (a capable model's). The one
# place they are written down: the local backend uses them, and so do the tests and benchmarks
# that replay the embedded model's recorded answers through the openai-compatible backend.
SMALL_MODEL_PROFILE: Final[Mapping[str, Any]] = {
    "model": LOCAL_MODEL_NAME,
    "evidence_mode": "sentence",
    "max_claims": 12,
    "max_tokens": 1536,
    "context_window": 8192,
    "max_reasks": 1,
    "timeout": 300.0,
    # The 135M model does not repair a claim when told its evidence does not state it (it
    # repeats the claim), so it is not asked again: such claims are flagged at once.
    "reask_unsupported": False,
    # It cannot write a faithful summary: claims are the document's sentences, which it labels
    # (kind, attribution); see _extractive.
    "strategy": "extract",
}


@dataclass(frozen=True)
class Env:
    """Field metadata: the environment variables an option is read from, first set wins."""

    names: tuple[str, ...]

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _judge(value: object) -> object:
    """A judge's name, ``None`` for off; ``True`` means the default judge. Whether a judge of
    that name exists is known where judges are built (``_judges.get_judge``, when the
    ``Summarizer`` is made), so that settings depend on nothing above them."""
    if isinstance(value, bool):
        return "lexical" if value else None
    if not isinstance(value, str):
        return value
    name = value.strip().lower()
    if name in ("", "off", "none", "false", "0", "no"):
        return None
    if name in ("true", "1", "yes", "on"):
        return "lexical"
    return name


Lower = BeforeValidator(_lower)
Finite = Field(allow_inf_nan=False)


class Settings(BaseModel):
    """Every option of a ``Summarizer``, declared once; resolved by ``resolve``. ``repr``
    never shows the key."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=False)

    backend: Annotated[Backend, Env("SUMMARIZER_BACKEND"), Lower] = "local"
    model: Annotated[str | None, Env("SUMMARIZER_MODEL")] = None
    base_url: Annotated[str | None, Env("SUMMARIZER_BASE_URL", "OPENAI_BASE_URL")] = None
    api_key: Annotated[str | None, Env("OPENAI_API_KEY"), Field(repr=False)] = None
    mode: Annotated[Mode, Env("SUMMARIZER_MODE"), Lower] = "tools"
    evidence_mode: Annotated[EvidenceMode, Env("SUMMARIZER_EVIDENCE_MODE"), Lower] = "quote"
    templates: Annotated[Path | None, Env("SUMMARIZER_TEMPLATES")] = None
    temperature: Annotated[float, Env("SUMMARIZER_TEMPERATURE"), Finite, Field(ge=0, le=2)] = 0.0
    max_reasks: Annotated[int, Env("SUMMARIZER_MAX_REASKS"), Field(ge=0)] = 2
    timeout: Annotated[float, Env("SUMMARIZER_TIMEOUT"), Finite, Field(gt=0)] = 120.0
    max_retries: Annotated[int, Env("SUMMARIZER_MAX_RETRIES"), Field(ge=0)] = 5
    max_retry_seconds: Annotated[
        float, Env("SUMMARIZER_MAX_RETRY_SECONDS"), Finite, Field(ge=0)
    ] = 300.0
    # every call for one document (or one chunk) together: reasks, continuations, retries
    document_timeout: Annotated[float, Env("SUMMARIZER_DOCUMENT_TIMEOUT"), Finite, Field(gt=0)] = (
        900.0
    )
    # guidance in the prompt: a quote-mode answer may hold more
    max_claims: Annotated[int, Env("SUMMARIZER_MAX_CLAIMS"), Field(ge=1)] = 40
    min_claims: Annotated[int, Env("SUMMARIZER_MIN_CLAIMS"), Field(ge=0)] = 1
    max_tokens: Annotated[int, Env("SUMMARIZER_MAX_TOKENS"), Field(ge=1)] = 4096
    context_window: Annotated[int | None, Env("SUMMARIZER_CONTEXT_WINDOW"), Field(ge=1)] = None
    on_ungrounded: Annotated[OnFailure, Env("SUMMARIZER_ON_UNGROUNDED"), Lower] = "flag"
    fuzzy_threshold: Annotated[
        float, Env("SUMMARIZER_FUZZY_THRESHOLD"), Finite, Field(ge=0, le=100)
    ] = 90.0
    local_model_path: Annotated[Path | None, Env("SUMMARIZER_LOCAL_MODEL")] = None
    seed: Annotated[int | None, Env("SUMMARIZER_SEED")] = 0
    chunk_chars: Annotated[int | None, Env("SUMMARIZER_CHUNK_CHARS"), Field(ge=1)] = None
    chunk_overlap: Annotated[int | None, Env("SUMMARIZER_CHUNK_OVERLAP"), Field(ge=0)] = None
    max_chunks: Annotated[int, Env("SUMMARIZER_MAX_CHUNKS"), Field(ge=1)] = 64
    long_documents: Annotated[LongDocuments, Env("SUMMARIZER_LONG_DOCUMENTS"), Lower] = "chunk"
    verify: Annotated[str | None, Env("SUMMARIZER_VERIFY"), BeforeValidator(_judge)] = "lexical"
    on_unsupported: Annotated[OnFailure, Env("SUMMARIZER_ON_UNSUPPORTED"), Lower] = "flag"
    reask_unsupported: Annotated[bool, Env("SUMMARIZER_REASK_UNSUPPORTED")] = True
    strategy: Annotated[Strategy, Env("SUMMARIZER_STRATEGY"), Lower] = "write"
    # the document's language (ISO 639-1 code); None: detected from the text
    language: Annotated[str | None, Env("SUMMARIZER_LANGUAGE"), Lower] = None
    # the language claims, summary and key points are written in; None: the document's
    output_language: Annotated[str | None, Env("SUMMARIZER_OUTPUT_LANGUAGE")] = None

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={'***' if name == 'api_key' and self.api_key else getattr(self, name)!r}"
            for name in type(self).model_fields
        )
        return f"Settings({shown})"

    __str__ = __repr__

    @classmethod
    def resolve(cls, *, environ: Mapping[str, str] | None = None, **arguments: Any) -> Settings:
        """Arguments (``None`` means "not given"), then ``environ`` (default: the process
        environment), then the profile's and the fields' defaults."""
        env = os.environ if environ is None else environ
        unknown = sorted(set(arguments) - set(cls.model_fields))
        if unknown:
            raise ConfigurationError(f"unknown option(s): {', '.join(unknown)}")
        given: dict[str, tuple[str, Any]] = {}  # name -> (where it came from, value)
        for name in cls.model_fields:
            found = _given(name, arguments.get(name), env)
            if found is not None:
                given[name] = found
        backend = _backend(given)
        values = {name: value for name, (_, value) in given.items()}
        values = {**_profile(backend), **values, "backend": backend}
        try:
            settings = cls.model_validate(values)
        except ValidationError as exc:
            raise ConfigurationError(_message(exc, given)) from None
        if backend == "openai" and not settings.api_key:
            raise MissingAPIKeyError("OPENAI_API_KEY")
        if backend == "openai-compatible" and not settings.base_url:
            raise ConfigurationError(
                "the openai-compatible backend needs a base URL: pass --base-url "
                "(or base_url=...) or set SUMMARIZER_BASE_URL / OPENAI_BASE_URL"
            )
        if backend == "local":  # the library starts its own server
            return settings.model_copy(update={"base_url": None})
        if settings.base_url:
            return settings.model_copy(update={"base_url": settings.base_url.rstrip("/")})
        return settings


def environment_variables() -> list[str]:
    """Every environment variable the library reads."""
    return [name for field in Settings.model_fields.values() for name in _env(field)]


def option_defaults(backend: Backend = "openai-compatible") -> dict[str, Any]:
    """Each option's default for ``backend`` when nothing is given (no argument, no variable)."""
    defaults = {name: field.default for name, field in Settings.model_fields.items()}
    return {**defaults, **_profile(backend), "backend": backend}


def _profile(backend: Backend) -> Mapping[str, Any]:
    """Where the backend's defaults differ from the fields' defaults."""
    if backend == "local":
        return SMALL_MODEL_PROFILE
    return {"model": DEFAULT_OPENAI_MODEL} if backend == "openai" else {}


_BUDGET: TypeAdapter[float | None] = TypeAdapter(
    Annotated[float | None, Field(ge=0, allow_inf_nan=False)]
)


def check_budget(value: float | None, source: str = "budget_usd") -> float | None:
    """A cost budget in USD: ``None`` (no limit) or a finite number ≥ 0; else a one-line
    ``ConfigurationError`` naming ``source`` (the argument or the CLI option)."""
    try:
        return _BUDGET.validate_python(value)
    except ValidationError as exc:
        raise ConfigurationError(
            f"invalid option value: {source}={value!r}: {_reason(exc.errors()[0])}"
        ) from None


def _env(field: FieldInfo) -> tuple[str, ...]:
    return next((item.names for item in field.metadata if isinstance(item, Env)), ())


def option_variables(name: str) -> tuple[str, ...]:
    """The environment variables option ``name`` is read from, first one first."""
    return _env(Settings.model_fields[name])


def _given(name: str, argument: Any, env: Mapping[str, str]) -> tuple[str, Any] | None:
    """Where the option's value comes from and the value: the argument, else the first of the
    option's environment variables that is set (an empty variable is not set)."""
    if argument is not None:
        return name, argument
    for variable in _env(Settings.model_fields[name]):
        if env.get(variable):
            return variable, env[variable]
    return None


def _backend(given: Mapping[str, tuple[str, Any]]) -> Backend:
    if "backend" in given:
        chosen = str(given["backend"][1]).strip().lower()
    else:
        chosen = (
            "openai-compatible"
            if "base_url" in given
            else ("openai" if "api_key" in given else "local")
        )
    chosen = _ALIASES.get(chosen, chosen)
    for backend in BACKENDS:
        if chosen == backend:
            return backend
    raise ConfigurationError(f"unknown backend {chosen!r}: choose one of {', '.join(BACKENDS)}")


def _message(exc: ValidationError, given: Mapping[str, tuple[str, Any]]) -> str:
    """One line for the first error: the variable (or argument) it came from, its value, why."""
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else "?"
    source, value = given.get(name, (name, error.get("input")))
    choices = get_args(_literal(name))
    if error["type"] == "literal_error" and choices:
        return _bad_choice(name, source, value, choices)
    return f"invalid option value: {source}={value!r}: {_reason(error)}"


def _literal(name: str) -> Any:
    annotation = Settings.model_fields[name].annotation
    return annotation if get_origin(annotation) is Literal else None


def _reason(error: Any) -> str:
    message = str(error["msg"])
    return message.removeprefix("Value error, ").replace("Input should be", "must be")


def _bad_choice(name: str, source: str, value: Any, choices: tuple[str, ...]) -> str:
    label = {"evidence_mode": "evidence mode"}.get(name, name)
    where = f" ({source})" if source != name else ""
    if len(choices) == 2:
        return f"{name} must be {choices[0]} or {choices[1]}, not {value!r}{where}" + (
            f" (unknown {label})" if name == "evidence_mode" else ""
        )
    return f"unknown {label} {value!r}{where}: choose one of {', '.join(choices)}"
