"""The whole knowledge base in one pyoxigraph store, and SPARQL over it.

Layout of the dataset:

- the **default graph** holds ``ontology/*.ttl`` (vocabulary, topic scheme, taxonomies) and the common
  ``shapes/*.ttl``;
- each policy is the **named graph** ``<https://w3id.org/medpolicy/graph/ID>`` holding its notice files and its
  own shapes.

Queries run with the default graph as the union of all graphs, so ``?c mp:topic ?t`` finds clauses of every
policy and joins them with the topic labels; ``GRAPH ?g { … }`` tells which policy a triple comes from.
Every ``@prefix`` declared in the KB's Turtle files (plus ``rdf``, ``rdfs``, ``xsd``, ``sh``, ``owl`` and
``mpg`` for the graph names) is predeclared.
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from pydantic import BaseModel, Field

from medpolicy.errors import InputError
from medpolicy.kb.namespaces import BASE
from medpolicy.kb.store import KnowledgeBase

__all__ = ["GRAPH_BASE", "QueryResult", "kb_store", "prefixes", "run_query"]

GRAPH_BASE = BASE + "graph/"
_STANDARD = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "mpg": GRAPH_BASE,
}
_PREFIX = re.compile(r"^\s*@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>\s*\.", re.MULTILINE)
MAX_QUERY = 100_000


def _kb_files(kb: KnowledgeBase) -> tuple[list[Path], dict[str, list[Path]]]:
    common = sorted((kb.root / "ontology").glob("*.ttl")) + sorted((kb.root / "shapes").glob("*.ttl"))
    per_policy = {
        pid: sorted(kb.policy_dir(pid).glob("notice*.ttl")) + sorted(kb.policy_dir(pid).glob("shapes*.ttl"))
        for pid in kb.policy_ids
    }
    return common, per_policy


@lru_cache(maxsize=4)
def prefixes(kb: KnowledgeBase | None = None) -> dict[str, str]:
    """Every prefix the KB's Turtle files declare, plus the standard ones (the first declaration wins)."""
    kb = kb or KnowledgeBase.default()
    found: dict[str, str] = dict(_STANDARD)
    common, per_policy = _kb_files(kb)
    for path in [*common, *(p for paths in per_policy.values() for p in paths)]:
        for name, iri in _PREFIX.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, iri)
    return found


@lru_cache(maxsize=4)
def kb_store(kb: KnowledgeBase | None = None) -> ox.Store:
    """An in-memory store with the whole KB (see the module notes), built once per knowledge base."""
    kb = kb or KnowledgeBase.default()
    store = ox.Store()
    common, per_policy = _kb_files(kb)
    for path in common:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    for pid, paths in per_policy.items():
        graph = ox.NamedNode(GRAPH_BASE + pid)
        for path in paths:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
    return store


Kind = Literal["select", "ask", "construct"]


class QueryResult(BaseModel):
    """The answer of a query: variables and rows of terms (SELECT), a boolean (ASK) or triples (CONSTRUCT)."""

    kind: Kind
    variables: list[str] = []
    rows: list[list[dict[str, str] | None]] = Field(
        default=[], description="per row, per variable: a SPARQL JSON term ({type, value, xml:lang?, datatype?})"
    )
    boolean: bool | None = None
    ntriples: str = ""

    def values(self) -> list[dict[str, str | None]]:
        """Rows as ``{variable: lexical value}`` (unbound: None)."""
        return [{v: (t or {}).get("value") for v, t in zip(self.variables, row, strict=True)} for row in self.rows]

    def to_sparql_json(self) -> dict[str, Any]:
        """The W3C SPARQL 1.1 Query Results JSON document."""
        if self.kind == "ask":
            return {"head": {}, "boolean": self.boolean}
        bindings = [{v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def to_csv(self) -> str:
        """The W3C SPARQL 1.1 CSV results (lexical values only)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.kind == "ask":
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return out.getvalue()
        writer.writerow(self.variables)
        for row in self.values():
            writer.writerow(["" if row[v] is None else row[v] for v in self.variables])
        return out.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.to_sparql_json(), ensure_ascii=False, indent=2)


def _term(term: Any) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def run_query(text: str, kb: KnowledgeBase | None = None, *, limit_rows: int | None = None) -> QueryResult:
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the whole KB; read-only.

    A syntax error is an :class:`~medpolicy.errors.InputError` (exit 2) with the parser's message.
    """
    if len(text) > MAX_QUERY:
        raise InputError(f"query of {len(text)} characters; at most {MAX_QUERY}", where="query")
    store = kb_store(kb or KnowledgeBase.default())
    try:
        answer = store.query(text, prefixes=prefixes(kb or KnowledgeBase.default()), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {exc}", where="query") from exc
    except OSError as exc:  # evaluation errors surface as OSError
        raise InputError(f"SPARQL evaluation error: {exc}", where="query") from exc
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        lines = [f"{t.subject} {t.predicate} {t.object} ." for t in answer]
        return QueryResult(kind="construct", ntriples="\n".join(lines) + ("\n" if lines else ""))
    variables = [v.value for v in answer.variables]
    rows: list[list[dict[str, str] | None]] = []
    for solution in answer:
        rows.append([_term(solution[v]) for v in variables])
        if limit_rows is not None and len(rows) >= limit_rows:
            break
    return QueryResult(kind="select", variables=variables, rows=rows)
