"""Reading ``policies/<id>/procedure.toml`` and checking it against the notice it implements.

Every transition and limit names a clause of the notice, every limit reads its threshold from a parameter of that
clause; a procedure that names something the notice does not hold, or that the statechart could not run, is a
:class:`~medpolicy.errors.PolicyLoadError` naming the file and the entry.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from medpolicy.errors import InputError, PolicyLoadError
from medpolicy.kb.models import Clause, Parameter
from medpolicy.kb.store import KnowledgeBase
from medpolicy.timeline.spec import (
    OPS,
    RESERVED_FIELDS,
    SAME,
    ComputedMark,
    FieldSpec,
    LabelSpec,
    LimitSpec,
    Procedure,
    ProcedureSpec,
    TransitionSpec,
    expand,
)
from medpolicy.timeline.workdays import UNITS

__all__ = ["load_procedure"]


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


class _Notice:
    """The clauses and parameters of one policy's notice, looked up by local id and kept once used."""

    def __init__(self, policy: str, kb: KnowledgeBase) -> None:
        self.policy = policy
        self.kb = kb
        self.base = kb.policy(policy).iri.rsplit("/", 1)[0] + "/"
        self.clauses: dict[str, Clause] = {}
        self.parameters: dict[str, Parameter] = {}

    def clause(self, local: str, where: str) -> Clause:
        found = self.kb.clause(self.base + local)
        if found is None:
            raise ValueError(f"{where}: no clause {local!r} in the notice")
        self.clauses[local] = found
        return found

    def parameter(self, local: str, where: str) -> Parameter:
        for c in self.kb.clauses(self.policy):
            for p in c.parameters:
                if p.id == self.base + local:
                    self.parameters[local] = p
                    return p
        raise ValueError(f"{where}: no parameter {local!r} in the notice")


def _check_ref(ref: str, marks: dict[str, LabelSpec], fields: dict[str, FieldSpec] | None, where: str) -> None:
    kind, _, name = ref.partition(":")
    if kind == "mark" and name in marks:
        return
    if kind == "event" and (name == "date" or fields is None or (name in fields and fields[name].type == "date")):
        return
    raise ValueError(f"{where}: {ref!r} is neither event:date, event:<a date field> nor mark:<a declared mark>")


def _resolve(policy: str, path: Path, spec: ProcedureSpec, kb: KnowledgeBase) -> Procedure:
    notice = _Notice(policy, kb)
    _check_states(spec)
    _check_events(spec, notice)
    for lim in spec.limit:
        _check_limit(lim, spec, notice)
    ids = [t.id for t in spec.transition]
    if len(set(ids)) != len(ids) or {"begin", "unexpected"} & set(ids):
        raise ValueError("transition ids must be unique and not 'begin' or 'unexpected'")
    if len({lim.id for lim in spec.limit}) != len(spec.limit):
        raise ValueError("limit ids must be unique")
    transitions = [_check_transition(t, spec, notice) for t in spec.transition]
    _check_guards(transitions)
    _check_deadlines(spec, notice)
    return Procedure(
        policy=policy,
        file=str(path),
        spec=spec,
        clauses=notice.clauses,
        parameters=notice.parameters,
        transitions=transitions,
    )


def _check_states(spec: ProcedureSpec) -> None:
    states = spec.state
    if spec.procedure.initial not in states or states[spec.procedure.initial].final:
        raise ValueError(f"procedure.initial: {spec.procedure.initial!r} is not a declared, non-final state")
    for name, members in spec.group.items():
        if name in states or any(m not in states for m in members):
            raise ValueError(f"group.{name}: a group must not be a state and must list declared states")


def _check_events(spec: ProcedureSpec, notice: _Notice) -> None:
    for name, event in spec.event.items():
        for fname, fspec in event.fields.items():
            if fname in RESERVED_FIELDS:
                raise ValueError(f"event.{name}.fields.{fname}: the name is reserved")
            if fspec.type == "choice":
                if fspec.parameter is None:
                    raise ValueError(f"event.{name}.fields.{fname}: a choice names its parameter")
                choices = notice.parameter(fspec.parameter, f"event.{name}.fields.{fname}").value
                if not isinstance(choices, list) or (fspec.default is not None and fspec.default not in choices):
                    raise ValueError(f"event.{name}.fields.{fname}: the parameter lists no such choices")
        if any(r not in event.fields for r in event.required):
            raise ValueError(f"event.{name}.required: names a field that is not declared")


