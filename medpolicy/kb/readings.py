"""Switchable interpretations: a parameter whose text is ambiguous may carry other readings (``mp:reading``).

The default reading is the parameter's own value; ``validate(..., readings={"a1-p05-i4-p1": "MHz"})`` (or
``--reading a1-p05-i4-p1=MHz``) validates with another one. A reading may change the unit code, the value and the
comparator; the report notes every reading applied.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import local_name

__all__ = ["apply_readings", "readings_of"]

_OVERRIDES = (MP.unitCode, MP.value, MP.comparator)


def readings_of(graph: Graph, param: Node) -> dict[str, Node]:
    """The alternative readings of a parameter, by name."""
    return {str(graph.value(r, MP.readingName)): r for r in graph.objects(param, MP.reading)}


def apply_readings(graph: Graph, readings: Mapping[str, str]) -> tuple[Graph, list[tuple[str, str]]]:
    """A copy of the policy graph with the chosen readings in place, and a note (zh, en) per reading."""
    if not readings:
        return graph, []
    params = {local_name(p): p for p in graph.subjects(MP.reading, None)}
    params.update({str(p): p for p in list(params.values())})
    changed = Graph()
    changed += graph
    notes = []
    for key, name in readings.items():
        param = params.get(key)
        if param is None:
            known = ", ".join(sorted(k for k in params if "/" not in k)) or "none"
            raise InputError(f"no parameter {key!r} with alternative readings; known: {known}", where="readings")
        options = readings_of(graph, param)
        if name not in options:
            raise InputError(
                f"parameter {key!r} has no reading {name!r}; readings: {', '.join(sorted(options))}", where="readings"
            )
        for prop in _OVERRIDES:
            value = graph.value(options[name], prop)
            if value is not None:
                changed.remove((param, prop, None))
                changed.add((param, prop, value))
        notes.append(
            (f"参数 {local_name(param)} 按读法“{name}”核查", f"parameter {local_name(param)} is read as {name!r}")
        )
    return changed, notes
