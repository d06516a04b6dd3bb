"""The mutation table's reports: a plain table for the terminal, and the Markdown table that
``--markdown`` writes into TESTING.md between ``TABLE_START`` and ``TABLE_END``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

TABLE_START = "<!-- mutation-table:start -->"
TABLE_END = "<!-- mutation-table:end -->"

# (id, promise, find, replace, file, tests)
MarkdownRow = tuple[str, str, str, str, str, Sequence[str]]


def text_table(outcomes: Sequence[tuple[str, str, float, str]]) -> str:
    """One line per ``(id, result, seconds, detail)``."""
    width = max([len(row_id) for row_id, *_ in outcomes] + [2])
    lines = [f"{'id':<{width}}  {'result':<8}  {'s':>5}  detail"]
    for row_id, result, seconds, detail in outcomes:
        lines.append(f"{row_id:<{width}}  {result:<8}  {seconds:5.1f}  {detail}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "`" + _cell(text).replace("`", "'") + "`"


def markdown_table(rows: Sequence[MarkdownRow], results: Mapping[str, str]) -> str:
    """promise | mutation | file | test | result (``not run`` for a row left out)."""
    lines = [
        "| promise | mutation | file | test | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row_id, promise, find, replace, file, tests in rows:
        named = "<br>".join(_code(t.replace("tests/", "", 1), 90) for t in tests)
        mutation = f"{_code(find)} → {_code(replace)}"
        result = results.get(row_id, "not run")
        lines.append(
            f"| {_cell(promise)} (`{row_id}`) | {mutation} | `{file}` | {named} | {result} |"
        )
    return "\n".join(lines)


def write_markdown(path: Path, table: str) -> None:
    """Replace the table between the markers (or append it, with the markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{TABLE_START}\n{table}\n{TABLE_END}"
    if TABLE_START in text and TABLE_END in text:
        head, rest = text.split(TABLE_START, 1)
        _, tail = rest.split(TABLE_END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")