def _check_limit(lim: LimitSpec, spec: ProcedureSpec, notice: _Notice) -> None:
    where = f"limit {lim.id}"
    c = notice.clause(lim.clause, where)
    p = notice.parameter(lim.parameter, where)
    if p.id not in {q.id for q in c.parameters}:
        raise ValueError(f"{where}: parameter {lim.parameter} is not a parameter of clause {lim.clause}")
    if lim.kind == "interval":
        if p.comparator not in OPS or not isinstance(p.value, int | float) or p.unit_code not in UNITS:
            raise ValueError(f"{where}: {lim.parameter} is not a time limit in {', '.join(UNITS)}")
        if not lim.reference:
            raise ValueError(f"{where}: an interval needs a reference date")
    elif lim.kind == "date":
        value = str(p.value)
        if p.comparator not in ("before", "after") or not re.fullmatch(r"--\d\d|\d{4}-\d\d-\d\d", value):
            raise ValueError(f"{where}: {lim.parameter} is not a before/after date")
    elif p.comparator not in OPS or not isinstance(p.value, int | float) or lim.counts not in spec.event:
        raise ValueError(f"{where}: a count names an event and a numeric parameter")


def _check_transition(t: TransitionSpec, spec: ProcedureSpec, notice: _Notice) -> TransitionSpec:
    """``t`` checked, with its groups of source states expanded."""
    where = f"transition {t.id}"
    states, marks = spec.state, spec.mark
    sources = expand(t.from_, spec.group)
    if any(s not in states for s in sources) or (t.to != SAME and t.to not in states):
        raise ValueError(f"{where}: from/to name an undeclared state or group")
    if any(states[s].final for s in sources):
        raise ValueError(f"{where}: a final state has no way out")
    if t.event not in spec.event:
        raise ValueError(f"{where}: event {t.event!r} is not declared")
    event = spec.event[t.event]
    notice.clause(t.clause, where)
    for g in t.grounds:
        notice.clause(g, where)
    if t.grounds and not any(f.type == "clause" for f in event.fields.values()):
        raise ValueError(f"{where}: grounds need a field of type clause on event {t.event}")
    limits = {lim.id: lim for lim in spec.limit}
    for lid in t.limits:
        if lid not in limits:
            raise ValueError(f"{where}: no limit {lid!r}")
        for ref in [limits[lid].date, *limits[lid].reference]:
            _check_ref(ref, marks, event.fields, f"limit {lid} (on {t.event})")
    for fname, value in t.when.items():
        guard = event.fields.get(fname)
        choices = notice.parameters[guard.parameter].value if guard and guard.parameter else None
        if guard is None or guard.type != "choice" or not isinstance(choices, list) or value not in choices:
            raise ValueError(f"{where}: when.{fname} must be one of the choices of its parameter")
    for mark, source in t.set.items():
        if mark not in marks:
            raise ValueError(f"{where}: set.{mark} is not a declared mark")
        if isinstance(source, ComputedMark):
            _check_ref(source.from_, marks, event.fields, where)
            q = notice.parameter(source.parameter, where)
            if not isinstance(q.value, int | float) or q.unit_code not in UNITS:
                raise ValueError(f"{where}: set.{mark} needs a time parameter")
        else:
            _check_ref(source, marks, event.fields, where)
    if any(m not in marks for m in t.clear):
        raise ValueError(f"{where}: clear names an undeclared mark")
    return t.model_copy(update={"from_": sources})


def _check_guards(transitions: list[TransitionSpec]) -> None:
    """No state has two transitions on one event under the same condition."""
    seen: dict[tuple[str, str], list[TransitionSpec]] = {}
    for t in transitions:
        for s in t.from_:
            seen.setdefault((s, t.event), []).append(t)
    for (state, event_name), ts in seen.items():
        guards = [tuple(sorted(t.when.items())) for t in ts]
        if len(set(guards)) != len(guards):
            raise ValueError(f"state {state}: two transitions on {event_name} with the same condition")


def _check_deadlines(spec: ProcedureSpec, notice: _Notice) -> None:
    limits = {lim.id: lim for lim in spec.limit}
    for d in spec.deadline:
        where = f"deadline {d.id}"
        if any(s not in spec.state for s in expand(d.states, spec.group)):
            raise ValueError(f"{where}: states name an undeclared state or group")
        if (d.limit is None) == (d.date is None):
            raise ValueError(f"{where}: give exactly one of limit or date")
        if d.limit is not None:
            if d.limit not in limits or limits[d.limit].kind == "count" or limits[d.limit].date != "event:date":
                raise ValueError(f"{where}: the limit must bound the date of an event")
        else:
            _check_ref(str(d.date), spec.mark, {}, where)
            if not str(d.date).startswith("mark:") or d.clause is None:
                raise ValueError(f"{where}: a date deadline names a mark and its clause")
            notice.clause(d.clause, where)
        if any(m not in spec.mark for m in d.unless):
            raise ValueError(f"{where}: unless names an undeclared mark")
