"""What both rule backends share: which facts a rule reads, how it groups them, and the compiled backend.

The compiled backend runs the same ``rules.toml`` as durable_rules (``medpolicy.rules.durable``) in plain Python:
the same groups, the same figures, and the violation condition :func:`~medpolicy.kb.rulesets.violation_condition`
compiles for durable_rules, evaluated here on the same ``close`` event. durable_rules stays the engine of record; the
compiled backend is chosen with ``--rules-backend compiled`` (same findings, tested on every batch fixture).
"""

from __future__ import annotations

import datetime as dt
import operator
import zlib
from collections.abc import Callable
from typing import Any

from medpolicy.kb.rulesets import Rule, violation_condition

__all__ = ["BUCKETS", "bucket", "figure", "group_key", "holds", "matches", "run_compiled"]

BUCKETS = 1000
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "$lt": operator.lt,
    "$lte": operator.le,
    "$gt": operator.gt,
    "$gte": operator.ge,
    "$neq": operator.ne,
    "$eq": operator.eq,
}


def matches(fact: dict[str, Any], where: dict[str, Any]) -> bool:
    """Whether ``fact`` has, for every field of ``where``, the value (or one of the values) given."""
    for field, wanted in where.items():
        value = fact.get(field)
        options = wanted if isinstance(wanted, list) else [wanted]
        if isinstance(value, str) and "," in value:
            if not set(value.split(",")) & {str(o) for o in options}:
                return False
        elif value not in options and str(value) not in [str(o) for o in options]:
            return False
    return True


def group_key(rule: Rule, fact: dict[str, Any]) -> str:
    return "|".join(str(fact.get(k, "")) for k in rule.key) or "all"


def bucket(key: str) -> str:
    """The durable_rules state a group's key joins (a few states: the C core holds 1,024 per ruleset)."""
    return str(zlib.crc32(key.encode("utf-8")) % BUCKETS)


def figure(rule: Rule, fact: dict[str, Any]) -> float | str | None:
    """The per-application figure of a date or excluded rule."""
    value = fact.get(rule.field or "")
    if rule.kind == "excluded":
        return str(value) if value else None
    if not value:
        return None
    date = dt.date.fromisoformat(str(value)[:10])
    threshold = rule.threshold.value if rule.threshold is not None else ""
    return float(date.month) if str(threshold).startswith("--") else float(date.toordinal())


def holds(condition: dict[str, Any], event: dict[str, Any]) -> bool:
    """A durable_rules condition (as :func:`violation_condition` writes them) evaluated on one event."""
    if "$or" in condition:
        return any(holds(c, event) for c in condition["$or"])
    if "$and" in condition:
        return all(holds(c, event) for c in condition["$and"])
    ((name, arg),) = condition.items()
    if name in _OPS:
        ((field, value),) = arg.items()
        return field in event and _OPS[name](event[field], value)
    return bool(event.get(name) == arg)


def rule_facts(
    rule: Rule, facts: list[dict[str, Any]]
) -> tuple[dict[str, list[str]], list[tuple[str, dict[str, Any]]]]:
    """The facts ``rule`` reads, each with its group key, and the groups a limit or share rule closes (in the
    order first met; a seeded rule also closes one group per application, which then counts zero)."""
    seeded: dict[str, list[str]] = {}
    selected: list[tuple[str, dict[str, Any]]] = []
    for fact in facts:
        if fact["fact"] == "application" and rule.seed:
            seeded.setdefault(group_key(rule, fact), [fact["application"]])
        if fact["fact"] != rule.fact or not matches(fact, rule.where):
            continue
        key = group_key(rule, fact)
        if rule.kind in ("limit", "share"):
            seeded.setdefault(key, [])
        selected.append((key, fact))
    return seeded, selected


def group_figure(rule: Rule, group: dict[str, Any]) -> float:
    """What a limit rule counts (the group's distinct values) or a share rule measures (its hits, in percent)."""
    if rule.kind == "limit":
        return float(len(group.get("values", [])))
    return round(100.0 * group.get("hits", 0) / group["total"], 2) if group.get("total") else 0.0


def run_compiled(rules: list[Rule], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every rule over the facts in plain Python: the violating groups, as :func:`run_rules` returns them."""
    violations: list[dict[str, Any]] = []
    for rule in rules:
        condition = violation_condition(rule)
        seeded, selected = rule_facts(rule, facts)
        groups: dict[str, dict[str, Any]] = {}
        for key, fact in selected:
            if rule.kind in ("date", "excluded"):
                value = figure(rule, fact)
                n = value if rule.kind == "date" else 0
                if value is not None and holds(condition, {"n": n, "v": value}):
                    violations.append({"rule": rule.id, "k": key, "n": n, "apps": [fact["application"]], "units": []})
                continue
            group = groups.setdefault(key, {"values": [], "total": 0, "hits": 0, "apps": [], "units": []})
            for field, item in (
                ("values", str(fact.get(rule.count or "application"))),
                ("apps", fact["application"]),
                ("units", fact.get("unit_label", "")),
            ):
                if item and item not in group[field]:
                    group[field].append(item)
            group["total"] += 1
            group["hits"] += 1 if (matches(fact, rule.numerator) if rule.numerator else True) else 0
        if rule.kind not in ("limit", "share"):
            continue
        for key, apps in seeded.items():
            group = groups.get(key, {})
            n = group_figure(rule, group)
            if holds(condition, {"n": n}):
                violations.append(
                    {
                        "rule": rule.id,
                        "k": key,
                        "n": n,
                        "apps": group.get("apps", apps),
                        "units": group.get("units", []),
                    }
                )
    return violations
