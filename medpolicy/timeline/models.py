"""What a timeline finds: the steps, limit checks, violations and deadlines of one project (facts, not words).

Every text a reader sees is a :class:`~medpolicy.i18n.Msg` or a :class:`~medpolicy.i18n.Both`; the language is
chosen when the result is rendered: ``result.to_json(lang="en")`` or
:func:`medpolicy.render.timeline.render_text`. Dumped without a language (``model_dump()``), a text stays a
message key with its parameters.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SerializationInfo, SerializerFunctionWrapHandler, WrapSerializer

from medpolicy.i18n import Both, Msg, check_lang, words

__all__ = ["CalendarNote", "Deadline", "LimitCheck", "Step", "Text", "Timeline", "Violation"]


def _in_words(value: Msg | Both, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
    context = info.context
    if isinstance(context, dict) and "lang" in context:
        return words(value, context["lang"])
    return handler(value)


Text = Annotated[Msg | Both, WrapSerializer(_in_words)]
"""A text for the reader: its words in the language of the dump's ``context={"lang": …}``, else the message."""


class LimitCheck(BaseModel):
    """One limit checked on one event."""

    limit: str
    clause: str
    section: str
    parameter: str
    ok: bool
    severity: Literal["violation", "warning"]
    found: Text
    expected: Text


class Step(BaseModel):
    """One event and what the statechart did with it."""

    index: int
    line: int | None = None
    date: dt.date
    event: str
    event_label: Text
    from_state: str
    to_state: str
    transition: str | None = Field(default=None, description="None: the event was not expected in from_state")
    clause: str | None = None
    section: str | None = None
    ground: str | None = None
    ground_section: str | None = None
    ground_text: str | None = None
    checks: list[LimitCheck] = []


class Violation(BaseModel):
    """A breach of the procedure: a limit not met, an event out of place, or a deadline missed."""

    kind: Literal["limit", "sequence", "breach", "overdue"]
    severity: Literal["violation", "warning"]
    clause: str | None = None
    section: str | None = None
    text: str | None = Field(default=None, description="the verbatim clause text")
    parameter: str | None = None
    event_index: int | None = None
    line: int | None = None
    date: dt.date | None = None
    event: str | None = None
    found: Text | None = None
    expected: Text | None = None
    message: Text


class Deadline(BaseModel):
    """A date ahead (or missed) in the current state: ``opens``/``due`` bound a window."""

    id: str
    what: Text
    clause: str
    section: str
    opens: dt.date | None = None
    due: dt.date | None = None
    status: Literal["open", "upcoming", "overdue", "passed"]
    required: bool
    basis: Text


class CalendarNote(BaseModel):
    """Which working days are official and which were counted Monday–Friday."""

    source: str = Field(description="the holiday data: the calendar package and its version")
    official_range: tuple[int, int] = Field(description="the first and last year of the official data")
    fallback_years: list[int] = Field(default=[], description="years whose working days were counted Mon–Fri")
    note: Text | None = None


class Timeline(BaseModel):
    """A project's events run through its policy's procedure.

    ``lang`` is the language the caller asked for: the default language of :meth:`to_json` and of the text.
    """

    policy: str
    ruleset: str
    as_of: dt.date
    lang: str
    state: str
    state_label: Text
    final: bool
    steps: list[Step]
    violations: list[Violation]
    deadlines: list[Deadline]
    calendar: CalendarNote
    ignored_after_as_of: int = 0
    notes: list[Text] = []

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "violation" for v in self.violations)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "warning"]

    def to_json(self, indent: int = 2, *, lang: str | None = None) -> str:
        """The result as JSON, every text in ``lang`` (default: :attr:`lang`), with ``conforms``."""
        chosen = check_lang(lang or self.lang)
        data = self.model_dump(mode="json", context={"lang": chosen})
        data["lang"] = chosen
        data["conforms"] = self.conforms
        return json.dumps(data, ensure_ascii=False, indent=indent)
