"""The prompt asks for the document's language (or ``output_language``), and a result records
the language it was judged in: through the capable-model double
(``tests/support/capable_server.py``, a TEST DOUBLE answering with the gold claims of
``evals/gold/languages.jsonl``)."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer import Summarizer
from summarizer._settings import Settings
from tests.support.capable_server import Plan, capable_server
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
