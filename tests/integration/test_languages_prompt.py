"""The prompt asks for the document's language (or ``output_language``), and a result records
the language it was judged in: through the capable-model double
(``tests/support/capable_server.py``, a TEST DOUBLE answering with the gold claims of the
non-English documents of ``evals/gold/gold.jsonl``)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any, cast

import pytest

from summarizer import Document, Summarizer
from summarizer._pipeline import combine_parts
from summarizer._prompts import PromptTemplates
from summarizer._settings import Settings
from summarizer._support import Verdict
from tests.support.capable_server import Plan, capable_server
from tests.support.common import ROOT
from tests.support.language_variants import GOLD, gold_documents

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

GERMAN = "100_de_radbruecke"
CHINESE = "103_zh_ditie"


def _system(body: dict[str, Any]) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "system")


@pytest.mark.parametrize(
    ("doc_id", "output_language", "asked"),
    [
        (GERMAN, None, "in German (de)"),
        (CHINESE, None, "in Chinese (zh)"),
        (GERMAN, "English", "in English."),
    ],
)
def test_the_model_is_asked_to_write_in_the_documents_language(
    doc_id: str, output_language: str | None, asked: str
) -> None:
    text = gold_documents()[doc_id].source_text
    with capable_server(Plan(gold_claims=6, invented=0), gold=GOLD) as server:
        options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
        with Summarizer(**options, output_language=output_language) as summarizer:
            result = summarizer.summarize(text)
        posts = [s for s in server.seen if s.path.endswith("/chat/completions")]
    assert asked in _system(posts[0].body)
    assert result.meta.language == doc_id.split("_")[1]
    assert result.meta.language_source == "detected"
    # the gold claims, on their own quotes, judged in the document's language: all kept
    assert result.claims and all(c.support and c.support.supported for c in result.claims)
    assert result.meta.not_judged_claims == result.meta.contradicted_claims == 0


def test_an_english_prompt_is_unchanged_and_the_language_option_is_recorded(
    seed_text: str,
) -> None:
    with capable_server(Plan(gold_claims=4, invented=0)) as server:
        options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
        with Summarizer(**options, language="fi") as summarizer:
            result = summarizer.summarize(seed_text)
        posts = [s for s in server.seen if s.path.endswith("/chat/completions")]
    assert "Write the title" in _system(posts[0].body)  # asked for the given language
    assert (result.meta.language, result.meta.language_source) == ("fi", "given")
    assert result.meta.not_judged_claims == len(result.claims) > 0
    assert all(c.support and c.support.verdict == "not_judged" for c in result.claims)
    with capable_server(Plan(gold_claims=4, invented=0)) as server:
        options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
        with Summarizer(**options) as summarizer:
            english = summarizer.summarize(seed_text)
        posts = [s for s in server.seen if s.path.endswith("/chat/completions")]
    assert "Write the title" not in _system(posts[0].body)
    assert english.meta.language == "en"


def test_the_options_are_read_from_the_environment() -> None:
    env = {"SUMMARIZER_LANGUAGE": "DE", "SUMMARIZER_OUTPUT_LANGUAGE": "English"}
    settings = Settings.resolve(environ=env, backend="openai-compatible", base_url="http://x")
    assert (settings.language, settings.output_language) == ("de", "English")


# --- the model as judge (verify="llm") and the combine prompt, in the document's language ----

PLANTED_NEGATE = ROOT / "tests" / "data" / "planted" / "negate"


@pytest.mark.parametrize("doc_id", [GERMAN, "101_fr_tramway", CHINESE])
def test_the_model_judges_hard_checks_are_in_the_documents_language(doc_id: str) -> None:
    """The double negates every third claim (with the language's own negation) and, as judge,
    calls every claim supported: the hard checks, in the document's language, overrule it."""
    text = gold_documents()[doc_id].source_text
    with capable_server(Plan(gold_claims=9, invented=0)) as server:
        options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
        with Summarizer(
            **options, verify="llm", max_reasks=0, templates=PLANTED_NEGATE
        ) as summarizer:
            result = summarizer.summarize(text)
        judged = [s for s in server.seen if s.path.endswith("/chat/completions")][-1]
    assert "Judge each of" in json.dumps(judged.body["messages"], ensure_ascii=False)
    claims = [c for c in result.claims if c.support is not None]
    negated = claims[::3]
    assert len(claims) >= 6 and negated
    for claim in claims:
        assert claim.support is not None and claim.support.judge == "llm"
        if claim in negated:
            assert claim.support.supported is False, claim.text
            assert claim.support.verdict == "contradicts", claim.support
        else:
            assert claim.support.supported is True, (claim.text, claim.support)
            assert claim.support.reason is None
    assert result.meta.contradicted_claims == len(negated)


def test_the_model_judge_in_an_unsupported_language_says_it_had_no_hard_checks(
    seed_text: str,
) -> None:
    with capable_server(Plan(gold_claims=4, invented=0)) as server:
        options = {"base_url": server.url, "model": "capable-model", "evidence_mode": "quote"}
        with Summarizer(**options, verify="llm", max_reasks=0, language="fi") as summarizer:
            result = summarizer.summarize(seed_text)
    assert result.claims and result.meta.judge == "llm"
    for claim in result.claims:
        assert claim.support is not None and claim.support.supported is True
        assert claim.support.reason == "no hard checks: language 'fi' has no word lists"


def test_a_model_judge_rejection_is_counted_as_not_stated() -> None:
    """What the model alone rejects is ``not_stated`` (check ``model``), what a hard check
    rejects ``contradicts``: ``meta`` counts them apart."""
    from summarizer._llm_judge import _support

    model = _support(Verdict(0.0, False, "the evidence says nothing of drones"), None)
    hard = _support(Verdict(0.0, False, 'negation: "nicht"', "negation"), None)
    assert (model.verdict, model.check) == ("not_stated", "model")
    assert (hard.verdict, hard.check) == ("contradicts", "negation")


@pytest.mark.parametrize(
    ("given", "output_language", "asked"),
    [
        ("de", None, "in German (de)"),
        ("zh", None, "in Chinese (zh)"),
        ("de", "English", "in English."),
    ],
)
def test_the_combine_prompt_asks_for_the_documents_language(
    given: str, output_language: str | None, asked: str
) -> None:
    """A long document's parts are combined in the language its parts were written in."""
    text = gold_documents()[GERMAN if given == "de" else CHINESE].source_text
    part = SimpleNamespace(title="Teil", summary="Eine Zusammenfassung.", key_points=["Punkt"])
    with Summarizer(
        backend="openai-compatible", base_url="http://127.0.0.1:9/v1", model="capable-model",
        language=given, output_language=output_language,
    ) as summarizer:  # fmt: skip
        context = summarizer.context("capable-model")
        exchange = combine_parts(context, Document(text), [], cast(Any, [part, part]))
        body = next(exchange)
    exchange.close()
    system = _system(body)
    assert f"Write the title, the summary and the key points {asked}" in system


def test_an_english_combine_prompt_is_unchanged() -> None:
    templates = PromptTemplates()
    parts: list[dict[str, Any]] = [{"title": "T", "summary": "S.", "key_points": ["k"]}]
    assert "Write the title" not in templates.render_combine(parts).system
    assert templates.render_combine(parts).system == templates.render_combine(parts, None).system
