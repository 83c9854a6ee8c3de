"""Every clause is quoted verbatim from its source, every parameter's value is printed in its quote."""

from __future__ import annotations

import pytest

from medpolicy.authoring.lint import lint_graph
from medpolicy.authoring.sourcetext import squash
from medpolicy.kb.store import KnowledgeBase
from tests.conftest import POLICIES


@pytest.mark.parametrize("policy", POLICIES)
def test_lint_finds_no_problem(kb: KnowledgeBase, policy: str) -> None:
    problems = lint_graph(kb.policy_graph(policy), kb.source_text(policy))
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.parametrize("policy", POLICIES)
def test_every_clause_text_is_a_substring_of_the_source(kb: KnowledgeBase, policy: str) -> None:
    source = squash(kb.source_text(policy))
    missing = [c.id for c in kb.clauses(policy) if squash(c.text) not in source]
    assert missing == []


@pytest.mark.parametrize("policy", POLICIES)
def test_every_parameter_quote_is_in_its_clause(kb: KnowledgeBase, policy: str) -> None:
    bad = [p.id for c in kb.clauses(policy) for p in c.parameters if squash(p.quote) not in squash(c.text)]
    assert bad == []


def test_lint_catches_a_misquote(kb: KnowledgeBase) -> None:
    graph = kb.policy_graph("2025_national")
    source = kb.source_text("2025_national").replace("不低于7%", "不低于6%")
    problems = lint_graph(graph, source)
    assert any("not in source.txt" in p for p in problems)


def test_lint_catches_a_value_not_in_its_quote(kb: KnowledgeBase) -> None:
    from rdflib import Graph, Literal

    from medpolicy.kb.namespaces import MP

    graph = Graph()
    graph += kb.policy_graph("2025_national")
    param = next(p for p in graph.subjects(MP.quote, None) if "1.5T" in str(graph.value(p, MP.quote)))
    graph.set((param, MP.value, Literal(3.0)))
    assert any("not printed in its quote" in p for p in lint_graph(graph, kb.source_text("2025_national")))


@pytest.mark.parametrize("policy", POLICIES)
def test_clause_ids_are_unique_and_in_their_policy_namespace(kb: KnowledgeBase, policy: str) -> None:
    ids = [c.id for c in kb.clauses(policy)]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"https://w3id.org/medpolicy/policy/{policy}/") for i in ids)


@pytest.mark.parametrize("policy", POLICIES)
def test_part_of_points_to_a_clause_of_the_same_policy(kb: KnowledgeBase, policy: str) -> None:
    ids = {c.id for c in kb.clauses(policy)}
    dangling = [c.id for c in kb.clauses(policy) if c.part_of and c.part_of not in ids]
    assert dangling == []
