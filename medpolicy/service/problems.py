"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from medpolicy.errors import MedpolicyError, UnknownPolicyError

__all__ = ["PROBLEM_RESPONSES", "Problem", "ProblemError", "install", "problem"]

PROBLEM_TYPE = "https://w3id.org/medpolicy/problems/"
MEDIA_TYPE = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details, plus where the input went wrong."""

    type: str = Field(description="a URI naming the kind of problem")
    title: str
    status: int
    detail: str
    instance: str | None = None
    file: str | None = Field(default=None, description="the input the problem is in")
    where: str | None = Field(default=None, description="line, field or parameter")
    errors: list[dict[str, Any]] | None = Field(default=None, description="each invalid parameter, for 422")


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": text}
    for code, text in (
        (400, "unusable input (the CLI's exit code 2)"),
        (404, "unknown policy or resource"),
        (413, "request body too large"),
        (415, "unsupported media type"),
        (422, "invalid parameters"),
    )
}


class ProblemError(Exception):
    """Raised by an endpoint to answer with a problem."""

    def __init__(self, status: int, kind: str, title: str, detail: str, where: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.kind, self.title, self.detail, self.where = status, kind, title, detail, where


def problem(request: Request, status: int, kind: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = Problem(
        type=PROBLEM_TYPE + kind, title=title, status=status, detail=detail, instance=request.url.path, **extra
    )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=MEDIA_TYPE)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document; never a traceback."""

    @app.exception_handler(ProblemError)
    async def _own(request: Request, exc: ProblemError) -> JSONResponse:
        return problem(request, exc.status, exc.kind, exc.title, exc.detail, where=exc.where)

    @app.exception_handler(MedpolicyError)
    async def _library(request: Request, exc: MedpolicyError) -> JSONResponse:
        if isinstance(exc, UnknownPolicyError):
            return problem(request, 404, "unknown-policy", "Unknown policy", exc.message, where=exc.where)
        if exc.exit_code == 2:
            return problem(request, 400, "input", "Unusable input", exc.message, file=exc.file, where=exc.where)
        return problem(request, 500, "knowledge-base", "Knowledge base error", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        detail = f"{'.'.join(first['loc'])}: {first['msg']}"
        return problem(request, 422, "invalid-parameters", "Invalid parameters", detail, errors=errors)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        return problem(request, exc.status_code, "http", title, str(exc.detail))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        return problem(request, 500, "internal", "Internal error", f"{type(exc).__name__}: {str(exc)[:300]}")
