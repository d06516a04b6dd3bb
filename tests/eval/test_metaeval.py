from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from summarizer import Summarizer
from summarizer._errors import ConfigurationError, SummarizerError
from summarizer._support import DEFAULT_JUDGE, FloatMatrix, LexicalJudge, Verdict
from summarizer.cli import app
from summarizer.evaluation._metaeval import (
    MetaEvalDataError,
    load_pyramid_data,
    load_texts,
    meta_evaluate,
    presence,
    sweep_thresholds,
)
from summarizer.evaluation._metaeval_llm import meta_evaluate_llm
from tests.support.lexical_judge_double import judge_double

LOOPBACK = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
REALSUMM = Path(__file__).resolve().parents[2] / "evals" / "data" / "realsumm"

SCUS = [
    ["Koirala runs a rehabilitation center.", "The center houses 425 girls."],
    ["Students found bacteria on coins.", "Most bacteria were harmless.", "MRSA was found."],
]
# system -> (summaries, labels); "good" states everything, "bad" nothing, "half" some
SYSTEMS = {
    "good": (
        [
            "Koirala runs a rehabilitation center . The center houses 425 girls .",
            "Students found bacteria on coins . Most bacteria were harmless . MRSA was found .",
        ],
        [[1, 1], [1, 1, 1]],
    ),
    "half": (
        [
            "Koirala runs a rehabilitation center in Nepal .",
            "Students found bacteria on coins and notes .",
        ],
        [[1, 0], [1, 0, 0]],
    ),
    "bad": (
        ["An earthquake hit Nepal .", "Money was washed and returned ."],
        [[0, 0], [0, 0, 0]],
    ),
}


def _write(root: Path, systems: dict[str, tuple[list[str], list[list[int]]]] = SYSTEMS) -> Path:
    (root / "summaries").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "SCUs.txt").write_text("\n".join("\t".join(s) for s in SCUS) + "\n")
    for name, (summaries, labels) in systems.items():
        (root / "summaries" / f"{name}.summary").write_text("\n".join(summaries) + "\n")
        (root / "labels" / f"{name}.label").write_text(
            "\n".join("\t".join(map(str, row)) for row in labels) + "\n"
        )
    return root


def test_tiny_directory_perfect_agreement(tmp_path: Path) -> None:
    result = meta_evaluate(_write(tmp_path))
    assert result["n_labels"] == 3 * 5 and result["n_articles"] == 2
    assert result["accuracy"] == pytest.approx(1.0)
    assert result["kappa"] == pytest.approx(1.0)
    assert result["summary_tau"] == pytest.approx(1.0)
    assert result["system_tau"] == pytest.approx(1.0)
    assert result["judge"] == DEFAULT_JUDGE and result["threshold"] == LexicalJudge().threshold


def test_tiny_directory_disagreement_and_article_selection(tmp_path: Path) -> None:
    # a matcher that calls everything present (threshold 0) agrees only on the 1-labels
    result = meta_evaluate(_write(tmp_path), threshold=0.0, articles=[1])
    assert result["n_articles"] == 1 and result["n_labels"] == 9
    assert result["accuracy"] == pytest.approx(4 / 9)
    assert result["kappa"] == pytest.approx(0.0)
    assert result["summary_tau"] is None  # predicted recall is constant: article skipped
    sliced = meta_evaluate(tmp_path, LexicalJudge(), articles=slice(0, 1), threshold=0.6)
    assert sliced["n_labels"] == 6


def test_sweep_matches_meta_evaluate(tmp_path: Path) -> None:
    root = _write(tmp_path)
    swept = sweep_thresholds(root, DEFAULT_JUDGE, [0.3, 0.55, None])
    assert [r["threshold"] for r in swept] == [0.3, 0.55, LexicalJudge().threshold]
    assert swept[1]["kappa"] == pytest.approx(meta_evaluate(root, threshold=0.55)["kappa"])


class _FixedJudge:
    """Any ``Judge`` works: this one supports a unit when the text contains it verbatim."""

    name = "verbatim"
    threshold = 0.5

    def score_matrix(self, claims: Sequence[str], premises: Sequence[str]) -> FloatMatrix:
        return np.array([[float(c.rstrip(".") in p) for p in premises] for c in claims])

    def verdicts(self, claims: Sequence[str], premises: Sequence[str]) -> list[Verdict]:
        raise NotImplementedError


