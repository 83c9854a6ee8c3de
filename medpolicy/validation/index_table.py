"""The 申报信息索引表 filled in: for each evaluation clause, 是否满足 and 证明材料索引.

Rows come from the policy's clauses that carry an index-table position (``mp:indexRow``), in the table's own
order and wording; a row the notice printed as one cell but the knowledge base splits into atomic clauses is
shown as consecutive lines under the same headings, as the printed table merges cells.

是否满足 is 满足 only for a clause that passes and for which the applicant names evidence (``mp:supportsClause``
on the row's clause, or on another clause of the policy with the same topic): without a document to point to,
a passing row reads 满足（未提供证明材料）and, like every row without evidence, is highlighted amber (不满足: red);
the evidence column then reads 未提供. The office files are A4 landscape
in 仿宋 (body) and 宋体 (headings) — in docx as the East Asian font of each run, with Times New Roman for Latin
text; in xlsx with the GB2312 character set, so that a spreadsheet without 宋体 substitutes a Chinese font —
with the 一级/二级 cells merged over their rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.report import Report

__all__ = ["IndexRow", "IndexTable", "index_table"]

_NOT_GIVEN = {"zh": "未提供", "en": "not provided"}
_MET_WITHOUT_EVIDENCE = {"zh": "满足（未提供证明材料）", "en": "met (evidence not provided)"}
_FILL = {"fail": "FFC7CE", "not_given": "FFEB9C"}  # red for 不满足, amber for 未提供
BODY_FONT, HEADING_FONT, LATIN_FONT = "仿宋", "宋体", "Times New Roman"
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

    @property
    def highlight(self) -> str | None:
        """The fill colour of the row's 是否满足 cell: red for 不满足, amber for 未提供; None otherwise."""
        if self.status == "fail":
            return _FILL["fail"]
        if self.missing_evidence and self.status != "not_applicable":
            return _FILL["not_given"]
        return None


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
            evidence = "；".join(r.evidence) if r.evidence else ("**未提供**" if zh else "**not provided**")
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
            evidence = "；".join(r.evidence) if r.evidence else _NOT_GIVEN[lang]
            rows.append([r.level1, r.level2, r.text, r.verdict, evidence])
        return rows

    def _spans(self) -> list[tuple[int, int, int]]:
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

    def to_xlsx(self, path: Path, lang: str = "zh") -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        book = Workbook()
        sheet = book.active
        sheet.title = "申报信息索引表" if lang == "zh" else "index table"
        thin = Side(style="thin")
        for n, row in enumerate(self._cells(lang), 1):
            sheet.append(row)
            for cell in sheet[n]:
                cell.alignment = Alignment(wrap_text=True, vertical="center" if cell.column <= 2 else "top")
                cell.font = Font(name=HEADING_FONT if n == 1 else BODY_FONT, bold=n == 1, size=11, charset=134)
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if n > 1 and (colour := self.rows[n - 2].highlight):
                sheet.cell(row=n, column=4).fill = PatternFill("solid", fgColor=colour)
                if self.rows[n - 2].missing_evidence:
                    sheet.cell(row=n, column=5).fill = PatternFill("solid", fgColor=_FILL["not_given"])
        for column, first, last in self._spans():
            sheet.merge_cells(start_row=first + 1, start_column=column + 1, end_row=last + 1, end_column=column + 1)
        for letter, width in zip("ABCDE", (16, 22, 60, 14, 40), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.print_title_rows = "1:1"
        book.save(path)

    def to_docx(self, path: Path, lang: str = "zh") -> None:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        document = Document()
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        for style_name, font_name in (("Normal", BODY_FONT), ("Heading 1", HEADING_FONT)):
            style = document.styles[style_name]
            style.font.name = LATIN_FONT
            style.font.size = Pt(11 if style_name == "Normal" else 16)
            _east_asian(style.element.get_or_add_rPr(), font_name, qn, OxmlElement)
        document.add_heading(self.title, level=1)
        cells = self._cells(lang)
        table = document.add_table(rows=len(cells), cols=5)
        table.style = "Table Grid"
        for i, row in enumerate(cells):
            for j, text in enumerate(row):
                cell = table.cell(i, j)
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.font.name = LATIN_FONT
                    run.bold = i == 0
                    _east_asian(run._element.get_or_add_rPr(), HEADING_FONT if i == 0 else BODY_FONT, qn, OxmlElement)
            if i > 0 and (colour := self.rows[i - 1].highlight):
                _shade(table.cell(i, 3), colour, qn, OxmlElement)
                if self.rows[i - 1].missing_evidence:
                    _shade(table.cell(i, 4), _FILL["not_given"], qn, OxmlElement)
        for column, first, last in self._spans():
            text = table.cell(first, column).text
            merged = table.cell(first, column).merge(table.cell(last, column))
            for paragraph in merged.paragraphs:  # merging joins the cells' paragraphs: keep one, with the text
                for old in paragraph.runs:
                    old._element.getparent().remove(old._element)
            run = merged.paragraphs[0].add_run(text)
            run.font.name = LATIN_FONT
            _east_asian(run._element.get_or_add_rPr(), BODY_FONT, qn, OxmlElement)
            for extra in merged.paragraphs[1:]:
                extra._element.getparent().remove(extra._element)
        for j, width in enumerate((Mm(28), Mm(34), Mm(100), Mm(25), Mm(70))):
            for cell in table.columns[j].cells:
                cell.width = width
        document.save(str(path))


def _east_asian(rpr: Any, font: str, qn: Any, element: Any) -> None:
    """Set the East Asian font of a run or style (Word reads w:eastAsia for Chinese characters)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = element("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _shade(cell: Any, colour: str, qn: Any, element: Any) -> None:
    shading = element("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._element.get_or_add_tcPr().append(shading)


def index_table(report: Report, kb: KnowledgeBase | None = None) -> IndexTable:
    """Fill the policy's index table from a validation report (and the evidence it carries)."""
    kb = kb or KnowledgeBase.default()
    results = {r.clause: r for r in report.results}
    clauses = {c.id: c for c in kb.clauses(report.policy)}
    by_topic: dict[str, list[str]] = {}
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
        verdict = _VERDICT[report.lang][result.status]
        if result.status == "pass" and not evidence:  # never 满足 without a document to point to
            verdict = _MET_WITHOUT_EVIDENCE[report.lang]
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
    title = ("申报信息索引表：" if report.lang == "zh" else "Application index table: ") + report.policy_title
    return IndexTable(policy=report.policy, title=title, rows=rows)
