"""Batch screening: cross-application rules on durable_rules, with expected findings known by construction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from medpolicy.applicant.model import Application, Unit
from medpolicy.kb.rulesets import load_rules
from medpolicy.kb.store import KnowledgeBase
from medpolicy.rules.engine import RuleEngine, RuleError, isolated
from medpolicy.rules.screen import run_rules, screen
from tests.conftest import POLICIES, ROOT


def _unit(code: str, kind: str = "enterprise") -> Unit:
    return Unit(
        id=f"u{code}",
        name=f"单位{code}",
        credit_code=f"91110000MA{code:0>8}",
        organisation_type=kind,
        legal_person=True,
        registered_in_china=True,
    )  # type: ignore[arg-type]


def _national_batch(folder: Path) -> dict[str, object]:
    """30 applications; the violations are planted and returned."""
    shared = _unit("SHARED1")  # joins 3 product consortia and 1 scenario consortium: 4 projects, 3 in one category
    twice = _unit("TWICE2")  # one product and one scenario consortium: allowed
    for n in range(30):
        scope = "a2-s1" if n in (3, 4) else f"a1-p{(n % 22) + 1:02d}"
        units = [_unit(f"M{n:02d}"), _unit(f"H{n:02d}", "hospital")]
        if n in (0, 1, 2, 3):
            units.append(shared)
        if n in (5, 4):
            units.append(twice)
        if n == 17:
            units += [_unit(f"X{k:02d}") for k in range(14)]  # 16 units: more than 15 (in principle)
        app = Application(
            id=f"app{n:02d}",
            policy="2025_national",
            name=f"申报{n:02d}",
            applies_for=[scope],
            lead_manufacturer=units[0].id,
            lead_hospital=units[1].id,
            participants=[u.id for u in units[2:]],
            units=units,
        )
        graph = app.to_graph(base=f"https://example.org/batch/app{n:02d}/")
        if n == 20:
            from rdflib import Literal, URIRef
            from rdflib.namespace import XSD

            from medpolicy.kb.namespaces import MP

            graph.add(
                (
                    URIRef(f"https://example.org/batch/app{n:02d}/app{n:02d}"),
                    MP.recommendedOn,
                    Literal(dt.date(2025, 11, 5), datatype=XSD.date),
                )
            )
        graph.serialize(folder / f"app{n:02d}.ttl", format="turtle")
    return {"void": {"app00", "app01", "app02"}, "over3": {"app00", "app01", "app02", "app03"}}


def test_thirty_applications_with_overlapping_units(tmp_path: Path, kb: KnowledgeBase) -> None:
    expected = _national_batch(tmp_path)
    result = screen([str(tmp_path)], "2025_national", lang="en", kb=kb, validate_each=False)
    assert len(result.applications) == 30
    by_rule: dict[str, list[object]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    (over,) = by_rule["projects-per-unit"]
    assert set(over.applications) == expected["over3"] and over.value == 4 and "≤ 3" in over.expected
    (void,) = by_rule["one-consortium-per-category"]
    assert set(void.applications) == expected["void"] and void.voids and void.group["category"] == "cat-product"
    (size,) = by_rule["consortium-size"]
    assert size.applications == ["app17"] and size.value == 16 and size.severity == "warning"
    (late,) = by_rule["recommendation-deadline"]
    assert late.applications == ["app20"]
    assert "s2-2-f" in over.clause and over.text == "每个单位最多牵头或参与申报3个推广应用项目"
    flagged = {r.source for r in result.applications if not r.conforms}
    assert flagged == expected["over3"] | {"app20"}
    soft = next(r for r in result.applications if r.source == "app17")
    assert soft.conforms and soft.summary["warning"] == 1


def test_findings_merge_into_validated_reports(tmp_path: Path, kb: KnowledgeBase) -> None:
    src = Path(__file__).resolve().parent.parent / "examples" / "2025_national" / "pass.ttl"
    text = src.read_text(encoding="utf-8")
    for n in range(4):  # the same consortium in four applications: every unit in 4 projects
        (tmp_path / f"copy{n}.ttl").write_text(
            text.replace("https://example.org/", f"https://example.org/c{n}/"), encoding="utf-8"
        )
    result = screen([str(tmp_path)], None, lang="en", as_of=dt.date(2025, 10, 15), kb=kb)
    assert result.policy == "2025_national"
    assert {f.rule for f in result.findings} >= {"projects-per-unit", "one-consortium-per-category"}
    for report in result.applications:
        assert not report.conforms
        failed = {r.clause.rsplit("/", 1)[-1] for r in report.failed}
        assert {"s2-2-f", "s2-2-g"} <= failed


def test_every_rule_is_tied_to_a_rule_or_shape_clause(kb: KnowledgeBase) -> None:
    with_rules = [p for p in POLICIES if (ROOT / "policies" / p / "rules.toml").is_file()]
    assert with_rules
    for policy in with_rules:
        rules = load_rules(policy, kb)
        assert rules, policy
        for rule in rules:
            clause = kb.clause(rule.clause_iri)
            assert clause is not None and clause.check in ("rule", "shape"), rule.id


def test_share_quota_per_province(kb: KnowledgeBase) -> None:
    rules = [r for r in load_rules("aimd_jiebang", kb) if r.id == "recommendation-quota"]
    facts = [
        {
            "fact": "application",
            "application": f"a{n}",
            "province": "浙江" if n < 5 else "四川",
            "recommended": n in (0, 1, 2, 5),
            "category": "-",
            "direction": "-",
        }
        for n in range(8)
    ]
    (v,) = run_rules(rules, facts)
    assert v["k"] == "浙江" and v["n"] == 60.0  # 3 of 5 recommended; 四川 1 of 3 = 33.3 % is within 40 %


def test_two_screenings_in_one_process_are_independent(kb: KnowledgeBase) -> None:
    rules = [r for r in load_rules("2025_national", kb) if r.id == "projects-per-unit"]
    many = [
        {
            "fact": "membership",
            "application": f"a{n}",
            "unit": "U",
            "unit_label": "U",
            "role": "participant",
            "category": "c",
            "direction": "d",
        }
        for n in range(5)
    ]
    few = many[:2]
    assert len(run_rules(rules, many)) == 1
    assert run_rules(rules, few) == []
    assert len(run_rules(rules, many)) == 1


def test_an_error_inside_a_rule_action_surfaces() -> None:
    def boom(c: object) -> None:
        raise ValueError("boom")

    with (
        pytest.raises(RuleError, match="boom"),
        RuleEngine({"r": {"x": {"all": [{"m": {"t": "f"}}], "run": "a"}}}, {"a": boom}) as engine,
    ):
        engine.post("r", {"t": "f"})


def test_more_states_than_one_ruleset_holds_are_sharded() -> None:
    def count(c: object) -> None:
        state = c.s  # type: ignore[attr-defined]
        state["n"] = (state["n"] or 0) + 1

    with RuleEngine({"r": {"x": {"all": [{"m": {"t": "f"}}], "run": "count"}}}, {"count": count}) as engine:
        for n in range(2500):  # the C core holds 1,024 states per ruleset
            engine.post("r", {"sid": f"s{n % 1500}", "t": "f"})
        assert engine.state("r", "s7") == {"n": 2}


def test_isolated_runs_in_a_child_and_returns_errors() -> None:
    assert isolated(sum, [1, 2, 3]) == 6
    with pytest.raises(RuleError):
        isolated(int, "not a number")
