from __future__ import annotations

from pathlib import Path

import pytest

from summarizer._errors import SummarizerError
from summarizer.evaluation._matching import DEFAULT_MATCHER, ContentWordMatcher
from summarizer.evaluation._metaeval import (
    MetaEvalDataError,
    load_pyramid_data,
    meta_evaluate,
    sweep_thresholds,
)

REALSUMM = Path(__file__).resolve().parents[2] / "shared" / "data" / "realsumm"

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
    result = meta_evaluate(_write(tmp_path), threshold=0.55)
    assert result["n_labels"] == 3 * 5 and result["n_articles"] == 2
    assert result["accuracy"] == pytest.approx(1.0)
    assert result["kappa"] == pytest.approx(1.0)
    assert result["summary_tau"] == pytest.approx(1.0)
    assert result["system_tau"] == pytest.approx(1.0)
    assert result["matcher"] == DEFAULT_MATCHER and result["threshold"] == 0.55


def test_tiny_directory_disagreement_and_article_selection(tmp_path: Path) -> None:
    # a matcher that calls everything present (threshold 0) agrees only on the 1-labels
    result = meta_evaluate(_write(tmp_path), threshold=0.0, articles=[1])
    assert result["n_articles"] == 1 and result["n_labels"] == 9
    assert result["accuracy"] == pytest.approx(4 / 9)
    assert result["kappa"] == pytest.approx(0.0)
    assert result["summary_tau"] is None  # predicted recall is constant: article skipped
    sliced = meta_evaluate(tmp_path, ContentWordMatcher(), articles=slice(0, 1), threshold=0.55)
    assert sliced["n_labels"] == 6


def test_sweep_matches_meta_evaluate(tmp_path: Path) -> None:
    root = _write(tmp_path)
    swept = sweep_thresholds(root, DEFAULT_MATCHER, [0.3, 0.55])
    assert [r["threshold"] for r in swept] == [0.3, 0.55]
    assert swept[1]["kappa"] == pytest.approx(meta_evaluate(root, threshold=0.55)["kappa"])


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


def test_unknown_matcher_name(tmp_path: Path) -> None:
    with pytest.raises(SummarizerError, match="unknown matcher"):
        meta_evaluate(_write(tmp_path), "no-such-matcher")


@pytest.fixture
def realsumm() -> Path:
    if not (REALSUMM / "SCUs.txt").is_file():
        pytest.skip("../shared/data/realsumm is absent: the REALSumm judgments sit beside the repo")
    return REALSUMM


def test_realsumm_layout(realsumm: Path) -> None:
    data = load_pyramid_data(realsumm)
    assert len(data.scus) == 100 and len(data.systems) == 25
    assert sum(len(s) for s in data.scus) * 25 == 26_400


def test_default_matcher_beats_reference_floor_on_held_out_half(realsumm: Path) -> None:
    """Tuned on articles 0-49; the held-out half must beat the 60%-content-words floor."""
    result = meta_evaluate(realsumm, articles=slice(50, 100))
    assert result["n_articles"] == 50
    assert result["accuracy"] > 0.748
    assert result["kappa"] > 0.491
    assert result["summary_tau"] > 0.395
    assert result["system_tau"] > 0.5
