"""Meta-evaluation: does a support judge agree with people about which facts a summary has?

Reads human SCU ("summary content unit") presence judgments in the line-aligned layout of the
Lite2-3Pyramid packaging of REALSumm::

    SCUs.txt                  line i: the SCUs of article i, tab-separated
    summaries/<system>.summary  line i: that system's summary of article i
    labels/<system>.label       line i: one 0/1 per SCU of article i, tab-separated

An SCU is predicted present in a summary when a ``Judge`` (``summarizer._support``) finds it
supported by one sentence of the summary or by the whole summary: its presence is its best
support score over those candidates, and it is present when that reaches the threshold (the
judge's own unless given; a pair that fails a hard check scores below it).

Agreement is reported at the unit level (accuracy, Cohen's kappa), the summary level (Kendall
tau-b between predicted and human SCU recall over the systems' summaries of one article,
averaged over articles) and the system level (Kendall tau-b between the systems' mean SCU recalls).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from scipy import stats  # type: ignore[import-untyped, unused-ignore]

from .._errors import MetaEvalDataError
from .._judges import get_judge
from .._support import DEFAULT_JUDGE, Judge
from ._matching import presence

__all__ = [
    "MetaEvalDataError",
    "MetaEvalResult",
    "PyramidData",
    "load_pyramid_data",
    "meta_evaluate",
    "presence",
    "presence_scores",
    "sweep_thresholds",
]

MetaEvalResult = dict[str, Any]

# The summaries are tokenised (" . " between sentences) and not always capitalised, so the
# source splitter's capital-letter rule does not apply; a full stop before space is enough.
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class PyramidData:
    """Line-aligned SCUs, summaries and human labels of one judgment set."""

    scus: list[list[str]]  # [article][scu]
    summaries: dict[str, list[str]]  # system -> [article]
    labels: dict[str, list[list[int]]]  # system -> [article][scu]

    @property
    def systems(self) -> list[str]:
        return sorted(self.summaries)


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise MetaEvalDataError(f"missing file: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MetaEvalDataError(f"{path} is not UTF-8 text: {exc}") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_pyramid_data(directory: Path) -> PyramidData:
    """Read and cross-check ``SCUs.txt``, ``summaries/*.summary`` and ``labels/*.label``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise MetaEvalDataError(f"not a directory: {directory}")
    scu_path = directory / "SCUs.txt"
    scus = [line.split("\t") for line in _read_lines(scu_path)]
    if not scus:
        raise MetaEvalDataError(f"{scu_path} is empty")
    summary_dir, label_dir = directory / "summaries", directory / "labels"
    summary_files = sorted(summary_dir.glob("*.summary")) if summary_dir.is_dir() else []
    if not summary_files:
        raise MetaEvalDataError(f"no summaries/<system>.summary files in {directory}")
    summaries: dict[str, list[str]] = {}
    labels: dict[str, list[list[int]]] = {}
    for summary_path in summary_files:
        system = summary_path.stem
        lines = _read_lines(summary_path)
        if len(lines) != len(scus):
            raise MetaEvalDataError(
                f"{summary_path} has {len(lines)} lines but {scu_path} has {len(scus)}"
            )
        label_path = label_dir / f"{system}.label"
        label_lines = _read_lines(label_path)
        if len(label_lines) != len(scus):
            raise MetaEvalDataError(
                f"{label_path} has {len(label_lines)} lines but {scu_path} has {len(scus)}"
            )
        rows: list[list[int]] = []
        for number, (line, article_scus) in enumerate(zip(label_lines, scus, strict=True), 1):
            cells = line.split("\t")
            if len(cells) != len(article_scus) or any(c.strip() not in ("0", "1") for c in cells):
                raise MetaEvalDataError(
                    f"{label_path} line {number}: expected {len(article_scus)} tab-separated "
                    f"0/1 labels (one per SCU in {scu_path.name}), got {line!r}"
                )
            rows.append([int(c) for c in cells])
        summaries[system] = lines
        labels[system] = rows
    orphans = sorted(p.name for p in label_dir.glob("*.label") if p.stem not in summaries)
    if orphans:
        raise MetaEvalDataError(f"{label_dir}: {', '.join(orphans)} has no summaries/ file")
    return PyramidData(scus=scus, summaries=summaries, labels=labels)


def _select(n: int, articles: slice | Sequence[int] | None) -> list[int]:
    if articles is None:
        return list(range(n))
    if isinstance(articles, slice):
        return list(range(n))[articles]
    chosen = list(articles)
    bad = [a for a in chosen if not 0 <= a < n]
    if bad:
        raise MetaEvalDataError(f"article indexes out of range 0..{n - 1}: {bad[:5]}")
    return chosen


def _split_summary(summary: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(summary.strip()) if s]


def presence_scores(
    data: PyramidData,
    judge: Judge,
    articles: Sequence[int],
    *,
    whole: bool = True,
) -> dict[str, list[npt.NDArray[np.float64]]]:
    """``scores[system][k][j]``: presence of SCU j of ``articles[k]`` in that system's summary."""
    return {
        system: [
            presence(data.scus[a], _split_summary(data.summaries[system][a]), judge, whole=whole)
            for a in articles
        ]
        for system in data.systems
    }


def _kendall(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float | None:
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    tau = float(stats.kendalltau(x, y, variant="b").statistic)
    return None if math.isnan(tau) else tau


def _agreement(
    data: PyramidData,
    scores: dict[str, list[npt.NDArray[np.float64]]],
    articles: Sequence[int],
    threshold: float,
) -> dict[str, Any]:
    systems = data.systems
    predicted: list[npt.NDArray[np.bool_]] = []
    human: list[npt.NDArray[np.bool_]] = []
    pred_recall = np.zeros((len(articles), len(systems)))
    human_recall = np.zeros((len(articles), len(systems)))
    for s, system in enumerate(systems):
        for k, a in enumerate(articles):
            p = scores[system][k] >= threshold
            h = np.asarray(data.labels[system][a], dtype=bool)
            predicted.append(p)
            human.append(h)
            pred_recall[k, s] = p.mean() if p.size else 0.0
            human_recall[k, s] = h.mean() if h.size else 0.0
    p_all = np.concatenate(predicted)
    h_all = np.concatenate(human)
    n = p_all.size
    accuracy = float((p_all == h_all).mean()) if n else 0.0
    # Cohen's kappa, written out (5 lines; sklearn is not a dependency for this).
    p_yes, h_yes = p_all.mean(), h_all.mean()
    expected = p_yes * h_yes + (1 - p_yes) * (1 - h_yes)
    kappa = float((accuracy - expected) / (1 - expected)) if expected < 1 else 0.0
    taus = [_kendall(pred_recall[k], human_recall[k]) for k in range(len(articles))]
    kept = [t for t in taus if t is not None]
    system_tau = _kendall(pred_recall.mean(axis=0), human_recall.mean(axis=0))
    return {
        "accuracy": accuracy,
        "kappa": kappa,
        "summary_tau": float(np.mean(kept)) if kept else None,
        "system_tau": system_tau,
        "n_labels": int(n),
        "n_articles": len(articles),
        "n_tau_articles": len(kept),
        "predicted_present_rate": float(p_yes) if n else 0.0,
        "human_present_rate": float(h_yes) if n else 0.0,
    }


def _resolve(judge: Judge | str) -> Judge:
    return get_judge(judge) if isinstance(judge, str) else judge


def meta_evaluate(
    directory: Path,
    judge: Judge | str = DEFAULT_JUDGE,
    *,
    articles: slice | Sequence[int] | None = None,
    threshold: float | None = None,
    whole: bool = True,
) -> MetaEvalResult:
    """Agreement of ``judge`` (thresholded presence) with the human SCU labels in ``directory``.

    ``articles`` picks the articles (by line index) to evaluate; ``threshold`` defaults to the
    judge's own. Returns a JSON-able dict: accuracy, kappa, summary_tau, system_tau, n_labels,
    n_articles, judge, threshold (and a few counts).
    """
    return sweep_thresholds(directory, judge, [threshold], articles=articles, whole=whole)[0]


def sweep_thresholds(
    directory: Path,
    judge: Judge | str,
    thresholds: Sequence[float | None],
    *,
    articles: slice | Sequence[int] | None = None,
    whole: bool = True,
) -> list[MetaEvalResult]:
    """``meta_evaluate`` at each threshold (None: the judge's), scoring once (for tuning)."""
    data = load_pyramid_data(Path(directory))
    resolved = _resolve(judge)
    chosen = _select(len(data.scus), articles)
    scores = presence_scores(data, resolved, chosen, whole=whole)
    results = []
    for t in thresholds:
        t = resolved.threshold if t is None else t
        result = _agreement(data, scores, chosen, t)
        result.update(judge=resolved.name, threshold=t, whole_summary_candidate=whole)
        results.append(result)
    return results
