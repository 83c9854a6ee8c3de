"""Calls have dates: a closed call or a draft is said so in `validate` and is not ranked as a candidate by `match`;
every engine result is accounted for."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from conftest import NOTICES, ROOT

import medpolicy
from medpolicy.kb.calls import call_status
from medpolicy.kb.store import KnowledgeBase


def test_call_status_follows_the_deadline_and_the_draft_mark(kb: KnowledgeBase) -> None:
    aimd = kb.policy("aimd_jiebang")
    assert aimd.deadline == "2025-03-28"
    assert call_status(aimd, dt.date(2025, 3, 28)) == "open"  # 截止: the day itself is open
    assert call_status(aimd, dt.date(2025, 3, 29)) == "closed"
    assert call_status(kb.policy("rd_2019"), dt.date(2019, 1, 1)) == "draft"
    chongqing = kb.policy("chongqing")  # 每年 6 月之前
    assert call_status(chongqing, dt.date(2026, 5, 31)) == "open"
    assert call_status(chongqing, dt.date(2026, 6, 1)) == "closed"


def test_validate_says_the_call_is_closed() -> None:
    report = medpolicy.validate(
        ROOT / "examples/aimd_jiebang/pass.ttl", policy="aimd_jiebang", lang="en", as_of=dt.date(2025, 4, 1)
    )
    assert report.call == "closed"
    assert any("past the application deadline (2025-03-28)" in n for n in report.in_words().notes)
    early = medpolicy.validate(
        ROOT / "examples/aimd_jiebang/pass.ttl", policy="aimd_jiebang", lang="en", as_of=dt.date(2025, 3, 20)
    )
    assert early.call == "open"


def test_match_ranks_open_calls_before_closed_ones_and_drafts() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "medpolicy",
            "match",
            str(ROOT / "examples/aimd_jiebang/pass.ttl"),
            "--as-of",
            "2025-04-01",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    entries = json.loads(out.stdout)
    calls = [e["call"] for e in entries]
    assert calls == sorted(calls, key=["open", "closed", "draft"].index)
    assert {e["policy"]: e["call"] for e in entries}["aimd_jiebang"] == "closed"
    assert {e["policy"]: e["call"] for e in entries}["rd_2019"] == "draft"


@pytest.mark.parametrize("policy", NOTICES)
def test_every_engine_result_of_the_examples_is_explained_by_a_clause(policy: str) -> None:
    for path in sorted((ROOT / "examples" / policy).glob("*.ttl")):
        report = medpolicy.validate(path, policy=policy, lang="en")
        assert report.untraced == [], path.name


@pytest.mark.parametrize("policy", NOTICES)
def test_every_rule_clause_has_a_rule_or_a_procedure_step_behind_it(kb: KnowledgeBase, policy: str) -> None:
    """`check rule` only where rules.toml or procedure.toml holds something tied to the clause."""
    import tomllib

    def clauses_in(node: object) -> set[str]:
        if isinstance(node, dict):
            found = {str(node["clause"])} if "clause" in node else set()
            return found.union(*(clauses_in(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(clauses_in(v) for v in node))
        return set()

    tied: set[str] = set()
    for name in ("rules.toml", "procedure.toml"):
        path = ROOT / "policies" / policy / name
        if path.is_file():
            tied |= clauses_in(tomllib.loads(path.read_text(encoding="utf-8")))
    rule_clauses = {c.id.rsplit("/", 1)[-1] for c in kb.clauses(policy) if c.check == "rule"}
    assert rule_clauses - tied == set()
