"""Fill in the ``start``/``end`` offsets of gold evidence spans from their ``quote``.

Usage (from the repository root)::

    python evals/tools/locate_spans.py evals/gold/gold.jsonl            # rewrite in place
    python evals/tools/locate_spans.py draft.jsonl -o evals/gold/gold.jsonl
    python evals/tools/locate_spans.py evals/gold/gold.jsonl --check    # change nothing

For every evidence span of every record, the quote must occur *exactly* (character for
character: curly quotes, non-breaking spaces and "\\r\\n" included) in the document text, read as
UTF-8 bytes with no newline translation. Offsets already present are kept when they are right.
If the quote occurs more than once, say which occurrence is meant with one of these hints on the
span (the hint is removed from the output):

    "occurrence": 2          the 2nd occurrence (1-based), in text order
    "near": 1500             the occurrence whose start is closest to this offset

A quote that is absent, or ambiguous without a hint, is an error: nothing is written and the
exit status is 1. Only the standard library is used, so the tool runs without the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

_HINTS = ("occurrence", "near")


class SpanError(Exception):
    """A quote that cannot be placed."""


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text`` (overlapping occurrences included)."""
    found: list[int] = []
    at = text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def locate(text: str, span: dict[str, Any]) -> dict[str, Any]:
    """Return ``span`` with ``start``/``end`` filled and any hint removed."""
    quote = span.get("quote")
    if not isinstance(quote, str) or not quote:
        raise SpanError("evidence has no quote")
    start, end = span.get("start"), span.get("end")
    hinted = any(hint in span for hint in _HINTS)
    result = {key: value for key, value in span.items() if key not in _HINTS}
    if not hinted and isinstance(start, int) and isinstance(end, int) and text[start:end] == quote:
        return result
    found = occurrences(text, quote)
    if not found:
        raise SpanError(f"quote not found in the document: {quote!r}")
    if "occurrence" in span:
        index = span["occurrence"]
        if not isinstance(index, int) or not 1 <= index <= len(found):
            raise SpanError(
                f"occurrence {index!r} is out of range: the quote occurs {len(found)} time(s): "
                f"{quote!r}"
            )
        at = found[index - 1]
    elif "near" in span:
        near = span["near"]
        if not isinstance(near, int):
            raise SpanError(f"'near' must be an integer offset, not {near!r}")
        at = min(found, key=lambda offset: (abs(offset - near), offset))
    elif len(found) > 1:
        raise SpanError(
            f'quote occurs {len(found)} times (at {found}); add "occurrence" or "near": {quote!r}'
        )
    else:
        at = found[0]
    result["start"] = at
    result["end"] = at + len(quote)
    return result


def read_source(record: dict[str, Any], folder: Path) -> str:
    if isinstance(record.get("source"), str):
        return str(record["source"])
    source_path = record.get("source_path")
    if not isinstance(source_path, str):
        raise SpanError("record has neither 'source' nor 'source_path'")
    return (folder / source_path).read_bytes().decode("utf-8")


def process(path: Path) -> tuple[list[str], list[str]]:
    """Return (output lines, error messages) for the gold file at ``path``."""
    lines: list[str] = []
    errors: list[str] = []
    raw = path.read_bytes().decode("utf-8")
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = read_source(record, path.parent)
        except (ValueError, OSError, SpanError) as exc:
            errors.append(f"{path}, line {number}: {exc}")
            continue
        for c, claim in enumerate(record.get("claims", [])):
            spans = claim.get("evidence", [])
            for e, span in enumerate(spans):
                try:
                    spans[e] = locate(text, span)
                except SpanError as exc:
                    errors.append(f"{path}, line {number}, field claims.{c}.evidence.{e}: {exc}")
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="the gold JSONL file to read")
    parser.add_argument("-o", "--output", type=Path, help="write here (default: in place)")
    parser.add_argument("--check", action="store_true", help="report problems, write nothing")
    args = parser.parse_args(argv)
    lines, errors = process(args.gold)
    for message in errors:
        print(message, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s); nothing written", file=sys.stderr)
        return 1
    if not args.check:
        target = args.output or args.gold
        # source_path stays relative to the gold file, so write next to the input.
        if target.resolve().parent != args.gold.resolve().parent:
            print(
                "warning: output is in another folder; source_path values are relative",
                file=sys.stderr,
            )
        target.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{len(lines)} record(s) ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
