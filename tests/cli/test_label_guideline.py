"""The labelling app ships the guideline of ``evals/README.md`` (a copy inside the package,
since the wheel has no ``evals/``): the copy must not drift. And the app's dependencies are
declared, pinned, in the ``label`` extra that ``test`` includes. And the Host check that
blocks DNS rebinding."""

from __future__ import annotations

import re
import tomllib

from summarizer.labelling._app import guideline_html
from tests.support.common import ROOT


def test_the_shipped_guideline_is_the_one_in_evals_readme() -> None:
    readme = (ROOT / "evals" / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Labelling guideline")
    end = readme.index("\n## ", start + 1)
    shipped = (ROOT / "summarizer" / "labelling" / "guideline.md").read_text(encoding="utf-8")
    assert shipped == readme[start:end].rstrip() + "\n"


def test_the_guideline_page_escapes_raw_html() -> None:
    html = guideline_html()
    assert "<h3>Which kind</h3>" in html
    assert "<script" not in html


def test_the_label_extra_is_declared_and_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    label = project["optional-dependencies"]["label"]
    names = {re.split(r"==", item)[0] for item in label}
    assert {"starlette", "uvicorn", "markdown-it-py"} <= names
    assert all("==" in item for item in label)
    test = project["optional-dependencies"]["test"]
    assert "grounded-summarizer[label]" in test
    assert any(item.startswith("selenium==") for item in test)


def test_only_this_servers_host_names_are_answered() -> None:
    from summarizer.labelling._app import host_allowed
    from summarizer.labelling._serve import host_names

    loopback = frozenset(host_names("127.0.0.1", 8765))
    assert host_allowed("127.0.0.1:8765", loopback) and host_allowed("localhost:8765", loopback)
    assert not host_allowed("127.0.0.1:9999", loopback)
    assert not host_allowed("rebind.example:8765", loopback)
    assert not host_allowed("10.0.0.5:8765", loopback)
    everywhere = frozenset(host_names("0.0.0.0", 8765))
    assert host_allowed("10.0.0.5:8765", everywhere) and host_allowed("[fe80::1]:8765", everywhere)
    assert not host_allowed("rebind.example:8765", everywhere)
    assert not host_allowed("10.0.0.5:1234", everywhere)
