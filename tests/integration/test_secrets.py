"""No API key, bearer token or cookie may land in a cassette or a committed eval artefact."""

from __future__ import annotations

import pytest
import yaml

from tests.support.common import CASSETTES, KEYLIKE, ROOT

ARTEFACTS = sorted(CASSETTES.rglob("*.yaml")) + sorted((ROOT / "evals").rglob("*.json"))


def test_there_are_cassettes() -> None:
    assert sorted(CASSETTES.rglob("*.yaml")), "no cassettes recorded"


@pytest.mark.parametrize("path", ARTEFACTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_keylike_strings(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not KEYLIKE.search(text), f"{path.name} holds a key-like string"


@pytest.mark.parametrize("path", sorted(CASSETTES.rglob("*.yaml")), ids=lambda p: p.name)
def test_authorization_is_filtered_and_no_cookies(path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for interaction in data["interactions"]:
        request = {k.lower(): v for k, v in interaction["request"]["headers"].items()}
        assert request.get("authorization", ["REDACTED"]) == ["REDACTED"]
        assert "api-key" not in request and "cookie" not in request
        response = {k.lower(): v for k, v in interaction["response"]["headers"].items()}
        assert "set-cookie" not in response
