"""``summarizer compare``: the committed capable and planted-negate runs (``tests/data/runs``,
recorded by ``record_runs.py`` against the capable-model double) side by side, in Markdown, in
HTML, and in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from summarizer.cli import app

RUNS = Path(__file__).parents[1] / "data" / "runs"
CAPABLE, NEGATE = RUNS / "capable", RUNS / "negate"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["compare", *args])


def claims_of(run: Path) -> dict[str, list[str]]:
    out = {}
    for line in (run / "results.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out[record["id"]] = [c["text"] for c in record["result"]["claims"]]
    return out


class _Rows(HTMLParser):
    """Every table row's cells (text), in order, with the ``<h2>``/``<h3>`` above it."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._heading: list[str] | None = None
        self._where = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self._heading = []
        elif tag == "tr":
            self._row = []
            self.rows.append((self._where, self._row))
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._heading is not None:
            self._where = "".join(self._heading).strip()
            self._heading = None
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        for part in (self._heading, self._cell):
            if part is not None:
                part.append(data)


def test_compare_writes_both_reports_naming_both_runs(tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    outcome = invoke(str(CAPABLE), str(NEGATE), "--out", str(out))
    assert outcome.exit_code == 0, outcome.output
    md = (out / "report.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "## Runs compared: capable, negate" in md
    # the template differs (name and hash); the model and the gold file do not
    assert "| template | default | negate |" in md
    assert "| template_sha256 |" in md and "| model |" not in md
    rows = _Rows()
    rows.feed(page)
    settings = {cells[0]: cells[1:] for where, cells in rows.rows if where == "Settings"}
    assert settings["template (differs)"] == ["default", "negate"]
    assert settings["model"] == ["capable-model", "capable-model"]
    metrics = {cells[0]: cells[1:] for where, cells in rows.rows if where == "Metrics"}
    capable = json.loads((CAPABLE / "summary.json").read_text())["model"]["claims.f1"]
    negate = json.loads((NEGATE / "summary.json").read_text())["model"]["claims.f1"]
    assert metrics["claims.f1"] == [
        f"{m['mean']:.3f} [{m['ci_low']:.3f}, {m['ci_high']:.3f}]" for m in (capable, negate)
    ]
    documents = {cells[0]: cells[1:] for where, cells in rows.rows if where == "Documents"}
    assert set(documents) - {"document"} == set(claims_of(CAPABLE))


def test_claims_one_run_has_and_the_other_lacks(tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    assert invoke(str(CAPABLE), str(NEGATE), "--out", str(out), "--name", "before",
                  "--name", "after").exit_code == 0  # fmt: skip
    rows = _Rows()
    rows.feed((out / "report.html").read_text(encoding="utf-8"))
    a, b = claims_of(CAPABLE), claims_of(NEGATE)
    doc = next(d for d in a if set(a[d]) != set(b[d]))
    table = {cells[0]: cells[1:] for where, cells in rows.rows if where == doc}
    assert table["claim"] == ["before", "after"]
    only_before = [t for t in a[doc] if t not in b[doc]]
    only_after = [t for t in b[doc] if t not in a[doc]]
    assert only_before and only_after
    for text in only_before:
        assert table[" ".join(text.split())] == ["has it", "lacks it"]
    for text in only_after:
        assert table[" ".join(text.split())] == ["lacks it", "has it"]
    shared = next(t for t in a[doc] if t in b[doc])
    assert " ".join(shared.split()) not in table  # claims both runs have are not listed


def test_bad_input_is_one_line_and_touches_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine", encoding="utf-8")
    outcome = invoke(str(CAPABLE), str(notes), "--out", str(tmp_path / "cmp"))
    assert outcome.exit_code == 2 and "is not a run folder" in outcome.output
    assert "Traceback" not in outcome.output
    outcome = invoke(str(CAPABLE), "--out", str(tmp_path / "cmp"))
    assert outcome.exit_code == 2 and "at least two run folders" in outcome.output
    copy = tmp_path / "copy"
    shutil.copytree(CAPABLE, copy)
    outcome = invoke(str(copy), str(NEGATE), "--out", str(copy))
    assert outcome.exit_code == 2 and "one of the runs compared" in outcome.output
    assert sorted(p.name for p in copy.iterdir()) == ["results.jsonl", "summary.json"]
    outcome = invoke(str(CAPABLE), str(NEGATE), "--out", str(notes), "--name", "only-one")
    assert outcome.exit_code == 2 and "one per run" in outcome.output
    assert [p.name for p in notes.iterdir()] == ["keep.txt"]


def test_compare_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser is not None, (
        "chromium is not on PATH: this test needs it (apt-get update && apt-get install -y "
        "chromium; .ci/run installs it or fails)"
    )
    out = tmp_path / "cmp"
    assert invoke(str(CAPABLE), str(NEGATE), "--out", str(out)).exit_code == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    shot = tmp_path / "compare.png"
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
        "--window-size=1280,2000", (out / "report.html").resolve().as_uri(),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert shot.is_file(), "chromium wrote no screenshot"
    assert shot.stat().st_size > 20_000
