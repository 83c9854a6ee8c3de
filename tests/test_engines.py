"""The default SHACL engine (pyshacl-turbo) and the reference engine (pySHACL) give the same reports: the same
SHACL results on the graphs medpolicy prepares, and the same medpolicy report, for every example, every policy's
generated witness and some of its near misses."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOTICES, ROOT
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from medpolicy.applicant.witness import mutations, scopes, witness
from medpolicy.io.inputs import quiet_rdflib, read_graph
from medpolicy.kb.namespaces import SH
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.layered import layered
from medpolicy.validation.prepare import prepare
from medpolicy.validation.run import validate
from medpolicy.validation.shacl import misread_shapes, run_shacl

EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*/*.ttl") if p.parent.name in NOTICES)
AS_OF = dt.date(2025, 10, 1)
MUTATIONS_PER_POLICY = 3


def _results(report: Graph) -> set[tuple[object, ...]]:
    """Every top-level SHACL result as comparable terms (focus, path, value, shape, severity, component, messages)."""
    nested = set(report.objects(None, SH.detail))

    def term(node: Node, prop: Node) -> str | None:
        value = report.value(node, prop)
        return None if value is None else value.n3()

    return {
        (
            *(term(r, p) for p in (SH.focusNode, SH.resultPath, SH.value, SH.sourceShape, SH.resultSeverity)),
            term(r, SH.sourceConstraintComponent),
            term(r, SH.sourceConstraint),
            tuple(sorted(m.n3() for m in report.objects(r, SH.resultMessage))),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if r not in nested
    }


def _same(kb: KnowledgeBase, graph: Graph, policy: str, as_of: dt.date) -> None:
    with quiet_rdflib():
        data = prepare(graph, kb.policy_graph(policy), kb.ontology, as_of).graph
    shapes = kb.shapes_graph(policy)
    (fast_ok, fast), (ref_ok, ref) = run_shacl(data, shapes, "turbo"), run_shacl(data, shapes, "pyshacl")
    assert isinstance(fast, Graph) and isinstance(ref, Graph)
    assert fast_ok == ref_ok
    assert _results(fast) == _results(ref)
    # the policy's triples converted once per process give what a plain copy of the whole graph gives
    plain = Graph()
    plain += data
    plain_ok, from_plain = run_shacl(plain, shapes, "turbo")
    assert isinstance(from_plain, Graph)
    assert (plain_ok, _results(from_plain)) == (fast_ok, _results(fast))
    for lang in ("zh", "en"):
        turbo = validate(graph, policy, lang=lang, as_of=as_of, kb=kb, engine="turbo")
        pyshacl = validate(graph, policy, lang=lang, as_of=as_of, kb=kb, engine="pyshacl")
        assert turbo.model_dump() == pyshacl.model_dump()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_same_report_on_both_engines(kb: KnowledgeBase, path: Path) -> None:
    _same(kb, read_graph(path), path.parent.name, AS_OF)


def _cases() -> list[tuple[str, str]]:
    kb = KnowledgeBase.default()
    out = []
    for policy in NOTICES:
        scope = scopes(kb, policy)[0]
        out.append((policy, "witness"))
        kinds = itertools.islice(mutations(kb, policy, scope), 0, None, 7)  # spread over the kinds of near miss
        out += [(policy, m.id) for m in itertools.islice(kinds, MUTATIONS_PER_POLICY)]
    return out


@pytest.mark.parametrize(("policy", "case"), _cases())
def test_witnesses_and_near_misses_same_report_on_both_engines(kb: KnowledgeBase, policy: str, case: str) -> None:
    scope = scopes(kb, policy)[0]
    w = witness(kb, policy, scope)
    graph = w.graph if case == "witness" else next(m.graph for m in mutations(kb, policy, scope) if m.id == case)
    _same(kb, graph, policy, w.as_of)


def test_a_layered_graph_reads_as_the_union_and_never_changes_its_base() -> None:
    base = Graph().parse(format="turtle", data="<urn:ex:p> <urn:ex:value> 5 . <urn:ex:p> <urn:ex:label> 'P' .")
    top = Graph().parse(format="turtle", data="<urn:ex:a> <urn:ex:value> 6 . <urn:ex:p> <urn:ex:value> 5 .")
    graph = layered(top, base)
    assert set(graph) == set(top) | set(base)
    assert len(graph) == 3  # the triple in both counts once
    assert sorted(str(o) for o in graph.objects(None, URIRef("urn:ex:value"))) == ["5", "6"]
    graph.add((URIRef("urn:ex:a"), URIRef("urn:ex:label"), Literal("A")))
    assert len(base) == 2 and len(top) == 3
    with pytest.raises(ValueError, match="read only"):
        graph.remove((URIRef("urn:ex:p"), URIRef("urn:ex:label"), None))
    asked = graph.query("SELECT ?s WHERE { ?s <urn:ex:value> ?v FILTER (?v > 5) }")
    assert [str(row[0]) for row in asked] == ["urn:ex:a"]  # type: ignore[index]


def test_cli_engine_flag_selects_the_reference_engine_with_the_same_report() -> None:
    path = ROOT / "examples" / "chongqing" / "fail-rd-ratio.ttl"
    outputs = []
    for engine in ("pyshacl", "turbo"):
        cmd = [sys.executable, "-m", "medpolicy", "validate", str(path), "--policy", "chongqing", "--engine", engine]
        done = subprocess.run([*cmd, "--format", "json", "--as-of", "2025-10-01"], capture_output=True, text=True)
        assert done.returncode == 1, done.stderr  # the example fails its R&D ratio clause on both engines
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert any(r["status"] == "fail" for r in outputs[0]["results"])


def test_a_chain_of_operators_is_read_from_the_left_on_the_default_engine() -> None:
    """pyshacl-turbo 0.6.5 reads ``10 - 3 - 1`` as 8: such a shape runs on the reference engine, the others not."""
    shapes = Graph().parse(
        format="turtle",
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:Chain sh:targetNode ex:a ; sh:sparql [ sh:message "m" ;
            sh:select "SELECT $this ?value WHERE { BIND (10 - 3 - 1 AS ?value) FILTER (?value != 6) }" ] .
        ex:Plain sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 2 ] .""",
    )
    data = Graph().parse(format="turtle", data="<urn:ex:a> <urn:ex:p> 1 .")
    assert {str(s) for s in misread_shapes(shapes)} == {"urn:ex:Chain"}
    for engine in ("turbo", "pyshacl"):
        conforms, report = run_shacl(data, shapes, engine)
        assert isinstance(report, Graph)
        assert not conforms
        assert {str(s) for s in report.objects(None, SH.sourceShape)} != set()
        assert not list(report.objects(None, SH.value))  # 10 - 3 - 1 is 6: no SPARQL violation
        assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 1  # the minCount of ex:Plain


def test_the_operator_chain_verdicts_are_kept_on_disk_by_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process reads the verdicts from the cache folder; a changed text is a new key, never a stale one."""
    from medpolicy.kb import cache

    monkeypatch.setenv("MEDPOLICY_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_ON_DISK", {})
    calls: list[str] = []

    def chained(text: str) -> bool:
        calls.append(text)
        return "- 1 - 1" in text

    assert cache.remembered("test-chains", "SELECT (2 - 1 - 1 AS ?x) {}", chained) is True
    assert cache.remembered("test-chains", "SELECT (2 - 1 AS ?x) {}", chained) is False
    monkeypatch.setattr(cache, "_ON_DISK", {})  # as in a new process: read back from the folder
    assert cache.remembered("test-chains", "SELECT (2 - 1 - 1 AS ?x) {}", chained) is True
    assert len(calls) == 2
    assert [p.name.startswith("test-chains-medpolicy") for p in tmp_path.iterdir()] == [True]
    monkeypatch.setenv("MEDPOLICY_CACHE_DIR", "off")
    monkeypatch.setattr(cache, "_ON_DISK", {})
    assert cache.remembered("test-chains", "SELECT (2 - 1 - 1 AS ?x) {}", chained) is True
    assert len(calls) == 3
