"""The mutation harness itself (``tests/mutations/run.py``), on a tiny fake repository: a caught
mutation, a surviving one, a row whose ``find`` is missing and one whose ``find`` repeats."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.mutations import run

CALC = """\
def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def twice(a):
    return a + a + 0 + 0
"""
TEST_CALC = """\
import pytest

from calc import add


def test_add():
    assert add(2, 3) == 5


@pytest.mark.parametrize("case", ["two and two"])
def test_broken(case):
    assert add(2, 2) == 5
"""
ROWS = """\
[[mutation]]
id = "fake-add"
promise = "add adds"
file = "calc.py"
find = "return a + b"
replace = "return a * b"
tests = ["tests/test_calc.py::test_add"]

[[mutation]]
id = "fake-sub"
promise = "sub subtracts"
file = "calc.py"
find = "return a - b"
replace = "return a + b"
tests = ["tests/test_calc.py::test_add"]

[[mutation]]
id = "fake-stale"
promise = "division divides"
file = "calc.py"
find = "return a / b"
replace = "return a // b"
tests = ["tests/test_calc.py::test_add"]

[[mutation]]
id = "fake-repeated"
promise = "twice doubles"
file = "calc.py"
find = "+ 0"
replace = "+ 1"
tests = ["tests/test_calc.py::test_add"]
"""


def fake_repository(root: Path, rows: str = ROWS) -> Path:
    (root / "tests" / "mutations").mkdir(parents=True)
    (root / "calc.py").write_text(CALC, encoding="utf-8")
    (root / "tests" / "test_calc.py").write_text(TEST_CALC, encoding="utf-8")
    (root / "tests" / "mutations" / "fake.toml").write_text(rows, encoding="utf-8")
    return root


def test_caught_survived_and_stale_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fake_repository(tmp_path / "repo")
    (root / "TESTING.md").write_text(
        f"# Testing\n\nintro\n\n{run.TABLE_START}\nold\n{run.TABLE_END}\n\nafter\n",
        encoding="utf-8",
    )
    code = run.main(["--root", str(root), "--markdown"])
    out = capsys.readouterr().out
    assert code == 1
    results = {line.split()[0]: line.split()[1] for line in out.splitlines()[1:5]}
    assert results == {
        "fake-add": "caught",
        "fake-sub": "SURVIVED",
        "fake-stale": "ERROR",
        "fake-repeated": "ERROR",
    }
    assert "fake.toml row 3 (id 'fake-stale'): find 'return a / b' not found in calc.py" in out
    assert "fake.toml row 4 (id 'fake-repeated'): find '+ 0' found 2 times in calc.py" in out
    assert "SURVIVED fake-sub" in out and "1 of 4 mutations caught" in out
    assert (root / "calc.py").read_text(encoding="utf-8") == CALC  # the repository is untouched
    testing = (root / "TESTING.md").read_text(encoding="utf-8")
    assert "old" not in testing and testing.endswith("\nafter\n") and "intro" in testing
    assert "| add adds (`fake-add`) | `return a + b` → `return a * b` |" in testing
    assert "| SURVIVED |" in testing and "| caught |" in testing


def test_every_row_caught_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fake_repository(tmp_path / "repo", ROWS.split("\n\n")[0] + "\n")
    assert run.main(["--root", str(root), "--workers", "1"]) == 0
    assert "1 of 1 mutations caught" in capsys.readouterr().out


def test_only_one_row_and_unknown_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fake_repository(tmp_path / "repo")
    assert run.main(["--root", str(root), "--only", "fake-add"]) == 0
    assert "1 of 1 mutations caught" in capsys.readouterr().out
    assert run.main(["--root", str(root), "--only", "no-such-row"]) == 2
    assert "no mutation row with id no-such-row" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("test", "why"),
    [
        ("test_missing", "its tests do not pass unmutated (pytest exit code 4)"),
        ("test_broken", "its test fails unmutated: tests/test_calc.py::test_broken"),
    ],
)
def test_a_test_that_fails_unmutated_or_does_not_exist_is_an_error(
    tmp_path: Path, test: str, why: str
) -> None:
    rows = ROWS.split("\n\n")[0].replace("::test_add", f"::{test}") + "\n"
    root = fake_repository(tmp_path / "repo", rows)
    _, outcomes = run.run(root)
    assert [o.result for o in outcomes] == ["ERROR"]
    assert outcomes[0].detail.startswith(why)


def test_duplicate_ids_and_missing_keys(tmp_path: Path) -> None:
    first = ROWS.split("\n\n")[0]
    root = fake_repository(tmp_path / "repo", f'{first}\n\n{first}\n\n[[mutation]]\nid = "x"\n')
    table = run.load(root)
    assert any("duplicate id" in why for why in table.problems.values())
    assert table.unreadable == ["tests/mutations/fake.toml row 3: missing promise, file, find, "
                                "replace, tests"]  # fmt: skip


def test_the_copy_is_the_checkout_without_ignored_files(tmp_path: Path) -> None:
    root = fake_repository(tmp_path / "repo")
    (root / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    (root / "ignored").mkdir()
    (root / "ignored" / "big.bin").write_text("x", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "calc.py"], cwd=root, check=True)
    target = tmp_path / "copy"
    target.mkdir()
    run.copy_repository(root, target)
    copied = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert copied == [
        ".gitignore", "calc.py", "tests/mutations/fake.toml", "tests/test_calc.py"
    ]  # fmt: skip


def test_the_repositorys_own_tables_are_valid() -> None:
    table = run.load(run.ROOT)
    assert table.rows and not table.unreadable
    assert table.problems == {}
