"""Proves that --block-network really blocks: CI replays cassettes with it on."""

from __future__ import annotations

import socket

import pytest


def test_network_is_blocked_when_asked(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("--block-network"):
        pytest.skip("run with --block-network (as CI does) to check the block")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        with pytest.raises(RuntimeError, match="Network is disabled"):
            socket.create_connection(listener.getsockname(), timeout=1)
    finally:
        listener.close()
