"""Files written whole or not at all: the one atomic writer of the package (baselines, run
folders, gold files saved by the labelling app, batch manifests and request files).

``atomic_write`` writes a temporary file beside the target, fsyncs it, renames it over the
target (``os.replace``) and fsyncs the folder. A crash or a full disk leaves the old file as it
was and no temporary file behind. A symlink at the target is followed (its target is replaced,
the link stays), and an existing file keeps its permissions (a new one gets the umask's)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (``str`` is written as UTF-8, newlines untouched)."""
    if path.is_symlink():
        try:
            path = path.resolve()
        except (OSError, RuntimeError):
            path = Path(os.path.abspath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode(path)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(name, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)
