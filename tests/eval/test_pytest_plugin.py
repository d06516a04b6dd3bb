"""The pytest plugin (``summarizer.pytest_plugin``): suites that use its ``summarizer_gate``
fixture, run by ``pytester``, pass when the gold suite holds up against the baseline and fail
with the gate's own lines when it does not. The plugin is loaded as an installed package loads
it: by its ``pytest11`` entry point, with nothing on the command line."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from summarizer.evaluation import load_gold, run_eval, write_baseline
from summarizer.testing import ScriptedModel, ScriptedRequest, scripted_summarizer
from tests.support.common import ROOT

pytest_plugins = ["pytester"]

RUNS = Path(__file__).parents[1] / "data" / "runs"
GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
SUITE = ROOT / "evals" / "suite.toml"
BASELINE = RUNS / "capable-baseline.json"
GOOD = RUNS / "capable" / "results.jsonl"
PLUGIN = ("-p", "no:cacheprovider")


def negated(path: Path) -> Path:
    """The capable run's results with every claim of every document but the first dropped."""
    lines = [json.loads(x) for x in GOOD.read_text(encoding="utf-8").splitlines() if x]
    for line in lines[1:]:
        line["result"]["claims"] = line["result"]["claims"][:1]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


SUITE_FILE = """
from pathlib import Path

def test_gold_suite(summarizer_gate):
    outcome = summarizer_gate(
        {gold!r}, baseline={baseline!r}, suite={suite!r}, predictions={predictions!r},
        max_claims=40,
    )
    assert outcome.passed and Path(outcome.run.out_dir, "summary.json").is_file()
"""


def test_a_passing_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SUITE_FILE.format(gold=str(GOLD), baseline=str(BASELINE),
                                          suite=str(SUITE), predictions=str(GOOD)))  # fmt: skip
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=1)


def test_a_failing_suite_shows_the_gate_lines(pytester: pytest.Pytester) -> None:
    worse = negated(pytester.path / "worse.jsonl")
    pytester.makepyfile(SUITE_FILE.format(gold=str(GOLD), baseline=str(BASELINE),
                                          suite=str(SUITE), predictions=str(worse)))  # fmt: skip
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*summarizer gate failed on gold.jsonl against capable-baseline.json*",
        "*claims.recall: * dropped below baseline * by more than the tolerance*",
    ])  # fmt: skip
    assert "Traceback" not in result.stdout.str()


def first_sentence(request: ScriptedRequest) -> dict[str, object]:
    sentence = (request.document or "").split(". ")[0].strip()
    return {"title": "T", "summary": "S", "key_points": ["K"],
            "claims": [{"text": sentence, "kind": "fact", "attributed_to": None,
                        "evidence": [sentence]}]}  # fmt: skip


SCRIPTED_SUITE = """
from summarizer.testing import ScriptedModel, scripted_summarizer
from tests.eval.test_pytest_plugin import first_sentence

def no_claim_right(request):
    answer = first_sentence(request)
    answer["claims"][0]["kind"] = "opinion"
    answer["claims"][0]["attributed_to"] = "Nobody"
    return answer

def test_scripted_same(summarizer_gate):
    with scripted_summarizer(ScriptedModel(first_sentence)) as summarizer:
        summarizer_gate({gold!r}, baseline={baseline!r}, suite={suite!r}, summarizer=summarizer,
                        matcher="content-words")

def test_scripted_worse(summarizer_gate):
    with scripted_summarizer(ScriptedModel(no_claim_right)) as summarizer:
        summarizer_gate({gold!r}, baseline={baseline!r}, suite={suite!r}, summarizer=summarizer,
                        matcher="content-words")
"""


def test_a_suite_with_a_scripted_summarizer(pytester: pytest.Pytester, tmp_path: Path) -> None:
    """``summarizer=``: the run goes through the summarizer (here the scripted double; a live
    or cassette-replayed one works the same way)."""
    baseline = tmp_path / "scripted-baseline.json"
    with scripted_summarizer(ScriptedModel(first_sentence)) as summarizer:
        run = run_eval(load_gold(GOLD), summarizer, tmp_path / "run", matcher="content-words")
    write_baseline(run, baseline)
    pytester.syspathinsert(str(ROOT))
    pytester.makepyfile(SCRIPTED_SUITE.format(gold=str(GOLD), baseline=str(baseline),
                                              suite=str(SUITE)))  # fmt: skip
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_scripted_worse*", "*kind.accuracy: * dropped below*"])


def test_pyproject_registers_the_plugin_by_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {"summarizer": "summarizer.pytest_plugin"}


def test_the_documented_example_runs(pytester: pytest.Pytester) -> None:
    """docs/testing.md's complete example, as written, in a project laid out as it says."""
    doc = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    example = doc.split("```python\n", 1)[1].split("```", 1)[0]
    shutil.copytree(ROOT / "evals" / "gold", pytester.path / "evals" / "gold")
    shutil.copyfile(SUITE, pytester.path / "evals" / "suite.toml")
    (pytester.path / "evals" / "baselines").mkdir()
    shutil.copyfile(BASELINE, pytester.path / "evals" / "baselines" / "baseline.json")
    (pytester.path / "evals" / "recorded").mkdir()
    shutil.copyfile(GOOD, pytester.path / "evals" / "recorded" / "results.jsonl")
    pytester.makepyfile(test_summaries=example)
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=5)


def test_the_plugin_is_loaded_by_its_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "def test_fixture_exists(summarizer_gate):\n    assert callable(summarizer_gate)\n"
    )
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.assert_outcomes(passed=1)
