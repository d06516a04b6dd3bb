"""Long documents: chunk planning, offset mapping and claim merging; and a 200,000-character
document summarized end to end (replayed from the real embedded server)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from summarizer import Alignment, Claim, ClaimKind, Document, Evidence, Summarizer
from summarizer._chunking import merge_claims, plan_chunks
from tests.support.common import CASSETTES, ROOT, embedded_options
from tests.support.loopback import Answer, Script, loopback_server, recorded_body

GOLD_DOCS = ROOT / "evals" / "gold" / "documents"


def long_text(target: int = 200_000) -> str:
    """A deterministic document of at least ``target`` characters from the gold documents."""
    sources = sorted(GOLD_DOCS.glob("*.txt"))
    parts: list[str] = []
    size = 0
    round_ = 0
    while size < target:
        round_ += 1
        for path in sources:
            text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
            piece = f"Section {round_}.{path.stem[:3]}\n\n{text.strip()}\n\n"
            parts.append(piece)
            size += len(piece)
    return "".join(parts)


def test_chunks_are_exact_slices_within_size_with_overlap() -> None:
    text = long_text(60_000)
    doc = Document(text)
    chunks = plan_chunks(doc, 8_000, 800)
    assert len(chunks) >= 8
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 8_000
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end  # overlap
        assert after.start > before.start  # progress
    covered = {s.number for s in doc.sentences for c in chunks if c.start <= s.start < c.end}
    assert covered == {s.number for s in doc.sentences}


def test_a_sentence_longer_than_a_chunk_is_cut() -> None:
    text = "word " * 5_000 + "end."
    chunks = plan_chunks(Document(text), 1_000, 100)
    assert all(len(c.text) <= 1_000 for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert chunks[-1].end == len(text.rstrip())


def _claim(text: str, start: int, end: int, source: str) -> Claim:
    evidence = Evidence(
        quote=source[start:end], start=start, end=end, alignment=Alignment.EXACT, score=1.0
    )
    return Claim(text=text, kind=ClaimKind.FACT, evidence=[evidence])


def test_merge_drops_repeats_and_keeps_extra_evidence() -> None:
    source = "The dam holds 4 million cubic metres. It was built in 1962. The dam holds a lot."
    a = _claim("The dam holds 4 million cubic metres.", 0, 37, source)
    b = _claim("The dam holds 4 million cubic metres of water.", 0, 37, source)
    c = _claim("The dam was built in 1962.", 38, 58, source)
    d = _claim("The dam holds 4 million cubic metres", 59, 81, source)
    merged = merge_claims([a, b, c, d])
    assert [m.text for m in merged] == [a.text, c.text]
    assert [(e.start, e.end) for e in merged[0].evidence] == [(0, 37), (59, 81)]


def medium_text() -> str:
    """Three gold documents back to back: about 6,500 characters."""
    names = ("009_court_ruling_couriers", "002_oped_highways", "004_transcript_library_budget")
    return "\n\n".join((GOLD_DOCS / f"{n}.txt").read_bytes().decode("utf-8") for n in names)


@pytest.mark.vcr
def test_chunked_document_end_to_end(replayed: Any, embedded_base_url: str) -> None:
    """Recorded from the real embedded server: 3 chunk calls and the final combine call."""
    text = medium_text()
    options = embedded_options(embedded_base_url, chunk_chars=2_600)
    with Summarizer(**options) as summarizer:
        result = summarizer.summarize(text)
    assert result.meta.chunks == 3
    assert result.meta.attempts >= 4 - result.meta.failed_chunks
    assert result.meta.failed_chunks < 3
    assert result.title and result.summary and result.key_points
    for claim in result.claims:
        for evidence in claim.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote
    assert max(e.start for c in result.claims for e in c.evidence) > 2_600


def valid_chunk_body(cassette: Path) -> str:
    """A recorded chunk answer that parsed (the recording may also hold reasked ones)."""
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    for index, interaction in enumerate(data["interactions"]):
        if '"StructuredSummary"' not in interaction["request"]["body"]:
            continue
        body = recorded_body(cassette, index)
        call = json.loads(body)["choices"][0]["message"]["tool_calls"][0]
        try:
            if json.loads(call["function"]["arguments"], strict=False).get("claims"):
                return body
        except ValueError:
            continue
    raise AssertionError("no usable chunk answer in the cassette")


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_200k_document_over_loopback() -> None:
    """200,000 characters, 14 chunks, over real HTTP to a loopback server that answers each
    chunk and the combine call with the responses recorded above."""
    cassette = CASSETTES / "test_chunked_document_end_to_end.yaml"
    chunk_body, combine_body = valid_chunk_body(cassette), recorded_body(cassette, -1)

    class Router(Script):
        def next(self) -> Answer:
            request = self.seen[-1][3].decode()
            body = combine_body if '"CombinedDraft"' in request else chunk_body
            return Answer(200, body)

    text = long_text(200_000)
    assert len(text) >= 200_000
    script = Router([Answer(200)])
    with loopback_server(script) as url:
        options = embedded_options(url, chunk_chars=15_000, max_reasks=0)
        with Summarizer(**options) as summarizer:
            result = summarizer.summarize(text)
    assert result.meta.chunks >= 13
    assert len(script.seen) == result.meta.chunks + 1
    assert result.title and result.summary and result.key_points
    for claim in result.claims:
        for evidence in claim.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote
    # Every chunk's claims map into its own part of the document.
    assert max(e.start for c in result.claims for e in c.evidence) > 180_000
