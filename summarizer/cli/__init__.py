"""The command line: ``summarizer summarize PATH`` (``-`` for stdin) and friends.

Exit codes: 0 ok, 1 a document, a file or the model failed (one line on stderr, no
traceback), 2 usage and configuration errors (typer's own, and ``ConfigurationError``).

Pretty (non-JSON) output shows user and model text literally: rich markup and ``:emoji:`` codes
are not interpreted, and control characters and escape sequences are removed from it. JSON
output is exact.

One module per command group: ``_summarize``, ``_batch``, ``_eval``, ``_gold``,
``_metaeval``, ``_compare``; ``_common`` holds what they share. Importing them registers
their commands on ``app``.
"""

from __future__ import annotations

from . import _batch, _compare, _eval, _gold, _metaeval, _summarize
from ._common import app, stderr

__all__ = ["app", "main"]

_COMMANDS = (_summarize, _batch, _eval, _gold, _metaeval, _compare)  # registered on import


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        stderr.print("interrupted")
        raise SystemExit(130) from None
