from __future__ import annotations

import asyncio
import inspect
import threading
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from summarizer import (
    ConfigurationError,
    MissingAPIKeyError,
    Summarizer,
    asummarize,
    summarize,
)
from summarizer._batch import BatchLedger
from summarizer._settings import (
    Settings,
    _env,
    check_budget,
    environment_variables,
    option_defaults,
)
from summarizer.cli import app
from tests.support.common import TEST_API_KEY


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
    missing = [name for name, field in Settings.model_fields.items() if not _env(field)]
    assert missing == []
    assert len(environment_variables()) == len(set(environment_variables())) > 25
    env = {
        "SUMMARIZER_MAX_CLAIMS": "7", "SUMMARIZER_MAX_TOKENS": "99",
        "SUMMARIZER_CONTEXT_WINDOW": "2048", "SUMMARIZER_ON_UNGROUNDED": "drop",
        "SUMMARIZER_VERIFY": "off", "SUMMARIZER_ON_UNSUPPORTED": "drop",
        "SUMMARIZER_REASK_UNSUPPORTED": "no", "SUMMARIZER_FUZZY_THRESHOLD": "0",
        "SUMMARIZER_MODE": " JSON ",
    }  # fmt: skip
    settings = Settings.resolve(environ=env)
    assert (settings.max_claims, settings.max_tokens, settings.context_window) == (7, 99, 2048)
    assert settings.on_ungrounded == "drop" and settings.on_unsupported == "drop"
    assert settings.verify is None and settings.reask_unsupported is False
    assert settings.fuzzy_threshold == 0.0 and settings.mode == "json"


