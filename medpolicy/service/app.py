"""The FastAPI application: endpoints over the public library API, in the CLI's JSON shapes."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from rdflib import Graph
from starlette.concurrency import run_in_threadpool

import medpolicy
from medpolicy.errors import InputError
from medpolicy.io.inputs import Limits, read_graph
from medpolicy.kb.models import Policy
from medpolicy.kb.store import KnowledgeBase
from medpolicy.kb.topics import TopicRow
from medpolicy.service.problems import PROBLEM_RESPONSES, ProblemError, install
from medpolicy.validation.match import MatchEntry
from medpolicy.validation.report import Report

__all__ = ["BODY_TYPES", "create_app"]

STATIC = Path(__file__).parent / "static"
T = TypeVar("T")
Lang = Annotated[Literal["zh", "en"], Query(description="language of messages and labels")]
AsOf = Annotated[dt.date | None, Query(description="date of the checks (ISO, default today)")]

# media type of a request body → the input format of medpolicy.inputs (and the file suffix it reads)
BODY_TYPES: dict[str, tuple[str, str]] = {
    "application/json": ("json-ld", ".json"),
    "application/ld+json": ("json-ld", ".jsonld"),
    "text/turtle": ("turtle", ".ttl"),
    "application/n-triples": ("nt", ".nt"),
}
_APPLICANT_BODY: dict[str, Any] = {
    "required": True,
    "description": "The applicant: the plain JSON model (`GET /schema`), JSON-LD, Turtle or N-Triples. "
    "The CLI's input limits apply (MEDPOLICY_MAX_BYTES, MEDPOLICY_MAX_TRIPLES, …); nothing is fetched.",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Application"}},
        "application/ld+json": {"schema": {"type": "object"}},
        "text/turtle": {"schema": {"type": "string"}},
        "application/n-triples": {"schema": {"type": "string"}},
    },
}
# the page may load and call only its own origin: no CDN, no font host, no analytics
_CSP = {"Content-Security-Policy": "default-src 'self'; img-src 'self' blob: data:; object-src 'none'"}
_BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    k: v for k, v in PROBLEM_RESPONSES.items() if k in (400, 404, 413, 415, 422)
}
_QUERY_ERRORS: dict[int | str, dict[str, Any]] = {k: v for k, v in PROBLEM_RESPONSES.items() if k in (400, 404, 422)}


class _Library:
    """The library behind a lock: the knowledge base's caches are filled lazily and shared."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        def call() -> T:
            with self.lock:
                return func(*args, **kwargs)

        return await run_in_threadpool(call)


async def _read_body(request: Request) -> tuple[bytes, str]:
    limits = Limits.from_env()
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in BODY_TYPES:
        raise ProblemError(
            415, "media-type", "Unsupported media type", f"send one of {', '.join(BODY_TYPES)}, not {media or 'none'}"
        )
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limits.max_bytes:
            raise ProblemError(
                413,
                "too-large",
                "Request body too large",
                f"larger than {limits.max_bytes} bytes (MEDPOLICY_MAX_BYTES)",
            )
    if not data:
        raise ProblemError(400, "input", "Unusable input", "empty request body")
    return bytes(data), media


def _graph(data: bytes, media: str) -> Graph:
    """The body through the CLI's safe reader (the same limits, encodings and refusals)."""
    fmt, suffix = BODY_TYPES[media]
    with tempfile.TemporaryDirectory(prefix="medpolicy-") as folder:
        path = Path(folder) / f"body{suffix}"
        path.write_bytes(data)
        try:
            return read_graph(path, fmt)
        except InputError as exc:
            exc.file = "request body"
            raise


