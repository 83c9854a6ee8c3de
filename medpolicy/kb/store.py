"""Loading the knowledge base (ontology, topic scheme, taxonomies, policies) from its data files.

The data lives in ``ontology/``, ``shapes/`` and ``policies/<id>/``; an installed wheel carries the
same folders under ``medpolicy/_kb``. Nothing here knows any particular policy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS

from medpolicy.errors import PolicyLoadError, UnknownArgumentError, UnknownPolicyError
from medpolicy.kb.models import Clause, Parameter, Policy, Value
from medpolicy.kb.namespaces import MP, POLICY

__all__ = ["KnowledgeBase", "kb_root", "local_name"]


def kb_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/`` and ``policies/``."""
    package = Path(__file__).resolve().parent.parent  # medpolicy/
    packaged = package / "_kb"
    if (packaged / "policies").is_dir():
        return packaged
    return package.parent


def local_name(term: object) -> str:
    """The last segment of an IRI: ``…/policy/2025_national/s2-1`` → ``s2-1``."""
    return re.split(r"[#/]", str(term))[-1]


def _parse(graph: Graph, path: Path) -> None:
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many kinds; all mean the same: a broken data file
        raise PolicyLoadError(f"cannot parse Turtle: {exc}", file=str(path)) from exc


def _parse_all(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        _parse(graph, path)
    return graph


def _parsed(paths: list[Path]) -> Graph:
    """The files parsed into one graph; read from the on-disk cache when they were parsed before
    (:func:`medpolicy.kb.cache.parsed`)."""
    from medpolicy.kb.cache import parsed

    return parsed(paths, _parse_all)


def _text(graph: Graph, node: object, prop: URIRef, lang: str | None = "zh") -> str | None:
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


class KnowledgeBase:
    """The policies and vocabulary found under one root folder, parsed once."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or kb_root()
        if not (self.root / "policies").is_dir():
            raise PolicyLoadError("no policies/ folder", file=str(self.root))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> KnowledgeBase:
        """The knowledge base shipped with the package (parsed on first use, then shared)."""
        return cls()

    # -- files ---------------------------------------------------------------------------------
    @cached_property
    def policy_ids(self) -> list[str]:
        return sorted(p.name for p in (self.root / "policies").iterdir() if (p / "notice.ttl").is_file())

    def policy_dir(self, policy: str) -> Path:
        if policy not in self.policy_ids:
            raise UnknownPolicyError(
                f"unknown policy {policy!r}; known: {', '.join(self.policy_ids)}", argument="policy"
            )
        return self.root / "policies" / policy

    def _files(self, folder: Path, pattern: str) -> list[Path]:
        return sorted(folder.glob(pattern)) if folder.is_dir() else []

    @cached_property
    def ontology(self) -> Graph:
        """Vocabulary, topic scheme and taxonomies."""
        return _parsed(self._files(self.root / "ontology", "*.ttl"))

    @cached_property
    def _graphs(self) -> dict[str, Graph]:
        return {}

    def policy_graph(self, policy: str) -> Graph:
        """The policy's notice graph (its ``notice*.ttl`` files), parsed on first use."""
        folder = self.policy_dir(policy)
        if policy not in self._graphs:
            self._graphs[policy] = _parsed(self._files(folder, "notice*.ttl"))
        return self._graphs[policy]

    def shape_files(self, policy: str) -> list[Path]:
        return self._files(self.root / "shapes", "*.ttl") + self._files(self.policy_dir(policy), "shapes*.ttl")

    @cached_property
    def _shapes(self) -> dict[str, Graph]:
        return {}

    def shapes_graph(self, policy: str) -> Graph:
        """The SHACL shapes that hold under ``policy`` (common shapes + the policy's own), parsed once."""
        if policy not in self._shapes:
            self._shapes[policy] = _parsed(self.shape_files(policy))
        return self._shapes[policy]

    def shaped_clauses(self, policy: str) -> set[str]:
        """Clauses of ``policy`` that a shape of its own is tied to (``mp:clause``)."""
        return {str(c) for c in self.shapes_graph(policy).objects(None, MP.clause)}

    def witness_graph(self, policy: str) -> Graph:
        """The policy's witness fragments (``witness.ttl``, see docs/witness.md); empty when it has none."""
        graph = Graph(bind_namespaces="core")
        for path in self._files(self.policy_dir(policy), "witness*.ttl"):
            _parse(graph, path)
        return graph

    def source_text(self, policy: str) -> str:
        return (self.policy_dir(policy) / "source.txt").read_text(encoding="utf-8")

    # -- typed views ---------------------------------------------------------------------------
    def _label(self, node: object, lang: str) -> str:
        return _text(self.ontology, node, SKOS.prefLabel, lang) or local_name(node)

    def _token(self, node: object) -> str:
        token = self.ontology.value(node, MP.token)  # type: ignore[arg-type]
        return str(token) if token is not None else local_name(node).lower()

    def _parameter(self, graph: Graph, node: object) -> Parameter:
        return Parameter(
            id=str(node),
            subject=_text(graph, node, MP.subject) or "",
            subject_en=_text(graph, node, MP.subject, "en") or "",
            comparator=str(graph.value(node, MP.comparator) or ""),  # type: ignore[arg-type]
            value=_value(graph, node),
            unit=str(graph.value(node, MP.unit) or ""),  # type: ignore[arg-type]
            unit_code=str(graph.value(node, MP.unitCode) or ""),  # type: ignore[arg-type]
            quote=str(graph.value(node, MP.quote) or ""),  # type: ignore[arg-type]
            variant=_text(graph, node, MP.variant),
            condition=_text(graph, node, MP.condition, None),
            lower_is_better=bool(graph.value(node, MP.lowerIsBetter)),  # type: ignore[arg-type]
            range_reading=_text(graph, node, MP.rangeReading, None),
            readings=sorted(str(graph.value(r, MP.readingName)) for r in graph.objects(node, MP.reading)),  # type: ignore[arg-type]
        )

    def _clause(self, policy: str, graph: Graph, node: object) -> Clause:
        def one(prop: URIRef) -> object:
            return graph.value(node, prop)  # type: ignore[arg-type]

        def opt(prop: URIRef) -> str | None:
            value = one(prop)
            return None if value is None else str(value)

        topic = one(MP.topic)
        params = [self._parameter(graph, p) for p in graph.objects(node, MP.parameter)]  # type: ignore[arg-type]
        params.sort(key=lambda p: [int(n) if n.isdigit() else n for n in re.split(r"(\d+)", p.id)])
        row = one(MP.indexRow)
        categories = sorted(str(c) for c in graph.objects(node, MP.category))  # type: ignore[arg-type]
        return Clause(
            id=str(node),
            policy=policy,
            section=str(one(MP.section)),
            order=int(str(one(MP.order) or 0)),
            text=_text(graph, node, MP.text) or "",
            gloss=_text(graph, node, MP.gloss, "en") or "",
            kind=self._token(one(MP.kind)),
            check=self._token(one(MP.check)),  # type: ignore[arg-type]
            topic=local_name(topic),
            topic_label=self._label(topic, "zh"),
            topic_label_en=self._label(topic, "en"),
            parameters=params,
            part_of=opt(MP.partOf),
            in_principle=bool(one(MP.inPrinciple)),
            evidence=_text(graph, node, MP.evidence),
            evidence_en=_text(graph, node, MP.evidence, "en"),
            interpretation=_text(graph, node, MP.interpretation, "en"),
            product_family=None if one(MP.productFamily) is None else local_name(one(MP.productFamily)),
            category=min(categories) if categories else None,
            categories=categories,
            index_level1=_text(graph, node, MP.indexLevel1),
            index_level2=_text(graph, node, MP.indexLevel2),
            index_row=None if row is None else int(str(row)),
        )

    @cached_property
    def _clause_cache(self) -> dict[str, list[Clause]]:
        return {}

    def _policy_clauses(self, policy: str) -> list[Clause]:
        if policy not in self._clause_cache:
            graph = self.policy_graph(policy)
            clauses = [self._clause(policy, graph, c) for c in graph.subjects(RDF.type, MP.Clause)]
            self._clause_cache[policy] = sorted(clauses, key=lambda c: c.order)
            self._by_id.update({c.id: c for c in self._clause_cache[policy]})
        return self._clause_cache[policy]

    @cached_property
    def _by_id(self) -> dict[str, Clause]:
        return {}

    def clauses(self, policy: str | None = None, kind: str | None = None, topic: str | None = None) -> list[Clause]:
        """Clauses in document order, optionally filtered by policy, kind token and topic name."""
        pids: Iterable[str] = [policy] if policy else self.policy_ids
        from medpolicy.kb.arguments import check_kind_topic

        check_kind_topic(self, kind, topic)
        out: list[Clause] = []
        for pid in pids:
            self.policy_dir(pid)
            out.extend(
                c
                for c in self._policy_clauses(pid)
                if (kind is None or c.kind == kind) and (topic is None or c.topic == topic)
            )
        return out

    def scope_clause(self, policy: str, scope: str) -> str:
        """The IRI of the clause of ``policy`` named ``scope`` (its IRI or its last segment, e.g. ``a1-p02``)."""
        found = [c.id for c in self.clauses(policy) if scope in (c.id, local_name(c.id))]
        if not found:
            raise UnknownArgumentError(f"no clause {scope!r} in {policy}", argument="scope")
        return found[0]

    def clause(self, iri: str) -> Clause | None:
        """The clause with this IRI (its policy is read from the IRI)."""
        if iri not in self._by_id:
            policy = iri[len(POLICY) :].split("/", 1)[0] if iri.startswith(POLICY) else ""
            if policy in self.policy_ids:
                self._policy_clauses(policy)
        return self._by_id.get(iri)

    def policy(self, pid: str) -> Policy:
        """One policy document's metadata."""
        graph = self.policy_graph(pid)
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
            title=_text(graph, doc, DCTERMS.title) or pid,
            title_en=_text(graph, doc, DCTERMS.title, "en") or "",
            number=_text(graph, doc, MP.documentNumber, None),
            issued=None if issued is None else str(issued),
            implements=[str(o) for o in graph.objects(doc, MP.implements)],
            clause_count=len(self._policy_clauses(pid)),
        )

    def policies(self) -> list[Policy]:
        return [self.policy(pid) for pid in self.policy_ids]
