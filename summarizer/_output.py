"""The results file of a corpus run: the checks of its path, and its lock.

Paths a run cannot use are refused before any work (``check_corpus_paths``). One writer per
results file: an advisory lock (``fcntl.flock``) on a lock file beside it.

The lock file is ``.<output name>.lock`` in the output's folder. It is locked, not created
and deleted per run: deleting it on exit would let two later runs lock two different files of
the same name. The kernel drops the lock when the process ends, however it ends (SIGKILL
included), so a killed run never leaves the output locked.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ._errors import ConfigurationError, OutputLockedError, PathError

__all__ = ["check_corpus_paths", "lock_path", "output_lock"]


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the lock of ``output`` for the block; ``OutputLockedError`` if another process
    holds it (never waits)."""
    path = lock_path(output)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise PathError(f"cannot create the lock file {path}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLockedError(
                f"another run is writing {output} (it holds {path.name}); wait for it to end "
                "or choose another --output"
            ) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # follows symlinks; hard links share the inode
    except OSError:
        return False


def check_corpus_paths(input_path: Path, output_path: Path) -> None:
    """Refuse, before any work, paths a run could not use: ``ConfigurationError`` when the
    output is the input (same path, symlink or hard link), ``PathError`` otherwise."""
    if _same_file(input_path, output_path):
        raise ConfigurationError(
            f"the output {output_path} is the input file {input_path}: writing it would "
            "destroy the input; choose another --output"
        )
    if not input_path.exists():
        raise PathError(f"no such file: {input_path}")
    if not input_path.is_file():
        raise PathError(f"{input_path} is not a regular file")
    if not os.access(input_path, os.R_OK):
        raise PathError(f"cannot read {input_path}: permission denied")
    folder = output_path.parent
    if output_path.is_dir():
        raise PathError(f"the output {output_path} is a directory; name a file")
    if not folder.is_dir():
        raise PathError(f"the output's folder {folder} does not exist")
    if output_path.exists() and not os.access(output_path, os.W_OK):
        raise PathError(f"cannot write {output_path}: permission denied")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PathError(f"cannot write in {folder}: permission denied")
