"""Findings of the cross-application rules, language-free, and how they change an application's verdict.

A :class:`RuleFinding` carries facts (the clause, the group, the figure, the applications and units) and its
words as :class:`~medpolicy.i18n.Msg` / :class:`~medpolicy.i18n.Both`; ``medpolicy.render.screen`` words them.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from medpolicy.i18n import Both, Msg, words
from medpolicy.kb.explain import expected_text
from medpolicy.kb.rulesets import Rule
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.report import ClauseResult, Finding, Report

__all__ = ["STATUSES", "RuleFinding", "Verdict", "by_application", "make_finding", "merge_report", "merge_verdict"]

STATUSES = ("pass", "fail", "warning", "manual", "not_applicable")


class RuleFinding(BaseModel):
    """A violation of a cross-application rule."""

    rule: str
    clause: str
    section: str
    text: str
    group: dict[str, str]
    value: float
    expected: Both | Msg
    applications: list[str]
    units: list[str]
    voids: bool
    severity: typing.Literal["violation", "warning"]
    message: Msg


class Verdict(BaseModel):
    """What a screening keeps of one application's report: its verdict and the status of its rules' clauses."""

    application: str
    file: str
    conforms: bool
    summary: dict[str, int]
    statuses: dict[str, str] = {}


def make_finding(kb: KnowledgeBase, rules: list[Rule], v: dict[str, Any]) -> RuleFinding:
    """The finding of one violating group (as a rule backend returns it)."""
    rule = next(r for r in rules if r.id == v["rule"])
    clause = kb.clause(rule.clause_iri)
    assert clause is not None
    expected: Both | Msg = (
        Both(zh=expected_text(rule.threshold, "zh"), en=expected_text(rule.threshold, "en"))
        if rule.threshold is not None
        else Msg(key="rules.not_one_of", params={"values": list(rule.listed)})
    )
    group = dict(zip(rule.key, str(v["k"]).split("|"), strict=False)) if rule.key else {}
    apps, units = sorted(v.get("apps", [])), sorted(v.get("units", []))
    figure = v["n"]
    if rule.kind == "date":
        shown: str | Msg = Msg(key="rules.see_date")
    elif rule.kind == "excluded":
        shown = str(v["k"])
    else:
        shown = f"{figure:g}"
    params: dict[str, Any] = {"who": list(units or apps), "shown": shown, "expected": expected, "apps": list(apps)}
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
        severity="warning" if clause.in_principle else "violation",
        message=Msg(key="rules.finding", params=params),
    )


def by_application(findings: list[RuleFinding]) -> dict[str, list[RuleFinding]]:
    out: dict[str, list[RuleFinding]] = defaultdict(list)
    for f in findings:
        for app in f.applications:
            out[app].append(f)
    return out


def _worst(status: str, f: RuleFinding) -> str:
    mine = "warning" if f.severity == "warning" else "fail"
    return "fail" if "fail" in (mine, status) else mine


def merge_report(report: Report, mine: list[RuleFinding]) -> Report:
    """The application's report with its findings in the clauses they break (worded in the report's language)."""
    if not mine:
        return report
    lang = report.lang
    for f in mine:
        for n, result in enumerate(report.results):
            if result.clause != f.clause:
                continue
            finding = Finding(
                focus=", ".join(f.units) or None,
                value=f"{f.value:g}" if f.value else None,
                expected=words(f.expected, lang),
                message=words(f.message, lang),
                severity=f.severity,
            )
            report.results[n] = ClauseResult(
                **{
                    **result.model_dump(),
                    "status": _worst(result.status, f),
                    "message": words(f.message, lang),
                    "findings": [*result.findings, finding],
                }
            )
    report.summary = {s: sum(1 for r in report.results if r.status == s) for s in STATUSES}
    report.conforms = report.summary["fail"] == 0
    return report


def merge_verdict(verdict: Verdict, mine: list[RuleFinding]) -> Verdict:
    """The verdict :func:`merge_report` gives the full report, from the statuses the verdict kept."""
    if not mine:
        return verdict
    statuses = dict(verdict.statuses)
    for f in mine:
        if f.clause in statuses:
            statuses[f.clause] = _worst(statuses[f.clause], f)
    summary = dict(verdict.summary)
    for clause, status in statuses.items():
        summary[verdict.statuses[clause]] -= 1
        summary[status] = summary.get(status, 0) + 1
    return verdict.model_copy(update={"statuses": statuses, "conforms": summary["fail"] == 0, "summary": summary})
