"""The 申报信息索引表 filled in: for each evaluation clause, 是否满足 and 证明材料索引.

Rows come from the policy's clauses that carry an index-table position (``mp:indexRow``), in the table's own
order and wording; a row the notice printed as one cell but the knowledge base splits into atomic clauses is
shown as consecutive lines under the same headings, as the printed table merges cells.

是否满足 is 满足 only for a clause that passes and for which the applicant names evidence (``mp:supportsClause``
on the row's clause, or on another clause of the policy with the same topic): without a document to point to,
a passing row reads 满足（未提供证明材料）and, like every row without evidence, is highlighted amber (不满足: red);
the evidence column then reads 未提供. The table holds facts; :mod:`medpolicy.render.office` writes it as
Markdown, xlsx or docx in either language.
"""

from __future__ import annotations

from pydantic import BaseModel

from medpolicy.i18n import Msg
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.report import Rendered, Report, Text

__all__ = ["FILL", "IndexRow", "IndexTable", "index_table"]

FILL = {"fail": "FFC7CE", "not_given": "FFEB9C"}  # red for 不满足, amber for 未提供


class IndexRow(BaseModel):
    row: int
    level1: str
    level2: str
    clause: str
    text: str
    status: str
    verdict: Text
    evidence: list[Text]
    missing_evidence: bool
    note: Text = ""

    @property
    def highlight(self) -> str | None:
        """The fill colour of the row's 是否满足 cell: red for 不满足, amber for 未提供; None otherwise."""
        if self.status == "fail":
            return FILL["fail"]
        if self.missing_evidence and self.status != "not_applicable":
            return FILL["not_given"]
        return None


class IndexTable(Rendered):
    """The filled table; rendered in the language of the report it was filled from, unless told otherwise."""

    policy: str
    title: Text
    rows: list[IndexRow]

    @property
    def without_evidence(self) -> list[IndexRow]:
        return [r for r in self.rows if r.missing_evidence]

    def spans(self) -> list[tuple[int, int, int]]:
        """(column, first row, last row) of the 一级 (column 0) and 二级 (column 1) cells to merge; rows from 1."""
        spans: list[tuple[int, int, int]] = []
        for column, key in ((0, lambda r: (r.level1,)), (1, lambda r: (r.level1, r.level2))):
            start = 0
            for i in range(1, len(self.rows) + 1):
                if i == len(self.rows) or key(self.rows[i]) != key(self.rows[start]):
                    if i - start > 1:
                        spans.append((column, start + 1, i))
                    start = i
        return spans


def index_table(report: Report, kb: KnowledgeBase | None = None) -> IndexTable:
    """Fill the policy's index table from a validation report (and the evidence it carries)."""
    kb = kb or KnowledgeBase.default()
    results = {r.clause: r for r in report.results}
    clauses = {c.id: c for c in kb.clauses(report.policy)}
    by_topic: dict[str, list[Text]] = {}
    for r in report.results:
        topic = clauses[r.clause].topic if r.clause in clauses else ""
        for item in r.evidence_given:
            if topic and item not in by_topic.setdefault(topic, []):
                by_topic[topic].append(item)
    rows = []
    for clause in sorted(
        (c for c in kb.clauses(report.policy) if c.index_row is not None), key=lambda c: (c.index_row or 0, c.order)
    ):
        result = results[clause.id]
        evidence = list(result.evidence_given) or by_topic.get(clause.topic, [])
        verdict = Msg(key=f"validation.index_{result.status}")
        if result.status == "pass" and not evidence:  # never 满足 without a document to point to
            verdict = Msg(key="validation.index_met_without_evidence")
        rows.append(
            IndexRow(
                row=clause.index_row or 0,
                level1=clause.index_level1 or "",
                level2=clause.index_level2 or "",
                clause=clause.id,
                text=clause.text,
                status=result.status,
                verdict=verdict,
                evidence=evidence,
                missing_evidence=not evidence,
                note=result.message if result.status in ("fail", "warning") else "",
            )
        )
    title = Msg(key="validation.index_title", params={"title": report.policy_title})
    return IndexTable(policy=report.policy, title=title, rows=rows).with_lang(report.lang)
