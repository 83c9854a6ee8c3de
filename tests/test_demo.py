"""`make demo`, the README's first command, runs on a fresh clone: a fresh interpreter, exit 0, everything run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from medpolicy.cli.demo import discover
from tests.conftest import NOTICES, POLICIES, ROOT


def test_demo_runs_every_example_in_a_fresh_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy.cli.demo"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    applicants = [p for pid in NOTICES for p in (ROOT / "examples" / pid).iterdir() if p.suffix in (".ttl", ".json")]
    timelines = list((ROOT / "examples" / "timelines").iterdir())
    summary = re.search(
        r"demo: (\d+) policies, (\d+) applicants validated, (\d+) timelines run, (\d+) files", done.stdout
    )
    assert summary, done.stdout[-2000:]
    assert [int(n) for n in summary.groups()] == [len(POLICIES), len(applicants), len(timelines), 0]
    assert "$ medpolicy validate examples/chongqing/pass.ttl --policy chongqing --as-of 2026-05-15" in done.stdout
    assert "$ medpolicy timeline examples/timelines/chongqing-clean.jsonl --policy chongqing" in done.stdout
    assert "--policy timelines" not in done.stdout


def test_discovery_reads_policies_and_headers(tmp_path: Path) -> None:
    (tmp_path / "chongqing").mkdir()
    (tmp_path / "chongqing" / "mine.ttl").write_text("# expect: pass\n", encoding="utf-8")
    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / "p1.jsonl").write_text("# policy: chongqing\n", encoding="utf-8")
    (tmp_path / "projects" / "notes.jsonl").write_text("# no policy named\n", encoding="utf-8")
    (tmp_path / "projects" / "elsewhere.jsonl").write_text("# policy: nowhere\n", encoding="utf-8")
    applicants, timelines, skipped = discover(tmp_path, POLICIES)
    assert applicants == [("chongqing", tmp_path / "chongqing" / "mine.ttl")]
    assert timelines == [("chongqing", tmp_path / "projects" / "p1.jsonl")]
    assert sorted(p.name for p in skipped) == ["elsewhere.jsonl", "notes.jsonl"]
