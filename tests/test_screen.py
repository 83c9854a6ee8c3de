"""Batch screening: cross-application rules on durable_rules (and the compiled backend), in worker processes and on
a Dask cluster, with expected findings known by construction."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from medpolicy.applicant.model import Application, Unit
from medpolicy.i18n import words
from medpolicy.kb.rulesets import load_rules
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.render.screen import finding_json
from medpolicy.rules.durable import run_rules
from medpolicy.rules.engine import RuleEngine, RuleError, isolated
from medpolicy.rules.grouping import run_compiled
from medpolicy.rules.roles import lead_roles, role_properties
from medpolicy.rules.screen import screen, screen_batch
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
    assert set(over.applications) == expected["over3"] and over.value == 4 and "≤ 3" in words(over.expected, "en")
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


# -- streaming in worker processes, the compiled backend, Dask: the same findings as the in-process run ----------

AS_OF = dt.date(2025, 10, 15)
EXAMPLES = sorted(
    p.name for p in (ROOT / "examples").iterdir() if (ROOT / "policies" / p.name / "rules.toml").is_file()
)


def _batches(tmp: Path) -> list[tuple[str, str]]:
    """Every batch fixture: each policy's examples folder, the planted 30-application batch, a batch with errors."""
    national = tmp / "national"
    national.mkdir()
    _national_batch(national)
    broken = tmp / "broken"
    broken.mkdir()
    _broken_batch(broken)
    return [
        *((str(ROOT / "examples" / p), p) for p in EXAMPLES),
        (str(national), "2025_national"),
        (str(broken), "chongqing"),
    ]


def _broken_batch(folder: Path) -> None:
    examples = ROOT / "examples" / "chongqing"
    shutil.copy(examples / "pass.ttl", folder / "a-pass.ttl")
    shutil.copy(examples / "fail-projects.ttl", folder / "b-fail.ttl")
    (folder / "c-garbage.ttl").write_text('<https://example.org/a> <https://example.org/p> "unterminated .\n')


def _jsonl(args: list[str]) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", "screen", *args, "--format", "jsonl", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_worker_processes_stream_reports_and_find_what_the_in_process_run_finds(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    for folder, policy in _batches(tmp_path):
        validate_each = Path(folder).parent.name == "examples"  # the examples validated; the planted batches not
        here = screen_batch([folder], policy, lang="en", as_of=AS_OF, kb=kb, validate_each=validate_each, workers=1)
        flags = ["--policy", policy, "--as-of", AS_OF.isoformat(), "--workers", "2"]
        lines = _jsonl([folder, *flags, *([] if validate_each else ["--no-validate"])])
        kinds = [line["kind"] for line in lines]
        assert kinds == sorted(kinds, key=["report", "error", "finding", "verdict", "screen"].index), folder
        reports = {line["application"]: line["report"] for line in lines if line["kind"] == "report"}
        assert set(reports) == {v.application for v in here.verdicts}, folder
        assert all(r["policy"] == policy and r["source"] == name for name, r in reports.items())
        assert [line for line in lines if line["kind"] == "finding"] == [
            {"kind": "finding", **finding_json(f, "en")} for f in here.findings
        ], folder
        verdicts = [{k: v for k, v in line.items() if k != "kind"} for line in lines if line["kind"] == "verdict"]
        assert verdicts == [v.model_dump(mode="json", exclude={"statuses"}) for v in here.verdicts], folder
        assert [line["application"] for line in lines if line["kind"] == "error"] == [
            e.application for e in here.errors
        ]
        assert lines[-1]["eligible"] == len(here.eligible) and lines[-1]["findings"] == len(here.findings)


