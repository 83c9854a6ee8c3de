"""One file of a batch, screened where it runs (in the caller, a worker process, or a Dask worker).

:func:`screen_file` reads the file, validates each application in it and returns, per application, only what the
batch needs: its facts for the cross-application rules, a compact :class:`Verdict`, and its report as JSON text
(written out by the caller as it arrives, never kept). The knowledge base is loaded once per process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from medpolicy.errors import InputError
from medpolicy.io.inputs import read_graph
from medpolicy.kb.rulesets import load_rules
from medpolicy.kb.store import KnowledgeBase, local_name
from medpolicy.rules.facts import facts_of, policy_of, split_applications
from medpolicy.rules.findings import STATUSES, Verdict
from medpolicy.validation.report import ClauseResult, Report
from medpolicy.validation.run import validate

__all__ = ["Job", "Outcome", "init_worker", "screen_file"]


@dataclasses.dataclass(frozen=True)
class Job:
    """What every file of one batch is screened with (picklable; ``root`` None: the packaged knowledge base)."""

    policy: str
    check_named: bool  # the policy was taken from the first application: each must name the same
    lang: str
    as_of: dt.date | None
    validate_each: bool
    root: str | None = None


@dataclasses.dataclass
class Outcome:
    """One application of a file: its facts, verdict and report, or its input error (``fatal``: the batch's)."""

    application: str
    file: str
    facts: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    verdict: Verdict | None = None
    report: str | None = None
    error: str | None = None
    fatal: dict[str, str | None] | None = None  # an InputError's fields (exceptions lose them when pickled)


@cache
def _kb(root: str | None) -> KnowledgeBase:
    return KnowledgeBase(Path(root)) if root else KnowledgeBase.default()


_CLAUSES: dict[tuple[str, str], frozenset[str]] = {}


def _clauses_of(kb: KnowledgeBase, policy: str) -> frozenset[str]:
    """The clauses the policy's rules check (read once per process)."""
    key = (str(kb.root), policy)
    if key not in _CLAUSES:
        _CLAUSES[key] = frozenset(r.clause_iri for r in load_rules(policy, kb))
    return _CLAUSES[key]


def init_worker(root: str | None, policy: str) -> None:
    """Load the knowledge base, the policy and its rules once, when a worker process starts."""
    kb = _kb(root)
    kb.policy_graph(policy)
    kb.shapes_graph(policy)
    _clauses_of(kb, policy)


def error_text(exc: InputError, path: Path) -> str:
    if exc.file is None:
        exc.file = str(path)
    return " ".join(str(exc).split())[:500]


def screen_file(path: str, job: Job, kb: KnowledgeBase | None = None) -> list[Outcome]:
    """Every application of the file at ``path``, screened (reports in ``job.lang``; rules not yet run)."""
    kb = kb or _kb(job.root)
    file = Path(path)
    try:
        parts = split_applications(read_graph(file))
        if not parts:
            raise InputError("no mp:Application in the file", file=path)
    except InputError as exc:
        return [Outcome(application=file.stem, file=path, error=error_text(exc, file))]
    out = []
    for app, part in parts:
        name = file.stem if len(parts) == 1 else f"{file.stem}#{local_name(app)}"
        try:
            if job.check_named and (named := policy_of(kb, part, app)) != job.policy:
                raise InputError(f"names the policy {named}, not {job.policy} like the first application")
            report = (
                validate(part, job.policy, lang=job.lang, as_of=job.as_of, kb=kb)
                if job.validate_each
                else _empty(kb, job)
            )
            facts = facts_of(name, part, app, kb, job.policy)
        except InputError as exc:
            if exc.argument == "policy" or exc.where == "--policy":
                fields = {"message": exc.message, "file": exc.file, "where": exc.where, "argument": exc.argument}
                out.append(Outcome(application=name, file=path, fatal=fields))
                return out
            out.append(Outcome(application=name, file=path, error=error_text(exc, file)))
            continue
        report.source = name
        clauses = _clauses_of(kb, job.policy)
        verdict = Verdict(
            application=name,
            file=path,
            conforms=report.conforms,
            summary=report.summary,
            statuses={r.clause: r.status for r in report.results if r.clause in clauses},
        )
        out.append(Outcome(application=name, file=path, facts=facts, verdict=verdict, report=report.model_dump_json()))
    return out


def _empty(kb: KnowledgeBase, job: Job) -> Report:
    """A report with only the clauses of the policy's rules (used when applications are not validated)."""
    rule_clauses = _clauses_of(kb, job.policy)
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
            message="满足" if job.lang == "zh" else "met",
        )
        for c in kb.clauses(job.policy)
        if c.id in rule_clauses
    ]
    return Report(
        policy=job.policy,
        as_of=(job.as_of or dt.date.today()).isoformat(),
        lang=job.lang,
        conforms=True,
        summary={s: len(results) if s == "pass" else 0 for s in STATUSES},
        results=results,
    )
