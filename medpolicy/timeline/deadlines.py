"""The deadlines of the current state as of the date of the verdict, and the missed ones as violations.

A deadline bounds a window (``opens``/``due``) from a limit of the procedure (an interval from a mark, or a date)
or gives a marked date; its status is ``open``, ``upcoming``, ``overdue`` (a required one missed) or ``passed``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from medpolicy.i18n import Both, Msg, Param
from medpolicy.kb.models import Parameter
from medpolicy.timeline.context import Context
from medpolicy.timeline.models import Deadline, Violation
from medpolicy.timeline.phrases import amount, comparator, date_phrase, either, side
from medpolicy.timeline.spec import FLIP, DeadlineSpec, LimitSpec, expand
from medpolicy.timeline.workdays import add_months, shift

__all__ = ["Deadlines"]


class Window(NamedTuple):
    """When a deadline's window opens and is due, the clause that sets it, and on what it is based."""

    opens: dt.date | None
    due: dt.date | None
    clause: str
    basis: Msg | Both


class Deadlines:
    """The deadlines a run's marks and date of the verdict give."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def current(self, state: str) -> list[Deadline]:
        """The deadlines of ``state`` (none that a mark waives), by date."""
        ctx = self.ctx
        out: list[Deadline] = []
        for d in ctx.p.spec.deadline:
            if state not in expand(d.states, ctx.p.spec.group) or any(m in ctx.marks for m in d.unless):
                continue
            window = self.window(d)
            if window is None:
                continue
            opens, due = window.opens, window.due
            if due is not None and ctx.as_of > due:
                status: Literal["open", "upcoming", "overdue", "passed"] = "overdue" if d.required else "passed"
            elif opens is not None and ctx.as_of < opens:
                status = "upcoming"
            else:
                status = "open"
            c = ctx.clause(window.clause)
            out.append(
                Deadline(
                    id=d.id,
                    what=Both(zh=d.zh, en=d.en),
                    clause=c.id,
                    section=c.section,
                    opens=opens,
                    due=due,
                    status=status,
                    required=d.required,
                    basis=window.basis,
                )
            )
        return sorted(out, key=lambda x: (x.due or x.opens or dt.date.max, x.opens or x.due or dt.date.max, x.id))

    def overdue(self, deadlines: list[Deadline]) -> list[Violation]:
        """A violation for each overdue deadline."""
        out: list[Violation] = []
        for d in deadlines:
            if d.status != "overdue":
                continue
            local = d.clause.rsplit("/", 1)[-1]
            c = self.ctx.clause(local)
            message = Msg(
                key="timeline.overdue",
                params={
                    "section": c.section,
                    "as_of": str(self.ctx.as_of),
                    "what": d.what,
                    "due": str(d.due),
                    "basis": d.basis,
                },
            )
            out.append(
                Violation(
                    kind="overdue",
                    severity=self.ctx.severity(local),
                    clause=c.id,
                    section=c.section,
                    text=c.text,
                    date=d.due,
                    expected=d.basis,
                    message=message,
                )
            )
        return out

    def window(self, d: DeadlineSpec) -> Window | None:
        ctx = self.ctx
        if d.date is not None:
            day = ctx.resolve(d.date, None)
            if day is None:
                return None
            marked = Msg(key="timeline.basis_date", params={"mark": ctx.ref_label(d.date, None), "date": str(day)})
            basis = either(marked, str(day))
            return Window(None, day, str(d.clause), basis)
        limit = ctx.p.limit(str(d.limit))
        p = ctx.p.parameters[limit.parameter]
        if limit.kind == "date":
            return self.date_window(limit, p)
        ref_name = next((r for r in limit.reference if r.startswith("mark:") and r[5:] in ctx.marks), None)
        if ref_name is None:
            return None
        ref = ctx.marks[ref_name[5:]]
        value = float(p.value) if isinstance(p.value, int | float) else 0.0
        after = limit.side == "after"
        bound = shift(ref, value if after else -value, p.unit_code, ctx.calendar)
        op = p.comparator if after else FLIP[p.comparator]
        opens: dt.date | None = None
        due: dt.date | None = None
        if op in ("<=", "<"):
            due = bound if op == "<=" else bound - dt.timedelta(days=1)
        else:
            opens = bound if op == ">=" else bound + dt.timedelta(days=1)
        if limit.within:
            if after:
                opens = max(opens or ref, ref)
            else:
                due = min(due or ref, ref)
        shared: dict[str, Param] = {"ref": ctx.ref_label(ref_name, None), "ref_date": str(ref)}
        spelled: dict[str, Param] = {"cmp": comparator(p.comparator), "amount": amount(value, p.unit_code)}
        basis = either(
            Msg(key="timeline.basis_interval_quoted", params={"quote": p.quote, **shared}),
            Msg(key="timeline.basis_interval_spelled", params=spelled | shared | {"side": side(limit.side)}),
        )
        return Window(opens, due, limit.clause, basis)

    def date_window(self, limit: LimitSpec, p: Parameter) -> Window:
        as_of = self.ctx.as_of
        value = str(p.value)
        before = p.comparator == "before"
        basis = date_phrase(limit, p)
        if value.startswith("--"):  # a month of every year: the next such window from the as-of date
            month = int(value[2:4])

            def last_day(year: int) -> dt.date:
                first = dt.date(year, month, 1)
                return add_months(first, 1) - dt.timedelta(days=1) if limit.inclusive else first - dt.timedelta(days=1)

            if before:
                due = last_day(as_of.year)
                return Window(None, due if due >= as_of else last_day(as_of.year + 1), limit.clause, basis)
            first = dt.date(as_of.year, month, 1)
            return Window(first if limit.inclusive else add_months(first, 1), None, limit.clause, basis)
        day = dt.date.fromisoformat(value)
        if before:
            return Window(None, day if limit.inclusive else day - dt.timedelta(days=1), limit.clause, basis)
        return Window(day if limit.inclusive else day + dt.timedelta(days=1), None, limit.clause, basis)
