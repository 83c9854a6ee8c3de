"""Which clauses apply to an application: the scope it is under (product, scenario, direction, category)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import URIRef

from medpolicy.kb.models import Clause
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase

__all__ = ["Applicability"]


class Applicability:
    """The scope clauses of a policy and the ones an application is under."""

    def __init__(self, kb: KnowledgeBase, policy: str, applies_for: Iterable[str]) -> None:
        self.kb = kb
        graph = kb.policy_graph(policy)
        clauses = kb.clauses(policy)
        parents = {c.part_of for c in clauses if c.kind == "indicator" and c.part_of}
        categories = {cat for c in clauses for cat in c.categories}
        scoped = {c.id for c in clauses if c.kind == "scope" and (c.category or c.product_family)}
        self.scope_clauses: set[str] = {p for p in parents | categories | scoped if p}
        # what was applied for, and everything it is part of or a category of (rdflib's transitive closure)
        self.scopes: set[str] = {
            str(node)
            for start in applies_for
            for node in graph.transitive_objects(URIRef(start), MP.partOf | MP.category)
        }

    def ancestors(self, clause: Clause) -> list[str]:
        chain = [clause.id]
        current: Clause | None = clause
        while current is not None and current.part_of and current.part_of not in chain:
            chain.append(current.part_of)
            current = self.kb.clause(current.part_of)
        return chain

    def applies(self, clause: Clause) -> bool:
        """False when the clause belongs to a product, scenario, direction or category not applied for."""
        for ancestor in self.ancestors(clause):
            if ancestor in self.scope_clauses and ancestor not in self.scopes:
                return False
        return not clause.categories or any(c in self.scopes for c in clause.categories)

    def in_scope(self, clause: Clause) -> bool:
        return clause.id in self.scopes
