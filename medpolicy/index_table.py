"""The 申报信息索引表 filled in: for each evaluation clause, 是否满足 and 证明材料索引.

Rows come from the policy's clauses that carry an index-table position (``mp:indexRow``), in the table's own
order and wording; a row the notice printed as one cell but the knowledge base splits into atomic clauses is
shown as consecutive lines under the same headings, as the printed table merges cells.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from medpolicy.kb import KnowledgeBase
from medpolicy.report import Report

__all__ = ["IndexRow", "IndexTable", "index_table"]

_VERDICT = {
    "zh": {
        "pass": "满足",
        "fail": "不满足",
        "warning": "基本满足（原则上）",
        "manual": "待评审",
        "not_applicable": "不适用",
    },
    "en": {
        "pass": "met",
        "fail": "not met",
        "warning": "met in principle only",
        "manual": "for the reviewers",
        "not_applicable": "not applicable",
    },
}


class IndexRow(BaseModel):
    row: int
    level1: str
    level2: str
    clause: str
    text: str
    status: str
    verdict: str
    evidence: list[str]
    missing_evidence: bool
    note: str = ""


class IndexTable(BaseModel):
    policy: str
    title: str
    rows: list[IndexRow]

    @property
    def without_evidence(self) -> list[IndexRow]:
        return [r for r in self.rows if r.missing_evidence]

    def to_markdown(self, lang: str = "zh") -> str:
        zh = lang == "zh"
        head = (
            "| 一级指标 | 二级指标 | 评价条款 | 是否满足 | 证明材料索引 |"
            if zh
            else "| level 1 | level 2 | evaluation clause | met? | evidence |"
        )
        out = [f"# {self.title}", "", head, "|---|---|---|---|---|"]
        previous = ("", "")
        for r in self.rows:
            l1 = r.level1 if r.level1 != previous[0] else ""
            l2 = r.level2 if (r.level1, r.level2) != previous else ""
            previous = (r.level1, r.level2)
            evidence = "；".join(r.evidence) if r.evidence else ("**缺少证明材料**" if zh else "**no evidence**")
            out.append(f"| {l1} | {l2} | {r.text} | {r.verdict} | {evidence} |")
        missing = len(self.without_evidence)
        out += ["", f"{'缺少证明材料的条款' if zh else 'clauses without evidence'}: {missing}"]
        return "\n".join(out) + "\n"

    def _cells(self, lang: str) -> list[list[str]]:
        zh = lang == "zh"
        rows = [
            ["一级指标", "二级指标", "评价条款", "是否满足", "证明材料索引"]
            if zh
            else ["level 1", "level 2", "evaluation clause", "met?", "evidence"]
        ]
        for r in self.rows:
            evidence = "；".join(r.evidence) if r.evidence else ("缺少证明材料" if zh else "no evidence")
            rows.append([r.level1, r.level2, r.text, r.verdict, evidence])
        return rows

    def to_xlsx(self, path: Path, lang: str = "zh") -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        book = Workbook()
        sheet = book.active
        sheet.title = "申报信息索引表" if lang == "zh" else "index table"
        for n, row in enumerate(self._cells(lang), 1):
            sheet.append(row)
            for cell in sheet[n]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if n == 1:
                for cell in sheet[n]:
                    cell.font = Font(bold=True)
            elif self.rows[n - 2].missing_evidence:
                sheet.cell(row=n, column=5).fill = PatternFill("solid", fgColor="FFF2CC")
        for column, width in zip("ABCDE", (16, 22, 60, 14, 40), strict=True):
            sheet.column_dimensions[column].width = width
        book.save(path)

    def to_docx(self, path: Path, lang: str = "zh") -> None:
        from docx import Document

        document = Document()
        document.add_heading(self.title, level=1)
        cells = self._cells(lang)
        table = document.add_table(rows=len(cells), cols=5)
        table.style = "Table Grid"
        for i, row in enumerate(cells):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        document.save(str(path))


def index_table(report: Report, kb: KnowledgeBase | None = None) -> IndexTable:
    """Fill the policy's index table from a validation report (and the evidence it carries)."""
    kb = kb or KnowledgeBase.default()
    results = {r.clause: r for r in report.results}
    rows = []
    for clause in sorted(
        (c for c in kb.clauses(report.policy) if c.index_row is not None), key=lambda c: (c.index_row or 0, c.order)
    ):
        result = results[clause.id]
        rows.append(
            IndexRow(
                row=clause.index_row or 0,
                level1=clause.index_level1 or "",
                level2=clause.index_level2 or "",
                clause=clause.id,
                text=clause.text,
                status=result.status,
                verdict=_VERDICT[report.lang][result.status],
                evidence=result.evidence_given,
                missing_evidence=not result.evidence_given,
                note=result.message if result.status in ("fail", "warning") else "",
            )
        )
    title = ("申报信息索引表：" if report.lang == "zh" else "Application index table: ") + report.policy_title
    return IndexTable(policy=report.policy, title=title, rows=rows)
