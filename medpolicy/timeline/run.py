"""A project's dated events run through its policy's procedure, a statechart compiled from data.

The procedure of a policy lives in ``policies/<id>/procedure.toml`` (format: ``docs/timeline.md``): states,
events, transitions, limits and deadlines, each transition and limit tied to a clause of the notice, each
limit reading its threshold, comparator and unit from one parameter of that clause. Nothing here knows a
policy: the generic measures are

``interval``  how long a date is after (or before) a reference date, in working days, days, months or years,
              against the parameter (``<= 5 个工作日`` after submission; ``>= 3 个月`` before the end; ``within``
              also keeps the date on the near side of the reference: "in the last 2 months of the period");
``date``      a date against the parameter's date (``before``/``after``; ``--06`` is a month of every year);
``count``     how many events of a kind there have been, against the parameter (``<= 1 次``).

:func:`compile_chart` turns a procedure into a durable_rules statechart (ruleset ``<name>$state``); every
state has a trigger for every event (the transitions declared, and "not expected here" for the rest), the
actions check the limits and record the steps. :func:`timeline` runs one project's events through it in a
child process (:func:`medpolicy.engine.isolated`), so two timelines never share an engine.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from medpolicy.errors import InputError, PolicyLoadError, UnknownArgumentError
from medpolicy.kb.models import Clause, Parameter
from medpolicy.kb.store import KnowledgeBase
from medpolicy.rules.engine import RuleEngine, isolated
from medpolicy.timeline.workdays import UNITS, WorkdayCalendar, add_months, months_and_days, shift

__all__ = [
    "CalendarNote",
    "Deadline",
    "Event",
    "LimitCheck",
    "Procedure",
    "Record",
    "Step",
    "Timeline",
    "Violation",
    "compile_chart",
    "load_procedure",
    "prepare_events",
    "read_events",
    "timeline",
]

TIMELINE_NS = "https://w3id.org/medpolicy/timeline#"
BEGIN = "$begin"
INIT = "$init"
SAME = "="
RESERVED_FIELDS = {"event", "date", "sid", "i", "_seq", "seq", "line"}
JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_OPS: dict[str, Callable[[Any, Any], bool]] = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}
_FLIP = {"<=": ">=", "<": ">", ">=": "<=", ">": "<"}
_UNIT_NAMES = {
    "workday": ("个工作日", "working days"),
    "day": ("日", "days"),
    "month": ("个月", "months"),
    "year": ("年", "years"),
}
_CMP_EN = {"<=": "at most", "<": "less than", ">=": "at least", ">": "more than"}
# how the checked date must relate to the bound, in words: on or before / before / on or after / after
_REL = {
    "<=": ("不晚于", "on or before"),
    "<": ("早于", "before"),
    ">=": ("不早于", "on or after"),
    ">": ("晚于", "after"),
}


# ---------------------------------------------------------------------------------------------------------
# the procedure file
# ---------------------------------------------------------------------------------------------------------
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

    def label(self, kind: str, name: str, lang: str) -> str:
        tables: dict[str, dict[str, Any]] = {"state": self.spec.state, "event": self.spec.event, "mark": self.spec.mark}
        spec = tables[kind].get(name)
        return name if spec is None else str(spec.zh if lang == "zh" else spec.en)

    def allowed(self, state: str) -> list[str]:
        return sorted({t.event for t in self.transitions if state in t.from_})


def _expand(states: Iterable[str], groups: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    for name in states:
        for state in groups.get(name, [name]):
            if state not in out:
                out.append(state)
    return out


def _check_ref(ref: str, marks: dict[str, LabelSpec], fields: dict[str, FieldSpec] | None, where: str) -> None:
    kind, _, name = ref.partition(":")
    if kind == "mark" and name in marks:
        return
    if kind == "event" and (name == "date" or fields is None or (name in fields and fields[name].type == "date")):
        return
    raise ValueError(f"{where}: {ref!r} is neither event:date, event:<a date field> nor mark:<a declared mark>")


def load_procedure(policy: str, kb: KnowledgeBase | None = None) -> Procedure:
    """Read and check ``policies/<policy>/procedure.toml``; every error names the file and the entry."""
    kb = kb or KnowledgeBase.default()
    path = kb.policy_dir(policy) / "procedure.toml"
    if not path.is_file():
        raise InputError(f"policy {policy!r} has no procedure (no {path.name} in its folder)", argument="policy")
    try:
        spec = ProcedureSpec.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise PolicyLoadError(f"not valid TOML: {exc}", file=str(path)) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PolicyLoadError(first["msg"], file=str(path), where=where) from exc
    try:
        return _resolve(policy, path, spec, kb)
    except ValueError as exc:
        raise PolicyLoadError(str(exc), file=str(path)) from exc


def _resolve(policy: str, path: Path, spec: ProcedureSpec, kb: KnowledgeBase) -> Procedure:
    base = kb.policy(policy).iri.rsplit("/", 1)[0] + "/"
    clauses: dict[str, Clause] = {}
    parameters: dict[str, Parameter] = {}

    def clause(local: str, where: str) -> Clause:
        found = kb.clause(base + local)
        if found is None:
            raise ValueError(f"{where}: no clause {local!r} in the notice")
        clauses[local] = found
        return found

    def parameter(local: str, where: str) -> Parameter:
        for c in kb.clauses(policy):
            for p in c.parameters:
                if p.id == base + local:
                    parameters[local] = p
                    return p
        raise ValueError(f"{where}: no parameter {local!r} in the notice")

    states, groups, marks = spec.state, spec.group, spec.mark
    if spec.procedure.initial not in states or states[spec.procedure.initial].final:
        raise ValueError(f"procedure.initial: {spec.procedure.initial!r} is not a declared, non-final state")
    for name, members in groups.items():
        if name in states or any(m not in states for m in members):
            raise ValueError(f"group.{name}: a group must not be a state and must list declared states")
    for name, event in spec.event.items():
        for fname, fspec in event.fields.items():
            if fname in RESERVED_FIELDS:
                raise ValueError(f"event.{name}.fields.{fname}: the name is reserved")
            if fspec.type == "choice":
                if fspec.parameter is None:
                    raise ValueError(f"event.{name}.fields.{fname}: a choice names its parameter")
                choices = parameter(fspec.parameter, f"event.{name}.fields.{fname}").value
                if not isinstance(choices, list) or (fspec.default is not None and fspec.default not in choices):
                    raise ValueError(f"event.{name}.fields.{fname}: the parameter lists no such choices")
        if any(r not in event.fields for r in event.required):
            raise ValueError(f"event.{name}.required: names a field that is not declared")
    limits = {lim.id: lim for lim in spec.limit}
    for lim in spec.limit:
        where = f"limit {lim.id}"
        c = clause(lim.clause, where)
        p = parameter(lim.parameter, where)
        if p.id not in {q.id for q in c.parameters}:
            raise ValueError(f"{where}: parameter {lim.parameter} is not a parameter of clause {lim.clause}")
        if lim.kind == "interval":
            if p.comparator not in _OPS or not isinstance(p.value, int | float) or p.unit_code not in UNITS:
                raise ValueError(f"{where}: {lim.parameter} is not a time limit in {', '.join(UNITS)}")
            if not lim.reference:
                raise ValueError(f"{where}: an interval needs a reference date")
        elif lim.kind == "date":
            value = str(p.value)
            if p.comparator not in ("before", "after") or not re.fullmatch(r"--\d\d|\d{4}-\d\d-\d\d", value):
                raise ValueError(f"{where}: {lim.parameter} is not a before/after date")
        elif p.comparator not in _OPS or not isinstance(p.value, int | float) or lim.counts not in spec.event:
            raise ValueError(f"{where}: a count names an event and a numeric parameter")
    transitions: list[TransitionSpec] = []
    seen: dict[tuple[str, str], list[TransitionSpec]] = {}
    ids = [t.id for t in spec.transition]
    if len(set(ids)) != len(ids) or {"begin", "unexpected"} & set(ids):
        raise ValueError("transition ids must be unique and not 'begin' or 'unexpected'")
    if len({lim.id for lim in spec.limit}) != len(spec.limit):
        raise ValueError("limit ids must be unique")
    for t in spec.transition:
        where = f"transition {t.id}"
        sources = _expand(t.from_, groups)
        if any(s not in states for s in sources) or (t.to != SAME and t.to not in states):
            raise ValueError(f"{where}: from/to name an undeclared state or group")
        if any(states[s].final for s in sources):
            raise ValueError(f"{where}: a final state has no way out")
        if t.event not in spec.event:
            raise ValueError(f"{where}: event {t.event!r} is not declared")
        event = spec.event[t.event]
        clause(t.clause, where)
        for g in t.grounds:
            clause(g, where)
        if t.grounds and not any(f.type == "clause" for f in event.fields.values()):
            raise ValueError(f"{where}: grounds need a field of type clause on event {t.event}")
        for lid in t.limits:
            if lid not in limits:
                raise ValueError(f"{where}: no limit {lid!r}")
            lim = limits[lid]
            for ref in [lim.date, *lim.reference]:
                _check_ref(ref, marks, event.fields, f"limit {lid} (on {t.event})")
        for fname, value in t.when.items():
            guard = event.fields.get(fname)
            choices = parameters[guard.parameter].value if guard and guard.parameter else None
            if guard is None or guard.type != "choice" or not isinstance(choices, list) or value not in choices:
                raise ValueError(f"{where}: when.{fname} must be one of the choices of its parameter")
        for mark, source in t.set.items():
            if mark not in marks:
                raise ValueError(f"{where}: set.{mark} is not a declared mark")
            if isinstance(source, ComputedMark):
                _check_ref(source.from_, marks, event.fields, where)
                q = parameter(source.parameter, where)
                if not isinstance(q.value, int | float) or q.unit_code not in UNITS:
                    raise ValueError(f"{where}: set.{mark} needs a time parameter")
            else:
                _check_ref(source, marks, event.fields, where)
        if any(m not in marks for m in t.clear):
            raise ValueError(f"{where}: clear names an undeclared mark")
        resolved = t.model_copy(update={"from_": sources})
        transitions.append(resolved)
        for s in sources:
            seen.setdefault((s, t.event), []).append(resolved)
    for (state, event_name), ts in seen.items():
        guards = [tuple(sorted(t.when.items())) for t in ts]
        if len(set(guards)) != len(guards):
            raise ValueError(f"state {state}: two transitions on {event_name} with the same condition")
    for d in spec.deadline:
        where = f"deadline {d.id}"
        if any(s not in states for s in _expand(d.states, groups)):
            raise ValueError(f"{where}: states name an undeclared state or group")
        if (d.limit is None) == (d.date is None):
            raise ValueError(f"{where}: give exactly one of limit or date")
        if d.limit is not None:
            if d.limit not in limits or limits[d.limit].kind == "count" or limits[d.limit].date != "event:date":
                raise ValueError(f"{where}: the limit must bound the date of an event")
        else:
            _check_ref(str(d.date), marks, {}, where)
            if not str(d.date).startswith("mark:") or d.clause is None:
                raise ValueError(f"{where}: a date deadline names a mark and its clause")
            clause(d.clause, where)
        if any(m not in marks for m in d.unless):
            raise ValueError(f"{where}: unless names an undeclared mark")
    return Procedure(
        policy=policy,
        file=str(path),
        spec=spec,
        clauses=clauses,
        parameters=parameters,
        transitions=transitions,
    )


# ---------------------------------------------------------------------------------------------------------
# the statechart
# ---------------------------------------------------------------------------------------------------------
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
    events = list(procedure.spec.event)
    for state in procedure.spec.state:
        triggers: dict[str, Any] = {}
        unexpected: list[dict[str, Any]] = []
        for event in events:
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
        chart[state] = triggers
    return {procedure.ruleset: chart}


# ---------------------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------------------
class Event(BaseModel):
    """One dated event of the project, as read (``fields``: every other key, dates as YYYY-MM-DD)."""

    index: int
    line: int | None = None
    date: dt.date
    event: str
    fields: dict[str, str] = {}


class LimitCheck(BaseModel):
    """One limit checked on one event."""

    limit: str
    clause: str
    section: str
    parameter: str
    ok: bool
    severity: Literal["violation", "warning"]
    found: str
    expected: str


class Step(BaseModel):
    """One event and what the statechart did with it."""

    index: int
    line: int | None = None
    date: dt.date
    event: str
    event_label: str
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
    found: str | None = None
    expected: str | None = None
    message: str


class Deadline(BaseModel):
    """A date ahead (or missed) in the current state: ``opens``/``due`` bound a window."""

    id: str
    what: str
    clause: str
    section: str
    opens: dt.date | None = None
    due: dt.date | None = None
    status: Literal["open", "upcoming", "overdue", "passed"]
    required: bool
    basis: str


class CalendarNote(BaseModel):
    """Which working days are official and which were counted Monday–Friday."""

    source: str = Field(description="the holiday data: the calendar package and its version")
    official_range: tuple[int, int] = Field(description="the first and last year of the official data")
    fallback_years: list[int] = Field(default=[], description="years whose working days were counted Mon–Fri")
    note: str | None = None


class Timeline(BaseModel):
    """A project's events run through its policy's procedure."""

    policy: str
    ruleset: str
    as_of: dt.date
    lang: str
    state: str
    state_label: str
    final: bool
    steps: list[Step]
    violations: list[Violation]
    deadlines: list[Deadline]
    calendar: CalendarNote
    ignored_after_as_of: int = 0
    notes: list[str] = []

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "violation" for v in self.violations)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "warning"]

    def to_json(self, indent: int = 2) -> str:
        data = self.model_dump(mode="json")
        data["conforms"] = self.conforms
        return json.dumps(data, ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        return _render(self)


# ---------------------------------------------------------------------------------------------------------
# reading events
# ---------------------------------------------------------------------------------------------------------
def _input_kind(name: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    if name == "-":
        return "jsonl"
    suffix = Path(name).suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "jsonl"
    from medpolicy.io.inputs import guess_format

    try:
        return guess_format(name)
    except InputError as exc:
        raise InputError(
            f"cannot tell the format from {suffix or 'no extension'!r}: use .jsonl (JSON Lines) or an RDF "
            "extension (.ttl, .jsonld, .rdf, .nt, .nq), or --input-format",
            file=name,
        ) from exc


def _scalar(value: object, name: str, where: str, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(f"field {key!r} must be a string or a number", file=name, where=where)
    return str(value)


class Record(NamedTuple):
    """One event as read: its line (JSON Lines), where to point an error, and its keys as strings."""

    line: int | None
    where: str
    fields: dict[str, str]


def _json_records(text: str, name: str) -> list[Record]:
    stripped = text.lstrip()
    lines: list[tuple[int | None, object]] = []
    if stripped.startswith("["):
        items = _json_value(text, name, "")
        if not isinstance(items, list):
            raise InputError("a JSON array of events was expected", file=name)
        lines = [(None, item) for item in items]
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            lines.append((n, _json_value(line, name, f"line {n}")))
    out: list[Record] = []
    for k, (row, item) in enumerate(lines, 1):
        where = f"line {row}" if row is not None else f"item {k}"
        if not isinstance(item, dict):
            raise InputError(
                'each event is a JSON object like {"date": "2025-03-03", "event": "submitted"}', file=name, where=where
            )
        out.append(
            Record(
                row, where, {str(key): _scalar(v, name, where, str(key)) for key, v in item.items() if v is not None}
            )
        )
    return out


def _rdf_records(source: str, fmt: str) -> list[Record]:
    from rdflib import Literal, Namespace

    from medpolicy.io.inputs import read_graph

    tl = Namespace(TIMELINE_NS)
    graph = read_graph(source, fmt)
    rows: list[tuple[str, dict[str, str]]] = []
    for node in set(graph.subjects(tl.event, None)):
        record: dict[str, str] = {}
        for prop, value in graph.predicate_objects(node):
            key = str(prop)
            if not key.startswith(TIMELINE_NS) or not isinstance(value, Literal):
                continue
            py = value.toPython()
            record[key[len(TIMELINE_NS) :]] = py.isoformat() if isinstance(py, dt.date) else str(value)
        if "date" not in record:
            raise InputError("an event needs tl:date", file=source, where=str(node))
        rows.append((str(node), record))
    if not rows:
        raise InputError(f"no events (nothing has a <{TIMELINE_NS}event>)", file=source)

    def order(row: tuple[str, dict[str, str]]) -> tuple[str, int]:
        seq = row[1].get("seq", "0")
        if not re.fullmatch(r"-?\d+", seq):
            raise InputError(f"tl:seq {seq!r} is not an integer", file=source, where=row[0])
        return row[1].get("date", ""), int(seq)

    rows.sort(key=order)
    for a, b in zip(rows, rows[1:], strict=False):
        if order(a) == order(b):
            raise InputError(f"two events on {order(a)[0]}: give tl:seq to order them", file=source, where=b[0])
    return [Record(None, node, {k: v for k, v in record.items() if k != "seq"}) for node, record in rows]


def read_events(source: str | Path | Sequence[dict[str, Any]], input_format: str | None = None) -> list[Record]:
    """The raw event records of a JSON Lines / JSON array / RDF file, ``-`` (standard input) or a list.

    JSON Lines may hold blank lines and ``#`` comment lines.
    """
    if not isinstance(source, str | Path):
        if not all(isinstance(item, dict) for item in source):
            raise InputError('each event is a dict like {"date": "2025-03-03", "event": "submitted"}', file="events")
        return [
            Record(None, f"item {n}", {str(k): _scalar(v, "events", f"item {n}", str(k)) for k, v in item.items()})
            for n, item in enumerate(source, 1)
        ]
    name = str(source)
    if name != "-" and not Path(name).is_file():
        raise InputError("no such file", file=name)
    kind = _input_kind(name, input_format)
    if kind != "jsonl":
        return _rdf_records(name, kind)
    from medpolicy.io.inputs import check_json_nesting, read_limited

    data = read_limited(name)  # the same size limit as an applicant file, standard input included
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start}): save the file as UTF-8", file=name) from exc
    check_json_nesting(text, name)
    return _json_records(text, name)


def _json_value(text: str, name: str, where: str) -> object:
    """One JSON value; a number too long to read or nesting past the limit is unusable input."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", file=name, where=f"line {exc.lineno}" if where == "" else where
        ) from exc
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer; nesting the pre-check missed
        raise InputError(f"unusable JSON value: {str(exc)[:120]}", file=name, where=where or None) from exc


