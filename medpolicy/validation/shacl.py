"""The SHACL engine behind every report: pyshacl-turbo (Rust) by default, pySHACL as the reference engine.

Both engines run the same shapes graph with the same options (advanced SHACL, no inference, rules iterated) and
return the same validation report graph; ``tests/test_engines.py`` runs every example and generated witness
through both and compares the reports. The engine is chosen per call (``engine="pyshacl"``), else by the
``MEDPOLICY_ENGINE`` environment variable, else :data:`DEFAULT_ENGINE`.

- ``turbo``: the shapes graph is compiled once per process (per shapes graph, recompiled if it grows or shrinks);
  compiled programs are shared across threads (the native engine releases the GIL). A data graph layered over a
  policy graph (:mod:`medpolicy.validation.layered`) is handed over as the policy's triples converted once per
  process (:func:`medpolicy.kb.cache.derived`) plus the applicant's, converted per call. pyshacl-turbo 0.6.5 reads a
  chain of arithmetic operators from the right (``10 - 3 - 1`` is 8, ``12 / 2 / 3`` is 18): the shapes with such
  a chain in a SPARQL text (:func:`misread_shapes`) run on pySHACL, the others on turbo, and the reports are
  merged.
- ``pyshacl``: pySHACL, one call at a time (a lock: pySHACL and rdflib's SPARQL evaluation keep per-call state on
  shared graphs), with rdflib's SPARQL texts parsed once per process (:mod:`medpolicy.sparql_cache`), in place
  when the shapes have no SHACL rules (nothing writes to the data graph: no copy of it is needed).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Literal

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from medpolicy.kb.cache import derived, remembered
from medpolicy.validation.layered import layers

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "default_engine", "misread_shapes", "run_shacl"]

Engine = Literal["turbo", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("turbo", "pyshacl")
DEFAULT_ENGINE: Engine = "turbo"
_OPTIONS: dict[str, Any] = {"inference": "none", "allow_warnings": True, "iterate_rules": True}
"""the options of every run; both engines run advanced SHACL (SPARQL targets, rules)"""

_PYSHACL_LOCK = threading.Lock()
_SH = "http://www.w3.org/ns/shacl#"
_LINKS = tuple(URIRef(_SH + name) for name in ("property", "node", "qualifiedValueShape", "not"))
"""links from a shape to the shapes it runs (lists of sh:and/or/xone are walked through their rdf:first)"""


def default_engine() -> Engine:
    """The engine used when a call names none: ``MEDPOLICY_ENGINE`` if set, else :data:`DEFAULT_ENGINE`."""
    return check_engine(os.environ.get("MEDPOLICY_ENGINE") or DEFAULT_ENGINE)


def check_engine(name: str) -> Engine:
    from medpolicy.errors import InputError

    for engine in ENGINES:
        if name == engine:
            return engine
    raise InputError(f"unknown SHACL engine {name!r}; use one of {', '.join(ENGINES)}", where="--engine")


def _chained(tree: object) -> bool:
    """Whether a parsed SPARQL expression tree holds two or more ``+ -`` or ``* /`` operators in a row."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(tree, CompValue):
        ops = tree.get("op")
        if tree.name in {"AdditiveExpression", "MultiplicativeExpression"} and isinstance(ops, list) and len(ops) > 1:
            return True
        return any(_chained(v) for v in tree.values())
    if isinstance(tree, (list, tuple)) or type(tree).__name__ == "ParseResults":
        return any(_chained(v) for v in tree)  # type: ignore[attr-defined]
    return False


