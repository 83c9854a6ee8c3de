"""The witness fragments of a policy (``mp:witness`` in its ``witness.ttl``: per shape, the facts that satisfy it
as a Turtle template), the scopes a policy can be applied under, and the filling of a template's placeholders."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from medpolicy.applicant.boundary import FILL, W, as_decimal, boundary, literal
from medpolicy.errors import PolicyLoadError
from medpolicy.kb.applicability import Applicability
from medpolicy.kb.models import Parameter
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase

__all__ = ["Filler", "Fragment", "as_of_date", "fragments", "read_fragments", "scopes"]

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


def scopes(kb: KnowledgeBase, policy: str) -> list[str | None]:
    """The scopes an application can be made under: leaf scope clauses (product, scenario, direction), or the
    policy itself (None) when it lists none."""
    scope_clauses = Applicability(kb, policy, []).scope_clauses
    parents = {c.part_of for c in kb.clauses(policy) if c.id in scope_clauses and c.part_of}
    parents |= {cat for c in kb.clauses(policy) if c.id in scope_clauses for cat in c.categories}
    leaves = [c.id for c in kb.clauses(policy) if c.id in scope_clauses and c.id not in parents]
    return list(leaves) or [None]


def read_fragments(kb: KnowledgeBase, policy: str) -> tuple[list[Fragment], Graph]:
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
    return read_fragments(kb, policy)[0]


def as_of_date(kb: KnowledgeBase, policy: str, wg: Graph) -> dt.date:
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


class Filler:
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
            n = int(amount) if amount.isdigit() else int(as_decimal(self.param(amount).value))
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
