"""The library under threads, within a time budget, and with dependency errors wrapped (issue 11, item 3/5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import medpolicy
from medpolicy.errors import MedpolicyError
from tests.conftest import ROOT

_THREADS = """
import concurrent.futures, datetime, json, sys
import medpolicy
cases = json.loads(sys.argv[1])
def run(case):
    path, policy = case
    try:
        report = medpolicy.validate(path, policy, as_of=datetime.date(2025, 10, 15), lang="en")
        return [report.conforms, sorted(r.clause for r in report.failed)]
    except Exception as exc:
        return ["error", type(exc).__name__, str(exc)[:200]]
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    threaded = list(pool.map(run, cases))
sequential = [run(case) for case in cases]
print(json.dumps({"threaded": threaded, "sequential": sequential}))
"""


def test_eight_threads_in_a_fresh_process_return_what_sequential_calls_return() -> None:
    examples = ROOT / "examples"
    national = [str(examples / "2025_national" / "pass.ttl"), "2025_national"]
    cases = [
        national,
        [str(examples / "2025_national" / "fail-standards.ttl"), "2025_national"],
        national,
        [str(examples / "aimd_jiebang" / "fail-word-limit.ttl"), "aimd_jiebang"],
        national,
        [str(examples / "chongqing" / "fail-rd-ratio.ttl"), "chongqing"],
        national,
        [str(examples / "rd_2019" / "pass.ttl"), "rd_2019"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", _THREADS, json.dumps(cases)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert all(r[0] != "error" for r in result["sequential"]), result["sequential"]
    assert result["threaded"] == result["sequential"]
    assert [r[0] for r in result["sequential"]] == [True, False, True, False, True, False, True, True]


def _big_chongqing(tmp_path: Path, units: int) -> Path:
    text = (ROOT / "examples" / "chongqing" / "pass.ttl").read_text(encoding="utf-8")
    extra = []
    for n in range(units):
        extra.append(
            f":consortium mp:participant :extra{n} .\n"
            f':extra{n} a mp:Unit ; rdfs:label "单位{n}"@zh ; mp:creditCode "91500000EXTRA{n:05d}" ; '
            f"mp:organisationType mpx:hospital ; mp:hospitalGrade mpx:grade-3a ; mp:isLegalPerson true ; "
            f'mp:registeredInChina true ; mp:province "重庆"@zh .\n'
        )
    path = tmp_path / "big.ttl"
    path.write_text(text + "\n" + "".join(extra), encoding="utf-8")
    return path


def test_a_validation_past_its_budget_ends_with_exit_2(tmp_path: Path) -> None:
    path = _big_chongqing(tmp_path, 1900)  # 300 extra units now validate within 1 s
    env = {**os.environ, "MEDPOLICY_MAX_SECONDS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", "validate", str(path), "--policy", "chongqing", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "did not finish within 1 s" in done.stderr and "MEDPOLICY_MAX_SECONDS" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_dependency_exception_is_a_medpolicy_error_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import medpolicy.validation.run as validation

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("<lambda>() missing 1 required positional argument: 'x'")

    monkeypatch.setattr(validation, "run_shacl", broken)
    path = ROOT / "examples" / "aimd_jiebang" / "pass.ttl"
    with pytest.raises(MedpolicyError) as raised:
        medpolicy.validate(path, "aimd_jiebang")
    assert raised.value.file == str(path)
    assert "TypeError" in str(raised.value) and "missing 1 required positional argument" in str(raised.value)
