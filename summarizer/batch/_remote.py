"""The provider's batch engine through the ``openai`` SDK: Files (``purpose="batch"``) and
Batches. ``launch`` uploads a shard and creates its batch, ``refresh`` polls, ``wait`` polls
until every batch has ended (bounded, backing off, honouring ``Retry-After``), ``download``
fetches output and error files (streamed to disk).

Never twice: the manifest is saved after each step, and a step the manifest does not record
(the process died between the service's answer and the save) is looked up before it is
redone — uploads by their file name, batches by their ``summarizer_shard`` metadata — so a
rerun adopts what the service already has instead of uploading or creating it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import openai
from openai.types import Batch

from .._errors import (
    BatchCancelledError,
    BatchExpiredError,
    BatchMissingError,
    BatchRequestError,
    MissingAPIKeyError,
    PathError,
    RateLimitError,
    SummarizerError,
)
from .._model import translate_error
from .._protocols import SummarizerLike
from ._index import IdMap
from ._lines import OutputIndex
from ._manifest import Manifest, RequestCounts, Shard, folder_of, save_manifest

__all__ = ["Remote", "index_of", "missing_for"]

_METADATA_KEY = "summarizer_shard"


@dataclass
class Remote:
    """One manifest's view of the service: the SDK client and what was looked up once."""

    client: openai.OpenAI
    manifest: Manifest
    path: Path
    base_url: str
    timeout: float
    secrets: tuple[str, ...] = ()
    uploads: int = 0
    creates: int = 0
    _files: dict[str, str] | None = None
    _batches: dict[str, str] | None = None
    fresh: set[str] = field(default_factory=set)  # shard keys first launched by this process
    retry_after: float | None = None  # the last rate limit's Retry-After, seconds

    @classmethod
    def of(cls, summarizer: SummarizerLike, manifest: Manifest, path: Path) -> Remote:
        settings = summarizer.settings
        if not settings.api_key and not settings.base_url:
            raise MissingAPIKeyError()
        client = openai.OpenAI(
            api_key=settings.api_key or "no-key-needed",
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
        keys = (settings.api_key,) if settings.api_key else ()
        return cls(client, manifest, path, str(client.base_url), settings.timeout, keys)

    @contextmanager
    def _calls(self) -> Iterator[None]:
        try:
            yield
        except openai.OpenAIError as exc:
            if isinstance(exc, openai.RateLimitError):
                self.retry_after = _retry_after(exc)
            raise translate_error(
                exc, base_url=self.base_url, timeout=self.timeout, secrets=self.secrets
            ) from None

    def save(self) -> None:
        save_manifest(self.path, self.manifest)

    # -- submit ------------------------------------------------------------------------------

    def _uploaded(self, name: str) -> str | None:
        if self._files is None:
            with self._calls():
                self._files = {f.filename: f.id for f in self.client.files.list(purpose="batch")}
        return self._files.get(name)

    def _created(self, key: str) -> str | None:
        if self._batches is None:
            with self._calls():
                self._batches = {
                    b.metadata[_METADATA_KEY]: b.id
                    for b in self.client.batches.list(limit=100)
                    if b.metadata and _METADATA_KEY in b.metadata
                }
        return self._batches.get(key)

    def launch(self, shard: Shard) -> None:
        """Upload the shard (unless it is) and create its batch (unless it exists)."""
        manifest, key = self.manifest, self.manifest.shard_key(shard)
        resumed = key not in self.fresh
        if shard.file_id is None:
            name = manifest.upload_name(shard)
            shard.file_id = self._uploaded(name) if resumed else None
            if shard.file_id is None:
                path = folder_of(self.path) / shard.path
                try:
                    content = path.open("rb")  # streamed by the HTTP client, never held whole
                except OSError as exc:
                    raise PathError(f"cannot read {path}: {exc.strerror or exc}") from None
                with content, self._calls():
                    shard.file_id = self.client.files.create(
                        file=(name, content), purpose="batch"
                    ).id
                self.uploads += 1
            self.save()
        if shard.batch_id is None:
            shard.batch_id = self._created(key) if resumed else None
            if shard.batch_id is None:
                with self._calls():
                    batch = self.client.batches.create(
                        input_file_id=shard.file_id,
                        endpoint=manifest.endpoint,  # type: ignore[arg-type]
                        completion_window=manifest.completion_window,  # type: ignore[arg-type]
                        metadata={_METADATA_KEY: key},
                    )
                self.creates += 1
                shard.batch_id = batch.id
                _update(shard, batch)
            self.save()

    # -- status ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask for the state of every batch that has not ended; save what changed."""
        for shard in self.manifest.shards:
            if shard.batch_id is None or shard.ended:
                continue
            with self._calls():
                batch = self.client.batches.retrieve(shard.batch_id)
            _update(shard, batch)
            self.save()

    def wait(
        self,
        *,
        interval: float,
        timeout: float,
        on_poll: Callable[[Manifest], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> bool:
        """Poll until every batch has ended (True) or ``timeout`` seconds passed (False).
        The pause grows by half each round up to 60 s; a rate limit's ``Retry-After`` (the SDK
        retries first) sets the next pause."""
        deadline = time.monotonic() + timeout
        pause = interval
        while True:
            try:
                self.refresh()
                wait_for = pause
                pause = min(pause * 1.5, max(interval, 60.0))
            except RateLimitError:
                wait_for = self.retry_after if self.retry_after is not None else pause
            if on_poll is not None:
                on_poll(self.manifest)
            if all(s.ended for s in self.manifest.shards):
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            sleep(min(wait_for, left))

    # -- collect -----------------------------------------------------------------------------

    def download(self) -> None:
        """Fetch every ended batch's output and error files not yet on disk (streamed)."""
        folder = folder_of(self.path)
        for shard in self.manifest.shards:
            if not shard.ended:
                continue
            for file_id in (shard.output_file_id, shard.error_file_id):
                name = f"{file_id}.jsonl"
                if file_id is None or name in shard.downloaded:
                    continue
                target = folder / name
                tmp = folder / f".{name}.part"
                with (
                    self._calls(),
                    self.client.files.with_streaming_response.content(file_id) as response,
                ):
                    try:
                        with tmp.open("wb") as out:
                            for piece in response.iter_bytes():
                                out.write(piece)
                        tmp.replace(target)
                    except OSError as exc:
                        raise PathError(f"cannot write {target}: {exc.strerror or exc}") from None
                shard.downloaded.append(name)
                self.save()


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def _update(shard: Shard, batch: Batch) -> None:
    shard.status = batch.status
    counts = batch.request_counts
    if counts is not None:
        shard.request_counts = RequestCounts(
            total=counts.total, completed=counts.completed, failed=counts.failed
        )
    shard.output_file_id = batch.output_file_id or shard.output_file_id
    shard.error_file_id = batch.error_file_id or shard.error_file_id
    if batch.errors is not None and batch.errors.data:
        shard.errors = [
            f"{e.code or 'error'}: {e.message or ''}" + (f" (line {e.line})" if e.line else "")
            for e in batch.errors.data
        ]


def index_of(manifest: Manifest, path: Path) -> OutputIndex:
    """Every downloaded output and error file, earlier rounds first."""
    index = OutputIndex()
    folder = folder_of(path)
    for shard in sorted(manifest.shards, key=lambda s: (s.round, s.index)):
        for name in shard.downloaded:
            index.add(folder / name)
    return index


def missing_for(manifest: Manifest) -> Callable[[str], SummarizerError | None]:
    """What a request without a line in the outputs is: pending (None) while its batch runs
    or before it is submitted; else the typed error of how its batch ended."""
    shards = sorted(manifest.shards, key=lambda s: (s.round, s.index))
    latest: list[IdMap] = []  # custom id → its last shard; on disk, made on first use

    def missing(name: str) -> SummarizerError | None:
        if not latest:
            latest.append(IdMap())
            for position, shard in enumerate(shards):
                latest[0].update((custom_id, position) for custom_id in shard.custom_ids)
        number = latest[0].get(name)
        if number is None or not shards[number].ended:
            return None
        shard = shards[number]
        where = f"request {name!r} ({shard.label}, batch {shard.batch_id})"
        if shard.status == "expired":
            return BatchExpiredError(f"{where}: the batch expired before it ran; submit again")
        if shard.status == "cancelled":
            return BatchCancelledError(f"{where}: the batch was cancelled before it ran")
        if shard.status == "failed":
            detail = "; ".join(shard.errors) or "no reason given"
            return BatchRequestError(f"{where}: the batch failed validation: {detail}")
        return BatchMissingError(f"{where}: the batch completed without a line for it")

    return missing