def test_presence_is_the_best_support_over_sentences_and_the_whole_summary() -> None:
    judge = _FixedJudge()
    units = ["a b", "c d", "x"]
    assert presence(units, ["a b", "c"], judge).tolist() == [1.0, 0.0, 0.0]
    assert presence(units, ["c d", "a"], judge).tolist() == [0.0, 1.0, 0.0]
    assert presence(units, ["a", "b"], judge).tolist() == [1.0, 0.0, 0.0]  # the whole: "a b"
    assert presence(units, ["a", "b"], judge, whole=False).tolist() == [0.0, 0.0, 0.0]
    assert presence([], ["a"], judge).shape == (0,)
    # a hard check that fails on every candidate keeps the unit absent, however many words match
    lexical = LexicalJudge()
    scus = ["The center houses 425 girls.", "The center houses many girls."]
    texts = ["The center houses 42 girls .", "It is in Nepal ."]
    assert presence(scus, texts, lexical).tolist() == [0.0, 0.75]  # "many": 3 of 4 words


def test_a_judge_object_is_reported_by_name(tmp_path: Path) -> None:
    result = meta_evaluate(_write(tmp_path), _FixedJudge())
    assert result["judge"] == "verbatim" and result["threshold"] == 0.5


def test_layout_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(MetaEvalDataError, match="not a directory"):
        load_pyramid_data(tmp_path / "absent")
    root = _write(tmp_path / "a")
    (root / "labels" / "half.label").write_text("1\t0\n")
    with pytest.raises(MetaEvalDataError, match=r"half\.label has 1 lines but .*SCUs\.txt has 2"):
        load_pyramid_data(root)
    (root / "labels" / "half.label").write_text("1\t0\t1\n1\t0\t0\n")
    with pytest.raises(MetaEvalDataError, match=r"half\.label line 1: expected 2"):
        load_pyramid_data(root)
    (root / "labels" / "half.label").unlink()
    with pytest.raises(MetaEvalDataError, match=r"missing file: .*half\.label"):
        load_pyramid_data(root)
    empty = tmp_path / "b"
    empty.mkdir()
    (empty / "SCUs.txt").write_text("x\n")
    with pytest.raises(MetaEvalDataError, match="no summaries"):
        load_pyramid_data(empty)
    assert issubclass(MetaEvalDataError, SummarizerError)


def test_unknown_judge_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="unknown judge 'no-such-judge'"):
        meta_evaluate(_write(tmp_path), "no-such-judge")


def test_cli_judge_option(tmp_path: Path) -> None:
    root = str(_write(tmp_path))
    outcome = CliRunner().invoke(app, ["meta-eval", root, "--judge", "lexical", "--json"])
    assert outcome.exit_code == 0, outcome.output
    result = json.loads(outcome.stdout)
    assert result["judge"] == "lexical" and result["kappa"] == pytest.approx(1.0)
    sliced = CliRunner().invoke(
        app, ["meta-eval", root, "--json", "--articles", "1:2", "--threshold", "0.0"]
    )
    assert sliced.exit_code == 0, sliced.output
    assert json.loads(sliced.stdout)["accuracy"] == pytest.approx(4 / 9)
    unknown = CliRunner().invoke(app, ["meta-eval", root, "--judge", "no-such-judge"])
    assert unknown.exit_code != 0 and "unknown judge 'no-such-judge'" in unknown.stderr
    assert "Traceback" not in unknown.output


# --- REALSumm, in the repository (evals/data/realsumm): no skip ------------------------------

# The default judge's figures (evals/MATCHERS.md). Its threshold was chosen on articles 0-49.
PINNED = {
    "tune 0-49": (slice(0, 50), 0.766454033771107, 0.5259320888691502, 0.40908858883986376,
                  0.7999999999999998),
    "held-out 50-99": (slice(50, 100), 0.7834034416826003, 0.5652331963060109,
                       0.4238736801743221, 0.6733333333333332),
    "all 100": (None, 0.7748484848484849, 0.5459331794880815, 0.4164811345070929,
                0.7333333333333332),
}  # fmt: skip


def test_realsumm_layout() -> None:
    data = load_pyramid_data(REALSUMM)
    assert len(data.scus) == 100 and len(data.systems) == 25
    assert sum(len(s) for s in data.scus) * 25 == 26_400
    assert (REALSUMM / "README.md").read_text(encoding="utf-8").count("CC BY 4.0") >= 1


@pytest.mark.parametrize("half", list(PINNED))
def test_default_judge_realsumm_figures_are_pinned(half: str) -> None:
    articles, accuracy, kappa, summary_tau, system_tau = PINNED[half]
    result = meta_evaluate(REALSUMM, articles=articles)
    assert result["judge"] == DEFAULT_JUDGE
    assert result["accuracy"] == pytest.approx(accuracy, abs=1e-9)
    assert result["kappa"] == pytest.approx(kappa, abs=1e-9)
    assert result["summary_tau"] == pytest.approx(summary_tau, abs=1e-9)
    assert result["system_tau"] == pytest.approx(system_tau, abs=1e-9)


