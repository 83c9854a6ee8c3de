"""Cross-application rules as data (``policies/<id>/rules.toml``), compiled into durable_rules rulesets.

A rule names its clause and the parameter its threshold comes from; the Python here knows only the generic
templates:

``limit``     group facts by ``key``, count the distinct ``count`` values per group; the group violates the rule
              when the count does not satisfy the parameter (``<= 3``, ``< 2``, ``== 1``); ``seed`` groups every
              application even with no matching fact (a missing lead counts 0);
``share``     per group, the percentage of facts matching ``numerator`` must satisfy the parameter (``<= 40 %``);
``date``      a date field of each application against the parameter's date (``before``/``after``; a month
              ``--06`` compares the month of the year); ``inclusive`` reads 截止 as "on or before";
``excluded``  a field of each application must not be one of the values the clause lists (``values`` names
              the clause property, e.g. ``excludedProvince``).

``where`` keeps only facts whose fields have the given value (or one of a list of values).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from medpolicy.errors import PolicyLoadError
from medpolicy.kb.models import Parameter
from medpolicy.kb.store import KnowledgeBase

__all__ = ["Rule", "compile_rule", "load_rules"]

_VIOLATION = {">=": "$lt", ">": "$lte", "<=": "$gt", "<": "$gte", "==": "$neq", "!=": "$eq"}


class Rule(BaseModel):
    """One declarative rule of a policy's ``rules.toml``."""

    model_config = ConfigDict(extra="forbid")

    id: str
    clause: str
    kind: Literal["limit", "share", "date", "excluded"]
    fact: Literal["membership", "application"]
    key: list[str] = []
    count: str | None = None
    parameter: str | None = None
    where: dict[str, str | bool | list[str]] = {}
    numerator: dict[str, str | bool] = {}
    field: str | None = None
    values: str | None = None
    seed: bool = False
    void: bool = False
    inclusive: bool = False
    policy: str = ""
    clause_iri: str = ""
    threshold: Parameter | None = None
    listed: list[str] = []


def load_rules(policy: str, kb: KnowledgeBase | None = None) -> list[Rule]:
    """The policy's rules, each resolved against its clause and parameter (errors name the rule)."""
    kb = kb or KnowledgeBase.default()
    path = kb.policy_dir(policy) / "rules.toml"
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PolicyLoadError(f"not valid TOML: {exc}", file=str(path)) from exc
    rules = []
    base = kb.policy(policy).iri.rsplit("/", 1)[0] + "/"
    for n, raw in enumerate(data.get("rule", []), 1):
        try:
            rule = Rule.model_validate({**raw, "policy": policy})
        except ValidationError as exc:
            raise PolicyLoadError(str(exc).splitlines()[0], file=str(path), where=f"rule {n}") from exc
        clause = kb.clause(base + rule.clause)
        if clause is None:
            raise PolicyLoadError(f"no clause {rule.clause!r}", file=str(path), where=f"rule {rule.id}")
        params = {p.id.rsplit("/", 1)[-1]: p for p in clause.parameters}
        if rule.parameter is not None and rule.parameter not in params:
            raise PolicyLoadError(
                f"clause {rule.clause} has no parameter {rule.parameter!r}", file=str(path), where=f"rule {rule.id}"
            )
        listed: list[str] = []
        if rule.values:
            from rdflib import URIRef

            from medpolicy.kb.namespaces import MP

            graph = kb.policy_graph(policy)
            listed = [str(v) for v in graph.objects(URIRef(clause.id), MP[rule.values])]
        rules.append(
            rule.model_copy(
                update={
                    "clause_iri": clause.id,
                    "threshold": params.get(rule.parameter) if rule.parameter else None,
                    "listed": listed,
                }
            )
        )
    return rules


def _ordinal(value: str) -> int:
    return dt.date.fromisoformat(value).toordinal()


def violation_condition(rule: Rule) -> dict[str, Any]:
    """The durable_rules condition on a ``close`` event (``n``: the group's figure) that means a violation."""
    p = rule.threshold
    if rule.kind == "excluded":
        return {"$or": [{"v": value} for value in rule.listed]} if rule.listed else {"v": "\x00never"}
    if p is None:
        raise PolicyLoadError(f"rule {rule.id} needs a parameter", where=rule.policy)
    if rule.kind == "date":
        value = str(p.value)
        if value.startswith("--"):  # a month of every year, e.g. --06 (before June)
            month = int(value[2:4])
            return {"$gte": {"n": month}} if p.comparator == "before" else {"$lte": {"n": month}}
        day = _ordinal(value)
        if p.comparator == "before":
            return {"$gt": {"n": day}} if rule.inclusive else {"$gte": {"n": day}}
        return {"$lt": {"n": day}} if rule.inclusive else {"$lte": {"n": day}}
    if p.comparator not in _VIOLATION or not isinstance(p.value, int | float):
        raise PolicyLoadError(f"rule {rule.id}: comparator {p.comparator!r} cannot be screened", where=rule.policy)
    return {_VIOLATION[p.comparator]: {"n": p.value}}


def compile_rule(rule: Rule) -> dict[str, Any]:
    """A durable_rules ruleset: ``tally`` facts per group in the state, then judge ``close`` events."""
    return {
        "tally": {"all": [{"m": {"t": "fact"}}], "run": "tally"},
        "judge": {"all": [{"m": {"$and": [{"t": "close"}, violation_condition(rule)]}}], "run": "violation"},
    }
