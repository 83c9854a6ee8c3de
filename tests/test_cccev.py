"""Where the knowledge base uses CCCEV terms (clauses are cccev:Requirement, evidence is cccev:Evidence),
its data conforms to the published CCCEV 2.1.0 application-profile shapes (after RDFS inference)."""

from __future__ import annotations

import pyshacl
from rdflib import Graph

from medpolicy.kb.namespaces import CCCEV
from medpolicy.kb.store import KnowledgeBase
from tests.conftest import POLICIES, ROOT


def test_policies_and_examples_conform_to_the_cccev_application_profile(kb: KnowledgeBase) -> None:
    profile = Graph().parse(ROOT / "tests" / "data" / "cccev-ap-SHACL.ttl", format="turtle")
    data = Graph()
    for policy in POLICIES:
        data += kb.policy_graph(policy)
    for example in sorted((ROOT / "examples").glob("*/pass.ttl")):
        data.parse(example, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=profile, ont_graph=kb.ontology, inference="rdfs")
    assert conforms, text[:2000]
    inferred = Graph()
    inferred += data
    inferred += kb.ontology
    from rdflib import RDF, RDFS

    requirement_classes = set(inferred.transitive_subjects(RDFS.subClassOf, CCCEV.Requirement))
    assert any(inferred.value(None, RDF.type, c) for c in requirement_classes), "no clause is a cccev:Requirement"
