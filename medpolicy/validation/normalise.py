"""Canonical facts before any check: one normalisation step on the applicant's trusted triples.

Called by :func:`medpolicy.prepare.prepare` before typed values are checked and before any shape runs. What it
does, in order (each change is noted in the report; each refusal is an :class:`InputError` naming the field):

1. **Vocabulary IRIs are exact.** A property, class or object IRI that is not a term of the vocabulary but
   differs from one only by case, by look-alike letters (Cyrillic ``а`` for Latin ``a``, fullwidth forms) or,
   for a term of the ontology or taxonomy namespace, by an edit distance of 1–2 is refused, naming the term
   and the one meant. (Ignoring it would drop the fact it carries.)
2. **Literals are canonical.** Every literal of a text property of the vocabulary (enumerations such as
   ``mp:textValue``, ``mp:province``, ``mp:incidentKind``, ``mp:unitCode``; not labels or free text such as
   ``mp:location``) is NFKC-normalised — fullwidth forms and CJK compatibility ideographs fold to their
   unified characters — with zero-width and other format characters (Unicode category Cf) and spaces
   (ideographic or not: no enumerated value has one) removed; identifiers (``mp:creditCode``,
   ``mp:certificateNumber``, sub-properties of ``dcterms:identifier``) are also upper-cased. A changed literal
   is noted.
3. **Provinces and enumerated values are Chinese.** A province given only in Latin letters is mapped through
   the @en labels of the province scheme (``ontology/taxonomies.ttl``) or refused; a text value of an
   enumerated parameter (comparator ``in``) given only in Latin letters where the allowed values are Chinese
   is refused.
4. **Structure does not lie.** ``mp:forParameter`` must be an IRI (a literal, even ``xsd:anyURI``, is
   refused); one figure per (entity, property, year) for yearly figures; one node per credit code,
   certificate number and project number (two IRIs for the same unit, certificate or project are refused,
   never counted twice); a certificate without a number next to another one is refused; a zero
   denominator of a derived ratio (sales revenue 0) is refused.
5. **Roles come from the role named.** A membership given with the W3C ORG vocabulary (``org:hasMember``,
   an ``org:Membership`` with ``org:role mp:LeadHospital``) is read as the vocabulary's own property
   (``mp:member``, ``mp:leadHospital``), so no unit escapes the checks of its role or a count of members.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.i18n import Both, Msg, Param
from medpolicy.kb.cache import derived
from medpolicy.kb.namespaces import MP, ORG
from medpolicy.kb.vocabulary import consortium_roles, roles
from medpolicy.validation.canonical import canonical_identifier, canonical_province, canonical_text, province_names
from medpolicy.validation.near_terms import Vocabulary, check_iris
from medpolicy.validation.prepared import node_label, term_name
from medpolicy.validation.structure import check_enumerations, check_unique, check_value_links, check_yearly

__all__ = ["canonical_identifier", "canonical_province", "canonical_text", "normalise"]

_FREE_TEXT = {MP.location, MP.text, MP.gloss, MP.quote, MP.interpretation, MP.evidence}
_IDENTIFIERS = {MP.creditCode, MP.certificateNumber, DCTERMS.identifier}


def _names(data: Graph, node: Node) -> Both:
    """The node as a note names it: its label in each language (see :func:`node_label`)."""
    return Both(zh=node_label(data, node, "zh"), en=node_label(data, node, "en"))


def _replace(data: Graph, s: Node, p: Node, old: Literal, text: str) -> Literal:
    new = Literal(text, lang=old.language) if old.language else Literal(text, datatype=old.datatype)
    data.remove((s, p, old))
    data.add((s, p, new))
    return new


def _texts(data: Graph) -> Iterable[tuple[Node, Node, Literal]]:
    for s, p, o in list(data):
        if isinstance(o, Literal) and (o.language is not None or o.datatype in (None, XSD.string)):
            yield s, p, o


def _canonical_literals(data: Graph, ontology: Graph, notes: list[tuple[Node, Msg]]) -> None:
    identifiers = set(_IDENTIFIERS) | {
        s for s in ontology.subjects(RDFS.subPropertyOf, DCTERMS.identifier) if isinstance(s, URIRef)
    }
    provinces = province_names(ontology)
    # the vocabulary's text properties (enumerations, codes, names of kinds), not free text or display labels
    texts = {
        prop
        for prop, rng in ontology.subject_objects(RDFS.range)
        if rng in (XSD.string, RDF.langString) and str(prop).startswith(str(MP))
    } - _FREE_TEXT
    for s, p, o in _texts(data):
        if p not in texts and p not in identifiers:
            continue
        text = str(o)
        if p in identifiers:
            new = canonical_identifier(text)
        elif p == MP.province:
            province = canonical_province(text, provinces)
            if province is None:
                raise InputError(
                    f"{text[:40]!r} is not a province medpolicy knows; give its Chinese name (重庆, 河南 …)",
                    where=f"field {node_label(data, s)} / mp:province",
                )
            new = province
        else:  # an enumerated value or code: no value of the vocabulary has a space inside
            new = re.sub(r"\s+", "", canonical_text(text))
        if new != text:
            _replace(data, s, p, o, new)
            shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)[:60]
            params: dict[str, Param] = {"node": _names(data, s), "prop": term_name(p), "old": shown, "new": new}
            notes.append((s, Msg(key="io.normalise_literal", params=params)))


def _roles(data: Graph, ontology: Graph, notes: list[tuple[Node, Msg]]) -> None:
    """ORG memberships read as the vocabulary's role properties (each role's ``mp:roleProperty``)."""
    known = roles(ontology)
    role_property: dict[Node, URIRef] = {role.concept: role.prop for role in known}
    for group, unit in list(data.subject_objects(ORG.hasMember)):
        data.add((group, MP.member, unit))
    for membership in set(data.subjects(ORG.organization, None)) | set(data.subjects(RDF.type, ORG.Membership)):
        groups = list(data.objects(membership, ORG.organization))
        units = list(data.objects(membership, ORG.member))
        named = list(data.objects(membership, ORG.role)) or [MP.ConsortiumMember]
        for role in named:
            prop = role_property.get(role)
            if prop is None:
                listed = ", ".join(term_name(r.concept) for r in known)
                raise InputError(
                    f"the role {term_name(role)} is not a role of the vocabulary ({listed})",
                    where=f"field {node_label(data, membership)} / org:role",
                )
            for group in groups:
                for unit in units:
                    data.add((group, prop, unit))
                    data.add((group, MP.member, unit))
                    params: dict[str, Param] = {"node": _names(data, unit), "prop": term_name(prop)}
                    notes.append((unit, Msg(key="io.normalise_membership", params=params)))
    # a member in no role of the vocabulary is a participating unit: it is counted with the participants
    named_roles = {role.prop for role in consortium_roles(ontology)}
    for group, unit in list(data.subject_objects(MP.member)):
        if not any((group, role, unit) in data for role in named_roles):
            data.add((group, MP.participant, unit))
            notes.append((unit, Msg(key="io.normalise_member_only", params={"node": _names(data, unit)})))


def normalise(data: Graph, policy: Graph, ontology: Graph) -> list[tuple[Node, Msg]]:
    """Make the applicant's facts canonical in place; return the notes (node, message). See the module text."""
    notes: list[tuple[Node, Msg]] = []
    check_iris(data, derived("vocabulary", Vocabulary, ontology, policy))
    check_value_links(data, policy)
    _canonical_literals(data, ontology, notes)
    check_enumerations(data, policy)
    check_unique(data)
    check_yearly(data)
    _roles(data, ontology, notes)
    return notes
