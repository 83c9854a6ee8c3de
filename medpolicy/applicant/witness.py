"""Generated proofs: a minimal passing applicant per scope, and near misses that must fail exactly their clauses.

Everything is read from the knowledge base (see docs/witness.md): parameters give boundary values and their
near misses; the policy's ``witness.ttl`` gives, per shape, the facts that satisfy it as a Turtle template.
Nothing here knows a particular policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from medpolicy.applicant.boundary import BLANK, FILL, W, as_decimal, boundary, literal, value_triples
from medpolicy.applicant.fragments import Filler, Fragment, as_of_date, fragments, read_fragments, scopes
from medpolicy.errors import PolicyLoadError
from medpolicy.kb.applicability import Applicability
from medpolicy.kb.explain import expected_text
from medpolicy.kb.models import Clause, Parameter
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase, local_name

__all__ = [
    "BLANK",
    "FILL",
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


# -- the witness ------------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    kb: KnowledgeBase
    policy: str
    scope: str | None
    as_of: dt.date
    applicable: list[Clause]
    fragments: list[Fragment]
    filler: Filler
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
            count = int(as_decimal(bad if p.id in missed else good))
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
                count = int(as_decimal(boundary(self.filler.params[fragment.repeat])[0]))
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
    fragments, wg = read_fragments(kb, policy)
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
    as_of = as_of_date(kb, policy, wg)
    return _Plan(kb, policy, scope, as_of, applicable, wanted, Filler(wg, params, as_of), variant, values, owners)


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
