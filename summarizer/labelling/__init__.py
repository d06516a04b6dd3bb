"""Build a gold file by hand in the browser: ``summarizer gold label``.

``_documents`` reads the documents and a results file's proposals, ``_store`` keeps the gold
file (versions, checked atomic saves), ``_app`` is the Starlette app and ``_serve`` runs it on
127.0.0.1. The web framework is the ``label`` extra: importing this package does not need it,
``_app`` and ``_serve`` do.
"""

from __future__ import annotations

from ._documents import Document, collect_documents, draft_record, match_results, read_results
from ._store import GoldStore, StaleVersion

__all__ = [
    "Document",
    "GoldStore",
    "StaleVersion",
    "collect_documents",
    "draft_record",
    "match_results",
    "read_results",
]
