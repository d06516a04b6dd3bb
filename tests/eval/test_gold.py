"""The gold file loader: the committed gold file loads, and every kind of mistake is reported
with the file, the line and the field."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer._errors import SummarizerError
from summarizer._schema import ClaimKind
from summarizer.evaluation._gold import (
    GoldClaim,
    GoldDocument,
    GoldEvidence,
    GoldFile,
    GoldFileError,
    load_gold,
)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
SEED_SHA256 = "ade79199d8f86c2fa0af71739147bd82718712dab264289d858ed37e3d9afc54"
LOCATE = ROOT / "evals" / "tools" / "locate_spans.py"

SOURCE = "Alpha rose 5% in May. Beta said it would fall."


def _record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "format_version": 1,
        "id": "doc",
        "source": SOURCE,
        "kind": "news",
        "summary": "Alpha rose.",
        "key_points": ["Alpha rose 5%."],
        "claims": [
            {
                "text": "Alpha rose 5% in May.",
                "kind": "statistic",
                "attributed_to": None,
                "evidence": [{"quote": "Alpha rose 5% in May.", "start": 0, "end": 21}],
            },
            {
                "text": "Alpha will fall.",
                "kind": "prediction",
                "attributed_to": "Beta",
                "evidence": [{"quote": "it would fall", "start": 32, "end": 45}],
            },
        ],
    }
    record.update(overrides)
    return record


def _write(tmp_path: Path, *records: dict[str, Any] | str) -> Path:
    path = tmp_path / "gold.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _error(path: Path) -> GoldFileError:
    with pytest.raises(GoldFileError) as info:
        load_gold(path)
    return info.value


# --- the committed gold file -------------------------------------------------------------------


def test_committed_gold_file_loads() -> None:
    gold = load_gold(GOLD)
    counts = gold.counts()
    assert counts["documents"] >= 10
    assert counts["claims"] >= 200
    assert all(counts[f"claims.{kind.value}"] > 0 for kind in ClaimKind)
    ids = [doc.id for doc in gold.documents]
    assert ids[0] == "000_seed_isis"
    assert len(set(ids)) == len(ids)
    for doc in gold.documents:
        assert 3 <= len(doc.key_points) <= 6
        for claim in doc.claims:
            assert claim.evidence
            for span in claim.evidence:
                assert doc.source_text[span.start : span.end] == span.quote


def test_committed_gold_file_properties() -> None:
    docs = {doc.id: doc for doc in load_gold(GOLD).documents}
    seed = docs["000_seed_isis"]
    assert len(seed.claims) >= 30
    # The committed copy is byte for byte the project's seed article (``seeds/
    # 000_6ad51da8b3092bc4.txt`` of the shared folder), pinned by its SHA-256 so that a clone
    # without that folder checks it too.
    assert hashlib.sha256(seed.source_text.encode("utf-8")).hexdigest() == SEED_SHA256
    # The paywall footer and the photo credit are not claims.
    footer = seed.source_text.index("of stories this month")
    credit = seed.source_text.index("Thaier Al-Sudani/REUTERS")
    for claim in seed.claims:
        for span in claim.evidence:
            assert span.end <= footer
            assert not span.start <= credit < span.end
    assert len(docs["006_long_water_report"].source_text) > 20_000
    assert len(docs["006_long_water_report"].claims) >= 40
    crlf = docs["008_citrus_cooperative_crlf"]
    assert "\r\n" in crlf.source_text and "€" in crlf.source_text
    jinja = docs["007_changelog_jinja"]
    assert "{{" in jinja.source_text and "{% if" in jinja.source_text
    injection = jinja.source_text.index("Ignore previous instructions")
    assert all(not span.start <= injection < span.end for c in jinja.claims for span in c.evidence)
    assert docs["005_brief_satellite"].source_path is None


# --- a good file -------------------------------------------------------------------------------


def test_inline_source(tmp_path: Path) -> None:
    gold = load_gold(_write(tmp_path, _record()))
    assert isinstance(gold, GoldFile)
    assert gold.path == tmp_path / "gold.jsonl"
    (doc,) = gold.documents
    assert isinstance(doc, GoldDocument)
    assert doc.source_text == SOURCE and doc.source_path is None and doc.kind == "news"
    claim = doc.claims[1]
    assert isinstance(claim, GoldClaim)
    assert claim.kind is ClaimKind.PREDICTION and claim.attributed_to == "Beta"
    assert claim.evidence == [GoldEvidence(quote="it would fall", start=32, end=45)]


def test_source_path_keeps_crlf_and_non_ascii(tmp_path: Path) -> None:
    text = "Zoë paid €5.\r\nJosé paid €7 🍊.\r\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_bytes(text.encode("utf-8"))
    start = text.index("José")
    record = _record(
        source=None,
        claims=[
            {
                "text": "José paid €7.",
                "kind": "statistic",
                "attributed_to": None,
                "evidence": [{"quote": "José paid €7", "start": start, "end": start + 12}],
            }
        ],
    )
    del record["source"]
    record["source_path"] = "docs/a.txt"
    (doc,) = load_gold(_write(tmp_path, record)).documents
    assert doc.source_text == text
    assert doc.source_path == "docs/a.txt"


def test_counts(tmp_path: Path) -> None:
    counts = load_gold(_write(tmp_path, _record(), _record(id="other"))).counts()
    assert counts["documents"] == 2
    assert counts["claims"] == 4
    assert counts["claims.statistic"] == 2
    assert counts["claims.prediction"] == 2
    assert counts["claims.quote"] == 0
    assert counts["evidence_spans"] == 4
    assert counts["characters"] == 2 * len(SOURCE)


def test_blank_lines_are_skipped_and_lines_are_counted(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(), "", _record(id="x", format_version=3))
    error = _error(path)
    assert error.line == 3


# --- errors ------------------------------------------------------------------------------------


def test_error_is_a_summarizer_error() -> None:
    assert issubclass(GoldFileError, SummarizerError)


def test_missing_file(tmp_path: Path) -> None:
    error = _error(tmp_path / "nope.jsonl")
    assert error.line is None and error.field is None
    assert "no such file" in str(error)
    assert str(error).startswith(str(tmp_path / "nope.jsonl"))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    error = _error(path)
    assert error.line is None
    assert "no documents" in str(error)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, _record(), '{"format_version": 1, "id": '))
    assert error.line == 2 and error.field is None
    assert "invalid JSON" in str(error)
    assert ", line 2: " in str(error)


def test_not_an_object(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "[1, 2]"))
    assert "expected a JSON object" in str(error)


@pytest.mark.parametrize("version", [3, 0, "1", None])
def test_unknown_format_version(tmp_path: Path, version: object) -> None:
    error = _error(_write(tmp_path, _record(format_version=version)))
    assert error.field == "format_version"
    assert "unknown format_version" in str(error)


def test_missing_format_version(tmp_path: Path) -> None:
    record = _record()
    del record["format_version"]
    error = _error(_write(tmp_path, record))
    assert error.field == "format_version" and "missing" in str(error)


def test_missing_field(tmp_path: Path) -> None:
    record = _record()
    del record["claims"][1]["attributed_to"]
    error = _error(_write(tmp_path, record))
    assert error.line == 1
    assert error.field == "claims.1.attributed_to"
    assert str(error).endswith("field claims.1.attributed_to: missing field")


def test_wrong_type(tmp_path: Path) -> None:
    record = _record()
    record["claims"][0]["evidence"][0]["start"] = "0"
    error = _error(_write(tmp_path, record))
    assert error.field == "claims.0.evidence.0.start"
    assert "got a string" in str(error)


def test_bool_is_not_an_offset(tmp_path: Path) -> None:
    record = _record()
    record["claims"][0]["evidence"][0]["start"] = False
    assert _error(_write(tmp_path, record)).field == "claims.0.evidence.0.start"


def test_unknown_claim_kind(tmp_path: Path) -> None:
    record = _record()
    record["claims"][0]["kind"] = "rumour"
    error = _error(_write(tmp_path, record))
    assert error.field == "claims.0.kind"


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    record = _record()
    record["claims"][0]["atributed_to"] = "X"
    error = _error(_write(tmp_path, record))
    assert error.field == "claims.0.atributed_to" and "unknown field" in str(error)


def test_claim_without_evidence(tmp_path: Path) -> None:
    record = _record()
    record["claims"][0]["evidence"] = []
    assert _error(_write(tmp_path, record)).field == "claims.0.evidence"


def test_both_sources(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, _record(source_path="documents/a.txt")))
    assert "both" in str(error)


def test_neither_source(tmp_path: Path) -> None:
    record = _record()
    del record["source"]
    assert "neither" in str(_error(_write(tmp_path, record)))


def test_source_path_missing(tmp_path: Path) -> None:
    record = _record()
    del record["source"]
    record["source_path"] = "documents/absent.txt"
    error = _error(_write(tmp_path, record))
    assert error.field == "source_path"
    assert "no such file: documents/absent.txt" in str(error)


def test_source_path_must_be_relative(tmp_path: Path) -> None:
    record = _record()
    del record["source"]
    record["source_path"] = str(tmp_path / "a.txt")
    error = _error(_write(tmp_path, record))
    assert error.field == "source_path" and "relative" in str(error)


def test_source_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"caf\xe9")
    record = _record()
    del record["source"]
    record["source_path"] = "a.txt"
    assert "not UTF-8" in str(_error(_write(tmp_path, record)))


def test_span_mismatch(tmp_path: Path) -> None:
    record = _record()
    record["claims"][1]["evidence"][0].update(start=31, end=44)
    path = _write(tmp_path, _record(id="first"), record)
    error = _error(path)
    assert error.line == 2
    assert error.field == "claims.1.evidence.0"
    message = str(error)
    assert message.startswith(f"{path}, line 2, field claims.1.evidence.0: ")
    assert "quote 'it would fall' does not match source[31:44]" in message
    assert "occurs at [32:45]" in message


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(0, 999, "end"), (999, 1000, "start"), (10, 5, "end")],
)
def test_span_out_of_range(tmp_path: Path, start: int, end: int, field: str) -> None:
    record = _record()
    record["claims"][0]["evidence"][0].update(start=start, end=end)
    error = _error(_write(tmp_path, record))
    assert error.field == f"claims.0.evidence.0.{field}"


def test_negative_offset(tmp_path: Path) -> None:
    record = _record()
    record["claims"][0]["evidence"][0]["start"] = -1
    assert _error(_write(tmp_path, record)).field == "claims.0.evidence.0.start"


def test_duplicate_ids_name_both_lines(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, _record(), _record(id="b"), _record()))
    assert error.line == 3 and error.field == "id"
    assert "duplicate id 'doc' (lines 1 and 3)" in str(error)


def test_every_bad_record_is_listed(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, _record(format_version=9), _record(id="ok"), "{oops"))
    assert error.line == 1
    assert [e.line for e in error.errors] == [1, 3]
    assert "1 more bad record" in str(error)


def test_no_raw_exception_escapes(tmp_path: Path) -> None:
    garbage = ["null", "3", '"x"', '{"format_version": 1}', '{"format_version": 1, "id": []}']
    for number, line in enumerate(garbage):
        path = tmp_path / f"g{number}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(GoldFileError):
            load_gold(path)


# --- evals/tools/locate_spans.py ---------------------------------------------------------------


def _locate(tmp_path: Path, *spans: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    record = _record(
        claims=[{"text": "t", "kind": "fact", "attributed_to": None, "evidence": list(spans)}]
    )
    path = _write(tmp_path, record)
    return subprocess.run(
        [sys.executable, str(LOCATE), str(path)], capture_output=True, text=True, check=False
    )


def test_locate_spans_fills_offsets(tmp_path: Path) -> None:
    result = _locate(tmp_path, {"quote": "it would fall"}, {"quote": "rose", "occurrence": 1})
    assert result.returncode == 0, result.stderr
    (doc,) = load_gold(tmp_path / "gold.jsonl").documents
    assert [(e.start, e.end) for e in doc.claims[0].evidence] == [(32, 45), (6, 10)]


def test_locate_spans_refuses_absent_and_ambiguous(tmp_path: Path) -> None:
    result = _locate(tmp_path, {"quote": "Gamma"}, {"quote": "a"})
    assert result.returncode == 1
    assert "not found" in result.stderr and 'add "occurrence"' in result.stderr
    assert "start" not in (tmp_path / "gold.jsonl").read_text(encoding="utf-8")
