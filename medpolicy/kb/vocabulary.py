"""Facts about the vocabulary itself, read from the ontology's annotations (never restated in code).

- single-valued properties: typed ``owl:FunctionalProperty``;
- properties the validator derives (an applicant's own copy is dropped): ``mp:setByValidator true``;
- the consortium roles: the ``mp:Role`` concepts with their ``mp:roleProperty``, ``mp:roleOrder`` and
  ``mp:leadRole``;
- clause kinds and check modes: the members of the SKOS schemes ``mp:ClauseKinds`` and ``mp:CheckModes``.

>>> from medpolicy.kb.store import KnowledgeBase
>>> ontology = KnowledgeBase.default().ontology
>>> [role.name for role in consortium_roles(ontology)]
['leadManufacturer', 'leadHospital', 'leadUnit', 'participant']
>>> MP.asOf in set_by_validator(ontology), MP.Eligibility in clause_kinds(ontology)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from medpolicy.kb.namespaces import MP
from medpolicy.kb.terms import local_name

__all__ = [
    "Role",
    "check_modes",
    "clause_kinds",
    "consortium_roles",
    "roles",
    "set_by_validator",
    "single_valued",
]


@dataclass(frozen=True)
class Role:
    """A role a unit plays in a consortium, and the property that states it."""

    concept: URIRef
    """The role as a term (``mp:LeadHospital``), as an ``org:role`` names it."""
    prop: URIRef
    """The consortium's property for a unit in this role (``mp:leadHospital``)."""
    lead: bool
    order: int

    @property
    def name(self) -> str:
        """The property's local name (``leadHospital``), as the rules and the screen's facts name a role."""
        return local_name(self.prop)


def _true(graph: Graph, subject: Node, prop: URIRef) -> bool:
    value = graph.value(subject, prop)
    return isinstance(value, Literal) and value.toPython() is True


def single_valued(ontology: Graph) -> set[URIRef]:
    """Properties with at most one value per node (``owl:FunctionalProperty``)."""
    return {p for p in ontology.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef)}


def set_by_validator(ontology: Graph) -> set[URIRef]:
    """Properties the validator derives itself (``mp:setByValidator true``); an applicant may not set them."""
    return {
        p
        for p in ontology.subjects(MP.setByValidator, None)
        if isinstance(p, URIRef) and _true(ontology, p, MP.setByValidator)
    }


def roles(ontology: Graph) -> list[Role]:
    """Every role with a consortium property (``mp:roleProperty``), in ``mp:roleOrder``; the generic member too."""
    found: list[Role] = []
    for concept, prop in ontology.subject_objects(MP.roleProperty):
        if not isinstance(concept, URIRef) or not isinstance(prop, URIRef):
            continue
        order = ontology.value(concept, MP.roleOrder)
        found.append(
            Role(
                concept=concept,
                prop=prop,
                lead=_true(ontology, concept, MP.leadRole),
                order=int(order.toPython()) if isinstance(order, Literal) else 0,
            )
        )
    return sorted(found, key=lambda r: (r.order, str(r.prop)))


def consortium_roles(ontology: Graph) -> list[Role]:
    """The named roles of a consortium (leads first): those whose property is a narrower one than ``mp:member``."""
    return [r for r in roles(ontology) if r.prop != MP.member and (r.prop, RDFS.subPropertyOf, MP.member) in ontology]


def _scheme(ontology: Graph, scheme: URIRef) -> set[URIRef]:
    return {c for c in ontology.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}


def clause_kinds(ontology: Graph) -> set[URIRef]:
    """The kinds a clause may have (``mp:kind``): the concepts of ``mp:ClauseKinds``."""
    return _scheme(ontology, MP.ClauseKinds)


def check_modes(ontology: Graph) -> set[URIRef]:
    """How a clause may be checked (``mp:check``): the concepts of ``mp:CheckModes``."""
    return _scheme(ontology, MP.CheckModes)
