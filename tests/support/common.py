"""Paths and constants shared by the tests and their doubles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from summarizer._settings import SMALL_MODEL_PROFILE

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "evals" / "gold" / "documents" / "000_seed_isis.txt"
CASSETTES = ROOT / "tests" / "cassettes"

# A fake key for tests: it must never look like, or be, a real one.
TEST_API_KEY = "test-key-not-a-real-secret"
# Where replayed cassettes pretend the embedded server was. Requests are matched on method,
# path and body, so the port a recording happened to use does not matter.
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"

KEYLIKE = re.compile(r"sk-[A-Za-z0-9_\-]{16,}|Bearer\s+[A-Za-z0-9._\-]{16,}")


def embedded_options(base_url: str, **extra: Any) -> dict[str, Any]:
    """Options that talk to the embedded model's server as an OpenAI-compatible backend."""
    options: dict[str, Any] = {
        "backend": "openai-compatible",
        "base_url": base_url,
        **SMALL_MODEL_PROFILE,
        # Most cassettes hold the small model *writing* summaries (sentence evidence): they test
        # that path with real answers. The embedded default now has it label sentences copied
        # from the document instead (strategy "extract"): tests of that pass it explicitly.
        "strategy": "write",
    }
    options.update(extra)
    return options
