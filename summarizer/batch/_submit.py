"""``batch submit``: the corpus's requests, sharded under the service's limits, uploaded, and a
batch created per shard; a rerun resumes, and once every batch has ended it submits only the
requests that have no answer yet (failed lines, expired or cancelled batches).

Shards of a round are written first (each file atomically, in ``<manifest>.d``) and recorded in
the manifest in one save; a crash before that save only rewrites the same files. Launching
(upload, create) is ``Remote.launch``: a step recorded in the manifest is never repeated.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .._errors import InputError, PathError, SummarizerError
from .._jsonl import InputRecord, json_line
from .._protocols import SummarizerLike
from ._lines import plan_units, request_line, usable_records
from ._manifest import Manifest, Shard, folder_of
from ._remote import Remote, index_of

__all__ = ["MAX_BYTES_PER_FILE", "MAX_REQUESTS_PER_FILE", "SubmitReport", "plan_round", "submit"]

# The Batch API's limits per input file.
MAX_REQUESTS_PER_FILE = 50_000
MAX_BYTES_PER_FILE = 200 * 1024 * 1024

Problem = Callable[[InputRecord, SummarizerError], None]


@dataclass
class SubmitReport:
    round: int | None = None  # the round this run created, if any
    shards: int = 0
    requests: int = 0
    running: int = 0  # batches still running: nothing new was submitted
    answered: int = 0  # requests that already have an answer
    problems: int = 0  # documents that get no request (their error comes with collect)
    shard_labels: list[str] = field(default_factory=list)


class _ShardWriter:
    def __init__(self, manifest: Manifest, folder: Path, round_: int) -> None:
        self.manifest, self.folder, self.round = manifest, folder, round_
        self.shards: list[Shard] = []
        self._handle: BinaryIO | None = None
        self._ids: list[str] = []
        self._bytes = 0

    def _path(self, index: int) -> Path:
        return self.folder / f"r{self.round}-s{index}.jsonl"

    def add(self, name: str, line: bytes) -> None:
        limits = self.manifest
        if self._ids and (
            len(self._ids) >= limits.max_requests_per_file
            or self._bytes + len(line) > limits.max_bytes_per_file
        ):
            self.close()
        if self._handle is None:
            self._handle = self._path(len(self.shards)).with_suffix(".part").open("wb")
        self._handle.write(line)
        self._ids.append(name)
        self._bytes += len(line)

    def close(self) -> None:
        if self._handle is None:
            return
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None
        index = len(self.shards)
        final = self._path(index)
        os.replace(final.with_suffix(".part"), final)
        self.shards.append(
            Shard(
                round=self.round,
                index=index,
                path=final.name,
                custom_ids=self._ids,
                bytes=self._bytes,
            )
        )
        self._ids, self._bytes = [], 0


def plan_round(
    manifest: Manifest,
    manifest_path: Path,
    input_path: Path,
    summarizer: SummarizerLike,
    needed: Callable[[str], bool],
    on_problem: Problem,
    report: SubmitReport,
) -> list[Shard]:
    """Write the request files of a new round (only ``needed`` custom ids); not yet recorded."""
    round_ = max((s.round for s in manifest.shards), default=0) + 1
    folder = folder_of(manifest_path)
    try:
        folder.mkdir(exist_ok=True)
        writer = _ShardWriter(manifest, folder, round_)
        for record in usable_records(input_path):
            if record.problem is not None or record.id is None or record.text is None:
                report.problems += 1
                on_problem(record, record.problem or InputError("no text"))
                continue
            try:
                _, _, units = plan_units(summarizer, record.id, record.text)
                lines = [
                    (u.custom_id, json_line(request_line(summarizer, u, manifest.model)))
                    for u in units
                    if needed(u.custom_id)
                ]
            except SummarizerError as exc:
                report.problems += 1
                on_problem(record, exc)
                continue
            report.answered += len(units) - len(lines)
            for name, line in lines:
                data = line.encode("utf-8")
                if len(data) > manifest.max_bytes_per_file:
                    report.problems += 1
                    on_problem(
                        record,
                        InputError(
                            f"request {name!r} is {len(data)} bytes, over the "
                            f"{manifest.max_bytes_per_file}-byte limit per file"
                        ),
                    )
                    break
                writer.add(name, data)
                report.requests += 1
        writer.close()
    except OSError as exc:
        raise PathError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    return writer.shards


def submit(
    remote: Remote, input_path: Path, summarizer: SummarizerLike, on_problem: Problem
) -> SubmitReport:
    """One ``batch submit`` (see the module docstring)."""
    manifest = remote.manifest
    report = SubmitReport()
    for shard in manifest.shards:
        if shard.batch_id is None:
            remote.launch(shard)
    if not all(s.ended for s in manifest.shards):
        remote.refresh()
    report.running = sum(1 for s in manifest.shards if not s.ended)
    if report.running:
        return report
    remote.download()
    index = index_of(manifest, remote.path)
    try:
        shards = plan_round(
            manifest,
            remote.path,
            input_path,
            summarizer,
            lambda name: not index.answered(name),
            on_problem,
            report,
        )
    finally:
        index.close()
    if not shards:
        return report
    manifest.shards.extend(shards)
    remote.save()
    report.round, report.shards = shards[0].round, len(shards)
    for shard in shards:
        report.shard_labels.append(shard.label)
        remote.fresh.add(manifest.shard_key(shard))
        remote.launch(shard)
    return report
