"""The hostile corpus (tests/hostile/manifest.toml): every bad file gets a clear error or an honest fail.

Each case runs through the CLI (``medpolicy validate``) and the library API (``medpolicy.validate``), which must
agree: exit 2 ↔ :class:`~medpolicy.errors.InputError`, exit 0/1 ↔ ``report.conforms``, with exactly the
failing clauses the manifest names. No case may produce a traceback or exit 3. Files that are unusable are
also run through ``match``, ``index-table`` and ``diff --applicants``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import socket
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

import medpolicy
from medpolicy.cli.main import main
from medpolicy.errors import InputError
from medpolicy.io.inputs import Limits, no_fetching, read_graph
from medpolicy.validation.run import validate as api_validate
from tests.conftest import ROOT

HOSTILE = ROOT / "tests" / "hostile"
CASES: list[dict[str, Any]] = tomllib.loads((HOSTILE / "manifest.toml").read_text(encoding="utf-8"))["case"]
DEFAULT_AS_OF = "2025-03-01"


def _id(case: dict[str, Any]) -> str:
    return str(case["file"])


def _env(monkeypatch: pytest.MonkeyPatch, case: dict[str, Any]) -> None:
    for var in Limits.env_names().values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("MEDPOLICY_INPUT_ENCODING", raising=False)
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)


def _cli(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=False)


def _failed_ids(results: list[dict[str, Any]]) -> set[str]:
    return {r["clause"].rsplit("/", 1)[-1] for r in results if r["status"] == "fail"}


def test_the_corpus_is_complete() -> None:
    files = {p.name for p in HOSTILE.iterdir() if p.is_file() and p.name != "manifest.toml"}
    listed = {c["file"] for c in CASES}
    assert files == listed
    assert len(files) >= 40
    categories = {c["category"] for c in CASES}
    assert {"network", "xml", "limits", "encoding", "syntax", "lies", "values", "facts"} <= categories
    assert {c["exit"] for c in CASES} == {0, 1, 2}


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_cli_and_library_agree_with_the_manifest(
    case: dict[str, Any], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _env(monkeypatch, case)
    caplog.set_level(logging.WARNING, logger="rdflib")
    path = HOSTILE / case["file"]
    as_of = case.get("as_of", DEFAULT_AS_OF)
    policy = case.get("policy", "aimd_jiebang")
    args = ["validate", str(path), "--policy", policy, "--lang", "en", "--format", "json", "--as-of", as_of]
    result = _cli(args)
    assert "Traceback" not in result.output
    assert result.exit_code == case["exit"], result.output[-2000:]
    # rdflib logs a traceback for each ill-typed literal it builds; none may reach the user
    assert [r.getMessage() for r in caplog.records if r.name.startswith("rdflib")] == []
    if case["exit"] == 2:
        assert result.stdout == ""
        assert result.stderr.startswith(f"medpolicy: error: {path}"), result.stderr
        assert case["message"] in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1
        with pytest.raises(InputError) as raised:
            api_validate(path, policy, lang="en", as_of=dt.date.fromisoformat(as_of))
        assert case["message"] in str(raised.value)
        assert raised.value.file == str(path)
        return
    report = json.loads(result.stdout)
    _check_report(case, report)
    api = api_validate(path, policy, lang="en", as_of=dt.date.fromisoformat(as_of))
    assert api.conforms is (case["exit"] == 0)
    assert _failed_ids(api.model_dump(mode="json")["results"]) == _failed_ids(report["results"])
    assert len(api.ignored_triples) == len(report["ignored_triples"])


def _check_report(case: dict[str, Any], report: dict[str, Any]) -> None:
    assert report["conforms"] is (case["exit"] == 0)
    assert _failed_ids(report["results"]) == set(case.get("fails", []))
    assert len(report["ignored_triples"]) >= case.get("ignored", 0)
    if "ignored" not in case:
        assert report["ignored_triples"] == []
    if "note" in case:
        failing = " ".join(r["message"] for r in report["results"] if r["status"] == "fail")
        assert any(case["note"] in n for n in report["notes"]) or case["note"] in failing, report["notes"]


UNUSABLE = [c for c in CASES if c["exit"] == 2 and not c.get("env") and c["file"].endswith((".ttl", ".jsonld"))]


@pytest.mark.parametrize("case", UNUSABLE[:12], ids=_id)
def test_match_and_index_table_refuse_the_same_input(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, case)
    path = str(HOSTILE / case["file"])
    for args in (["match", path], ["index-table", path, "--policy", "aimd_jiebang"]):
        result = _cli(args)
        assert result.exit_code == 2, (args, result.output)
        assert case["message"] in result.stderr and path in result.stderr
        assert "Traceback" not in result.output


def test_diff_applicants_reports_each_unusable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, {})
    chosen = UNUSABLE[:6]
    for case in chosen:
        shutil.copy(HOSTILE / case["file"], tmp_path / case["file"])
    result = _cli(["diff", "aimd_jiebang", "chongqing", "--applicants", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    flips = {Path(x["file"]).name: x for x in json.loads(result.stdout)}
    assert set(flips) == {c["file"] for c in chosen}
    for case in chosen:
        assert case["message"] in flips[case["file"]]["error"]


def test_the_package_function_can_be_called_twice() -> None:
    """Regression: a submodule named ``validate`` used to replace the package function on first import."""
    path = ROOT / "examples" / "aimd_jiebang" / "fail-word-limit.ttl"
    for _ in range(2):
        with pytest.raises(InputError):
            medpolicy.validate(path, "no-such-policy")


# -- no network, ever --------------------------------------------------------------------------------------------


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fail loudly if anything so much as creates a socket."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("case", [c for c in CASES if c["category"] == "network"], ids=_id)
def test_network_cases_open_no_socket(case: dict[str, Any], no_sockets: list[object]) -> None:
    try:
        read_graph(HOSTILE / case["file"])
    except InputError:
        pass
    assert no_sockets == []


def test_a_url_is_never_read_as_a_source(no_sockets: list[object]) -> None:
    """pySHACL and rdflib would fetch a str starting with http:; medpolicy reads only files and parsed graphs."""
    for source in ("http://127.0.0.1:9/app.ttl", "https://example.org/app.jsonld", "file:///etc/passwd"):
        with pytest.raises(InputError, match="no such file|cannot tell the RDF format"):
            api_validate(source, "aimd_jiebang")
    assert no_sockets == []


@pytest.mark.parametrize(
    "document",
    [
        {"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "https://example.org/a"},
        {"@context": "file:///etc/passwd", "@id": "https://example.org/a"},
        {"@context": {"@version": 1.1, "@import": "http://127.0.0.1:9/x.jsonld"}, "@id": "https://example.org/a"},
    ],
)
def test_the_parser_guard_refuses_fetching_even_without_the_pre_check(document: dict[str, Any]) -> None:
    """Behind the JSON-LD pre-check: rdflib's context loader and an audit hook refuse while we parse."""
    with pytest.raises(InputError, match="refused"), no_fetching("doc.jsonld"):
        Graph().parse(data=json.dumps(document), format="json-ld")


