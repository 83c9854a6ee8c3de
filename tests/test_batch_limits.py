"""Batches degrade, they do not sink; timeline and screen have the same input limits as validate (issue 11)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Literal

from medpolicy.applicant.model import Application, Unit
from medpolicy.kb.namespaces import MP
from medpolicy.kb.store import KnowledgeBase
from medpolicy.rules.screen import screen
from tests.conftest import ROOT


def _run(
    args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "medpolicy", *args],
        input=None if stdin is None else stdin.decode("utf-8", "replace"),
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done


def _batch(folder: Path, *, garbage: bool) -> None:
    examples = ROOT / "examples" / "chongqing"
    shutil.copy(examples / "pass.ttl", folder / "a-pass.ttl")
    shutil.copy(examples / "fail-projects.ttl", folder / "b-fail.ttl")
    if garbage:
        (folder / "c-garbage.ttl").write_text('<https://example.org/a> <https://example.org/p> "unterminated .\n')
        bad_date = (
            (examples / "pass.ttl")
            .read_text(encoding="utf-8")
            .replace('mp:submittedOn "2026-05-08"^^xsd:date', 'mp:submittedOn "2025-13-01"')
        )
        assert "2025-13-01" in bad_date
        (folder / "d-bad-date.ttl").write_text(bad_date, encoding="utf-8")


def test_an_unreadable_file_is_that_applications_error_and_the_rest_are_screened(tmp_path: Path) -> None:
    _batch(tmp_path, garbage=True)
    done = _run(["screen", str(tmp_path), "--policy", "chongqing", "--lang", "en", "--format", "json"])
    assert done.returncode == 1, done.stderr
    import json

    result = json.loads(done.stdout)
    assert {r["source"]: r["conforms"] for r in result["applications"]} == {"a-pass": True, "b-fail": False}
    errors = {e["application"]: e["message"] for e in result["errors"]}
    assert set(errors) == {"c-garbage", "d-bad-date"}
    assert "c-garbage.ttl" in errors["c-garbage"] and "not valid turtle" in errors["c-garbage"]
    assert (
        "mp:submittedOn: '2025-13-01'" in errors["d-bad-date"] and "expected a date YYYY-MM-DD" in errors["d-bad-date"]
    )


def test_a_batch_with_only_readable_passing_files_exits_0_and_with_an_error_1(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "chongqing" / "pass.ttl", tmp_path / "a.ttl")
    assert _run(["screen", str(tmp_path), "--policy", "chongqing", "--no-validate"]).returncode == 0
    (tmp_path / "b.ttl").write_text("not turtle at all", encoding="utf-8")
    done = _run(["screen", str(tmp_path), "--policy", "chongqing", "--no-validate", "--lang", "en"])
    assert done.returncode == 1 and "input error" in done.stdout


def test_nothing_screenable_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text("not turtle at all", encoding="utf-8")
    done = _run(["screen", str(tmp_path), "--policy", "chongqing"])
    assert done.returncode == 2
    assert done.stderr.startswith("medpolicy: error: no application could be screened:") and "a.ttl" in done.stderr


def test_an_impossible_date_without_validation_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    _batch(tmp_path, garbage=True)
    (tmp_path / "a-pass.ttl").unlink()
    (tmp_path / "b-fail.ttl").unlink()
    (tmp_path / "c-garbage.ttl").unlink()
    done = _run(["screen", str(tmp_path), "--policy", "chongqing", "--no-validate"])
    assert done.returncode == 2, done.stderr
    assert "'2025-13-01' is not a valid xsd:date" in done.stderr


def _unit(code: str) -> Unit:
    return Unit(
        id=f"u{code}",
        name=f"单位{code}",
        credit_code=f"91110000MA{code:0>8}",
        organisation_type="enterprise",
        legal_person=True,
        registered_in_china=True,
    )  # type: ignore[arg-type]


def test_credit_codes_that_differ_by_invisible_characters_are_one_unit(tmp_path: Path, kb: KnowledgeBase) -> None:
    """The same unit in four applications (more than 3): its code is written four ways; one unit, one finding."""
    shared = _unit("SHARED1")
    spellings = [
        "91110000MASHARED1",
        "9111\u200b0000MASHARED1",
        "９１１１００００ＭＡＳＨＡＲＥＤ１",
        "91110000ma\ufeffshared1",
    ]
    for n, spelling in enumerate(spellings):
        units = [
            _unit(f"M{n:02d}"),
            Unit(**{**_unit(f"H{n:02d}").model_dump(), "organisation_type": "hospital"}),
            shared,
        ]
        app = Application(
            id=f"app{n:02d}",
            policy="2025_national",
            name=f"申报{n:02d}",
            applies_for=[f"a1-p{n + 1:02d}"],
            lead_manufacturer=units[0].id,
            lead_hospital=units[1].id,
            participants=[shared.id],
            units=units,
        )
        graph = app.to_graph(base=f"https://example.org/batch/app{n:02d}/")
        for node, code in list(graph.subject_objects(MP.creditCode)):
            if str(code) == "91110000MASHARED1":
                graph.set((node, MP.creditCode, Literal(spelling)))
        graph.serialize(tmp_path / f"app{n:02d}.ttl", format="turtle")
    result = screen([str(tmp_path)], "2025_national", lang="en", kb=kb, validate_each=False)
    over = [f for f in result.findings if f.rule == "projects-per-unit"]
    assert len(over) == 1 and over[0].value == 4
    assert set(over[0].applications) == {"app00", "app01", "app02", "app03"}


# -- timeline: the same limits as validate ------------------------------------------------------------------------


def test_timeline_refuses_a_5000_digit_integer(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text('{"date": "2025-03-03", "event": "submitted", "n": ' + "9" * 5000 + "}\n", encoding="utf-8")
    done = _run(["timeline", str(path), "--policy", "chongqing"])
    assert done.returncode == 2 and "line 1: unusable JSON value" in done.stderr and "4300 digits" in done.stderr


def test_timeline_refuses_json_nested_100000_deep(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = _run(["timeline", str(path), "--policy", "chongqing"])
    assert done.returncode == 2 and "nested deeper than 40 levels (limit max_depth" in done.stderr


def test_timeline_reads_at_most_max_bytes_of_standard_input() -> None:
    endless = subprocess.Popen(
        [sys.executable, "-m", "medpolicy", "timeline", "-", "--policy", "chongqing"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MEDPOLICY_MAX_BYTES": "100000"},
    )
    assert endless.stdin is not None
    line = b'{"date": "2025-03-03", "event": "submitted"}\n'
    try:
        for _ in range(100_000):  # 4.6 MB offered; the reader stops after 100,000 bytes
            endless.stdin.write(line)
    except BrokenPipeError:
        pass
    try:
        endless.stdin.close()
    except BrokenPipeError:
        pass
    assert endless.stderr is not None
    endless.wait(timeout=120)
    err = endless.stderr.read()
    assert endless.returncode == 2, err
    assert b"larger than 100000 bytes (limit max_bytes, MEDPOLICY_MAX_BYTES)" in err