def test_default_judge_beats_the_reference_floor_on_all_100() -> None:
    """The floor: "≥ 60% of the SCU's content words are in the summary" (../shared/README.md)."""
    result = meta_evaluate(REALSUMM)
    assert result["n_labels"] == 26_400
    assert result["accuracy"] > 0.748
    assert result["kappa"] > 0.491
    assert result["summary_tau"] > 0.395


# --- the model as judge (meta-eval --judge llm), through a double that answers as lexical -----

FIGURES = ("accuracy", "kappa", "summary_tau", "system_tau", "n_labels", "n_articles")


def _llm(url: str, **extra: Any) -> Summarizer:
    return Summarizer(model="judge-double", base_url=url, verify="off", **extra)


@LOOPBACK
def test_the_model_as_judge_answering_as_lexical_gives_the_lexical_figures() -> None:
    articles = slice(0, 4)  # 100 texts: 4 articles x 25 systems
    with judge_double() as double, _llm(double.url, cache=False) as summarizer:
        result = meta_evaluate_llm(REALSUMM, summarizer, articles=articles, concurrency=4)
    lexical = meta_evaluate(REALSUMM, "lexical", articles=articles)
    assert {k: result[k] for k in FIGURES} == {k: lexical[k] for k in FIGURES}
    assert result["n_labels"] == 25 * sum(len(s) for s in load_pyramid_data(REALSUMM).scus[:4])
    assert 0.0 < result["kappa"] < 1.0
    assert result["judge"] == "llm" and result["model"] == "judge-double"
    assert result["calls"] == len(double.seen) == 100 and result["cached_calls"] == 0
    assert result["estimate"]["calls"] == 100
    # The estimate's prompt tokens are the rendered requests' (the double counts its own way).
    assert result["estimate"]["prompt_tokens"] > 0 and result["prompt_tokens"] > 0


@LOOPBACK
def test_cli_llm_judge_prints_the_estimate_then_the_figures(tmp_path: Path) -> None:
    root = str(_write(tmp_path))
    with judge_double() as double:
        args = ["meta-eval", root, "--judge", "llm", "--model", "gpt-4.1-mini",
                "--base-url", double.url, "--json"]  # fmt: skip
        first = CliRunner().invoke(app, args)
        assert first.exit_code == 0, first.output
        served = len(double.seen)
        again = CliRunner().invoke(app, args)  # every answer from the cache
        assert again.exit_code == 0, again.output
        assert len(double.seen) == served == 6  # 2 articles x 3 systems, then none
    result = json.loads(first.stdout)
    lexical = meta_evaluate(Path(root), "lexical")
    assert {k: result[k] for k in FIGURES} == {k: lexical[k] for k in FIGURES}
    assert result["cost_usd"] > 0 and result["calls"] == 6
    assert re.search(
        r"gpt-4\.1-mini as judge: 6 calls to make \(0 answered from the cache\), about "
        r"[\d,]+ prompt \+ [\d,]+ completion tokens, cost about \$0\.\d{4}",
        first.stderr,
    )
    cached = json.loads(again.stdout)
    assert cached["calls"] == 0 and cached["cached_calls"] == 6 and cached["cost_usd"] == 0.0
    assert {k: cached[k] for k in FIGURES} == {k: result[k] for k in FIGURES}
    assert "0 calls to make (6 answered from the cache)" in again.stderr


@LOOPBACK
def test_max_cost_stops_the_run_and_the_next_run_resumes(tmp_path: Path) -> None:
    root = str(_write(tmp_path))
    with judge_double() as double:
        args = ["meta-eval", root, "--judge", "llm", "--model", "gpt-4.1-mini",
                "--base-url", double.url, "--json", "--concurrency", "1"]  # fmt: skip
        stopped = CliRunner().invoke(app, [*args, "--max-cost", "0.00001"])
        assert stopped.exit_code == 1
        assert "stops at --max-cost $1e-05" in stopped.stderr
        assert (
            "stopped at --max-cost" in stopped.stderr
            and "5 of 6 texts not judged" in stopped.stderr
        )
        assert "run the same command again to resume" in stopped.stderr
        assert "Traceback" not in stopped.output and len(double.seen) == 1
        resumed = CliRunner().invoke(app, args)
        assert resumed.exit_code == 0, resumed.output
        assert len(double.seen) == 6  # the first answer came from the cache
    result = json.loads(resumed.stdout)
    assert result["calls"] == 5 and result["cached_calls"] == 1
    lexical = meta_evaluate(Path(root), "lexical")
    assert {k: result[k] for k in FIGURES} == {k: lexical[k] for k in FIGURES}


