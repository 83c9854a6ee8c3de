"""Proving the verdicts: every witness conforms, every near miss fails exactly its own clauses.

For each scope of a policy the generated witness (:mod:`medpolicy.witness`) is validated; then its near misses.
Near misses of parameter values are independent by construction (the common shapes compare each value with its
own parameter), so those of one scope are checked together in two graphs (all just missed, all dropped); each
fragment's mutations are checked one by one, once per policy. A clause is *proven* when a witness passes it and a
mutation that changes nothing else fails it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, Field
from rdflib import Graph

from medpolicy.applicant.witness import Mutation, Witness, alternatives, mutations, scopes, value_batch, witness
from medpolicy.i18n import words
from medpolicy.kb.models import Clause
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.validation.report import Report
from medpolicy.validation.run import validate

__all__ = ["MutationOutcome", "PolicyProof", "ScopeOutcome", "machine_checked", "prove"]

FAILING = {"fail", "warning"}


class ScopeOutcome(BaseModel):
    """The witness of one scope: does it conform, and which machine-checked clauses does it not pass."""

    scope: str | None
    variant: str | None = None
    conforms: bool
    not_passing: list[str] = Field(default=[], description="'clause status: message' of each clause not passing")


class MutationOutcome(BaseModel):
    """One (or one batch of) near miss(es) and what it changed."""

    id: str
    kind: str
    scope: str | None
    expected: list[str]
    flipped: list[str] = Field(description="clauses that went from pass to fail or warning, as expected")
    missed: list[str] = Field(description="expected clauses that did not fail")
    unexpected: list[str] = Field(description="clauses whose status changed though they were not expected to")

    @property
    def exact(self) -> bool:
        return not self.missed and not self.unexpected


class PolicyProof(BaseModel):
    """The proof of one policy's machine-checked clauses."""

    policy: str
    machine_checked: list[str]
    proven: list[str]
    unproven: dict[str, str] = Field(description="clause → why it is not proven")
    scopes: list[ScopeOutcome]
    mutations: list[MutationOutcome]

    @property
    def ratio(self) -> float:
        return len(self.proven) / len(self.machine_checked) if self.machine_checked else 1.0


def machine_checked(kb: KnowledgeBase, policy: str) -> list[Clause]:
    """Clauses ``validate`` decides by machine: checked by shape, with a shape or parameters. A product, scenario
    or direction clause counts when the applicant gives values for it or a witness fragment states facts for it;
    one whose shape only reads the choice of scope itself is decided by that choice (see the empty-application
    test) and is not counted."""
    shaped = kb.shaped_clauses(policy)
    fragments = {c for f in _fragment_clauses(kb, policy) for c in f}
    return [
        c
        for c in kb.clauses(policy)
        if c.check == "shape"
        and (
            (c.id in shaped or bool(c.parameters))
            if c.kind != "scope"
            else bool(c.parameters) and (c.id not in shaped or c.id in fragments)
        )
    ]


def _fragment_clauses(kb: KnowledgeBase, policy: str) -> list[frozenset[str]]:
    from medpolicy.applicant.witness import fragments

    return [f.clauses for f in fragments(kb, policy)]


def _statuses(report: Report) -> dict[str, tuple[str, str]]:
    return {r.clause: (r.status, words(r.message, report.lang)) for r in report.results}


def _outcome(
    mutation_id: str,
    kind: str,
    scope: str | None,
    expected: Iterable[str],
    base: dict[str, tuple[str, str]],
    after: dict[str, tuple[str, str]],
) -> MutationOutcome:
    wanted = {c for c in expected if base.get(c, ("", ""))[0] == "pass"}
    changed = {c for c in base if base[c][0] != after.get(c, ("", ""))[0]}
    flipped = {c for c in wanted if after[c][0] in FAILING}
    return MutationOutcome(
        id=mutation_id,
        kind=kind,
        scope=scope,
        expected=sorted(wanted),
        flipped=sorted(flipped),
        missed=sorted(wanted - flipped),
        unexpected=sorted(f"{c} {base[c][0]}→{after[c][0]}: {after[c][1][:120]}" for c in changed - wanted),
    )


