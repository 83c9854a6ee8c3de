"""A graph that reads as an applicant's triples plus a policy graph, without copying the policy graph.

Adding a policy's ~9,000 triples to every applicant's graph costs more than validating it; :func:`layered` returns
a graph that reads as the union of a graph of its own (the applicant's, which takes every change) and a shared
base graph that it never changes (the policy's, parsed once per process). rdflib's graph API, its SPARQL engine
and pySHACL read it through :class:`LayeredStore`; the SHACL engine hands the native engine the base's triples
converted once per policy (:mod:`medpolicy.validation.shacl`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph, URIRef
from rdflib.store import Store

__all__ = ["LayeredStore", "layered", "layers"]


class LayeredStore(Store):  # type: ignore[misc]
    """The union of ``top`` (read and written) and ``base`` (read only) as one store; contexts are ignored (it says
    and graph aware only because pySHACL wraps every data graph in a Dataset over the graph's store)."""

    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, top: Graph, base: Graph) -> None:
        super().__init__()
        self.top = top
        self.base = base

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self.top.add(triple)

    def remove(self, triple: Any, context: Any = None) -> None:
        if next(iter(self.base.triples(triple)), None) is not None:
            raise ValueError("the base graph of a layered graph is read only")
        self.top.remove(triple)

    def triples(self, triple: Any, context: Any = None) -> Iterator[tuple[Any, Iterator[Any]]]:
        top = self.top
        for found in top.triples(triple):
            yield found, iter(())
        if len(top) == 0:
            yield from ((found, iter(())) for found in self.base.triples(triple))
            return
        for found in self.base.triples(triple):
            if found not in top:
                yield found, iter(())

    def __len__(self, context: Any = None) -> int:
        base = self.base
        return len(base) + sum(1 for triple in self.top if triple not in base)

    def contexts(self, triple: Any = None) -> Iterator[Any]:
        return iter(())

    def add_graph(self, graph: Graph) -> None:
        pass

    def remove_graph(self, graph: Graph) -> None:
        pass

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        self.top.store.bind(prefix, namespace, override=override)

    def prefix(self, namespace: URIRef) -> str | None:
        return self.top.store.prefix(namespace)  # type: ignore[no-any-return]

    def namespace(self, prefix: str) -> URIRef | None:
        return self.top.store.namespace(prefix)  # type: ignore[no-any-return]

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return self.top.store.namespaces()  # type: ignore[no-any-return]


def layered(top: Graph, base: Graph) -> Graph:
    """A graph reading as ``top`` + ``base``: changes go to ``top``; ``base`` is shared and never changed."""
    return Graph(store=LayeredStore(top, base), namespace_manager=top.namespace_manager)


def layers(graph: Graph) -> tuple[Graph, Graph] | None:
    """(top, base) of a graph made by :func:`layered`; None for any other graph."""
    store = graph.store
    return (store.top, store.base) if isinstance(store, LayeredStore) else None
