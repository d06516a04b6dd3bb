"""Past one machine: the provider's batch engine (OpenAI's Batch API) and the same JSONL files
for a self-hosted cluster's offline runner (vLLM's ``run_batch``).

- ``_lines``: custom ids, request lines (the pipeline's own first request), output lines.
- ``_manifest``: what ``batch submit`` did, saved atomically after every step.
- ``_remote``: the Files and Batches API through the ``openai`` SDK (upload, create, poll,
  download), never repeating a step the manifest or the service already records.
- ``_submit``: sharding under the service's limits; resubmitting only what has no answer.
- an answer becomes a result through ``summarize_document``, as its reply (``replay_document``,
  in the pipeline itself: ``summarizer._pipeline``).
- ``_collect``: outputs → results JSONL, one line per id, merged with earlier collects.
"""

from __future__ import annotations

from .._pipeline import LivePost, replay_context, replay_document
from ._collect import CollectReport, Missing, collect
from ._lines import (
    CHUNK_SEP,
    OutputIndex,
    OutputLine,
    Unit,
    custom_id,
    options_digest,
    parse_output_line,
    plan_units,
    request_line,
    usable_records,
)
from ._manifest import ENDED, Manifest, Shard, folder_of, load_manifest, save_manifest
from ._remote import Remote, index_of, missing_for
from ._submit import MAX_BYTES_PER_FILE, MAX_REQUESTS_PER_FILE, SubmitReport, submit

__all__ = [
    "CHUNK_SEP",
    "ENDED",
    "MAX_BYTES_PER_FILE",
    "MAX_REQUESTS_PER_FILE",
    "CollectReport",
    "LivePost",
    "Manifest",
    "Missing",
    "OutputIndex",
    "OutputLine",
    "Remote",
    "Shard",
    "SubmitReport",
    "Unit",
    "collect",
    "custom_id",
    "folder_of",
    "index_of",
    "load_manifest",
    "missing_for",
    "options_digest",
    "parse_output_line",
    "plan_units",
    "replay_context",
    "replay_document",
    "request_line",
    "save_manifest",
    "submit",
    "usable_records",
]
