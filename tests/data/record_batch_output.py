"""Record ``batch_output.jsonl``: the Batch API output for ``batch_docs.jsonl``, produced by
sending the prepared requests to the real embedded llama.cpp server (no hand-written answers).

    python tests/data/record_batch_output.py

OpenAI's own batch endpoint is not reachable from CI; its output format is the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import openai

from summarizer import Summarizer
from summarizer._local import LocalServer
from summarizer._openai_batch import prepare_requests

HERE = Path(__file__).parent
OPTIONS = {
    "backend": "openai-compatible",
    "model": "smollm2-135m-instruct",
    "evidence_mode": "sentence",
    "max_claims": 12,
    "max_tokens": 1536,
    "context_window": 8192,
    "chunk_chars": 6000,
}


def documents() -> list[tuple[str, str]]:
    lines = (HERE / "batch_docs.jsonl").read_text(encoding="utf-8").splitlines()
    return [(row["id"], row["text"]) for row in map(json.loads, lines) if row]


def main() -> None:
    server = LocalServer()
    url = server.start()
    try:
        summarizer = Summarizer(base_url=url, **OPTIONS)
        client = openai.OpenAI(base_url=url, api_key="no-key-needed", max_retries=0, timeout=600)
        requests = list(prepare_requests(documents(), summarizer))
        with (HERE / "batch_output.jsonl").open("w", encoding="utf-8") as out:
            for number, request in enumerate(requests, 1):
                completion = client.chat.completions.create(**request["body"])
                line = {
                    "id": f"batch_req_{number:04d}",
                    "custom_id": request["custom_id"],
                    "response": {
                        "status_code": 200,
                        "request_id": completion.id,
                        "body": completion.model_dump(mode="json", exclude_none=True),
                    },
                    "error": None,
                }
                out.write(json.dumps(line) + "\n")
                print(request["custom_id"], completion.usage)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
