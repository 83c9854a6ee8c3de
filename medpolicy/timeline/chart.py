"""A procedure compiled into a durable_rules statechart (ruleset ``<name>$state``).

Every state has a trigger for every event: the transitions declared, and "not expected here" for the rest. The
triggers name their actions (``begin``, ``unexpected`` and the transition ids); :mod:`medpolicy.timeline.actions`
supplies them.
"""

from __future__ import annotations

from typing import Any

from medpolicy.timeline.spec import BEGIN, INIT, SAME, Procedure

__all__ = ["compile_chart"]


def _guard(when: dict[str, str]) -> list[dict[str, Any]]:
    return [{name: value} for name, value in sorted(when.items())]


def _negation(when: dict[str, str]) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"$neq": {name: value}} for name, value in sorted(when.items())]
    return parts[0] if len(parts) == 1 else {"$or": parts}


def compile_chart(procedure: Procedure) -> dict[str, dict[str, Any]]:
    """The durable_rules statechart of a procedure: ``{"<name>$state": {state: {trigger: …}}}``.

    A pseudo-state ``$init`` leads to the initial state on the ``$begin`` event (durable_rules takes the one
    state nobody enters as the start, and every real state may be re-entered). Each state has a trigger for
    every event: its transitions (guarded ones test a choice field; the unguarded one tests that none of the
    guards holds), and one ``unexpected`` trigger for all the events it does not expect.
    """
    chart: dict[str, Any] = {
        INIT: {"begin": {"all": [{"m": {"event": BEGIN}}], "to": procedure.spec.procedure.initial, "run": "begin"}}
    }
    for state in procedure.spec.state:
        chart[state] = _triggers(procedure, state)
    return {procedure.ruleset: chart}


def _triggers(procedure: Procedure, state: str) -> dict[str, Any]:
    triggers: dict[str, Any] = {}
    unexpected: list[dict[str, Any]] = []
    for event in procedure.spec.event:
        ts = [t for t in procedure.transitions if state in t.from_ and t.event == event]
        guarded = [t for t in ts if t.when]
        plain = [t for t in ts if not t.when]
        for t in guarded:
            cond = {"$and": [{"event": event}, *_guard(t.when)]}
            triggers[t.id] = {"all": [{"m": cond}], "to": state if t.to == SAME else t.to, "run": t.id}
        rest: dict[str, Any] = (
            {"$and": [{"event": event}, *[_negation(t.when) for t in guarded]]} if guarded else {"event": event}
        )
        if plain:
            t = plain[0]
            triggers[t.id] = {"all": [{"m": rest}], "to": state if t.to == SAME else t.to, "run": t.id}
        else:
            unexpected.append(rest)
    if unexpected:
        cond = unexpected[0] if len(unexpected) == 1 else {"$or": unexpected}
        triggers["unexpected"] = {"all": [{"m": cond}], "to": state, "run": "unexpected"}
    return triggers