def test_json_output_merges_the_findings_into_the_spooled_reports(tmp_path: Path, kb: KnowledgeBase) -> None:
    _national_batch(tmp_path)
    here = screen([str(tmp_path)], "2025_national", lang="en", kb=kb, validate_each=False)
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", "screen", str(tmp_path), "--policy", "2025_national", "--no-validate"]
        + ["--format", "json", "--lang", "en", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["applications"] == [json.loads(r.model_dump_json()) for r in here.applications]
    assert result["findings"] == [finding_json(f, "en") for f in here.findings]
    assert {f["rule"] for f in result["findings"]} >= {"projects-per-unit", "consortium-size"}


def _random_facts(n: int, seed: int) -> list[dict[str, Any]]:
    """Facts of ``n`` applications with units shared at random (many groups break a limit)."""
    rng = random.Random(seed)
    facts: list[dict[str, Any]] = []
    for i in range(n):
        base = {"application": f"a{i}", "category": rng.choice(["c1", "c2"]), "direction": rng.choice(["d5-2-1", "x"])}
        month = rng.randrange(1, 13)
        facts.append(
            {
                **base,
                "fact": "application",
                "province": rng.choice(["北京", "四川", "浙江", "重庆", ""]),
                "submitted": f"2025-{month:02d}-{rng.randrange(1, 28):02d}" if rng.random() < 0.9 else "",
                "recommended_on": f"2025-{rng.randrange(1, 13):02d}-05",
                "recommended": rng.random() < 0.4,
            }
        )
        for role in rng.sample(["leadManufacturer", "leadHospital", "leadUnit", "participant", "participant"], 3):
            unit = f"U{rng.randrange(n // 2 + 1)}"
            facts.append({**base, "fact": "membership", "role": role, "unit": unit, "unit_label": unit})
    return facts


def test_the_compiled_backend_finds_what_durable_rules_finds(tmp_path: Path, kb: KnowledgeBase) -> None:
    for folder, policy in _batches(tmp_path):
        durable = screen_batch([folder], policy, kb=kb, validate_each=False, workers=1)
        compiled = screen_batch([folder], policy, kb=kb, validate_each=False, workers=1, backend="compiled")
        assert durable.findings and compiled.findings == durable.findings or policy == "chongqing", folder
        assert compiled.findings == durable.findings and compiled.verdicts == durable.verdicts, folder
    for policy in EXAMPLES:
        rules = load_rules(policy, kb)
        facts = _random_facts(400, seed=len(policy))
        found = isolated(run_rules, rules, facts)
        assert found and run_compiled(rules, facts) == found, policy


def test_two_late_applications_are_each_named_by_their_own_finding(kb: KnowledgeBase) -> None:
    rules = [r for r in load_rules("aimd_jiebang", kb) if r.kind == "date"]
    dates = {"early": "2025-03-01", "late1": "2025-03-29", "late2": "2025-04-02", "later": ""}
    facts = [
        {"fact": "application", "application": a, "submitted": d, "category": "-", "direction": "-"}
        for a, d in dates.items()
    ]
    found = isolated(run_rules, rules, facts)
    assert [v["apps"] for v in found] == [["late1"], ["late2"]]
    assert run_compiled(rules, facts) == found


def test_a_dask_cluster_finds_what_the_local_run_finds(kb: KnowledgeBase) -> None:
    from distributed import LocalCluster

    folder = str(ROOT / "examples" / "aimd_jiebang")
    here = screen_batch([folder], "aimd_jiebang", lang="en", as_of=AS_OF, kb=kb, workers=1)
    streamed: list[str] = []
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as cluster:
        there = screen_batch(
            [folder], "aimd_jiebang", lang="en", as_of=AS_OF, kb=kb, scheduler=cluster.scheduler_address,
            on_report=lambda name, _text: streamed.append(name),
        )  # fmt: skip
    assert there.findings and there == here
    assert sorted(streamed) == sorted(v.application for v in here.verdicts)


def test_no_scheduler_at_the_address_is_an_input_error(tmp_path: Path) -> None:
    src = ROOT / "examples" / "chongqing" / "pass.ttl"
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", "screen", str(src), "--scheduler", "tcp://127.0.0.1:9", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "no Dask scheduler at tcp://127.0.0.1:9" in done.stderr


def test_role_properties_come_from_the_ontology(kb: KnowledgeBase) -> None:
    """Every sub-property of mp:member in the ontology is a role whose units the rules count, leads apart."""
    from rdflib import RDFS

    from medpolicy.kb.namespaces import MP

    declared = {local_name(p) for p in kb.ontology.subjects(RDFS.subPropertyOf, MP.member)}
    assert set(role_properties(kb)) == declared and "participant" in declared
    assert set(lead_roles(kb)) == declared - {"participant"}
