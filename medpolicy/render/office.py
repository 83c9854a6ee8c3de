"""The filled 申报信息索引表 as Markdown, xlsx or docx, in either language.

The office files are A4 landscape in 仿宋 (body) and 宋体 (headings) — in docx as the East Asian font of each
run, with Times New Roman for Latin text; in xlsx with the GB2312 character set, so that a spreadsheet without
宋体 substitutes a Chinese font — with the 一级/二级 cells merged over their rows; 不满足 cells are red, cells
without evidence amber.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medpolicy.i18n import Msg, words
from medpolicy.validation.index_table import FILL, IndexTable

__all__ = ["index_cells", "index_docx", "index_markdown", "index_xlsx"]

BODY_FONT, HEADING_FONT, LATIN_FONT = "仿宋", "宋体", "Times New Roman"
_HEADS = ("level1", "level2", "clause", "met", "evidence")


def _say(name: str, lang: str) -> str:
    return words(Msg(key=f"render.office_{name}"), lang)


def _evidence(items: list[Any], lang: str) -> str:
    return "；".join(words(e, lang) for e in items)


def index_markdown(table: IndexTable, lang: str | None = None) -> str:
    lang = lang or table.default_lang()
    head = "| " + " | ".join(_say(h, lang) for h in _HEADS) + " |"
    out = [f"# {words(table.title, lang)}", "", head, "|---|---|---|---|---|"]
    previous = ("", "")
    for r in table.rows:
        l1 = r.level1 if r.level1 != previous[0] else ""
        l2 = r.level2 if (r.level1, r.level2) != previous else ""
        previous = (r.level1, r.level2)
        evidence = _evidence(r.evidence, lang) if r.evidence else f"**{_say('not_provided', lang)}**"
        out.append(f"| {l1} | {l2} | {r.text} | {words(r.verdict, lang)} | {evidence} |")
    missing = len(table.without_evidence)
    out += ["", f"{_say('without_evidence', lang)}: {missing}"]
    return "\n".join(out) + "\n"


def index_cells(table: IndexTable, lang: str) -> list[list[str]]:
    """The header row and one row of five cells per line of the table."""
    rows = [[_say(h, lang) for h in _HEADS]]
    for r in table.rows:
        evidence = _evidence(r.evidence, lang) if r.evidence else _say("not_provided", lang)
        rows.append([r.level1, r.level2, r.text, words(r.verdict, lang), evidence])
    return rows


def index_xlsx(table: IndexTable, path: Path, lang: str | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    lang = lang or table.default_lang()
    book = Workbook()
    sheet = book.active
    sheet.title = _say("sheet", lang)
    thin = Side(style="thin")
    for n, row in enumerate(index_cells(table, lang), 1):
        sheet.append(row)
        for cell in sheet[n]:
            cell.alignment = Alignment(wrap_text=True, vertical="center" if cell.column <= 2 else "top")
            cell.font = Font(name=HEADING_FONT if n == 1 else BODY_FONT, bold=n == 1, size=11, charset=134)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if n > 1 and (colour := table.rows[n - 2].highlight):
            sheet.cell(row=n, column=4).fill = PatternFill("solid", fgColor=colour)
            if table.rows[n - 2].missing_evidence:
                sheet.cell(row=n, column=5).fill = PatternFill("solid", fgColor=FILL["not_given"])
    for column, first, last in table.spans():
        sheet.merge_cells(start_row=first + 1, start_column=column + 1, end_row=last + 1, end_column=column + 1)
    for letter, width in zip("ABCDE", (16, 22, 60, 14, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.print_title_rows = "1:1"
    book.save(path)


def index_docx(table: IndexTable, path: Path, lang: str | None = None) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    lang = lang or table.default_lang()
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
    document.add_heading(words(table.title, lang), level=1)
    cells = index_cells(table, lang)
    grid = document.add_table(rows=len(cells), cols=5)
    grid.style = "Table Grid"
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            cell = grid.cell(i, j)
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.name = LATIN_FONT
                run.bold = i == 0
                _east_asian(run._element.get_or_add_rPr(), HEADING_FONT if i == 0 else BODY_FONT, qn, OxmlElement)
        if i > 0 and (colour := table.rows[i - 1].highlight):
            _shade(grid.cell(i, 3), colour, qn, OxmlElement)
            if table.rows[i - 1].missing_evidence:
                _shade(grid.cell(i, 4), FILL["not_given"], qn, OxmlElement)
    for column, first, last in table.spans():
        text = grid.cell(first, column).text
        merged = grid.cell(first, column).merge(grid.cell(last, column))
        for paragraph in merged.paragraphs:  # merging joins the cells' paragraphs: keep one, with the text
            for old in paragraph.runs:
                old._element.getparent().remove(old._element)
        run = merged.paragraphs[0].add_run(text)
        run.font.name = LATIN_FONT
        _east_asian(run._element.get_or_add_rPr(), BODY_FONT, qn, OxmlElement)
        for extra in merged.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
    for j, width in enumerate((Mm(28), Mm(34), Mm(100), Mm(25), Mm(70))):
        for cell in grid.columns[j].cells:
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