def _date(value: str, name: str, where: str, key: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
            raise ValueError
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{key} {value!r} is not a date (expected YYYY-MM-DD)", file=name, where=where) from None


def prepare_events(procedure: Procedure, records: list[Record], name: str) -> list[Event]:
    """Check every record against the procedure's events; dates must not go backwards."""
    spec = procedure.spec
    grounds: dict[str, set[str]] = {}
    for t in procedure.transitions:
        grounds.setdefault(t.event, set()).update(t.grounds)
    events: list[Event] = []
    for k, (line, where, raw) in enumerate(records):
        if "event" not in raw or "date" not in raw:
            raise InputError('an event needs "event" and "date"', file=name, where=where)
        kind = raw["event"].strip()
        if kind not in spec.event:
            raise InputError(
                f"unknown event {kind!r}; the procedure knows: {', '.join(spec.event)}", file=name, where=where
            )
        day = _date(raw["date"], name, where, "date")
        espec = spec.event[kind]
        fields = {key: value for key, value in raw.items() if key not in ("event", "date")}
        for fname, fspec in espec.fields.items():
            value = fields.get(fname)
            if value is None:
                if fname in espec.required:
                    raise InputError(f"{kind!r} needs the field {fname!r}", file=name, where=where)
                if fspec.default is not None:
                    fields[fname] = fspec.default
                continue
            if fspec.type == "date":
                fields[fname] = _date(value, name, where, fname).isoformat()
            elif fspec.type == "choice":
                listed = procedure.parameters[str(fspec.parameter)].value
                choices = [str(c) for c in listed] if isinstance(listed, list) else []
                if value not in choices:
                    raise InputError(f"{fname} {value!r} is not one of {', '.join(choices)}", file=name, where=where)
            elif fspec.type == "clause" and value not in grounds.get(kind, set()):
                raise InputError(
                    f"{fname} {value!r} is not one of {', '.join(sorted(grounds.get(kind, set())))}",
                    file=name,
                    where=where,
                )
        if events and day < events[-1].date:
            raise InputError(
                f"events out of order: {day} comes after {events[-1].date}; list the events by date",
                file=name,
                where=where,
            )
        events.append(Event(index=k, line=line, date=day, event=kind, fields=fields))
    return events


# ---------------------------------------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------------------------------------
class _Run:
    """One timeline's actions and what they record (lives in the child process only)."""

    def __init__(self, procedure: Procedure, events: list[Event], as_of: dt.date, lang: str, strict: bool) -> None:
        self.p = procedure
        self.events = events
        self.as_of = as_of
        self.lang = lang
        self.strict = strict
        self.calendar = WorkdayCalendar()
        self.marks: dict[str, dt.date] = {}
        self.seen: dict[str, int] = {}
        self.steps: list[Step] = []
        self.violations: list[Violation] = []
        self.notes: list[str] = []

    # -- helpers --------------------------------------------------------------------------------------------
    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def clause(self, local: str) -> Clause:
        return self.p.clauses[local]

    def severity(self, local: str) -> Literal["violation", "warning"]:
        return "warning" if self.clause(local).in_principle and not self.strict else "violation"

    def resolve(self, ref: str, event: Event | None) -> dt.date | None:
        kind, _, name = ref.partition(":")
        if kind == "mark":
            return self.marks.get(name)
        if event is None:
            return None
        if name == "date":
            return event.date
        value = event.fields.get(name)
        return dt.date.fromisoformat(value) if value else None

    def ref_label(self, ref: str, event: Event | None) -> str:
        kind, _, name = ref.partition(":")
        if kind == "mark":
            return self.p.label("mark", name, self.lang)
        if event is None:
            return name
        if name == "date":
            return self.p.label("event", event.event, self.lang)
        fspec = self.p.spec.event[event.event].fields.get(name)
        return name if fspec is None else (fspec.zh if self.lang == "zh" else fspec.en) or name

    def amount(self, value: float, unit: str) -> str:
        zh, en = _UNIT_NAMES[unit]
        number = f"{value:g}"
        return self.t(f"{number} {zh}", f"{number} {en[:-1] if value == 1 else en}")

    def distance(self, start: dt.date, end: dt.date, unit: str) -> tuple[str, bool]:
        """How far ``end`` is after ``start`` in words, and whether it is (not) before it."""
        if unit == "workday":
            text = self.amount(abs(self.calendar.between(start, end)), unit)
        elif unit == "day":
            text = self.amount(abs((end - start).days), unit)
        else:
            months, days = months_and_days(start, end)
            years, months = divmod(abs(months), 12) if unit == "year" else (0, abs(months))
            parts = [(years, "年", "years"), (months, "个月", "months"), (abs(days), "天", "days")]
            shown = [(n, zh, en) for n, zh, en in parts if n] or [(0, "天", "days")]
            text = self.t(
                "".join(f"{n}{zh}" for n, zh, _ in shown),
                " ".join(f"{n} {en[:-1] if n == 1 else en}" for n, _, en in shown),
            )
        return text, end >= start

    # -- limits ---------------------------------------------------------------------------------------------
    def check(self, lid: str, event: Event) -> LimitCheck | None:
        limit = self.p.limit(lid)
        if limit.kind == "count":
            return self.check_count(limit, event)
        subject = self.resolve(limit.date, event)
        if subject is None:
            return None  # an optional date the event does not give: nothing to check
        if limit.kind == "date":
            return self.check_date(limit, event, subject)
        return self.check_interval(limit, event, subject)

    def _result(self, limit: LimitSpec, ok: bool, found: str, expected: str) -> LimitCheck:
        c = self.clause(limit.clause)
        return LimitCheck(
            limit=limit.id,
            clause=c.id,
            section=c.section,
            parameter=self.p.parameters[limit.parameter].id,
            ok=ok,
            severity=self.severity(limit.clause),
            found=found,
            expected=expected,
        )

    def check_interval(self, limit: LimitSpec, event: Event, subject: dt.date) -> LimitCheck | None:
        p = self.p.parameters[limit.parameter]
        ref_name = next((r for r in limit.reference if self.resolve(r, event) is not None), None)
        if ref_name is None:
            labels = "/".join(self.ref_label(r, event) for r in limit.reference)
            self.notes.append(
                self.t(
                    f"{self.clause(limit.clause).section}：{event.date} 的“{self.p.label('event', event.event, 'zh')}”"
                    f"无法核查：缺少{labels}的日期",
                    f"{self.clause(limit.clause).section}: the {event.event} of {event.date} cannot be checked: "
                    f"no date of the {labels}",
                )
            )
            return None
        ref = self.resolve(ref_name, event)
        assert ref is not None
        value = float(p.value) if isinstance(p.value, int | float) else 0.0
        after = limit.side == "after"
        bound = shift(ref, value if after else -value, p.unit_code, self.calendar)
        op = p.comparator if after else _FLIP[p.comparator]
        ok = _OPS[op](subject, bound)
        if limit.within:
            ok = ok and (subject >= ref if after else subject <= ref)
        dist, forward = self.distance(ref, subject, p.unit_code) if after else self.distance(subject, ref, p.unit_code)
        subject_label, ref_label = self.ref_label(limit.date, event), self.ref_label(ref_name, event)
        later = forward if after else not forward
        found = self.t(
            f"{subject_label} {subject}，在{ref_label}（{ref}）{'之后' if later else '之前'} {dist}",
            f"{subject_label} {subject}: {dist} {'after' if later else 'before'} the {ref_label} ({ref})",
        )
        rel_zh, rel_en = _REL[op]
        expected = self.t(
            f"{p.quote}（{rel_zh} {bound}"
            + (f"，且{'不早于' if after else '不晚于'} {ref}" if limit.within else "")
            + "）",
            f"{_CMP_EN[p.comparator]} {self.amount(value, p.unit_code)} {limit.side} the {ref_label}: "
            f"{rel_en} {bound}" + (f" and {'not before' if after else 'not after'} {ref}" if limit.within else ""),
        )
        return self._result(limit, ok, found, expected)

    def date_phrase(self, limit: LimitSpec) -> str:
        """What a date limit asks, in words: ``于2025年11月3日前（早于 2025-11-03）`` / ``before 2025-11-03``."""
        p = self.p.parameters[limit.parameter]
        value = str(p.value)
        before = p.comparator == "before"
        word_zh = ("不晚于" if limit.inclusive else "早于") if before else ("不早于" if limit.inclusive else "晚于")
        word_en = ("on or " if limit.inclusive else "") + ("before" if before else "after")
        if value.startswith("--"):
            return self.t(p.quote, f"{word_en} month {int(value[2:4])} of the year")
        return self.t(f"{p.quote}（{word_zh} {value}）", f"{word_en} {value}")

    def check_date(self, limit: LimitSpec, event: Event, subject: dt.date) -> LimitCheck:
        p = self.p.parameters[limit.parameter]
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
        found = f"{self.ref_label(limit.date, event)} {subject}"
        return self._result(limit, ok, found, self.date_phrase(limit))

    def check_count(self, limit: LimitSpec, event: Event) -> LimitCheck:
        p = self.p.parameters[limit.parameter]
        counted = str(limit.counts)
        n = self.seen.get(counted, 0)
        value = float(p.value) if isinstance(p.value, int | float) else 0.0
        ok = _OPS[p.comparator](n, value)
        label = self.p.label("event", counted, self.lang)
        found = self.t(f"第 {n} 次{label}", f"{label}: number {n}")
        expected = self.t(p.quote, f"{_CMP_EN[p.comparator]} {value:g} time(s)")
        return self._result(limit, ok, found, expected)

    # -- actions --------------------------------------------------------------------------------------------
    def actions(self) -> dict[str, Callable[[Any], None]]:
        out: dict[str, Callable[[Any], None]] = {"begin": self.begin, "unexpected": self.unexpected}
        for t in self.p.transitions:
            out[t.id] = self.transition_action(t)
        return out

    def begin(self, c: Any) -> None:
        c.s.label = self.p.spec.procedure.initial

    def event_of(self, c: Any) -> Event:
        return self.events[int(c.m.i)]

    def unexpected(self, c: Any) -> None:
        event = self.event_of(c)
        state = str(c.s.label)
        self.seen[event.event] = self.seen.get(event.event, 0) + 1
        label = self.p.label("event", event.event, self.lang)
        state_label = self.p.label("state", state, self.lang)
        allowed = ", ".join(self.p.label("event", e, self.lang) for e in self.p.allowed(state))
        none = self.t("无（终结状态）", "none (a final state)")
        self.violations.append(
            Violation(
                kind="sequence",
                severity="violation",
                event_index=event.index,
                line=event.line,
                date=event.date,
                event=event.event,
                found=label,
                expected=allowed or none,
                message=self.t(
                    f"{event.date}“{label}”不应发生在“{state_label}”状态；此时可有：{allowed or none}",
                    f"{event.date} '{label}' is not expected while {state_label}; expected: {allowed or none}",
                ),
            )
        )
        self.steps.append(self.step(event, state, state, None))

    def step(self, event: Event, source: str, target: str, t: TransitionSpec | None) -> Step:
        c = self.clause(t.clause) if t else None
        ground = None
        for fname, fspec in self.p.spec.event[event.event].fields.items():
            if fspec.type == "clause" and event.fields.get(fname) in self.p.clauses:
                ground = self.p.clauses[event.fields[fname]]
        return Step(
            index=event.index,
            line=event.line,
            date=event.date,
            event=event.event,
            event_label=self.p.label("event", event.event, self.lang),
            from_state=source,
            to_state=target,
            transition=t.id if t else None,
            clause=c.id if c else None,
            section=c.section if c else None,
            ground=ground.id if ground else None,
            ground_section=ground.section if ground else None,
            ground_text=ground.text if ground else None,
        )

    def transition_action(self, t: TransitionSpec) -> Callable[[Any], None]:
        def run(c: Any) -> None:
            event = self.event_of(c)
            source = str(c.s.label)
            target = source if t.to == SAME else t.to
            self.seen[event.event] = self.seen.get(event.event, 0) + 1
            step = self.step(event, source, target, t)
            for lid in t.limits:
                result = self.check(lid, event)
                if result is None:
                    continue
                step.checks.append(result)
                if not result.ok:
                    self.violations.append(self.limit_violation(lid, result, event))
            if t.breach is not None:
                clause = self.clause(t.clause)
                self.violations.append(
                    Violation(
                        kind="breach",
                        severity=self.severity(t.clause),
                        clause=clause.id,
                        section=clause.section,
                        text=clause.text,
                        event_index=event.index,
                        line=event.line,
                        date=event.date,
                        event=event.event,
                        message=f"{clause.section}：{event.date} {self.t(t.breach.zh, t.breach.en)}",
                    )
                )
            for mark, source_ref in t.set.items():
                if isinstance(source_ref, ComputedMark):
                    start = self.resolve(source_ref.from_, event)
                    q = self.p.parameters[source_ref.parameter]
                    if start is not None and isinstance(q.value, int | float):
                        self.marks[mark] = shift(start, q.value, q.unit_code, self.calendar)
                else:
                    value = self.resolve(source_ref, event)
                    if value is not None:
                        self.marks[mark] = value
            for mark in t.clear:
                self.marks.pop(mark, None)
            self.steps.append(step)
            c.s.label = target

        return run

    def limit_violation(self, lid: str, result: LimitCheck, event: Event) -> Violation:
        limit = self.p.limit(lid)
        clause = self.clause(limit.clause)
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
            message=self.t(
                f"{clause.section}：{result.found}；要求 {result.expected}",
                f"{clause.section}: {result.found}; required: {result.expected}",
            ),
        )

    # -- deadlines ------------------------------------------------------------------------------------------
    def deadlines(self, state: str) -> list[Deadline]:
        out: list[Deadline] = []
        for d in self.p.spec.deadline:
            if state not in _expand(d.states, self.p.spec.group) or any(m in self.marks for m in d.unless):
                continue
            window = self.window(d)
            if window is None:
                continue
            opens, due, clause, basis = window
            if due is not None and self.as_of > due:
                status: Literal["open", "upcoming", "overdue", "passed"] = "overdue" if d.required else "passed"
            elif opens is not None and self.as_of < opens:
                status = "upcoming"
            else:
                status = "open"
            c = self.clause(clause)
            out.append(
                Deadline(
                    id=d.id,
                    what=d.zh if self.lang == "zh" else d.en,
                    clause=c.id,
                    section=c.section,
                    opens=opens,
                    due=due,
                    status=status,
                    required=d.required,
                    basis=basis,
                )
            )
        return sorted(out, key=lambda x: (x.due or x.opens or dt.date.max, x.opens or x.due or dt.date.max, x.id))

    def window(self, d: DeadlineSpec) -> tuple[dt.date | None, dt.date | None, str, str] | None:
        if d.date is not None:
            day = self.resolve(d.date, None)
            if day is None:
                return None
            return None, day, str(d.clause), self.t(f"{self.ref_label(d.date, None)}：{day}", f"{day}")
        limit = self.p.limit(str(d.limit))
        p = self.p.parameters[limit.parameter]
        if limit.kind == "date":
            return self.date_window(limit, p)
        ref_name = next((r for r in limit.reference if r.startswith("mark:") and r[5:] in self.marks), None)
        if ref_name is None:
            return None
        ref = self.marks[ref_name[5:]]
        value = float(p.value) if isinstance(p.value, int | float) else 0.0
        after = limit.side == "after"
        bound = shift(ref, value if after else -value, p.unit_code, self.calendar)
        op = p.comparator if after else _FLIP[p.comparator]
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
        label = self.ref_label(ref_name, None)
        basis = self.t(
            f"{p.quote}（以{label} {ref} 计）",
            f"{_CMP_EN[p.comparator]} {self.amount(value, p.unit_code)} {limit.side} the {label} ({ref})",
        )
        return opens, due, limit.clause, basis

    def date_window(self, limit: LimitSpec, p: Parameter) -> tuple[dt.date | None, dt.date | None, str, str]:
        value = str(p.value)
        before = p.comparator == "before"
        basis = self.date_phrase(limit)
        if value.startswith("--"):  # a month of every year: the next such window from the as-of date
            month = int(value[2:4])

            def last_day(year: int) -> dt.date:
                first = dt.date(year, month, 1)
                return add_months(first, 1) - dt.timedelta(days=1) if limit.inclusive else first - dt.timedelta(days=1)

            if before:
                due = last_day(self.as_of.year)
                return None, due if due >= self.as_of else last_day(self.as_of.year + 1), limit.clause, basis
            first = dt.date(self.as_of.year, month, 1)
            return first if limit.inclusive else add_months(first, 1), None, limit.clause, basis
        day = dt.date.fromisoformat(value)
        if before:
            return None, day if limit.inclusive else day - dt.timedelta(days=1), limit.clause, basis
        return (day if limit.inclusive else day + dt.timedelta(days=1)), None, limit.clause, basis

    # -- result ---------------------------------------------------------------------------------------------
    def result(self, state: str, ignored: int) -> Timeline:
        deadlines = self.deadlines(state)
        for d in deadlines:
            if d.status != "overdue":
                continue
            local = d.clause.rsplit("/", 1)[-1]
            c = self.clause(local)
            self.violations.append(
                Violation(
                    kind="overdue",
                    severity=self.severity(local),
                    clause=c.id,
                    section=c.section,
                    text=c.text,
                    date=d.due,
                    expected=d.basis,
                    message=self.t(
                        f"{c.section}：截至 {self.as_of}，“{d.what}”已逾期（最迟 {d.due}；{d.basis}）",
                        f"{c.section}: as of {self.as_of}, '{d.what}' is overdue (due {d.due}; {d.basis})",
                    ),
                )
            )
        from importlib.metadata import version

        import chinese_calendar  # type: ignore[import-untyped]

        official = sorted({day.year for day in chinese_calendar.constants.holidays})
        fallback = sorted(self.calendar.fallback_years)
        note = None
        if fallback:
            years = ", ".join(map(str, fallback))
            note = self.t(
                f"{years} 年不在官方节假日数据（chinese-calendar：{official[0]}–{official[-1]} 年）之内，"
                "这些年份的工作日按周一至周五计算，未计法定节假日与调休",
                f"{years} is beyond the official holiday data (chinese-calendar: {official[0]}–{official[-1]}); "
                "working days there are counted Monday to Friday, without public holidays or swapped weekends",
            )
        if ignored:
            self.notes.append(
                self.t(f"{ignored} 个晚于 {self.as_of} 的事件未计入", f"{ignored} event(s) after {self.as_of} left out")
            )
        spec = self.p.spec.state[state] if state in self.p.spec.state else None
        return Timeline(
            policy=self.p.policy,
            ruleset=self.p.ruleset,
            as_of=self.as_of,
            lang=self.lang,
            state=state,
            state_label=self.p.label("state", state, self.lang),
            final=bool(spec and spec.final),
            steps=self.steps,
            violations=self.violations,
            deadlines=deadlines,
            calendar=CalendarNote(
                source=f"chinese-calendar {version('chinese-calendar')}",
                official_range=(official[0], official[-1]),
                fallback_years=fallback,
                note=note,
            ),
            ignored_after_as_of=ignored,
            notes=self.notes + ([note] if note else []),
        )


