"""Flat memory in ``batch submit`` and ``batch collect``: what they keep per id is on disk.

Each structure that holds one entry per id (the output index, the custom ids already used,
the ids an earlier collect answered, each request's last shard) is filled with 20,000 ids under
``tracemalloc``, which counts Python's allocations exactly: the in-memory versions these
replaced held 40–240 bytes per id (0.8–4.8 MB here); now the peak is a constant (a batch of
rows on its way to the database, one line read), under ``BOUND`` whatever the number of ids.
SQLite's own memory is outside ``tracemalloc``: one test fills a scratch database with 400,000
keys and bounds the process's resident memory instead (an in-memory database grows by about
11 MB)."""

from __future__ import annotations

import json
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from summarizer.batch import (
    Manifest,
    OutputIndex,
    Shard,
    _collect,
    _index,
    missing_for,
    usable_records,
)
from summarizer.batch._index import CACHE_KIB, IdMap, ScratchDatabase

IDS = 20_000
BOUND = 512 * 1024  # bytes; the old structures took 0.8-4.8 MB for IDS ids


def traced(action: Callable[[], object]) -> tuple[object, int]:
    """What ``action`` returns and the peak of Python's allocations while it ran, in bytes."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start, _ = tracemalloc.get_traced_memory()
        kept = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return kept, peak - start


def names() -> Iterator[str]:
    return (f"document-{number:06d}" for number in range(IDS))


def output_line(name: str, answered: bool) -> str:
    response = {"status_code": 200 if answered else 500, "request_id": "req",
                "body": {"n": name} if answered else None}  # fmt: skip
    return json.dumps({"custom_id": name, "response": response, "error": None}) + "\n"


def test_output_index_does_not_grow_with_ids(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    with output.open("w") as out:
        for number, name in enumerate(names()):
            out.write(output_line(name, answered=number % 10 != 3))
    retried = tmp_path / "retried.jsonl"  # round 2 answers what failed; "document-000003" differs
    retried.write_text(output_line("document-000013", True) + output_line("document-000003", True)
                       + output_line("document-000001", True))  # fmt: skip
    conflicting = tmp_path / "other.jsonl"
    conflicting.write_text(output_line("document-000001", True).replace('"n"', '"m"'))

    def build() -> OutputIndex:
        index = OutputIndex()
        for path in (output, retried, conflicting):
            index.add(path)
        return index

    index, peak = traced(build)
    assert isinstance(index, OutputIndex)
    try:
        assert peak < BOUND, f"{peak} bytes for {IDS} ids"
        assert len(index) == IDS and index.conflicts == 1
        assert index.answered("document-000000") and not index.answered("document-000023")
        assert index.answered("document-000013") and index.answered("document-000003")
        assert index.conflicted("document-000001") and not index.answered("document-000001")
        line = index.get("document-019999")
        assert line is not None and line.body == {"n": "document-019999"}
    finally:
        index.close()


def test_usable_records_keeps_the_ids_it_saw_on_disk(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    with docs.open("w") as out:
        for name in names():
            out.write(json.dumps({"id": name, "text": "t"}) + "\n")
        out.write(json.dumps({"id": "document-000007", "text": "t"}) + "\n")

    def read() -> list[str]:
        return [type(r.problem).__name__ for r in usable_records(docs) if r.problem is not None]

    problems, peak = traced(read)
    assert problems == ["DuplicateIdError"]
    assert peak < BOUND, f"{peak} bytes for {IDS} ids"


def test_collect_keeps_earlier_results_ids_on_disk(tmp_path: Path) -> None:
    earlier = tmp_path / "results.jsonl"
    with earlier.open("w") as out:
        for name in names():
            out.write(json.dumps({"id": name, "result": {}}) + "\n")
        out.write(json.dumps({"id": "document-000009", "result": {"again": 1}}) + "\n")
    copy = tmp_path / "copy.jsonl"

    def merge() -> IdMap:
        kept = IdMap()
        with copy.open("wb") as out:
            _collect._earlier_results(earlier, out, kept)
        return kept

    kept, peak = traced(merge)
    assert isinstance(kept, IdMap)
    with kept:
        assert peak < BOUND, f"{peak} bytes for {IDS} ids"
        assert len(kept) == IDS and "str:document-000009" in kept
    assert copy.read_bytes().count(b"\n") == IDS  # the first result per id, once


def test_missing_requests_are_looked_up_on_disk() -> None:
    ids = list(names())
    manifest = Manifest(input="docs.jsonl", model="m", max_requests_per_file=IDS,
                        max_bytes_per_file=1, shards=[
        Shard(round=1, index=0, path="r1-s0.jsonl", custom_ids=ids, bytes=1, status="expired"),
        Shard(round=2, index=0, path="r2-s0.jsonl", custom_ids=ids[:2], bytes=1,
              status="in_progress"),
    ])  # fmt: skip
    missing = missing_for(manifest)

    def ask() -> object:
        return missing("document-019999")

    expired, peak = traced(ask)
    assert type(expired).__name__ == "BatchExpiredError"
    assert peak < BOUND, f"{peak} bytes for {IDS} ids"
    assert missing("document-000001") is None  # resubmitted, still running: pending
    assert missing("not-submitted") is None


def resident_kib() -> int:
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS (Linux)")
def test_scratch_database_lives_on_disk() -> None:
    """400,000 keys: an in-memory database grows by about 11 MB; on disk only the page cache
    (``CACHE_KIB``) stays resident."""
    with IdMap() as ids:
        before = resident_kib()
        ids.update((f"document-{number:07d}", number) for number in range(400_000))
        grown = resident_kib() - before
        assert len(ids) == 400_000 and ids.get("document-0399999") == 399_999
    assert grown < CACHE_KIB + 3 * 1024, f"resident memory grew by {grown} KiB"


def test_no_scratch_file_is_left_where_sqlite_keeps_temporary_databases_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fallback: a named file in a fresh folder of the system's temporary folder, removed
    on close."""
    monkeypatch.setattr(_index, "temp_store_in_memory", lambda: True)
    scratch = ScratchDatabase()
    folder = scratch.folder
    assert folder is not None and folder.parent == Path(tempfile.gettempdir())
    scratch.db.execute("CREATE TABLE t (x)")
    assert (folder / "ids.sqlite").exists()
    scratch.close()
    assert not folder.exists()
