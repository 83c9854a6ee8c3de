"""Generated proofs: a minimal passing applicant per scope, and near misses that must fail exactly their clauses.

Everything is read from the knowledge base (see docs/witness.md): parameters give boundary values and their
near misses; the policy's ``witness.ttl`` gives, per shape, the facts that satisfy it as a Turtle template.
Nothing here knows a particular policy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from medpolicy.errors import PolicyLoadError
from medpolicy.kb.applicability import Applicability
from medpolicy.kb.explain import expected_text
from medpolicy.kb.models import Clause, Parameter
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase, local_name

__all__ = [
    "W",
    "alternatives",
    "fragments",
    "Mutation",
    "Witness",
    "boundary",
    "mutations",
    "scopes",
    "template_document",
    "value_batch",
    "witness",
    "witness_turtle",
]

W = Namespace("urn:medpolicy:witness:")
WHOLE_UNITS = {"count", "person_time", "year", "month", "day", "workday", "week", "hour", "minute", "second"}
OUTSIDE = W["outside-the-list"]
BLANK = "填写 FILL"
FILL = f'"{BLANK}"'
"""The sentinel a template leaves where a value is to be filled in (it fails validation until replaced)."""
_PLACEHOLDER = re.compile(r"\{([^{}\s][^{}]*)\}")
_TERM = re.compile(r"\s*([+-])\s*(\d+|[A-Za-z_][\w-]*:[\w.-]*?)\s*([ymd])\s*")


@dataclass(frozen=True)
class Fragment:
    """The facts that satisfy one or more shapes (``mp:witness``), as a Turtle template."""

    node: Node
    shapes: tuple[str, ...]
    clauses: frozenset[str]
    body: str
    repeat: str | None = None
    misses: tuple[tuple[str | None, str], ...] = ()
    negative: bool = False
    """the fragment of a shape whose empty target is the compliant state (no incident): kept out of templates"""
    drop_clauses: frozenset[str] = frozenset()
    """the clauses that fail when the fragment is dropped: those of its shapes for which no facts is not a pass"""


@dataclass
class Mutation:
    """A near miss of the witness: its graph must fail exactly ``expected`` (clause IRIs)."""

    id: str
    kind: str
    description: str
    expected: frozenset[str]
    build: Callable[[], Graph]
    parameter: str | None = None

    @property
    def graph(self) -> Graph:
        return self.build()


@dataclass
class Witness:
    """The generated passing applicant of one scope."""

    policy: str
    scope: str | None
    as_of: dt.date
    graph: Graph
    fragments: list[Fragment] = field(default_factory=list)
    values: dict[str, Parameter] = field(default_factory=dict)
    """value node IRI → the parameter it gives a value for"""


# -- boundary values ------------------------------------------------------------------------------------------------


def _decimals(value: object) -> int:
    text = f"{Decimal(str(value)).normalize():f}"
    return len(text.split(".")[1]) if "." in text else 0


def step(p: Parameter, value: object) -> Decimal:
    """The smallest change that matters for ``p``: 1 for whole-number units, else 1/100 of the last decimal."""
    if isinstance(value, int) and (p.unit_code in WHOLE_UNITS or p.unit_code == ""):
        return Decimal(1)
    return Decimal(1).scaleb(-(_decimals(value) + 2))


def _num(value: object) -> Decimal:
    return Decimal(str(value))


def boundary(p: Parameter) -> tuple[object, object]:
    """(the value that just meets ``p``, the value that just misses it), as Python values.

    Ranges to cover are ``(lo, hi)`` tuples, dates ``datetime.date``, list items as given.
    """
    cmp, value = p.comparator, p.value
    if cmp == "bool":
        return bool(value), not bool(value)
    if cmp in ("before", "after"):
        day = dt.date.fromisoformat(str(value))
        one = dt.timedelta(days=1)
        return (day, day + one) if cmp == "before" else (day + one, day)
    if cmp == "in":
        items = value if isinstance(value, list) else [value]
        first = items[0]
        if isinstance(first, str) and not first.startswith("http"):
            return first, "（不在所列范围内）"
        if isinstance(first, str):
            return URIRef(first), OUTSIDE
        return first, _num(max(_num(v) for v in items)) + step(p, first)
    if cmp == "between":
        lo, hi = (value if isinstance(value, list) else [value, value])[:2]
        s = step(p, lo)
        if p.range_reading == "cover":
            return (lo, hi), (_num(lo) + s, hi)
        return lo, _num(lo) - s
    t = _num(value)
    s = step(p, value)
    table = {
        ">=": (t, t - s),
        ">": (t + s, t),
        "<=": (t, t + s),
        "<": (t - s, t),
        "==": (t, t + s),
        "!=": (t + s, t),
    }
    if cmp not in table:
        raise PolicyLoadError(f"parameter {p.id} has the comparator {cmp!r}, which has no boundary", file=p.id)
    return table[cmp]


def literal(value: object) -> str:
    """A Turtle term for a Python value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"^^xsd:date'
    if isinstance(value, int):
        return f'"{value}"^^xsd:integer'
    if isinstance(value, Decimal | float):
        number = _num(value)
        if number == number.to_integral_value():
            return f'"{int(number)}"^^xsd:integer'
        return f'"{number.normalize():f}"^^xsd:decimal'
    return str(Literal(str(value)).n3())


