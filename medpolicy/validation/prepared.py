"""What preparing an applicant graph made of it, and how a message names one of the applicant's nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from medpolicy.kb.namespaces import MP, MPX, ORG

__all__ = ["Prepared", "node_label", "node_name", "printable", "qname", "term_name"]


@dataclass
class Prepared:
    """The data graph handed to SHACL, and what preparing it changed."""

    graph: Graph
    ignored: list[str] = field(default_factory=list)
    notes: dict[Node, list[tuple[str, str]]] = field(default_factory=dict)
    original: dict[Node, tuple[str, str]] = field(default_factory=dict)
    invalid: dict[Node, str] = field(default_factory=dict)
    """Parameter values that cannot be used (node → parameter IRI); the clause of each parameter fails."""

    def note(self, node: Node, zh: str, en: str) -> None:
        if (zh, en) not in self.notes.get(node, []):
            self.notes.setdefault(node, []).append((zh, en))


def node_name(graph: Graph, node: Node, depth: int = 0) -> str:
    """A short name for a node in a message: its label, its IRI's last segment, or its owner and property."""
    for value in graph.objects(node, RDFS.label):
        return printable(str(value))[:60]
    if isinstance(node, URIRef):
        return printable(str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or str(node))[:80]
    if depth < 3:
        for owner, prop in graph.subject_predicates(node):
            return f"{node_name(graph, owner, depth + 1)} / {qname(prop)}"
    return "(blank node)"


def printable(text: str) -> str:
    """Text from the input, safe to print in a one-line message (no newlines or terminal escapes)."""
    return "".join(c if c.isprintable() else " " if c.isspace() else "?" for c in text).strip()


def qname(term: Node | None) -> str:
    text = str(term)
    for prefix, namespace in (("mp", str(MP)), ("xsd", str(XSD)), ("rdf", str(RDF))):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def term_name(term: Node) -> str:
    text = str(term)
    for prefix, namespace in (("mp:", str(MP)), ("mpx:", str(MPX)), ("org:", str(ORG))):
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text


def node_label(graph: Graph, node: Node, lang: str = "") -> str:
    """The node's label in ``lang`` (else an untagged one, else the first in order): the same one every run."""
    labels = [v for v in graph.objects(node, RDFS.label) if isinstance(v, Literal)]
    if labels:
        value = min(labels, key=lambda v: (v.language != lang, v.language not in (None, ""), str(v)))
        return "".join(c if c.isprintable() else "?" for c in str(value))[:60]
    text = str(node)
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1][:80] if isinstance(node, URIRef) else "(node)"
