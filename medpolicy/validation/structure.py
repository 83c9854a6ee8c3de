"""Structure does not lie: ``mp:forParameter`` is an IRI; an enumerated value is given as the notice gives it; one
node per credit code, certificate number and project number; one figure per year; no zero denominator of a ratio."""

from __future__ import annotations

from collections import defaultdict

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.kb.namespaces import MP
from medpolicy.validation.canonical import HAS_CJK, LATIN, canonical_identifier
from medpolicy.validation.prepared import node_label, term_name

__all__ = ["check_enumerations", "check_unique", "check_value_links", "check_yearly"]


# nodes that identify one thing: two IRIs with the same value are the same thing described twice
_UNIQUE = {MP.creditCode: "unit", MP.certificateNumber: "certificate"}
# yearly figures: one per (owner, property, year)
_YEARLY = {MP.rdFigure}
# denominators of ratios the shapes derive (R&D investment / sales revenue)
_DENOMINATORS = {MP.salesRevenue}
_CERTIFICATE_LINKS = {MP.registrationCertificate}


def check_value_links(data: Graph, policy: Graph) -> None:
    for node, target in data.subject_objects(MP.forParameter):
        if isinstance(target, Literal):
            meant = URIRef(str(target).strip())
            hint = f"; write it as the IRI <{meant}>" if (meant, RDF.type, MP.Parameter) in policy else ""
            raise InputError(
                f"mp:forParameter is the literal {str(target)[:80]!r}, not the IRI of a parameter{hint}",
                where=f"field {node_label(data, next(data.subjects(None, node), node))} / mp:forParameter",
            )


def check_enumerations(data: Graph, policy: Graph) -> None:

    for node, param in data.subject_objects(MP.forParameter):
        if str(policy.value(param, MP.comparator) or "") != "in":
            continue
        listed = policy.value(param, MP.valueList)
        allowed = [str(v) for v in Collection(policy, listed)] if listed is not None else []
        if not allowed or not all(HAS_CJK.search(a) for a in allowed):
            continue
        for text in data.objects(node, MP.textValue):
            if not HAS_CJK.search(str(text)) and LATIN.search(str(text)):
                raise InputError(
                    f"{str(text)[:60]!r} is not one of the values of the notice; give it in Chinese: "
                    + "、".join(allowed[:8]),
                    where=f"field {node_label(data, next(data.subjects(None, node), node))} / mp:textValue",
                )


def check_unique(data: Graph) -> None:
    for prop, kind in _UNIQUE.items():
        holders: dict[str, set[Node]] = defaultdict(set)
        for s, o in data.subject_objects(prop):
            holders[canonical_identifier(str(o))].add(s)
        for value, nodes in holders.items():
            if len(nodes) > 1:
                names = " and ".join(sorted(node_label(data, n) for n in nodes)[:3])
                raise InputError(
                    f"two {kind}s have {term_name(prop)} {value!r} ({names}): describe each {kind} once "
                    "(it would be counted twice)",
                    where=f"field {node_label(data, min(nodes, key=str))} / {term_name(prop)}",
                )
    projects: dict[str, set[Node]] = defaultdict(set)
    for s in set(data.subjects(RDF.type, MP.ResearchProject)):
        for o in data.objects(s, DCTERMS.identifier):
            projects[canonical_identifier(str(o))].add(s)
    for value, nodes in projects.items():
        if len(nodes) > 1:
            names = " and ".join(sorted(node_label(data, n) for n in nodes)[:3])
            raise InputError(
                f"two research projects have the number {value!r} ({names}): describe each project once",
                where=f"field {node_label(data, min(nodes, key=str))} / dcterms:identifier",
            )
    for link in _CERTIFICATE_LINKS:  # several certificates: each needs its number (an unnumbered one cannot be
        for owner in set(data.subjects(link, None)):  # told apart from the expired one it would stand in for)
            certificates = set(data.objects(owner, link))
            if len(certificates) < 2:
                continue
            for certificate in certificates:
                if not any(True for _ in data.objects(certificate, MP.certificateNumber)):
                    raise InputError(
                        f"{len(certificates)} certificates are given and one has no mp:certificateNumber; "
                        "a certificate without its number cannot be verified",
                        where=f"field {node_label(data, owner)} / {term_name(link)}",
                    )


def check_yearly(data: Graph) -> None:
    for prop in _YEARLY:
        seen: dict[tuple[Node, str], Node] = {}
        for owner, figure in data.subject_objects(prop):
            for year in data.objects(figure, MP.year):
                key = (owner, str(year).strip())
                other = seen.setdefault(key, figure)
                if other != figure:
                    raise InputError(
                        f"two figures for the year {key[1]} ({node_label(data, other)} and "
                        f"{node_label(data, figure)}); give one per year",
                        where=f"field {node_label(data, owner)} / {term_name(prop)}",
                    )
        for figure in set(data.objects(None, prop)):
            for denominator in _DENOMINATORS:
                for value in data.objects(figure, denominator):
                    number = value.toPython() if isinstance(value, Literal) and not value.ill_typed else None
                    if isinstance(number, int | float) or hasattr(number, "is_zero"):
                        if number == 0:
                            raise InputError(
                                f"{term_name(denominator)} is 0, so the ratio to it cannot be computed; "
                                "give the figure",
                                where=f"field {node_label(data, figure)} / {term_name(denominator)}",
                            )
