"""Shared fixtures.

Cassettes (``tests/cassettes/``) are recorded from the real embedded llama.cpp server:

    pytest --record-mode=rewrite -m "not slow" tests/integration/test_cassettes.py

starts the embedded server (see ``embedded_base_url``) and records every HTTP exchange.
CI replays them with ``--record-mode=none --block-network``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.common import CASSETTES, REPLAY_BASE_URL, SAMPLE

_ENV_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "SUMMARIZER_BACKEND",
    "SUMMARIZER_MODEL",
    "SUMMARIZER_BASE_URL",
    "SUMMARIZER_MODE",
    "SUMMARIZER_EVIDENCE_MODE",
    "SUMMARIZER_TEMPLATES",
    "SUMMARIZER_TEMPERATURE",
    "SUMMARIZER_MAX_REASKS",
    "SUMMARIZER_TIMEOUT",
    "SUMMARIZER_MAX_RETRIES",
    "SUMMARIZER_LOCAL_MODEL",
    "SUMMARIZER_CHUNK_CHARS",
    "SUMMARIZER_LONG_DOCUMENTS",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the developer's own keys, settings or response cache."""
    for name in _ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article, as committed in evals/ (identical to ../shared's copy)."""
    return SAMPLE.read_bytes().decode("utf-8")


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in {"set-cookie", "openai-organization", "openai-project"}:
            del headers[name]
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [
            ("authorization", "REDACTED"),
            ("api-key", "REDACTED"),
            ("cookie", None),
            ("openai-organization", None),
            ("openai-project", None),
        ],
        "decode_compressed_response": True,
        "before_record_response": _scrub_response,
        "match_on": ["method", "path", "body"],
        "cassette_library_dir": str(CASSETTES),
    }


@pytest.fixture
def replayed(vcr: Any, record_mode: str) -> Iterator[Any]:
    """Use with ``@pytest.mark.vcr``: fails the test when the cassette is not fully played."""
    yield vcr
    if record_mode == "none":
        assert vcr.all_played, (
            f"cassette {vcr._path} was not fully played back: "
            f"{vcr.play_count} of {len(vcr)} interactions used"
        )


@pytest.fixture(scope="session")
def embedded_base_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The embedded server's URL when recording; a placeholder URL when replaying."""
    mode = request.config.getoption("--record-mode", default="none")
    if mode in (None, "none"):
        yield REPLAY_BASE_URL
        return
    from summarizer._local import LocalServer

    server = LocalServer()
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("SUMMARIZER_SKIP_SLOW") == "1":
        skip = pytest.mark.skip(reason="SUMMARIZER_SKIP_SLOW=1")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(skip)
