"""The bundled applicants: each passing example passes; each failing variant fails exactly its clause(s).

An example states its expectation in its first lines: ``# expect: pass`` or
``# expect: fail s2-2-e [more clause ids]``; ``# as-of: YYYY-MM-DD`` sets the date of the check.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.run import validate
from tests.conftest import NOTICES, ROOT

EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.ttl") if p.parent.name in NOTICES)


def _expectation(path: Path) -> tuple[bool, set[str], dt.date]:
    head = path.read_text(encoding="utf-8")[:2000]
    match = re.search(r"^# expect: (pass|fail(?: [\w.-]+)+)\s*$", head, re.M)
    assert match, f"{path} has no '# expect:' line"
    words = match.group(1).split()
    date = re.search(r"^# as-of: (\d{4}-\d{2}-\d{2})", head, re.M)
    as_of = dt.date.fromisoformat(date.group(1)) if date else dt.date(2025, 3, 1)
    return words[0] == "pass", set(words[1:]), as_of


def test_every_notice_has_a_passing_and_a_failing_example() -> None:
    for policy in NOTICES:
        kinds = {_expectation(p)[0] for p in EXAMPLES if p.parent.name == policy}
        assert kinds == {True, False}, policy


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example_verdict(kb: KnowledgeBase, path: Path) -> None:
    passes, expected_fails, as_of = _expectation(path)
    report = validate(path, path.parent.name, as_of=as_of, kb=kb, lang="en")
    failed = {r.clause.rsplit("/", 1)[-1] for r in report.failed}
    assert report.conforms is passes
    assert failed == expected_fails, [r.message for r in report.failed]
    assert len(report.results) == len(kb.clauses(path.parent.name))
    for r in report.failed:
        assert r.findings and r.message and r.expected is not None or r.message
