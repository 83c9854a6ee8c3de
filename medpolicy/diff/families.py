"""The product-family taxonomy as the diff uses it: a family and every broader one, sibling families."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from rdflib.namespace import SKOS

from medpolicy.kb.store import KnowledgeBase, local_name

__all__ = ["broader", "known_topics", "sibling_test"]


@lru_cache(maxsize=4)
def broader(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Each taxonomy concept's local name → itself and every broader concept (transitively, by rdflib)."""
    graph = kb.ontology
    concepts = set(graph.subjects(SKOS.broader, None)) | set(graph.objects(None, SKOS.broader))
    closure: dict[str, set[str]] = defaultdict(set)
    for concept in sorted(concepts):
        closure[local_name(concept)] |= {local_name(c) for c in graph.transitive_objects(concept, SKOS.broader)}
    return dict(closure)


def sibling_test(kb: KnowledgeBase) -> Callable[[str, str], bool]:
    """``siblings(f, g)``: the two families share a broader family."""
    closure = broader(kb)

    def siblings(f: str, g: str) -> bool:
        return bool((closure.get(f, {f}) - {f}) & (closure.get(g, {g}) - {g}))

    return siblings


@lru_cache(maxsize=4)
def known_topics(kb: KnowledgeBase) -> set[str]:
    """The local names of the topics of the shared scheme."""
    from medpolicy.kb.namespaces import MPT

    return {local_name(s) for s in kb.ontology.subjects(SKOS.inScheme, MPT.scheme)}
