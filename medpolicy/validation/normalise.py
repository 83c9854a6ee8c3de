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
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.kb.cache import derived
from medpolicy.kb.namespaces import BASE, MP, MPX, ORG

__all__ = ["canonical_identifier", "canonical_province", "canonical_text", "normalise"]

_FREE_TEXT = {MP.location, MP.text, MP.gloss, MP.quote, MP.interpretation, MP.evidence}
_IDENTIFIERS = {MP.creditCode, MP.certificateNumber, DCTERMS.identifier}
# nodes that identify one thing: two IRIs with the same value are the same thing described twice
_UNIQUE = {MP.creditCode: "unit", MP.certificateNumber: "certificate"}
# yearly figures: one per (owner, property, year)
_YEARLY = {MP.rdFigure}
# denominators of ratios the shapes derive (R&D investment / sales revenue)
_DENOMINATORS = {MP.salesRevenue}
_CERTIFICATE_LINKS = {MP.registrationCertificate}
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# look-alike letters (Cyrillic, Greek) folded to Latin when comparing IRIs
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕкмнтвАВЕКМНОРСТХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριντυκ",
    "aeopcyxijskmhtbABEKMHOPCTXIJSABEZHIKMNOPTYXaopivtuk",
)
_PROVINCE_SUFFIXES = (" province", " municipality", " autonomous region", " sar", " shi", " sheng")


def canonical_text(text: str) -> str:
    """NFKC, without format characters (zero-width space, BOM, bidi controls), no spaces next to Chinese."""
    cleaned = "".join(c for c in text if unicodedata.category(c) != "Cf")
    folded = unicodedata.normalize("NFKC", cleaned)
    return _SPACE_NEAR_CJK.sub("", folded).strip()


def canonical_identifier(text: str) -> str:
    """An identifier (credit code, certificate number): canonical text without any space, upper case."""
    return re.sub(r"\s+", "", canonical_text(text)).upper()


def _skeleton(text: str) -> str:
    return (
        unicodedata.normalize("NFKC", "".join(c for c in text if unicodedata.category(c) != "Cf"))
        .translate(_CONFUSABLES)
        .casefold()
    )


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _name(term: Node) -> str:
    text = str(term)
    for prefix, namespace in (("mp:", str(MP)), ("mpx:", str(MPX)), ("org:", str(ORG))):
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text


def _label(graph: Graph, node: Node, lang: str = "") -> str:
    """The node's label in ``lang`` (else an untagged one, else the first in order): the same one every run."""
    labels = [v for v in graph.objects(node, RDFS.label) if isinstance(v, Literal)]
    if labels:
        value = min(labels, key=lambda v: (v.language != lang, v.language not in (None, ""), str(v)))
        return "".join(c if c.isprintable() else "?" for c in str(value))[:60]
    text = str(node)
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1][:80] if isinstance(node, URIRef) else "(node)"


class _Vocabulary:
    """The terms an applicant may use: the ontology's and the policy's IRIs."""

    def __init__(self, ontology: Graph, policy: Graph) -> None:
        self.terms: set[str] = set()
        for graph in (ontology, policy):
            for s in graph.subjects():
                if isinstance(s, URIRef) and str(s).startswith(BASE):
                    self.terms.add(str(s))
        self.skeletons: dict[str, str] = {}
        for term in self.terms:
            self.skeletons.setdefault(_skeleton(term), term)
        self.near: dict[str, list[str]] = defaultdict(list)  # namespace → local names open to edit distance
        for term in self.terms:
            for namespace in (str(MP), str(MPX)):
                if term.startswith(namespace):
                    self.near[namespace].append(term[len(namespace) :])

    def meant(self, term: str) -> str | None:
        """The vocabulary term a near-miss ``term`` was meant to be, or None."""
        if term in self.terms:
            return None
        exact = self.skeletons.get(_skeleton(term))
        if exact is not None:
            return exact
        skeleton = _skeleton(term)
        for namespace, names in self.near.items():
            if not skeleton.startswith(_skeleton(namespace)):
                continue
            local = term[len(namespace) :] if term.startswith(namespace) else skeleton[len(_skeleton(namespace)) :]
            best = min(names, key=lambda n: _distance(local.casefold(), n.casefold()), default=None)
            if best is not None and _distance(local.casefold(), best.casefold()) <= 2:
                return namespace + best
        return None


def _check_iris(data: Graph, vocabulary: _Vocabulary) -> None:
    problems: list[str] = []
    first: Node | None = None
    seen: set[Node] = set()
    for s, p, o in data:
        for term, place in ((p, "property"), (o if p == RDF.type else None, "class"), (o, "value")):
            if not isinstance(term, URIRef) or term in seen:
                continue
            seen.add(term)
            meant = vocabulary.meant(str(term))
            if meant is not None:
                first = s if first is None else first
                shown = "".join(c if c.isascii() and c.isprintable() else f"\\u{ord(c):04x}" for c in str(term))
                problems.append(
                    f"the {place} <{shown[:120]}> is not a term of the vocabulary; did you mean {_name(URIRef(meant))}?"
                )
    if problems and first is not None:
        more = f" (and {len(problems) - 6} more)" if len(problems) > 6 else ""
        raise InputError("; ".join(problems[:6]) + more, where=f"field {_label(data, first)}")


