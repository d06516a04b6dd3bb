"""The distribution a CI installs: ``grounded-summarizer`` (the index's ``summarizer`` is
another project), importing as ``summarizer``. The wheel and sdist are built here
(``python -m build``, no isolation: the build backend is in the test extra) and checked with
``twine check --strict``; their metadata carry the licence file, classifiers, the long
description and both entry points; the README installs by that name."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.support.common import ROOT

NAME = "grounded-summarizer"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out),
                    str(ROOT)], check=True, capture_output=True)  # fmt: skip
    return out


def test_wheel_and_sdist_pass_twine_check(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert [f.name for f in files] == [
        "grounded_summarizer-0.1.0-py3-none-any.whl",
        "grounded_summarizer-0.1.0.tar.gz",
    ]
    check = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_metadata(dist: Path) -> None:
    wheel = next(dist.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = "grounded_summarizer-0.1.0.dist-info"
        meta = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert meta["Name"] == NAME and meta["License-Expression"] == "MIT"
    assert meta["License-File"] == "LICENSE" and f"{info}/licenses/LICENSE" in names
    assert meta["Description-Content-Type"] == "text/markdown"
    assert "## Use it in CI" in meta.get_payload()
    classifiers = meta.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert "Framework :: Pytest" in classifiers
    requires = meta.get_all("Requires-Dist") or []
    # the test extra's self-references ("grounded-summarizer[local]") resolve to their pins
    assert any(r.startswith("llama-cpp-python") and "extra == 'test'" in r for r in requires)
    assert not any(re.match(r"summarizer\b", r) for r in requires)
    test_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["test"]  # fmt: skip
    assert [r for r in test_extra if "summarizer" in r] == [f"{NAME}[local]", f"{NAME}[label]"]
    assert "summarizer/__init__.py" in names and "summarizer/prompts/system.j2" in names
    assert "summarizer = summarizer.cli:main" in entry_points
    assert "[pytest11]" in entry_points and "summarizer = summarizer.pytest_plugin" in entry_points
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        members = sdist.getnames()
    assert "grounded_summarizer-0.1.0/LICENSE" in members
    assert "grounded_summarizer-0.1.0/summarizer/testing.py" in members


def test_readme_installs_by_the_distribution_name() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install [^`\n&;]*", readme)
    assert installs
    for command in installs:
        targets = [t.strip("'\"") for t in command.split()[2:] if not t.startswith("-")]
        for target in targets:
            # from the folder (".[local]") or by the distribution's name, never "summarizer"
            assert target.startswith((".", NAME)), command
