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
    assert settings.model == "gpt-4.1-mini"  # DEFAULT_OPENAI_MODEL
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


def test_zero_and_false_are_real_values_not_defaults() -> None:
    settings = Settings.resolve(
        environ={}, fuzzy_threshold=0, min_claims=0, temperature=0.0, max_reasks=0,
        reask_unsupported=False, verify=False,
    )  # fmt: skip
    assert settings.fuzzy_threshold == 0 and settings.min_claims == 0
    assert settings.max_reasks == 0 and settings.reask_unsupported is False
    assert settings.verify is None


def test_every_option_has_an_environment_variable() -> None:
    from summarizer._settings import OPTIONS

    missing = [name for name, option in OPTIONS.items() if not option.env]
    assert missing == []
    env = {
        "SUMMARIZER_MAX_CLAIMS": "7", "SUMMARIZER_MAX_TOKENS": "99",
        "SUMMARIZER_CONTEXT_WINDOW": "2048", "SUMMARIZER_ON_UNGROUNDED": "drop",
        "SUMMARIZER_VERIFY": "off", "SUMMARIZER_ON_UNSUPPORTED": "drop",
        "SUMMARIZER_REASK_UNSUPPORTED": "no", "SUMMARIZER_FUZZY_THRESHOLD": "0",
    }  # fmt: skip
    settings = Settings.resolve(environ=env)
    assert (settings.max_claims, settings.max_tokens, settings.context_window) == (7, 99, 2048)
    assert settings.on_ungrounded == "drop" and settings.on_unsupported == "drop"
    assert settings.verify is None and settings.reask_unsupported is False
    assert settings.fuzzy_threshold == 0.0


def test_profiles_differ_by_backend() -> None:
    local = Settings.resolve(environ={})
    remote = Settings.resolve(environ={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert local.reask_unsupported is False and remote.reask_unsupported is True
    assert (local.max_claims, remote.max_claims) == (12, 40)


def test_unknown_judge_and_option_are_clear_errors() -> None:
    with pytest.raises(ConfigurationError, match="unknown judge"):
        Settings.resolve(environ={}, verify="oracle")
    with pytest.raises(ConfigurationError, match="unknown option"):
        Settings.resolve(environ={}, max_claim=3)