def _policy_of(data: bytes, media: str, graph: Graph, given: str | None) -> str:
    if given:
        return given
    if media == "application/json":
        try:
            plain = json.loads(data)
        except ValueError:
            plain = None
        if isinstance(plain, dict) and isinstance(plain.get("policy"), str):
            return str(plain["policy"])
    from medpolicy.kb.namespaces import MP

    kb = KnowledgeBase.default()
    named = {str(o).rstrip("/").rsplit("/", 2)[-2] for o in graph.objects(None, MP.forPolicy) if "/" in str(o)}
    found = sorted(named & set(kb.policy_ids))
    if len(found) == 1:
        return found[0]
    raise ProblemError(
        422, "invalid-parameters", "Invalid parameters", "give ?policy=ID (the body names none, or several)", "policy"
    )


def _decimal_strings(node: Any) -> None:
    """A decimal is a number or a string holding one: say so in the document (pydantic leaves the string open)."""
    if isinstance(node, dict):
        kinds = node.get("anyOf")
        if isinstance(kinds, list) and {"type": "number"} in kinds:
            for kind in kinds:
                if kind == {"type": "string"}:
                    kind["pattern"] = r"^-?\d+(\.\d+)?$"
        for value in node.values():
            _decimal_strings(value)
    elif isinstance(node, list):
        for value in node:
            _decimal_strings(value)