def value_triples(node: URIRef, p: Parameter, value: object) -> str:
    """The Turtle of a parameter value node holding ``value``."""
    parts = [f"<{node}> mp:forParameter <{p.id}>"]
    if p.comparator == "bool":
        parts.append(f"mp:booleanValue {literal(value)}")
    elif p.comparator in ("before", "after"):
        parts.append(f"mp:dateValue {literal(value)}")
    elif isinstance(value, tuple):
        parts.append(f"mp:minValue {literal(value[0])} ; mp:maxValue {literal(value[1])}")
    elif isinstance(value, str | URIRef) and not isinstance(value, Decimal):
        parts.append(f"mp:textValue {Literal(str(value)).n3()}")
    else:
        parts.append(f"mp:numericValue {literal(value)}")
    if (
        p.unit_code
        and p.comparator not in ("bool", "before", "after", "in")
        or (p.comparator == "in" and p.unit_code and not isinstance(value, str))
    ):
        parts.append(f"mp:unitCode {Literal(p.unit_code).n3()}")
    return " ; ".join(parts) + " .\n"


# -- scopes and fragments ---------------------------------------------------------------------------------------


def scopes(kb: KnowledgeBase, policy: str) -> list[str | None]:
    """The scopes an application can be made under: leaf scope clauses (product, scenario, direction), or the
    policy itself (None) when it lists none."""
    scope_clauses = Applicability(kb, policy, []).scope_clauses
    parents = {c.part_of for c in kb.clauses(policy) if c.id in scope_clauses and c.part_of}
    parents |= {cat for c in kb.clauses(policy) if c.id in scope_clauses for cat in c.categories}
    leaves = [c.id for c in kb.clauses(policy) if c.id in scope_clauses and c.id not in parents]
    return list(leaves) or [None]


def _fragments(kb: KnowledgeBase, policy: str) -> tuple[list[Fragment], Graph]:
    wg = kb.witness_graph(policy)
    shapes = kb.shapes_graph(policy)
    by_node: dict[Node, list[str]] = {}
    for shape, node in wg.subject_objects(MP.witness):
        by_node.setdefault(node, []).append(str(shape))
    out = []
    for node, shape_ids in by_node.items():
        clauses = frozenset(str(c) for s in shape_ids for c in shapes.objects(URIRef(s), MP.clause))
        body = wg.value(node, MP.turtle)
        if body is None:
            raise PolicyLoadError(f"witness of {shape_ids[0]} has no mp:turtle", file=f"policies/{policy}/witness.ttl")
        repeat = wg.value(node, MP.repeat)
        misses = tuple(
            (None if wg.value(m, MP.parameter) is None else str(wg.value(m, MP.parameter)), str(wg.value(m, MP.turtle)))
            for m in wg.objects(node, MP.miss)
        )
        positive = [s for s in shape_ids if shapes.value(URIRef(s), MP.emptyTargetPasses) != Literal(True)]
        negative = not positive
        drop = frozenset(str(c) for s in positive for c in shapes.objects(URIRef(s), MP.clause))
        repeated = None if repeat is None else str(repeat)
        out.append(Fragment(node, tuple(sorted(shape_ids)), clauses, str(body), repeated, misses, negative, drop))
    out.sort(key=lambda f: f.shapes)
    return out, wg


