"""Support judges come from entry points (group ``summarizer.judges``): the example plugin of
docs/judge-plugin.md, built here as an installed distribution, is found by name."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from summarizer import ConfigurationError, Summarizer
from summarizer._judges import ENTRY_POINT_GROUP, get_judge, judge_names
from summarizer._settings import Settings
from summarizer._support import Judge

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "judge-plugin.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _install(site: Path, name: str, entry_points: str, module: str, code: str) -> None:
    """What ``pip install`` leaves behind: the module and its ``*.dist-info`` metadata."""
    (site / f"{module}.py").write_text(code, encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def _documented_plugin(site: Path) -> None:
    """The two files of docs/judge-plugin.md, installed into ``site``."""
    project = tomllib.loads(_blocks("toml")[0])["project"]
    points = project["entry-points"][ENTRY_POINT_GROUP]
    lines = "".join(f"{name} = {target}\n" for name, target in points.items())
    module = points["jaccard"].partition(":")[0]
    _install(site, project["name"], f"[{ENTRY_POINT_GROUP}]\n{lines}", module, _blocks("python")[0])


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_the_documented_plugin_is_found_by_its_entry_point(site: Path) -> None:
    assert "jaccard" not in judge_names()
    _documented_plugin(site)
    assert "jaccard" in judge_names()
    judge = get_judge("jaccard")
    assert isinstance(judge, Judge) and judge.name == "jaccard"
    verdicts = judge.verdicts(["Prices rose sharply."], ["In May, prices rose sharply again."])
    assert verdicts[0].supported and verdicts[0].score == 1.0
    assert not judge.verdicts(["Wages fell."], ["Prices rose."])[0].supported
    # The library's options accept the plugin's name as a judge, as they accept "lexical".
    settings = Settings.resolve(environ={}, verify="jaccard")
    assert settings.verify == "jaccard"
    summarizer = Summarizer(base_url="http://127.0.0.1:9/v1", model="m", verify="jaccard")
    assert summarizer.judge is not None and summarizer.judge.name == "jaccard"


def test_unknown_broken_and_wrong_plugins_are_one_line_errors(site: Path) -> None:
    group = f"[{ENTRY_POINT_GROUP}]\n"
    _install(site, "broken-judge", group + "broken = no_such_module_here:Judge\n", "x1", "")
    _install(site, "wrong-judge", group + "wrong = wrong_judge:make\n", "wrong_judge",
             "def make():\n    return object()\n")  # fmt: skip
    with pytest.raises(ConfigurationError, match="cannot be loaded") as broken:
        get_judge("broken")
    assert "\n" not in str(broken.value)
    with pytest.raises(ConfigurationError, match="is not a Judge"):
        get_judge("wrong")
    with pytest.raises(ConfigurationError, match="known judges: broken, lexical, wrong"):
        get_judge("nope")


def test_the_lexical_judge_is_declared_by_entry_point_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    target = project["entry-points"][ENTRY_POINT_GROUP]["lexical"]
    assert target == "summarizer._support:LexicalJudge"
    module, _, attribute = target.partition(":")
    assert getattr(sys.modules[module], attribute)().name == "lexical"
    assert "embed" not in project["optional-dependencies"]
