"""Run the labelling app on a socket this process binds (``127.0.0.1`` unless told otherwise)."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn

from .._errors import ConfigurationError
from ._app import create_app
from ._store import GoldStore

__all__ = ["bind", "serve"]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a one-line error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigurationError(f"--host {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConfigurationError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(64)
    return sock


def host_names(host: str, port: int) -> list[str]:
    """The ``Host`` header values the app answers: the address it listens on (and
    ``localhost`` for a loopback address)."""
    shown = f"[{host}]" if ":" in host else host
    names = [f"{shown}:{port}"]
    if host in ("127.0.0.1", "::1", "localhost"):
        names += [f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"]
    if host in ("0.0.0.0", "::", ""):
        names += [f"*:{port}", f"localhost:{port}"]  # any IP literal (see host_allowed)
    return names


def serve(store: GoldStore, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve ``store`` until interrupted; ``announce`` gets the URL once the socket is bound."""
    sock = bind(host, port)
    real_port = sock.getsockname()[1]
    app = create_app(store, host_names(host, real_port))
    shown = f"[{host}]" if ":" in host else host
    announce(f"http://{shown}:{real_port}/")
    config = uvicorn.Config(app, log_level="warning", lifespan="off", server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
