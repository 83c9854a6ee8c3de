"""How each policy's clauses are checked: by shape, by rule, by a reviewer, or not at all."""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, Graph

from medpolicy.kb.models import CoverageRow
from medpolicy.kb.namespaces import MP, SH
from medpolicy.kb.rulesets import load_rules
from medpolicy.kb.store import KnowledgeBase, local_name

__all__ = ["coverage", "shape_clause_links"]


def shape_clause_links(graph: Graph) -> dict[str, list[str]]:
    """Top-level shapes of a shapes graph and the clauses each is tied to (``mp:clause``)."""
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    nested = (
        set(graph.objects(None, SH.property))
        | set(graph.objects(None, SH.node))
        | set(graph.objects(None, SH.qualifiedValueShape))
    )
    return {str(s): [str(c) for c in graph.objects(s, MP.clause)] for s in shapes if s not in nested}


def coverage(kb: KnowledgeBase | None = None) -> list[CoverageRow]:
    kb = kb or KnowledgeBase.default()
    rows = []
    for pid in kb.policy_ids:
        clauses = kb.clauses(pid)
        ids = {c.id for c in clauses}
        checks = Counter(c.check for c in clauses)
        graph = Graph()
        for path in kb.shape_files(pid):
            if path.parent.name == pid:
                graph.parse(path, format="turtle")
        links = shape_clause_links(graph)
        untied = sorted(local_name(s) for s, cs in links.items() if not cs or not set(cs) <= ids)
        shaped = {c for cs in links.values() for c in cs}
        rows.append(
            CoverageRow(
                policy=pid,
                clauses=len(clauses),
                shape=checks["shape"],
                rule=checks["rule"],
                manual=checks["manual"],
                info=checks["info"],
                parameters=sum(len(c.parameters) for c in clauses),
                shapes=len(links),
                rules=len(load_rules(pid, kb)),
                untied_shapes=untied,
                clauses_without_check=sorted(
                    local_name(c.id) for c in clauses if c.check == "shape" and c.id not in shaped
                ),
            )
        )
    return rows
