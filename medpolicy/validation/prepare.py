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
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD
from rdflib.term import Node

from medpolicy.applicant.witness import BLANK
from medpolicy.errors import InputError
from medpolicy.kb.cache import derived as kept
from medpolicy.kb.namespaces import BASE, MP, SH
from medpolicy.kb.units import convert
from medpolicy.validation.layered import layered
from medpolicy.validation.normalise import normalise

__all__ = ["Prepared", "prepare"]

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
# facts the validator derives itself; an applicant's own copy is dropped
DERIVED = {
    MP.asOf,
    MP.normalizedValue,
    MP.normalizedMin,
    MP.normalizedMax,
    MP.inactiveVariant,
    MP.applicationCategory,
    MP.rdRatioAverage,
}
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
# object properties with one value per node (datatype properties with a number, date or boolean range are
# single-valued too)
SINGLE_OBJECTS = {
    MP.forPolicy,
    MP.consortium,
    MP.projectLeader,
    MP.hospitalGrade,
    MP.organisationType,
    MP.level,
    MP.holder,
    MP.intendedRegistrant,
}
_NUMERIC = {
    XSD.decimal,
    XSD.integer,
    XSD.double,
    XSD.float,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
_SCALAR_RANGES = {XSD.decimal, XSD.integer, XSD.date, XSD.boolean}
_EXPECTED = {
    XSD.decimal: "a number",
    XSD.integer: "a whole number",
    XSD.date: "a date YYYY-MM-DD",
    XSD.boolean: "true or false",
}
# units whose values are amounts (counts, durations, money): a negative value makes no sense
_AMOUNT_UNITS = ("count", "second", "yuan", "workday")
_MAX_PROBLEMS = 12
_MAX_EXPONENT = 30  # a parameter value beyond 1e±30 of its unit is a mistake (and would print as 30+ digits)


@dataclass
class Prepared:
    """The data graph handed to SHACL, and what preparing it changed."""

    graph: Graph
    ignored: list[str] = field(default_factory=list)
    notes: dict[Node, list[tuple[str, str]]] = field(default_factory=dict)
    original: dict[Node, tuple[str, str]] = field(default_factory=dict)
    invalid: dict[Node, str] = field(default_factory=dict)
    """Parameter values that cannot be used (node → parameter IRI); the clause of each parameter fails."""

    def note(self, node: Node, zh: str, en: str) -> None:
        if (zh, en) not in self.notes.get(node, []):
            self.notes.setdefault(node, []).append((zh, en))


class _Trust:
    """What an applicant may say, read from the vocabulary and the policy graph."""

    def __init__(self, ontology: Graph, policy: Graph) -> None:
        # classes the knowledge base has instances of (mp:Clause, mp:Parameter, skos:Concept, owl:Class …)
        self.privileged: set[Node] = set(policy.objects(None, RDF.type)) | set(ontology.objects(None, RDF.type))
        # properties of those classes (mp:comparator, mp:partOf …): only the knowledge base states them
        self.kb_only: set[Node] = {
            prop for prop, domain in ontology.subject_objects(RDFS.domain) if domain in self.privileged
        }
        self.kb_only -= VALUE_PROPERTIES
        self.derived: set[Node] = set(DERIVED)
        for prop, text in ontology.subject_objects(SKOS.definition):
            if "by the validator" in str(text):
                self.derived.add(prop)
        self.ranges: dict[Node, Node] = {}
        for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
            rng = ontology.value(prop, RDFS.range)
            if rng is not None and prop not in self.kb_only and prop not in self.derived:
                self.ranges[prop] = rng
        self.single: set[Node] = {p for p, r in self.ranges.items() if r in _SCALAR_RANGES} | SINGLE_OBJECTS
        self.single -= VALUE_PROPERTIES

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


def _sub_properties(ontology: Graph, root: URIRef) -> set[URIRef]:
    found = {root}
    changed = True
    while changed:
        changed = False
        for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
            if sup in found and isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                changed = True
    return found


def _rounded(value: float) -> Literal:
    return Literal(Decimal(f"{value:.12g}"), datatype=XSD.decimal)


def prepare(applicant: Graph, policy_graph: Graph, ontology: Graph, as_of: dt.date) -> Prepared:
    """Return a new data graph: the applicant's trusted triples, the policy, and derived facts.

    Raises :class:`~medpolicy.errors.InputError` when a fact has a value its property cannot take.
    """
    data = Graph()
    prepared = Prepared(data)
    trust = kept("trust", _Trust, ontology, policy_graph)
    for s, p, o in applicant:
        if isinstance(o, Literal) and str(o) == BLANK:  # a template's value not filled in: absent, and said so
            prepared.note(
                s,
                f"{_label(applicant, s)} 的 {_qname(p)} 尚未填写",
                f"{_label(applicant, s)} {_qname(p)} is not filled in",
            )
            continue
        reason = trust.untrusted(s, p, o)
        if reason:
            prepared.ignored.append(f"{s.n3()} {p.n3()} {o.n3()}: {reason}")
            continue
        data.add((s, p, o))
    for node, zh, en in normalise(data, policy_graph, ontology):  # canonical facts first (medpolicy.normalise)
        prepared.note(node, zh, en)
    _check_facts(data, trust, prepared)
    # role properties are sub-properties of mp:member: every lead or participant is a member
    for prop in _sub_properties(ontology, MP.member) - {MP.member}:
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
    _normalise_values(data, policy_graph, prepared)
    prepared.graph = layered(data, policy_graph)  # reads as data + policy, the policy graph not copied
    return prepared


# -- facts -------------------------------------------------------------------------------------------------------


def _label(graph: Graph, node: Node, depth: int = 0) -> str:
    """A short name for a node in a message: its label, its IRI's last segment, or its owner and property."""
    for value in graph.objects(node, RDFS.label):
        return _printable(str(value))[:60]
    if isinstance(node, URIRef):
        return _printable(str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or str(node))[:80]
    if depth < 3:
        for owner, prop in graph.subject_predicates(node):
            return f"{_label(graph, owner, depth + 1)} / {_qname(prop)}"
    return "(blank node)"


def _printable(text: str) -> str:
    """Text from the input, safe to print in a one-line message (no newlines or terminal escapes)."""
    return "".join(c if c.isprintable() else " " if c.isspace() else "?" for c in text).strip()


def _qname(term: Node | None) -> str:
    text = str(term)
    for prefix, namespace in (("mp", str(MP)), ("xsd", str(XSD)), ("rdf", str(RDF))):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _lexical_ok(lexical: str, rng: Node) -> Literal | None:
    """The literal ``rng`` makes of a plain string, or None when the text is not a value of ``rng``."""
    text = lexical.strip()
    if rng == XSD.boolean:
        lowered = text.lower()
        return (
            Literal(lowered in ("true", "1"), datatype=XSD.boolean) if lowered in ("true", "false", "1", "0") else None
        )
    if rng in (XSD.decimal, XSD.integer):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        if rng == XSD.integer:
            return Literal(int(number), datatype=XSD.integer) if number == number.to_integral_value() else None
        return Literal(number, datatype=XSD.decimal)
    if rng == XSD.date:
        try:
            return Literal(dt.date.fromisoformat(text), datatype=XSD.date) if len(text) == 10 else None
        except ValueError:
            return None
    return None


def _typed_problem(value: Node, rng: Node) -> tuple[str, Literal | None] | None:
    """Why ``value`` is not a value of ``rng`` (and, for a plain string that reads as one, the literal it reads as)."""
    if rng not in _SCALAR_RANGES:
        return None
    if not isinstance(value, Literal):
        return ("is an IRI or blank node, not a literal", None)
    if value.language is not None or value.datatype in (None, XSD.string):  # text: read it if it is a value
        read = _lexical_ok(str(value), rng)
        return ("", read) if read is not None else ("is text, not a value of this type", None)
    if value.ill_typed:
        return (f"is not a valid {_qname(value.datatype)}", None)
    datatype = value.datatype
    if rng in (XSD.decimal, XSD.integer):
        if datatype not in _NUMERIC:
            return (f"has the datatype {_qname(datatype)}, not a number", None)
        number = value.toPython()
        if isinstance(number, float) and not math.isfinite(number):
            return ("is not a finite number", None)
        if rng == XSD.integer and number != int(number):
            return ("is not a whole number", None)
        return None
    if datatype != rng:
        return (f"has the datatype {_qname(datatype)}", None)
    return None


def _check_facts(data: Graph, trust: _Trust, prepared: Prepared) -> None:
    """Typed values and single values of the applicant's facts (not of parameter values: see below)."""
    problems: list[tuple[str, str]] = []
    replacements: list[tuple[Node, Node, Node, Literal]] = []
    for prop, rng in trust.ranges.items():
        if prop in VALUE_PROPERTIES:
            continue
        for s, o in data.subject_objects(prop):
            found = _typed_problem(o, rng)
            if found is not None and found[1] is not None:
                replacements.append((s, prop, o, found[1]))
            if found is None or found[1] is not None:
                number = found[1] if found is not None else o
                if rng in (XSD.decimal, XSD.integer) and isinstance(number, Literal):
                    if _negative(number):
                        problems.append((f"{_label(data, s)} / {_qname(prop)}", f"{number} is negative"))
                    elif _out_of_range(number):
                        problems.append((f"{_label(data, s)} / {_qname(prop)}", f"{str(o)[:20]}… is out of range"))
                continue
            why = found[0]
            problems.append(
                (f"{_label(data, s)} / {_qname(prop)}", f"{str(o)[:40]!r} {why}; expected {_EXPECTED[rng]}")
            )
    for s, prop, old, new in replacements:
        data.remove((s, prop, old))
        data.add((s, prop, new))
        prepared.note(
            s,
            f"{_label(data, s)} 的 {_qname(prop)} 以文本 “{_printable(str(old))[:60]}” 给出，按 {new.n3()} 读取",
            f"{_label(data, s)} {_qname(prop)} was given as the text {str(old)[:60]!r}; read as {new.n3()}",
        )
    for prop in trust.single:
        subjects: dict[Node, set[object]] = {}
        for s, o in data.subject_objects(prop):
            key = o.toPython() if isinstance(o, Literal) and not o.ill_typed else o
            subjects.setdefault(s, set()).add(key)
        for s, values in subjects.items():
            if len(values) > 1:
                shown = _printable(", ".join(sorted(str(o) for o in data.objects(s, prop))))[:200]
                problems.append(
                    (f"{_label(data, s)} / {_qname(prop)}", f"{len(values)} values ({shown}); one value is expected")
                )
    if len(problems) == 1:
        raise InputError(problems[0][1], where=f"field {problems[0][0]}")
    if problems:
        more = f" (and {len(problems) - _MAX_PROBLEMS} more)" if len(problems) > _MAX_PROBLEMS else ""
        listed = "; ".join(f"{where}: {why}" for where, why in problems[:_MAX_PROBLEMS])
        raise InputError(f"{len(problems)} unusable values: {listed}{more}", where=f"field {problems[0][0]}")


def _out_of_range(value: Literal) -> bool:
    number = value.toPython()
    if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
        return False
    try:
        return number != 0 and abs(Decimal(number).adjusted()) > _MAX_EXPONENT
    except (ValueError, ArithmeticError):
        return True


def _negative(value: Literal) -> bool:
    number = value.toPython()
    return isinstance(number, int | float | Decimal) and not isinstance(number, bool) and number < 0


# -- parameter values ----------------------------------------------------------------------------------------------


def _attached(data: Graph) -> set[Node]:
    """Value nodes the shapes read: an application's commitments and its products' indicator values."""
    nodes: set[Node] = set()
    for app in data.subjects(RDF.type, MP.Application):
        nodes.update(data.objects(app, MP.commitment))
        for product in data.objects(app, MP.product):
            nodes.update(data.objects(product, MP.indicatorValue))
    return nodes


def _is_amount(code: str) -> bool:
    """Whether a unit code measures an amount (a count, a duration, money), which cannot be negative."""
    for base in _AMOUNT_UNITS:
        try:
            convert(1, code, base)
        except InputError:
            continue
        return True
    return False


def _invalid(prepared: Prepared, node: Node, param: Node, zh: str, en: str) -> None:
    prepared.note(node, zh, en)
    prepared.invalid[node] = str(param)


def _infer_variants(data: Graph, policy: Graph, prepared: Prepared) -> None:
    """A product that names no alternative but gives values only for the parameters of one alternative has chosen
    that alternative (noted)."""
    for product in set(data.objects(None, MP.product)):
        if data.value(product, MP.selectedVariant) is not None:
            continue
        variants = {
            policy.value(param, MP.variant)
            for value in data.objects(product, MP.indicatorValue)
            for param in data.objects(value, MP.forParameter)
        } - {None}
        if len(variants) == 1:
            variant = next(iter(variants))
            data.add((product, MP.selectedVariant, variant))
            prepared.note(
                product,
                f"产品未注明所选模式，按所给指标取值读作“{variant}”",
                f"the product names no alternative; read as the one its values are given for ({variant})",
            )


def _normalise_values(data: Graph, policy: Graph, prepared: Prepared) -> None:
    _infer_variants(data, policy, prepared)
    chosen: dict[Node, set[str]] = {}
    for product, variant in data.subject_objects(MP.selectedVariant):
        chosen.setdefault(product, set()).add(str(variant))
    attached = _attached(data)
    for node, param in list(data.subject_objects(MP.forParameter)):
        if (param, RDF.type, MP.Parameter) not in policy:
            prepared.note(
                node, f"参数 {param} 不属于本政策，已忽略", f"parameter {param} is not in this policy; ignored"
            )
            continue
        variant = policy.value(param, MP.variant)
        owners = set(data.subjects(MP.indicatorValue, node))
        inactive = variant is not None and owners and not any(str(variant) in chosen.get(o, set()) for o in owners)
        if inactive:
            data.add((node, MP.inactiveVariant, Literal(True)))
        params = set(data.objects(node, MP.forParameter))
        if len(params) > 1:
            _invalid(
                prepared,
                node,
                param,
                "同一取值对应多个参数，请为每个参数分别给出取值",
                f"one value is given for {len(params)} parameters; give each parameter its own value",
            )
        elif node not in attached:
            _invalid(
                prepared,
                node,
                param,
                "取值未挂在申报上（mp:commitment 或产品的 mp:indicatorValue），未核查",
                "the value is not attached to the application (mp:commitment or the product's mp:indicatorValue), "
                "so it cannot be checked",
            )
        else:
            _check_value(data, policy, prepared, node, param)
        if inactive:  # an alternative the product did not choose: not checked, so it cannot fail
            prepared.invalid.pop(node, None)


def _check_value(data: Graph, policy: Graph, prepared: Prepared, node: Node, param: Node) -> None:
    numbers = list(data.objects(node, MP.numericValue))
    answers = list(data.objects(node, MP.booleanValue))
    texts = list(data.objects(node, MP.textValue))
    units = list(data.objects(node, MP.unitCode))
    dates = list(data.objects(node, MP.dateValue))
    lows = list(data.objects(node, MP.minValue))
    highs = list(data.objects(node, MP.maxValue))
    if not numbers and not answers and not texts and not dates and not (lows and highs):
        _invalid(
            prepared,
            node,
            param,
            "未给出取值（数值、范围、日期、是否或文本）",
            "no value is given (a number, a range, a date, yes/no or a text)",
        )
        return
    for zh, en, values in (
        ("数值", "numbers", numbers),
        ("是否", "answers", answers),
        ("文本", "texts", texts),
        ("单位", "units", units),
        ("日期", "dates", dates),
        ("下限", "minimums", lows),
        ("上限", "maximums", highs),
    ):
        if len({v.toPython() if isinstance(v, Literal) else v for v in values}) > 1:
            shown = _printable(", ".join(sorted(str(v) for v in values)))[:120]
            _invalid(
                prepared,
                node,
                param,
                f"给出了多个{zh}（{shown}），只应给出一个",
                f"{len(values)} {en} are given ({shown}); give one",
            )
            return
    typed = (
        (answers, MP.booleanValue, XSD.boolean, "不是 true 或 false", "is not true or false"),
        (dates, MP.dateValue, XSD.date, "不是日期 YYYY-MM-DD", "is not a date YYYY-MM-DD"),
    )
    for values, prop, rng, zh, en in typed:
        for value in values:
            problem = _typed_problem(value, rng)
            if problem is not None and problem[1] is not None:  # a text that reads as a value of the type
                data.remove((node, prop, value))
                data.add((node, prop, problem[1]))
            elif problem is not None:
                shown = _printable(str(value))[:60]
                _invalid(prepared, node, param, f"“{shown}” {zh}", f"{shown!r} {en}")
                return
    given = _printable(str(units[0]))[:60] if units else ""
    for raw, derived in ((lows, MP.normalizedMin), (highs, MP.normalizedMax)):
        if raw:
            converted = _converted(prepared, node, param, raw[0], given, policy)
            if converted is None:
                return
            data.add((node, derived, _rounded(converted)))
    if lows and highs:
        prepared.original[node] = (f"{_printable(str(lows[0]))[:20]}–{_printable(str(highs[0]))[:20]}", given)
    if not numbers:
        return
    converted = _converted(prepared, node, param, numbers[0], given, policy, keep_original=True)
    if converted is not None:
        data.add((node, MP.normalizedValue, _rounded(converted)))


def _converted(
    prepared: Prepared,
    node: Node,
    param: Node,
    number: Node,
    given: str,
    policy: Graph,
    *,
    keep_original: bool = False,
) -> float | None:
    """``number`` (in the unit ``given``, or the parameter's unit) in the parameter's unit; None when unusable
    (the value node is then marked invalid with the reason)."""
    try:
        amount = Decimal(str(number.toPython())) if isinstance(number, Literal) else None
        if amount is None or not amount.is_finite():
            raise ValueError
    except (ValueError, ArithmeticError):
        shown = _printable(str(number))[:60]
        _invalid(prepared, node, param, f"数值 {shown} 不是数字", f"value {shown} is not a number")
        return None
    if amount and abs(amount.adjusted()) > _MAX_EXPONENT:
        _invalid(prepared, node, param, f"数值 {amount:.6g} 超出范围", f"value {amount:.6g} is out of range")
        return None
    target = str(policy.value(param, MP.unitCode) or "")
    if keep_original:
        prepared.original[node] = (f"{amount.normalize():f}", given)
    if amount < 0 and _may_not_be_negative(policy, param, given or target):
        _invalid(
            prepared,
            node,
            param,
            f"数值 {number} 为负数，该参数的取值不能为负",
            f"value {number} is negative; this parameter cannot be negative",
        )
        return None
    try:
        value = convert(amount, given or target, target)
    except InputError as exc:  # an unknown or incompatible unit is unusable input, not a threshold failure
        raise InputError(
            f"unit {given!r} of the value for {_label(policy, param)}: {exc.message}; expected a unit that converts "
            f"to {target!r}",
            where=f"field {_label(prepared.graph, node)} / mp:unitCode",
        ) from None
    if not math.isfinite(value):
        _invalid(prepared, node, param, f"数值 {amount:.6g} 超出范围", f"value {amount:.6g} is out of range")
        return None
    return value


def _may_not_be_negative(policy: Graph, param: Node, unit: str) -> bool:
    """A negative value is refused for an amount (count, duration, money), or when every threshold is ≥ 0 and
    the unit is a plain number or a ratio."""
    if _is_amount(unit):
        return True
    thresholds = [policy.value(param, MP.value)]
    values_list = policy.value(param, MP.valueList)
    if values_list is not None:
        from rdflib.collection import Collection

        thresholds = list(Collection(policy, values_list))
    numbers = [t.toPython() for t in thresholds if isinstance(t, Literal)]
    if not numbers or not all(isinstance(n, int | float | Decimal) and n >= 0 for n in numbers):
        return False
    try:
        convert(1, unit, "")
    except InputError:
        return False
    return True
