"""Screening a batch: each application validated, then cross-application rules run on durable_rules.

Facts are generic: one ``application`` fact per application (its policy, categories, directions, province,
dates, recommendation) and one ``membership`` fact per unit and role (units identified by their 统一社会信用代码,
else by name). Findings name the rule's clause, quote it, list the applications and units involved, and are
merged into those applications' reports.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.io.inputs import FORMATS, read_graph
from medpolicy.kb.namespaces import MP
from medpolicy.kb.rulesets import Rule, compile_rule, load_rules
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.rules.engine import RuleEngine, isolated
from medpolicy.validation.normalise import canonical_text
from medpolicy.validation.report import ClauseResult, Finding, Report
from medpolicy.validation.run import validate

__all__ = ["RuleFinding", "ScreenError", "ScreenResult", "collect_files", "screen"]

ROLES = ("leadManufacturer", "leadHospital", "leadUnit", "participant")
BUCKETS = 1000
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


class RuleFinding(BaseModel):
    """A violation of a cross-application rule."""

    rule: str
    clause: str
    section: str
    text: str
    group: dict[str, str]
    value: float
    expected: str
    applications: list[str]
    units: list[str]
    voids: bool
    severity: typing.Literal["violation", "warning"]
    message: str


class ScreenError(BaseModel):
    """A file (or an application in it) that could not be screened: unusable input. The rest are screened."""

    application: str
    file: str
    message: str


class ScreenResult(BaseModel):
    policy: str
    applications: list[Report]
    findings: list[RuleFinding]
    rules: list[str]
    errors: list[ScreenError] = []

    @property
    def eligible(self) -> list[str]:
        return [r.source for r in self.applications if r.conforms]


def collect_files(paths: list[str]) -> list[Path]:
    """Files given, and the RDF files inside folders given (sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file())
        elif path.is_file():
            out.append(path)
        else:
            raise InputError("no such file or folder", file=raw)
    if not out:
        raise InputError("no applicant files found", file=" ".join(paths))
    return out


def _split(graph: Graph) -> list[tuple[Node, Graph]]:
    """One graph per application: everything reachable from its node (a dataset may hold several)."""
    apps = sorted(set(graph.subjects(RDF.type, MP.Application)) | set(graph.subjects(RDF.type, MP.Proposal)), key=str)
    if len(apps) <= 1:
        return [(apps[0], graph)] if apps else []
    parts = []
    for app in apps:
        part, seen, stack = Graph(), set(), [app]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in graph.predicate_objects(node):
                part.add((node, p, o))
                if not isinstance(o, Literal) and not (p == RDF.type):
                    stack.append(o)
        parts.append((app, part))
    return parts


def _label(graph: Graph, node: Node) -> str:
    for prop in (RDFS.label, MP.creditCode):
        values = [str(v) for v in graph.objects(node, prop)]
        if values:
            return values[0]
    return local_name(node)


def _province(graph: Graph, app: Node) -> str:
    values = [str(v) for v in graph.objects(app, MP.province) if getattr(v, "language", "zh") in ("zh", None)]
    if not values:
        consortium = graph.value(app, MP.consortium)
        for role in ROLES[:3]:
            lead = graph.value(consortium, MP[role]) if consortium is not None else None
            if lead is not None:
                values = [str(v) for v in graph.objects(lead, MP.province)]
                if values:
                    break
    province = values[0] if values else ""
    for suffix in _SUFFIXES:
        if province.endswith(suffix) and len(province) > len(suffix):
            return province[: -len(suffix)]
    return province


def _date(graph: Graph, app: Node, prop: URIRef) -> str | None:
    """A date of the application as YYYY-MM-DD, or InputError naming the field (even with --no-validate)."""
    value = graph.value(app, prop)
    if value is None:
        return None
    py = value.toPython() if isinstance(value, Literal) and not value.ill_typed else None
    if isinstance(py, dt.date) and not isinstance(py, dt.datetime):
        return py.isoformat()
    try:
        text = str(value).strip()
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise InputError(
        f"{str(value)[:40]!r} is not a valid xsd:date; expected a date YYYY-MM-DD",
        where=f"field {_label(graph, app)} / mp:{local_name(prop)}",
    )


