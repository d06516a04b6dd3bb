"""The batch manifest: everything ``batch submit`` did, so a rerun never repeats a step.

One JSON file (a pydantic model), rewritten atomically (a temporary file beside it, fsynced,
renamed over it) after every step: a shard written, uploaded, its batch created, its state
polled, its output downloaded. Shard files and downloaded outputs live in the folder
``<manifest>.d`` beside it; their paths in the manifest are relative to that folder.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from .._atomic import atomic_write
from .._errors import BatchManifestError, PathError

__all__ = ["ENDED", "Manifest", "RequestCounts", "Shard", "load_manifest", "save_manifest"]

# A batch in one of these states will not change any more.
ENDED = frozenset({"failed", "completed", "expired", "cancelled"})


class RequestCounts(BaseModel):
    total: int = 0
    completed: int = 0
    failed: int = 0


class Shard(BaseModel):
    """One request file and the batch that runs it."""

    round: int = Field(description="1 for the first submit; each resubmission adds one")
    index: int = Field(description="the shard's number within its round")
    path: str = Field(description="the request file, relative to the manifest's folder")
    custom_ids: list[str] = Field(description="the requests in the file, in order")
    bytes: int
    file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None
    request_counts: RequestCounts = Field(default_factory=RequestCounts)
    errors: list[str] = Field(default_factory=list, description="validation errors, verbatim")
    output_file_id: str | None = None
    error_file_id: str | None = None
    downloaded: list[str] = Field(
        default_factory=list, description="output and error files fetched, relative paths"
    )

    @property
    def label(self) -> str:
        return f"round {self.round} shard {self.index}"

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    @property
    def fetched(self) -> bool:
        """Ended, and every file it produced is downloaded."""
        wanted = [f for f in (self.output_file_id, self.error_file_id) if f]
        return self.ended and len(self.downloaded) == len(wanted)


class Manifest(BaseModel):
    version: Literal[1] = 1
    tag: str = Field(
        default_factory=lambda: secrets.token_hex(6),
        description="names this manifest's uploads and batches, so a rerun finds its own",
    )
    input: str = Field(description="the documents file, as given to submit")
    model: str
    base_url: str | None = Field(default=None, description="the service; None: the SDK's own")
    templates: str | None = None
    options_digest: str = Field(
        default="", description="what shapes the requests (see _lines.options_digest)"
    )
    endpoint: str = "/v1/chat/completions"
    completion_window: str = "24h"
    max_requests_per_file: int
    max_bytes_per_file: int
    shards: list[Shard] = Field(default_factory=list)

    def upload_name(self, shard: Shard) -> str:
        return f"summarizer-{self.tag}-r{shard.round}-s{shard.index}.jsonl"

    def shard_key(self, shard: Shard) -> str:
        return f"{self.tag}/r{shard.round}/s{shard.index}"


def folder_of(path: Path) -> Path:
    return path.with_name(path.name + ".d")


def load_manifest(path: Path) -> Manifest | None:
    """The manifest at ``path``, or None if there is none yet."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PathError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return Manifest.model_validate_json(raw)
    except (ValidationError, ValueError, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BatchManifestError(f"{path} is not a batch manifest ({first})") from None


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path`` whole or not at all: a temporary file, fsynced, renamed over it."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise PathError(f"cannot write {path}: {exc.strerror or exc}") from None


def save_manifest(path: Path, manifest: Manifest) -> None:
    write_atomically(path, manifest.model_dump_json(indent=1).encode("utf-8"))
