"""Finding things in the knowledge base: SPARQL over the whole KB (pyoxigraph), named questions, text search,
topics, and suggestions for a mistyped id.

Layer: ``query`` reads ``kb`` only; the CLI and the HTTP service render what it returns.
"""

from __future__ import annotations

from medpolicy.kb.suggest import check_choice, suggestions
from medpolicy.kb.topics import TopicRow, topics
from medpolicy.query.named import NamedQuery, named_queries, named_query, queries_dir
from medpolicy.query.search import SearchHit, search
from medpolicy.query.sparql import GRAPH_BASE, QueryResult, kb_store, prefixes, run_query

__all__ = [
    "GRAPH_BASE",
    "NamedQuery",
    "QueryResult",
    "SearchHit",
    "TopicRow",
    "check_choice",
    "kb_store",
    "named_queries",
    "named_query",
    "prefixes",
    "queries_dir",
    "run_query",
    "search",
    "suggestions",
    "topics",
]
