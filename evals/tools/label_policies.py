"""Who should label the embedded path's claims: the 135M model or the rules? (issue 17.6)

Replays the recorded embedded-model eval of the gold file (``tests/cassettes/
test_eval_gold_file.yaml``: the real SmolLM2-135M answers, no model runs) once per labelling
policy of ``summarizer._extractive`` and prints the gold-file metrics that labels move
(``kind.accuracy``, ``attribution.accuracy``) with the claim metrics beside them. The claims are
the same in every row (the model's answer only labels them), so the rows differ by labels only.

    python evals/tools/label_policies.py [--by-language] [--probe]

``--by-language`` also prints, per document language (detected, as the pipeline does), the
eval's kind and attribution accuracy (the mean over that language's documents, with the number
of matched claim pairs they rest on) and a wider, sentence-level measure: every gold claim
whose evidence starts inside a copied sentence, against that sentence's label. ``--probe``
prints only the rules' figures on the fresh probe ``evals/probes/rules/fresh-2026-12.toml``
(sentences no rule was written on; the model is not run on them).
"""

from __future__ import annotations

import json
import sys
import tempfile
import tomllib
from pathlib import Path

import vcr
from typer.testing import CliRunner

from summarizer import _extractive
from summarizer._document import Sentence
from summarizer._extractive import LabelPolicy
from summarizer._rules import Voices, rule_attribution, rule_kind
from summarizer.cli import app
from summarizer.evaluation._scoring import normalize_attribution
from summarizer.text import detect_language

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
CASSETTE = ROOT / "tests" / "cassettes" / "test_eval_gold_file.yaml"
PROBE = ROOT / "evals" / "probes" / "rules" / "fresh-2026-12.toml"
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


def _gold() -> dict[str, tuple[str, list[dict[str, object]]]]:
    """Each gold document's language and claims, by id."""
    gold = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        path = row.get("source_path")
        text = (GOLD.parent / path).read_text(encoding="utf-8") if path else row["source"]
        gold[row["id"]] = (detect_language(text).code, row["claims"])
    return gold


def by_language(out: Path) -> dict[str, list[float]]:
    """Per language: [kind eval mean, attribution eval mean, matched pairs, kind hits, attribution
    hits, gold claims in a copied sentence] from one run's results."""
    gold = _gold()
    table: dict[str, list[float]] = {}
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    docs: dict[str, int] = {}
    for line in lines:
        row = json.loads(line)
        code, claims = gold[row["id"]]
        cell = table.setdefault(code, [0.0] * 6)
        docs[code] = docs.get(code, 0) + 1
        score = row["score"]
        cell[0] += score["kind_accuracy"] or 0.0
        cell[1] += score["attribution_accuracy"] or 0.0
        cell[2] += score["claims"]["n_matched"]
        predicted = row.get("result", {}).get("claims", [])
        for claim in claims:
            start = claim["evidence"][0]["start"]  # type: ignore[index]
            for pred in predicted:
                span = pred["evidence"][0]
                if span["start"] <= start < span["end"]:
                    cell[3] += pred["kind"] == claim["kind"]
                    same = normalize_attribution(pred["attributed_to"]) == normalize_attribution(
                        claim["attributed_to"]  # type: ignore[arg-type]
                    )
                    cell[4] += same
                    cell[5] += 1
                    break
    for code, cell in table.items():
        cell[0] /= docs[code]
        cell[1] /= docs[code]
    return table


def probe() -> None:
    """The rules' kind and source on each probe sentence, against its label, per language."""
    rows = tomllib.loads(PROBE.read_text(encoding="utf-8"))["sentence"]
    table: dict[str, list[int]] = {}
    nobody = Voices((), None)
    for row in rows:
        code, text = row["language"], row["text"]
        kind = rule_kind(text, lang=code).value
        source = rule_attribution(nobody, Sentence(1, 0, len(text), text), code)
        same = normalize_attribution(source) == normalize_attribution(row.get("source"))
        cell = table.setdefault(code, [0, 0, 0])
        cell[0] += kind == row["kind"]
        cell[1] += same
        cell[2] += 1
        if kind != row["kind"] or not same:
            print(f"  {code}: {text} -> {kind}, {source}")
    print("| language | kind | attribution |\n|---|---|---|")
    for code, (kinds, sources, n) in table.items():
        print(f"| {code} | {kinds}/{n} | {sources}/{n} |")
    total = [sum(c[i] for c in table.values()) for i in range(3)]
    print(f"| all | {total[0]}/{total[2]} | {total[1]}/{total[2]} |")


def main() -> None:
    if "--probe" in sys.argv[1:]:
        probe()
        return
    languages = "--by-language" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as folder:
        print("| labels | " + " | ".join(METRICS) + " |")
        print("|---|" + "---|" * len(METRICS))
        tables = {}
        for index, (name, policy) in enumerate(POLICIES.items()):
            out = Path(folder) / ("model-run" if index == 0 else f"run{index}")
            scores = run(policy, out)
            print(f"| {name} | " + " | ".join(f"{scores[m]:.3f}" for m in METRICS) + " |")
            if languages:
                tables[name] = by_language(out)
        if languages:
            print(
                "\n| labels | language | kind (eval) | attribution (eval) | matched pairs "
                "| kind, gold claims in a copied sentence | attribution, same |"
            )
            print("|---|---|---|---|---|---|---|")
            for name, table in tables.items():
                for code, (kind, who, pairs, kinds, whos, n) in sorted(table.items()):
                    print(
                        f"| {name} | {code} | {kind:.3f} | {who:.3f} | {pairs:.0f} | "
                        f"{kinds:.0f}/{n:.0f} | {whos:.0f}/{n:.0f} |"
                    )


if __name__ == "__main__":
    main()
