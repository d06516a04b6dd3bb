"""The mutation table: break each promise on purpose and check that its named test turns red.

Every ``tests/mutations/*.toml`` file holds rows (``[[mutation]]``: ``id``, ``promise``,
``file``, ``find``, ``replace``, ``tests``; TESTING.md shows one). For each row the script
replaces ``find`` (which must occur exactly once in ``file``) by ``replace`` in a temporary
copy of the repository, runs the row's tests there with pytest, and puts the file back. A row
is **caught** when pytest exits 1 (a test failed), **survived** when it exits 0, and an
**error** for anything else (a test that does not exist, a collection error, a timeout) or for
a row that cannot be applied. Before the mutations, every named test is run once on the
unmutated copy: a test that fails there proves nothing, and its rows are errors.

    python tests/mutations/run.py                 # every row; exit 0 only if all are caught
    python tests/mutations/run.py --only ID       # one row (repeatable)
    python tests/mutations/run.py --markdown      # also rewrite the table in TESTING.md
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

try:  # imported as tests.mutations.run
    from .report import TABLE_END, TABLE_START, markdown_table, text_table, write_markdown
except ImportError:  # run as a script: python tests/mutations/run.py
    from report import TABLE_END, TABLE_START, markdown_table, text_table, write_markdown

__all__ = ["TABLE_END", "TABLE_START", "load", "main", "run"]

ROOT = Path(__file__).resolve().parents[2]
PYTEST_ARGS = ("-x", "-q", "--record-mode=none", "--block-network", "-p", "no:cacheprovider")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS = ("id", "promise", "file", "find", "replace", "tests")
_IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    "runs", "*.egg-info", "build", "dist",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One mutation, as written in its table file."""

    id: str
    promise: str
    file: str
    find: str
    replace: str
    tests: tuple[str, ...]
    source: str  # the table file, relative to the root


@dataclass
class Outcome:
    row_id: str
    result: str  # "caught" | "SURVIVED" | "ERROR"
    detail: str = ""
    seconds: float = 0.0


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # row id -> why it cannot run
    unreadable: list[str] = field(default_factory=list)  # table files or entries with no row


# -- loading and checking the rows ------------------------------------------------------------


def load(root: Path) -> Table:
    """Every row of every ``tests/mutations/*.toml``, and each row's problem, if any."""
    table = Table()
    seen: dict[str, str] = {}
    for path in sorted((root / "tests" / "mutations").glob("*.toml")):
        name = path.relative_to(root).as_posix()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            table.unreadable.append(f"{name}: cannot be read as TOML: {exc}")
            continue
        entries = data.get("mutation", [])
        if not isinstance(entries, list):
            table.unreadable.append(f"{name}: 'mutation' must be an array of tables ([[mutation]])")
            continue
        for number, entry in enumerate(entries, start=1):
            label = f"{name} row {number}"
            missing = [key for key in _KEYS if key not in entry]
            if missing:
                table.unreadable.append(f"{label}: missing {', '.join(missing)}")
                continue
            row = Row(
                id=str(entry["id"]),
                promise=str(entry["promise"]),
                file=str(entry["file"]),
                find=str(entry["find"]),
                replace=str(entry["replace"]),
                tests=tuple(str(t) for t in entry["tests"])
                if isinstance(entry["tests"], list)
                else (),
                source=name,
            )
            where = f"{name} row {number} (id {row.id!r})"
            problem = _check(row, root)
            if row.id in seen:
                problem = f"duplicate id, first defined in {seen[row.id]}"
                row = replace(row, id=f"{row.id}#{number}@{name}")
            else:
                seen[row.id] = name
            table.rows.append(row)
            if problem:
                table.problems[row.id] = f"{where}: {problem}"
    return table


