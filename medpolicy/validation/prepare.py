"""Preparing an applicant graph for validation: drop untrusted triples, check typed values, derive generic facts.

Everything here is generic: it reads the vocabulary and the policy's parameters as data.

Data that lies about the rules cannot change the verdict: SHACL statements, schema statements
(``rdfs:subClassOf``, ``owl:sameAs``, ``owl:imports`` …), statements about the knowledge base's own IRIs or
about standard vocabularies, nodes typed into a class of the knowledge base (``mp:Clause``, ``mp:Parameter``,
``owl:Class`` …), properties only the knowledge base uses (``mp:comparator``, ``mp:partOf`` …) and facts
the validator derives itself (``mp:normalizedValue``, ``mp:asOf`` …) are dropped and listed in
:attr:`Prepared.ignored`; the graph is validated as if they were absent.

Wrong values are fails or input errors, never silently ignored:

- a value given for a parameter (``mp:commitment`` / ``mp:indicatorValue``) that is not a number, is negative
  where only an amount makes sense, has a unit that does not convert, gives two numbers, two units or two
  answers, gives no value at all, or is not attached to the application, is marked invalid
  (:attr:`Prepared.invalid`): its clause fails with a note that says why;
- any other fact whose literal does not fit the vocabulary's range (``"2025-02-30"^^xsd:date``,
  ``mp:rdInvestment "七"``, a negative figure) or that gives two values where one is expected (two
  ``mp:birthDate``) raises :class:`~medpolicy.errors.InputError` naming the node, the property and what was
  expected. A plain string whose text is a valid value of the range (``"2023"`` for an ``xsd:integer``) is
  read as that value, with a note.
"""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, RDFS, Graph, Literal

from medpolicy.applicant.boundary import BLANK
from medpolicy.i18n import words
from medpolicy.kb.cache import derived as kept
from medpolicy.kb.namespaces import MP
from medpolicy.validation.facts import check_facts
from medpolicy.validation.layered import layered
from medpolicy.validation.normalise import normalise
from medpolicy.validation.parameter_values import check_parameter_values
from medpolicy.validation.prepared import Prepared, node_name, qname
from medpolicy.validation.trust import Trust

__all__ = ["Prepared", "prepare"]


def prepare(applicant: Graph, policy_graph: Graph, ontology: Graph, as_of: dt.date) -> Prepared:
    """Return a new data graph: the applicant's trusted triples, the policy, and derived facts.

    Raises :class:`~medpolicy.errors.InputError` when a fact has a value its property cannot take.
    """
    data = Graph()
    prepared = Prepared(data)
    trust = kept("trust", Trust, ontology, policy_graph)
    for s, p, o in applicant:
        if isinstance(o, Literal) and str(o) == BLANK:  # a template's value not filled in: absent, and said so
            prepared.note(
                s,
                f"{node_name(applicant, s)} 的 {qname(p)} 尚未填写",
                f"{node_name(applicant, s)} {qname(p)} is not filled in",
            )
            continue
        reason = trust.untrusted(s, p, o)
        if reason:
            prepared.ignored.append(f"{s.n3()} {p.n3()} {o.n3()}: {reason}")
            continue
        data.add((s, p, o))
    for node, message in normalise(data, policy_graph, ontology):  # canonical facts first (medpolicy.normalise)
        prepared.note(node, words(message, "zh"), words(message, "en"))
    check_facts(data, trust, prepared)
    # role properties are sub-properties of mp:member: every lead or participant is a member
    for prop in set(ontology.transitive_subjects(RDFS.subPropertyOf, MP.member)) - {MP.member}:
        for s, o in list(data.subject_objects(prop)):
            data.add((s, MP.member, o))
    for app in set(data.subjects(RDF.type, MP.Application)) | set(data.subjects(RDF.type, MP.Proposal)):
        data.add((app, RDF.type, MP.Application))
        data.add((app, MP.asOf, Literal(as_of)))
        for product in list(data.objects(app, MP.product)):
            for claimed in list(data.objects(product, MP.claimsProduct)):
                data.add((app, MP.appliesFor, claimed))
        for scope in list(data.objects(app, MP.appliesFor)):
            for category in policy_graph.objects(scope, MP.category):
                data.add((app, MP.applicationCategory, category))
    check_parameter_values(data, policy_graph, prepared)
    prepared.graph = layered(data, policy_graph)  # reads as data + policy, the policy graph not copied
    return prepared
