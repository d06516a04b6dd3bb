"""The example CI files (``docs/ci/github-actions.yml``, ``docs/ci/gitlab-ci.yml``) do what
they say, offline: their YAML is parsed, and their shell steps run with bash in a temporary
copy of the repository's eval files, with the workflow's variables, no key (so the offline
branch runs), and fake ``gh`` and ``curl`` commands (test doubles that record what they were
asked to post) instead of the hosted services. Steps that use hosted actions (checkout, upload)
are not run; the install step is checked for the distribution's name, not run."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from junitparser import JUnitXml

from tests.support.capable_server import plant
from tests.support.common import ROOT

DOCS = ROOT / "docs" / "ci"
RUNS = Path(__file__).parents[1] / "data" / "runs"
# The example's paths, pointed at this repository's committed run (the capable-model double's).
PATHS = {
    "BASELINE": "tests/data/runs/capable-baseline.json",
    "RECORDED": "tests/data/runs/capable/results.jsonl",
}
FAKE = """#!/bin/sh
# A test double for the `{name}` command: records its arguments and the posted body.
echo "$@" >> "$FAKE_LOG"
for arg in "$@"; do
  case "$prev" in --body-file) cat "$arg" >> "$FAKE_LOG";; esac
  case "$arg" in body@*) cat "${{arg#body@}}" >> "$FAKE_LOG";; esac
  prev="$arg"
done
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of what the example reads: the gold files, the suite and the recorded run."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "evals" / "gold", copy / "evals" / "gold")
    shutil.copyfile(ROOT / "evals" / "suite.toml", copy / "evals" / "suite.toml")
    shutil.copytree(RUNS, copy / "tests" / "data" / "runs")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("gh", "curl"):
        fake = bin_dir / name
        fake.write_text(FAKE.format(name=name), encoding="utf-8")
        fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return copy


def environment(repo: Path, variables: dict[str, Any], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "SUMMARIZER_", "GITHUB_"))}  # fmt: skip
    env.update({k: str(v) for k, v in variables.items()})
    env.update(PATHS)
    env["PATH"] = f"{repo.parent / 'bin'}{os.pathsep}{env['PATH']}"
    env["FAKE_LOG"] = str(repo.parent / "posted.log")
    env["OPENAI_API_KEY"] = ""  # the secret is not set: the offline branch
    env.update(extra)
    return env


def bash(script: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # GitHub runs `run:` with `bash -e {0}`; GitLab runs each script line in one shell.
    return subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, text=True,
                          capture_output=True, timeout=600)  # fmt: skip


def plant_regression(repo: Path) -> None:
    recorded = repo / PATHS["RECORDED"]
    lines = [json.loads(x) for x in recorded.read_text(encoding="utf-8").splitlines() if x]
    for line in lines:
        line["result"]["claims"] = plant("negate", line["result"]["claims"])
    recorded.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")


def junit_failures(repo: Path) -> int:
    return sum(suite.failures for suite in JUnitXml.fromfile(str(repo / "runs" / "junit.xml")))


def github_steps() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    workflow = yaml.safe_load((DOCS / "github-actions.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return workflow, job["steps"]


def test_github_workflow_shape() -> None:
    workflow, steps = github_steps()
    assert workflow["permissions"]["pull-requests"] == "write"
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()" and upload["with"]["path"] == "runs/"
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert install["run"].split() == ["pip", "install", "grounded-summarizer"]
    evaluate = next(s for s in steps if "summarizer eval" in s.get("run", ""))
    assert evaluate["env"]["OPENAI_API_KEY"] == "${{ secrets.OPENAI_API_KEY }}"


@pytest.mark.parametrize("regressed", [False, True], ids=["unchanged", "planted-regression"])
def test_github_workflow_steps_run_offline(repo: Path, regressed: bool) -> None:
    if regressed:
        plant_regression(repo)
    workflow, steps = github_steps()
    summary = repo.parent / "step-summary.md"
    outcomes = []
    for step in steps:
        script = step.get("run")
        if script is None or "pip install" in script:
            continue
        step_env = {k: v for k, v in (step.get("env") or {}).items() if "${{" not in str(v)}
        env = environment(repo, {**workflow["env"], **step_env}, GITHUB_STEP_SUMMARY=str(summary),
                          PR="7", GH_TOKEN="fake", RUN_URL="https://ci.example/runs/1")  # fmt: skip
        outcomes.append(bash(script, repo, env))
    evaluated, commented = outcomes
    assert "Traceback" not in evaluated.stdout + evaluated.stderr
    assert evaluated.returncode == (1 if regressed else 0), evaluated.stdout + evaluated.stderr
    assert commented.returncode == 0, commented.stderr
    assert (junit_failures(repo) >= 1) if regressed else (junit_failures(repo) == 0)
    posted = (repo.parent / "posted.log").read_text(encoding="utf-8")
    assert posted.startswith("pr comment 7 --body-file runs/ci/report.md\n")
    assert ("**gate failed**" if regressed else "**gate passed**") in posted
    assert "[The run folder with report.html: artifact summarizer-eval]" in posted
    assert ("**gate failed**" if regressed else "**gate passed**") in summary.read_text()
    assert (repo / "runs" / "ci" / "report.html").is_file()


def test_gitlab_job_runs_offline(repo: Path) -> None:
    config = yaml.safe_load((DOCS / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = config["summarizer-eval"]
    assert job["artifacts"]["reports"]["junit"] == "runs/junit.xml"
    assert job["artifacts"]["when"] == "always" and job["artifacts"]["paths"] == ["runs/"]
    script = [line for line in job["script"] if "pip install" not in line]
    assert job["script"][0] == "pip install grounded-summarizer"
    env = environment(repo, job["variables"], CI_MERGE_REQUEST_IID="3", GITLAB_TOKEN="fake",
                      CI_API_V4_URL="https://gitlab.example/api/v4", CI_PROJECT_ID="9",
                      CI_JOB_URL="https://gitlab.example/job/1")  # fmt: skip
    evaluated = bash("\n".join(script), repo, env)
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    assert junit_failures(repo) == 0
    posted = bash("\n".join(job["after_script"]), repo, env)
    assert posted.returncode == 0, posted.stderr
    log = (repo.parent / "posted.log").read_text(encoding="utf-8")
    assert "merge_requests/3/notes" in log and "**gate passed**" in log
