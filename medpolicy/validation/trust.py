"""What an applicant may say: the triples that could change the verdict or the rules are not the applicant's."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS, XSD
from rdflib.term import Node

from medpolicy.kb.namespaces import BASE, MP, SH
from medpolicy.kb.vocabulary import set_by_validator, single_valued

__all__ = ["SCALAR_RANGES", "SCHEMA_PREDICATES", "VALUE_PROPERTIES", "Trust"]

SCHEMA_PREDICATES = {
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.sameAs,
    OWL.imports,
    OWL.inverseOf,
    OWL.disjointWith,
    OWL.unionOf,
    OWL.intersectionOf,
    OWL.complementOf,
    OWL.oneOf,
    OWL.onProperty,
    OWL.hasValue,
    OWL.propertyChainAxiom,
}
# standard vocabularies whose terms an applicant may use but not describe or instantiate as classes
_VOCABULARIES = tuple(str(ns) for ns in (SH, OWL, RDFS, RDF, XSD, SKOS))
_ALLOWED_STANDARD_TYPES = {RDF.List, RDF.Seq, RDF.Bag, RDF.Alt}
# the properties of a parameter value: checked node by node, problems become fails of the parameter's clause
VALUE_PROPERTIES = {
    MP.forParameter,
    MP.numericValue,
    MP.booleanValue,
    MP.textValue,
    MP.unitCode,
    MP.dateValue,
    MP.minValue,
    MP.maxValue,
}
SCALAR_RANGES = {XSD.decimal, XSD.integer, XSD.date, XSD.boolean}


class Trust:
    """What an applicant may say, read from the vocabulary and the policy graph."""

    def __init__(self, ontology: Graph, policy: Graph) -> None:
        # classes the knowledge base has instances of (mp:Clause, mp:Parameter, skos:Concept, owl:Class …)
        self.privileged: set[Node] = set(policy.objects(None, RDF.type)) | set(ontology.objects(None, RDF.type))
        # properties of those classes (mp:comparator, mp:partOf …): only the knowledge base states them
        self.kb_only: set[Node] = {
            prop for prop, domain in ontology.subject_objects(RDFS.domain) if domain in self.privileged
        }
        self.kb_only -= VALUE_PROPERTIES
        # facts the validator derives itself (mp:setByValidator): an applicant's own copy is dropped
        self.derived: set[Node] = set(set_by_validator(ontology))
        self.ranges: dict[Node, Node] = {}
        for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
            rng = ontology.value(prop, RDFS.range)
            if rng is not None and prop not in self.kb_only and prop not in self.derived:
                self.ranges[prop] = rng
        # one value per node (owl:FunctionalProperty); a parameter value's own properties are checked node by node
        self.single: set[Node] = set(single_valued(ontology)) - self.kb_only - self.derived - VALUE_PROPERTIES

    def untrusted(self, s: Node, p: Node, o: Node) -> str | None:
        if str(p).startswith(str(SH)) or (p == RDF.type and str(o).startswith(str(SH))):
            return "SHACL statement"
        if p in SCHEMA_PREDICATES:
            return f"schema statement ({p.n3()})"
        if isinstance(s, URIRef) and str(s).startswith(BASE):
            return f"statement about the knowledge base's own term {s.n3()}"
        if isinstance(s, URIRef) and str(s).startswith(_VOCABULARIES):
            return f"statement about the standard vocabulary term {s.n3()}"
        if p == RDF.type and (
            o in self.privileged or (str(o).startswith(_VOCABULARIES) and o not in _ALLOWED_STANDARD_TYPES)
        ):
            return f"typed into the class {o.n3()} of the knowledge base or a schema vocabulary"
        if p in self.kb_only:
            return f"property {p.n3()} is stated only by the knowledge base"
        if p in self.derived:
            return f"{p.n3()} is derived by the validator, not given"
        return None
