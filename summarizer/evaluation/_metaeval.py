"""Meta-evaluation: does a support judge agree with people about which facts a summary has?

Reads human presence judgments — units (atomic facts), the texts judged, one 0/1 per unit and
text — in one of two layouts. A team's own labels, one JSON object per line of a
``labels.jsonl`` file (the path given, or a file of that name in the folder given)::

    {"text": "...", "units": ["...", "..."], "labels": [1, 0], "group": "doc-1", "system": "a"}

``group`` (texts about the same source, ranked against each other for the summary-level tau)
and ``system`` (who wrote the text, for the system-level tau) are optional: by default each
line is its own group and every text has the same system. Or the line-aligned layout of the
Lite2-3Pyramid packaging of REALSumm (SCUs: "summary content units")::

    SCUs.txt                  line i: the SCUs of article i, tab-separated
    summaries/<system>.summary  line i: that system's summary of article i
    labels/<system>.label       line i: one 0/1 per SCU of article i, tab-separated

An SCU is predicted present in a summary when a ``Judge`` (``summarizer._support``) finds it
supported by one sentence of the summary or by the whole summary: its presence is its best
support score over those candidates, and it is present when that reaches the threshold (the
judge's own unless given; a pair that fails a hard check scores below it).

Agreement is reported at the unit level (accuracy, Cohen's kappa), the summary level (Kendall
tau-b between predicted and human unit recall over the texts of one group — the systems'
summaries of one article —, averaged over groups) and the system level (Kendall tau-b between
the systems' mean unit recalls).
"""

from __future__ import annotations

import json
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
from .._verdict import DEFAULT_JUDGE, Judge
from ._matching import presence

__all__ = [
    "LABELS_FILE",
    "LabelledText",
    "MetaEvalDataError",
    "MetaEvalResult",
    "PyramidData",
    "agreement",
    "load_labels_jsonl",
    "load_pyramid_data",
    "load_texts",
    "meta_evaluate",
    "presence",
    "presence_scores",
    "split_summary",
    "sweep_thresholds",
]

MetaEvalResult = dict[str, Any]

# The summaries are tokenised (" . " between sentences) and not always capitalised, so the
# source splitter's capital-letter rule does not apply; a full stop before space is enough.
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")
LABELS_FILE: Final = "labels.jsonl"


@dataclass(frozen=True)
class LabelledText:
    """One judged text: the units a person looked for in it, and what they found (0/1)."""

    group: str
    system: str
    text: str
    units: tuple[str, ...]
    labels: tuple[int, ...]


@dataclass(frozen=True)
class PyramidData:
    """Line-aligned SCUs, summaries and human labels of one judgment set."""

    scus: list[list[str]]  # [article][scu]
    summaries: dict[str, list[str]]  # system -> [article]
    labels: dict[str, list[list[int]]]  # system -> [article][scu]

    @property
    def systems(self) -> list[str]:
        return sorted(self.summaries)

    def texts(self, articles: Sequence[int]) -> list[LabelledText]:
        """Each system's summary of each of ``articles``, as labelled texts."""
        return [
            LabelledText(
                group=str(a),
                system=system,
                text=self.summaries[system][a],
                units=tuple(self.scus[a]),
                labels=tuple(self.labels[system][a]),
            )
            for a in articles
            for system in self.systems
        ]


