"""Every script in ``benchmarks/`` still loads: its imports name code that exists (a benchmark
that no test runs went stale once, importing a settings table that had been removed)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.common import ROOT

BENCHMARKS = ROOT / "benchmarks"

# Each script is run as a module that is not __main__: its top level (imports, constants) runs,
# its measurement does not.
LOAD_ALL = """
import runpy, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
failed = []
for path in sys.argv[3:]:
    try:
        runpy.run_path(path, run_name="benchmark_load_check")
    except Exception as exc:
        failed.append(f"{path}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_benchmark_script_loads() -> None:
    scripts = sorted(str(path) for path in BENCHMARKS.glob("*.py") if path.name != "_common.py")
    assert len(scripts) >= 10
    done = subprocess.run(
        [sys.executable, "-c", LOAD_ALL, str(BENCHMARKS), str(ROOT), *scripts],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
