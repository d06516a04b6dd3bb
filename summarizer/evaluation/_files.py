"""The files an evaluation reads and writes: only regular files of a bounded size are read,
JSON with a bounded depth and no ``NaN``, and a file is written whole or not at all.

- ``read_regular``: a regular file of at most ``limit`` bytes (opened without blocking, so a
  FIFO cannot hang the read; read with a cap, so ``/dev/zero`` cannot fill memory);
- ``parse_json``: ``json.loads`` whose every problem (bad UTF-8, syntax, ``NaN``/``Infinity``,
  nesting deeper than ``MAX_JSON_DEPTH``) is one ``ValueError`` with a short reason, never a
  ``RecursionError``;
- ``same_file`` / ``is_within``: two paths name one file (resolved paths, or the same device
  and inode: symlinks and hard links), a path lies in a folder;
- ``atomic_write``: a temporary file in the target's folder, fsynced, then ``os.replace``: a
  full disk or a kill leaves the previous file, never a truncated one.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from .._atomic import atomic_write

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_JSON_DEPTH",
    "NotRegularFile",
    "atomic_write",
    "describe_validation_error",
    "is_within",
    "json_type",
    "parse_json",
    "read_regular",
    "same_file",
]

MAX_INPUT_BYTES = 64 * 2**20
"""The largest predictions, baseline or suite file read (64 MiB)."""
MAX_JSON_DEPTH = 64
"""The deepest nesting of arrays and objects accepted in one JSON value (records need ~6)."""


class NotRegularFile(OSError):
    """The path names something other than a regular file (a device, FIFO, socket, folder), or
    a file over the size limit."""


def read_regular(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``path`` of at most ``limit`` bytes.

    ``IsADirectoryError`` for a folder, ``NotRegularFile`` for anything else that is not a
    regular file or is larger than ``limit``, other ``OSError`` as the system raises it (a NUL
    byte in the path is an ``OSError`` too)."""
    if "\x00" in str(path):
        raise NotRegularFile("has a NUL byte in its name")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise NotRegularFile("is not a regular file (a device, FIFO or socket)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotRegularFile(f"is larger than the {limit // 2**20} MiB limit")
    return data


def describe_os_error(exc: OSError) -> str:
    """A short reason for a failed read: "no such file", "is a directory", the cap, ..."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, NotRegularFile):
        return str(exc)
    return str(exc.strerror or exc)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (0 for a scalar); iterative, so any
    depth is measured without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, level)
        if level <= MAX_JSON_DEPTH:
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_json(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``text`` parsed as strict JSON; ``ValueError`` with a one-line reason otherwise."""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise ValueError(f"JSON nested more than {max_depth} levels deep") from None
    if depth(value) > max_depth:
        raise ValueError(f"JSON nested more than {max_depth} levels deep")
    return value


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


def same_file(a: Path, b: Path) -> bool:
    """``a`` and ``b`` name one file: equal once resolved, or the same device and inode."""
    if _resolved(a) == _resolved(b):
        return True
    ida, idb = _identity(a), _identity(b)
    return ida is not None and ida == idb


def is_within(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or lies inside it, once both are resolved."""
    return _resolved(path).is_relative_to(_resolved(folder))


def json_type(value: object) -> str:
    """``value``'s JSON type, as an error message names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def describe_validation_error(error: Any) -> str:
    """One pydantic error of a JSON record, in words (the JSON type of a wrong value)."""
    kind = error.get("type", "")
    if kind == "missing":
        return "missing field"
    if kind == "extra_forbidden":
        return "unknown field"
    message = str(error.get("msg", "invalid value"))
    if "input" in error and kind not in ("too_short", "greater_than_equal"):
        message += f" (got {json_type(error['input'])})"
    return message
