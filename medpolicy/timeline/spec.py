"""The procedure file, ``policies/<id>/procedure.toml``, as typed models (format: ``docs/timeline.md``).

:class:`ProcedureSpec` is the file as written (unknown keys refused); :class:`Procedure` is the same procedure with
its clauses and parameters resolved from the knowledge base, as :func:`medpolicy.timeline.loader.load_procedure`
returns it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from medpolicy.i18n import Both
from medpolicy.kb.models import Clause, Parameter

__all__ = [
    "BEGIN",
    "FLIP",
    "INIT",
    "OPS",
    "RESERVED_FIELDS",
    "SAME",
    "ComputedMark",
    "DeadlineSpec",
    "EventSpec",
    "FieldSpec",
    "LabelSpec",
    "LimitSpec",
    "Procedure",
    "ProcedureHead",
    "ProcedureSpec",
    "StateSpec",
    "TransitionSpec",
    "expand",
]

BEGIN = "$begin"
INIT = "$init"
SAME = "="
RESERVED_FIELDS = {"event", "date", "sid", "i", "_seq", "seq", "line"}
# the comparators a limit's parameter may carry, and the same comparison seen from the other side
OPS: dict[str, Callable[[Any, Any], bool]] = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}
FLIP = {"<=": ">=", "<": ">", ">=": "<=", ">": "<"}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class StateSpec(_Spec):
    zh: str
    en: str
    final: bool = False


class FieldSpec(_Spec):
    type: Literal["date", "text", "choice", "clause"]
    zh: str = ""
    en: str = ""
    parameter: str | None = None
    default: str | None = None


class EventSpec(_Spec):
    zh: str
    en: str
    fields: dict[str, FieldSpec] = {}
    required: list[str] = []


class LabelSpec(_Spec):
    zh: str
    en: str


class ComputedMark(_Spec):
    """A date computed from another: ``{from = "event:date", parameter = "s3-3-c-p1"}`` (date + 2 年)."""

    from_: str = Field(alias="from")
    parameter: str


class TransitionSpec(_Spec):
    id: str
    from_: list[str] = Field(alias="from")
    event: str
    to: str
    clause: str
    when: dict[str, str] = {}
    limits: list[str] = []
    set: dict[str, str | ComputedMark] = {}
    clear: list[str] = []
    grounds: list[str] = []
    breach: LabelSpec | None = None


class LimitSpec(_Spec):
    id: str
    clause: str
    parameter: str
    kind: Literal["interval", "date", "count"] = "interval"
    date: str = "event:date"
    reference: list[str] = []
    side: Literal["after", "before"] = "after"
    within: bool = False
    inclusive: bool = False
    counts: str | None = None


class DeadlineSpec(_Spec):
    id: str
    zh: str
    en: str
    states: list[str]
    limit: str | None = None
    date: str | None = None
    clause: str | None = None
    required: bool = False
    unless: list[str] = []


class ProcedureHead(_Spec):
    name: str
    initial: str


class ProcedureSpec(_Spec):
    procedure: ProcedureHead
    state: dict[str, StateSpec]
    group: dict[str, list[str]] = {}
    mark: dict[str, LabelSpec] = {}
    event: dict[str, EventSpec]
    transition: list[TransitionSpec]
    limit: list[LimitSpec] = []
    deadline: list[DeadlineSpec] = []


class Procedure(BaseModel):
    """A policy's procedure with its clauses and parameters resolved from the knowledge base."""

    policy: str
    file: str
    spec: ProcedureSpec
    clauses: dict[str, Clause]
    parameters: dict[str, Parameter]
    transitions: list[TransitionSpec]

    @property
    def ruleset(self) -> str:
        return f"{self.spec.procedure.name}$state"

    def limit(self, lid: str) -> LimitSpec:
        return next(lim for lim in self.spec.limit if lim.id == lid)

    def label(self, kind: Literal["state", "event", "mark"], name: str) -> Both:
        """The label of a state, event or mark in both languages (its name when the procedure gives none)."""
        tables: dict[str, dict[str, Any]] = {"state": self.spec.state, "event": self.spec.event, "mark": self.spec.mark}
        spec = tables[kind].get(name)
        return Both(zh=name, en=name) if spec is None else Both(zh=spec.zh, en=spec.en)

    def allowed(self, state: str) -> list[str]:
        return sorted({t.event for t in self.transitions if state in t.from_})


def expand(states: Iterable[str], groups: dict[str, list[str]]) -> list[str]:
    """State names with every group replaced by its states, each once, in order."""
    out: list[str] = []
    for name in states:
        for state in groups.get(name, [name]):
            if state not in out:
                out.append(state)
    return out
