"""The generic facts of one application that the cross-application rules read.

One ``application`` fact per application (its policy's categories and directions, province, dates,
recommendation) and one ``membership`` fact per unit and role (units identified by their 统一社会信用代码, else by
name). Facts are small picklable dicts: a worker sends them back instead of the application's graph.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.io.inputs import FORMATS
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.rules.roles import lead_roles, role_properties
from medpolicy.validation.normalise import canonical_text

__all__ = ["collect_files", "facts_of", "policy_of", "split_applications"]

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


def collect_files(paths: list[str]) -> list[Path]:
    """Files given, and the RDF files inside folders given (sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file())
        elif path.is_file():
            out.append(path)
        else:
            raise InputError("no such file or folder", file=raw)
    if not out:
        raise InputError("no applicant files found", file=" ".join(paths))
    return out


def split_applications(graph: Graph) -> list[tuple[Node, Graph]]:
    """One graph per application: everything reachable from its node (a dataset may hold several)."""
    apps = sorted(set(graph.subjects(RDF.type, MP.Application)) | set(graph.subjects(RDF.type, MP.Proposal)), key=str)
    if len(apps) <= 1:
        return [(apps[0], graph)] if apps else []
    parts = []
    for app in apps:
        part, seen, stack = Graph(), set(), [app]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in graph.predicate_objects(node):
                part.add((node, p, o))
                if not isinstance(o, Literal) and not (p == RDF.type):
                    stack.append(o)
        parts.append((app, part))
    return parts


def policy_of(kb: KnowledgeBase, graph: Graph, app: Node) -> str:
    """The policy an application names (the batch is screened against the first one's)."""
    named = str(graph.value(app, MP.forPolicy))
    ids = [pid for pid in kb.policy_ids if kb.policy(pid).iri == named]
    if len(ids) != 1:
        raise InputError("say which policy (the applications name none or several)", argument="policy")
    return ids[0]


def _label(graph: Graph, node: Node) -> str:
    """The node's name: its Chinese (or untagged) label, else any label, else its credit code (one, whatever the
    order the store gives them in)."""
    for prop in (RDFS.label, MP.creditCode):
        values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) not in (None, "zh"), v))
        if values:
            return str(values[0])
    return local_name(node)


def _province(kb: KnowledgeBase, graph: Graph, app: Node) -> str:
    values = [str(v) for v in graph.objects(app, MP.province) if getattr(v, "language", "zh") in ("zh", None)]
    if not values:
        consortium = graph.value(app, MP.consortium)
        for role in lead_roles(kb):
            lead = graph.value(consortium, MP[role]) if consortium is not None else None
            if lead is not None:
                values = [str(v) for v in graph.objects(lead, MP.province)]
                if values:
                    break
    province = values[0] if values else ""
    for suffix in _SUFFIXES:
        if province.endswith(suffix) and len(province) > len(suffix):
            return province[: -len(suffix)]
    return province


def _date(graph: Graph, app: Node, prop: URIRef) -> str | None:
    """A date of the application as YYYY-MM-DD, or InputError naming the field (even with --no-validate)."""
    value = graph.value(app, prop)
    if value is None:
        return None
    py = value.toPython() if isinstance(value, Literal) and not value.ill_typed else None
    if isinstance(py, dt.date) and not isinstance(py, dt.datetime):
        return py.isoformat()
    try:
        text = str(value).strip()
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise InputError(
        f"{str(value)[:40]!r} is not a valid xsd:date; expected a date YYYY-MM-DD",
        where=f"field {_label(graph, app)} / mp:{local_name(prop)}",
    )


def facts_of(name: str, graph: Graph, app: Node, kb: KnowledgeBase, policy: str) -> list[dict[str, Any]]:
    """The generic facts of one application."""
    policy_graph = kb.policy_graph(policy)
    # sorted: the store's order follows the hash seed, which differs from process to process
    directions = sorted(local_name(o) for o in graph.objects(app, MP.appliesFor))
    categories = sorted(
        {local_name(c) for o in graph.objects(app, MP.appliesFor) for c in policy_graph.objects(o, MP.category)}
    )
    submitted = _date(graph, app, MP.submittedOn)
    recommended_on = _date(graph, app, MP.recommendedOn)
    base = {"application": name, "category": ",".join(categories) or "-", "direction": ",".join(directions) or "-"}
    facts: list[dict[str, Any]] = [
        {
            **base,
            "fact": "application",
            "province": _province(kb, graph, app),
            "submitted": submitted or "",
            "recommended_on": recommended_on or "",
            "recommended": bool(graph.value(app, MP.recommended)),
        }
    ]
    consortium = graph.value(app, MP.consortium)
    if consortium is not None:
        for role in role_properties(kb):
            for unit in sorted(graph.objects(consortium, MP[role]), key=str):
                code = canonical_text(str(graph.value(unit, MP.creditCode) or ""))
                facts.append(
                    {
                        **base,
                        "fact": "membership",
                        "role": role,
                        "unit": str(code) if code else _label(graph, unit),
                        "unit_label": _label(graph, unit),
                    }
                )
    return facts
