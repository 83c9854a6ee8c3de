"""A project's dated events run through its policy's procedure, a statechart compiled from data.

The procedure of a policy lives in ``policies/<id>/procedure.toml`` (format: ``docs/timeline.md``), read by
:mod:`medpolicy.timeline.loader`; :mod:`medpolicy.timeline.chart` compiles it into a durable_rules statechart whose
actions (:mod:`medpolicy.timeline.actions`) check the limits (:mod:`medpolicy.timeline.limits`) and record the
steps; the deadlines of the state reached come from :mod:`medpolicy.timeline.deadlines`. :func:`timeline` runs one
project's events through it in a child process (:func:`medpolicy.rules.engine.isolated`), so two timelines never
share an engine. The result (:class:`~medpolicy.timeline.models.Timeline`) carries facts and messages; the language
is chosen when it is rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from medpolicy.i18n import Msg, check_lang
from medpolicy.kb.store import KnowledgeBase
from medpolicy.rules.engine import RuleEngine, isolated
from medpolicy.timeline.actions import Recorder
from medpolicy.timeline.chart import compile_chart
from medpolicy.timeline.context import Context
from medpolicy.timeline.deadlines import Deadlines
from medpolicy.timeline.events import Event, prepare_events, read_events
from medpolicy.timeline.loader import load_procedure
from medpolicy.timeline.models import CalendarNote, Timeline
from medpolicy.timeline.spec import BEGIN, Procedure
from medpolicy.timeline.workdays import WorkdayCalendar

__all__ = ["Timeline", "timeline"]


def timeline(
    source: str | Path | Sequence[dict[str, Any]],
    policy: str,
    *,
    as_of: dt.date | None = None,
    lang: str = "zh",
    strict: bool = False,
    input_format: str | None = None,
    kb: KnowledgeBase | None = None,
) -> Timeline:
    """Run a project's events (a file, ``-`` or a list of dicts) through ``policy``'s procedure.

    ``as_of`` (default today) is the date of the verdict: later events are left out, deadlines before it are
    overdue. ``strict`` reads 原则上 clauses as hard limits (their breaches are violations, not warnings).
    ``lang`` is the result's default language of rendering (:meth:`Timeline.to_json` and the text report take
    another). The statechart runs in a child process: nothing is shared between two calls.
    """
    lang = check_lang(lang)
    procedure = load_procedure(policy, kb)
    name = str(source) if isinstance(source, str | Path) else "events"
    events = prepare_events(procedure, read_events(source, input_format), name)
    day = as_of or dt.date.today()
    kept = [e for e in events if e.date <= day]
    result: Timeline = isolated(_run, procedure, kept, day, lang, strict, len(events) - len(kept), timeout=600.0)
    return result


def _run(procedure: Procedure, events: list[Event], as_of: dt.date, lang: str, strict: bool, ignored: int) -> Timeline:
    """The statechart run over ``events`` (in the child process) and its result."""
    context = Context(procedure, as_of, strict)
    recorder = Recorder(context, events)
    engine = RuleEngine(compile_chart(procedure), recorder.actions())
    try:
        engine.post(procedure.ruleset, {"sid": "1", "event": BEGIN, "i": -1})
        for event in events:
            engine.post(procedure.ruleset, _message(procedure, event))
        state = str(engine.state(procedure.ruleset, "1").get("label"))
    finally:
        engine.close()
    deadlines = Deadlines(context)
    due = deadlines.current(state)
    violations = recorder.violations + deadlines.overdue(due)
    calendar = _calendar_note(context.calendar)
    if ignored:
        context.notes.append(Msg(key="timeline.ignored", params={"n": ignored, "as_of": str(as_of)}))
    spec = procedure.spec.state.get(state)
    return Timeline(
        policy=procedure.policy,
        ruleset=procedure.ruleset,
        as_of=as_of,
        lang=lang,
        state=state,
        state_label=procedure.label("state", state),
        final=bool(spec and spec.final),
        steps=recorder.steps,
        violations=violations,
        deadlines=due,
        calendar=calendar,
        ignored_after_as_of=ignored,
        notes=[*context.notes, *([calendar.note] if calendar.note else [])],
    )


def _message(procedure: Procedure, event: Event) -> dict[str, Any]:
    """The durable_rules message of an event: its kind, index and the choice fields the guards test."""
    message: dict[str, Any] = {"sid": "1", "event": event.event, "i": event.index}
    for fname, fspec in procedure.spec.event[event.event].fields.items():
        if fspec.type == "choice":
            message[fname] = event.fields.get(fname, "")
    return message


def _calendar_note(calendar: WorkdayCalendar) -> CalendarNote:
    """The holiday data used, and the years whose working days were counted Monday to Friday."""
    import chinese_calendar  # type: ignore[import-untyped]

    official = sorted({day.year for day in chinese_calendar.constants.holidays})
    fallback = sorted(calendar.fallback_years)
    note = None
    if fallback:
        years = ", ".join(map(str, fallback))
        note = Msg(key="timeline.fallback_years", params={"years": years, "first": official[0], "last": official[-1]})
    return CalendarNote(
        source=f"chinese-calendar {version('chinese-calendar')}",
        official_range=(official[0], official[-1]),
        fallback_years=fallback,
        note=note,
    )
