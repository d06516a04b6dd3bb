"""Shared pieces of the benchmarks: the seed article, the options the cassettes were recorded
with, and the machine facts printed beside each figure."""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
from typing import Any

from replay_server import SEED_ARTICLE

from summarizer._settings import SMALL_MODEL_PROFILE

MODEL = "smollm2-135m-instruct"


def seed_text() -> str:
    """The seed article, the document the recorded response answers."""
    return SEED_ARTICLE.read_bytes().decode("utf-8")


def numbered(text: str, index: int) -> str:
    """A distinct document whose sentence numbering matches the seed's: a line at the END."""
    return f"{text.rstrip()}\n\nDocument id {index:06d}."


def replay_options(base_url: str, **extra: Any) -> dict[str, Any]:
    """The options the cassettes were recorded with (``tests/conftest.embedded_options``)."""
    options: dict[str, Any] = {
        "backend": "openai-compatible",
        "base_url": base_url,
        "api_key": "test-key-not-a-real-secret",
        **SMALL_MODEL_PROFILE,
        "model": MODEL,
        # The replayed answer is the small model *writing* claims (test_seed_article_sync).
        "strategy": "write",
    }
    options.update(extra)
    return options


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "load_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ"),
    }


def report(figure: dict[str, Any]) -> None:
    """Print the benchmark's one JSON line (with the machine facts)."""
    print(json.dumps({**figure, "machine": machine()}))
