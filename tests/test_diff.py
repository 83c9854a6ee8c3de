"""Policy diff: alignment on topics (and families, subjects), direction of changes, renderers, CLI."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.namespace import SKOS

from medpolicy.cli.diff import diff_command
from medpolicy.diff.applicants import diff_applicants
from medpolicy.diff.compare import diff
from medpolicy.diff.matrix import diff_matrix
from medpolicy.diff.models import CHANGES, DiffEntry, DiffReport, mirror
from medpolicy.errors import InputError, UnknownPolicyError
from medpolicy.kb.store import KnowledgeBase
from medpolicy.render.diff import render_diff
from medpolicy.validation.report import ClauseResult, Report
from tests.conftest import POLICIES, ROOT

NAT, CQ, RD = "2025_national", "chongqing", "rd_2019"


@pytest.fixture(scope="module")
def nat_cq(kb: KnowledgeBase) -> DiffReport:
    return diff(NAT, CQ, kb=kb)


@pytest.fixture(scope="module")
def rd_nat(kb: KnowledgeBase) -> DiffReport:
    return diff(RD, NAT, kb=kb)


@pytest.fixture(scope="module")
def every_pair(kb: KnowledgeBase, nat_cq: DiffReport) -> dict[tuple[str, str], DiffReport]:
    done = {(NAT, CQ): nat_cq}
    return {(a, b): done.get((a, b)) or diff(a, b, kb=kb) for a, b in itertools.permutations(POLICIES, 2)}


def _topic(report: DiffReport, topic: str) -> list[DiffEntry]:
    return [e for e in report.entries if e.topic == topic]


def _paired(report: DiffReport, topic: str) -> list[DiffEntry]:
    return [e for e in _topic(report, topic) if e.a is not None and e.b is not None]


def _numeric(entries: list[DiffEntry], unit_code: str) -> DiffEntry:
    found = [e for e in entries if e.a and e.b and e.a.unit_code == unit_code and e.b.unit_code == unit_code]
    assert len(found) == 1, found
    return found[0]


# -- 2025_national → chongqing: the known differences ---------------------------------------------------------
def test_rd_ratio_is_looser_from_national_to_chongqing(nat_cq: DiffReport) -> None:
    e = _numeric(_paired(nat_cq, "rd-investment-ratio"), "percent")
    assert (e.a and e.a.value, e.b and e.b.value) == (7, 5)
    assert e.change == "looser"
    assert e.a and e.b and e.a.index_row is not None and e.b.index_row is not None  # the two index rows 2.1
    assert e.a.quote and "7" in e.a.quote and e.b.quote and "5" in e.b.quote
    assert any(op.op != "equal" and "7" in op.a and "5" in op.b for op in e.text_diff)


def test_training_headcount_is_looser(nat_cq: DiffReport) -> None:
    e = _numeric(_paired(nat_cq, "training-headcount"), "person_time")
    assert (e.a and e.a.value, e.b and e.b.value) == (200, 150)
    assert e.change == "looser"
    platform = [x for x in _paired(nat_cq, "training-headcount") if x.a and x.a.comparator == "bool"]
    assert [x.change for x in platform] == ["same"]  # 建立培训平台 in both


@pytest.mark.parametrize("topic", ["standards-research", "experience-exchange", "promotion-headcount"])
def test_per_year_against_per_task_period_is_a_change(nat_cq: DiffReport, topic: str) -> None:
    (e,) = [x for x in _paired(nat_cq, topic) if x.a and x.a.comparator == ">="]
    assert e.change == "changed"
    assert e.a and e.b and e.a.condition == "每年" and e.b.condition == "任务周期内"
    assert "每年" in e.reason_zh and "任务周期内" in e.reason_zh
    assert e.a.value == e.b.value  # the same number under another qualifier


def test_application_scope_row_1_2(nat_cq: DiffReport) -> None:
    entries = _topic(nat_cq, "application-scope")
    rows = [e for e in entries if e.a and e.b and e.a.index_level2 and e.b.index_level2]
    assert rows and all("申报领域" in (e.a.index_level2 or "") for e in rows if e.a)
    assert any(e.change == "changed" for e in rows)  # the list of products differs
    added = [e for e in entries if e.change == "added" and e.b and e.b.index_level2]
    assert any("注册证" in (e.b.subject or "") for e in added if e.b)  # chongqing also wants the certificate


def test_clauses_in_one_policy_only(nat_cq: DiffReport) -> None:
    assert "consortium-size" in nat_cq.only_a_topics  # ≤15 units: no such rule in chongqing
    assert {e.change for e in _topic(nat_cq, "consortium-size")} == {"removed"}
    for topic in ("production-licence", "lead-unit-rule"):
        assert topic in nat_cq.only_b_topics
        assert {e.change for e in _topic(nat_cq, topic)} == {"added"}
    assert nat_cq.summary["added"] > 0 and nat_cq.summary["removed"] > 0


def test_lead_unit_consortium_and_certificate_rules_are_compared(nat_cq: DiffReport) -> None:
    (lead,) = _paired(nat_cq, "lead-unit-standing")
    assert lead.change == "changed"  # 牵头单位 → 牵头医疗机构
    assert any(op.op != "equal" for op in lead.text_diff)
    composition = _paired(nat_cq, "consortium-composition")
    assert any(e.change == "changed" for e in composition)  # 医疗装备生产企业 → 医疗器械生产研发企业
    certificates = _paired(nat_cq, "registration-certificate")
    assert certificates and all(e.a and e.b and e.a.comparator == "bool" for e in certificates)


def test_index_rows_align_row_by_row(kb: KnowledgeBase, nat_cq: DiffReport) -> None:
    def rows(policy: str) -> dict[tuple[str, str], list[str]]:
        out: dict[tuple[str, str], list[str]] = {}
        for c in kb.clauses(policy):
            if c.index_row is not None and c.index_level2:
                name = re.sub(r"^[\d.\s]+", "", c.index_level2).strip()
                out.setdefault((c.topic, name), []).append(c.id)
        return out

    ra, rb = rows(NAT), rows(CQ)
    pairs = {(e.a.clause, e.b.clause) for e in nat_cq.entries if e.a and e.b}
    unique = [(ra[k][0], rb[k][0]) for k in ra.keys() & rb.keys() if len(ra[k]) == len(rb[k]) == 1]
    assert len(unique) >= 10
    assert [u for u in unique if u not in pairs] == []


# -- rd_2019 → 2025_national: indicators across years ------------------------------------------------------------
def test_mri_field_strength_across_years(kb: KnowledgeBase) -> None:
    report = diff(RD, NAT, product="mri", kb=kb)
    assert {e.family for e in report.entries} == {"mri"}
    (field,) = [e for e in report.entries if e.a and e.b and e.a.unit_code == "T"]
    assert field.a and field.b and "磁场" in (field.a.subject or "") and "磁场" in (field.b.subject or "")
    assert (field.a.comparator, field.b.comparator) == (">", ">=")
    assert field.change == "looser"  # > 1.5 T → ≥ 1.5 T at the same value
    channels = [e for e in report.entries if e.a and e.b and "通道" in (e.a.subject or "")]
    assert [e.change for e in channels] == ["stricter"]


def test_indicators_pair_only_within_one_family(rd_nat: DiffReport, kb: KnowledgeBase) -> None:
    indicators = [e for e in rd_nat.entries if e.a and e.b and e.topic == "product-indicator"]
    assert len(indicators) >= 3
    for e in indicators:
        assert e.a and e.b
        ca, cb = kb.clause(e.a.clause), kb.clause(e.b.clause)
        assert ca and cb and ca.product_family == cb.product_family
    assert {e.family for e in indicators} >= {"mri", "endoscope"}


def test_shared_and_related_families_are_opt_in(kb: KnowledgeBase) -> None:
    shared = diff(RD, NAT, topic="product-indicator", shared_families=True, kb=kb)
    families_a = {c.product_family for c in kb.clauses(RD)}
    families_b = {c.product_family for c in kb.clauses(NAT)}
    assert shared.entries and {e.family for e in shared.entries} <= families_a & families_b
    related = diff(RD, NAT, topic="product-indicator", shared_families=True, related_families=True, kb=kb)
    across = [e for e in related.entries if e.a and e.b and e.a.product_family != e.b.product_family]
    assert across  # e.g. a bore of one imaging family against the bore of another, subjects very alike
    broader = {
        local: set(kb.ontology.objects(s, SKOS.broader))
        for s in kb.ontology.subjects(SKOS.broader, None)
        for local in [str(s).rsplit("/", 1)[-1]]
    }
    for e in across:
        assert e.a and e.b and e.a.product_family and e.b.product_family
        assert broader[e.a.product_family] & broader[e.b.product_family]


# -- properties ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("policy", POLICIES)
def test_a_policy_against_itself_is_all_same(kb: KnowledgeBase, policy: str) -> None:
    report = diff(policy, policy, kb=kb)
    assert report.entries
    assert {e.change for e in report.entries} == {"same"}
    assert all(e.a and e.b and e.a.clause == e.b.clause for e in report.entries)


def _key(e: DiffEntry, swap: bool = False) -> tuple[object, ...]:
    a, b = (e.b, e.a) if swap else (e.a, e.b)
    return (
        e.topic,
        mirror(e.change) if swap else e.change,
        a and (a.clause, a.parameter),
        b and (b.clause, b.parameter),
    )


def test_diff_and_its_reverse_are_mirror_images(every_pair: dict[tuple[str, str], DiffReport]) -> None:
    for a, b in itertools.combinations(POLICIES, 2):
        forward, backward = every_pair[a, b], every_pair[b, a]
        assert Counter(_key(e) for e in forward.entries) == Counter(_key(e, swap=True) for e in backward.entries)
        assert forward.summary["stricter"] == backward.summary["looser"]
        assert forward.summary["added"] == backward.summary["removed"]
        assert forward.shared_topics and set(forward.shared_topics) == set(backward.shared_topics)


def test_alignment_never_pairs_different_topics(
    kb: KnowledgeBase, every_pair: dict[tuple[str, str], DiffReport]
) -> None:
    for (a, b), report in every_pair.items():
        for e in report.entries:
            for side in (e.a, e.b):
                clause = kb.clause(side.clause) if side else None
                assert clause is None or clause.topic == e.topic, (a, b, e.topic, side and side.local_id)


def test_matrix_covers_every_pair(kb: KnowledgeBase, nat_cq: DiffReport) -> None:
    matrix = diff_matrix(kb=kb)
    assert sorted(matrix.policies) == POLICIES
    pairs = [frozenset((c.a, c.b)) for c in matrix.cells]
    assert len(pairs) == len(set(pairs)) == len(POLICIES) * (len(POLICIES) - 1) // 2
    assert set(pairs) == {frozenset(p) for p in itertools.combinations(POLICIES, 2)}
    cell = next(c for c in matrix.cells if {c.a, c.b} == {NAT, CQ})
    counts = nat_cq.summary if (cell.a, cell.b) == (NAT, CQ) else {c: nat_cq.summary[mirror(c)] for c in CHANGES}
    assert {c: getattr(cell, c) for c in CHANGES} == counts
    assert cell.shared_topics == len(nat_cq.shared_topics)


def test_filters(kb: KnowledgeBase) -> None:
    only = diff(NAT, CQ, topic="training-headcount", only_changes=True, kb=kb)
    assert only.entries and {e.topic for e in only.entries} == {"training-headcount"}
    assert "same" not in {e.change for e in only.entries} and only.summary["same"] >= 1
    area = diff(RD, NAT, product="diagnosis-testing", kb=kb)  # a broader family: every family under it
    assert {"mri", "ct", "endoscope"} <= {e.family for e in area.entries}
    with pytest.raises(InputError):
        diff(NAT, CQ, topic="no-such-topic", kb=kb)
    with pytest.raises(InputError):
        diff(NAT, CQ, product="no-such-family", kb=kb)
    with pytest.raises(UnknownPolicyError):
        diff(NAT, "nowhere", kb=kb)


# -- output -------------------------------------------------------------------------------------------------------
class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.refs += [v or "" for k, v in attrs if k in {"href", "src", "action", "data", "srcset", "poster"}]


def test_html_is_one_self_contained_page(nat_cq: DiffReport) -> None:
    page = render_diff(nat_cq, "html", "zh")
    parser = _Refs()
    parser.feed(page)
    # inline CSS, an inline SVG chart and a few lines of inline script (search, print); nothing loaded
    assert {"style", "svg"} <= parser.tags and not parser.tags & {"link", "img", "iframe", "object"}
    assert all(ref.startswith("#") for ref in parser.refs)
    assert not re.search(r"https?://", page, re.I)
    assert not re.search(r"url\(|@import", page)
    assert "<del>" in page and "<ins>" in page
    assert page.index("放宽") < page.index("研发投入")  # summary first, then by topic


def test_text_and_markdown_put_the_summary_first(nat_cq: DiffReport) -> None:
    for fmt in ("table", "markdown"):
        zh, en = render_diff(nat_cq, fmt, "zh"), render_diff(nat_cq, fmt, "en")
        assert zh.index("汇总") < zh.index("研发投入占比")
        assert en.index("Summary") < en.index("R&D")
        assert "[-7-]{+5+}" in zh or "~~7~~**5**" in zh


@pytest.fixture
def cli(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(KnowledgeBase, "default", lambda: kb)
    return CliRunner()


def test_cli_json_is_the_contract_array(cli: CliRunner) -> None:
    result = cli.invoke(diff_command, [NAT, CQ, "--format", "json", "--topic", "rd-investment-ratio"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert isinstance(entries, list) and entries
    for e in entries:
        assert list(e)[:4] == ["topic", "change", "a", "b"]
        assert e["change"] in CHANGES
        for side in (e["a"], e["b"]):
            assert side is None or {"clause", "text", "comparator", "value", "unit", "section", "quote"} <= set(side)
    assert {e["change"] for e in entries} >= {"looser"}


def test_cli_matrix_html_and_errors(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "diff.html"
    result = cli.invoke(diff_command, [NAT, CQ, "--format", "html", "--lang", "en", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = cli.invoke(diff_command, ["--matrix", NAT, CQ, RD, "--format", "json"])
    assert result.exit_code == 0 and len(json.loads(result.output)) == 3
    result = cli.invoke(diff_command, [NAT, "nowhere"])
    assert result.exit_code == 2 and "unknown policy" in result.output
    assert cli.invoke(diff_command, [NAT]).exit_code == 2


# -- applicants ---------------------------------------------------------------------------------------------------
def _report(kb: KnowledgeBase, policy: str, failing: list[str]) -> Report:
    by_local = {c.id.rsplit("/", 1)[-1]: c for c in kb.clauses(policy)}
    results = [
        ClauseResult(
            clause=by_local[local].id,
            section=by_local[local].section,
            status="fail",
            text=by_local[local].text,
            topic=by_local[local].topic,
            message="fails",
        )
        for local in failing
    ]
    return Report(policy=policy, as_of="2025-10-15", lang="zh", conforms=not failing, summary={}, results=results)


def test_applicants_who_flip_and_why(kb: KnowledgeBase, nat_cq: DiffReport, tmp_path: Path) -> None:
    # the headcount row of each table, found from the data (the row with a person-time threshold)
    (row,) = [e for e in _paired(nat_cq, "training-headcount") if e.a and e.a.unit_code == "person_time"]
    assert row.a and row.b
    fails = {
        "ok.ttl": {NAT: [], CQ: []},
        "trains-180.ttl": {NAT: [row.a.local_id], CQ: []},  # 180 person-times: enough in chongqing only
        "no-lead.ttl": {NAT: [], CQ: ["art6-2-e"]},
    }
    for name in fails:
        (tmp_path / name).write_text("# as-of: 2025-10-15\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not an applicant", encoding="utf-8")

    def validator(path: Path, policy: str, as_of: object) -> Report:
        assert str(as_of) == "2025-10-15"  # the file's own date of check
        return _report(kb, policy, fails[path.name][policy])

    result = diff_applicants(NAT, CQ, tmp_path, report=nat_cq, kb=kb, validator=validator)
    by_name = {Path(x.file).name: x for x in result.applicants}
    assert set(by_name) == set(fails)
    assert by_name["ok.ttl"].flip == "none"
    gained = by_name["trains-180.ttl"]
    assert gained.flip == "gained" and gained.eligible_b and not gained.eligible_a
    (cause,) = gained.causes
    assert cause.policy == NAT and cause.via == "clause" and "looser" in cause.changes
    lost = by_name["no-lead.ttl"]
    assert lost.flip == "lost" and lost.causes and lost.causes[0].topic == "lead-unit-standing"
    assert [x.file for x in result.flips] == [lost.file, gained.file]


def test_applicants_in_worker_processes_equal_one_process(tmp_path: Path) -> None:
    """``diff --applicants --workers 2`` (spawned processes) gives the JSON of the one-process run, a bad file
    included as that file's error."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for source in sorted((ROOT / "examples" / CQ).glob("*.ttl"))[:4]:
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    args = [sys.executable, "-m", "medpolicy", "diff", NAT, CQ, "--applicants", str(folder), "--format", "json"]
    one, two = (subprocess.run([*args, "--workers", n], capture_output=True, text=True, cwd=ROOT) for n in "12")
    assert one.returncode == two.returncode and "Traceback" not in one.stderr + two.stderr, one.stderr + two.stderr
    rows = json.loads(one.stdout)
    assert len(rows) == 5 and [r["error"] is not None for r in rows].count(True) == 1
    assert json.loads(two.stdout) == rows