def test_profiles_differ_by_backend() -> None:
    local = Settings.resolve(environ={})
    remote = Settings.resolve(environ={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert local.reask_unsupported is False and remote.reask_unsupported is True
    assert (local.max_claims, remote.max_claims) == (12, 40)


def test_unknown_judge_and_option_are_clear_errors() -> None:
    with pytest.raises(ConfigurationError, match="unknown judge 'oracle'; known judges: lexical"):
        Summarizer(base_url="http://127.0.0.1:9/v1", verify=" Oracle ")
    with pytest.raises(ConfigurationError, match="unknown option"):
        Settings.resolve(environ={}, max_claim=3)


# --- typed, declared once (issue 17.3) and validated (issue 16.13) ---------------------------


def test_summarizer_takes_each_declared_option_as_a_typed_keyword() -> None:
    parameters = inspect.signature(Summarizer).parameters
    kinds = {p.kind for p in parameters.values()}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}  # no **kwargs, no positional
    assert set(parameters) == {*Settings.model_fields, "cache", "prices"}
    hints = typing.get_type_hints(Summarizer.__init__)
    for name, field in Settings.model_fields.items():
        assert parameters[name].default is None, name  # None: "not given"
        declared = set(typing.get_args(field.annotation)) or {field.annotation}
        accepted = set(typing.get_args(hints[name]))
        assert type(None) in accepted, name
        if name == "backend":  # any string: the aliases too ("compatible", "embedded")
            assert str in accepted
        elif typing.get_origin(field.annotation) is typing.Literal:
            assert field.annotation in accepted, name  # the choices themselves, for editors
        else:
            assert declared - {type(None)} <= accepted, name
    with pytest.raises(TypeError, match="max_claim"):
        Summarizer(max_claim=3)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SUMMARIZER_TEMPERATURE", "nan"),
        ("SUMMARIZER_TEMPERATURE", "inf"),
        ("SUMMARIZER_TIMEOUT", "-5"),
        ("SUMMARIZER_TIMEOUT", "0"),
        ("SUMMARIZER_TIMEOUT", "inf"),
        ("SUMMARIZER_MAX_RETRY_SECONDS", "inf"),
        ("SUMMARIZER_MAX_RETRIES", "-1"),
        ("SUMMARIZER_MAX_RETRY_SECONDS", "nan"),
        ("SUMMARIZER_MAX_CLAIMS", "0"),
        ("SUMMARIZER_FUZZY_THRESHOLD", "101"),
        ("SUMMARIZER_MAX_TOKENS", "many"),
        ("SUMMARIZER_CHUNK_CHARS", "-10"),
    ],
)
def test_an_out_of_range_variable_is_one_line_naming_it(variable: str, value: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Settings.resolve(environ={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", variable: value})
    message = str(raised.value)
    assert "\n" not in message and variable in message and repr(value) in message, message


def test_an_out_of_range_argument_names_the_argument() -> None:
    with pytest.raises(ConfigurationError, match=r"^invalid option value: timeout=-5\.0: "):
        Summarizer(base_url="http://127.0.0.1:9/v1", timeout=-5.0)
    assert Summarizer(base_url="http://127.0.0.1:9/v1", timeout=0.5).settings.timeout == 0.5


@pytest.mark.parametrize("budget", [-1.0, float("nan"), float("-inf")])
def test_a_negative_budget_is_a_configuration_error(budget: float) -> None:
    with pytest.raises(ConfigurationError, match="budget_usd"):
        check_budget(budget)
    with pytest.raises(ConfigurationError, match="budget_usd"):
        BatchLedger(budget_usd=budget)
    assert check_budget(0.0) == 0.0 and check_budget(None) is None


@pytest.mark.parametrize(
    ("env", "args", "named"),
    [
        ({"SUMMARIZER_TEMPERATURE": "nan"}, [], "SUMMARIZER_TEMPERATURE"),
        ({"SUMMARIZER_TIMEOUT": "-5"}, [], "SUMMARIZER_TIMEOUT"),
        ({"SUMMARIZER_MAX_RETRIES": "-1"}, [], "SUMMARIZER_MAX_RETRIES"),
        ({}, ["--budget", "-1"], "--budget"),
    ],
)
def test_the_cli_exits_2_with_one_line_naming_the_variable(
    tmp_path: Path, env: dict[str, str], args: list[str], named: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "One sentence here."}\n', encoding="utf-8")
    command = ["summarize", "--input", str(source), "--output", str(tmp_path / "out.jsonl")]
    outcome = CliRunner().invoke(
        app, [*command, "--base-url", "http://127.0.0.1:9/v1", "--model", "m", *args], env=env
    )
    assert outcome.exit_code == 2, outcome.output
    lines = outcome.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and named in lines[0], lines
    assert "cannot reach" not in outcome.output and "Traceback" not in outcome.output
    assert not (tmp_path / "out.jsonl").exists()


def _cli_settings_options() -> dict[str, dict[str, object]]:
    """Every CLI option that sets a library option: command -> {option: its CLI default}."""
    group: Any = typer.main.get_command(app)
    found: dict[str, dict[str, object]] = {}
    for name, command in group.commands.items():
        commands = getattr(command, "commands", None) or {"": command}  # a group's commands
        for sub, leaf in commands.items():
            for param in leaf.params:
                if param.name in Settings.model_fields:
                    found.setdefault(f"{name} {sub}".strip(), {})[param.name] = param.default
    return found


def test_library_and_cli_defaults_are_the_same() -> None:
    """A CLI option left out resolves to exactly what the library resolves to."""
    found = _cli_settings_options()
    assert {"model", "base_url", "backend", "mode", "verify"} <= set(found["summarize"])
    assert {"max_claims", "max_tokens", "evidence_mode"} <= set(found["eval"])
    for backend, extra in (
        ("local", {}),
        ("openai-compatible", {"base_url": "http://127.0.0.1:9/v1"}),
        ("openai", {"api_key": TEST_API_KEY}),
    ):
        library = Settings.resolve(environ={}, backend=backend, **extra)
        for command, defaults in found.items():
            given = {**defaults, "backend": backend, **extra}
            cli = Settings.resolve(environ={}, **given)
            assert cli == library, (command, backend)
        declared = option_defaults(backend)
        for name, value in library.model_dump().items():
            if name not in ("base_url", "api_key"):
                assert value == declared[name], (backend, name)


def test_the_top_level_function_never_closes_a_summarizer_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second caller with other options starts while the first is in flight: each gets its
    own ``Summarizer``, closed only after its own call."""
    in_use: set[int] = set()
    closed_in_use: list[int] = []
    first_in, release = threading.Event(), threading.Event()

    def fake_summarize(self: Summarizer, text: object) -> str:
        in_use.add(id(self))
        if self.settings.model == "a":  # the first call waits until the second has run
            first_in.set()
            release.wait(10)
        else:
            release.set()
        in_use.discard(id(self))
        return f"{self.settings.model}"

    real_close = Summarizer.close

    def spy_close(self: Summarizer) -> None:
        if id(self) in in_use:
            closed_in_use.append(id(self))
        real_close(self)

    monkeypatch.setattr(Summarizer, "summarize", fake_summarize)
    monkeypatch.setattr(Summarizer, "close", spy_close)
    url = "http://127.0.0.1:9/v1"
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(summarize, "text", base_url=url, model="a")
        assert first_in.wait(10)
        second = pool.submit(summarize, "text", base_url=url, model="b")
        assert (first.result(), second.result()) == ("a", "b")
    assert closed_in_use == []


def test_asummarize_opens_and_closes_its_own_client_in_each_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each call from each event loop gets a ``Summarizer`` of its own, closed (its async HTTP
    client too) before the loop ends: nothing is carried to the next loop."""
    events: list[tuple[str, int, int]] = []  # (what, summarizer, loop)

    async def fake_asummarize(self: Summarizer, text: object) -> str:
        events.append(("summarize", id(self), id(asyncio.get_running_loop())))
        return "done"

    async def spy_aclose(self: Summarizer) -> None:
        events.append(("aclose", id(self), id(asyncio.get_running_loop())))

    monkeypatch.setattr(Summarizer, "asummarize", fake_asummarize)
    monkeypatch.setattr(Summarizer, "aclose", spy_aclose)
    options = {"base_url": "http://127.0.0.1:9/v1", "model": "m"}
    assert asyncio.run(asummarize("text", **options)) == "done"
    assert asyncio.run(asummarize("text", **options)) == "done"
    assert [what for what, _, _ in events] == ["summarize", "aclose"] * 2
    first, second = events[:2], events[2:]
    assert first[0][1:] == first[1][1:] and second[0][1:] == second[1][1:]  # same loop, same one
