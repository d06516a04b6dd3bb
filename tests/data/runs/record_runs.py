"""Record the two committed run folders ``capable/`` and ``negate/`` (and the baseline the first
wrote, ``capable-baseline.json``), by running ``summarizer eval`` on the gold file against the
capable-model test double (``tests/support/capable_server.py``, a scripted server, not a
model): once with the shipped templates, once with the planted ``negate`` templates
(``tests/data/planted/negate``: every third claim negated).

    python tests/data/runs/record_runs.py

Only ``summary.json`` and ``results.jsonl`` of each run are kept (what ``summarizer compare``
and ``--predictions`` read); the reports are made again from them by the tests.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from summarizer.cli import app  # noqa: E402
from tests.support.capable_server import Plan, capable_server  # noqa: E402

GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
SUITE = ROOT / "evals" / "suite.toml"


def main() -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_TEMPLATES"):
        os.environ.pop(name, None)
    with tempfile.TemporaryDirectory() as scratch, capable_server(Plan()) as server:
        os.environ["SUMMARIZER_CACHE_DIR"] = str(Path(scratch) / "cache")
        for name, extra in (
            ("capable", ["--write-baseline", str(HERE / "capable-baseline.json")]),
            ("negate", ["--templates", str(ROOT / "tests" / "data" / "planted" / "negate")]),
        ):
            out = Path(scratch) / name
            args = ["eval", str(GOLD), "--out", str(out), "--base-url", server.url, "--model",
                    "capable-model", "--no-cache", "--suite", str(SUITE), *extra]  # fmt: skip
            outcome = CliRunner().invoke(app, args)
            assert outcome.exit_code == 0, outcome.output
            target = HERE / name
            target.mkdir(exist_ok=True)
            for file in ("summary.json", "results.jsonl"):
                shutil.copyfile(out / file, target / file)


if __name__ == "__main__":
    main()
