"""The commands a newcomer runs first: policies, clauses, coverage."""

from __future__ import annotations

import json

from click.testing import CliRunner

from medpolicy.cli.main import main
from tests.conftest import POLICIES


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_policies_lists_all_five_documents() -> None:
    code, out = _run("policies", "--format", "json")
    assert code == 0
    assert sorted(p["id"] for p in json.loads(out)) == POLICIES


def test_clauses_json_keeps_the_contract() -> None:
    code, out = _run("clauses", "--format", "json")
    assert code == 0
    clauses = json.loads(out)
    need = {"id", "policy", "section", "text", "check", "kind", "topic", "parameters"}
    assert all(need <= set(c) for c in clauses)
    assert {c["check"] for c in clauses} <= {"shape", "rule", "manual", "info"}
    comparators = {">=", ">", "<=", "<", "==", "!=", "in", "between", "bool", "before", "after"}
    assert {p["comparator"] for c in clauses for p in c["parameters"]} <= comparators
    assert {c["policy"] for c in clauses} == set(POLICIES)


def test_rd_2019_indicator_thresholds_are_data() -> None:
    code, out = _run("clauses", "--policy", "rd_2019", "--kind", "indicator", "--format", "json")
    assert code == 0
    clauses = json.loads(out)
    assert len(clauses) > 100
    pet = [p for c in clauses for p in c["parameters"] if "300ps" in p["quote"].replace(" ", "")]
    assert pet and pet[0]["comparator"] == "<" and pet[0]["value"] == 300 and pet[0]["unit"] == "ps"


def test_national_mri_field_strength_is_a_parameter() -> None:
    code, out = _run("clauses", "--policy", "2025_national", "--kind", "indicator", "--format", "json")
    params = [p for c in json.loads(out) for p in c["parameters"]]
    mri = [p for p in params if p["quote"].replace(" ", "") == "≥1.5T"]
    assert code == 0 and len(mri) == 1
    assert (mri[0]["comparator"], mri[0]["value"], mri[0]["unit"]) == (">=", 1.5, "T")


def test_clauses_filter_by_topic() -> None:
    code, out = _run("clauses", "--topic", "rd-investment-ratio", "--format", "json")
    values = {(c["policy"], p["value"]) for c in json.loads(out) for p in c["parameters"] if p["unit"] == "%"}
    assert code == 0
    assert ("2025_national", 7) in values and ("chongqing", 5) in values


def test_clauses_table_in_english_shows_glosses() -> None:
    code, out = _run("clauses", "--policy", "aimd_jiebang", "--lang", "en")
    assert code == 0 and "clauses" in out.splitlines()[-1]


def test_unknown_policy_is_exit_2_with_the_known_ids() -> None:
    code, out = _run("clauses", "--policy", "nope")
    assert code == 2
    assert "2025_national" in out and "Traceback" not in out


def test_coverage_lists_every_document_with_counts() -> None:
    code, out = _run("coverage", "--format", "json")
    rows = {r["policy"]: r for r in json.loads(out)}
    assert code == 0 and sorted(rows) == POLICIES
    for row in rows.values():
        assert row["clauses"] == row["shape"] + row["rule"] + row["manual"] + row["info"]
        assert row["untied_shapes"] == []
