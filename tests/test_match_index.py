"""match ranks the notices for one applicant; index-table fills the 申报信息索引表 in the table's order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from medpolicy.cli.main import main
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.index_table import index_table
from medpolicy.validation.match import match
from medpolicy.validation.run import validate
from tests.conftest import NOTICES, ROOT

NATIONAL = ROOT / "examples" / "2025_national"


def test_match_ranks_the_notice_applied_for_first(kb: KnowledgeBase) -> None:
    entries = match(NATIONAL / "pass.ttl", lang="en", as_of=dt.date(2025, 10, 15), kb=kb)
    assert [e.policy for e in entries][0] == "2025_national"
    first, rest = entries[0], entries[1:]
    assert first.eligible and first.in_scope and first.fails == 0
    assert all(not e.eligible and not e.in_scope and e.changes for e in rest)
    assert sorted({e.policy for e in entries}) == NOTICES


def test_match_lists_the_change_for_a_failing_applicant(kb: KnowledgeBase) -> None:
    entries = match(NATIONAL / "fail-rd-ratio.ttl", lang="en", as_of=dt.date(2025, 10, 15), kb=kb)
    national = next(e for e in entries if e.policy == "2025_national")
    assert not national.eligible and national.fails == 1
    assert "2.1" in national.to_dict()["changes"][0]


def test_index_table_follows_the_printed_order_and_flags_missing_evidence(kb: KnowledgeBase) -> None:
    report = validate(NATIONAL / "fail-rd-ratio.ttl", "2025_national", as_of=dt.date(2025, 10, 15), kb=kb)
    table = index_table(report, kb)
    rows = [r.row for r in table.rows]
    assert rows == sorted(rows) and rows[0] == 1
    assert table.rows[0].level1.startswith("1.") and "联合体" in table.rows[0].level1
    rd = next(r for r in table.rows if r.clause.endswith("/idx-2-1"))
    assert table.to_dict()["rows"][table.rows.index(rd)]["verdict"] == "不满足" and "不低于7%" in rd.text
    texts = [r.text for r in table.rows]
    assert len(texts) == len(set(texts))
    assert all(r.evidence or r.missing_evidence for r in table.rows)


def test_index_table_cli_writes_markdown_and_xlsx(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["index-table", str(NATIONAL / "pass.ttl"), "--policy", "2025_national", "--as-of", "2025-10-15"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0 and "| 一级指标 |" in result.output and "满足" in result.output
    out = tmp_path / "index.xlsx"
    result = runner.invoke(main, [*args, "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 1000
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet.cell(row=1, column=1).value == "一级指标"
    docx = tmp_path / "index.docx"
    assert runner.invoke(main, [*args, "--format", "docx", "--output", str(docx)]).exit_code == 0
    assert docx.stat().st_size > 1000


def test_match_cli_json() -> None:
    result = CliRunner().invoke(
        main, ["match", str(NATIONAL / "pass.ttl"), "--as-of", "2025-10-15", "--format", "json"]
    )
    entries = json.loads(result.output)
    assert result.exit_code == 0 and entries[0]["policy"] == "2025_national" and entries[0]["eligible"]
