"""The diff an analyst can send: number-aware text diffs, punctuation marked, the classifications of issue 14
(same rule modelled differently is `same`; a limit replaced by a permission is `looser`), one row per clause pair,
and a collapsed HTML page with filters and a chart."""

from __future__ import annotations

import re

import pytest

from medpolicy.diff.compare import diff
from medpolicy.diff.models import DiffReport, mirror
from medpolicy.diff.text import text_ops, texts_agree
from medpolicy.render.diff import render_diff
from medpolicy.render.diff_words import text_diff_inline


@pytest.fixture(scope="module")
def nat_cq() -> DiffReport:
    return diff("2025_national", "chongqing")


@pytest.fixture(scope="module")
def cq_nat() -> DiffReport:
    return diff("chongqing", "2025_national")


def test_numbers_are_diffed_whole(nat_cq: DiffReport) -> None:
    pairs = [
        e
        for e in nat_cq.entries
        if e.a and e.b and e.change in ("stricter", "looser") and isinstance(e.a.value, int) and e.a.value != e.b.value
    ]
    assert pairs
    for e in pairs:
        numbers_a = re.findall(r"\d+(?:\.\d+)?", e.a.text)
        for op in e.text_diff:
            if op.op == "replace" and op.a.isdigit() and op.b.isdigit():
                assert op.a in numbers_a  # a whole number of A's text, never a digit of it
    training = next(e for e in pairs if e.topic == "training-headcount")
    inline = text_diff_inline(training.text_diff)
    assert f"[-{training.a.value}-]{{+{training.b.value}+}}" in inline


def test_punctuation_only_steps_are_marked() -> None:
    ops = text_ops("近3年内，联合体所有单位", "近3年内,联合体所有单位")
    changed = [op for op in ops if op.op != "equal"]
    assert changed and all(op.punctuation for op in changed)
    assert not any(op.punctuation for op in text_ops("不少于200人次", "不少于150人次") if op.op != "equal")


def test_the_same_rule_modelled_differently_is_same(nat_cq: DiffReport, cq_nat: DiffReport) -> None:
    for report in (nat_cq, cq_nat):
        for e in report.entries:
            if e.topic == "no-major-incident" and e.a and e.b and texts_agree(e.a.text, e.b.text):
                assert e.change == "same", e.reason
                assert "→ ≥" not in e.reason


def test_a_limit_replaced_by_a_permission_is_looser(nat_cq: DiffReport, cq_nat: DiffReport) -> None:
    entry = next(
        e
        for e in nat_cq.entries
        if e.topic == "projects-per-unit" and e.a and e.b and e.a.comparator == "<=" and not e.b.comparator
    )
    assert entry.change == "looser"
    back = next(
        e for e in cq_nat.entries if e.b and e.a and e.b.clause == entry.a.clause and e.a.clause == entry.b.clause
    )
    assert back.change == mirror(entry.change) == "stricter"


def test_one_row_per_clause_pair(nat_cq: DiffReport) -> None:
    rows = nat_cq.rows()
    assert sum(len(r.entries) for r in rows) == len(nat_cq.entries)
    keys = [((r.a.clause if r.a else None), (r.b.clause if r.b else None), r.topic) for r in rows]
    assert len(keys) == len(set(keys))
    assert len(rows) < len(nat_cq.entries)
    summary = nat_cq.topic_summary()
    assert sum(sum(c.values()) for c in summary.values()) == len(nat_cq.entries)


def test_html_is_collapsed_filterable_with_a_chart(nat_cq: DiffReport) -> None:
    page = render_diff(nat_cq, "html", "zh")
    assert "<details open" not in page and "<details" in page
    assert page.count('<tr class="row ') == len(nat_cq.rows())
    for change in ("same", "stricter", "looser", "changed", "added", "removed"):
        assert f'id="f-{change}"' in page
    assert '<svg class="chart"' in page and "@media print" in page
    assert page.index('id="summary"') < page.index('<svg class="chart"') < page.index("<main>")