def fragments(kb: KnowledgeBase, policy: str) -> list[Fragment]:
    """The witness fragments of ``policy`` (``witness.ttl``)."""
    return _fragments(kb, policy)[0]


def _as_of(kb: KnowledgeBase, policy: str, wg: Graph) -> dt.date:
    for value in wg.objects(None, MP.witnessAsOf):
        return dt.date.fromisoformat(str(value))
    doc = kb.policy(policy)
    if doc.deadline and not doc.deadline.startswith("--"):
        return dt.date.fromisoformat(doc.deadline[:10])  # the last day applications are made
    issued = str(doc.issued or "")
    if len(issued) >= 10:
        return dt.date.fromisoformat(issued[:10])
    if issued[:4].isdigit():
        return dt.date(int(issued[:4]), 1, 1)
    raise PolicyLoadError("no mp:witnessAsOf and no issue date to generate witnesses on", file=f"policies/{policy}")


class _Filler:
    """Fills the placeholders of a fragment body: parameters, dates relative to the witness date, the instance."""

    def __init__(self, wg: Graph, params: dict[str, Parameter], as_of: dt.date) -> None:
        self.namespaces = {prefix: str(ns) for prefix, ns in wg.namespace_manager.namespaces()}
        self.namespaces.update({"mp": str(MP), "w": str(W), "xsd": "http://www.w3.org/2001/XMLSchema#"})
        self.params = params
        self.as_of = as_of

    def iri(self, curie: str) -> str:
        prefix, _, name = curie.partition(":")
        if prefix not in self.namespaces:
            raise PolicyLoadError(f"unknown prefix in witness placeholder {{{curie}}}", file=curie)
        return self.namespaces[prefix] + name

    def param(self, curie: str) -> Parameter:
        iri = self.iri(curie)
        if iri not in self.params:
            raise PolicyLoadError(f"witness placeholder {{{curie}}} names no parameter of the policy", file=curie)
        return self.params[iri]

    def fill(
        self, body: str, index: int = 1, missed: frozenset[str] = frozenset(), blanks: list[str] | None = None
    ) -> str:
        """The body with its placeholders filled; with ``blanks``, each parameter's value is left to fill in (the
        sentinel :data:`FILL`) and the example's value appended to ``blanks``."""

        def one(match: re.Match[str]) -> str:
            expr = match.group(1).strip()
            if expr == "i":
                return str(index)
            if expr.startswith("asOfYear"):
                offset = expr[len("asOfYear") :].replace(" ", "")
                return str(self.as_of.year + (int(offset) if offset else 0))
            if expr.startswith("asOf"):
                return literal(self._date(expr[len("asOf") :]))
            name, _, item = expr.partition(".")
            p = self.param(name)
            good, bad = boundary(p)
            value = bad if p.id in missed else good
            if item:
                value = value[int(item)] if isinstance(value, tuple) else value
            if isinstance(value, tuple):
                raise PolicyLoadError(f"{{{expr}}} is a range: use {{{name}.0}} and {{{name}.1}}", file=p.id)
            if blanks is not None:
                blanks.append(literal(value))
                return FILL
            return literal(value)

        return _PLACEHOLDER.sub(one, body)

    def _date(self, rest: str) -> dt.date:
        day = self.as_of
        pos = 0
        while pos < len(rest.strip()):
            match = _TERM.match(rest, pos)
            if match is None:
                raise PolicyLoadError(f"cannot read the date expression asOf{rest}", file="witness.ttl")
            sign, amount, unit = match.groups()
            n = int(amount) if amount.isdigit() else int(_num(self.param(amount).value))
            delta = {"y": relativedelta(years=n), "m": relativedelta(months=n), "d": relativedelta(days=n)}[unit]
            day = day + delta if sign == "+" else day - delta
            pos = match.end()
        return day

    def placeholders(self, body: str) -> list[str]:
        """Parameter IRIs whose boundary a body uses directly (``{P}``, ``{P.0}``)."""
        found = []
        for match in _PLACEHOLDER.finditer(body):
            expr = match.group(1).strip()
            if expr == "i" or expr.startswith("asOf"):
                continue
            found.append(self.param(expr.partition(".")[0]).id)
        return list(dict.fromkeys(found))


