"""Words for terms and values in the language of the output: a property by its vocabulary label, a boolean as 是/否.

>>> from medpolicy.kb.namespaces import MP
>>> property_label(MP.claimsProduct, "zh"), property_label(MP.claimsProduct, "en")
('对应清单产品', 'listed product')
>>> yes_no(False, "zh"), yes_no(True, "en")
('否', 'yes')
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

__all__ = ["display_literal", "path_label", "property_label", "yes_no"]


RDF_FIRST = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")


@lru_cache(maxsize=512)
def _label(iri: str, lang: str) -> str | None:
    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.kb.terms import term_label

    return term_label(KnowledgeBase.default().ontology, URIRef(iri), lang, (RDFS.label,))


def property_label(prop: Node, lang: str) -> str:
    """The vocabulary's label of a property in ``lang``; its local name only when it has none."""
    from medpolicy.kb.terms import local_name

    return (_label(str(prop), lang) if isinstance(prop, URIRef) else None) or local_name(prop)


def path_label(shapes: Graph, path: Node, lang: str) -> str:
    """A SHACL property path in words: a sequence joined by " / ", an alternative by " | ", an inverse marked."""
    if isinstance(path, URIRef):
        return property_label(path, lang)
    if shapes.value(path, RDF_FIRST) is not None:
        return " / ".join(path_label(shapes, step, lang) for step in Collection(shapes, path))
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"{path_label(shapes, inverse, lang)}{'（反向）' if lang == 'zh' else ' (inverse)'}"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(path_label(shapes, step, lang) for step in Collection(shapes, alternatives))
    for repeat, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, repeat)
        if inner is not None:
            return f"({path_label(shapes, inner, lang)}){mark}"
    return "?"


def yes_no(value: bool, lang: str) -> str:
    return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")


def display_literal(value: Literal, lang: str) -> str:
    """A literal as shown in a report: booleans in words, anything else as written."""
    python = value.toPython()
    return yes_no(python, lang) if isinstance(python, bool) else str(value)
