"""Who should label the embedded path's claims: the 135M model or the rules? (issue 17.6)

Replays the recorded embedded-model eval of the gold file (``tests/cassettes/
test_eval_gold_file.yaml``: the real SmolLM2-135M answers, no model runs) once per labelling
policy of ``summarizer._extractive`` and prints the gold-file metrics that labels move
(``kind.accuracy``, ``attribution.accuracy``) with the claim metrics beside them. The claims are
the same in every row (the model's answer only labels them), so the rows differ by labels only.

    python evals/tools/label_policies.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import vcr
from typer.testing import CliRunner

from summarizer import _extractive
from summarizer._extractive import LabelPolicy
from summarizer.cli import app

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
CASSETTE = ROOT / "tests" / "cassettes" / "test_eval_gold_file.yaml"
POLICIES = {
    "model (as checked)": LabelPolicy(kind="model", attribution="model"),
    "rules only": LabelPolicy(kind="rule", attribution="rule"),
    "model kind, rule attribution": LabelPolicy(kind="model", attribution="rule"),
    "rule kind, explicit sources by rule, else model": LabelPolicy(
        kind="rule", attribution="explicit-rule"
    ),
    "everything fact, no source": None,
}
METRICS = ("kind.accuracy", "attribution.accuracy", "claims.precision", "claims.recall")


def run(policy: LabelPolicy | None, out: Path) -> dict[str, float]:
    _extractive.POLICY = policy or LabelPolicy(kind="model", attribution="model")
    args = [
        "eval", str(GOLD), "--out", str(out), "--base-url", "http://127.0.0.1:9/v1",
        "--model", "smollm2-135m-instruct", "--evidence-mode", "sentence", "--max-claims", "12",
        "--max-tokens", "1536", "--context-window", "8192", "--concurrency", "1",
    ]  # fmt: skip
    cache = out.parent / f"{out.name}-cache"  # beside the run folder: --out must be new or empty
    env = {"SUMMARIZER_STRATEGY": "extract", "SUMMARIZER_CACHE_DIR": str(cache)}
    if policy is None:  # the trivial labelling: rewrite the results, then score them
        first = out.parent / "model-run"
        lines = (first / "results.jsonl").read_text(encoding="utf-8").splitlines()
        trivial = out.parent / "trivial.jsonl"
        rows = []
        for line in lines:
            row = json.loads(line)
            for claim in row.get("result", {}).get("claims", []):
                claim["kind"], claim["attributed_to"] = "fact", None
            rows.append(json.dumps(row))
        trivial.write_text("\n".join(rows) + "\n", encoding="utf-8")
        args = ["eval", str(GOLD), "--predictions", str(trivial), "--out", str(out)]
        outcome = CliRunner().invoke(app, [*args, "--max-claims", "12"], env=env)
    else:
        recorder = vcr.VCR(record_mode="none", match_on=["method", "path", "body"])
        with recorder.use_cassette(str(CASSETTE), allow_playback_repeats=True):
            outcome = CliRunner().invoke(app, args, env=env)
    if not (out / "summary.json").is_file():
        sys.exit(f"eval did not run: {outcome.output}")
    model = json.loads((out / "summary.json").read_text(encoding="utf-8"))["model"]
    return {name: model[name]["mean"] for name in METRICS}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print("| labels | " + " | ".join(METRICS) + " |")
        print("|---|" + "---|" * len(METRICS))
        for index, (name, policy) in enumerate(POLICIES.items()):
            out = Path(folder) / ("model-run" if index == 0 else f"run{index}")
            scores = run(policy, out)
            print(f"| {name} | " + " | ".join(f"{scores[m]:.3f}" for m in METRICS) + " |")


if __name__ == "__main__":
    main()
