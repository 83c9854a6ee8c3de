"""medpolicy: Chinese medical-equipment funding notices as a checkable knowledge base.

The public API returns pydantic models and never prints::

    import medpolicy
    report = medpolicy.validate("applicant.ttl", policy="2025_national", lang="en")
    report.failed, report.to_json(), report.to_markdown()
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from medpolicy.errors import InputError, MedpolicyError, PolicyLoadError, UnknownPolicyError
from medpolicy.models import Clause, CoverageRow, Parameter, Policy

if TYPE_CHECKING:
    from rdflib import Graph

    from medpolicy.report import Report

__all__ = [
    "Clause",
    "CoverageRow",
    "InputError",
    "MedpolicyError",
    "Parameter",
    "Policy",
    "PolicyLoadError",
    "UnknownPolicyError",
    "__version__",
    "clauses",
    "coverage",
    "policies",
    "validate",
]

__version__ = "0.1.0"


def policies() -> list[Policy]:
    """The policy documents of the bundled knowledge base."""
    from medpolicy.kb import KnowledgeBase

    return KnowledgeBase.default().policies()


def clauses(policy: str | None = None, kind: str | None = None, topic: str | None = None) -> list[Clause]:
    """Clauses in document order, filtered by policy id, kind token and topic name."""
    from medpolicy.kb import KnowledgeBase

    return KnowledgeBase.default().clauses(policy, kind=kind, topic=topic)


def coverage() -> list[CoverageRow]:
    """Per policy: how many clauses are checked by shape, by rule, manually, or are information."""
    from medpolicy.coverage import coverage as compute

    return compute()


def validate(
    source: Graph | str | Path,
    policy: str,
    *,
    lang: str = "zh",
    as_of: dt.date | None = None,
    input_format: str | None = None,
    strict: bool = False,
) -> Report:
    """Validate an applicant graph (or file) against a policy; every clause gets a status."""
    from medpolicy.validation import validate as run

    return run(source, policy, lang=lang, as_of=as_of, input_format=input_format, strict=strict)
