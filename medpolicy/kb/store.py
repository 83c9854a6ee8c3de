"""Loading the knowledge base (ontology, topic scheme, taxonomies, policies) from its data files.

The data lives in ``ontology/``, ``shapes/`` and ``policies/<id>/``; an installed wheel carries the
same folders under ``medpolicy/_kb``. Nothing here knows any particular policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import RDF, Graph

from medpolicy.errors import PolicyLoadError, UnknownArgumentError, UnknownPolicyError
from medpolicy.kb.models import Clause, Policy
from medpolicy.kb.namespaces import MP, POLICY
from medpolicy.kb.records import clause_of, policy_of, topic_labels
from medpolicy.kb.suggest import check_choice
from medpolicy.kb.terms import local_name

__all__ = ["KnowledgeBase", "kb_root", "local_name"]


def kb_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/`` and ``policies/``."""
    package = Path(__file__).resolve().parent.parent  # medpolicy/
    packaged = package / "_kb"
    if (packaged / "policies").is_dir():
        return packaged
    return package.parent


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

    @cached_property
    def _clause_cache(self) -> dict[str, list[Clause]]:
        return {}

    def _policy_clauses(self, policy: str) -> list[Clause]:
        if policy not in self._clause_cache:
            graph = self.policy_graph(policy)
            clauses = [clause_of(self.ontology, policy, graph, c) for c in graph.subjects(RDF.type, MP.Clause)]
            self._clause_cache[policy] = sorted(clauses, key=lambda c: c.order)
            self._by_id.update({c.id: c for c in self._clause_cache[policy]})
        return self._clause_cache[policy]

    @cached_property
    def _by_id(self) -> dict[str, Clause]:
        return {}

    def clauses(self, policy: str | None = None, kind: str | None = None, topic: str | None = None) -> list[Clause]:
        """Clauses in document order, optionally filtered by policy, kind token and topic name."""
        pids: Iterable[str] = [policy] if policy else self.policy_ids
        self._check_kind_topic(kind, topic)
        out: list[Clause] = []
        for pid in pids:
            self.policy_dir(pid)
            out.extend(
                c
                for c in self._policy_clauses(pid)
                if (kind is None or c.kind == kind) and (topic is None or c.topic == topic)
            )
        return out

    def known_topics(self) -> dict[str, tuple[str, str]]:
        """Topic id → (zh label, en label) of the shared topic scheme, sorted by id."""
        return topic_labels(self.ontology)

    def known_kinds(self) -> list[str]:
        """The clause kind tokens in use."""
        return sorted({c.kind for c in self.clauses()})

    def _check_kind_topic(self, kind: str | None, topic: str | None) -> None:
        """:class:`UnknownArgumentError` naming ``kind`` or ``topic`` (with the closest known values) when the
        value is not a kind in use or a topic of the scheme: an unknown kind or topic is an error, not 0 rows."""
        if kind is not None:
            check_choice(kind, self.known_kinds(), "kind", "clause kind")
        if topic is not None:
            labels = {tid: list(names) for tid, names in self.known_topics().items()}
            check_choice(topic, list(labels), "topic", "topic", labels, "see ontology/topics.ttl")

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
        return policy_of(self.policy_graph(pid), pid, len(self._policy_clauses(pid)))

    def policies(self) -> list[Policy]:
        return [self.policy(pid) for pid in self.policy_ids]
