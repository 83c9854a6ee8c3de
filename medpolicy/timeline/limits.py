"""The limits of a procedure checked on one event: an interval, a date, or a count.

``interval``  how long a date is after (or before) a reference date, in working days, days, months or years,
              against the parameter (``<= 5 个工作日`` after submission; ``>= 3 个月`` before the end; ``within``
              also keeps the date on the near side of the reference: "in the last 2 months of the period");
``date``      a date against the parameter's date (``before``/``after``; ``--06`` is a month of every year);
``count``     how many events of a kind there have been, against the parameter (``<= 1 次``).
"""

from __future__ import annotations

import datetime as dt

from medpolicy.i18n import Both, Msg, Param
from medpolicy.timeline.context import Context
from medpolicy.timeline.events import Event
from medpolicy.timeline.models import LimitCheck
from medpolicy.timeline.phrases import amount, comparator, date_phrase, distance, either, joined, number, relation, side
from medpolicy.timeline.spec import FLIP, OPS, LimitSpec
from medpolicy.timeline.workdays import shift

__all__ = ["LimitChecker"]


class LimitChecker:
    """Checks a limit on an event with what the run knows (marks, counts); notes what it cannot check."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def check(self, lid: str, event: Event) -> LimitCheck | None:
        """The check of limit ``lid`` on ``event``; None when the event gives nothing to check."""
        limit = self.ctx.p.limit(lid)
        if limit.kind == "count":
            return self.count(limit)
        subject = self.ctx.resolve(limit.date, event)
        if subject is None:
            return None  # an optional date the event does not give: nothing to check
        if limit.kind == "date":
            return self.date(limit, event, subject)
        return self.interval(limit, event, subject)

    def _result(self, limit: LimitSpec, ok: bool, found: Msg, expected: Msg | Both) -> LimitCheck:
        c = self.ctx.clause(limit.clause)
        return LimitCheck(
            limit=limit.id,
            clause=c.id,
            section=c.section,
            parameter=self.ctx.p.parameters[limit.parameter].id,
            ok=ok,
            severity=self.ctx.severity(limit.clause),
            found=found,
            expected=expected,
        )

    def interval(self, limit: LimitSpec, event: Event, subject: dt.date) -> LimitCheck | None:
        ctx = self.ctx
        p = ctx.p.parameters[limit.parameter]
        ref_name = next((r for r in limit.reference if ctx.resolve(r, event) is not None), None)
        if ref_name is None:
            ctx.notes.append(
                Msg(
                    key="timeline.unchecked",
                    params={
                        "section": ctx.clause(limit.clause).section,
                        "date": str(event.date),
                        # the event as Chinese readers know it, and by its name in English
                        "event": Both(zh=ctx.p.label("event", event.event).zh, en=event.event),
                        "refs": joined([ctx.ref_label(r, event) for r in limit.reference], "/"),
                    },
                )
            )
            return None
        ref = ctx.resolve(ref_name, event)
        assert ref is not None
        value = float(p.value) if isinstance(p.value, int | float) else 0.0
        after = limit.side == "after"
        bound = shift(ref, value if after else -value, p.unit_code, ctx.calendar)
        op = p.comparator if after else FLIP[p.comparator]
        ok = OPS[op](subject, bound)
        if limit.within:
            ok = ok and (subject >= ref if after else subject <= ref)
        start, end = (ref, subject) if after else (subject, ref)
        dist, forward = distance(start, end, p.unit_code, ctx.calendar)
        ref_label = ctx.ref_label(ref_name, event)
        later = forward if after else not forward
        found = Msg(
            key="timeline.found_after" if later else "timeline.found_before",
            params={
                "subject": ctx.ref_label(limit.date, event),
                "date": str(subject),
                "ref": ref_label,
                "ref_date": str(ref),
                "distance": dist,
            },
        )
        within = Msg(key=f"timeline.within_{limit.side}", params={"ref_date": str(ref)}) if limit.within else ""
        shared: dict[str, Param] = {"rel": relation(op), "bound": str(bound), "within": within}
        spelled: dict[str, Param] = {
            "cmp": comparator(p.comparator),
            "amount": amount(value, p.unit_code),
            "side": side(limit.side),
            "ref": ref_label,
        }
        expected = either(
            Msg(key="timeline.expected_interval_quoted", params={"quote": p.quote, **shared}),
            Msg(key="timeline.expected_interval_spelled", params=spelled | shared),
        )
        return self._result(limit, ok, found, expected)

    def date(self, limit: LimitSpec, event: Event, subject: dt.date) -> LimitCheck:
        p = self.ctx.p.parameters[limit.parameter]
        value = str(p.value)
        before = p.comparator == "before"
        if value.startswith("--"):
            key, target = subject.month, int(value[2:4])
        else:
            key, target = subject.toordinal(), dt.date.fromisoformat(value).toordinal()
        if limit.inclusive:
            ok = key <= target if before else key >= target
        else:
            ok = key < target if before else key > target
        found = Msg(key="timeline.dated", params={"what": self.ctx.ref_label(limit.date, event), "date": str(subject)})
        return self._result(limit, ok, found, date_phrase(limit, p))

    def count(self, limit: LimitSpec) -> LimitCheck:
        p = self.ctx.p.parameters[limit.parameter]
        counted = str(limit.counts)
        n = self.ctx.seen.get(counted, 0)
        value = float(p.value) if isinstance(p.value, int | float) else 0.0
        ok = OPS[p.comparator](n, value)
        label = self.ctx.p.label("event", counted)
        found = Msg(key="timeline.found_count", params={"n": n, "event": label})
        expected = either(
            p.quote, Msg(key="timeline.count_limit", params={"cmp": comparator(p.comparator), "n": number(value)})
        )
        return self._result(limit, ok, found, expected)
