"""Property (hypothesis): confusable characters in enumerated literals never turn a verdict (issue 11, item 6).

Zero-width and format characters, ideographic spaces, CJK compatibility ideographs and fullwidth forms are put
into every enumerated literal of an example (a text property of the vocabulary: ``mp:textValue``,
``mp:province``, ``mp:incidentKind``, ``mp:unitCode`` …, and the identifiers ``mp:creditCode``,
``mp:certificateNumber``). The verdict — the set of failing clauses — is the one of the unchanged example, or
the input is refused (InputError); never a flip from fail to pass. The examples are the passing ones and the
failing ones whose failure is about such a literal (a province, an enumerated value).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from medpolicy.errors import InputError
from medpolicy.io.inputs import read_graph
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.run import validate
from tests.conftest import ROOT

EXAMPLES = [
    ("aimd_jiebang", "pass.ttl"),
    ("chongqing", "pass.ttl"),
    ("rd_2019", "pass-d5-2-1.ttl"),
    ("rd_2019", "fail-d5-2-1-excluded.ttl"),
    ("chongqing", "fail-lead-not-chongqing.ttl"),
    ("chongqing", "fail-training.ttl"),
]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u3000"]
# unified ideograph → its CJK compatibility ideograph (U+F900–U+FAFF fold back to it under NFKC)
COMPATIBLE = {
    unicodedata.normalize("NFKC", chr(cp)): chr(cp)
    for cp in range(0xF900, 0xFB00)
    if len(unicodedata.normalize("NFKC", chr(cp))) == 1 and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}
SETTINGS: dict[str, Any] = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def _as_of(path: Path) -> dt.date:
    found = re.search(r"^# as-of: (\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8")[:3000], re.M)
    return dt.date.fromisoformat(found.group(1)) if found else dt.date(2025, 3, 1)


def _enumerated(kb: KnowledgeBase) -> set[URIRef]:
    texts = {
        p
        for p, rng in kb.ontology.subject_objects(RDFS.range)
        if rng in (XSD.string, RDF.langString) and str(p).startswith(str(MP)) and isinstance(p, URIRef)
    }
    return (texts - {MP.location}) | {MP.creditCode, MP.certificateNumber}


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _confuse(text: str, kind: int, seed: int) -> str:
    if kind == 0:  # an invisible character (or an ideographic space) somewhere inside
        where = seed % (len(text) + 1)
        return text[:where] + INVISIBLE[seed % len(INVISIBLE)] + text[where:]
    if kind == 1:  # fullwidth forms of every ASCII character
        return _fullwidth(text)
    if kind == 2:  # compatibility ideographs for every ideograph that has one
        return "".join(COMPATIBLE.get(c, c) for c in text)
    return INVISIBLE[seed % len(INVISIBLE)] + _fullwidth(text) + "\u3000"  # all at once


_BASE: dict[tuple[str, str], tuple[Graph, frozenset[str]]] = {}


def _baseline(kb: KnowledgeBase, policy: str, name: str) -> tuple[Graph, frozenset[str]]:
    if (policy, name) not in _BASE:
        path = ROOT / "examples" / policy / name
        graph = read_graph(path)
        report = validate(graph, policy, kb=kb, as_of=_as_of(path), lang="en")
        _BASE[(policy, name)] = (graph, frozenset(r.clause for r in report.failed))
    return _BASE[(policy, name)]


@pytest.mark.parametrize(("policy", "name"), EXAMPLES)
def test_the_examples_have_enumerated_literals(kb: KnowledgeBase, policy: str, name: str) -> None:
    graph, failed = _baseline(kb, policy, name)
    enumerated = _enumerated(kb)
    assert any(isinstance(o, Literal) for p in enumerated for o in graph.objects(None, p))
    assert bool(failed) == name.startswith("fail")


@settings(max_examples=20, **SETTINGS)
@given(
    example=st.sampled_from(EXAMPLES),
    which=st.integers(0, 100),
    kinds=st.lists(st.integers(0, 3), min_size=1, max_size=8),
    seed=st.integers(0, 10**6),
)
def test_confusables_never_change_a_verdict(
    kb: KnowledgeBase, example: tuple[str, str], which: int, kinds: list[int], seed: int
) -> None:
    """Every literal of one enumerated property of the example is confused (one property at a time, so that a
    refused unit code cannot hide an excluded province that slipped through)."""
    policy, name = example
    graph, failed = _baseline(kb, policy, name)
    present = sorted({p for p in _enumerated(kb) if any(isinstance(o, Literal) for o in graph.objects(None, p))})
    chosen = present[which % len(present)]
    mutated = Graph()
    changed = 0
    for n, (s, p, o) in enumerate(sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))):
        if p == chosen and isinstance(o, Literal) and (o.datatype in (None, XSD.string) or o.language):
            text = _confuse(str(o), kinds[n % len(kinds)], seed + n)
            o = Literal(text, lang=o.language) if o.language else Literal(text, datatype=o.datatype)
            changed += 1
        mutated.add((s, p, o))
    assert changed > 0
    try:
        report = validate(mutated, policy, kb=kb, as_of=_as_of(ROOT / "examples" / policy / name), lang="en")
    except InputError:
        return  # refusing is an honest answer
    assert frozenset(r.clause for r in report.failed) == failed
