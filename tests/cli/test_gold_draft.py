"""``gold draft``, the draft/done status (gold format 2), ``eval --allow-drafts`` and the
labelling store's safety: never overwrite an input, atomic saves, stale versions refused,
FIFOs refused, one-line errors."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer._errors import ConfigurationError, GoldFileError
from summarizer._schema import Claim, ClaimKind, Evidence, Meta, Summary, TemplateInfo
from summarizer.cli import app
from summarizer.evaluation._gold import GoldFile, check_record, load_gold
from summarizer.labelling import GoldStore, StaleVersion, collect_documents

TEXT_A = "Café news 😀. The cooperative sold 1,200 tonnes in 2024.\r\nPrices rose 4%.\r\n"
TEXT_B = "The bridge opened on Monday. It cost €3 million, the council said.\n"


def _result(text: str, claims: list[tuple[str, str, int, int]]) -> dict[str, Any]:
    meta = Meta(
        model="m",
        backend="b",
        mode="tools",
        evidence_mode="quote",
        template=TemplateInfo(name="default", sha256="0" * 64),
    )
    summary = Summary(
        title="t",
        summary=text.split(".")[0] + ".",
        key_points=["one", "two", "three"],
        claims=[
            Claim(
                text=claim,
                kind=ClaimKind.FACT,
                attributed_to=None,
                evidence=[Evidence(quote=q, start=s, end=e, alignment="exact", score=1.0)],
            )
            for claim, q, s, e in claims
        ],
        meta=meta,
    )
    return summary.model_dump(mode="json")


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes(TEXT_A.encode())
    (docs / "b.txt").write_bytes(TEXT_B.encode())
    quote_a = "The cooperative sold 1,200 tonnes in 2024."
    at = TEXT_A.index(quote_a)
    quote_b = "The bridge opened on Monday."
    rows = [
        {
            "id": str(docs / "a.txt"),
            "result": _result(
                TEXT_A,
                [
                    ("The cooperative sold 1,200 tonnes in 2024.", quote_a, at, at + len(quote_a)),
                    ("Prices rose 4%.", "Prices rose 4%.", 0, 15),  # wrong offsets: left out
                ],
            ),
        },
        {"id": "b", "result": _result(TEXT_B, [("The bridge opened on Monday.", quote_b, 0, 28)])},
        {"id": "c", "error": {"type": "ServerError", "message": "HTTP 500"}},
    ]
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return {"docs": docs, "results": results, "root": tmp_path}


def test_gold_draft_makes_a_checked_draft_gold_file(corpus: dict[str, Path]) -> None:
    gold = corpus["root"] / "gold.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "gold",
            "draft",
            str(corpus["results"]),
            "--documents",
            str(corpus["docs"]),
            "--gold",
            str(gold),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 claim(s) without evidence" in result.output
    loaded = load_gold(gold)
    assert loaded.drafts() == ["a", "b"]
    a = loaded.documents[0]
    assert [c.text for c in a.claims] == ["The cooperative sold 1,200 tonnes in 2024."]
    span = a.claims[0].evidence[0]
    assert a.source_text[span.start : span.end] == span.quote
    assert a.source_path == "docs/a.txt"  # inside the gold file's folder: by reference
    check = CliRunner().invoke(app, ["gold", "check", str(gold)])
    assert check.exit_code == 0, check.output


def test_gold_draft_never_overwrites(corpus: dict[str, Path]) -> None:
    gold = corpus["root"] / "gold.jsonl"
    gold.write_text("my labels\n")
    args = ["gold", "draft", str(corpus["results"]), "--documents", str(corpus["docs"])]
    result = CliRunner().invoke(app, [*args, "--gold", str(gold)])
    assert result.exit_code == 2 and "never overwrites" in result.output
    assert gold.read_text() == "my labels\n"
    document = corpus["docs"] / "a.txt"
    result = CliRunner().invoke(app, [*args, "--gold", str(document)])
    assert result.exit_code == 2
    assert document.read_bytes() == TEXT_A.encode()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_not_read(corpus: dict[str, Path]) -> None:
    fifo = corpus["root"] / "fifo.jsonl"
    os.mkfifo(fifo)
    gold = corpus["root"] / "out.jsonl"
    outcome: dict[str, Any] = {}

    def run() -> None:
        outcome["result"] = CliRunner().invoke(
            app,
            [
                "gold",
                "draft",
                str(fifo),
                "--documents",
                str(corpus["docs"]),
                "--gold",
                str(gold),
            ],
        )

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "gold draft hung on a FIFO"
    assert outcome["result"].exit_code == 2
    assert "not a regular file" in outcome["result"].output
    assert not gold.exists()
    with pytest.raises(ConfigurationError, match="not a regular file"):
        collect_documents([fifo])


def test_format_versions(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    base = {
        "id": "x",
        "source": "A fact.",
        "summary": "A fact.",
        "key_points": [],
        "claims": [
            {
                "text": "A fact.",
                "kind": "fact",
                "attributed_to": None,
                "evidence": [{"quote": "A fact.", "start": 0, "end": 7}],
            }
        ],
    }
    assert check_record({"format_version": 1, **base}, gold).status == "done"
    assert check_record({"format_version": 2, **base}, gold).status == "done"
    assert check_record({"format_version": 2, "status": "draft", **base}, gold).status == "draft"
    with pytest.raises(GoldFileError) as refused:
        check_record({"format_version": 1, "status": "draft", **base}, gold)
    assert refused.value.field == "status"
    with pytest.raises(GoldFileError) as refused:
        check_record({"format_version": 2, "status": "finished", **base}, gold)
    assert refused.value.field == "status"
    with pytest.raises(GoldFileError, match="unknown format_version 3"):
        check_record({"format_version": 3, **base}, gold)


def test_eval_refuses_drafts_unless_allowed(corpus: dict[str, Path], tmp_path: Path) -> None:
    gold = corpus["root"] / "gold.jsonl"
    drafted = CliRunner().invoke(
        app,
        [
            "gold",
            "draft",
            str(corpus["results"]),
            "--documents",
            str(corpus["docs"]),
            "--gold",
            str(gold),
        ],
    )
    assert drafted.exit_code == 0, drafted.output
    predictions = tmp_path / "predictions.jsonl"
    rows = [json.loads(line) for line in corpus["results"].read_text().splitlines()]
    rows[0]["id"] = "a"
    predictions.write_text("".join(json.dumps(r) + "\n" for r in rows[:2]))
    args = ["eval", str(gold), "--predictions", str(predictions), "--out", str(tmp_path / "run")]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 2
    assert "marked draft" in refused.output and "--allow-drafts" in refused.output
    assert not (tmp_path / "run").exists()
    allowed = CliRunner().invoke(app, [*args, "--allow-drafts"])
    assert allowed.exit_code == 0, allowed.output
    assert (tmp_path / "run" / "summary.json").is_file()


def _fields(summary: str = "The bridge opened.", status: str = "done") -> dict[str, Any]:
    quote = "The bridge opened on Monday."
    return {
        "status": status,
        "kind": "news",
        "summary": summary,
        "key_points": ["opened"],
        "claims": [
            {
                "text": quote,
                "kind": "fact",
                "attributed_to": None,
                "evidence": [{"quote": quote, "start": 0, "end": len(quote)}],
            }
        ],
    }


def test_store_refuses_a_stale_version_and_keeps_other_lines(corpus: dict[str, Path]) -> None:
    gold = corpus["root"] / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "format_version": 1,
                "id": "other",
                "source": "Kept.",
                "summary": "Kept.",
                "key_points": [],
                "claims": [],
            }
        )
        + "\n"
    )
    kept = gold.read_text().strip()
    store = GoldStore(gold, collect_documents([corpus["docs"]]))
    assert set(store.documents) == {"a", "b", "other"}
    first = store.save("b", "", _fields())
    assert store.state("b").version == first
    with pytest.raises(StaleVersion):
        store.save("b", "", _fields("Another tab."))  # started before the first save
    second = store.save("b", first, _fields("Edited.", "draft"))
    assert second != first
    lines = gold.read_text().splitlines()
    assert lines[0] == kept
    assert json.loads(lines[1])["summary"] == "Edited."
    assert store.statuses() == {"a": "not started", "b": "draft", "other": "done"}


def test_a_failed_write_leaves_the_old_file(
    corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = corpus["root"] / "gold.jsonl"
    store = GoldStore(gold, collect_documents([corpus["docs"]]))
    version = store.save("b", "", _fields())
    before = gold.read_bytes()

    def crash(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save("b", version, _fields("Changed."))
    assert gold.read_bytes() == before
    assert [p.name for p in gold.parent.iterdir() if p.name.startswith(".gold")] == []


def test_an_invalid_save_names_the_field_and_writes_nothing(corpus: dict[str, Path]) -> None:
    gold = corpus["root"] / "gold.jsonl"
    store = GoldStore(gold, collect_documents([corpus["docs"]]))
    bad = _fields()
    bad["claims"][0]["evidence"][0]["start"] = 1
    with pytest.raises(GoldFileError) as error:
        store.save("b", "", bad)
    assert error.value.field == "claims.0.evidence.0"
    assert not gold.exists()


def test_label_refuses_an_input_as_the_gold_file(corpus: dict[str, Path]) -> None:
    document = corpus["docs"] / "a.txt"
    for target in (document, corpus["results"]):
        result = CliRunner().invoke(
            app,
            [
                "gold",
                "label",
                str(corpus["docs"]),
                "--gold",
                str(target),
                "--prefill",
                str(corpus["results"]),
                "--port",
                "0",
            ],
        )
        assert result.exit_code == 2, result.output
        assert "is one of the inputs" in result.output
    assert document.read_bytes() == TEXT_A.encode()
    broken = corpus["root"] / "broken.jsonl"
    broken.write_text("{not json\n")
    result = CliRunner().invoke(
        app, ["gold", "label", str(corpus["docs"]), "--gold", str(broken), "--port", "0"]
    )
    assert result.exit_code == 1 and "invalid JSON" in result.output
    assert "Traceback" not in result.output


def test_a_save_keeps_permissions_and_symlinks(corpus: dict[str, Path]) -> None:
    real = corpus["root"] / "real.jsonl"
    store = GoldStore(real, collect_documents([corpus["docs"]]))
    version = store.save("b", "", _fields())
    real.chmod(0o640)
    link = corpus["root"] / "gold.jsonl"
    link.symlink_to(real.name)
    linked = GoldStore(link, collect_documents([corpus["docs"]]))
    linked.save("b", version, _fields("Through the link."))
    assert link.is_symlink()
    assert json.loads(real.read_text())["summary"] == "Through the link."
    assert real.stat().st_mode & 0o777 == 0o640


def test_the_status_does_not_change_the_gold_digest(tmp_path: Path) -> None:
    from summarizer.evaluation._run import gold_digest

    base = {"id": "x", "source": "A fact.", "summary": "A fact.", "key_points": [], "claims": []}
    gold = tmp_path / "gold.jsonl"
    done = check_record({"format_version": 1, **base}, gold)
    draft = check_record({"format_version": 2, "status": "draft", **base}, gold)
    assert draft.status == "draft"
    assert gold_digest(GoldFile(path=gold, documents=[done])) == gold_digest(
        GoldFile(path=gold, documents=[draft])
    )
