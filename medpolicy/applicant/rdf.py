"""From RDF to the applicant model: an applicant graph (Turtle, JSON-LD …) as an :class:`Application`.

The inverse of :meth:`Application.to_graph`, read through the same JSON-LD context: each field of the model is
the context term of the same name, so the property it reads is the one it writes. Triples that no field reads
are returned, never dropped silently, so that a caller can say what the JSON form would lose.

>>> from medpolicy.io.inputs import read_graph
>>> application, left = from_graph(read_graph("examples/chongqing/pass.ttl"))
>>> application.policy, len(application.units), left
('chongqing', 6, [])
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from medpolicy.applicant.model import Application, Person, Product, Unit, context
from medpolicy.errors import InputError
from medpolicy.kb.namespaces import MP, POLICY

__all__ = ["from_graph"]

_RDF_TYPE = str(RDF.type)


def _expand(value: str, prefixes: dict[str, str]) -> str:
    prefix, _, local = value.partition(":")
    return prefixes[prefix] + local if prefix in prefixes and not local.startswith("//") else value


class _Context:
    """The bundled context read backwards: term → (property IRI, language, is a reference)."""

    def __init__(self) -> None:
        ctx = context()["@context"]
        self.prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        self.terms: dict[str, tuple[str, str | None, bool]] = {}
        self.vocab: dict[str, str] = {}  # concept IRI -> term
        for term, spec in ctx.items():
            if term.startswith("@") or term in self.prefixes:
                continue
            if isinstance(spec, str):
                iri = _expand(spec, self.prefixes)
                self.terms[term] = (iri, None, False)
                self.vocab.setdefault(iri, term)
            elif isinstance(spec, dict):
                kind = spec.get("@type")
                self.terms[term] = (
                    _expand(spec["@id"], self.prefixes),
                    spec.get("@language"),
                    kind in ("@id", "@vocab"),
                )


def _local(node: Node) -> str:
    text = str(node)
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _field_type(annotation: Any) -> tuple[bool, Any]:
    """(is a list, the item type without None)."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return True, _field_type(typing.get_args(annotation)[0])[1]
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _field_type(args[0])
    return False, annotation


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.ctx = _Context()
        self.read: set[tuple[Node, Node, Node]] = set()
        self.ids: dict[Node, str] = {}

    def key(self, node: Node) -> str:
        if node not in self.ids:
            base = _local(node) if isinstance(node, URIRef) else f"n{len(self.ids) + 1}"
            key, n = base or "node", 1
            while key in self.ids.values():
                n += 1
                key = f"{base}-{n}"
            self.ids[node] = key
        return self.ids[node]

    def objects(self, node: Node, prop: str, lang: str | None = None) -> list[Node]:
        """Values of ``prop`` (only literals in ``lang`` when given; untagged text counts as Chinese)."""
        values = sorted(self.graph.objects(node, URIRef(prop)), key=str)  # type: ignore[arg-type]
        if lang is not None:
            accepted = (lang, None) if lang == "zh" else (lang,)
            values = [v for v in values if isinstance(v, Literal) and v.language in accepted]
        for v in values:
            self.read.add((node, URIRef(prop), v))
        return values

    def scalar(self, term: str, value: Node, item: Any) -> Any:
        _iri, _lang, is_ref = self.ctx.terms[term]
        if isinstance(value, Literal):
            return value.toPython() if item is not str else str(value)
        if is_ref and str(value) in self.ctx.vocab and typing.get_origin(item) is typing.Literal:
            return self.ctx.vocab[str(value)]
        if item is str and self._is_unit(value):
            return self.key(value)
        return str(value)

    def _is_unit(self, node: Node) -> bool:
        return (node, RDF.type, MP.Unit) in self.graph

    def model(self, cls: type[BaseModel], node: Node, skip: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
        data: dict[str, Any] = {}
        self.read |= {(node, RDF.type, t) for t in self.graph.objects(node, RDF.type)}
        for name, field in cls.model_fields.items():
            if name in skip:
                continue
            if name == "id":
                if isinstance(node, URIRef):
                    data["id"] = self.key(node)
                continue
            if name not in self.ctx.terms:
                continue
            iri, lang, _ref = self.ctx.terms[name]
            many, item = _field_type(field.annotation)
            values = self.objects(node, iri, lang)
            if not values:
                continue
            if isinstance(item, type) and issubclass(item, BaseModel):
                items = [self.model(item, v) for v in values]
            else:
                items = [self.scalar(name, v, item) for v in values]
            data[name] = items if many else items[0]
        return data


def _shorten(value: Any, prefix: str) -> Any:
    if isinstance(value, str) and value.startswith(prefix) and "/" not in value[len(prefix) :]:
        return value[len(prefix) :]
    if isinstance(value, list):
        return [_shorten(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: _shorten(v, prefix) for k, v in value.items()}
    return value


def from_graph(graph: Graph) -> tuple[Application, list[str]]:
    """The one application of ``graph`` as the applicant model, and the triples (N-Triples) no field reads."""
    reader = _Reader(graph)
    apps = sorted(set(graph.subjects(RDF.type, MP.Application)) | set(graph.subjects(RDF.type, MP.Proposal)), key=str)
    if len(apps) != 1:
        raise InputError(f"expected one mp:Application or mp:Proposal, found {len(apps)}", where="graph")
    app = apps[0]
    policy_iri = graph.value(app, MP.forPolicy)
    if policy_iri is None or not str(policy_iri).startswith(POLICY):
        raise InputError("the application names no policy of the knowledge base (mp:forPolicy)", where="graph")
    # the units first, so that references to them read as their keys
    units = sorted(graph.subjects(RDF.type, MP.Unit), key=str)
    for unit in units:
        reader.key(unit)
    special = {"policy", "kind", "units", "product", "project_leader", "consortium_name", "consortium_name_en"}
    special |= {"lead_manufacturer", "lead_hospital", "lead_unit", "participants"}
    data = reader.model(Application, app, skip=special)
    reader.read.add((app, MP.forPolicy, policy_iri))
    data["policy"] = str(policy_iri)[len(POLICY) :].split("/", 1)[0]
    data["kind"] = "Proposal" if (app, RDF.type, MP.Proposal) in graph else "Application"
    consortium = graph.value(app, MP.consortium)
    if consortium is not None:
        reader.read.add((app, MP.consortium, consortium))
        roles = reader.model(Application, consortium, skip=set(Application.model_fields) - special)
        data.update({k: v for k, v in roles.items() if k not in ("policy", "kind", "units")})
        named = reader.model(Unit, consortium, skip=set(Unit.model_fields) - {"name", "name_en"})
        if "name" in named:
            data["consortium_name"] = named["name"]
        if "name_en" in named:
            data["consortium_name_en"] = named["name_en"]
    data["units"] = [reader.model(Unit, u) for u in units]
    for prop, name, cls in ((MP.product, "product", Product), (MP.projectLeader, "project_leader", Person)):
        node = graph.value(app, prop)
        if node is not None:
            reader.read.add((app, prop, node))
            data[name] = reader.model(cls, node)
    for item in data.get("evidence", []):
        item.pop("clause", None)
    data = _shorten(data, f"{POLICY}{data['policy']}/")  # clause and parameter ids as the policy's local ids
    left = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph if (s, p, o) not in reader.read)
    return Application.model_validate(data), left
