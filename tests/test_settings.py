from __future__ import annotations

import pytest

from summarizer import ConfigurationError, MissingAPIKeyError, Summarizer
from summarizer._settings import Settings

from .conftest import TEST_API_KEY


def test_no_key_no_url_means_local() -> None:
    settings = Settings.resolve(environ={})
    assert settings.backend == "local"
    assert settings.evidence_mode == "sentence"
    assert settings.base_url is None


def test_key_in_environment_means_openai() -> None:
    settings = Settings.resolve(environ={"OPENAI_API_KEY": TEST_API_KEY})
    assert settings.backend == "openai"
    assert settings.model == "gpt-4o-mini"
    assert settings.evidence_mode == "quote"


def test_base_url_means_compatible_and_arguments_win() -> None:
    env = {"OPENAI_BASE_URL": "http://env:1/v1", "SUMMARIZER_MODEL": "env-model"}
    settings = Settings.resolve(environ=env)
    assert settings.backend == "openai-compatible"
    assert settings.base_url == "http://env:1/v1"
    assert settings.model == "env-model"
    settings = Settings.resolve(base_url="http://arg:2/v1/", model="arg-model", environ=env)
    assert settings.base_url == "http://arg:2/v1"
    assert settings.model == "arg-model"
    env["SUMMARIZER_BASE_URL"] = "http://mine:3/v1"
    assert Settings.resolve(environ=env).base_url == "http://mine:3/v1"


def test_openai_without_key_names_the_variable() -> None:
    with pytest.raises(MissingAPIKeyError, match="OPENAI_API_KEY"):
        Settings.resolve(backend="openai", environ={})


def test_compatible_without_url_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="needs a base URL"):
        Settings.resolve(backend="openai-compatible", environ={})


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("backend", "gemini", "unknown backend"),
        ("mode", "xml", "unknown mode"),
        ("evidence_mode", "vibes", "unknown evidence mode"),
        ("on_ungrounded", "ignore", "flag or drop"),
    ],
)
def test_bad_options_are_clear_errors(option: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.resolve(environ={}, **{option: value})


def test_bad_number_in_environment_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="invalid option value"):
        Settings.resolve(environ={"SUMMARIZER_TEMPERATURE": "warm"})


def test_key_never_in_repr() -> None:
    secret = TEST_API_KEY + "-xyz"
    settings = Settings.resolve(api_key=secret, environ={})
    assert secret not in repr(settings)
    assert "api_key='***'" in repr(settings)
    summarizer = Summarizer(api_key=secret, backend="openai")
    assert secret not in repr(summarizer)
    assert secret not in str(summarizer.settings)


def test_environment_is_read_when_arguments_are_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_BACKEND", "openai-compatible")
    monkeypatch.setenv("SUMMARIZER_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SUMMARIZER_MAX_REASKS", "4")
    summarizer = Summarizer()
    assert summarizer.settings.backend == "openai-compatible"
    assert summarizer.settings.max_reasks == 4