def test_the_audit_hook_refuses_sockets_and_files_only_while_parsing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="opening"), no_fetching("f"):
        secret.read_text(encoding="utf-8")
    with pytest.raises(InputError, match="socket"), no_fetching("f"):
        socket.getaddrinfo("127.0.0.1", 9)
    assert secret.read_text(encoding="utf-8") == "x"  # outside the guard nothing changes


# -- limits are configurable -----------------------------------------------------------------------------------


def test_limits_from_the_environment() -> None:
    limits = Limits.from_env({"MEDPOLICY_MAX_TRIPLES": "500", "MEDPOLICY_MAX_DEPTH": "8"})
    assert (limits.max_triples, limits.max_depth, limits.max_bytes) == (500, 8, Limits().max_bytes)
    with pytest.raises(InputError, match="MEDPOLICY_MAX_LITERAL"):
        Limits.from_env({"MEDPOLICY_MAX_LITERAL": "lots"})


def test_limits_as_an_argument(tmp_path: Path) -> None:
    path = ROOT / "examples" / "aimd_jiebang" / "pass.ttl"
    assert len(read_graph(path)) > 100
    with pytest.raises(InputError, match="more than 100 triples"):
        read_graph(path, limits=Limits(max_triples=100))
    nested = tmp_path / "nested.ttl"
    nested.write_text("<https://e.org/a> <https://e.org/p> [ <https://e.org/q> [ <https://e.org/r> 1 ] ] .\n")
    assert len(read_graph(nested, limits=Limits(max_depth=2))) == 3
    with pytest.raises(InputError, match="line 1: nested deeper than 1 levels"):
        read_graph(nested, limits=Limits(max_depth=1))
    with pytest.raises(InputError, match=r"a literal of \d+ characters \(at most 10; limit max_literal"):
        read_graph(path, limits=Limits(max_literal=10))


def test_a_bad_limit_variable_is_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDPOLICY_MAX_DEPTH", "-1")
    result = _cli(["validate", str(ROOT / "examples" / "aimd_jiebang" / "pass.ttl"), "--policy", "aimd_jiebang"])
    assert result.exit_code == 2 and "MEDPOLICY_MAX_DEPTH" in result.stderr


def test_standard_input_has_the_same_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, {})
    data = (HOSTILE / "limit-deep-turtle.ttl").read_bytes()
    result = CliRunner().invoke(main, ["validate", "-", "--policy", "aimd_jiebang"], input=data)
    assert result.exit_code == 2 and "nested deeper than 40 levels" in result.stderr
