"""The shapes are valid SHACL, each is tied to a clause, and no threshold disagrees with its notice."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from medpolicy.kb.coverage import shape_clause_links
from medpolicy.kb.namespaces import MP, SH
from medpolicy.kb.store import KnowledgeBase
from tests.conftest import NOTICES, ROOT

SHAPE_FILES = sorted((ROOT / "shapes").glob("*.ttl")) + sorted((ROOT / "policies").glob("*/shapes*.ttl"))
THRESHOLDS = (SH.minCount, SH.maxCount, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
CJK = re.compile(r"[\u3400-\u9fff]")


def _shacl_shacl() -> Graph:
    path = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    return Graph().parse(path, format="turtle")


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shapes_are_valid_shacl(path: Path) -> None:
    shapes = Graph().parse(path, format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=_shacl_shacl())
    assert conforms, text


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_message_is_bilingual_and_english_has_no_chinese(path: Path) -> None:
    shapes = Graph().parse(path, format="turtle")
    for holder in set(shapes.subjects(SH.message, None)):
        messages = [m for m in shapes.objects(holder, SH.message) if isinstance(m, Literal)]
        langs = {m.language for m in messages}
        assert {"zh", "en"} <= langs, holder
        assert not any(CJK.search(str(m)) for m in messages if m.language == "en"), holder


@pytest.mark.parametrize("policy", NOTICES)
def test_every_policy_shape_is_tied_to_a_clause_of_its_policy(kb: KnowledgeBase, policy: str) -> None:
    ids = {c.id for c in kb.clauses(policy)}
    files = list((ROOT / "policies" / policy).glob("shapes*.ttl"))
    assert files, f"{policy} has no shapes.ttl"
    for path in files:
        links = shape_clause_links(Graph().parse(path, format="turtle"))
        assert links, path
        untied = {s: cs for s, cs in links.items() if not cs or not set(cs) <= ids}
        assert untied == {}


@pytest.mark.parametrize("policy", NOTICES)
def test_shaped_clauses_are_checked_by_shape(kb: KnowledgeBase, policy: str) -> None:
    checks = {c.id: c.check for c in kb.clauses(policy)}
    wrong = {c: checks[c] for c in kb.shaped_clauses(policy) if checks.get(c) != "shape"}
    assert wrong == {}


def test_common_shapes_are_generic() -> None:
    for path in (ROOT / "shapes").glob("*.ttl"):
        graph = Graph().parse(path, format="turtle")
        assert not list(graph.objects(None, MP.clause)), "common shapes must not name a policy's clause"
        assert "/policy/" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("policy", NOTICES)
def test_literal_thresholds_equal_their_parameter(kb: KnowledgeBase, policy: str) -> None:
    """A core constraint with a literal threshold must name the parameter it copies, and agree with it."""
    graph = kb.shapes_graph(policy)
    params = {p.id: p for c in kb.clauses(policy) for p in c.parameters}
    for top in set(graph.subjects(RDF.type, SH.NodeShape)):
        declared = [str(p) for p in graph.objects(top, MP.thresholdParameter)]
        literals = []
        for prop in [top, *graph.objects(top, SH.property)]:
            literals += [(t, v) for t in THRESHOLDS for v in graph.objects(prop, t)]
        significant = [(t, v) for t, v in literals if not (t == SH.minCount and int(v) == 1)]
        if not significant:
            continue
        assert declared, f"{top}: literal threshold {significant} without mp:thresholdParameter"
        values = {Decimal(str(params[d].value)) for d in declared if d in params}
        assert len(values) == len(declared), f"{top}: unknown parameter in {declared}"
        for _, v in significant:
            assert Decimal(str(v)) in values, f"{top}: {v} is not the notice's value {values}"


def test_no_shape_hides_a_threshold_in_sparql(kb: KnowledgeBase) -> None:
    """SPARQL constraints read thresholds from the notice instead of writing numbers in the query."""
    for policy in NOTICES:
        graph = kb.shapes_graph(policy)
        for query in graph.objects(None, SH.select):
            numbers = re.findall(r"(?<![\w:.-])\d+(?:\.\d+)?(?![\w-])", str(query))
            assert set(numbers) <= {"0", "1", "100"}, (policy, numbers, str(query)[:200])