def facts_of(name: str, graph: Graph, app: Node, kb: KnowledgeBase, policy: str) -> list[dict[str, Any]]:
    """The generic facts of one application."""
    policy_graph = kb.policy_graph(policy)
    directions = [local_name(o) for o in graph.objects(app, MP.appliesFor)]
    categories = sorted(
        {local_name(c) for o in graph.objects(app, MP.appliesFor) for c in policy_graph.objects(o, MP.category)}
    )
    submitted = _date(graph, app, MP.submittedOn)
    recommended_on = _date(graph, app, MP.recommendedOn)
    base = {"application": name, "category": ",".join(categories) or "-", "direction": ",".join(directions) or "-"}
    facts: list[dict[str, Any]] = [
        {
            **base,
            "fact": "application",
            "province": _province(graph, app),
            "submitted": submitted or "",
            "recommended_on": recommended_on or "",
            "recommended": bool(graph.value(app, MP.recommended)),
        }
    ]
    consortium = graph.value(app, MP.consortium)
    if consortium is not None:
        for role in ROLES:
            for unit in graph.objects(consortium, MP[role]):
                code = canonical_text(str(graph.value(unit, MP.creditCode) or ""))
                facts.append(
                    {
                        **base,
                        "fact": "membership",
                        "role": role,
                        "unit": str(code) if code else _label(graph, unit),
                        "unit_label": _label(graph, unit),
                    }
                )
    return facts


def _matches(fact: dict[str, Any], where: dict[str, Any]) -> bool:
    for field, wanted in where.items():
        value = fact.get(field)
        options = wanted if isinstance(wanted, list) else [wanted]
        if isinstance(value, str) and "," in value:
            if not set(value.split(",")) & {str(o) for o in options}:
                return False
        elif value not in options and str(value) not in [str(o) for o in options]:
            return False
    return True


def _key(rule: Rule, fact: dict[str, Any]) -> str:
    return "|".join(str(fact.get(k, "")) for k in rule.key) or "all"


def _bucket(key: str) -> str:
    return str(zlib.crc32(key.encode("utf-8")) % BUCKETS)


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


def _figure(rule: Rule, fact: dict[str, Any]) -> float | str | None:
    """The per-application figure of a date or excluded rule."""
    value = fact.get(rule.field or "")
    if rule.kind == "excluded":
        return str(value) if value else None
    if not value:
        return None
    date = dt.date.fromisoformat(str(value)[:10])
    threshold = rule.threshold.value if rule.threshold is not None else ""
    return float(date.month) if str(threshold).startswith("--") else float(date.toordinal())


