"""Nothing lost, nothing faked: the eval's run folder, baselines, predictions and gate under
careless and hostile use (issue 16, items 1, 2, 5, 6, 7, 9, 11 and 13, eval side).

Every case runs the real command (``summarizer eval`` in-process through typer's runner, or in
a child process where a hang is the failure) on a small gold file with inline sources and a
predictions file built from the library's own models; no model is called.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer._schema import Alignment, Claim, ClaimKind, Evidence, Meta, Summary, TemplateInfo
from summarizer.cli import app
from tests.support.common import ROOT

SOURCES = {
    "d1": "The council approved the budget on Monday. It rises by 4 percent. "
    "The mayor said the library stays open.",
    "d2": "Rain fell for three days in the valley. The river rose two metres. "
    "Officials closed the old bridge.",
}
# Each document's gold claims: (text, quote).
CLAIMS = {
    "d1": [("The council approved the budget on Monday.",
            "The council approved the budget on Monday."),
           ("The budget rises by 4 percent.", "It rises by 4 percent.")],
    "d2": [("Rain fell for three days in the valley.", "Rain fell for three days in the valley."),
           ("The river rose two metres.", "The river rose two metres.")],
}  # fmt: skip
SUITE = '[metrics."claims.f1"]\ntolerance = 0.05\nfloor = 0.0\n\n' \
        '[metrics."grounding.rate"]\ntolerance = 0.02\nfloor = 0.0\n\n' \
        '[metrics."support.rate"]\ntolerance = 0.02\nfloor = 0.0\n'  # fmt: skip


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


def one_error_line(outcome: Any, code: int, fragment: str) -> str:
    """Exit ``code``, no traceback, and an ``error:`` line holding ``fragment``."""
    assert outcome.exit_code == code, outcome.output
    assert "Traceback" not in outcome.output
    text = " ".join(outcome.stderr.split())
    assert "error:" in text and fragment in text, text
    return text


def span(source: str, quote: str) -> dict[str, Any]:
    start = source.index(quote)
    return {"quote": quote, "start": start, "end": start + len(quote)}


def write_gold(folder: Path, *, files: bool = False) -> Path:
    """A gold file in ``folder`` (sources inline, or in ``folder/documents/`` with ``files``)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for doc_id, source in SOURCES.items():
        record: dict[str, Any] = {"format_version": 1, "id": doc_id, "summary": source,
                                  "key_points": [source.split(". ")[0]]}  # fmt: skip
        if files:
            (folder / "documents").mkdir(exist_ok=True)
            (folder / "documents" / f"{doc_id}.txt").write_text(source, encoding="utf-8")
            record["source_path"] = f"documents/{doc_id}.txt"
        else:
            record["source"] = source
        record["claims"] = [
            {"text": text, "kind": "fact", "attributed_to": None, "evidence": [span(source, q)]}
            for text, q in CLAIMS[doc_id]
        ]
        lines.append(json.dumps(record))
    gold = folder / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gold


META = Meta(model="m", backend="openai-compatible", mode="tools", evidence_mode="quote",
            template=TemplateInfo(name="default", sha256="0" * 64), attempts=1, reasks=0,
            transport_retries=0, judge="lexical")  # fmt: skip


def honest_result(doc_id: str) -> dict[str, Any]:
    source = SOURCES[doc_id]
    claims = [
        Claim(text=text, kind=ClaimKind.FACT,
              evidence=[Evidence(**span(source, q), alignment=Alignment.EXACT, score=1.0)])
        for text, q in CLAIMS[doc_id]
    ]  # fmt: skip
    summary = Summary(title="t", summary=source, key_points=[], claims=claims, meta=META)
    return summary.model_dump(mode="json")


