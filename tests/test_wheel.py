"""`pip install .` (not editable) ships the knowledge base inside the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import POLICIES, ROOT


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_lists_clauses(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("medpolicy-*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    py = env / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # the dependencies come from the test's own environment; site-packages .pth files (the editable
    # install of this checkout) are not read from PYTHONPATH, so only the wheel provides medpolicy
    deps = next(p for p in sys.path if p.endswith("site-packages"))
    environ = {**os.environ, "PYTHONPATH": deps}
    out = subprocess.run(
        [str(env / "bin" / "medpolicy"), "clauses", "--format", "json"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        env=environ,
    )
    clauses = json.loads(out.stdout)
    assert sorted({c["policy"] for c in clauses}) == POLICIES  # every policies/<id>/ folder is in the wheel
    where = subprocess.run(
        [str(py), "-c", "import medpolicy.kb.store as k; print(k.kb_root())"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        env=environ,
    ).stdout.strip()
    assert where.endswith("medpolicy/_kb") and str(ROOT) not in where
