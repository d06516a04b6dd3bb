"""What the batch engine's tests share: the recorded answer, the environment that makes the
CLI talk to the Files + Batches API double, and a CLI runner in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from summarizer._settings import option_variables
from tests.support.common import CASSETTES, ROOT, embedded_options
from tests.support.loopback import recorded_body

RECORDED: dict[str, Any] = json.loads(recorded_body(CASSETTES / "test_seed_article_sync.yaml"))
MODEL = "smollm2-135m-instruct"
KEY = "double-key"


def recorded_answer(body: dict[str, Any]) -> dict[str, Any]:
    """The embedded model's recorded answer to the seed article (what the double returns)."""
    return RECORDED


def batch_env(url: str, **extra: Any) -> dict[str, str]:
    """Environment variables for the options the recorded answer was made with."""
    options = embedded_options(url, **extra)
    env = {"OPENAI_API_KEY": KEY, "SUMMARIZER_MAX_RETRIES": "2"}
    for name, value in options.items():
        if value is not None and name not in ("backend", "model", "base_url"):
            env[option_variables(name)[0]] = str(value)
    return env


def write_docs(path: Path, texts: list[tuple[Any, str]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for doc_id, text in texts:
            out.write(json.dumps({"id": doc_id, "text": text}) + "\n")
    return path


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def cli_process(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """``summarizer ARGS`` in a subprocess (so a test can kill it)."""
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer", *args], env=full, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run_cli(
    args: list[str], env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    process = cli_process(args, env)
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(args, process.returncode, out, err)
