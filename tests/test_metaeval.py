from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from summarizer._errors import ConfigurationError, SummarizerError
from summarizer._support import DEFAULT_JUDGE, FloatMatrix, LexicalJudge, Verdict
from summarizer.cli import app
from summarizer.evaluation._metaeval import (
    MetaEvalDataError,
    load_pyramid_data,
    meta_evaluate,
    presence,
    sweep_thresholds,
)

REALSUMM = Path(__file__).resolve().parents[1] / "evals" / "data" / "realsumm"

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
    "tune 0-49": (slice(0, 50), 0.7650281425891182, 0.523241970711805, 0.40869099376483525,
                  0.7666666666666665),
    "held-out 50-99": (slice(50, 100), 0.7819502868068834, 0.562351615550253,
                       0.4203796944807429, 0.6799999999999998),
    "all 100": (None, 0.7734090909090909, 0.5431320012089971, 0.41453534412278914,
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
