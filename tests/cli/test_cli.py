"""The CLI's handling of bad input and bad options: one line on stderr, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app


def run(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), input=input, env=env)


def assert_one_line_error(outcome, fragment: str, code: int = 1) -> None:
    assert outcome.exit_code == code, outcome.output
    assert "Traceback" not in outcome.output
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, outcome.stderr
    assert fragment in " ".join(outcome.stderr.split())
    assert outcome.stdout == ""


def test_missing_file() -> None:
    assert_one_line_error(run("summarize", "no/such/file.txt"), "no such file: no/such/file.txt")


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    assert_one_line_error(run("summarize", str(tmp_path)), "is a directory")


@pytest.mark.parametrize("content", [b"", b"   \n\t  "])
def test_empty_input(tmp_path: Path, content: bytes) -> None:
    doc = tmp_path / "empty.txt"
    doc.write_bytes(content)
    assert_one_line_error(run("summarize", str(doc)), "empty or holds only whitespace")


def test_empty_stdin() -> None:
    assert_one_line_error(run("summarize", "-", input=""), "empty")


def test_non_utf8(tmp_path: Path) -> None:
    doc = tmp_path / "latin1.txt"
    doc.write_bytes("café crème".encode("latin-1"))
    assert_one_line_error(run("summarize", str(doc)), "not UTF-8")


def test_binary(tmp_path: Path) -> None:
    doc = tmp_path / "blob.bin"
    doc.write_bytes(b"\x00\x01\x02\x03binary")
    assert_one_line_error(run("summarize", str(doc)), "binary")


def test_openai_without_key_names_the_variable(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("The council approved the budget.")
    outcome = run("summarize", str(doc), "--backend", "openai")
    assert_one_line_error(outcome, "OPENAI_API_KEY", code=2)  # a configuration error


def test_too_long_for_the_context_names_the_limit(tmp_path: Path) -> None:
    doc = tmp_path / "long.txt"
    doc.write_text("The council met again and approved another budget line. " * 2000)
    # the embedded model's 8192-token context, with long-document chunking switched off
    outcome = run("summarize", str(doc), env={"SUMMARIZER_LONG_DOCUMENTS": "error"})
    assert_one_line_error(outcome, "limit for the document is 5956 tokens")


def test_unknown_backend() -> None:
    outcome = run("summarize", "-", "--backend", "gemini", input="x y")
    assert_one_line_error(outcome, "unknown backend", code=2)


def test_bad_templates_folder(tmp_path: Path) -> None:
    outcome = run("summarize", "-", "--templates", str(tmp_path), input="Some text.")
    assert_one_line_error(outcome, "lacks system.j2")


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_unreachable_base_url_names_it() -> None:
    outcome = run(
        "summarize", "-", "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
        input="The council approved the budget.",
        env={"SUMMARIZER_MAX_RETRIES": "1"},
    )  # fmt: skip
    assert_one_line_error(outcome, "http://127.0.0.1:9/v1")


def test_usage_errors_exit_2() -> None:
    assert run("summarize").exit_code == 2
    assert run("summarize", "a.txt", "--no-such-flag").exit_code == 2
    assert run("frobnicate").exit_code == 2
