"""Every bundled example's JSON report is the one recorded before the last refactoring, field by field and clause
by clause (regenerate with ``python tests/golden_reports.py`` only when a change of verdict or wording is meant)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden_reports import GOLDEN, cases, key, report

RECORDED = json.loads(GOLDEN.read_text(encoding="utf-8"))
CASES = list(cases())


def test_every_example_has_a_recorded_report() -> None:
    assert sorted(key(*c) for c in CASES) == sorted(RECORDED)


@pytest.mark.parametrize("case", CASES, ids=lambda c: key(*c))
def test_report_unchanged(case: tuple[str, str, Path]) -> None:
    now, then = report(*case), RECORDED[key(*case)]
    changed_fields = sorted(k for k in then["fields"] if now["fields"].get(k) != then["fields"][k])
    changed_items = sorted(k for k in then["items"] | now["items"] if now["items"].get(k) != then["items"].get(k))
    assert (changed_fields, changed_items) == ([], [])
