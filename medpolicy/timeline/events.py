"""A project's dated events: read from JSON Lines, a JSON array, RDF or a list of dicts, checked against a procedure.

:func:`read_events` gives the raw records (every key a string, where to point an error); :func:`prepare_events`
checks each against the procedure's events (names, dates, required fields, choices, grounds; dates in order).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

from medpolicy.errors import InputError
from medpolicy.timeline.spec import Procedure

__all__ = ["JSON_SUFFIXES", "TIMELINE_NS", "Event", "Record", "prepare_events", "read_events"]

TIMELINE_NS = "https://w3id.org/medpolicy/timeline#"
JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}


class Event(BaseModel):
    """One dated event of the project, as read (``fields``: every other key, dates as YYYY-MM-DD)."""

    index: int
    line: int | None = None
    date: dt.date
    event: str
    fields: dict[str, str] = {}


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
        fields = {key: value for key, value in raw.items() if key not in ("event", "date")}
        _check_fields(procedure, kind, fields, grounds.get(kind, set()), name, where)
        if events and day < events[-1].date:
            raise InputError(
                f"events out of order: {day} comes after {events[-1].date}; list the events by date",
                file=name,
                where=where,
            )
        events.append(Event(index=k, line=line, date=day, event=kind, fields=fields))
    return events


def _check_fields(
    procedure: Procedure, kind: str, fields: dict[str, str], grounds: set[str], name: str, where: str
) -> None:
    """The fields of an event of ``kind`` checked in place: required ones given, defaults filled, dates as
    YYYY-MM-DD, choices among the parameter's values, a ground among the transitions' grounds."""
    espec = procedure.spec.event[kind]
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
        elif fspec.type == "clause" and value not in grounds:
            raise InputError(f"{fname} {value!r} is not one of {', '.join(sorted(grounds))}", file=name, where=where)
