"""Applicants without RDF: the pydantic model, its JSON Schema and the JSON-LD context agree."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from medpolicy.applicant.model import Application, Product, Unit, Value
from medpolicy.cli.main import main
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.validation.run import validate


def _app(**changes: object) -> Application:
    data = dict(
        policy="aimd_jiebang",
        name="测试项目",
        applies_for=["cat1-d1"],
        lead_unit="lead",
        participants=["h1"],
        units=[
            Unit(
                id="lead",
                name="某科技公司",
                name_en="Some Tech",
                organisation_type="enterprise",
                legal_person=True,
                registered_in_china=True,
            ),
            Unit(
                id="h1",
                name="某医院",
                name_en="Some Hospital",
                organisation_type="hospital",
                legal_person=True,
                registered_in_china=True,
                hospital_grade="grade-3a",
            ),
        ],
        product=Product(name="辅助诊断软件", intended_registrant="lead"),
        commitments=[Value(parameter="a2-form-1-c-p1", value=620, unit="count")],
    )
    data.update(changes)
    return Application(**data)  # type: ignore[arg-type]


def test_model_serialises_to_the_vocabulary() -> None:
    graph = _app().to_graph()
    apps = list(graph.subjects(None, MP.Application))
    assert len(apps) == 1
    consortium = graph.value(apps[0], MP.consortium)
    assert len(list(graph.objects(consortium, MP.participant))) == 1
    assert next(graph.objects(None, MP.forParameter), None) is not None


def test_model_applicant_is_validated_like_rdf(kb: KnowledgeBase) -> None:
    report = validate(_app().to_graph(), "aimd_jiebang", lang="en", as_of=dt.date(2025, 3, 1), kb=kb).in_words()
    word_limit = next(r for r in report.results if r.clause.endswith("/a2-form-1-c"))
    assert word_limit.status == "fail" and word_limit.value == "620 characters"
    registered = next(r for r in report.results if r.clause.endswith("/s2-1-a"))
    assert registered.status == "pass"


def test_unregistered_unit_fails_with_its_name(kb: KnowledgeBase) -> None:
    units = _app().units
    units[1] = units[1].model_copy(update={"registered_in_china": False})
    report = validate(_app(units=units).to_graph(), "aimd_jiebang", lang="en", kb=kb).in_words()
    registered = next(r for r in report.results if r.clause.endswith("/s2-1-a"))
    assert registered.status == "fail" and registered.focus == "Some Hospital"


def test_json_schema_lists_the_fields() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert result.exit_code == 0
    assert {"policy", "units", "commitments", "product"} <= set(schema["properties"])
    assert "credit_code" in schema["$defs"]["Unit"]["properties"]


def test_plain_json_file_is_accepted_by_validate(tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.write_text(_app().model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--policy", "aimd_jiebang", "--format", "json"])
    assert result.exit_code == 1
    assert any(
        r["clause"].endswith("/a2-form-1-c") and r["status"] == "fail" for r in json.loads(result.output)["results"]
    )


def test_plain_json_with_a_wrong_field_names_it(tmp_path: Path) -> None:
    data = json.loads(_app().model_dump_json())
    data["units"][0]["legal_person"] = "maybe"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--policy", "aimd_jiebang"])
    assert result.exit_code == 2
    assert "units.0.legal_person" in result.output and "Traceback" not in result.output


def test_plain_json_applicant_validates_in_a_fresh_process(tmp_path: Path) -> None:
    """The bundled JSON-LD context is read from the package, never refused as a fetch, in a new interpreter."""
    import subprocess
    import sys

    path = tmp_path / "applicant.json"
    path.write_text(_app().model_dump_json(exclude_none=True), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "medpolicy",
            "validate",
            str(path),
            "--policy",
            "aimd_jiebang",
            "--lang",
            "en",
            "--as-of",
            "2025-03-01",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    word_limit = next(r for r in report["results"] if r["clause"].endswith("/a2-form-1-c"))
    assert word_limit["status"] == "fail" and word_limit["value"] == "620 characters"
