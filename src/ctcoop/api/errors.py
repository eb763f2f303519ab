"""Errors mapped to HTTP in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from ctcoop.errors import (
    AccessError,
    AuthenticationError,
    CtcoopError,
    DataError,
    InputError,
    NotFoundError,
)


def _body(error: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": error, "message": message, **extra}


def to_response(exc: CtcoopError) -> JSONResponse:
    """The one mapping of ctcoop's errors to HTTP responses."""
    if isinstance(exc, NotFoundError):
        return JSONResponse(
            _body(
                "not_found", str(exc), what=exc.what, query=exc.query, suggestions=exc.suggestions
            ),
            status_code=exc.http_status,
        )
    if isinstance(exc, InputError):
        return JSONResponse(
            _body("invalid", str(exc), field=exc.argument), status_code=exc.http_status
        )
    if isinstance(exc, DataError):
        return JSONResponse(
            _body("data", exc.summary().splitlines()[0], problems=[str(p) for p in exc.problems]),
            status_code=exc.http_status,
        )
    if isinstance(exc, AuthenticationError):
        return JSONResponse(
            _body("unauthorized", str(exc)),
            status_code=exc.http_status,
            headers={"www-authenticate": "Bearer"},
        )
    if isinstance(exc, AccessError):
        return JSONResponse(_body("forbidden", str(exc)), status_code=exc.http_status)
    return JSONResponse(_body("error", str(exc)), status_code=exc.http_status)


def install(app: FastAPI) -> None:
    @app.exception_handler(CtcoopError)
    async def ctcoop_error(request: Request, exc: CtcoopError) -> Response:
        if request.url.path.startswith("/taxii2/"):  # TAXII 2.1's own error message
            return JSONResponse(
                {"title": str(exc).split("\n")[0], "http_status": str(exc.http_status)},
                status_code=exc.http_status,
                media_type="application/taxii+json;version=2.1",
                headers={"www-authenticate": "Basic"} if exc.http_status == 401 else None,
            )
        html = getattr(request.app.state, "html_error", None)
        if html is not None and not request.url.path.startswith(("/api/", "/sparql")):
            response: Response = html(request, exc)
            return response
        return to_response(exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        """Starlette's own errors (a body that is not JSON, too deep, a wrong method) in the
        project's shape; the pages keep their HTML error page."""
        html = getattr(request.app.state, "html_error", None)
        if html is not None and exc.status_code == 404 and not request.url.path.startswith("/api/"):
            page: Response = html(request, NotFoundError("page", request.url.path, ["/"]))
            return page
        message = str(exc.detail)
        if exc.status_code == 400 and "parsing the body" in message:
            message = "the body is not valid JSON (or is nested too deeply); send a JSON object"
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "invalid")
        return JSONResponse(_body(kind, message), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        fields = [
            ".".join(str(p) for p in e.get("loc", ()) if p not in {"query", "path", "body"})
            for e in errors
        ]
        message = "; ".join(
            f"{f}: {e.get('msg', 'invalid')}" for f, e in zip(fields, errors, strict=True)
        )
        return JSONResponse(
            _body("invalid", message, field=fields[0] if fields else None), status_code=422
        )
