"""index-table as a secretary files it: A4, Chinese fonts, merged 一级/二级 cells, 不满足/未提供 highlighted,
evidence from the applicant's evidence entries, and never 满足 without a document to point to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.conftest import ROOT

RED, AMBER = "FFC7CE", "FFEB9C"


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The chongqing R&D-ratio failure (not met, with evidence) as docx and xlsx, through the CLI."""
    folder = tmp_path_factory.mktemp("office")
    out = {}
    for fmt in ("docx", "xlsx"):
        out[fmt] = folder / f"index.{fmt}"
        done = subprocess.run(
            [sys.executable, "-m", "medpolicy", "index-table", "examples/chongqing/fail-rd-ratio.ttl"]
            + ["--policy", "chongqing", "--as-of", "2026-05-15", "--format", fmt, "-o", str(out[fmt])],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    return out


def _docx_rows(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_is_a4_with_chinese_fonts(produced: dict[str, Path]) -> None:
    document = Document(str(produced["docx"]))
    section = document.sections[0]
    assert sorted((round(section.page_width.mm), round(section.page_height.mm))) == [210, 297]
    fonts = document.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) in ("仿宋", "宋体") and fonts.get(qn("w:ascii"))
    cell_fonts = {
        run._element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))
        for row in document.tables[0].rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
    }
    assert cell_fonts <= {"仿宋", "宋体"} and cell_fonts


def test_docx_merges_levels_highlights_and_fills_evidence(produced: dict[str, Path]) -> None:
    document = Document(str(produced["docx"]))
    table = document.tables[0]
    rows = _docx_rows(produced["docx"])
    assert rows[0] == ["一级指标", "二级指标", "评价条款", "是否满足", "证明材料索引"]
    # a merged cell is the same cell object in every row it spans
    first_level = [row.cells[0]._tc for row in table.rows[1:]]
    assert len(set(first_level)) < len(first_level)
    assert len({tc for tc in first_level}) == len({r[0] for r in rows[1:]})
    ratio = next(i for i, r in enumerate(rows) if r[2].startswith("近3年内, 医疗装备生产企业年度研发投入"))
    assert rows[ratio][3] == "不满足"
    assert "审计报告" in rows[ratio][4]  # the applicant's evidence entry, not 缺少证明材料
    shading = table.rows[ratio].cells[3]._tc.tcPr.find(qn("w:shd"))
    assert shading is not None and shading.get(qn("w:fill")) == RED
    for i, row in enumerate(rows[1:], 1):
        assert row[4], row
        if row[3] == "满足":  # never without evidence
            assert row[4] != "未提供", row
        if row[4] == "未提供":
            fill = table.rows[i].cells[4]._tc.tcPr.find(qn("w:shd"))
            assert fill is not None and fill.get(qn("w:fill")) == AMBER


def test_xlsx_is_a4_with_chinese_fonts_merged_and_highlighted(produced: dict[str, Path]) -> None:
    sheet = load_workbook(produced["xlsx"]).active
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4) == "9"  # 9 is A4 in SpreadsheetML
    assert sheet["C2"].font.name in ("仿宋", "宋体") and sheet["C2"].font.charset == 134
    merged = [str(r) for r in sheet.merged_cells.ranges]
    assert any(r.startswith("A") for r in merged) and any(r.startswith("B") for r in merged)
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    ratio = next(i for i, r in enumerate(values, 2) if str(r[2]).startswith("近3年内, 医疗装备生产企业年度研发投入"))
    assert sheet.cell(row=ratio, column=4).value == "不满足"
    assert sheet.cell(row=ratio, column=4).fill.fgColor.rgb.endswith(RED)
    assert "审计报告" in sheet.cell(row=ratio, column=5).value
    for n, row in enumerate(values, 2):
        if row[3] == "满足":
            assert row[4] != "未提供"
        if row[4] == "未提供":
            assert sheet.cell(row=n, column=5).fill.fgColor.rgb.endswith(AMBER)
