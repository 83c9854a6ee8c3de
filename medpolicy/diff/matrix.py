"""Every pair of policies at once: for each (the earlier one as A), shared topics and entries of each change."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from pydantic import BaseModel

from medpolicy.diff.compare import diff
from medpolicy.kb.store import KnowledgeBase

__all__ = ["Matrix", "MatrixCell", "diff_matrix", "policy_order"]


class MatrixCell(BaseModel):
    """Counts for one pair of policies (A the earlier one)."""

    a: str
    b: str
    shared_topics: int
    same: int = 0
    stricter: int = 0
    looser: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0


class Matrix(BaseModel):
    policies: list[str]
    cells: list[MatrixCell]


def policy_order(kb: KnowledgeBase, policies: Iterable[str] | None = None) -> list[str]:
    """Policies by date of issue (earliest first; undated last), then id: the order of the matrix pairs."""
    ids = list(policies) if policies is not None else kb.policy_ids
    for pid in ids:
        kb.policy_dir(pid)

    def key(pid: str) -> tuple[str, str]:
        issued = kb.policy(pid).issued
        return (str(issued) if issued else "9999", pid)

    return sorted(dict.fromkeys(ids), key=key)


def diff_matrix(policies: Iterable[str] | None = None, *, kb: KnowledgeBase | None = None) -> Matrix:
    """For every pair of policies (the earlier one as A): shared topics and entries of each change."""
    kb = kb or KnowledgeBase.default()
    ordered = policy_order(kb, policies)
    cells = []
    for a, b in itertools.combinations(ordered, 2):
        report = diff(a, b, kb=kb)
        cells.append(MatrixCell(a=a, b=b, shared_topics=len(report.shared_topics), **report.summary))
    return Matrix(policies=ordered, cells=cells)
