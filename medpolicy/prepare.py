"""Preparing an applicant graph for validation: drop untrusted triples, then derive the generic facts.

Everything here is generic: it reads the vocabulary and the policy's parameters as data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.namespaces import BASE, MP, SH
from medpolicy.units import convert

__all__ = ["Prepared", "prepare"]

SCHEMA_PREDICATES = {
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.sameAs,
    OWL.imports,
    OWL.inverseOf,
}


@dataclass
class Prepared:
    """The data graph handed to SHACL, and what preparing it changed."""

    graph: Graph
    ignored: list[str] = field(default_factory=list)
    notes: dict[Node, list[tuple[str, str]]] = field(default_factory=dict)
    original: dict[Node, tuple[str, str]] = field(default_factory=dict)

    def note(self, node: Node, zh: str, en: str) -> None:
        self.notes.setdefault(node, []).append((zh, en))


def _untrusted(s: Node, p: Node, o: Node) -> str | None:
    if str(p).startswith(str(SH)) or (p == RDF.type and str(o).startswith(str(SH))):
        return "SHACL statement"
    if p in SCHEMA_PREDICATES:
        return f"schema statement ({p.n3()})"
    if isinstance(s, URIRef) and str(s).startswith(BASE):
        return f"statement about the knowledge base's own term {s.n3()}"
    return None


def _sub_properties(ontology: Graph, root: URIRef) -> set[URIRef]:
    found = {root}
    changed = True
    while changed:
        changed = False
        for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
            if sup in found and isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                changed = True
    return found


def _rounded(value: float) -> Literal:
    return Literal(Decimal(f"{value:.12g}"), datatype=XSD.decimal)


def prepare(applicant: Graph, policy_graph: Graph, ontology: Graph, as_of: dt.date) -> Prepared:
    """Return a new data graph: the applicant's trusted triples, the policy, and derived facts."""
    data = Graph()
    prepared = Prepared(data)
    for s, p, o in applicant:
        reason = _untrusted(s, p, o)
        if reason:
            prepared.ignored.append(f"{s.n3()} {p.n3()} {o.n3()}: {reason}")
            continue
        data.add((s, p, o))
    # role properties are sub-properties of mp:member: every lead or participant is a member
    for prop in _sub_properties(ontology, MP.member) - {MP.member}:
        for s, o in list(data.subject_objects(prop)):
            data.add((s, MP.member, o))
    for app in set(data.subjects(RDF.type, MP.Application)) | set(data.subjects(RDF.type, MP.Proposal)):
        data.add((app, RDF.type, MP.Application))
        data.add((app, MP.asOf, Literal(as_of)))
        for product in list(data.objects(app, MP.product)):
            for claimed in list(data.objects(product, MP.claimsProduct)):
                data.add((app, MP.appliesFor, claimed))
        for scope in list(data.objects(app, MP.appliesFor)):
            for category in policy_graph.objects(scope, MP.category):
                data.add((app, MP.applicationCategory, category))
    _normalise_values(data, policy_graph, prepared)
    data += policy_graph
    return prepared


def _normalise_values(data: Graph, policy: Graph, prepared: Prepared) -> None:
    chosen: dict[Node, set[str]] = {}
    for product, variant in data.subject_objects(MP.selectedVariant):
        chosen.setdefault(product, set()).add(str(variant))
    for node, param in list(data.subject_objects(MP.forParameter)):
        if (param, RDF.type, MP.Parameter) not in policy:
            prepared.note(
                node, f"参数 {param} 不属于本政策，已忽略", f"parameter {param} is not in this policy; ignored"
            )
            continue
        variant = policy.value(param, MP.variant)
        owners = set(data.subjects(MP.indicatorValue, node))
        if variant is not None and owners and not any(str(variant) in chosen.get(o, set()) for o in owners):
            data.add((node, MP.inactiveVariant, Literal(True)))
        number = data.value(node, MP.numericValue)
        if number is None:
            continue
        try:
            amount = Decimal(str(number.toPython())) if isinstance(number, Literal) else None
            if amount is None or not amount.is_finite():
                raise ValueError
        except (ValueError, ArithmeticError):
            prepared.note(node, f"数值 {number} 不是数字", f"value {number} is not a number")
            continue
        given = str(data.value(node, MP.unitCode) or "")
        target = str(policy.value(param, MP.unitCode) or "")
        prepared.original[node] = (f"{amount.normalize():f}", given)
        try:
            value = convert(amount, given or target, target)
        except InputError as exc:
            prepared.note(node, f"单位无法换算：{exc.message}", f"unit does not convert: {exc.message}")
            continue
        data.add((node, MP.normalizedValue, _rounded(value)))