def _misread(text: str) -> bool:
    """Whether pyshacl-turbo would misread a SPARQL text (an operator chain, or a text rdflib cannot parse)."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return _chained(parseQuery(text))
    except Exception:  # noqa: BLE001 - a text rdflib cannot parse: the reference engine says why
        return True


def misread_shapes(shapes: Graph) -> set[Node]:
    """The top-level shapes of ``shapes`` with a SPARQL text pyshacl-turbo would misread (an operator chain)."""
    from medpolicy.kb.namespaces import SH

    owners: set[Node] = set()
    for prop in (SH.select, SH.ask, SH.construct):
        for holder, text in shapes.subject_objects(prop):
            if remembered("operator-chains", str(text), _misread):
                owners |= set(shapes.subjects(SH.sparql, holder)) | set(shapes.subjects(SH.target, holder))
    tops: set[Node] = set()
    while owners:
        shape = owners.pop()
        parents = {p for link in _LINKS for p in shapes.subjects(link, shape)}
        parents |= set(shapes.subjects(RDF.first, shape)) | set(shapes.subjects(RDF.rest, shape))
        for name in ("and", "or", "xone"):
            parents |= set(shapes.subjects(URIRef(_SH + name), shape))
        if parents:
            owners |= parents - tops
        else:
            tops.add(shape)
    return tops


def _targeted(shapes: Graph) -> set[Node]:
    """The shapes with a target (explicit, or implicit: a shape that is also a class)."""
    from rdflib.namespace import OWL, RDFS

    from medpolicy.kb.namespaces import SH

    found: set[Node] = set()
    for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        found |= set(shapes.subjects(prop, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
                found.add(shape)
    return found


@dataclass(frozen=True)
class _Program:
    turbo: Any
    """the compiled shapes (None: every shape runs on pySHACL)"""
    on_turbo: list[str] | None
    """the shapes pyshacl-turbo runs (None: all)"""
    on_reference: list[str]
    """the shapes pySHACL runs (those turbo would misread)"""


def _compile(shapes: Graph) -> _Program:
    import pyshacl_turbo

    misread = misread_shapes(shapes)
    targeted = _targeted(shapes)
    if not misread:
        compiled = pyshacl_turbo.compile_shapes(shapes, advanced=True)  # type: ignore[no-untyped-call]
        return _Program(compiled, None, [])
    if all(isinstance(s, URIRef) for s in misread | targeted):  # use_shapes names shapes by IRI
        on_turbo = sorted(str(s) for s in targeted - misread)
        compiled = pyshacl_turbo.compile_shapes(shapes, advanced=True)  # type: ignore[no-untyped-call]
        return _Program(compiled, on_turbo, sorted(str(s) for s in misread))
    return _Program(None, None, [])  # no split by name: all on the reference engine


def _program(shapes: Graph) -> _Program:
    """The compiled shapes of ``shapes`` (compiled on first use; again when the graph changed size)."""
    return derived("turbo-shapes", _compile, shapes)


def _reference(data: Graph, shapes: Graph, use_shapes: list[str] | None = None) -> tuple[bool, Graph | object]:
    import pyshacl

    from medpolicy.io.guard import checked_once
    from medpolicy.kb.namespaces import SH

    # in advanced mode pySHACL copies the data graph unless told to work in place; only SHACL rules write to it
    inplace = (None, SH.rule, None) not in shapes
    with _PYSHACL_LOCK, checked_once():
        conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes, advanced=True, use_shapes=use_shapes, inplace=inplace, **_OPTIONS
        )
    return bool(conforms), report


@dataclass(frozen=True)
class _Terms:
    """A graph's triples in pyshacl-turbo's transfer encoding (its ``_TermBatch``), converted once."""

    records: list[Any]
    quads: list[Any]
    indices: dict[Node, int]
    nodes: dict[str, Node]


def _convert(graph: Graph) -> _Terms:
    from pyshacl_turbo.term_input import _TermBatch

    nodes: dict[str, Node] = {}
    batch = _TermBatch(nodes)  # type: ignore[no-untyped-call]
    for s, p, o in graph:
        batch.append(s, p, o)  # type: ignore[no-untyped-call]
    return _Terms(batch.records, batch.quads, batch.indices, nodes)


def _terms(graph: Graph) -> _Terms:
    """The base graph of a layered data graph (a policy's), converted on first use; again when it changed size."""
    return derived("turbo-terms", _convert, graph)


def _native_input(data: Graph) -> Any:
    """What pyshacl-turbo validates: for a layered graph (:mod:`medpolicy.validation.layered`) the policy's
    triples converted once per process plus the applicant's own, converted per call; any other graph as it is."""
    parts = layers(data)
    if parts is None:
        return data
    from pyshacl_turbo.rdf import Input
    from pyshacl_turbo.term_input import _TermBatch

    top, base = parts
    held = _terms(base)
    nodes = dict(held.nodes)
    batch = _TermBatch(nodes)  # type: ignore[no-untyped-call]
    batch.records, batch.quads, batch.indices = list(held.records), list(held.quads), dict(held.indices)
    for triple in top:
        if triple not in base:
            batch.append(*triple)  # type: ignore[no-untyped-call]
    return Input((batch.records, batch.quads), "terms", None, nodes, dict(data.namespaces()))


def run_shacl(data: Graph, shapes: Graph, engine: str | None = None) -> tuple[bool, Graph | object]:
    """Validate ``data`` against ``shapes``; (conforms, the report graph — or the engine's failure object)."""
    from medpolicy.validation.sparql_cache import install

    install()  # rdflib's SPARQL texts parsed once: pySHACL's, and those the report asks of the prepared graph
    chosen = default_engine() if engine is None else check_engine(engine)
    if chosen == "pyshacl":
        return _reference(data, shapes)
    import pyshacl_turbo

    try:
        program = _program(shapes)
        if program.turbo is None:
            return _reference(data, shapes)
        native = _native_input(data)
        conforms, report, _text = program.turbo.validate(native, use_shapes=program.on_turbo, **_OPTIONS)
    except (pyshacl_turbo.ReportableRuntimeError, pyshacl_turbo.ValidationFailure) as exc:
        return False, exc  # a broken shapes graph: the caller names the policy
    if program.on_reference:
        more_ok, more = _reference(data, shapes, program.on_reference)
        if not isinstance(more, Graph):
            return False, more
        report += more
        conforms = conforms and more_ok
    return bool(conforms), report
