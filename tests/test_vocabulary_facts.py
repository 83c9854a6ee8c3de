"""Facts about the vocabulary come from the ontology: change the annotation and the behaviour follows.

Single-valued properties (``owl:FunctionalProperty``), properties only the validator sets (``mp:setByValidator``),
the consortium roles (``mp:roleProperty``, ``mp:roleOrder``, ``mp:leadRole``) and the clause kinds and check modes
(the SKOS schemes ``mp:ClauseKinds``, ``mp:CheckModes``) — each test edits a copy of the ontology and checks that
preparing an applicant, linting a notice or listing the roles changes with it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from medpolicy.authoring.lint import lint_graph
from medpolicy.errors import InputError
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.kb.vocabulary import consortium_roles
from medpolicy.validation.prepare import prepare

AS_OF = dt.date(2025, 10, 15)
APPLICANT = """
@prefix mp:  <https://w3id.org/medpolicy/ontology#> .
@prefix mpx: <https://w3id.org/medpolicy/taxonomy/> .
@prefix nat: <https://w3id.org/medpolicy/policy/2025_national/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix :    <https://example.org/facts/> .

:app a mp:Application ; mp:forPolicy nat:notice ; mp:consortium :c ; mp:province "江苏"@zh .
:c a mp:Consortium ; mp:leadManufacturer :maker .
:maker a mp:Unit ; mp:organisationType mpx:enterprise ; mp:province "江苏"@zh , "安徽"@zh .
"""


@pytest.fixture
def ontology(kb: KnowledgeBase) -> Graph:
    copy = Graph()
    copy += kb.ontology
    return copy


def _prepare(kb: KnowledgeBase, ontology: Graph, extra: str = "") -> list[str]:
    applicant = Graph().parse(data=APPLICANT + extra, format="turtle")
    return prepare(applicant, kb.policy_graph("2025_national"), ontology, AS_OF).ignored


def test_a_property_marked_functional_takes_one_value(kb: KnowledgeBase, ontology: Graph) -> None:
    _prepare(kb, ontology)  # two provinces of a unit: mp:province is not single-valued
    ontology.add((MP.province, RDF.type, OWL.FunctionalProperty))
    with pytest.raises(InputError, match=r"mp:province: 2 values"):
        _prepare(kb, ontology)


def test_a_property_no_longer_marked_functional_may_take_two_values(kb: KnowledgeBase, ontology: Graph) -> None:
    two_types = ":maker mp:organisationType mpx:hospital ."
    with pytest.raises(InputError, match=r"mp:organisationType: 2 values"):
        _prepare(kb, ontology, two_types)
    ontology.remove((MP.organisationType, RDF.type, OWL.FunctionalProperty))
    _prepare(kb, ontology, two_types)


def test_a_property_set_by_the_validator_is_dropped_from_the_applicant(kb: KnowledgeBase, ontology: Graph) -> None:
    assert not any("mp:province" in line or "ontology#province" in line for line in _prepare(kb, ontology))
    ontology.add((MP.province, MP.setByValidator, Literal(True)))
    ignored = _prepare(kb, ontology)
    assert sum("ontology#province" in line and "derived by the validator" in line for line in ignored) == 3


def test_an_unmarked_derived_property_is_the_applicants_again(kb: KnowledgeBase, ontology: Graph) -> None:
    extra = ":app mp:rdRatioAverage 9.5 ."
    assert any("rdRatioAverage" in line for line in _prepare(kb, ontology, extra))
    ontology.remove((MP.rdRatioAverage, MP.setByValidator, None))
    assert not any("rdRatioAverage" in line for line in _prepare(kb, ontology, extra))


def test_a_role_of_the_ontology_is_read_from_an_org_membership(kb: KnowledgeBase, ontology: Graph) -> None:
    membership = "[] a org:Membership ; org:organization :c ; org:member :doctor ; org:role mp:Sponsor .\n"
    membership += ":doctor a mp:Unit ; mp:organisationType mpx:hospital ."
    with pytest.raises(InputError, match="not a role of the vocabulary"):
        _prepare(kb, ontology, membership)
    ontology.add((MP.Sponsor, RDF.type, MP.Role))
    ontology.add((MP.Sponsor, MP.roleProperty, MP.leadHospital))
    applicant = Graph().parse(data=APPLICANT + membership, format="turtle")
    data = prepare(applicant, kb.policy_graph("2025_national"), ontology, AS_OF).graph
    consortium = URIRef("https://example.org/facts/c")
    assert (consortium, MP.leadHospital, URIRef("https://example.org/facts/doctor")) in data


def test_the_consortium_roles_follow_their_order_and_lead_marks(ontology: Graph) -> None:
    roles = consortium_roles(ontology)
    assert [r.name for r in roles if r.lead] == ["leadManufacturer", "leadHospital", "leadUnit"]
    assert [r.name for r in roles if not r.lead] == ["participant"]
    ontology.set((MP.LeadHospital, MP.roleOrder, Literal(0)))
    ontology.set((MP.LeadUnit, MP.leadRole, Literal(False)))
    roles = consortium_roles(ontology)
    assert [r.name for r in roles if r.lead] == ["leadHospital", "leadManufacturer"]


def test_clause_kinds_and_check_modes_are_the_schemes_members(kb: KnowledgeBase, ontology: Graph) -> None:
    notice = Graph()
    notice += kb.policy_graph("2025_national")
    clause = sorted(notice.subjects(MP.kind, MP.Eligibility), key=str)[0]
    notice.set((clause, MP.kind, MP.Rumour))
    notice.set((clause, MP.check, MP.ByGuess))
    source = kb.source_text("2025_national")
    problems = lint_graph(notice, source, ontology)
    assert any("unknown kind Rumour" in p for p in problems)
    assert any("unknown check ByGuess" in p for p in problems)
    ontology.add((MP.Rumour, SKOS.inScheme, MP.ClauseKinds))
    ontology.add((MP.ByGuess, SKOS.inScheme, MP.CheckModes))
    assert not any("Rumour" in p or "ByGuess" in p for p in lint_graph(notice, source, ontology))


def test_normalising_notes_are_worded_in_each_language(kb: KnowledgeBase, ontology: Graph) -> None:
    applicant = Graph().parse(data=APPLICANT.replace('mp:province "江苏"@zh .', 'mp:province "Jiangsu" .'))
    prepared = prepare(applicant, kb.policy_graph("2025_national"), ontology, AS_OF)
    (zh, en), *_ = prepared.notes[URIRef("https://example.org/facts/app")]
    assert "mp:province “Jiangsu” 规范化为 “江苏”" in zh
    assert "mp:province 'Jiangsu' was normalised to '江苏'" in en
    assert not any("\u4e00" <= c <= "\u9fff" for c in en.replace("江苏", ""))
