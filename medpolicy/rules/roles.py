"""The consortium's role properties, read from the ontology (one source: every sub-property of ``mp:member``)."""

from __future__ import annotations

from rdflib import RDFS, URIRef

from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase, local_name

__all__ = ["lead_roles", "role_properties"]


def role_properties(kb: KnowledgeBase) -> tuple[str, ...]:
    """Local names of the role properties (``leadManufacturer``, ``participant`` …), sorted."""
    found = set(kb.ontology.transitive_subjects(RDFS.subPropertyOf, MP.member)) - {MP.member}
    return tuple(sorted(local_name(p) for p in found if isinstance(p, URIRef)))


def lead_roles(kb: KnowledgeBase) -> tuple[str, ...]:
    """The role properties of a consortium's leads: every role but the plain participant."""
    return tuple(r for r in role_properties(kb) if MP[r] != MP.participant)
