"""Validate an applicant graph against a policy and explain every clause.

file → safe parse → prepare (drop untrusted triples, derive generic facts) → pySHACL with the
policy's shapes → each SHACL result traced to its clause → a typed :class:`Report` listing every
clause of the policy as pass / fail / warning / manual / not_applicable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import BNode, Node

from medpolicy.errors import InputError
from medpolicy.explain import expected_text, fix_hint, found_text
from medpolicy.inputs import read_graph
from medpolicy.kb import KnowledgeBase, local_name
from medpolicy.models import Clause, Parameter
from medpolicy.namespaces import MP, SH
from medpolicy.prepare import Prepared, prepare
from medpolicy.report import ClauseResult, Finding, Report

__all__ = ["validate"]

_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, MP.certificateNumber)


def _label(graph: Graph, node: Node | None, lang: str, depth: int = 0) -> str | None:
    """A readable name for a node: its label, or its owner's label and the property leading to it."""
    if node is None:
        return None
    best: str | None = None
    for prop in _LABELS:
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                if value.language == lang:
                    return str(value)
                best = best or str(value)
    if best:
        return best
    if isinstance(node, BNode) and depth < 3:
        for owner, prop in graph.subject_predicates(node):
            owner_label = _label(graph, owner, lang, depth + 1)
            if owner_label:
                return f"{owner_label} / {local_name(prop)}"
    return local_name(node) if isinstance(node, URIRef) else None


def _top_shapes(shapes: Graph, shape: Node) -> set[Node]:
    parents = set(shapes.subjects(SH.property, shape)) | set(shapes.subjects(SH.node, shape))
    if not parents:
        return {shape}
    tops: set[Node] = set()
    for parent in parents:
        tops |= _top_shapes(shapes, parent)
    return tops


class _Result:
    def __init__(self, graph: Graph, node: Node) -> None:
        self.focus = graph.value(node, SH.focusNode)
        self.path = graph.value(node, SH.resultPath)
        self.value = graph.value(node, SH.value)
        self.shape = graph.value(node, SH.sourceShape)
        self.warning = graph.value(node, SH.resultSeverity) != SH.Violation
        self.messages = list(graph.objects(node, SH.resultMessage))


def _scopes(data: Graph, policy: Graph) -> set[str]:
    """The scope clauses the application is under: what it applies for, their parents and categories."""
    found: set[Node] = set()
    stack = [o for a in data.subjects(RDF.type, MP.Application) for o in data.objects(a, MP.appliesFor)]
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.add(node)
        stack.extend(policy.objects(node, MP.partOf))
        stack.extend(policy.objects(node, MP.category))
    return {str(n) for n in found}


def _scope_clauses(kb: KnowledgeBase, policy: str) -> set[str]:
    """Clauses that delimit an application's scope: categories, and anything indicators hang under."""
    clauses = kb.clauses(policy)
    parents = {c.part_of for c in clauses if c.kind == "indicator" and c.part_of}
    categories = {c.category for c in clauses if c.category}
    scoped = {c.id for c in clauses if c.kind == "scope" and (c.category or c.product_family)}
    return {p for p in parents | categories | scoped if p}


def _ancestors(kb: KnowledgeBase, clause: Clause) -> list[str]:
    chain = [clause.id]
    current: Clause | None = clause
    while current is not None and current.part_of and current.part_of not in chain:
        chain.append(current.part_of)
        current = kb.clause(current.part_of)
    return chain


def _applicable(kb: KnowledgeBase, clause: Clause, scopes: set[str], scope_clauses: set[str]) -> bool:
    for ancestor in _ancestors(kb, clause):
        if ancestor in scope_clauses and ancestor not in scopes:
            return False
    return not (clause.category and clause.category not in scopes)


def validate(
    source: Graph | str | Path,
    policy: str,
    *,
    lang: str = "zh",
    as_of: dt.date | None = None,
    input_format: str | None = None,
    strict: bool = False,
    kb: KnowledgeBase | None = None,
) -> Report:
    """Validate an applicant (a graph, or a file path) against one policy; return the full report.

    ``strict`` reads every 原则上 (in principle) clause as a hard requirement: its warnings become fails.
    """
    import pyshacl

    if lang not in {"zh", "en"}:
        raise InputError(f"unknown language {lang!r}; use zh or en", where="--lang")
    kb = kb or KnowledgeBase.default()
    as_of = as_of or dt.date.today()
    applicant = source if isinstance(source, Graph) else read_graph(source, input_format)
    policy_graph = kb.policy_graph(policy)
    prepared = prepare(applicant, policy_graph, kb.ontology, as_of)
    shapes = kb.shapes_graph(policy)
    _conforms, results_graph, _text = pyshacl.validate(
        prepared.graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        iterate_rules=True,
    )
    results = [_Result(results_graph, r) for r in results_graph.subjects(RDF.type, SH.ValidationResult)]
    by_clause: dict[str, list[Finding]] = defaultdict(list)
    params = {p.id: (c, p) for c in kb.clauses(policy) for p in c.parameters}
    for result in results:
        for clause_id, finding in _trace(result, shapes, prepared, params, lang):
            by_clause[clause_id].append(finding)
    return _report(kb, policy, source, as_of, lang, strict, prepared, by_clause)


