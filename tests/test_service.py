"""The HTTP API: the CLI's operations and JSON shapes, RFC 9457 problems, the same input safety; and the
OpenAPI contract test (schemathesis) against a `medpolicy serve` process on loopback."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import medpolicy
from medpolicy.service import create_app
from tests.conftest import ROOT

PASS_JSON = ROOT / "tests/data/workbench/aimd_jiebang-pass.json"
AS_OF = "2025-03-01"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def _post(client: TestClient, path: str, body: bytes, media: str, **params: str) -> object:
    return client.post(path, params=params, content=body, headers={"content-type": media})


def test_policies_and_clauses_match_the_library(client: TestClient) -> None:
    assert [p["id"] for p in client.get("/policies").json()] == [p.id for p in medpolicy.policies()]
    got = client.get("/policies/chongqing/clauses", params={"topic": "rd-investment-ratio"}).json()
    assert [c["id"] for c in got] == [c.id for c in medpolicy.clauses("chongqing", topic="rd-investment-ratio")]
    hits = client.get("/policies/chongqing/clauses", params={"search": "研发投入"}).json()
    assert hits and all(h["hits"] for h in hits)


def test_validate_plain_json_and_turtle_like_the_cli(client: TestClient) -> None:
    body = PASS_JSON.read_bytes()
    r = client.post("/validate", params={"as_of": AS_OF}, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200
    report = r.json()
    want = medpolicy.validate(str(PASS_JSON), "aimd_jiebang", as_of=dt.date(2025, 3, 1))
    assert report["conforms"] is want.conforms is True
    assert report["summary"] == want.summary
    failing = ROOT / "examples/aimd_jiebang/fail-word-limit.ttl"
    r = client.post(
        "/validate",
        params={"policy": "aimd_jiebang", "as_of": AS_OF, "lang": "en"},
        content=failing.read_bytes(),
        headers={"content-type": "text/turtle"},
    )
    want = medpolicy.validate(str(failing), "aimd_jiebang", as_of=dt.date(2025, 3, 1), lang="en").in_words()
    got = r.json()
    assert got["conforms"] is False
    assert [x["clause"] for x in got["results"] if x["status"] == "fail"] == [x.clause for x in want.failed]
    assert [x["value"] for x in got["results"] if x["status"] == "fail"] == [x.value for x in want.failed]


@pytest.mark.parametrize(
    ("body", "media", "status", "kind"),
    [
        (b"@prefix x: <", "text/turtle", 400, "input"),
        (b'{"policy": "aimd_jiebang", "name": "x", "units": [{"id": 1}]}', "application/json", 400, "input"),
        (b"<a> <b> <c> .", "text/plain", 415, "media-type"),
        (b'{"@context": "https://example.org/ctx.jsonld", "@id": "x"}', "application/ld+json", 400, "input"),
    ],
)
def test_bad_bodies_are_problems_not_tracebacks(
    client: TestClient, body: bytes, media: str, status: int, kind: str
) -> None:
    r = client.post("/validate", params={"policy": "aimd_jiebang"}, content=body, headers={"content-type": media})
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["status"] == status and problem["type"].endswith("/" + kind) and problem["detail"]
    assert "Traceback" not in r.text


def test_size_limit_of_the_cli_applies(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDPOLICY_MAX_BYTES", "1000")
    r = client.post(
        "/validate", params={"policy": "aimd_jiebang"}, content=b"#" * 2000, headers={"content-type": "text/turtle"}
    )
    assert r.status_code == 413 and r.json()["type"].endswith("/too-large")


def test_unknown_policy_and_bad_date_are_problems(client: TestClient) -> None:
    r = client.get("/policies/chongqin/clauses")
    assert r.status_code == 404 and "chongqing" in r.json()["detail"]
    r = client.post(
        "/validate",
        params={"as_of": "2025-02-30"},
        content=PASS_JSON.read_bytes(),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "as_of"]


def test_diff_template_and_sparql_match_the_cli(client: TestClient) -> None:
    from medpolicy.diff.compare import diff
    from medpolicy.query import named_query, run_query

    got = client.get("/diff", params={"a": "2025_national", "b": "chongqing"}).json()
    assert got == json.loads(json.dumps(diff("2025_national", "chongqing").to_json_array(), ensure_ascii=False))
    ttl = client.get("/template", params={"policy": "aimd_jiebang"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    answer = client.get("/sparql", params={"named": "training-headcount"}).json()
    assert answer == run_query(named_query("training-headcount").text).to_sparql_json()


def test_convert_and_index_table_for_the_form(client: TestClient) -> None:
    from rdflib import Graph

    r = client.post("/convert", content=PASS_JSON.read_bytes(), headers={"content-type": "application/json"})
    assert r.status_code == 200
    graph = Graph().parse(data=r.text, format="turtle")
    from medpolicy.io.inputs import read_graph

    assert len(graph) == len(read_graph(PASS_JSON))
    r = client.post(
        "/index-table",
        params={"format": "markdown", "as_of": AS_OF},
        content=PASS_JSON.read_bytes(),
        headers={"content-type": "application/json"},
    )
    # aimd_jiebang has no 申报信息索引表: a problem, not an empty table
    has_table = any(c.index_row is not None for c in medpolicy.clauses("aimd_jiebang"))
    assert r.status_code == (200 if has_table else 400)


# -- the OpenAPI contract, driven by schemathesis against a real server on loopback ------------------------------
def test_openapi_contract(tmp_path: Path) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, settings

    from tests.workbench_server import served

    @schemathesis.serializer("text/turtle", "application/n-triples")
    def _text(ctx: object, value: object) -> bytes:
        return str(value).encode("utf-8")

    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    # every answer is documented (status, media type, body schema) and none is a 5xx; schema-valid bodies may still
    # be refused with a documented 400 (a unit id that names no unit, an unknown policy in the body, …)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    failures: list[str] = []
    ran: set[str] = set()
    with served() as base:
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        for result in schema.get_all_operations():
            operation = result.ok()
            ran.add(f"{operation.method.upper()} {operation.path}")

            @settings(
                max_examples=8,
                derandomize=True,  # the same examples in every run: CI is reproducible
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case: schemathesis.Case) -> None:
                case.call_and_validate(base_url=base, timeout=60, checks=checks)

            try:
                operation.as_strategy()  # the operation can be generated at all
                from hypothesis import given

                given(case=operation.as_strategy())(check)()
            except Exception as exc:  # collect every failing operation, then fail once
                failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:800]}")
    expected = {
        "GET /policies",
        "GET /policies/{policy}/clauses",
        "GET /topics",
        "GET /schema",
        "POST /validate",
        "POST /match",
        "POST /index-table",
        "POST /convert",
        "GET /diff",
        "GET /template",
        "GET /queries",
        "GET /sparql",
    }
    assert expected <= ran
    assert failures == []
