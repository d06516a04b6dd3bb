"""``summarizer gold agree``: agreement of two gold files with the eval's claim matching."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation._agreement import agree, cohen_kappa
from summarizer.evaluation._gold import GoldFile, check_record, load_gold
from tests.support.common import ROOT

GOLD = ROOT / "evals" / "gold" / "gold.jsonl"


def _copy_gold(tmp_path: Path, edit: Any = None) -> Path:
    """The project's gold file and its documents copied into ``tmp_path``, each record passed
    through ``edit`` (a record -> record or None to drop it)."""
    shutil.copytree(GOLD.parent / "documents", tmp_path / "documents")
    lines = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        record = edit(record) if edit else record
        if record is not None:
            lines.append(json.dumps(record, ensure_ascii=False))
    out = tmp_path / "gold.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_cohen_kappa_matches_a_worked_example() -> None:
    # 50 items, two raters: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o 0.7, p_e 0.5
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["fact"] * 3, ["fact"] * 3) == 1.0
    assert cohen_kappa([None, "UN"], [None, "UN"]) == 1.0


def test_a_gold_file_agrees_with_itself(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["gold", "agree", str(GOLD), str(GOLD), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    overall = data["overall"]
    claims = sum(len(d.claims) for d in load_gold(GOLD).documents)  # every language's
    assert overall["f1"] == 1.0 and overall["matched"] == overall["claims_a"] == claims == 420
    assert overall["span_iou"] == 1.0
    assert overall["kind_kappa"] == 1.0 and overall["attribution_kappa"] == 1.0
    assert data["only_in_a"] == [] and data["only_in_b"] == []
    assert all(doc["f1"] == 1.0 for doc in data["documents"].values())


def test_every_other_claim_removed_gives_the_expected_recall(tmp_path: Path) -> None:
    target = "003_abstract_screen_curfew"

    def halve(record: dict[str, Any]) -> dict[str, Any] | None:
        if record["id"] == target:
            record["claims"] = record["claims"][::2]
        return record if record["id"] in (target, "005_brief_satellite") else None

    reference = load_gold(GOLD)
    n = len(next(d for d in reference.documents if d.id == target).claims)
    halved = load_gold(_copy_gold(tmp_path, halve))
    result = agree(reference, halved)
    stats = {d.id: d.stats for d in result.documents}
    assert stats[target].recall == pytest.approx(len(range(0, n, 2)) / n)
    assert stats[target].precision == 1.0
    assert stats["005_brief_satellite"].f1 == 1.0
    assert "000_seed_isis" in result.only_in_a and result.only_in_b == []


def test_changed_kinds_and_sources_lower_kappa_not_f1(tmp_path: Path) -> None:
    target = "009_court_ruling_couriers"

    def relabel(record: dict[str, Any]) -> dict[str, Any] | None:
        if record["id"] != target:
            return None
        for claim in record["claims"][:6]:
            claim["kind"] = "opinion" if claim["kind"] != "opinion" else "fact"
        for claim in record["claims"][:4]:
            claim["attributed_to"] = None if claim["attributed_to"] else "court"
        return record

    a = load_gold(GOLD)
    b = load_gold(_copy_gold(tmp_path, relabel))
    result = agree(a, b)
    stats = result.documents[0].stats
    assert result.documents[0].id == target
    assert stats.f1 > 0.8
    assert stats.kind_kappa is not None and stats.kind_kappa < 1.0
    assert stats.kind_agreement is not None and stats.kind_agreement < 1.0
    assert stats.attribution_kappa is not None and stats.attribution_kappa < 1.0


def test_agree_errors_are_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = CliRunner().invoke(app, ["gold", "agree", str(GOLD), str(missing)])
    assert result.exit_code == 1
    assert "no such file" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, ["gold", "agree", str(GOLD), str(GOLD), "--matcher", "rouge1"])
    assert result.exit_code == 2 and "support matcher" in result.output


def test_the_documented_inter_annotator_figures() -> None:
    """``docs/gold-labelling.md`` reports these: a second, independent labelling of two gold
    documents (``tests/data/second_labeller.jsonl``) against the project's gold file."""
    result = agree(load_gold(GOLD), load_gold(ROOT / "tests" / "data" / "second_labeller.jsonl"))
    overall = result.overall
    assert (overall.n_a, overall.n_b, overall.n_matched) == (35, 35, 31)
    assert round(overall.f1, 3) == 0.886
    assert round(overall.span_iou or 0, 3) == 0.944
    assert round(overall.kind_kappa or 0, 3) == 0.954
    assert round(overall.attribution_kappa or 0, 3) == 0.649
    assert [d.id for d in result.documents] == [
        "003_abstract_screen_curfew",
        "008_citrus_cooperative_crlf",
    ]


def _one_claim_file(tmp_path: Path, name: str, text: str, source: str | None) -> GoldFile:
    doc = "The Pentagon said Islamic State is losing ground in northern Iraq."
    record = {"format_version": 2, "id": "d", "source": doc, "summary": doc, "key_points": [],
              "claims": [{"text": text, "kind": "fact", "attributed_to": source,
                          "evidence": [{"quote": doc, "start": 0, "end": len(doc)}]}]}  # fmt: skip
    return GoldFile(path=tmp_path / name, documents=[check_record(record, tmp_path / name)])


def test_claims_are_matched_with_their_attribution(tmp_path: Path) -> None:
    """As in the eval: "X is losing ground" attributed to the Pentagon and "The Pentagon said
    X is losing ground" in the document's own voice say the same thing."""
    a = _one_claim_file(
        tmp_path, "a.jsonl", "Islamic State is losing ground in northern Iraq.", "Pentagon"
    )
    b = _one_claim_file(
        tmp_path,
        "b.jsonl",
        "The Pentagon said Islamic State is losing ground in northern Iraq.",
        None,
    )
    stats = agree(a, b).overall
    assert stats.n_matched == 1
    assert stats.attribution_agreement == 0.0  # matched, yet labelled differently
