"""medpolicy: Chinese medical-equipment funding notices as a checkable knowledge base.

The public API returns pydantic models and never prints. Every function below has an example that
``tests/test_api.py`` runs as a doctest (from the repository root, where ``examples/`` is)::

    import medpolicy
    report = medpolicy.validate("applicant.ttl", policy="2025_national", lang="en", as_of="2025-10-15")
    report.failed, report.to_json(), report.to_markdown()

Errors are typed: :class:`InputError` for unusable input, :class:`UnknownArgumentError` (and its
:class:`UnknownPolicyError`) naming the argument (``exc.argument == "policy"``), :class:`PolicyLoadError`
for a broken knowledge base. Dates (``as_of``) are a :class:`datetime.date` or an ISO string ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medpolicy.errors import InputError, MedpolicyError, PolicyLoadError, UnknownArgumentError, UnknownPolicyError
from medpolicy.kb.models import Clause, CoverageRow, Parameter, Policy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rdflib import Graph

    from medpolicy.diff.models import DiffReport
    from medpolicy.rules.screen import ScreenResult
    from medpolicy.timeline.run import Timeline
    from medpolicy.validation.index_table import IndexTable
    from medpolicy.validation.match import MatchEntry
    from medpolicy.validation.report import Report

__all__ = [
    "Clause",
    "CoverageRow",
    "InputError",
    "MedpolicyError",
    "Parameter",
    "Policy",
    "PolicyLoadError",
    "UnknownArgumentError",
    "UnknownPolicyError",
    "__version__",
    "clauses",
    "coverage",
    "diff",
    "index_table",
    "match",
    "policies",
    "screen",
    "template",
    "timeline",
    "validate",
]

__version__ = "0.1.0"

DateLike = dt.date | str | None


def _date(value: DateLike) -> dt.date | None:
    from medpolicy.kb.arguments import as_date

    return as_date(value)


def policies() -> list[Policy]:
    """The policy documents of the bundled knowledge base.

    >>> [p.id for p in policies()]
    ['2025_national', 'aimd_jiebang', 'chongqing', 'plan_14th', 'rd_2019']
    """
    from medpolicy.kb.store import KnowledgeBase

    return KnowledgeBase.default().policies()


def clauses(policy: str | None = None, kind: str | None = None, topic: str | None = None) -> list[Clause]:
    """Clauses in document order, filtered by policy id, kind token and topic name.

    An unknown policy, kind or topic raises :class:`UnknownArgumentError` naming the argument.

    >>> ratio = clauses(policy="chongqing", topic="rd-investment-ratio")[0]
    >>> ratio.parameters[0].comparator, ratio.parameters[0].value, ratio.parameters[0].unit_code
    ('>=', 5, 'percent')
    >>> clauses(kind="indicators")
    Traceback (most recent call last):
    ...
    medpolicy.errors.UnknownArgumentError: kind: unknown clause kind 'indicators'; did you mean indicator?...
    """
    from medpolicy.kb.store import KnowledgeBase

    return KnowledgeBase.default().clauses(policy, kind=kind, topic=topic)


def coverage() -> list[CoverageRow]:
    """Per policy: how many clauses are checked by shape, by rule, manually, or are information.

    >>> sum(row.clauses for row in coverage()) == len(clauses())
    True
    """
    from medpolicy.kb.coverage import coverage as compute

    return compute()


def validate(
    source: Graph | str | Path,
    policy: str,
    *,
    lang: str = "zh",
    as_of: DateLike = None,
    input_format: str | None = None,
    strict: bool = False,
) -> Report:
    """Validate an applicant graph (or file) against a policy; every clause gets a status.

    >>> report = validate("examples/chongqing/fail-rd-ratio.ttl", "chongqing", lang="en", as_of="2026-05-15")
    >>> report.conforms, [r.clause.rsplit("/", 1)[-1] for r in report.failed]
    (False, ['a1-s3-2-1-1-d', 'idx-2-1'])
    """
    from medpolicy.validation.run import validate as run

    return run(source, policy, lang=lang, as_of=_date(as_of), input_format=input_format, strict=strict)


def match(source: Graph | str | Path, *, lang: str = "zh", as_of: DateLike = None) -> list[MatchEntry]:
    """One applicant against every notice, ranked: eligible first, then in scope, then fewest changes.

    >>> best = match("examples/aimd_jiebang/pass.ttl", lang="en", as_of="2025-03-01")[0]
    >>> best.policy, best.eligible
    ('aimd_jiebang', True)
    """
    from medpolicy.validation.match import match as run

    return run(source, lang=lang, as_of=_date(as_of))


def diff(a: str, b: str, **options: Any) -> DiffReport:
    """Align the clauses of policies ``a`` and ``b`` by topic and compare their parameters.

    ``options``: ``topic``, ``product``, ``only_changes``, ``related_families``, ``shared_families``.

    >>> report = diff("2025_national", "chongqing", topic="rd-investment-ratio")
    >>> sorted({e.change for e in report.entries}) <= ["added", "changed", "looser", "removed", "same", "stricter"]
    True
    """
    from medpolicy.diff.compare import diff as run

    return run(a, b, **options)


def screen(
    paths: Sequence[str | Path], policy: str | None = None, *, lang: str = "zh", as_of: DateLike = None
) -> ScreenResult:
    """Validate a batch of applications and run the policy's cross-application rules.

    >>> result = screen(["examples/chongqing/pass.ttl"], "chongqing", as_of="2026-05-15")
    >>> len(result.applications), result.applications[0].conforms
    (1, True)
    """
    from medpolicy.rules.screen import screen as run

    return run([str(p) for p in paths], policy, lang=lang, as_of=_date(as_of))


def timeline(
    source: str | Path | Sequence[dict[str, Any]],
    policy: str,
    *,
    lang: str = "zh",
    as_of: DateLike = None,
    strict: bool = False,
) -> Timeline:
    """A project's dated events run through the policy's procedure: state, violations, next deadlines.

    >>> result = timeline("examples/timelines/chongqing-clean.jsonl", "chongqing", as_of="2028-08-01")
    >>> result.state, result.violations
    ('closed', [])
    """
    from medpolicy.timeline.run import timeline as run

    return run(source, policy, as_of=_date(as_of), lang=lang, strict=strict)


def template(policy: str, scope: str | None = None, *, lang: str = "zh") -> str:
    """A starter applicant file in Turtle with the fields the policy's checks read (``scope``: a clause id).

    >>> "mp:Application" in template("chongqing", lang="en")
    True
    """
    from medpolicy.applicant.template import template_turtle
    from medpolicy.kb.store import KnowledgeBase

    kb = KnowledgeBase.default()
    kb.policy_dir(policy)
    iri = None
    if scope:
        found = [c.id for c in kb.clauses(policy) if scope in (c.id, c.id.rsplit("/", 1)[-1])]
        if not found:
            raise UnknownArgumentError(f"no clause {scope!r} in {policy}", argument="scope")
        iri = found[0]
    return template_turtle(policy, iri, lang, kb)


def index_table(source: Graph | str | Path, policy: str, *, lang: str = "zh", as_of: DateLike = None) -> IndexTable:
    """The policy's 申报信息索引表 filled from an applicant: 是否满足 and 证明材料 per row.

    >>> table = index_table("examples/chongqing/pass.ttl", "chongqing", as_of="2026-05-15")
    >>> table.rows[0].level1, len(table.rows) > 10
    ('1.联合体构成', True)
    """
    from medpolicy.validation.index_table import index_table as build

    return build(validate(source, policy, lang=lang, as_of=as_of))


_FUNCTIONS = {"diff", "match", "screen", "timeline", "template", "index_table"}


class _Package(types.ModuleType):
    """Keeps ``medpolicy.diff`` (and the other functions named like their modules) the function.

    Importing a submodule sets it as an attribute of its package; here the function stays, and the module is
    reached as always with ``from medpolicy.diff.compare import …`` (or ``sys.modules["medpolicy.diff.compare"]``).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _FUNCTIONS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
