"""Every machine-checked clause is proven by a generated applicant that just meets it and a near miss that just
misses it (docs/witness.md); absence of data never passes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import NOTICES, ROOT
from rdflib import Graph, Literal, URIRef

from medpolicy.applicant.witness import W, boundary, scopes, witness
from medpolicy.kb.models import Parameter
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.proof import machine_checked, prove
from medpolicy.validation.run import validate


def _param(cmp: str, value: object, unit: str = "", reading: str | None = None) -> Parameter:
    return Parameter(
        id="urn:p",
        subject="s",
        comparator=cmp,
        value=value,
        unit=unit,
        unit_code=unit,
        quote="q",
        range_reading=reading,
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("param", "good", "bad"),
    [
        (_param(">=", 7, "%"), Decimal(7), Decimal("6.99")),
        (_param("<=", 15, "count"), Decimal(15), Decimal(16)),
        (_param(">", 0.5, "T"), Decimal("0.501"), Decimal("0.5")),
        (_param("<", 3, "year"), Decimal(2), Decimal(3)),
        (_param("bool", True), True, False),
        (_param("before", "2025-03-28"), dt.date(2025, 3, 28), dt.date(2025, 3, 29)),
        (_param("between", [4, 14], "g", "cover"), (4, 14), (Decimal("4.01"), 14)),
        (_param("between", [1, 2], "cm**2"), 1, Decimal("0.99")),
    ],
)
def test_boundary_values_just_meet_and_just_miss(param: Parameter, good: object, bad: object) -> None:
    assert boundary(param) == (good, bad)


def test_scopes_are_the_leaves(kb: KnowledgeBase) -> None:
    found = scopes(kb, "2025_national")
    names = {s.rsplit("/", 1)[-1] for s in found if s}
    assert "a1-p02" in names and "a1-p11" in names  # products, not their categories
    assert all(kb.clause(s) is not None for s in found if s)


def _skeleton(kb: KnowledgeBase, policy: str, scope: str | None) -> Graph:
    graph = Graph()
    app = W.application
    graph.add((app, MP.forPolicy, URIRef(kb.policy(policy).iri)))
    graph.add((app, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), MP.Application))
    if scope:
        graph.add((app, MP.appliesFor, URIRef(scope)))
    return graph


def _has_witness(policy: str) -> bool:
    return (ROOT / "policies" / policy / "witness.ttl").is_file()


@pytest.mark.parametrize("policy", NOTICES)
def test_an_empty_application_fails_every_checked_clause(kb: KnowledgeBase, policy: str) -> None:
    """A template filled with nothing: every applicable machine-checked clause fails or warns, none passes."""
    if not _has_witness(policy):
        pytest.skip(f"{policy} has no witness.ttl yet")
    checked = {c.id for c in machine_checked(kb, policy)}
    scope = scopes(kb, policy)[0]
    report = validate(_skeleton(kb, policy, scope), policy, lang="en", kb=kb)
    passing = {r.clause for r in report.results if r.clause in checked and r.status == "pass"}
    # what passes is met by the one fact given, the choice of product or direction: without it, it fails too
    unscoped = validate(_skeleton(kb, policy, None), policy, lang="en", kb=kb)
    still = {r.clause for r in unscoped.results if r.clause in passing and r.status not in ("fail", "warning")}
    assert still == set()
    assert len(passing) <= 3, passing


def test_a_one_mode_radiotherapy_product_conforms(kb: KnowledgeBase) -> None:
    """立体定向放射治疗系统: 至少满足两种射线模式中的一种 — the γ mode alone is enough."""
    scope = next(s for s in scopes(kb, "2025_national") if s and s.endswith("/a1-p11"))
    w = witness(kb, "2025_national", scope)
    chosen = {str(v) for v in w.graph.objects(W.product, MP.selectedVariant)}
    report = validate(w.graph, "2025_national", lang="en", as_of=w.as_of, kb=kb)
    statuses = {r.clause.rsplit("/", 1)[-1]: r.status for r in report.results}
    other = "x" if chosen == {"γ射线"} else "g"
    assert all(statuses[f"a1-p11-{other}-i{i}"] == "not_applicable" for i in (1, 2, 3))
    if _has_witness("2025_national"):
        assert report.conforms, [(r.clause, r.message) for r in report.failed]
    # dropping one value of the chosen mode makes that clause fail (the other mode is no escape)
    mine = "g" if other == "x" else "x"
    node = next(n for n in w.graph.objects(W.product, MP.indicatorValue) if f"a1-p11-{mine}-i2" in str(n))
    w.graph.remove((node, None, None))
    again = validate(w.graph, "2025_national", lang="en", as_of=w.as_of, kb=kb)
    assert {r.clause.rsplit("/", 1)[-1]: r.status for r in again.results}[f"a1-p11-{mine}-i2"] == "fail"


def test_a_range_to_cover_is_checked_as_coverage(kb: KnowledgeBase) -> None:
    """脉压采集范围4g～14g: a 2–20 g device covers it, a 5–6 g device does not."""
    scope = next(s for s in scopes(kb, "2025_national") if s and s.endswith("/a1-p16"))
    w = witness(kb, "2025_national", scope)
    node = next(n for n in w.graph.objects(W.product, MP.indicatorValue) if "a1-p16-i2-p1" in str(n))

    def status(lo: int, hi: int) -> str:
        for prop in (MP.minValue, MP.maxValue):
            w.graph.remove((node, prop, None))
        w.graph.add((node, MP.minValue, Literal(lo)))
        w.graph.add((node, MP.maxValue, Literal(hi)))
        report = validate(w.graph, "2025_national", lang="en", as_of=w.as_of, kb=kb)
        return {r.clause.rsplit("/", 1)[-1]: r.status for r in report.results}["a1-p16-i2"]

    assert status(2, 20) == "pass"
    assert status(5, 6) == "fail"
    assert status(4, 14) == "pass"
    assert status(4, 13) == "fail"


@pytest.mark.parametrize("policy", NOTICES)
def test_every_checked_clause_is_proven(kb: KnowledgeBase, policy: str) -> None:
    """Every witness conforms; every near miss fails exactly its clauses; ≥ 95% of checked clauses proven."""
    if not _has_witness(policy):
        pytest.skip(f"{policy} has no witness.ttl yet")
    proof = prove(kb, policy)
    not_conforming = {s.scope: s.not_passing for s in proof.scopes if not s.conforms}
    assert not_conforming == {}
    inexact = {m.id: (m.missed, m.unexpected) for m in proof.mutations if not m.exact}
    assert inexact == {}
    assert proof.ratio >= 0.95, proof.unproven


def test_template_example_writes_the_witness_in_a_fresh_process(tmp_path: object) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "medpolicy", "template", "--policy", "aimd_jiebang", "--for", "cat1-d1-r1", "--example"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    graph = Graph().parse(data=out.stdout, format="turtle")
    assert (
        W.application,
        MP.appliesFor,
        URIRef(KnowledgeBase(ROOT).policy("aimd_jiebang").iri.rsplit("/", 1)[0] + "/cat1-d1-r1"),
    ) in graph
    assert len(list(graph.objects(W.application, MP.commitment))) > 10


def test_prove_json_lists_counts() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "medpolicy", "prove", "--policy", "aimd_jiebang", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert out.returncode in (0, 1), out.stderr
    data = json.loads(out.stdout)
    assert data[0]["policy"] == "aimd_jiebang"
    assert len(data[0]["machine_checked"]) >= len(data[0]["proven"]) > 0


def test_an_ambiguous_unit_is_switchable(kb: KnowledgeBase) -> None:
    """频率5-12Hz: recorded as printed (Hz), switchable to the MHz reading; the report says which reading ran."""
    scope = next(s for s in scopes(kb, "2025_national") if s and s.endswith("/a1-p05"))
    w = witness(kb, "2025_national", scope)
    node = next(n for n in w.graph.objects(W.product, MP.indicatorValue) if "a1-p05-i4-p1" in str(n))
    for prop in (MP.minValue, MP.maxValue, MP.unitCode):
        w.graph.remove((node, prop, None))
    w.graph.add((node, MP.minValue, Literal(5)))
    w.graph.add((node, MP.maxValue, Literal(12)))
    w.graph.add((node, MP.unitCode, Literal("MHz")))

    def status(**kwargs: object) -> tuple[str, list[str]]:
        report = validate(w.graph, "2025_national", lang="en", as_of=w.as_of, kb=kb, **kwargs)  # type: ignore[arg-type]
        return {r.clause.rsplit("/", 1)[-1]: r.status for r in report.results}["a1-p05-i4"], report.in_words().notes

    assert status()[0] == "fail"  # as printed: 5-12 MHz does not cover 5-12 Hz
    read, notes = status(readings={"a1-p05-i4-p1": "MHz"})
    assert read == "pass" and any("read as 'MHz'" in n for n in notes)
    w.graph.remove((node, MP.unitCode, None))
    w.graph.add((node, MP.unitCode, Literal("Hz")))  # 5-12 Hz: covers the printed range, not 5-12 MHz
    assert status()[0] == "pass"
    assert status(readings={"a1-p05-i4-p1": "MHz"})[0] == "fail"
    with pytest.raises(Exception, match="no reading 'GHz'"):
        validate(w.graph, "2025_national", kb=kb, readings={"a1-p05-i4-p1": "GHz"})


@pytest.mark.parametrize("policy", NOTICES)
def test_a_template_filled_with_the_examples_values_conforms(kb: KnowledgeBase, policy: str) -> None:
    """The template lists every field the scope's checks read; unfilled it passes nothing it serves; filled with the
    example's values (in the order of its blanks) it conforms."""
    from medpolicy.applicant.template import template_turtle
    from medpolicy.applicant.witness import FILL, template_document

    for scope in scopes(kb, policy)[:2]:
        text = template_turtle(policy, scope, "en", kb)
        _, values = template_document(kb, policy, scope, "en")
        assert text.count(FILL) == len(values) > 0
        blank = validate(Graph().parse(data=text, format="turtle"), policy, lang="en", kb=kb)
        served = {r.clause for r in blank.results if r.status in ("fail", "warning")}
        assert not any(r.status == "pass" and r.clause in served for r in blank.results)
        filled = text
        for value in values:
            filled = filled.replace(FILL, value, 1)
        w = witness(kb, policy, scope)
        report = validate(Graph().parse(data=filled, format="turtle"), policy, lang="en", as_of=w.as_of, kb=kb)
        if _has_witness(policy):
            assert report.conforms, [(r.clause, r.message) for r in report.failed]
        else:  # only the parameter values are templated yet: their clauses all pass once filled
            valued = {c.id for c in kb.clauses(policy) for p in c.parameters if p in w.values.values()}
            assert valued and not valued & {r.clause for r in report.failed}
