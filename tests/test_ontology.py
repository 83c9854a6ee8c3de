"""The vocabulary is complete: labels and definitions in both languages, topics and families resolve."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Literal
from rdflib.namespace import SKOS

from medpolicy.kb.namespaces import MP, MPT, MPX
from medpolicy.kb.store import KnowledgeBase
from medpolicy.kb.units import UnitConverter
from tests.conftest import POLICIES, ROOT


def _langs(kb: KnowledgeBase, node: object, prop: object) -> set[str]:
    return {v.language for v in kb.ontology.objects(node, prop) if isinstance(v, Literal) and v.language}


def _terms(kb: KnowledgeBase) -> list[object]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in kb.ontology.subjects(RDF.type, k) if str(s).startswith(str(MP))}, key=str)


def test_the_vocabulary_has_classes_and_properties(kb: KnowledgeBase) -> None:
    terms = _terms(kb)
    assert MP.Clause in terms and MP.Parameter in terms and MP.Application in terms and MP.Unit in terms
    assert len(terms) > 100


def test_every_class_and_property_has_zh_and_en_labels_and_definitions(kb: KnowledgeBase) -> None:
    missing = [
        str(t)
        for t in _terms(kb)
        if not {"zh", "en"} <= _langs(kb, t, RDFS.label) or not {"zh", "en"} <= _langs(kb, t, SKOS.definition)
    ]
    assert missing == []


def test_every_topic_has_zh_and_en_labels(kb: KnowledgeBase) -> None:
    topics = list(kb.ontology.subjects(SKOS.inScheme, MPT.scheme))
    assert len(topics) > 50
    assert [str(t) for t in topics if {"zh", "en"} - _langs(kb, t, SKOS.prefLabel)] == []


@pytest.mark.parametrize("policy", POLICIES)
def test_every_clause_topic_is_in_the_shared_scheme(kb: KnowledgeBase, policy: str) -> None:
    topics = {str(t).rsplit("/", 1)[-1] for t in kb.ontology.subjects(SKOS.inScheme, MPT.scheme)}
    assert sorted({c.topic for c in kb.clauses(policy)} - topics) == []


@pytest.mark.parametrize("policy", POLICIES)
def test_every_product_family_is_in_the_taxonomy(kb: KnowledgeBase, policy: str) -> None:
    concepts = {
        str(c).rsplit("/", 1)[-1] for c in kb.ontology.subjects(RDF.type, SKOS.Concept) if str(c).startswith(str(MPX))
    }
    assert sorted({c.product_family for c in kb.clauses(policy) if c.product_family} - concepts) == []


@pytest.mark.parametrize("policy", POLICIES)
def test_every_unit_code_is_known(kb: KnowledgeBase, policy: str) -> None:
    units = UnitConverter(ROOT / "ontology" / "units.txt")
    codes = {p.unit_code for c in kb.clauses(policy) for p in c.parameters if p.unit_code}
    assert sorted(c for c in codes if not units.known(c)) == []


def test_the_same_requirement_shares_a_topic_across_documents(kb: KnowledgeBase) -> None:
    for topic in ("rd-investment-ratio", "training-headcount", "registration-certificate"):
        policies = {c.policy for c in kb.clauses(topic=topic)}
        assert {"2025_national", "chongqing"} <= policies, topic


def test_the_notices_implement_the_14th_plan(kb: KnowledgeBase) -> None:
    plan = next(p for p in kb.policies() if p.id == "plan_14th")
    for p in kb.policies():
        if p.id in ("2025_national", "aimd_jiebang", "chongqing"):
            assert plan.iri in p.implements, p.id


def test_the_equipment_areas_point_at_the_plan_clauses(kb: KnowledgeBase) -> None:
    ids = {c.id for c in kb.clauses("plan_14th")}
    areas = list(kb.ontology.subjects(SKOS.topConceptOf, MPX["equipment-areas"]))
    assert len(areas) == 7
    from rdflib.namespace import DCTERMS

    assert all(str(kb.ontology.value(a, DCTERMS.source)) in ids for a in areas)