def create_app() -> FastAPI:
    """The application; the knowledge base is loaded on the first request that needs it."""
    from medpolicy.applicant.model import Application, context

    context()  # the bundled JSON-LD context, read once before any body is parsed
    app = FastAPI(
        title="medpolicy",
        version=medpolicy.__version__,
        description="Chinese medical-equipment funding notices as a checkable knowledge base: policies, clauses, "
        "topics, validation of applicants, matching, diffs and templates. Errors are RFC 9457 problem details.",
        openapi_tags=[{"name": "knowledge base"}, {"name": "applicants"}, {"name": "analysts"}],
    )
    install(app)
    lib = _Library()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    schemas = Application.model_json_schema(ref_template="#/components/schemas/{model}")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            components = doc.setdefault("components", {}).setdefault("schemas", {})
            components.update(schemas.pop("$defs", {}))
            components["Application"] = schemas
            _decimal_strings(components)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/", include_in_schema=False)
    def form() -> FileResponse:
        return FileResponse(STATIC / "form.html", media_type="text/html; charset=utf-8", headers=_CSP)

    @app.get("/policies", response_model=list[Policy], tags=["knowledge base"])
    async def policies() -> list[Policy]:
        """The policy documents of the knowledge base (as `medpolicy policies --format json`)."""
        return await lib.run(medpolicy.policies)

    @app.get("/policies/{policy}/clauses", tags=["knowledge base"], responses=_QUERY_ERRORS)
    async def clauses(
        policy: str,
        kind: Annotated[str | None, Query(description="clause kind token")] = None,
        topic: Annotated[str | None, Query(description="topic id of the shared scheme")] = None,
        search: Annotated[str | None, Query(description="text in the clause, its gloss or a parameter subject")] = None,
    ) -> list[dict[str, Any]]:
        """The clauses of one policy (as `medpolicy clauses --format json`), optionally filtered or searched."""
        from medpolicy.kb.arguments import check_clause_filters
        from medpolicy.kb.views import clause_json
        from medpolicy.query.search import search as find

        def work() -> list[dict[str, Any]]:
            check_clause_filters(policy, kind, topic)
            if search is not None:
                return [
                    {**clause_json(h.clause), "hits": [f.model_dump() for f in h.fields]}
                    for h in find(search, policy, kind, topic)
                ]
            return [clause_json(c) for c in medpolicy.clauses(policy, kind=kind, topic=topic)]

        try:
            return await lib.run(work)
        except InputError as exc:
            if exc.where == "--policy" or exc.argument == "policy":
                raise ProblemError(404, "unknown-policy", "Unknown policy", exc.message, "policy") from exc
            raise

    @app.get("/topics", response_model=list[TopicRow], tags=["knowledge base"])
    async def topics() -> list[TopicRow]:
        """The topic scheme with each policy's clause count per topic (as `medpolicy topics --format json`)."""
        from medpolicy.kb.topics import topics as rows

        return await lib.run(rows, used_only=True)

    @app.get("/schema", tags=["applicants"])
    def schema() -> dict[str, Any]:
        """The JSON Schema of the plain applicant model (as `medpolicy schema`)."""
        return Application.model_json_schema()

    @app.post(
        "/validate",
        response_model=Report,
        tags=["applicants"],
        responses=_BODY_ERRORS,
        openapi_extra={"requestBody": _APPLICANT_BODY},
    )
    async def validate(
        request: Request,
        policy: Annotated[str | None, Query(description="policy id; default: the one the body names")] = None,
        lang: Lang = "zh",
        as_of: AsOf = None,
        strict: Annotated[bool, Query(description="read 原则上 clauses as hard requirements")] = False,
    ) -> Report:
        """Validate an applicant against a policy: every clause with its status (as `medpolicy validate`)."""
        data, media = await _read_body(request)

        def work() -> Report:
            graph = _graph(data, media)
            pid = _policy_of(data, media, graph, policy)
            KnowledgeBase.default().policy_dir(pid)
            return medpolicy.validate(graph, pid, lang=lang, as_of=as_of, strict=strict)

        return await lib.run(work)

    @app.post(
        "/match",
        response_model=list[MatchEntry],
        tags=["applicants"],
        responses=_BODY_ERRORS,
        openapi_extra={"requestBody": _APPLICANT_BODY},
    )
    async def match(request: Request, lang: Lang = "zh", as_of: AsOf = None) -> list[MatchEntry]:
        """One applicant against every notice, ranked (as `medpolicy match`)."""
        from medpolicy.validation.match import match as run

        data, media = await _read_body(request)
        return await lib.run(lambda: run(_graph(data, media), lang=lang, as_of=as_of))

    @app.post(
        "/index-table",
        tags=["applicants"],
        responses={**_BODY_ERRORS, 200: {"content": {"application/json": {}, "text/markdown": {}}}},
        openapi_extra={"requestBody": _APPLICANT_BODY},
    )
    async def index_table(
        request: Request,
        policy: Annotated[str | None, Query(description="policy id; default: the one the body names")] = None,
        lang: Lang = "zh",
        as_of: AsOf = None,
        format: Annotated[Literal["json", "markdown"], Query(description="json or markdown")] = "json",
    ) -> Response:
        """The policy's 申报信息索引表 filled from the applicant (as `medpolicy index-table`)."""
        from medpolicy.validation.index_table import index_table as fill

        data, media = await _read_body(request)

        def work() -> Response:
            graph = _graph(data, media)
            pid = _policy_of(data, media, graph, policy)
            KnowledgeBase.default().policy_dir(pid)
            table = fill(medpolicy.validate(graph, pid, lang=lang, as_of=as_of))
            if not table.rows:
                raise InputError(f"{pid} has no index table (no clause with an index-table row)", where="policy")
            if format == "markdown":
                return Response(table.to_markdown(lang), media_type="text/markdown; charset=utf-8")
            return JSONResponse(table.model_dump(mode="json"))

        return await lib.run(work)

    @app.post(
        "/convert",
        tags=["applicants"],
        responses={**_BODY_ERRORS, 200: {"content": {"text/turtle": {}, "application/ld+json": {}}}},
        openapi_extra={"requestBody": _APPLICANT_BODY},
    )
    async def convert(
        request: Request, to: Annotated[Literal["turtle", "json-ld"], Query(description="output format")] = "turtle"
    ) -> Response:
        """The applicant as Turtle or JSON-LD in the medpolicy vocabulary (read safely, as `validate` reads it)."""
        data, media = await _read_body(request)

        def work() -> Response:
            graph = _graph(data, media)
            try:
                if to == "json-ld":
                    return Response(graph.serialize(format="json-ld", indent=2), media_type="application/ld+json")
                return Response(graph.serialize(format="turtle"), media_type="text/turtle; charset=utf-8")
            except Exception as exc:  # rdflib refuses to write an IRI it read leniently (a quote in an id, …)
                message = f"cannot be written as {to}: {str(exc)[:200]}"
                raise InputError(message, file="request body", where="ids") from exc

        return await lib.run(work)

    @app.get(
        "/diff",
        tags=["analysts"],
        responses={**_QUERY_ERRORS, 200: {"content": {"application/json": {}, "text/html": {}}}},
    )
    async def diff(
        a: Annotated[str, Query(description="policy A")],
        b: Annotated[str, Query(description="policy B")],
        topic: Annotated[str | None, Query(description="only this topic")] = None,
        product: Annotated[str | None, Query(description="only this product family")] = None,
        only_changes: Annotated[bool, Query(description="leave out entries that are the same")] = False,
        format: Annotated[Literal["json", "html"], Query(description="json (the contract) or html")] = "json",
        lang: Lang = "zh",
    ) -> Response:
        """Compare A and B clause by clause (as `medpolicy diff A B --format json`: `{topic, change, a, b}`)."""
        from medpolicy.diff.compare import diff as run
        from medpolicy.render.diff import render_diff

        def work() -> Response:
            kb = KnowledgeBase.default()
            for pid, where in ((a, "a"), (b, "b")):
                if pid not in kb.policy_ids:
                    raise ProblemError(404, "unknown-policy", "Unknown policy", f"unknown policy {pid!r}", where)
            report = run(a, b, topic=topic, product=product, only_changes=only_changes, kb=kb)
            if format == "html":
                return HTMLResponse(render_diff(report, "html", lang))
            return JSONResponse(report.to_json_array())

        return await lib.run(work)

    @app.get(
        "/template",
        tags=["applicants"],
        responses={**_QUERY_ERRORS, 200: {"content": {"text/turtle": {}, "application/ld+json": {}}}},
    )
    async def template(
        policy: Annotated[str, Query(description="policy id")],
        scope: Annotated[str | None, Query(alias="for", description="product/scenario/direction clause id")] = None,
        format: Annotated[Literal["ttl", "jsonld"], Query(description="ttl or jsonld")] = "ttl",
        lang: Lang = "zh",
    ) -> Response:
        """A starter applicant file with every field the policy's shapes read (as `medpolicy template`)."""
        from medpolicy.applicant.template import template_turtle

        def work() -> Response:
            kb = KnowledgeBase.default()
            kb.policy_dir(policy)
            iri = kb.scope_clause(policy, scope) if scope else None
            text = template_turtle(policy, iri, lang, kb)
            if format == "jsonld":
                graph = Graph().parse(data=text, format="turtle")
                return Response(graph.serialize(format="json-ld", indent=2), media_type="application/ld+json")
            return Response(text, media_type="text/turtle; charset=utf-8")

        return await lib.run(work)

    @app.get("/queries", tags=["analysts"])
    async def queries() -> list[dict[str, Any]]:
        """The named SPARQL questions of `queries/`."""
        from medpolicy.query import named_queries

        return [q.model_dump(exclude={"path"}) for q in await lib.run(named_queries)]

    @app.get("/sparql", tags=["analysts"], responses=_QUERY_ERRORS)
    async def sparql(
        query: Annotated[str | None, Query(description="a SPARQL query (prefixes predeclared)")] = None,
        named: Annotated[str | None, Query(description="the name of a query of `queries/`")] = None,
    ) -> dict[str, Any]:
        """Run a read-only SPARQL query over the whole KB; W3C SPARQL results JSON (as `medpolicy query`)."""
        from medpolicy.query import named_query, run_query

        if (query is None) == (named is None):
            raise ProblemError(422, "invalid-parameters", "Invalid parameters", "give exactly one of query or named")

        def work() -> dict[str, Any]:
            text = named_query(named).text if named is not None else str(query)
            return run_query(text).to_sparql_json()

        return await lib.run(work)

    return app