# -- the witness ------------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    kb: KnowledgeBase
    policy: str
    scope: str | None
    as_of: dt.date
    applicable: list[Clause]
    fragments: list[Fragment]
    filler: _Filler
    variant: str | None
    values: dict[str, Parameter]
    owners: dict[str, Clause]

    def skeleton(self) -> str:
        doc = self.kb.policy(self.policy).iri
        lines = [
            f"w:application a mp:Application ; mp:forPolicy <{doc}> ; mp:product w:product .",
            "w:product a mp:Product .",
        ]
        if self.scope:
            lines.append(f"w:application mp:appliesFor <{self.scope}> .")
            lines.append(f"w:product mp:claimsProduct <{self.scope}> .")
        if self.variant:
            lines.append(f"w:product mp:selectedVariant {Literal(self.variant, lang='zh').n3()} .")
        return "\n".join(lines) + "\n"

    def value_nodes(self, missed: frozenset[str], dropped: frozenset[str]) -> str:
        out = []
        for node, p in self.values.items():
            if p.id in dropped:
                continue
            good, bad = boundary(p)
            holder = self.holder(node, p)
            out.append(holder + value_triples(URIRef(node), p, bad if p.id in missed else good))
        return "".join(out)

    def holder(self, node: str, p: Parameter) -> str:
        if self.owners[p.id].kind == "indicator":
            return f"w:product mp:indicatorValue <{node}> .\n"
        return f"w:application mp:commitment <{node}> .\n"

    def fragment_text(self, fragment: Fragment, missed: frozenset[str], body: str | None = None) -> str:
        count = 1
        if fragment.repeat is not None:
            p = self.filler.params[fragment.repeat]
            good, bad = boundary(p)
            count = int(_num(bad if p.id in missed else good))
        text = body if body is not None else fragment.body
        return "".join(self.filler.fill(text, i, missed) for i in range(1, count + 1))

    def document(self, lang: str) -> tuple[str, list[str]]:
        """The template of this scope: every field the checks read, each value left as :data:`FILL`, with a comment
        naming the clause it serves and what it requires; and the example's values, in the order of the blanks."""
        zh = lang == "zh"
        blanks: list[str] = []
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self.filler.namespaces.items() if p)
        out = [prefixes, self.skeleton()]
        for node, p in self.values.items():
            clause = self.owners[p.id]
            good, _ = boundary(p)
            out.append(f"\n# {clause.section} “{' '.join(clause.text.split())[:90]}”\n")
            subject = p.subject if zh else (p.subject_en or p.subject)
            need = expected_text(p, lang)
            code = p.unit_code
            unit = (f"；单位代码 {code}" if zh else f"; unit code {code}") if code else ""
            out.append(f"# {subject}：{need}{unit}\n" if zh else f"# {subject}: {need}{unit}\n")
            text = self.holder(node, p) + value_triples(URIRef(node), p, good)
            items = good if isinstance(good, tuple) else (good,)
            for item in items:
                blanks.append(literal(item))
                text = text.replace(" " + literal(item), " " + FILL, 1)
            out.append(text)
        for fragment in self.fragments:
            if fragment.negative:
                continue  # the facts of a negative clause (an incident at the edge of a window) are no template
            clauses = sorted(local_name(c) for c in fragment.clauses)
            out.append(f"\n# {'条款' if zh else 'clauses'}: {', '.join(clauses)}\n")
            count = 1
            if fragment.repeat is not None:
                count = int(_num(boundary(self.filler.params[fragment.repeat])[0]))
            for i in range(1, count + 1):
                out.append(self.filler.fill(fragment.body, i, blanks=blanks))
        return "".join(out), blanks

    def graph(
        self,
        *,
        missed: frozenset[str] = frozenset(),
        dropped_fragment: Fragment | None = None,
        replaced: tuple[Fragment, str] | None = None,
        dropped_values: frozenset[str] = frozenset(),
    ) -> Graph:
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self.filler.namespaces.items() if p)
        graph = Graph()
        graph.parse(data=prefixes + self.skeleton() + self.value_nodes(missed, dropped_values), format="turtle")
        for fragment in self.fragments:
            if fragment is dropped_fragment:
                continue
            if replaced is not None and fragment is replaced[0]:
                text = self.fragment_text(fragment, frozenset(), replaced[1])
            else:
                text = self.fragment_text(fragment, missed)
            try:
                graph.parse(data=prefixes + text, format="turtle")
            except Exception as exc:  # rdflib raises many kinds; all mean a broken witness fragment
                raise PolicyLoadError(
                    f"the witness of {', '.join(fragment.shapes)} is not valid Turtle: {exc}",
                    file=f"policies/{self.policy}/witness.ttl",
                ) from exc
        return graph


