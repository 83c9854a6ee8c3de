"""The consortium's role properties, as the ontology declares them (read through :mod:`medpolicy.kb.vocabulary`)."""

from __future__ import annotations

from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.kb.vocabulary import consortium_roles

__all__ = ["lead_roles", "role_properties"]


def role_properties(kb: KnowledgeBase) -> tuple[str, ...]:
    """Local names of the role properties (``leadManufacturer``, ``participant`` …), sorted."""
    return tuple(sorted(local_name(r.prop) for r in consortium_roles(kb.ontology)))


def lead_roles(kb: KnowledgeBase) -> tuple[str, ...]:
    """The role properties of a consortium's leads (``mp:leadRole true`` in the ontology), sorted."""
    return tuple(sorted(local_name(r.prop) for r in consortium_roles(kb.ontology) if r.lead))