def _provinces(ontology: Graph) -> dict[str, str]:
    """Latin names of provinces (lower case, @en labels and alternative labels) → the Chinese label."""
    out: dict[str, str] = {}
    for concept in ontology.subjects(SKOS.inScheme, MPX.provinces):
        labels = ontology.objects(concept, SKOS.prefLabel)
        chinese = next((str(v) for v in labels if getattr(v, "language", None) == "zh"), None)
        if chinese is None:
            continue
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for value in ontology.objects(concept, prop):
                if isinstance(value, Literal) and value.language != "zh":
                    out[str(value).casefold()] = chinese
    return out


def canonical_province(text: str, provinces: dict[str, str]) -> str | None:
    """The Chinese name of a province given in Chinese or in Latin letters; None when it is not known."""
    value = canonical_text(text)
    if _HAS_CJK.search(value) or not _LATIN.search(value):
        return value
    key = re.sub(r"\s+", " ", value.casefold().replace("-", " ")).strip()
    for suffix in _PROVINCE_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)].strip()
    return provinces.get(key) or provinces.get(key.replace(" ", ""))


def _replace(data: Graph, s: Node, p: Node, old: Literal, text: str) -> Literal:
    new = Literal(text, lang=old.language) if old.language else Literal(text, datatype=old.datatype)
    data.remove((s, p, old))
    data.add((s, p, new))
    return new


def _texts(data: Graph) -> Iterable[tuple[Node, Node, Literal]]:
    for s, p, o in list(data):
        if isinstance(o, Literal) and (o.language is not None or o.datatype in (None, XSD.string)):
            yield s, p, o


def _canonical_literals(data: Graph, ontology: Graph, notes: list[tuple[Node, str, str]]) -> None:
    identifiers = set(_IDENTIFIERS) | {
        s for s in ontology.subjects(RDFS.subPropertyOf, DCTERMS.identifier) if isinstance(s, URIRef)
    }
    provinces = _provinces(ontology)
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
                    where=f"field {_label(data, s)} / mp:province",
                )
            new = province
        else:  # an enumerated value or code: no value of the vocabulary has a space inside
            new = re.sub(r"\s+", "", canonical_text(text))
        if new != text:
            _replace(data, s, p, o, new)
            shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)[:60]
            notes.append(
                (
                    s,
                    f"{_label(data, s, 'zh')} 的 {_name(p)} “{shown}” 规范化为 “{new}”"
                    "（全角、兼容汉字、零宽字符或英文省名）",
                    f"{_label(data, s, 'en')} {_name(p)} {shown!r} was normalised to {new!r} (fullwidth forms, "
                    "compatibility ideographs, zero-width characters or an English province name)",
                )
            )


def _check_value_links(data: Graph, policy: Graph) -> None:
    for node, target in data.subject_objects(MP.forParameter):
        if isinstance(target, Literal):
            meant = URIRef(str(target).strip())
            hint = f"; write it as the IRI <{meant}>" if (meant, RDF.type, MP.Parameter) in policy else ""
            raise InputError(
                f"mp:forParameter is the literal {str(target)[:80]!r}, not the IRI of a parameter{hint}",
                where=f"field {_label(data, next(data.subjects(None, node), node))} / mp:forParameter",
            )


def _check_enumerations(data: Graph, policy: Graph) -> None:
    from rdflib.collection import Collection

    for node, param in data.subject_objects(MP.forParameter):
        if str(policy.value(param, MP.comparator) or "") != "in":
            continue
        listed = policy.value(param, MP.valueList)
        allowed = [str(v) for v in Collection(policy, listed)] if listed is not None else []
        if not allowed or not all(_HAS_CJK.search(a) for a in allowed):
            continue
        for text in data.objects(node, MP.textValue):
            if not _HAS_CJK.search(str(text)) and _LATIN.search(str(text)):
                raise InputError(
                    f"{str(text)[:60]!r} is not one of the values of the notice; give it in Chinese: "
                    + "、".join(allowed[:8]),
                    where=f"field {_label(data, next(data.subjects(None, node), node))} / mp:textValue",
                )


