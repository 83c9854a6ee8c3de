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

from medpolicy.i18n import LANGS, Both, Msg, words

__all__ = ["display_literal", "literal_words", "path_both", "path_label", "property_label", "yes_no"]


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
        return words(Msg(key="kb.labels_inverse", params={"path": path_label(shapes, inverse, lang)}), lang)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(path_label(shapes, step, lang) for step in Collection(shapes, alternatives))
    for repeat, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, repeat)
        if inner is not None:
            return f"({path_label(shapes, inner, lang)}){mark}"
    return "?"


def path_both(shapes: Graph, path: Node) -> Both:
    """:func:`path_label` in both languages."""
    zh, en = (path_label(shapes, path, lang) for lang in LANGS)
    return Both(zh=zh, en=en)


def yes_no(value: bool, lang: str) -> str:
    return words(literal_words(Literal(value)), lang)


def literal_words(value: Literal) -> str | Msg:
    """A literal as shown in a report: a boolean as the catalog's yes or no, anything else as written."""
    python = value.toPython()
    if isinstance(python, bool):
        return Msg(key="kb.labels_yes" if python else "kb.labels_no")
    return str(value)


def display_literal(value: Literal, lang: str) -> str:
    return words(literal_words(value), lang)