def _message(procedure: Procedure, event: Event) -> dict[str, Any]:
    message: dict[str, Any] = {"sid": "1", "event": event.event, "i": event.index}
    for fname, fspec in procedure.spec.event[event.event].fields.items():
        if fspec.type == "choice":
            message[fname] = event.fields.get(fname, "")
    return message


def _run(procedure: Procedure, events: list[Event], as_of: dt.date, lang: str, strict: bool, ignored: int) -> Timeline:
    run = _Run(procedure, events, as_of, lang, strict)
    engine = RuleEngine(compile_chart(procedure), run.actions())
    try:
        engine.post(procedure.ruleset, {"sid": "1", "event": BEGIN, "i": -1})
        for event in events:
            engine.post(procedure.ruleset, _message(procedure, event))
        state = str(engine.state(procedure.ruleset, "1").get("label"))
    finally:
        engine.close()
    return run.result(state, ignored)


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
    The statechart runs in a child process: nothing is shared between two calls.
    """
    if lang not in ("zh", "en"):
        raise UnknownArgumentError(f"unknown language {lang!r}; use zh or en", argument="lang")
    procedure = load_procedure(policy, kb)
    name = str(source) if isinstance(source, str | Path) else "events"
    events = prepare_events(procedure, read_events(source, input_format), name)
    day = as_of or dt.date.today()
    kept = [e for e in events if e.date <= day]
    result: Timeline = isolated(_run, procedure, kept, day, lang, strict, len(events) - len(kept), timeout=600.0)
    return result


# ---------------------------------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------------------------------
def _render(result: Timeline) -> str:
    from medpolicy.render.common import table

    zh = result.lang == "zh"

    def t(a: str, b: str) -> str:
        return a if zh else b

    lines = [
        t(f"时间线：{result.policy}（截至 {result.as_of}）", f"Timeline: {result.policy} (as of {result.as_of})"),
        t(f"当前状态：{result.state_label}", f"Current state: {result.state_label}")
        + (t("（已终结）", " (final)") if result.final else ""),
        t(
            f"结论：{'符合程序' if result.conforms else '不符合程序'}"
            f"（违规 {len(result.errors)}，警告 {len(result.warnings)}）",
            f"Verdict: {'follows the procedure' if result.conforms else 'does not follow the procedure'} "
            f"({len(result.errors)} violation(s), {len(result.warnings)} warning(s))",
        ),
        "",
    ]
    rows = [
        [
            s.date,
            s.event_label,
            f"{s.from_state} → {s.to_state}"
            if s.transition
            else t(f"{s.from_state}（不应发生）", f"{s.from_state} (unexpected)"),
            s.section or "—",
            "; ".join(("✓ " if c.ok else "✗ ") + c.section for c in s.checks) or "",
        ]
        for s in result.steps
    ]
    if rows:
        head = [t("日期", "date"), t("事件", "event"), t("状态", "state"), t("条款", "clause"), t("核查", "checks")]
        lines += [table(head, rows, max_width=50), ""]
    for title, items in (
        (t("违规", "Violations"), result.errors),
        (t("警告（原则上）", "Warnings (in principle)"), result.warnings),
    ):
        if items:
            lines.append(f"{title} ({len(items)}):")
            for v in items:
                lines.append(f"  ✗ {v.message}")
                if v.text:
                    lines.append(f"      {t('原文', 'text')}：{v.text}" if zh else f"      text: {v.text}")
            lines.append("")
    if result.deadlines:
        lines.append(t("期限：", "Deadlines:"))
        status = {
            "open": t("进行中", "open"),
            "upcoming": t("未开始", "upcoming"),
            "overdue": t("已逾期", "overdue"),
            "passed": t("已过", "passed"),
        }
        for d in result.deadlines:
            span = f"{d.opens} – {d.due}" if d.opens and d.due else (f"≥ {d.opens}" if d.opens else f"≤ {d.due}")
            lines.append(f"  {span}  {d.what}  [{status[d.status]}]  {d.section}  ({d.basis})")
        lines.append("")
    for note in result.notes:
        lines.append(f"{t('注', 'Note')}: {note}")
    return "\n".join(lines).rstrip() + "\n"
