"""Configuration: arguments first, then environment variables, then defaults.

Every option is declared once in ``OPTIONS`` — its environment variables, how a value is read,
the values it may take and its default — and ``Settings.resolve`` reads them all the same way:
an argument that is not ``None`` wins (``0`` and ``""`` are real values), then the first
environment variable that is set, then the default of the backend's profile. The environment
variables (all optional) are listed by ``python -c "import summarizer._settings as s;
print(s.environment_variables())"`` and in the README.

Without a key and without a base URL, the ``local`` backend (embedded llama.cpp) runs, with
the small-model profile (``SMALL_MODEL_PROFILE``); the other backends use ``LARGE_MODEL_PROFILE``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from ._errors import ConfigurationError, MissingAPIKeyError

__all__ = [
    "BACKENDS",
    "DEFAULT_OPENAI_MODEL",
    "LARGE_MODEL_PROFILE",
    "OPTIONS",
    "SMALL_MODEL_PROFILE",
    "Backend",
    "Settings",
    "environment_variables",
]

Backend = Literal["local", "openai", "openai-compatible"]
BACKENDS: tuple[Backend, ...] = ("local", "openai", "openai-compatible")
_ALIASES = {"compatible": "openai-compatible", "embedded": "local", "llama.cpp": "local"}

# A current, non-reasoning OpenAI model: it takes temperature 0 (repeatable evals), answers
# without hidden reasoning tokens, has a 1M-token context (few documents need chunks) and costs
# less than gpt-4o. Reasoning models (o-series, GPT-5) work too: see _pipeline.
DEFAULT_OPENAI_MODEL = "gpt-4.1-mini"
LOCAL_MODEL_NAME = "smollm2-135m-instruct"

# The embedded model's defaults: the one place they are written down (the local backend uses
# them, and so do the tests and benchmarks that replay the embedded model's recorded answers
# through the openai-compatible backend).
SMALL_MODEL_PROFILE: dict[str, Any] = {
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
LARGE_MODEL_PROFILE: dict[str, Any] = {
    "evidence_mode": "quote",
    "max_claims": 40,  # guidance in the prompt: a quote-mode answer may hold more
    "max_tokens": 4096,
    "context_window": None,
    "max_reasks": 2,
    "timeout": 120.0,
    "reask_unsupported": True,
    "strategy": "write",
}


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true or false, not {value!r}")


def _judge(value: str) -> str | None:
    name = value.strip().lower()
    if name in ("", "off", "none", "false", "0", "no"):
        return None
    if name in ("true", "1", "yes", "on"):
        return "lexical"
    from ._judges import judge_names

    known = [*judge_names(), "llm"]  # llm: the configured model judges (_llm_judge)
    if name not in known:
        raise ConfigurationError(
            f"unknown judge {name!r} for verify: choose one of {', '.join(known)} or off"
        )
    return name


@dataclass(frozen=True)
class Option:
    """One option: where it is read from, how, what it may be, and its default."""

    env: tuple[str, ...] = ()
    parse: Callable[[str], Any] = str
    choices: tuple[str, ...] = ()
    default: Any = None  # used when the profile does not set the option
    lower: bool = False


_INT, _FLOAT = int, float
OPTIONS: Mapping[str, Option] = {
    "backend": Option(("SUMMARIZER_BACKEND",), choices=BACKENDS, lower=True),
    "model": Option(("SUMMARIZER_MODEL",)),
    "base_url": Option(("SUMMARIZER_BASE_URL", "OPENAI_BASE_URL")),
    "api_key": Option(("OPENAI_API_KEY",)),
    "mode": Option(
        ("SUMMARIZER_MODE",), choices=("tools", "json", "md_json", "json_schema"),
        default="tools", lower=True,
    ),
    "evidence_mode": Option(
        ("SUMMARIZER_EVIDENCE_MODE",), choices=("quote", "sentence"), lower=True
    ),
    "templates": Option(("SUMMARIZER_TEMPLATES",), Path),
    "temperature": Option(("SUMMARIZER_TEMPERATURE",), _FLOAT, default=0.0),
    "max_reasks": Option(("SUMMARIZER_MAX_REASKS",), _INT),
    "timeout": Option(("SUMMARIZER_TIMEOUT",), _FLOAT),
    "max_retries": Option(("SUMMARIZER_MAX_RETRIES",), _INT, default=5),
    "max_retry_seconds": Option(("SUMMARIZER_MAX_RETRY_SECONDS",), _FLOAT, default=300.0),
    "max_claims": Option(("SUMMARIZER_MAX_CLAIMS",), _INT),
    "min_claims": Option(("SUMMARIZER_MIN_CLAIMS",), _INT, default=1),
    "max_tokens": Option(("SUMMARIZER_MAX_TOKENS",), _INT),
    "context_window": Option(("SUMMARIZER_CONTEXT_WINDOW",), _INT),
    "on_ungrounded": Option(
        ("SUMMARIZER_ON_UNGROUNDED",), choices=("flag", "drop"), default="flag", lower=True
    ),
    "fuzzy_threshold": Option(("SUMMARIZER_FUZZY_THRESHOLD",), _FLOAT, default=90.0),
    "local_model_path": Option(("SUMMARIZER_LOCAL_MODEL",), Path),
    "seed": Option(("SUMMARIZER_SEED",), _INT, default=0),
    "chunk_chars": Option(("SUMMARIZER_CHUNK_CHARS",), _INT),
    "chunk_overlap": Option(("SUMMARIZER_CHUNK_OVERLAP",), _INT),
    "max_chunks": Option(("SUMMARIZER_MAX_CHUNKS",), _INT, default=64),
    "long_documents": Option(
        ("SUMMARIZER_LONG_DOCUMENTS",), choices=("chunk", "error"), default="chunk", lower=True
    ),
    "verify": Option(("SUMMARIZER_VERIFY",), _judge, default="lexical"),
    "on_unsupported": Option(
        ("SUMMARIZER_ON_UNSUPPORTED",), choices=("flag", "drop"), default="flag", lower=True
    ),
    "reask_unsupported": Option(("SUMMARIZER_REASK_UNSUPPORTED",), _flag),
    "strategy": Option(("SUMMARIZER_STRATEGY",), choices=("write", "extract"), lower=True),
    "language": Option(("SUMMARIZER_LANGUAGE",), lower=True),
    "output_language": Option(("SUMMARIZER_OUTPUT_LANGUAGE",)),
}  # fmt: skip


def environment_variables() -> list[str]:
    """Every environment variable the library reads."""
    return [name for option in OPTIONS.values() for name in option.env]


@dataclass(frozen=True)
class Settings:
    """Resolved options for a ``Summarizer``. ``repr`` never shows the key."""

    backend: Backend
    model: str | None
    base_url: str | None
    api_key: str | None = field(repr=False)
    mode: str
    evidence_mode: Literal["quote", "sentence"]
    templates: Path | None
    temperature: float
    max_reasks: int
    timeout: float
    max_retries: int
    max_retry_seconds: float
    max_claims: int
    min_claims: int
    max_tokens: int
    context_window: int | None
    on_ungrounded: Literal["flag", "drop"]
    fuzzy_threshold: float
    local_model_path: Path | None
    seed: int | None
    chunk_chars: int | None = None
    chunk_overlap: int | None = None
    max_chunks: int = 64
    long_documents: Literal["chunk", "error"] = "chunk"
    verify: str | None = "lexical"
    on_unsupported: Literal["flag", "drop"] = "flag"
    reask_unsupported: bool = True
    strategy: Literal["write", "extract"] = "write"
    language: str | None = None  # the document's language (ISO 639-1); None: detected
    output_language: str | None = None  # what the model writes in; None: the document's

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={'***' if f.name == 'api_key' and self.api_key else getattr(self, f.name)!r}"
            for f in fields(self)
        )
        return f"Settings({shown})"

    @classmethod
    def resolve(cls, *, environ: Mapping[str, str] | None = None, **arguments: Any) -> Settings:
        """Arguments (``None`` means "not given"), then ``environ`` (default: the process
        environment), then the profile's and the option's defaults."""
        env = os.environ if environ is None else environ
        unknown = sorted(set(arguments) - set(OPTIONS))
        if unknown:
            raise ConfigurationError(f"unknown option(s): {', '.join(unknown)}")
        raw = {name: _given(name, arguments.get(name), env) for name in OPTIONS}
        try:
            backend = _backend(raw)
            profile = SMALL_MODEL_PROFILE if backend == "local" else LARGE_MODEL_PROFILE
            values: dict[str, Any] = {}
            for name, option in OPTIONS.items():
                value = raw[name]
                if value is None:
                    value = profile.get(name, option.default)
                elif isinstance(value, str) and name not in ("api_key",):
                    value = option.parse(value.strip().lower() if option.lower else value)
                if option.choices and value is not None and value not in option.choices:
                    raise ConfigurationError(_bad_choice(name, value, option.choices))
                values[name] = value
        except ValueError as exc:
            raise ConfigurationError(f"invalid option value: {exc}") from None
        values["backend"] = backend
        if backend == "openai" and not values["api_key"]:
            raise MissingAPIKeyError("OPENAI_API_KEY")
        if backend == "openai-compatible" and not values["base_url"]:
            raise ConfigurationError(
                "the openai-compatible backend needs a base URL: pass --base-url "
                "(or base_url=...) or set SUMMARIZER_BASE_URL / OPENAI_BASE_URL"
            )
        if backend == "local":
            values["base_url"] = None  # the library starts its own server
        elif values["base_url"]:
            values["base_url"] = str(values["base_url"]).rstrip("/")
        if backend == "openai" and raw["model"] is None:
            values["model"] = DEFAULT_OPENAI_MODEL
        if isinstance(values["verify"], bool):  # strings were read by _judge above
            values["verify"] = "lexical" if values["verify"] else None
        values["reask_unsupported"] = bool(values["reask_unsupported"])
        return cls(**values)


def _given(name: str, argument: Any, env: Mapping[str, str]) -> Any:
    """The argument, else the first of the option's environment variables that is set."""
    if argument is not None:
        return str(argument) if isinstance(argument, Path) else argument
    for variable in OPTIONS[name].env:
        if env.get(variable):
            return env[variable]
    return None


def _backend(raw: dict[str, Any]) -> Backend:
    chosen = raw["backend"]
    if chosen is None:
        chosen = (
            "openai-compatible" if raw["base_url"] else ("openai" if raw["api_key"] else "local")
        )
    chosen = _ALIASES.get(str(chosen).lower(), str(chosen).lower())
    if chosen not in BACKENDS:
        raise ConfigurationError(f"unknown backend {chosen!r}: choose one of {', '.join(BACKENDS)}")
    return chosen


def _bad_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    label = {"evidence_mode": "evidence mode"}.get(name, name)
    if len(choices) == 2:
        return f"{name} must be {choices[0]} or {choices[1]}, not {value!r}" + (
            f" (unknown {label})" if name == "evidence_mode" else ""
        )
    return f"unknown {label} {value!r}: choose one of {', '.join(choices)}"
