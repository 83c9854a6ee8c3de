"""The cross-application rules on durable_rules, the engine of record: facts are tallied per group in the
engine's state, then one ``close`` event per group (or per application, for date and excluded rules) is judged."""

from __future__ import annotations

import json
from typing import Any

from medpolicy.kb.rulesets import Rule, compile_rule
from medpolicy.rules.engine import RuleEngine
from medpolicy.rules.grouping import bucket, figure, group_figure, group_key, matches, rule_facts

__all__ = ["run_rules"]


def _tally(c: Any) -> None:
    """Action: add one fact to its group in the state (distinct counted values, applications, units, hits)."""
    state: dict[str, Any] = c.s._d  # the raw state dict: durable_rules wraps nested values in proxies
    # the C core refuses a state object of more than 255 properties: the groups travel as one JSON string
    groups = json.loads(state.get("groups") or "{}")
    group = groups.setdefault(c.m["k"], {"values": [], "total": 0, "hits": 0, "apps": [], "units": []})
    for field, item in (("values", c.m["v"]), ("apps", c.m["app"]), ("units", c.m["unit"])):
        if item and item not in group[field]:
            group[field].append(item)
    group["total"] += 1
    group["hits"] += 1 if c.m["hit"] else 0
    state["groups"] = json.dumps(groups, ensure_ascii=False)


def _post_figures(engine: RuleEngine, rule: Rule, facts: list[dict[str, Any]]) -> None:
    """Date and excluded rules: one ``close`` event per application, naming it."""
    for fact in facts:
        if fact["fact"] != rule.fact or not matches(fact, rule.where):
            continue
        value = figure(rule, fact)
        if value is None:
            continue
        key = group_key(rule, fact)
        n = value if rule.kind == "date" else 0
        close = {"t": "close", "rule": rule.id, "k": key, "n": n, "v": value, "app": fact["application"]}
        engine.post(rule.id, {"sid": bucket(key), **close})


def _post_groups(engine: RuleEngine, rule: Rule, facts: list[dict[str, Any]], found: list[dict[str, Any]]) -> None:
    """Limit and share rules: tally every fact in its group, then one ``close`` event per group."""
    seeded, selected = rule_facts(rule, facts)
    for key, fact in selected:
        hit = matches(fact, rule.numerator) if rule.numerator else True
        tally = {"t": "fact", "rule": rule.id, "k": key, "v": str(fact.get(rule.count or "application")), "hit": hit}
        engine.post(
            rule.id, {"sid": bucket(key), **tally, "app": fact["application"], "unit": fact.get("unit_label", "")}
        )
    for key, apps in seeded.items():
        group = json.loads(engine.state(rule.id, bucket(key)).get("groups") or "{}").get(key, {})
        n = group_figure(rule, group)
        before = len(found)
        engine.post(rule.id, {"sid": bucket(key), "t": "close", "rule": rule.id, "k": key, "n": n})
        for v in found[before:]:
            v["apps"], v["units"] = group.get("apps", apps), group.get("units", [])


def run_rules(rules: list[Rule], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run every rule on durable_rules; return the violating groups (picklable dicts: rule, k, n, apps, units)."""
    found: list[dict[str, Any]] = []

    def violation(c: Any) -> None:
        app = c.m["app"] if "app" in c.m else None
        found.append(
            {"rule": c.m["rule"], "k": c.m["k"], "n": c.m["n"], **({"apps": [app], "units": []} if app else {})}
        )

    rulesets = {rule.id: compile_rule(rule) for rule in rules}
    with RuleEngine(rulesets, {"tally": _tally, "violation": violation}) as engine:
        for rule in rules:
            if rule.kind in ("date", "excluded"):
                _post_figures(engine, rule, facts)
            else:
                _post_groups(engine, rule, facts, found)
    return found