def _check_unique(data: Graph) -> None:
    for prop, kind in _UNIQUE.items():
        holders: dict[str, set[Node]] = defaultdict(set)
        for s, o in data.subject_objects(prop):
            holders[canonical_identifier(str(o))].add(s)
        for value, nodes in holders.items():
            if len(nodes) > 1:
                names = " and ".join(sorted(_label(data, n) for n in nodes)[:3])
                raise InputError(
                    f"two {kind}s have {_name(prop)} {value!r} ({names}): describe each {kind} once "
                    "(it would be counted twice)",
                    where=f"field {_label(data, min(nodes, key=str))} / {_name(prop)}",
                )
    projects: dict[str, set[Node]] = defaultdict(set)
    for s in set(data.subjects(RDF.type, MP.ResearchProject)):
        for o in data.objects(s, DCTERMS.identifier):
            projects[canonical_identifier(str(o))].add(s)
    for value, nodes in projects.items():
        if len(nodes) > 1:
            names = " and ".join(sorted(_label(data, n) for n in nodes)[:3])
            raise InputError(
                f"two research projects have the number {value!r} ({names}): describe each project once",
                where=f"field {_label(data, min(nodes, key=str))} / dcterms:identifier",
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
                        where=f"field {_label(data, owner)} / {_name(link)}",
                    )


def _check_yearly(data: Graph) -> None:
    for prop in _YEARLY:
        seen: dict[tuple[Node, str], Node] = {}
        for owner, figure in data.subject_objects(prop):
            for year in data.objects(figure, MP.year):
                key = (owner, str(year).strip())
                other = seen.setdefault(key, figure)
                if other != figure:
                    raise InputError(
                        f"two figures for the year {key[1]} ({_label(data, other)} and {_label(data, figure)}); "
                        "give one per year",
                        where=f"field {_label(data, owner)} / {_name(prop)}",
                    )
        for figure in set(data.objects(None, prop)):
            for denominator in _DENOMINATORS:
                for value in data.objects(figure, denominator):
                    number = value.toPython() if isinstance(value, Literal) and not value.ill_typed else None
                    if isinstance(number, int | float) or hasattr(number, "is_zero"):
                        if number == 0:
                            raise InputError(
                                f"{_name(denominator)} is 0, so the ratio to it cannot be computed; give the figure",
                                where=f"field {_label(data, figure)} / {_name(denominator)}",
                            )


def _roles(data: Graph, ontology: Graph, notes: list[tuple[Node, str, str]]) -> None:
    """ORG memberships read as the vocabulary's role properties (matched by their English labels)."""
    by_label: dict[str, URIRef] = {}
    for prop in ontology.subjects(RDFS.subPropertyOf, MP.member):
        for label in ontology.objects(prop, RDFS.label):
            if isinstance(label, Literal) and label.language == "en" and isinstance(prop, URIRef):
                by_label[str(label)] = prop
    role_property: dict[Node, URIRef] = {MP.ConsortiumMember: MP.member}
    for role in ontology.subjects(RDF.type, MP.Role):
        for label in ontology.objects(role, RDFS.label):
            if isinstance(label, Literal) and str(label) in by_label:
                role_property[role] = by_label[str(label)]
    for group, unit in list(data.subject_objects(ORG.hasMember)):
        data.add((group, MP.member, unit))
    for membership in set(data.subjects(ORG.organization, None)) | set(data.subjects(RDF.type, ORG.Membership)):
        groups = list(data.objects(membership, ORG.organization))
        units = list(data.objects(membership, ORG.member))
        roles = list(data.objects(membership, ORG.role)) or [MP.ConsortiumMember]
        for role in roles:
            prop = role_property.get(role)
            if prop is None:
                raise InputError(
                    f"the role {_name(role)} is not a role of the vocabulary (mp:LeadHospital, mp:LeadManufacturer, "
                    "mp:LeadUnit, mp:ConsortiumMember …)",
                    where=f"field {_label(data, membership)} / org:role",
                )
            for group in groups:
                for unit in units:
                    data.add((group, prop, unit))
                    data.add((group, MP.member, unit))
                    notes.append(
                        (
                            unit,
                            f"{_label(data, unit, 'zh')} 经 org:Membership 声明为 {_name(prop)}，按该角色核查",
                            f"{_label(data, unit, 'en')} is declared {_name(prop)} through an org:Membership; "
                            "checked in that role",
                        )
                    )
    # a member in no role of the vocabulary is a participating unit: it is counted with the participants
    named_roles = set(by_label.values()) - {MP.member}
    for group, unit in list(data.subject_objects(MP.member)):
        if not any((group, role, unit) in data for role in named_roles):
            data.add((group, MP.participant, unit))
            notes.append(
                (
                    unit,
                    f"{_label(data, unit, 'zh')} 仅声明为成员（mp:member 或 org:hasMember），按参与单位计",
                    f"{_label(data, unit, 'en')} is declared only a member (mp:member or org:hasMember); counted as a "
                    "participant",
                )
            )


def normalise(data: Graph, policy: Graph, ontology: Graph) -> list[tuple[Node, str, str]]:
    """Make the applicant's facts canonical in place; return the notes (node, zh, en). See the module text."""
    notes: list[tuple[Node, str, str]] = []
    _check_iris(data, derived("vocabulary", _Vocabulary, ontology, policy))
    _check_value_links(data, policy)
    _canonical_literals(data, ontology, notes)
    _check_enumerations(data, policy)
    _check_unique(data)
    _check_yearly(data)
    _roles(data, ontology, notes)
    return notes
