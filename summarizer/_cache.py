"""A response cache on disk (diskcache): the model's accepted raw answer per request
fingerprint (``_call.cache_key``: the endpoint, the first request's whole body and the reask
policy). A hit makes no model call; grounding and support run again on what it returns.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import diskcache

from ._errors import ConfigurationError

__all__ = ["ResponseCache", "default_cache_dir", "fingerprint"]


def default_cache_dir() -> Path:
    """``SUMMARIZER_CACHE_DIR``, else ``$XDG_CACHE_HOME/summarizer``, else ``~/.cache/...``."""
    explicit = os.environ.get("SUMMARIZER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


def fingerprint(parts: dict[str, Any]) -> str:
    """A stable sha256 of JSON-able request parts."""
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """Models' accepted raw answers keyed by request fingerprint, in a diskcache directory."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        try:
            self._cache = diskcache.Cache(str(self.directory))
        except (OSError, sqlite3.Error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ConfigurationError(
                f"cannot use the response cache in {self.directory} ({reason}): set "
                "SUMMARIZER_CACHE_DIR to a writable folder, or pass --no-cache"
            ) from None

    def get_answer(self, key: str) -> dict[str, Any] | None:
        """A model's accepted raw answer (draft JSON and call stats), or ``None``."""
        raw = self._cache.get("answer:" + key)
        if not isinstance(raw, str):
            return None
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        return value if isinstance(value, dict) and "draft" in value else None

    def put_answer(self, key: str, answer: dict[str, Any]) -> None:
        """Store a model's accepted raw answer; grounding and support run again on read."""
        self._cache.set("answer:" + key, json.dumps(answer, sort_keys=True))

    def __len__(self) -> int:
        return len(self._cache)

    def clear(self) -> None:
        self._cache.clear()

    def close(self) -> None:
        self._cache.close()
