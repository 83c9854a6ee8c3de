"""The actions of a procedure's statechart: what happens, and what is recorded, when an event is taken.

``begin`` enters the initial state; ``unexpected`` records an event out of place; each transition records its
step, checks its limits, records a breach the notice names, and sets or clears its marks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from medpolicy.i18n import Both, Msg, Param
from medpolicy.timeline.context import Context
from medpolicy.timeline.events import Event
from medpolicy.timeline.limits import LimitChecker
from medpolicy.timeline.models import LimitCheck, Step, Violation
from medpolicy.timeline.phrases import either, joined
from medpolicy.timeline.spec import SAME, Procedure, TransitionSpec

__all__ = ["Recorder"]


class Recorder:
    """The statechart's actions for one project's events, and the steps and violations they record.

    durable_rules calls an action with its context ``c``: ``c.m`` the event message (``c.m.i`` its index in
    ``events``), ``c.s.label`` the current state.
    """

    def __init__(self, context: Context, events: list[Event]) -> None:
        self.ctx = context
        self.p = context.p
        self.events = events
        self.limits = LimitChecker(context)
        self.steps: list[Step] = []
        self.violations: list[Violation] = []

    def actions(self) -> dict[str, Callable[[Any], None]]:
        out: dict[str, Callable[[Any], None]] = {"begin": self.begin, "unexpected": self.unexpected}
        for t in self.p.transitions:
            out[t.id] = self.transition(t)
        return out

    def begin(self, c: Any) -> None:
        c.s.label = self.p.spec.procedure.initial

    def _event(self, c: Any) -> Event:
        event = self.events[int(c.m.i)]
        self.ctx.seen[event.event] = self.ctx.seen.get(event.event, 0) + 1
        return event

    def unexpected(self, c: Any) -> None:
        event = self._event(c)
        state = str(c.s.label)
        label = self.p.label("event", event.event)
        allowed = [self.p.label("event", e) for e in self.p.allowed(state)]
        expected = joined(allowed, ", ") if allowed else Msg(key="timeline.none_final")
        message = Msg(
            key="timeline.unexpected",
            params={
                "date": str(event.date),
                "event": label,
                "state": self.p.label("state", state),
                "allowed": expected,
            },
        )
        self.violations.append(
            Violation(
                kind="sequence",
                severity="violation",
                event_index=event.index,
                line=event.line,
                date=event.date,
                event=event.event,
                found=label,
                expected=expected,
                message=message,
            )
        )
        self.steps.append(_step(self.p, event, state, state, None))

    def transition(self, t: TransitionSpec) -> Callable[[Any], None]:
        def run(c: Any) -> None:
            event = self._event(c)
            source = str(c.s.label)
            target = source if t.to == SAME else t.to
            step = _step(self.p, event, source, target, t)
            for lid in t.limits:
                result = self.limits.check(lid, event)
                if result is None:
                    continue
                step.checks.append(result)
                if not result.ok:
                    self.violations.append(self.limit_violation(lid, result, event))
            if t.breach is not None:
                self.violations.append(self.breach(t, event))
            self.ctx.set_marks(t, event)
            self.steps.append(step)
            c.s.label = target

        return run

    def breach(self, t: TransitionSpec, event: Event) -> Violation:
        assert t.breach is not None
        clause = self.ctx.clause(t.clause)
        return Violation(
            kind="breach",
            severity=self.ctx.severity(t.clause),
            clause=clause.id,
            section=clause.section,
            text=clause.text,
            event_index=event.index,
            line=event.line,
            date=event.date,
            event=event.event,
            message=_breach_message(clause.section, event, Both(zh=t.breach.zh, en=t.breach.en)),
        )

    def limit_violation(self, lid: str, result: LimitCheck, event: Event) -> Violation:
        clause = self.ctx.clause(self.p.limit(lid).clause)
        return Violation(
            kind="limit",
            severity=result.severity,
            clause=clause.id,
            section=clause.section,
            text=clause.text,
            parameter=result.parameter,
            event_index=event.index,
            line=event.line,
            date=event.date,
            event=event.event,
            found=result.found,
            expected=result.expected,
            message=Msg(
                key="timeline.limit_violation",
                params={"section": clause.section, "found": result.found, "expected": result.expected},
            ),
        )


def _step(procedure: Procedure, event: Event, source: str, target: str, t: TransitionSpec | None) -> Step:
    """The step of ``event`` from ``source`` to ``target`` (by ``t``; None: not expected), with its ground."""
    c = procedure.clauses[t.clause] if t else None
    ground = None
    for fname, fspec in procedure.spec.event[event.event].fields.items():
        if fspec.type == "clause" and event.fields.get(fname) in procedure.clauses:
            ground = procedure.clauses[event.fields[fname]]
    return Step(
        index=event.index,
        line=event.line,
        date=event.date,
        event=event.event,
        event_label=procedure.label("event", event.event),
        from_state=source,
        to_state=target,
        transition=t.id if t else None,
        clause=c.id if c else None,
        section=c.section if c else None,
        ground=ground.id if ground else None,
        ground_section=ground.section if ground else None,
        ground_text=ground.text if ground else None,
    )


def _breach_message(section: str, event: Event, what: Both) -> Both:
    """``第九条：2025-04-24 …``: the section, the date and what the notice forbids.

    The English text has always kept the Chinese full-width colon after the section, and the golden reports hold
    it; the catalog's ``timeline.breach`` says ``: ``. Until the golden digests may change, the English side is
    the old text (reported to the lead): then this becomes ``Msg(key="timeline.breach", params=…)``.
    """
    params: dict[str, Param] = {"section": section, "date": str(event.date), "what": what}
    return either(Msg(key="timeline.breach", params=params), f"{section}\uff1a{event.date} {what.en}")