def _trace(
    result: _Result,
    shapes: Graph,
    prepared: Prepared,
    params: dict[str, tuple[Clause, Parameter]],
    lang: str,
) -> list[tuple[str, Finding]]:
    data = prepared.graph
    tops = _top_shapes(shapes, result.shape) if result.shape is not None else set()
    clause_ids = [str(c) for top in tops for c in shapes.objects(top, MP.clause)]
    param: Parameter | None = None
    value_node: Node | None = None
    if result.value is not None and str(result.value) in params:
        clause, param = params[str(result.value)]
    elif result.focus is not None and data.value(result.focus, MP.forParameter) is not None:
        value_node = result.focus
        key = str(data.value(result.focus, MP.forParameter))
        if key not in params:
            return []
        clause, param = params[key]
    else:
        threshold = next((t for top in tops for t in shapes.objects(top, MP.thresholdParameter)), None)
        if threshold is not None and str(threshold) in params:
            param = params[str(threshold)][1]
    if param is not None and not clause_ids:
        clause_ids = [clause.id]
    if not clause_ids:
        return []
    message = next((str(m) for m in result.messages if getattr(m, "language", None) == lang), None)
    message = message or next((str(m) for m in result.messages), "")
    focus = value_node or result.focus
    owner = next(iter(data.subjects(None, focus)), None) if isinstance(focus, BNode) else None
    focus_label = _label(data, owner if value_node is not None and owner is not None else focus, lang)
    found: str | None = None
    if value_node is not None:
        normalised = data.value(value_node, MP.normalizedValue)
        boolean = data.value(value_node, MP.booleanValue)
        found = found_text(prepared.original.get(value_node), None if normalised is None else str(normalised), param)
        if found is None and boolean is not None:
            found = str(boolean).lower()
        notes = prepared.notes.get(value_node, [])
        if notes:
            message = "；".join(n[0] for n in notes) if lang == "zh" else "; ".join(n[1] for n in notes)
    elif result.value is not None and param is not None and str(result.value) == param.id:
        found = "未提供" if lang == "zh" else "not given"
    elif result.value is not None:
        found = str(result.value) if isinstance(result.value, Literal) else _label(data, result.value, lang)
    finding = Finding(
        focus=focus_label,
        focus_iri=None if focus is None or isinstance(focus, BNode) else str(focus),
        path=param.subject if param is not None and lang == "zh" else (
            param.subject_en if param is not None else (None if result.path is None else local_name(result.path))
        ),
        value=found,
        expected=None if param is None else expected_text(param, lang),
        message=message,
        hint=None if param is None else fix_hint(param, lang),
        severity="warning" if result.warning else "violation",
    )
    return [(c, finding) for c in clause_ids]


def _report(
    kb: KnowledgeBase,
    policy: str,
    source: Graph | str | Path,
    as_of: dt.date,
    lang: str,
    strict: bool,
    prepared: Prepared,
    by_clause: dict[str, list[Finding]],
) -> Report:
    from medpolicy.statuses import clause_status

    data = prepared.graph
    scopes = _scopes(data, kb.policy_graph(policy))
    scope_clauses = _scope_clauses(kb, policy)
    shaped = kb.shaped_clauses(policy)
    given = _given_parameters(data)
    evidence = _evidence(data, lang)
    results = []
    for clause in kb.clauses(policy):
        applicable = _applicable(kb, clause, scopes, scope_clauses)
        results.append(
            clause_status(
                clause, by_clause.get(clause.id, []), lang=lang, strict=strict, applicable=applicable,
                shaped=clause.id in shaped, values_given=all(p.id in given for p in clause.parameters)
                and bool(clause.parameters), evidence=evidence.get(clause.id, []),
            )
        )
    summary = {s: sum(1 for r in results if r.status == s) for s in
               ("pass", "fail", "warning", "manual", "not_applicable")}
    title = next((p.title if lang == "zh" else (p.title_en or p.title) for p in kb.policies() if p.id == policy), "")
    notes = [n[0] if lang == "zh" else n[1] for ns in prepared.notes.values() for n in ns]
    return Report(
        policy=policy,
        policy_title=title,
        source="(graph)" if isinstance(source, Graph) else str(source),
        as_of=as_of.isoformat(),
        lang=lang,
        conforms=summary["fail"] == 0,
        summary=summary,
        results=results,
        ignored_triples=prepared.ignored,
        notes=notes,
    )


def _given_parameters(data: Graph) -> set[str]:
    return {str(p) for p in data.objects(None, MP.forParameter)}


def _evidence(data: Graph, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for ev, clause in data.subject_objects(MP.supportsClause):
        title = _label(data, ev, lang) or local_name(ev)
        where = data.value(ev, MP.location)
        out[str(clause)].append(f"{title}（{where}）" if where and lang == "zh" else
                                f"{title} ({where})" if where else title)
    return out
