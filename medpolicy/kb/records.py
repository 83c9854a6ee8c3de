"""The policy graph read into the library's models: a policy's metadata, its clauses and their parameters."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from medpolicy.errors import PolicyLoadError
from medpolicy.kb.models import Clause, Parameter, Policy, Value
from medpolicy.kb.namespaces import MP, MPT
from medpolicy.kb.terms import local_name, term_label

__all__ = ["clause_of", "parameter_of", "policy_of", "text_of", "topic_labels"]


def text_of(graph: Graph, node: object, prop: URIRef, lang: str | None = "zh") -> str | None:
    values = list(graph.objects(node, prop))  # type: ignore[arg-type]
    for v in values:
        if isinstance(v, Literal) and (lang is None or v.language == lang):
            return str(v)
    plain = [v for v in values if isinstance(v, Literal) and v.language is None]
    return str(plain[0]) if plain else None


def _value(graph: Graph, param: object) -> Value:
    vlist = graph.value(param, MP.valueList)  # type: ignore[arg-type]
    if vlist is not None:
        return [v.toPython() for v in Collection(graph, vlist)]  # type: ignore[arg-type]
    value = graph.value(param, MP.value)  # type: ignore[arg-type]
    if not isinstance(value, Literal):
        return None
    py = value.toPython()
    if isinstance(py, dt.date):
        return py.isoformat()
    if isinstance(py, bool | int | float | str):
        return py
    return float(py) if str(py).replace(".", "", 1).lstrip("-").isdigit() else str(py)


def _label(ontology: Graph, node: Node | None, lang: str) -> str:
    return term_label(ontology, node, lang) or local_name(node)


def _token(ontology: Graph, node: object) -> str:
    token = ontology.value(node, MP.token)  # type: ignore[arg-type]
    return str(token) if token is not None else local_name(node).lower()


def parameter_of(graph: Graph, node: object) -> Parameter:
    return Parameter(
        id=str(node),
        subject=text_of(graph, node, MP.subject) or "",
        subject_en=text_of(graph, node, MP.subject, "en") or "",
        comparator=str(graph.value(node, MP.comparator) or ""),  # type: ignore[arg-type]
        value=_value(graph, node),
        unit=str(graph.value(node, MP.unit) or ""),  # type: ignore[arg-type]
        unit_code=str(graph.value(node, MP.unitCode) or ""),  # type: ignore[arg-type]
        quote=str(graph.value(node, MP.quote) or ""),  # type: ignore[arg-type]
        variant=text_of(graph, node, MP.variant),
        condition=text_of(graph, node, MP.condition, None),
        lower_is_better=bool(graph.value(node, MP.lowerIsBetter)),  # type: ignore[arg-type]
        range_reading=text_of(graph, node, MP.rangeReading, None),
        readings=sorted(str(graph.value(r, MP.readingName)) for r in graph.objects(node, MP.reading)),  # type: ignore[arg-type]
    )


def clause_of(ontology: Graph, policy: str, graph: Graph, node: object) -> Clause:
    """The clause ``node`` of ``policy``'s graph as a model (kind, check and topic named by ``ontology``)."""

    def one(prop: URIRef) -> object:
        return graph.value(node, prop)  # type: ignore[arg-type]

    def opt(prop: URIRef) -> str | None:
        value = one(prop)
        return None if value is None else str(value)

    topic = one(MP.topic)
    params = [parameter_of(graph, p) for p in graph.objects(node, MP.parameter)]  # type: ignore[arg-type]
    params.sort(key=lambda p: [int(n) if n.isdigit() else n for n in re.split(r"(\d+)", p.id)])
    row = one(MP.indexRow)
    categories = sorted(str(c) for c in graph.objects(node, MP.category))  # type: ignore[arg-type]
    return Clause(
        id=str(node),
        policy=policy,
        section=str(one(MP.section)),
        order=int(str(one(MP.order) or 0)),
        text=text_of(graph, node, MP.text) or "",
        gloss=text_of(graph, node, MP.gloss, "en") or "",
        kind=_token(ontology, one(MP.kind)),
        check=_token(ontology, one(MP.check)),  # type: ignore[arg-type]
        topic=local_name(topic),
        topic_label=_label(ontology, topic, "zh"),
        topic_label_en=_label(ontology, topic, "en"),
        parameters=params,
        part_of=opt(MP.partOf),
        in_principle=bool(one(MP.inPrinciple)),
        evidence=text_of(graph, node, MP.evidence),
        evidence_en=text_of(graph, node, MP.evidence, "en"),
        interpretation=text_of(graph, node, MP.interpretation, "en"),
        product_family=None if one(MP.productFamily) is None else local_name(one(MP.productFamily)),
        category=min(categories) if categories else None,
        categories=categories,
        index_level1=text_of(graph, node, MP.indexLevel1),
        index_level2=text_of(graph, node, MP.indexLevel2),
        index_row=None if row is None else int(str(row)),
    )


def policy_of(graph: Graph, pid: str, clause_count: int) -> Policy:
    """One policy document's metadata, from its graph."""
    doc = next(iter(graph.subjects(MP.policyId, Literal(pid))), None)
    if doc is None:
        raise PolicyLoadError(f'no document with mp:policyId "{pid}"', file=f"policies/{pid}")
    issued = graph.value(doc, DCTERMS.issued)
    closing = next(iter(graph.subjects(MP.closesCall, Literal(True))), None)
    deadline_clause = None if closing is None else next(iter(graph.subjects(MP.parameter, closing)), None)
    return Policy(
        draft=bool(graph.value(doc, MP.draft)),
        deadline=None if closing is None else str(graph.value(closing, MP.value)),
        deadline_clause=None if deadline_clause is None else str(deadline_clause),
        id=pid,
        iri=str(doc),
        title=text_of(graph, doc, DCTERMS.title) or pid,
        title_en=text_of(graph, doc, DCTERMS.title, "en") or "",
        number=text_of(graph, doc, MP.documentNumber, None),
        issued=None if issued is None else str(issued),
        implements=[str(o) for o in graph.objects(doc, MP.implements)],
        clause_count=clause_count,
    )


def topic_labels(ontology: Graph) -> dict[str, tuple[str, str]]:
    """Topic id → (zh label, en label) of the shared topic scheme, sorted by id."""
    out: dict[str, tuple[str, str]] = {}
    for node in ontology.subjects(SKOS.inScheme, MPT.scheme):
        labels = {lit.language: str(lit) for lit in ontology.objects(node, SKOS.prefLabel) if isinstance(lit, Literal)}
        out[local_name(node)] = (labels.get("zh", local_name(node)), labels.get("en", local_name(node)))
    return dict(sorted(out.items()))