def test_llm_judge_usage_errors(tmp_path: Path) -> None:
    root = str(_write(tmp_path))
    no_model = CliRunner().invoke(app, ["meta-eval", root, "--judge", "llm"])
    assert no_model.exit_code == 2 and "--judge llm needs --model" in no_model.stderr
    misplaced = CliRunner().invoke(app, ["meta-eval", root, "--max-cost", "1"])
    assert misplaced.exit_code == 2 and "are for --judge llm" in misplaced.stderr
    threshold = ["meta-eval", root, "--judge", "llm", "--model", "m", "--threshold", "0.5"]
    refused = CliRunner().invoke(app, threshold)
    assert refused.exit_code == 2 and "--threshold does not apply" in refused.stderr


@LOOPBACK
def test_max_cost_needs_a_price(tmp_path: Path) -> None:
    with judge_double() as double, _llm(double.url) as summarizer:
        with pytest.raises(ConfigurationError, match="no price is known for model 'judge-double'"):
            meta_evaluate_llm(_write(tmp_path), summarizer, max_cost=1.0)
        assert double.seen == []


# --- a team's own labels: labels.jsonl -----------------------------------------------------------


def _jsonl(path: Path, systems: dict[str, tuple[list[str], list[list[int]]]] = SYSTEMS) -> Path:
    lines = [
        json.dumps(
            {
                "group": f"doc-{a}",
                "system": name,
                "text": summaries[a],
                "units": SCUS[a],
                "labels": labels[a],
            }
        )
        for name, (summaries, labels) in systems.items()
        for a in range(len(SCUS))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_labels_jsonl_gives_the_figures_of_the_same_labels_in_the_pyramid_layout(
    tmp_path: Path,
) -> None:
    pyramid = _write(tmp_path / "pyramid")
    labels = _jsonl(tmp_path / "labels.jsonl", {**SYSTEMS, "mixed": (
        ["Koirala runs a center in Nepal .", "Students found MRSA on coins ."],
        [[1, 0], [0, 1, 1]],
    )})  # fmt: skip
    (pyramid / "summaries" / "mixed.summary").write_text(
        "Koirala runs a center in Nepal .\nStudents found MRSA on coins .\n"
    )
    (pyramid / "labels" / "mixed.label").write_text("1\t0\n0\t1\t1\n")
    for threshold in (None, 0.3):
        from_jsonl = meta_evaluate(labels, threshold=threshold)
        from_pyramid = meta_evaluate(pyramid, threshold=threshold)
        assert from_jsonl == from_pyramid
    assert meta_evaluate(labels, articles=[1]) == meta_evaluate(pyramid, articles=[1])
    folder = tmp_path / "team"
    folder.mkdir()
    _jsonl(folder / "labels.jsonl")
    outcome = CliRunner().invoke(app, ["meta-eval", str(folder), "--json"])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.stdout)["kappa"] == pytest.approx(1.0)


def test_labels_jsonl_defaults_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(
        json.dumps({"text": "The board met on Monday. Sales rose.", "units": [
            "The board met on Monday.", "Sales fell."], "labels": [1, 0]}) + "\n\n",
        encoding="utf-8",
    )  # fmt: skip
    (text,) = load_texts(path)
    assert (text.group, text.system, text.labels) == ("line 1", "-", (1, 0))
    result = meta_evaluate(path)
    assert result["accuracy"] == 1.0 and result["summary_tau"] is None
    for bad, message in [
        ("{", "line 1: not JSON"),
        ("[1]", "line 1: expected a JSON object"),
        ('{"text": "t", "units": ["a"], "labels": [2]}', 'line 1: "labels" must be one 0 or 1'),
        ('{"text": "t", "units": ["a", "b"], "labels": [1]}', "(2 units)"),
        ('{"text": "t", "units": [""], "labels": [1]}', '"units" must be a list of non-empty'),
        ('{"units": ["a"], "labels": [1]}', '"text" must be a string'),
    ]:
        path.write_text(bad + "\n", encoding="utf-8")
        with pytest.raises(MetaEvalDataError, match=re.escape(message)):
            load_texts(path)
    outcome = CliRunner().invoke(app, ["meta-eval", str(path)])
    assert outcome.exit_code == 1 and "labels.jsonl line 1" in outcome.stderr
    assert "Traceback" not in outcome.output