def template_document(kb: KnowledgeBase, policy: str, scope: str | None, lang: str = "zh") -> tuple[str, list[str]]:
    """The template of ``scope`` (values left as :data:`FILL`) and the example's values for its blanks, in order."""
    return _plan(kb, policy, scope).document(lang)


def alternatives(kb: KnowledgeBase, policy: str, scope: str | None) -> list[str | None]:
    """The alternatives (``mp:variant``) a product of ``scope`` may meet, in document order; ``[None]`` if none."""
    applicability = Applicability(kb, policy, [scope] if scope else [])
    shaped = kb.shaped_clauses(policy)
    found = [
        p.variant
        for c in kb.clauses(policy)
        if c.check == "shape" and c.id not in shaped and applicability.applies(c)
        for p in c.parameters
        if p.variant
    ]
    return list(dict.fromkeys(found)) or [None]


def _plan(kb: KnowledgeBase, policy: str, scope: str | None, variant: str | None = None) -> _Plan:
    fragments, wg = _fragments(kb, policy)
    applicability = Applicability(kb, policy, [scope] if scope else [])
    applicable = [c for c in kb.clauses(policy) if applicability.applies(c)]
    shaped = kb.shaped_clauses(policy)
    params = {p.id: p for c in kb.clauses(policy) for p in c.parameters}
    owners = {p.id: c for c in kb.clauses(policy) for p in c.parameters}
    variants = [
        p.variant for c in applicable if c.check == "shape" and c.id not in shaped for p in c.parameters if p.variant
    ]
    variant = variant if variant in variants else (variants[0] if variants else None)
    values: dict[str, Parameter] = {}
    for clause in applicable:
        if clause.check != "shape" or clause.id in shaped or not clause.parameters:
            continue
        for p in clause.parameters:
            if p.variant is not None and p.variant != variant:
                continue
            values[str(W[f"value/{local_name(p.id)}"])] = p
    wanted = [f for f in fragments if not f.clauses or any(applicability.applies(_clause(kb, c)) for c in f.clauses)]
    as_of = _as_of(kb, policy, wg)
    return _Plan(kb, policy, scope, as_of, applicable, wanted, _Filler(wg, params, as_of), variant, values, owners)


def _clause(kb: KnowledgeBase, iri: str) -> Clause:
    clause = kb.clause(iri)
    if clause is None:
        raise PolicyLoadError(f"a shape is tied to {iri}, which is no clause", file=iri)
    return clause


def witness(kb: KnowledgeBase, policy: str, scope: str | None, variant: str | None = None) -> Witness:
    """The generated applicant that just meets every machine-checked clause of ``scope`` (meeting ``variant``, or
    the first alternative, where the scope has alternatives)."""
    plan = _plan(kb, policy, scope, variant)
    return Witness(policy, scope, plan.as_of, plan.graph(), plan.fragments, plan.values)


def _sharing(kb: KnowledgeBase, policy: str, param: str) -> frozenset[str]:
    return frozenset(c.id for c in kb.clauses(policy) if any(p.id == param for p in c.parameters))


