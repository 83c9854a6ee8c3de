"""rdflib's SPARQL processor with every query text parsed once per process.

rdflib parses a query string with pyparsing on every ``Graph.query`` call; pySHACL runs the same few dozen
SPARQL constraint and target texts for every focus node of every applicant. The processor here keeps the
translated algebra per (query text, base, initial namespaces) — what ``prepareQuery`` would return — and
evaluates it with the call's bindings, exactly as rdflib does. :func:`install` registers it as rdflib's
``sparql`` processor (idempotent, thread safe).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Identifier

__all__ = ["CachedSPARQLProcessor", "install", "prepared", "uninstall"]

_LIMIT = 1024
_cache: OrderedDict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = OrderedDict()
_lock = threading.Lock()
_installed = False


def prepared(text: str, base: str | None = None, init_ns: Mapping[str, Any] | None = None) -> Query:
    """The parsed and translated query of ``text`` (parsed on first use, then shared)."""
    key = (text, base, tuple(sorted((k, str(v)) for k, v in (init_ns or {}).items())))
    with _lock:
        query = _cache.get(key)
        if query is not None:
            _cache.move_to_end(key)
            return query
    query = translateQuery(parseQuery(text), base, init_ns)
    with _lock:
        _cache[key] = query
        while len(_cache) > _LIMIT:
            _cache.popitem(last=False)
    return query


class CachedSPARQLProcessor(SPARQLProcessor):  # type: ignore[misc]
    """:class:`rdflib.plugins.sparql.processor.SPARQLProcessor`, with query texts parsed once."""

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,  # noqa: N803 (rdflib's names)
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            strOrQuery = prepared(strOrQuery, base, initNs)
        return evalQuery(self.graph, strOrQuery, initBindings, base)  # type: ignore[no-any-return]


def install() -> None:
    """Make :class:`CachedSPARQLProcessor` rdflib's ``sparql`` query processor."""
    global _installed
    if _installed:
        return
    with _lock:
        plugin.register("sparql", Processor, __name__, "CachedSPARQLProcessor")
        _installed = True


def uninstall() -> None:
    """Give rdflib its own ``sparql`` query processor back (benchmarks measure plain rdflib with it)."""
    global _installed
    with _lock:
        plugin.register("sparql", Processor, "rdflib.plugins.sparql.processor", "SPARQLProcessor")
        _installed = False