def _check(row: Row, root: Path) -> str | None:
    if not _ID.match(row.id):
        return "id must be kebab-case (lower-case letters, digits and dashes)"
    if not row.tests:
        return "tests must be a non-empty list of pytest node ids"
    if not row.find:
        return "find is empty"
    if row.find == row.replace:
        return "replace equals find: nothing is mutated"
    path = root / row.file
    if not path.is_file():
        return f"file {row.file} does not exist"
    text = path.read_text(encoding="utf-8")
    count = text.count(row.find)
    if count != 1:
        state = "not found" if count == 0 else f"found {count} times"
        return (
            f"find {_short(row.find)} {state} in {row.file} (it must occur exactly once; "
            "the code it targets has changed: update find/replace to the new code)"
        )
    for test in row.tests:
        test_file = test.split("::", 1)[0]
        if not (root / test_file).is_file():
            return f"test file {test_file} does not exist"
    return None


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# -- copies of the repository -----------------------------------------------------------------


def copy_repository(root: Path, target: Path) -> None:
    """The tracked and untracked (not ignored) files of a git checkout, else the whole tree
    without virtual environments, git data and caches."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        shutil.copytree(root, target, ignore=_IGNORED, dirs_exist_ok=True)
        return
    for name in sorted(set(listed.stdout.decode().split("\0")) - {""}):
        source = root / name
        if not source.is_file():  # deleted in the work tree, or a submodule
            continue
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)


@contextmanager
def copies(root: Path, count: int) -> Iterator[queue.Queue[Path]]:
    with tempfile.TemporaryDirectory(prefix="mutations-") as tmp:
        pool: queue.Queue[Path] = queue.Queue()
        for index in range(count):
            target = Path(tmp) / f"copy{index}"
            target.mkdir()
            copy_repository(root, target)
            pool.put(target)
        yield pool


# -- running ----------------------------------------------------------------------------------


def pytest_run(copy: Path, tests: Sequence[str], timeout: float) -> tuple[int | None, str]:
    """pytest's exit code on ``tests`` in ``copy`` (``None`` after a timeout) and its output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(copy)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no stale bytecode of a mutated file survives it
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", *tests, *PYTEST_ARGS],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    return done.returncode, (done.stdout + done.stderr)


def mutate(row: Row, copy: Path, timeout: float) -> Outcome:
    """Apply ``row`` in ``copy``, run its tests, put the file back."""
    started = time.perf_counter()
    path = copy / row.file
    original = path.read_bytes()
    text = original.decode("utf-8")
    if text.count(row.find) != 1:
        return Outcome(row.id, "ERROR", "find does not occur exactly once in the copy")
    path.write_text(text.replace(row.find, row.replace), encoding="utf-8")
    try:
        code, output = pytest_run(copy, row.tests, timeout)
    finally:
        path.write_bytes(original)
    seconds = time.perf_counter() - started
    if code == 1:
        return Outcome(row.id, "caught", _failed_line(output), seconds)
    if code == 0:
        return Outcome(row.id, "SURVIVED", "every named test passed with the mutation", seconds)
    reason = output if code is None else f"pytest exit code {code}: {_tail(output)}"
    return Outcome(row.id, "ERROR", reason, seconds)


def _failed_line(output: str) -> str:
    for line in output.splitlines():
        if line.startswith("FAILED "):
            return line[len("FAILED ") :][:160]
    return ""


def _tail(output: str, lines: int = 6) -> str:
    kept = [line for line in output.strip().splitlines() if line.strip()]
    return " / ".join(kept[-lines:])[-600:]


def baseline(rows: Sequence[Row], copy: Path, timeout: float) -> dict[str, str]:
    """Run every named test once unmutated; the rows whose tests do not all pass, and why."""
    tests = sorted({test for row in rows for test in row.tests})
    if not tests:
        return {}
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    args = [a for a in PYTEST_ARGS if a != "-x"]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", *tests, *args, "-rfE"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout * 4,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {row.id: "the unmutated tests timed out" for row in rows}
    if done.returncode == 0:
        return {}
    output = done.stdout + done.stderr
    failing = {
        line.split(" ", 1)[1].split(" - ", 1)[0].strip()
        for line in output.splitlines()
        if line.startswith(("FAILED ", "ERROR ")) and " " in line
    }
    broken = {
        row.id: f"its test fails unmutated: {test}"
        for row in rows
        for test in row.tests
        if any(f == test or f.startswith((test + "[", test + "::")) for f in failing)
    }
    if done.returncode == 1 and broken:
        return broken
    # A missing test, a collection error, or failures not traced to a row: each row apart.
    for row in rows:
        code, single = pytest_run(copy, row.tests, timeout)
        if code != 0:
            broken[row.id] = (
                f"its tests do not pass unmutated (pytest exit code {code}): {_tail(single)}"
            )
    return broken