def mutations(kb: KnowledgeBase, policy: str, scope: str | None, variant: str | None = None) -> Iterator[Mutation]:
    """Near misses of the witness of ``scope``: each parameter value just missed and dropped, and per fragment
    the fragment dropped, each placeholder just missed, the repeat count one short, and the explicit near misses.
    Graphs are built when asked for (:attr:`Mutation.graph`)."""
    plan = _plan(kb, policy, scope, variant)
    for p in plan.values.values():
        expected = _sharing(kb, policy, p.id)
        one = frozenset({p.id})
        yield Mutation(
            f"miss:{local_name(p.id)}",
            "value-near-miss",
            f"{p.subject}: {boundary(p)[1]}",
            expected,
            lambda one=one: plan.graph(missed=one),  # type: ignore[misc]
            p.id,
        )
        yield Mutation(
            f"drop:{local_name(p.id)}",
            "value-drop",
            f"{p.subject}: not given",
            expected,
            lambda one=one: plan.graph(dropped_values=one),  # type: ignore[misc]
            p.id,
        )
    for fragment in plan.fragments:
        name = ",".join(local_name(s) for s in fragment.shapes)
        yield Mutation(
            f"drop:{name}",
            "drop",
            f"facts of {name} not given",
            # without the facts: no incident (or none of an item limited by ≤ N) is still compliant, no unit is not
            frozenset() if _at_most(plan, fragment) else fragment.drop_clauses,
            lambda fragment=fragment: plan.graph(dropped_fragment=fragment),  # type: ignore[misc]
        )
        used = plan.filler.placeholders(fragment.body)
        if fragment.repeat is not None:
            used = [*used, fragment.repeat]
        for param in dict.fromkeys(used):
            p = plan.filler.params[param]
            one = frozenset({param})
            yield Mutation(
                f"miss:{name}:{local_name(param)}",
                "near-miss",
                f"{p.subject}: {boundary(p)[1]}",
                fragment.clauses | _sharing(kb, policy, param),
                lambda one=one: plan.graph(missed=one),  # type: ignore[misc]
                param,
            )
        for k, (missed, body) in enumerate(fragment.misses, 1):
            expected = fragment.clauses | (_sharing(kb, policy, missed) if missed else frozenset())
            yield Mutation(
                f"miss:{name}:{k}",
                "explicit",
                " ".join(body.split())[:80],
                expected,
                lambda fragment=fragment, body=body: plan.graph(replaced=(fragment, body)),  # type: ignore[misc]
                missed,
            )


def _at_most(plan: _Plan, fragment: Fragment) -> bool:
    """Whether the fragment is repeated by a count that is an upper limit (none of it meets ``≤ N``)."""
    return fragment.repeat is not None and plan.filler.params[fragment.repeat].comparator in ("<=", "<")


def value_batch(
    kb: KnowledgeBase, policy: str, scope: str | None, params: frozenset[str], kind: str, variant: str | None = None
) -> Graph:
    """The witness with every value of ``params`` just missed (``value-near-miss``) or dropped (``value-drop``)."""
    plan = _plan(kb, policy, scope, variant)
    if kind == "value-near-miss":
        return plan.graph(missed=params)
    return plan.graph(dropped_values=params)


def witness_turtle(kb: KnowledgeBase, policy: str, scope: str | None) -> str:
    """The witness of ``scope`` as Turtle, readable (prefixes of the vocabulary and the policy)."""
    generated = witness(kb, policy, scope)
    graph = generated.graph
    graph.bind("mp", MP)
    graph.bind("w", W)
    for prefix, ns in kb.witness_graph(policy).namespace_manager.namespaces():
        graph.bind(prefix, ns, override=False)
    head = (
        f"# The generated applicant that just meets every machine-checked clause of {local_name(scope or policy)}\n"
        f"# on {generated.as_of.isoformat()} (values sit on their thresholds: a later date may fail the dated ones):\n"
        f"# medpolicy validate THIS_FILE.ttl --policy {policy} --as-of {generated.as_of.isoformat()}\n"
    )
    return head + str(graph.serialize(format="turtle"))
