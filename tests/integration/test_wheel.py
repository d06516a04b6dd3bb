"""The templates ship inside the wheel: build it, install it into a fresh virtualenv (not
editable) and render the prompts from there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.support.common import ROOT, SAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(work / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next((work / "dist").glob("grounded_summarizer-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    # Dependencies come from the test environment, appended after the new venv's own
    # site-packages, so `summarizer` itself is the wheel's copy.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    (site / "_deps_from_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def clean_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "SUMMARIZER_")) and k != "PYTHONPATH"
    }


def test_templates_render_from_the_installed_wheel(wheel_python: Path, tmp_path: Path) -> None:
    script = (
        "import json, summarizer, summarizer._prompts as p\n"
        "from summarizer import Document\n"
        "r = p.PromptTemplates().render(Document('A {{ x }} b.'), evidence_mode='quote',"
        " max_claims=3)\n"
        "print(json.dumps({'module': summarizer.__file__, 'dir': str(p.default_template_dir()),"
        " 'user': r.user, 'hash': r.template.sha256}))\n"
    )
    out = subprocess.run(
        [str(wheel_python), "-c", script],
        cwd=tmp_path, check=True, capture_output=True, text=True, env=clean_env(),
    )  # fmt: skip
    info = json.loads(out.stdout)
    venv_root = str(wheel_python.parent.parent)
    assert info["module"].startswith(venv_root), info
    assert info["dir"].startswith(venv_root), info
    assert "A {{ x }} b." in info["user"]
    from summarizer._prompts import PromptTemplates

    assert info["hash"] == PromptTemplates().info.sha256  # the same templates as prompts/


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_cli_from_wheel_no_key_no_network(wheel_python: Path, tmp_path: Path) -> None:
    cli = wheel_python.parent / "summarizer"
    completed = subprocess.run(
        [str(cli), "summarize", str(SAMPLE), "--json"],
        cwd=tmp_path, capture_output=True, env=clean_env(), timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr.decode()
    payload = json.loads(completed.stdout)
    text = SAMPLE.read_bytes().decode("utf-8")
    assert payload["claims"]
    for claim in payload["claims"]:
        assert claim["evidence"]
        for evidence in claim["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
