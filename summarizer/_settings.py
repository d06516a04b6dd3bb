"""Configuration: arguments first, then environment variables, then defaults.

Environment variables read (all optional):

    OPENAI_API_KEY            key for the OpenAI backend (or an OpenAI-compatible server)
    OPENAI_BASE_URL           URL of an OpenAI-compatible server (selects that backend)
    SUMMARIZER_BACKEND        local | openai | openai-compatible
    SUMMARIZER_MODEL          model name
    SUMMARIZER_BASE_URL       like OPENAI_BASE_URL, and takes precedence over it
    SUMMARIZER_MODE           instructor mode: tools | json | md_json | json_schema
    SUMMARIZER_EVIDENCE_MODE  quote | sentence
    SUMMARIZER_TEMPLATES      folder with system.j2 and user.j2
    SUMMARIZER_TEMPERATURE    float
    SUMMARIZER_MAX_REASKS     int: reasks after a validation error
    SUMMARIZER_TIMEOUT        float seconds, per HTTP request
    SUMMARIZER_MAX_RETRIES    int: attempts for transient transport errors
    SUMMARIZER_LOCAL_MODEL    path of a GGUF file for the local backend
    SUMMARIZER_CHUNK_CHARS    split documents into chunks of this many characters
    SUMMARIZER_LONG_DOCUMENTS chunk (default) | error: what to do past the context window
    SUMMARIZER_MAX_CLAIMS     int: claims the schema allows per call
    SUMMARIZER_MAX_TOKENS     int: completion tokens per call
    SUMMARIZER_CONTEXT_WINDOW int: the model's context window in tokens
    SUMMARIZER_ON_UNGROUNDED  flag | drop: claims whose evidence is not in the source
    SUMMARIZER_VERIFY         lexical (default) | embedding | hybrid | off: the support judge
    SUMMARIZER_ON_UNSUPPORTED flag | drop: claims their own evidence does not state
    SUMMARIZER_REASK_UNSUPPORTED  1 | 0: ask the model again about unsupported claims

Without a key and without a base URL, the ``local`` backend (embedded llama.cpp) runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, cast

from ._errors import ConfigurationError, MissingAPIKeyError

__all__ = ["BACKENDS", "SMALL_MODEL_PROFILE", "Backend", "Settings"]

Backend = Literal["local", "openai", "openai-compatible"]
BACKENDS: tuple[Backend, ...] = ("local", "openai", "openai-compatible")
_MODES = ("tools", "json", "md_json", "json_schema")
_ALIASES = {"compatible": "openai-compatible", "embedded": "local", "llama.cpp": "local"}

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
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
}
_LARGE = {"max_claims": 40, "max_tokens": 4096, "context_window": None, "max_reasks": 2,
          "timeout": 120.0, "reask_unsupported": True}  # fmt: skip


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

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={'***' if f.name == 'api_key' and self.api_key else getattr(self, f.name)!r}"
            for f in fields(self)
        )
        return f"Settings({shown})"

    @classmethod
    def resolve(
        cls,
        *,
        backend: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str | None = None,
        evidence_mode: str | None = None,
        templates: str | Path | None = None,
        temperature: float | None = None,
        max_reasks: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_retry_seconds: float | None = None,
        max_claims: int | None = None,
        min_claims: int | None = None,
        max_tokens: int | None = None,
        context_window: int | None = None,
        on_ungrounded: str | None = None,
        fuzzy_threshold: float | None = None,
        local_model_path: str | Path | None = None,
        seed: int | None = 0,
        chunk_chars: int | None = None,
        chunk_overlap: int | None = None,
        max_chunks: int | None = None,
        long_documents: str | None = None,
        verify: str | bool | None = None,
        on_unsupported: str | None = None,
        reask_unsupported: bool | None = None,
        environ: dict[str, str] | None = None,
    ) -> Settings:
        env = os.environ if environ is None else environ

        def pick(value: object, *names: str) -> str | None:
            if value is not None:
                return str(value)
            for name in names:
                if env.get(name):
                    return env[name]
            return None

        base = pick(base_url, "SUMMARIZER_BASE_URL", "OPENAI_BASE_URL")
        key = pick(api_key, "OPENAI_API_KEY")
        chosen = pick(backend, "SUMMARIZER_BACKEND")
        if chosen is None:
            chosen = "openai-compatible" if base else ("openai" if key else "local")
        chosen = _ALIASES.get(chosen.lower(), chosen.lower())
        if chosen not in BACKENDS:
            raise ConfigurationError(
                f"unknown backend {chosen!r}: choose one of {', '.join(BACKENDS)}"
            )
        resolved_backend: Backend = chosen
        if resolved_backend == "openai" and not key:
            raise MissingAPIKeyError("OPENAI_API_KEY")
        if resolved_backend == "openai-compatible" and not base:
            raise ConfigurationError(
                "the openai-compatible backend needs a base URL: pass --base-url "
                "(or base_url=...) or set SUMMARIZER_BASE_URL / OPENAI_BASE_URL"
            )
        if resolved_backend == "local":
            base = None  # the library starts its own server

        chosen_mode = (pick(mode, "SUMMARIZER_MODE") or "tools").lower()
        if chosen_mode not in _MODES:
            raise ConfigurationError(
                f"unknown mode {chosen_mode!r}: choose one of {', '.join(_MODES)}"
            )
        small = resolved_backend == "local"
        chosen_evidence = (
            pick(evidence_mode, "SUMMARIZER_EVIDENCE_MODE") or ("sentence" if small else "quote")
        ).lower()
        if chosen_evidence not in ("quote", "sentence"):
            raise ConfigurationError(
                f"unknown evidence mode {chosen_evidence!r}: choose quote or sentence"
            )
        long_mode = (pick(long_documents, "SUMMARIZER_LONG_DOCUMENTS") or "chunk").lower()
        if long_mode not in ("chunk", "error"):
            raise ConfigurationError(f"long_documents must be chunk or error, not {long_mode!r}")
        ungrounded = (pick(on_ungrounded, "SUMMARIZER_ON_UNGROUNDED") or "flag").lower()
        if ungrounded not in ("flag", "drop"):
            raise ConfigurationError(f"on_ungrounded must be flag or drop, not {ungrounded!r}")
        unsupported = (pick(on_unsupported, "SUMMARIZER_ON_UNSUPPORTED") or "flag").lower()
        if unsupported not in ("flag", "drop"):
            raise ConfigurationError(f"on_unsupported must be flag or drop, not {unsupported!r}")
        judge = _judge_name(verify if verify is not None else env.get("SUMMARIZER_VERIFY"))
        profile = SMALL_MODEL_PROFILE if small else _LARGE
        reask_flag = pick(reask_unsupported, "SUMMARIZER_REASK_UNSUPPORTED")
        reask_support = (
            _flag(reask_flag, "reask_unsupported")
            if reask_flag is not None
            else bool(profile["reask_unsupported"])
        )

        template_dir = pick(templates, "SUMMARIZER_TEMPLATES")
        local_path = pick(local_model_path, "SUMMARIZER_LOCAL_MODEL")
        try:
            return cls(
                backend=resolved_backend,
                model=pick(model, "SUMMARIZER_MODEL")
                or (
                    LOCAL_MODEL_NAME
                    if small
                    else DEFAULT_OPENAI_MODEL
                    if resolved_backend == "openai"
                    else None
                ),
                base_url=base.rstrip("/") if base else None,
                api_key=key,
                mode=chosen_mode,
                evidence_mode=cast(Literal["quote", "sentence"], chosen_evidence),
                templates=Path(template_dir) if template_dir else None,
                temperature=float(_or(pick(temperature, "SUMMARIZER_TEMPERATURE"), 0.0)),
                max_reasks=int(
                    _or(pick(max_reasks, "SUMMARIZER_MAX_REASKS"), profile["max_reasks"])
                ),
                timeout=float(_or(pick(timeout, "SUMMARIZER_TIMEOUT"), profile["timeout"])),
                max_retries=int(_or(pick(max_retries, "SUMMARIZER_MAX_RETRIES"), 5)),
                max_retry_seconds=float(_or(max_retry_seconds, 300.0)),
                max_claims=int(
                    _or(pick(max_claims, "SUMMARIZER_MAX_CLAIMS"), profile["max_claims"])
                ),
                # Asking the grammar for more claims (e.g. 4) makes SmolLM2 write more claims,
                # but they repeat "the document is a summary ..." and match no gold claim.
                min_claims=int(_or(min_claims, 1)),
                max_tokens=int(
                    _or(pick(max_tokens, "SUMMARIZER_MAX_TOKENS"), profile["max_tokens"])
                ),
                context_window=_int_or_none(
                    _or(
                        pick(context_window, "SUMMARIZER_CONTEXT_WINDOW"), profile["context_window"]
                    )
                ),
                on_ungrounded=cast(Literal["flag", "drop"], ungrounded),
                fuzzy_threshold=float(_or(fuzzy_threshold, 90.0)),
                local_model_path=Path(local_path) if local_path else None,
                seed=seed,
                chunk_chars=int(chunk)
                if (chunk := pick(chunk_chars, "SUMMARIZER_CHUNK_CHARS"))
                else None,
                chunk_overlap=chunk_overlap,
                max_chunks=int(_or(max_chunks, 64)),
                long_documents=cast(Literal["chunk", "error"], long_mode),
                verify=judge,
                on_unsupported=cast(Literal["flag", "drop"], unsupported),
                reask_unsupported=reask_support,
            )
        except ValueError as exc:
            raise ConfigurationError(f"invalid option value: {exc}") from None


def _or(value: object, default: object) -> Any:
    """``value`` unless it is ``None`` (never ``value or default``: 0 is a real value)."""
    return default if value is None else value


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(str(value))


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def _judge_name(value: str | bool | None) -> str | None:
    """The support judge: a registered name, or None for off."""
    if value is None or value is True:
        return "lexical"
    if value is False:
        return None
    name = str(value).strip().lower()
    if name in ("", "off", "none", "false", "0", "no"):
        return None
    from ._support import judge_names

    if name not in judge_names():
        raise ConfigurationError(
            f"unknown judge {name!r} for verify: choose one of {', '.join(judge_names())} or off"
        )
    return name
