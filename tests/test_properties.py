"""Property-based tests (hypothesis): mutated passing examples never crash, never hang, never pass by omission.

- the text of every passing example, cut, spliced and salted with hostile tokens, is read into a graph or
  refused with an InputError — nothing else, and quickly;
- the graph of a passing example with triples dropped, duplicated (with another value), retyped and rescaled
  is validated into a report or refused with an InputError, within a time bound;
- dropping a required fact (a value given for a parameter, the link to it, or a fact a shape demands with
  ``sh:hasValue`` / ``sh:minCount``) never yields a pass.

The runs are bounded (few examples, derandomised) so that this file takes well under a minute on two cores.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.io.inputs import read_graph
from medpolicy.kb.namespaces import MP, SH
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.report import Report
from medpolicy.validation.run import validate
from tests.conftest import NOTICES, ROOT

XSD = "http://www.w3.org/2001/XMLSchema#"
DECIMAL, DATE, BOOLEAN, INTEGER, DOUBLE = (
    URIRef(XSD + name) for name in ("decimal", "date", "boolean", "integer", "double")
)
PASSING = {policy: ROOT / "examples" / policy / "pass.ttl" for policy in NOTICES}
VALIDATED = ["aimd_jiebang", "rd_2019"]  # the two quickest notices to validate
VALIDATION_BOUND = 60.0  # seconds for one validation of a mutated example (a pass takes 1-3 s)
READ_BOUND = 5.0
SETTINGS: dict[str, Any] = {
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def _as_of(path: Path) -> dt.date:
    found = re.search(r"^# as-of: (\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8")[:2000], re.M)
    return dt.date.fromisoformat(found.group(1)) if found else dt.date(2025, 3, 1)


_GRAPHS: dict[str, Graph] = {}


def _graph(policy: str) -> Graph:
    if policy not in _GRAPHS:
        _GRAPHS[policy] = read_graph(PASSING[policy])
    return _GRAPHS[policy]


def _run(kb: KnowledgeBase, graph: Graph, policy: str) -> Report | InputError:
    """Validate; an InputError is an acceptable answer, any other exception fails the test."""
    start = time.monotonic()
    try:
        outcome: Report | InputError = validate(graph, policy, kb=kb, as_of=_as_of(PASSING[policy]), lang="en")
    except InputError as exc:
        outcome = exc
    elapsed = time.monotonic() - start
    assert elapsed < VALIDATION_BOUND, f"validation took {elapsed:.1f} s"
    return outcome


_BASELINES: dict[str, Report] = {}


def _baseline(kb: KnowledgeBase, policy: str) -> Report:
    if policy not in _BASELINES:
        outcome = _run(kb, _graph(policy), policy)
        assert isinstance(outcome, Report)
        _BASELINES[policy] = outcome
    return _BASELINES[policy]


def test_the_unmutated_examples_pass(kb: KnowledgeBase) -> None:
    for policy in VALIDATED:
        assert _baseline(kb, policy).conforms, policy


# -- the reader: mutated text -------------------------------------------------------------------------------------

HOSTILE_TOKENS = [
    "[",
    "]",
    "(",
    ")",
    '"',
    '"""',
    "'",
    "<",
    ">",
    "\\",
    "\\u0000",
    "@prefix x: <file:///etc/passwd> .",
    '"2025-02-30"^^xsd:date',
    '"七"^^xsd:decimal',
    "\x00",
    "\ufeff",
    "七",
    "%",
    "#",
    ";",
    ",",
    ".",
    "{",
    "}",
    "1e999999",
    "9" * 5000,
    "[ " * 60,
]
SUFFIXES = {"turtle": ".ttl", "json-ld": ".jsonld", "xml": ".rdf", "nt": ".nt"}


def _texts() -> dict[tuple[str, str], str]:
    texts = {}
    for policy, path in PASSING.items():
        graph = Graph().parse(path, format="turtle")
        texts[(policy, ".ttl")] = path.read_text(encoding="utf-8")
        for fmt in ("json-ld", "xml", "nt"):
            texts[(policy, SUFFIXES[fmt])] = graph.serialize(format=fmt)
    return texts


_TEXTS = _texts()