def write_predictions(path: Path, results: dict[str, Any]) -> Path:
    lines = []
    for doc_id, value in results.items():
        key = "error" if "type" in value else "result"
        lines.append(json.dumps({"id": doc_id, key: value}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def honest(tmp_path: Path) -> Path:
    return write_predictions(tmp_path / "pred.jsonl", {d: honest_result(d) for d in SOURCES})


def suite_file(tmp_path: Path, text: str = SUITE) -> Path:
    path = tmp_path / "suite.toml"
    path.write_text(text, encoding="utf-8")
    return path


def scored(gold: Path, predictions: Path, out: Path, *extra: Any) -> Any:
    return invoke("eval", gold, "--predictions", predictions, "--out", out, *extra)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- 1. --out never deletes a folder it did not write ------------------------------------------


def test_1_out_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "g", files=True)
    pred = honest(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("keep me", encoding="utf-8")
    before = tree(tmp_path)
    for target in (notes, tmp_path / "g", tmp_path / "g" / "documents"):
        outcome = scored(gold, pred, target)
        one_error_line(outcome, 1, str(target))
    assert tree(tmp_path) == before  # nothing deleted, nothing written


def test_1_out_replaces_its_own_run_folder_and_an_empty_one(tmp_path: Path) -> None:
    gold, pred = write_gold(tmp_path / "g"), honest(tmp_path)
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "run", tmp_path / "run", tmp_path / "empty"):
        outcome = scored(gold, pred, out)
        assert outcome.exit_code == 0, outcome.output
        assert (out / ".summarizer-run").is_file() and (out / "summary.json").is_file()


def test_1_out_refuses_a_folder_holding_an_input_even_a_run_folder(tmp_path: Path) -> None:
    run = tmp_path / "run"
    gold = write_gold(tmp_path / "g")
    assert scored(gold, honest(tmp_path), run).exit_code == 0
    inside = write_gold(run / "g")  # the gold file now lives inside a run folder
    kept = inside.read_bytes()
    outcome = scored(inside, honest(tmp_path), run)
    one_error_line(outcome, 1, "which this run reads or writes")
    assert inside.read_bytes() == kept


def test_13_out_dot_names_a_folder_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold, pred = write_gold(tmp_path / "g"), honest(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path)
    outcome = scored(gold, pred, Path("."))
    text = one_error_line(outcome, 1, "--out .")
    assert "partial" not in text and str(tmp_path) in text
    assert tree(tmp_path) == before


# --- 2. baselines never overwrite an input and are written whole ----------------------------------


@pytest.mark.parametrize("flag", ["--write-baseline", "--update-baseline"])
@pytest.mark.parametrize("victim", ["gold", "predictions", "document", "suite", "hardlink",
                                    "symlink"])  # fmt: skip
def test_2_a_baseline_never_overwrites_an_input(tmp_path: Path, flag: str, victim: str) -> None:
    gold = write_gold(tmp_path / "g", files=True)
    pred, suite = honest(tmp_path), suite_file(tmp_path)
    targets = {"gold": gold, "predictions": pred, "suite": suite,
               "document": tmp_path / "g" / "documents" / "d1.txt"}  # fmt: skip
    if victim == "hardlink":
        os.link(gold, tmp_path / "link.json")
        targets[victim] = tmp_path / "link.json"
    if victim == "symlink":
        (tmp_path / "sym.json").symlink_to(pred)
        targets[victim] = tmp_path / "sym.json"
    before = tree(tmp_path)
    outcome = scored(gold, pred, tmp_path / "run", "--suite", suite, flag, targets[victim])
    one_error_line(outcome, 2, "refusing to overwrite it")
    assert tree(tmp_path) == before


def test_2_baseline_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.evaluation import _files, load_gold, write_baseline
    from summarizer.evaluation._predictions import score_predictions

    gold = write_gold(tmp_path / "g")
    run = score_predictions(load_gold(gold), honest(tmp_path), tmp_path / "run")
    target = tmp_path / "baseline.json"
    write_baseline(run, target)
    good = target.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_files.os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_baseline(run, target)
    assert target.read_bytes() == good  # the previous baseline, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "g", "pred.jsonl", "run"]


# --- 5. a failed run does not become the baseline -----------------------------------------------


def test_5_update_baseline_after_a_failed_or_smaller_run_is_refused(tmp_path: Path) -> None:
    gold, suite = write_gold(tmp_path / "g"), suite_file(tmp_path)
    baseline = tmp_path / "baseline.json"
    first = scored(gold, honest(tmp_path), tmp_path / "run", "--suite", suite,
                   "--update-baseline", baseline)  # fmt: skip
    assert first.exit_code == 0, first.output
    good = baseline.read_bytes()
    failed = {d: {"type": "ServerError", "message": "HTTP 500"} for d in SOURCES}
    all_failed = write_predictions(tmp_path / "failed.jsonl", failed)
    smaller = write_predictions(tmp_path / "smaller.jsonl", {"d1": honest_result("d1")})
    for predictions, reason in ((all_failed, "every document failed"),
                                (smaller, "failed that did not in the baseline")):  # fmt: skip
        outcome = scored(gold, predictions, tmp_path / "run", "--suite", suite,
                         "--update-baseline", baseline)  # fmt: skip
        assert outcome.exit_code == 1, outcome.output
        assert reason in " ".join(outcome.stderr.split()) and "--allow-shrink" in outcome.stderr
        assert baseline.read_bytes() == good
    forced = scored(gold, smaller, tmp_path / "run", "--suite", suite, "--update-baseline",
                    baseline, "--allow-shrink")  # fmt: skip
    assert forced.exit_code == 0, forced.output
    assert json.loads(baseline.read_text(encoding="utf-8"))["failed"] == ["d2"]


def test_5_write_baseline_from_a_run_where_every_document_failed_is_refused(
    tmp_path: Path,
) -> None:
    gold = write_gold(tmp_path / "g")
    failed = {d: {"type": "ServerError", "message": "HTTP 500"} for d in SOURCES}
    predictions = write_predictions(tmp_path / "failed.jsonl", failed)
    outcome = scored(gold, predictions, tmp_path / "run", "--write-baseline", tmp_path / "b.json")
    assert outcome.exit_code == 1
    assert not (tmp_path / "b.json").exists()


# --- 6. predictions are checked, not trusted ---------------------------------------------------


def forged(kind: str) -> dict[str, Any]:
    """d1's honest result with its first claim's evidence forged as ``kind``."""
    result = honest_result("d1")
    claim = result["claims"][0]
    evidence = claim["evidence"][0]
    if kind == "invented-quote":
        evidence["quote"] = "The council abolished the budget."
        evidence["end"] = evidence["start"] + len(evidence["quote"])
    elif kind == "out-of-range":
        evidence["start"], evidence["end"] = 10_000, 10_040
    elif kind == "start-after-end":
        evidence["start"], evidence["end"] = evidence["end"], evidence["start"]
    elif kind == "second-span-invented":
        claim["evidence"].append({**evidence, "quote": "invented words", "start": 0, "end": 14})
    claim["grounded"] = True
    return result


@pytest.mark.parametrize(
    "kind", ["invented-quote", "out-of-range", "start-after-end", "second-span-invented"]
)
def test_6_forged_evidence_is_not_grounded_and_fails_the_gate(tmp_path: Path, kind: str) -> None:
    gold, suite = write_gold(tmp_path / "g"), suite_file(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert (
        scored(gold, honest(tmp_path), tmp_path / "a", "--write-baseline", baseline).exit_code == 0
    )
    fake = write_predictions(tmp_path / "fake.jsonl", {"d1": forged(kind),
                                                       "d2": honest_result("d2")})  # fmt: skip
    outcome = scored(gold, fake, tmp_path / "b", "--suite", suite, "--baseline", baseline)
    assert outcome.exit_code == 1, outcome.output
    assert "grounding.rate:" in " ".join(outcome.stdout.split())
    line = json.loads((tmp_path / "b" / "results.jsonl").read_text(encoding="utf-8").split("\n")[0])
    claim = line["result"]["claims"][0]
    assert claim["grounded"] is False
    source = SOURCES["d1"]
    assert all(source[e["start"] : e["end"]] == e["quote"] for e in claim["evidence"])


@pytest.mark.parametrize("offset", [True, "12", 1.0])
def test_6_offsets_must_be_integers(tmp_path: Path, offset: Any) -> None:
    gold = write_gold(tmp_path / "g")
    result = honest_result("d1")
    result["claims"][0]["evidence"][0]["start"] = offset
    fake = write_predictions(tmp_path / "fake.jsonl", {"d1": result})
    one_error_line(scored(gold, fake, tmp_path / "run"), 1, "fake.jsonl, line 1")


def test_6_forged_support_is_judged_again(tmp_path: Path) -> None:
    gold, suite = write_gold(tmp_path / "g"), suite_file(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert (
        scored(gold, honest(tmp_path), tmp_path / "a", "--write-baseline", baseline).exit_code == 0
    )
    result = honest_result("d1")
    source = SOURCES["d1"]
    # The claim's evidence is real but says nothing of the sort; the file says "supported".
    result["claims"][0]["text"] = "The council rejected the budget on Friday."
    result["claims"][0]["support"] = {"judge": "lexical", "score": 1.0, "supported": True}
    result["claims"][1]["support"] = {"judge": "lexical", "score": 1.0, "supported": True}
    assert source  # evidence unchanged: grounded, but not support
    fake = write_predictions(tmp_path / "fake.jsonl", {"d1": result, "d2": honest_result("d2")})
    outcome = scored(gold, fake, tmp_path / "b", "--suite", suite, "--baseline", baseline)
    assert outcome.exit_code == 1, outcome.output
    assert "support.rate:" in " ".join(outcome.stdout.split())
    line = json.loads((tmp_path / "b" / "results.jsonl").read_text(encoding="utf-8").split("\n")[0])
    assert line["result"]["claims"][0]["support"]["supported"] is False


# --- 7. a gate that gates nothing fails loudly ---------------------------------------------------


def gate_with_baseline(tmp_path: Path, edit: Any) -> Any:
    gold, suite = write_gold(tmp_path / "g"), suite_file(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert (
        scored(gold, honest(tmp_path), tmp_path / "a", "--write-baseline", baseline).exit_code == 0
    )
    data = json.loads(baseline.read_text(encoding="utf-8"))
    text = edit(data)
    if isinstance(text, bytes):
        baseline.write_bytes(text)
    else:
        baseline.write_text(text if isinstance(text, str) else json.dumps(data), encoding="utf-8")
    return scored(gold, honest(tmp_path), tmp_path / "b", "--suite", suite, "--baseline", baseline)


def _set(data: dict[str, Any], value: Any, metric: str = "claims.f1") -> None:
    data["summary"]["model"][metric]["mean"] = value


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["summary"].update(model={}),
        lambda d: d["summary"]["model"].pop("claims.f1"),
        lambda d: _set(d, None),
    ],
    ids=["model-empty", "metric-missing", "metric-null"],
)
def test_7_a_baseline_without_the_gated_values_fails_the_gate(tmp_path: Path, edit: Any) -> None:
    outcome = gate_with_baseline(tmp_path, edit)
    assert outcome.exit_code == 1, outcome.output
    assert "the baseline has no value for it" in " ".join(outcome.stdout.split())
    assert "gate passed" not in outcome.stdout


@pytest.mark.parametrize(
    "edit, fragment",
    [
        (lambda d: json.dumps(d).replace('"mean": 1.0', '"mean": NaN', 1), "NaN"),
        (lambda d: b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (lambda d: d.update(summary=5), "field summary"),
        (lambda d: _set(d, "high"), "field summary.model.claims.f1.mean"),
        (lambda d: "[" * 100_000 + "]" * 100_000, "nested more than"),
    ],
    ids=["nan", "binary", "wrong-type", "string-mean", "nested"],
)
def test_7_an_unreadable_baseline_is_one_line(tmp_path: Path, edit: Any, fragment: str) -> None:
    one_error_line(gate_with_baseline(tmp_path, edit), 2, fragment)


@pytest.mark.parametrize(
    "suite, fragment",
    [
        ('[metrics."claims.f2"]\ntolerance = 0.1\n', "not a metric of a run"),
        ('[metrics."claims.f1"]\ntolerance = nan\n', "finite number"),
        ('[metrics."claims.f1"]\ntolerance = inf\n', "finite number"),
        ('[metrics."claims.f1"]\nfloor = -inf\n', "finite number"),
        ('[metrics."claims.f1"]\ntolerance = -0.1\n', "must not be negative"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
    ids=["unknown-metric", "nan", "inf", "floor-inf", "negative", "nested"],
)
def test_7_a_suite_that_gates_nothing_is_refused(tmp_path: Path, suite: str, fragment: str) -> None:
    gold = write_gold(tmp_path / "g")
    baseline = tmp_path / "baseline.json"
    assert (
        scored(gold, honest(tmp_path), tmp_path / "a", "--write-baseline", baseline).exit_code == 0
    )
    bad = suite_file(tmp_path, suite)
    outcome = scored(gold, honest(tmp_path), tmp_path / "b", "--suite", bad, "--baseline", baseline)
    one_error_line(outcome, 2, fragment)


# --- 9. deeply nested JSON is a per-line error ---------------------------------------------------


def test_9_nested_gold_and_predictions_lines_are_line_errors(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    gold = write_gold(tmp_path / "g")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(deep + "\n", encoding="utf-8")
    one_error_line(scored(gold, pred, tmp_path / "run"), 1, "pred.jsonl, line 1")
    nested = tmp_path / "nested.jsonl"
    nested.write_text(gold.read_text(encoding="utf-8") + deep + "\n", encoding="utf-8")
    one_error_line(invoke("gold", "check", nested), 1, "line 3")


# --- 11. only regular files are read -----------------------------------------------------------


@pytest.mark.parametrize("flag", ["--predictions", "--baseline", "--suite"])
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_11_fifos_devices_and_folders_are_refused(tmp_path: Path, flag: str, kind: str) -> None:
    gold = write_gold(tmp_path / "g")
    pred, suite = honest(tmp_path), suite_file(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert scored(gold, pred, tmp_path / "a", "--write-baseline", baseline).exit_code == 0
    if kind == "fifo":
        bad = tmp_path / "fifo"
        os.mkfifo(bad)
    else:
        bad = Path("/dev/zero") if kind == "dev-zero" else tmp_path / "folder"
        bad.mkdir(exist_ok=True) if kind == "folder" else None
    args = {"--predictions": pred, "--baseline": baseline, "--suite": suite}
    args[flag] = bad
    command = [sys.executable, "-m", "summarizer", "eval", str(gold), "--out",
               str(tmp_path / "b"), *(x for k, v in args.items() for x in (k, str(v)))]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("error:") == 1, done.stderr
    assert str(bad) in " ".join(done.stderr.split())


# --- 13. one-line errors, exit 2 for usage ------------------------------------------------------


def test_13_nul_in_source_path_is_one_line(tmp_path: Path) -> None:
    record = {"format_version": 1, "id": "x", "source_path": "doc\u0000.txt", "summary": "s",
              "key_points": [], "claims": []}  # fmt: skip
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    one_error_line(invoke("gold", "check", gold), 1, "source_path holds a NUL byte")


@pytest.mark.parametrize("articles", ["50:10", "0:0", "-5:3", "x", "-1"])
def test_13_meta_eval_articles_must_be_a_range(tmp_path: Path, articles: str) -> None:
    one_error_line(invoke("meta-eval", tmp_path, "--articles", articles), 2, "--articles")


@pytest.mark.parametrize("threshold", ["5", "nan", "-0.1"])
def test_13_meta_eval_threshold_must_be_in_0_1(tmp_path: Path, threshold: str) -> None:
    one_error_line(invoke("meta-eval", tmp_path, "--threshold", threshold), 2, "--threshold")


def test_13_a_label_file_without_its_summary_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "summaries").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "SCUs.txt").write_text("the budget rose\n", encoding="utf-8")
    (tmp_path / "summaries" / "a.summary").write_text("The budget rose .\n", encoding="utf-8")
    (tmp_path / "labels" / "a.label").write_text("1\n", encoding="utf-8")
    (tmp_path / "labels" / "b.label").write_text("0\n", encoding="utf-8")
    one_error_line(invoke("meta-eval", tmp_path), 1, "b.label")


def test_13_missing_templates_folder_exits_2(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "g")
    outcome = invoke("eval", gold, "--out", tmp_path / "run", "--base-url",
                     "http://127.0.0.1:9/v1", "--model", "m", "--templates",
                     tmp_path / "missing")  # fmt: skip
    one_error_line(outcome, 2, "missing")


# --- issue 17.2: one default per question ---------------------------------------------------------


def _cli_defaults(command: Any) -> dict[str, Any]:
    """Every option of a typer command with its default, by parameter name."""
    import inspect

    return {
        name: p.default
        for name, p in inspect.signature(command).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


def _library_defaults(function: Any) -> dict[str, Any]:
    import inspect

    return {
        name: p.default
        for name, p in inspect.signature(function).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


def test_17_library_and_cli_share_every_eval_default() -> None:
    """The eval commands' defaults equal the library's, for every option both have: a user's
    Python eval and their CLI eval of the same run score alike."""
    from dataclasses import fields

    from summarizer.cli._eval import eval_command
    from summarizer.cli._metaeval import meta_eval_command
    from summarizer.evaluation import EvalOptions, meta_evaluate, run_eval, score_document
    from summarizer.evaluation._predictions import score_predictions

    cli = _cli_defaults(eval_command)
    options = {f.name: f.default for f in fields(EvalOptions) if f.default is not f.default_factory}
    # CLI option -> the EvalOptions field it fills, where the names differ.
    renamed = {"write_baseline_to": "write_baseline", "allow_difference": "allow_differences"}
    compared = 0
    for name, default in cli.items():
        field = renamed.get(name, name)
        if field in options and field not in ("allow_differences",):
            assert options[field] == default, (name, options[field], default)
            compared += 1
    assert compared >= 8
    for function in (run_eval, score_predictions, score_document):
        library = _library_defaults(function)
        for name in ("matcher", "threshold", "concurrency"):
            if name in library:
                expected = cli[name] if name in cli else options[name]
                assert library[name] == expected, (function.__name__, name)
    assert _library_defaults(score_document)["matcher"] == cli["matcher"] == options["matcher"]
    meta_cli, meta_lib = _cli_defaults(meta_eval_command), _library_defaults(meta_evaluate)
    assert meta_cli["judge"] == meta_lib["judge"]
    assert meta_cli["threshold"] == meta_lib["threshold"]
