"""What one run of a timeline knows and keeps: the procedure, the date of the verdict, the marks and counts."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from medpolicy.i18n import Both, Msg
from medpolicy.kb.models import Clause
from medpolicy.timeline.events import Event
from medpolicy.timeline.spec import ComputedMark, Procedure, TransitionSpec
from medpolicy.timeline.workdays import WorkdayCalendar, shift

__all__ = ["Context"]


class Context:
    """The state shared by a run's limits, deadlines and actions (it lives in the child process only).

    ``marks``: the dates set by the transitions so far (``mark:<name>``); ``seen``: how many events of each kind
    have happened; ``notes``: what could not be checked.
    """

    def __init__(self, procedure: Procedure, as_of: dt.date, strict: bool) -> None:
        self.p = procedure
        self.as_of = as_of
        self.strict = strict
        self.calendar = WorkdayCalendar()
        self.marks: dict[str, dt.date] = {}
        self.seen: dict[str, int] = {}
        self.notes: list[Msg] = []

    def clause(self, local: str) -> Clause:
        return self.p.clauses[local]

    def severity(self, local: str) -> Literal["violation", "warning"]:
        """A 原则上 clause is a warning unless the run is strict."""
        return "warning" if self.clause(local).in_principle and not self.strict else "violation"

    def resolve(self, ref: str, event: Event | None) -> dt.date | None:
        """The date ``mark:<name>``, ``event:date`` or ``event:<field>`` stands for, if it is known."""
        kind, _, name = ref.partition(":")
        if kind == "mark":
            return self.marks.get(name)
        if event is None:
            return None
        if name == "date":
            return event.date
        value = event.fields.get(name)
        return dt.date.fromisoformat(value) if value else None

    def ref_label(self, ref: str, event: Event | None) -> Both:
        """What the date of ``ref`` is called: the mark's label, the event's, or the field's."""
        kind, _, name = ref.partition(":")
        if kind == "mark":
            return self.p.label("mark", name)
        if event is None:
            return Both(zh=name, en=name)
        if name == "date":
            return self.p.label("event", event.event)
        fspec = self.p.spec.event[event.event].fields.get(name)
        return Both(zh=name, en=name) if fspec is None else Both(zh=fspec.zh or name, en=fspec.en or name)

    def set_marks(self, t: TransitionSpec, event: Event) -> None:
        """Set and clear the marks ``t`` names, from the dates of ``event`` and the marks so far."""
        marks = self.marks
        for mark, source_ref in t.set.items():
            if isinstance(source_ref, ComputedMark):
                start = self.resolve(source_ref.from_, event)
                q = self.p.parameters[source_ref.parameter]
                if start is not None and isinstance(q.value, int | float):
                    marks[mark] = shift(start, q.value, q.unit_code, self.calendar)
            else:
                value = self.resolve(source_ref, event)
                if value is not None:
                    marks[mark] = value
        for mark in t.clear:
            marks.pop(mark, None)
