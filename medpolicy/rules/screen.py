"""Screening a batch: each application validated where it runs, then the cross-application rules on the facts.

Files are screened in worker processes (or on a Dask cluster, ``scheduler``); each sends back only the facts the
rules read, a compact verdict and its report as JSON text, which ``on_report`` receives as it arrives (the CLI
writes it out, nothing keeps it). The rules then run on the gathered facts, on durable_rules (the engine of
record: it holds 10,000 applications' facts in ~430 MiB) or, on request, on the compiled backend (plain Python
over the same ``rules.toml``, identical findings, ~25× faster). Findings are language-free
(:class:`~medpolicy.rules.findings.RuleFinding`); ``medpolicy.render.screen`` words them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from medpolicy.errors import InputError
from medpolicy.io.inputs import read_graph
from medpolicy.kb.rulesets import Rule, load_rules
from medpolicy.kb.store import KnowledgeBase
from medpolicy.rules.cluster import default_workers, in_process, in_processes, on_dask
from medpolicy.rules.durable import run_rules
from medpolicy.rules.engine import isolated
from medpolicy.rules.facts import collect_files, facts_of, policy_of, split_applications
from medpolicy.rules.findings import RuleFinding, Verdict, by_application, make_finding, merge_report, merge_verdict
from medpolicy.rules.grouping import run_compiled
from medpolicy.rules.worker import Job, Outcome
from medpolicy.validation.report import Report

__all__ = [
    "Backend",
    "Batch",
    "RuleFinding",
    "ScreenError",
    "ScreenResult",
    "Verdict",
    "collect_files",
    "facts_of",
    "run_findings",
    "run_rules",
    "screen",
    "screen_batch",
]

Backend = Literal["durable", "compiled"]


class ScreenError(BaseModel):
    """A file (or an application in it) that could not be screened: unusable input. The rest are screened."""

    application: str
    file: str
    message: str


class Batch(BaseModel):
    """A screening without its reports: verdicts (with the findings merged), findings, rules, input errors."""

    policy: str
    verdicts: list[Verdict]
    findings: list[RuleFinding]
    rules: list[str]
    errors: list[ScreenError] = []
    backend: str = "durable"

    @property
    def eligible(self) -> list[str]:
        return [v.application for v in self.verdicts if v.conforms]


class ScreenResult(BaseModel):
    """A screening with every application's full report (the library call; the CLI streams reports instead)."""

    policy: str
    applications: list[Report]
    findings: list[RuleFinding]
    rules: list[str]
    errors: list[ScreenError] = []

    @property
    def eligible(self) -> list[str]:
        return [r.source for r in self.applications if r.conforms]


def _first_policy(files: list[Path], kb: KnowledgeBase) -> str | None:
    """The policy the first readable application names (None when no file is readable)."""
    for path in files:
        try:
            parts = split_applications(read_graph(path))
        except InputError:
            continue
        if parts:
            return policy_of(kb, parts[0][1], parts[0][0])
    return None


def run_findings(
    kb: KnowledgeBase, rules: list[Rule], facts: list[dict[str, Any]], backend: Backend = "durable"
) -> list[RuleFinding]:
    """The findings of the rules on the facts (durable_rules in a child process, or the compiled backend)."""
    if not rules:
        return []
    violations = run_compiled(rules, facts) if backend == "compiled" else isolated(run_rules, rules, facts)
    return [make_finding(kb, rules, v) for v in violations]


def _outcomes(
    paths: list[str], job: Job, kb: KnowledgeBase, workers: int, scheduler: str | None
) -> Iterator[tuple[int, list[Outcome]]]:
    if scheduler:
        return on_dask(paths, job, scheduler)
    if workers <= 1 or len(paths) <= 1:
        return in_process(paths, job, kb)
    return in_processes(paths, job, min(workers, len(paths)))