@st.composite
def mutated_text(draw: st.DrawFn) -> tuple[str, str]:
    policy, suffix = draw(st.sampled_from(sorted(_TEXTS)))
    text = _TEXTS[(policy, suffix)]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cut", "delete", "delete", "duplicate", "insert", "insert", "insert", "reverse"]))
        a = draw(st.integers(0, len(text)))
        b = min(len(text), a + draw(st.integers(0, 400)))
        if op == "cut":
            a = max(a, len(text) // 2)
            text = text[:a]
        elif op == "delete":
            text = text[:a] + text[b:]
        elif op == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(st.sampled_from(HOSTILE_TOKENS)) + text[a:]
        else:
            text = text[:a] + text[a:b][::-1] + text[b:]
    return text, suffix


@settings(max_examples=150, deadline=dt.timedelta(seconds=READ_BOUND), **SETTINGS)
@given(mutated_text())
def test_mutated_text_is_read_or_refused(sample: tuple[str, str]) -> None:
    text, suffix = sample
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"applicant{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            graph = read_graph(path)
        except InputError as exc:
            assert exc.file == str(path) and exc.message
        else:
            assert len(graph) > 0


# -- the validator: mutated graphs ----------------------------------------------------------------------------------


def _other_literal(value: Literal, salt: int) -> Literal:
    """Another value of the same kind: the best of two must not win."""
    python = value.toPython()
    if isinstance(python, bool):
        return Literal(not python)
    if isinstance(python, int | Decimal | float):
        return Literal(python + 1 + salt % 7, datatype=value.datatype)
    if isinstance(python, dt.date):
        return Literal(python - dt.timedelta(days=1 + salt % 4000))
    return Literal(f"{value}-{salt % 10}", lang=value.language)


def _retyped(value: Literal, salt: int) -> Literal:
    lexical = str(value)
    choices = [
        Literal(lexical),  # the same text as a plain string
        Literal(lexical, datatype=DECIMAL),
        Literal(lexical, datatype=DATE),
        Literal(lexical, datatype=BOOLEAN),
        Literal(lexical, datatype=INTEGER),
        Literal("七"),
        Literal(f"{lexical}%"),
        Literal(lexical, lang="zh"),
    ]
    return choices[salt % len(choices)]


def _rescaled(value: Literal, salt: int) -> Literal:
    python = value.toPython()
    if isinstance(python, bool) or not isinstance(python, int | Decimal | float):
        return value
    factors = [-1, 0, Decimal("0.001"), 1000, 10**9]
    if salt % 6 == 5:
        return Literal("NaN" if salt % 2 else "-INF", datatype=DOUBLE)
    return Literal(Decimal(str(python)) * factors[salt % len(factors)], datatype=DECIMAL)


OPS = ["drop", "duplicate", "retype", "rescale"]


def _mutate(graph: Graph, ops: list[tuple[str, int, int]]) -> Graph:
    out = Graph()
    out += graph
    for op, index, salt in ops:
        triples = list(out)
        if not triples:
            break
        s, p, o = triples[index % len(triples)]
        if op == "drop":
            out.remove((s, p, o))
        elif op == "duplicate":
            other = _other_literal(o, salt) if isinstance(o, Literal) else triples[salt % len(triples)][0]
            out.add((s, p, other))
        elif isinstance(o, Literal):
            out.remove((s, p, o))
            out.add((s, p, _retyped(o, salt) if op == "retype" else _rescaled(o, salt)))
    return out


@pytest.mark.filterwarnings("ignore:Parsing weird boolean")
@settings(max_examples=10, deadline=dt.timedelta(seconds=VALIDATION_BOUND), **SETTINGS)
@given(
    policy=st.sampled_from(VALIDATED),
    ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=3),
)
def test_mutated_graphs_never_crash(kb: KnowledgeBase, policy: str, ops: list[tuple[str, int, int]]) -> None:
    outcome = _run(kb, _mutate(_graph(policy), ops), policy)
    if isinstance(outcome, Report):
        assert len(outcome.results) == len(kb.clauses(policy))
        assert outcome.conforms is (outcome.summary["fail"] == 0)
    else:
        assert outcome.message and outcome.where


# -- removing a required fact ---------------------------------------------------------------------------------------


def _required(graph: Graph, shapes: Graph) -> list[tuple[tuple[Node, Node, Node], str | None]]:
    """Facts the verdict depends on, each with the parameter it gives a value for (None for other facts).

    A value given for a parameter (its number or answer, its ``mp:forParameter``, its link from the application)
    where it is the only value for that parameter; and a fact a shape demands with ``sh:hasValue``.
    """
    found: dict[tuple[Node, Node, Node], str | None] = {}
    per_parameter: dict[Node, list[Node]] = {}
    for node, param in graph.subject_objects(MP.forParameter):
        per_parameter.setdefault(param, []).append(node)
    for param, nodes in per_parameter.items():
        if len(nodes) != 1:
            continue
        node = nodes[0]
        for prop in (MP.numericValue, MP.booleanValue, MP.forParameter):
            for value in graph.objects(node, prop):
                found[(node, prop, value)] = str(param)
        for owner, link in graph.subject_predicates(node):
            found[(owner, link, node)] = str(param)
    for shape in shapes.subjects(SH.hasValue, None):
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef):
            for s in graph.subjects(path, shapes.value(shape, SH.hasValue)):
                found[(s, path, shapes.value(shape, SH.hasValue))] = None
    return sorted(found.items(), key=lambda item: tuple(str(x) for x in item[0]))


@settings(max_examples=8, deadline=dt.timedelta(seconds=VALIDATION_BOUND), **SETTINGS)
@given(policy=st.sampled_from(VALIDATED), pick=st.integers(0, 10**6))
def test_removing_a_required_fact_never_passes(kb: KnowledgeBase, policy: str, pick: int) -> None:
    """The removal is noticed: a clause that passed no longer does, and the parameter's own clause is not met."""
    graph = _graph(policy)
    baseline = _baseline(kb, policy)
    required = _required(graph, kb.shapes_graph(policy))
    triple, param = required[pick % len(required)]
    mutated = Graph()
    mutated += graph
    mutated.remove(triple)
    outcome = _run(kb, mutated, policy)
    if isinstance(outcome, InputError):
        return
    assert outcome.summary["pass"] < baseline.summary["pass"], triple
    if param is not None:
        clause = next(c for c in kb.clauses(policy) if any(p.id == param for p in c.parameters))
        assert next(r.status for r in outcome.results if r.clause == clause.id) != "pass", triple


@pytest.mark.parametrize("policy", VALIDATED)
def test_required_facts_are_found(kb: KnowledgeBase, policy: str) -> None:
    required = _required(_graph(policy), kb.shapes_graph(policy))
    assert len(required) > 20
    assert {MP.forParameter, MP.commitment} <= {p for (_, p, _), _ in required}
