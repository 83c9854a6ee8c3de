"""Names of the knowledge base's terms: an IRI's last segment, a term's label in a language.

>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import SKOS
>>> g = Graph()
>>> _ = g.add((URIRef("https://example.org/t#x"), SKOS.prefLabel, Literal("某", lang="zh")))
>>> term_label(g, URIRef("https://example.org/t#x"), "zh"), term_label(g, URIRef("https://example.org/t#x"), "en")
('某', None)
>>> local_name("https://w3id.org/medpolicy/policy/2025_national/s2-1")
's2-1'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

__all__ = ["LABELS", "local_name", "term_label"]

LABELS: tuple[URIRef, ...] = (SKOS.prefLabel, RDFS.label)
"""The properties that name a term, in order of preference."""


def local_name(term: object) -> str:
    """The last segment of an IRI: ``…/policy/2025_national/s2-1`` → ``s2-1``."""
    return re.split(r"[#/]", str(term))[-1]


def term_label(graph: Graph, term: Node | None, lang: str, props: Sequence[URIRef] = LABELS) -> str | None:
    """The first of ``props`` (``skos:prefLabel``, then ``rdfs:label``) that ``graph`` gives ``term`` in ``lang``;
    None when there is none (the caller chooses the fallback, usually :func:`local_name`)."""
    if term is None:
        return None
    for prop in props:
        for value in graph.objects(term, prop):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    return None