def run(
    root: Path,
    only: Sequence[str] = (),
    workers: int = 2,
    timeout: float = 300.0,
    check_baseline: bool = True,
    progress: Callable[[Outcome], None] | None = None,
) -> tuple[Table, list[Outcome]]:
    table = load(root)
    rows = [row for row in table.rows if not only or row.id in only]
    outcomes: dict[str, Outcome] = {}
    runnable = []
    for row in rows:
        if row.id in table.problems:
            outcomes[row.id] = Outcome(row.id, "ERROR", table.problems[row.id])
        else:
            runnable.append(row)
    if runnable:
        with copies(root, max(1, min(workers, len(runnable)))) as pool:
            if check_baseline:
                copy = pool.get()
                broken = baseline(runnable, copy, timeout)
                pool.put(copy)
                for row_id, why in broken.items():
                    outcomes[row_id] = Outcome(row_id, "ERROR", why)
                runnable = [row for row in runnable if row.id not in broken]

            def one(row: Row) -> Outcome:
                copy = pool.get()
                try:
                    outcome = mutate(row, copy, timeout)
                finally:
                    pool.put(copy)
                if progress is not None:
                    progress(outcome)
                return outcome

            with ThreadPoolExecutor(max_workers=max(1, workers)) as executor:
                for outcome in executor.map(one, runnable):
                    outcomes[outcome.row_id] = outcome
    ordered = [outcomes[row.id] for row in rows]
    return table, ordered


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="run one row")
    parser.add_argument("--markdown", action="store_true", help="rewrite TESTING.md's table")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per row")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip running the tests unmutated first"
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    known = {row.id for row in load(root).rows}
    unknown = [row_id for row_id in args.only if row_id not in known]
    if unknown:
        print(f"error: no mutation row with id {', '.join(unknown)}", file=sys.stderr)
        return 2
    started = time.perf_counter()

    def progress(outcome: Outcome) -> None:
        print(f"  {outcome.result:<8} {outcome.row_id}", file=sys.stderr, flush=True)

    table, outcomes = run(
        root,
        only=args.only,
        workers=args.workers,
        timeout=args.timeout,
        check_baseline=not args.no_baseline,
        progress=progress,
    )
    file_problems = table.unreadable
    print(text_table([(o.row_id, o.result, o.seconds, o.detail) for o in outcomes]))
    for why in file_problems:
        print(f"ERROR {why}")
    for outcome in outcomes:
        if outcome.result == "ERROR":
            print(f"ERROR {outcome.row_id}: {outcome.detail}")
        elif outcome.result == "SURVIVED":
            row = next(r for r in table.rows if r.id == outcome.row_id)
            print(
                f"SURVIVED {row.id} ({row.source}): {row.file} with {_short(row.find)} → "
                f"{_short(row.replace)} passes {', '.join(row.tests)}"
            )
    caught = sum(o.result == "caught" for o in outcomes)
    print(
        f"{caught} of {len(outcomes)} mutations caught in {time.perf_counter() - started:.0f} s"
        + (f"; {len(file_problems)} unreadable table entries" if file_problems else "")
    )
    if args.markdown:
        results = {o.row_id: o.result for o in outcomes}
        rows = [(r.id, r.promise, r.find, r.replace, r.file, r.tests) for r in table.rows]
        write_markdown(root / "TESTING.md", markdown_table(rows, results))
    return 0 if caught == len(outcomes) and not file_problems else 1


if __name__ == "__main__":
    sys.exit(main())