def screen_batch(
    paths: list[str],
    policy: str | None = None,
    *,
    lang: str = "zh",
    as_of: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    validate_each: bool = True,
    workers: int | None = None,
    scheduler: str | None = None,
    backend: Backend = "durable",
    on_report: Callable[[str, str], None] | None = None,
) -> Batch:
    """Screen every application in ``paths``; ``on_report(application, report_json)`` receives each report (before
    the cross-application findings, which the returned verdicts include) as its file finishes."""
    kb = kb or KnowledgeBase.default()
    files = collect_files(paths)
    named = policy is None
    policy = _first_policy(files, kb) if policy is None else kb.policy_dir(policy).name
    root = None if kb is KnowledgeBase.default() else str(kb.root)
    done: dict[int, list[Outcome]] = {}
    if policy is not None:
        job = Job(policy, named, lang, as_of, validate_each, root)
        for index, outcomes in _outcomes([str(f) for f in files], job, kb, workers or default_workers(), scheduler):
            for outcome in outcomes:
                if outcome.report is not None and on_report is not None:
                    on_report(outcome.application, outcome.report)
                outcome.report = None
            done[index] = outcomes
    else:
        done = {0: [Outcome(application=f.stem, file=str(f), error=_unreadable(f)) for f in files]}
    verdicts: dict[str, Verdict] = {}
    facts: list[dict[str, Any]] = []
    errors: list[ScreenError] = []
    for index in sorted(done):  # in file order, whatever order they finished in
        for outcome in done[index]:
            if outcome.fatal is not None:
                raise InputError(**outcome.fatal)  # type: ignore[arg-type]
            if outcome.verdict is None:
                errors.append(
                    ScreenError(application=outcome.application, file=outcome.file, message=str(outcome.error))
                )
                continue
            verdicts[outcome.application] = outcome.verdict
            facts += outcome.facts
    if not verdicts and errors:
        shown = errors[0].message if len(errors) == 1 else f"{errors[0].message} (and {len(errors) - 1} more)"
        raise InputError(f"no application could be screened: {shown}")
    if policy is None:
        raise InputError("say which policy (the applications name none or several)", argument="policy")
    rules = load_rules(policy, kb)
    findings = run_findings(kb, rules, facts, backend)
    mine = by_application(findings)
    merged = [merge_verdict(v, mine.get(name, [])) for name, v in verdicts.items()]
    return Batch(
        policy=policy, verdicts=merged, findings=findings, rules=[r.id for r in rules], errors=errors, backend=backend
    )


def _unreadable(path: Path) -> str:
    """The input error of a file when no file of the batch is readable."""
    from medpolicy.rules.worker import error_text

    try:
        parts = split_applications(read_graph(path))
        if not parts:
            raise InputError("no mp:Application in the file", file=str(path))
    except InputError as exc:
        return error_text(exc, path)
    return "unreadable"


def screen(
    paths: list[str],
    policy: str | None = None,
    *,
    lang: str = "zh",
    as_of: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    validate_each: bool = True,
    workers: int | None = 1,
    scheduler: str | None = None,
    backend: Backend = "durable",
) -> ScreenResult:
    """Validate every application in ``paths`` (unless ``validate_each`` is false: rules only), run the policy's
    cross-application rules and merge the findings into the reports (all kept: for large batches use
    :func:`screen_batch`, which streams them)."""
    reports: dict[str, Report] = {}

    def keep(name: str, text: str) -> None:
        reports[name] = Report.model_validate_json(text)

    batch = screen_batch(
        paths, policy, lang=lang, as_of=as_of, kb=kb, validate_each=validate_each, workers=workers,
        scheduler=scheduler, backend=backend, on_report=keep,
    )  # fmt: skip
    mine = by_application(batch.findings)
    applications = [merge_report(reports[v.application], mine.get(v.application, [])) for v in batch.verdicts]
    return ScreenResult(
        policy=batch.policy, applications=applications, findings=batch.findings, rules=batch.rules, errors=batch.errors
    )