def load_labels_jsonl(path: Path) -> list[LabelledText]:
    """Read a ``labels.jsonl`` file (see the module docstring); errors name the line."""
    texts: list[LabelledText] = []
    for number, line in enumerate(_read_lines(Path(path)), 1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise MetaEvalDataError(f"{where}: not JSON ({exc})") from None
        if not isinstance(row, dict):
            raise MetaEvalDataError(f"{where}: expected a JSON object")
        text, units, labels = row.get("text"), row.get("units"), row.get("labels")
        if not isinstance(text, str):
            raise MetaEvalDataError(f'{where}: "text" must be a string')
        if not isinstance(units, list) or not all(isinstance(u, str) and u for u in units):
            raise MetaEvalDataError(f'{where}: "units" must be a list of non-empty strings')
        if (
            not isinstance(labels, list)
            or len(labels) != len(units)
            or any(v not in (0, 1) or isinstance(v, float | bool) for v in labels)
        ):
            raise MetaEvalDataError(
                f'{where}: "labels" must be one 0 or 1 per unit ({len(units)} units)'
            )
        group, system = row.get("group", f"line {number}"), row.get("system", "-")
        if not isinstance(group, str | int) or not isinstance(system, str | int):
            raise MetaEvalDataError(f'{where}: "group" and "system" must be strings')
        texts.append(
            LabelledText(str(group), str(system), text, tuple(units), tuple(int(v) for v in labels))
        )
    if not texts:
        raise MetaEvalDataError(f"{path} holds no labelled text")
    return texts


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


def split_summary(summary: str) -> list[str]:
    """A summary's sentences (the candidates a unit may be found in, with the whole)."""
    return [s for s in _SENTENCE_END.split(summary.strip()) if s]


def load_texts(path: Path, articles: slice | Sequence[int] | None = None) -> list[LabelledText]:
    """The labelled texts of a judgment set: a ``labels.jsonl`` file (or a folder holding
    one), else a folder in the pyramid layout; ``articles`` picks groups by their index."""
    path = Path(path)
    jsonl = path if path.suffix == ".jsonl" or path.is_file() else path / LABELS_FILE
    if jsonl == path or jsonl.is_file():
        texts = load_labels_jsonl(jsonl)
        groups = list(dict.fromkeys(t.group for t in texts))
        keep = {groups[i] for i in _select(len(groups), articles)}
        return [t for t in texts if t.group in keep]
    data = load_pyramid_data(path)
    return data.texts(_select(len(data.scus), articles))


def presence_scores(
    texts: Sequence[LabelledText], judge: Judge, *, whole: bool = True
) -> list[npt.NDArray[np.float64]]:
    """``scores[k][j]``: presence of unit j of ``texts[k]`` in that text."""
    return [presence(t.units, split_summary(t.text), judge, whole=whole) for t in texts]


def _kendall(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float | None:
    if x.size < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    tau = float(stats.kendalltau(x, y, variant="b").statistic)
    return None if math.isnan(tau) else tau


def _recall(values: npt.NDArray[np.bool_]) -> float:
    return float(values.mean()) if values.size else 0.0


def agreement(
    texts: Sequence[LabelledText],
    scores: Sequence[npt.NDArray[np.float64]],
    threshold: float,
) -> dict[str, Any]:
    """Unit-level accuracy and kappa, summary-level tau (texts of one group ranked by unit
    recall, averaged over groups) and system-level tau (systems by mean unit recall)."""
    predicted = [np.asarray(s >= threshold, dtype=bool) for s in scores]
    human = [np.asarray(t.labels, dtype=bool) for t in texts]
    by_group: dict[str, list[tuple[float, float]]] = {}
    by_system: dict[str, list[tuple[float, float]]] = {}
    for t, p, h in zip(texts, predicted, human, strict=True):
        by_group.setdefault(t.group, []).append((_recall(p), _recall(h)))
        by_system.setdefault(t.system, []).append((_recall(p), _recall(h)))
    p_all = np.concatenate(predicted) if predicted else np.zeros(0, dtype=bool)
    h_all = np.concatenate(human) if human else np.zeros(0, dtype=bool)
    n = p_all.size
    accuracy = float((p_all == h_all).mean()) if n else 0.0
    # Cohen's kappa, written out (5 lines; sklearn is not a dependency for this).
    p_yes = float(p_all.mean()) if n else 0.0
    h_yes = float(h_all.mean()) if n else 0.0
    expected = p_yes * h_yes + (1 - p_yes) * (1 - h_yes)
    kappa = float((accuracy - expected) / (1 - expected)) if expected < 1 else 0.0
    taus = [_kendall(*np.asarray(pairs, dtype=np.float64).T) for pairs in by_group.values()]
    kept = [t for t in taus if t is not None]
    means = np.asarray(
        [np.asarray(pairs, dtype=np.float64).mean(axis=0) for _, pairs in sorted(by_system.items())]
    )
    system_tau = _kendall(means[:, 0], means[:, 1]) if len(means) else None
    return {
        "accuracy": accuracy,
        "kappa": kappa,
        "summary_tau": float(np.mean(kept)) if kept else None,
        "system_tau": system_tau,
        "n_labels": int(n),
        "n_articles": len(by_group),
        "n_tau_articles": len(kept),
        "predicted_present_rate": p_yes,
        "human_present_rate": h_yes,
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
    texts = load_texts(Path(directory), articles)
    resolved = _resolve(judge)
    scores = presence_scores(texts, resolved, whole=whole)
    results = []
    for t in thresholds:
        t = resolved.threshold if t is None else t
        result = agreement(texts, scores, t)
        result.update(judge=resolved.name, threshold=t, whole_summary_candidate=whole)
        results.append(result)
    return results