def _check(kb: KnowledgeBase, policy: str, graph: Graph, as_of: dt.date) -> dict[str, tuple[str, str]]:
    return _statuses(validate(graph, policy, lang="en", as_of=as_of, kb=kb))


def _batched(
    kb: KnowledgeBase,
    w: Witness,
    kind: str,
    items: list[Mutation],
    base: dict[str, tuple[str, str]],
    variant: str | None,
) -> MutationOutcome | None:
    """The value mutations of one kind, applied together (they are independent by construction)."""
    if not items:
        return None
    graph = value_batch(kb, w.policy, w.scope, frozenset(m.parameter for m in items if m.parameter), kind, variant)
    expected = {c for m in items for c in m.expected}
    return _outcome(f"{kind}:{len(items)} values", kind, w.scope, expected, base, _check(kb, w.policy, graph, w.as_of))


def prove(kb: KnowledgeBase, policy: str, *, scope_limit: int | None = None) -> PolicyProof:
    """Validate every witness of ``policy`` and its near misses; say which machine-checked clauses are proven."""
    checked = machine_checked(kb, policy)
    outcomes: list[MutationOutcome] = []
    scope_outcomes: list[ScopeOutcome] = []
    passed: set[str] = set()
    seen_params: set[str] = set()
    seen_fragments: set[str] = set()
    ids = {c.id for c in checked}
    cases = [(s, v) for s in scopes(kb, policy)[:scope_limit] for v in alternatives(kb, policy, s)]
    for scope, variant in cases:
        w = witness(kb, policy, scope, variant)
        base = _check(kb, policy, w.graph, w.as_of)
        passed |= {c for c, (s, _) in base.items() if s == "pass"}
        scope_outcomes.append(
            ScopeOutcome(
                scope=scope,
                variant=variant,
                conforms=all(s not in FAILING for s, _ in base.values()),
                not_passing=[
                    f"{local_name(c)} {s}: {m[:160]}"
                    for c, (s, m) in base.items()
                    if c in ids and s != "pass"
                    if s != "not_applicable"
                ],
            )
        )
        value_mutations: dict[str, list[Mutation]] = {"value-near-miss": [], "value-drop": []}
        passing = frozenset(c for c, (s, _) in base.items() if s == "pass")
        for m in mutations(kb, policy, scope, variant):
            if m.kind in value_mutations:
                if m.parameter not in seen_params:
                    value_mutations[m.kind].append(m)
                continue
            key = f"{m.id} {sorted(m.expected & passing)}"  # once per policy; again where it reaches other clauses
            if key in seen_fragments:
                continue
            seen_fragments.add(key)
            outcomes.append(_outcome(m.id, m.kind, scope, m.expected, base, _check(kb, policy, m.graph, w.as_of)))
        for kind, items in value_mutations.items():
            outcome = _batched(kb, w, kind, items, base, variant)
            if outcome is not None:
                outcomes.append(outcome)
        seen_params |= {m.parameter for items in value_mutations.values() for m in items if m.parameter}
    proven_ids = {c for o in outcomes if not o.unexpected for c in o.flipped}
    unproven: dict[str, str] = {}
    for c in checked:
        if c.id in proven_ids:
            continue
        if c.id not in passed:
            unproven[c.id] = "no generated witness passes it"
        elif any(c.id in o.missed for o in outcomes):
            unproven[c.id] = "a near miss did not fail it"
        elif any(c.id in o.flipped for o in outcomes):
            unproven[c.id] = "its near misses also changed other clauses"
        else:
            unproven[c.id] = "no near miss reaches it (no witness fragment reads it)"
    return PolicyProof(
        policy=policy,
        machine_checked=[c.id for c in checked],
        proven=[c.id for c in checked if c.id in proven_ids],
        unproven=unproven,
        scopes=scope_outcomes,
        mutations=outcomes,
    )