def run_rules(rules: list[Rule], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run every rule on durable_rules; return the violating groups (picklable dicts)."""
    violations: list[dict[str, Any]] = []

    def violation(c: Any) -> None:
        violations.append({"rule": c.m["rule"], "k": c.m["k"], "n": c.m["n"]})

    rulesets = {rule.id: compile_rule(rule) for rule in rules}
    with RuleEngine(rulesets, {"tally": _tally, "violation": violation}) as engine:
        for rule in rules:
            keys: dict[str, dict[str, Any]] = {}
            for fact in facts:
                if fact["fact"] == "application" and rule.seed:
                    keys.setdefault(_key(rule, fact), {"apps": [fact["application"]]})
                if fact["fact"] != rule.fact or not _matches(fact, rule.where):
                    continue
                key = _key(rule, fact)
                if rule.kind in ("date", "excluded"):
                    figure = _figure(rule, fact)
                    if figure is not None:
                        engine.post(
                            rule.id,
                            {
                                "sid": _bucket(key),
                                "t": "close",
                                "rule": rule.id,
                                "k": key,
                                "n": figure if rule.kind == "date" else 0,
                                "v": figure,
                            },
                        )
                        keys[key] = {"apps": [fact["application"]]}
                    continue
                keys.setdefault(key, {})
                hit = _matches(fact, rule.numerator) if rule.numerator else True
                engine.post(
                    rule.id,
                    {
                        "sid": _bucket(key),
                        "t": "fact",
                        "rule": rule.id,
                        "k": key,
                        "v": str(fact.get(rule.count or "application")),
                        "hit": hit,
                        "app": fact["application"],
                        "unit": fact.get("unit_label", ""),
                    },
                )
            if rule.kind in ("limit", "share"):
                for key in keys:
                    group = json.loads(engine.state(rule.id, _bucket(key)).get("groups") or "{}").get(key, {})
                    if rule.kind == "limit":
                        n = float(len(group.get("values", [])))
                    else:
                        n = round(100.0 * group.get("hits", 0) / group["total"], 2) if group.get("total") else 0.0
                    engine.post(rule.id, {"sid": _bucket(key), "t": "close", "rule": rule.id, "k": key, "n": n})
                    for v in violations:
                        if v["rule"] == rule.id and v["k"] == key and "apps" not in v:
                            v["apps"] = group.get("apps", keys[key].get("apps", []))
                            v["units"] = group.get("units", [])
            for v in violations:
                if v["rule"] == rule.id and "apps" not in v:
                    v["apps"], v["units"] = keys.get(v["k"], {}).get("apps", []), []
    return violations


def screen(
    paths: list[str],
    policy: str | None = None,
    *,
    lang: str = "zh",
    as_of: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    validate_each: bool = True,
) -> ScreenResult:
    """Validate every application in ``paths`` (unless ``validate_each`` is false: rules only) and run the
    policy's cross-application rules; findings are merged into the applications' reports."""
    kb = kb or KnowledgeBase.default()
    reports: dict[str, Report] = {}
    facts: list[dict[str, Any]] = []
    errors: list[ScreenError] = []
    inferred = False
    # one file at a time: its graph is dropped once its report and facts are made (memory per application is
    # the report and the few facts the cross-application rules need)
    for path in collect_files(paths):
        try:
            parts = _split(read_graph(path))
            if not parts:
                raise InputError("no mp:Application in the file", file=str(path))
        except InputError as exc:
            errors.append(ScreenError(application=path.stem, file=str(path), message=_error_text(exc, path)))
            continue
        for app, part in parts:
            name = path.stem if len(parts) == 1 else f"{path.stem}#{local_name(app)}"
            try:
                if policy is None or inferred:
                    named = _policy_of(kb, part, app)
                    if policy is not None and named != policy:
                        raise InputError(f"names the policy {named}, not {policy} like the first application")
                    policy, inferred = named, True
                report = (
                    validate(part, policy, lang=lang, as_of=as_of, kb=kb)
                    if validate_each
                    else _empty(kb, policy, lang, as_of)
                )
                app_facts = facts_of(name, part, app, kb, policy)
            except InputError as exc:
                if exc.argument == "policy" or exc.where == "--policy":
                    raise
                errors.append(ScreenError(application=name, file=str(path), message=_error_text(exc, path)))
                continue
            report.source = name
            reports[name] = report
            facts += app_facts
    if not reports and errors:
        shown = errors[0].message if len(errors) == 1 else f"{errors[0].message} (and {len(errors) - 1} more)"
        raise InputError(f"no application could be screened: {shown}")
    if policy is None:
        raise InputError("say which policy (the applications name none or several)", argument="policy")
    rules = load_rules(policy, kb)
    violations = isolated(run_rules, rules, facts) if rules else []
    findings = [_finding(kb, rules, v, lang) for v in violations]
    _merge(reports, findings, lang)
    return ScreenResult(
        policy=policy,
        applications=list(reports.values()),
        findings=findings,
        rules=[r.id for r in rules],
        errors=errors,
    )


def _error_text(exc: InputError, path: Path) -> str:
    if exc.file is None:
        exc.file = str(path)
    return " ".join(str(exc).split())[:500]


def _policy_of(kb: KnowledgeBase, graph: Graph, app: Node) -> str:
    """The policy the first application names (the batch is screened against it)."""
    named = str(graph.value(app, MP.forPolicy))
    ids = [pid for pid in kb.policy_ids if kb.policy(pid).iri == named]
    if len(ids) != 1:
        raise InputError("say which policy (the applications name none or several)", argument="policy")
    return ids[0]


def _empty(kb: KnowledgeBase, policy: str, lang: str, as_of: dt.date | None) -> Report:
    """A report with only the clauses of the policy's rules (used when applications are not validated)."""
    rule_clauses = {r.clause_iri for r in load_rules(policy, kb)}
    results = [
        ClauseResult(
            clause=c.id,
            section=c.section,
            status="pass",
            text=c.text,
            gloss=c.gloss,
            kind=c.kind,
            check=c.check,
            topic=c.topic,
            message="满足" if lang == "zh" else "met",
        )
        for c in kb.clauses(policy)
        if c.id in rule_clauses
    ]
    return Report(
        policy=policy,
        as_of=(as_of or dt.date.today()).isoformat(),
        lang=lang,
        conforms=True,
        summary={"pass": len(results), "fail": 0, "warning": 0, "manual": 0, "not_applicable": 0},
        results=results,
    )


def _finding(kb: KnowledgeBase, rules: list[Rule], v: dict[str, Any], lang: str) -> RuleFinding:
    from medpolicy.kb.explain import expected_text

    rule = next(r for r in rules if r.id == v["rule"])
    clause = kb.clause(rule.clause_iri)
    assert clause is not None
    expected = (
        expected_text(rule.threshold, lang)
        if rule.threshold is not None
        else (("不得为：" if lang == "zh" else "not one of: ") + "、".join(rule.listed))
    )
    group = dict(zip(rule.key, str(v["k"]).split("|"), strict=False)) if rule.key else {}
    apps = sorted(v.get("apps", []))
    units = sorted(v.get("units", []))
    figure = v["n"]
    if rule.kind == "date":
        shown = "见申报日期" if lang == "zh" else "see the application's date"
    elif rule.kind == "excluded":
        shown = str(v["k"])
    else:
        shown = f"{figure:g}"
    who = "、".join(units) if units else "、".join(apps)
    if lang == "zh":
        message = f"{who}：{shown}，要求{expected}（涉及申报：{'、'.join(apps)}）"
    else:
        message = f"{who}: {shown}, required {expected} (applications: {', '.join(apps)})"
    soft = clause.in_principle
    return RuleFinding(
        rule=rule.id,
        clause=clause.id,
        section=clause.section,
        text=clause.text,
        group=group,
        value=float(figure) if isinstance(figure, int | float) else 0.0,
        expected=expected,
        applications=apps,
        units=units,
        voids=rule.void,
        severity="warning" if soft else "violation",
        message=message,
    )


def _merge(reports: dict[str, Report], findings: list[RuleFinding], lang: str) -> None:
    by_app: dict[str, list[RuleFinding]] = defaultdict(list)
    for f in findings:
        for app in f.applications:
            by_app[app].append(f)
    for name, report in reports.items():
        mine = by_app.get(name, [])
        for f in mine:
            for n, result in enumerate(report.results):
                if result.clause != f.clause:
                    continue
                finding = Finding(
                    focus=", ".join(f.units) or None,
                    value=f"{f.value:g}" if f.value else None,
                    expected=f.expected,
                    message=f.message,
                    severity=f.severity,
                )  # type: ignore[arg-type]
                status = "warning" if f.severity == "warning" else "fail"
                worst = "fail" if "fail" in (status, result.status) else status
                report.results[n] = ClauseResult(
                    **{
                        **result.model_dump(),
                        "status": worst,
                        "message": f.message,
                        "findings": [*result.findings, finding],
                    }
                )
        if mine:
            report.summary = {
                s: sum(1 for r in report.results if r.status == s)
                for s in ("pass", "fail", "warning", "manual", "not_applicable")
            }
            report.conforms = report.summary["fail"] == 0
