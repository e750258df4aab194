"""Maps every error to the one JSON shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from empathy_studio.domain.errors import DomainError

log = logging.getLogger("empathy_studio.web")

STATUS = {
    "invalid": 422,
    "not_found": 404,
    "forbidden": 403,
    "not_authenticated": 401,
    "conflict": 409,
    "too_large": 413,
    "rate_limited": 429,
    "unavailable": 503,
}
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details or {}}}, status_code=status
    )


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, error: DomainError) -> JSONResponse:
        response = error_response(STATUS.get(error.kind, 400), error.code, error.message, error.details)
        if "retry_after" in error.details:
            response.headers["Retry-After"] = str(error.details["retry_after"])
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        errors = error.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "invalid_json", "The request body is not valid JSON.")
        fields = [
            {"field": _field_name(tuple(e.get("loc", ()))), "message": str(e.get("msg"))} for e in errors
        ]
        summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3])
        return error_response(422, "invalid_input", f"Please check the input. {summary}", {"fields": fields})

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, error: HTTPException) -> JSONResponse:
        code = HTTP_CODES.get(error.status_code, "http_error")
        message = error.detail if isinstance(error.detail, str) else "Request failed."
        if error.status_code == 404:
            message = "There is nothing at this address."
        return error_response(error.status_code, code, message)

    @app.exception_handler(OperationalError)
    async def storage_error(_request: Request, error: OperationalError) -> JSONResponse:
        # A full disk, a read-only or unreachable database: the transaction was rolled back whole.
        log.error("database refused the request: %s", error.orig)
        return error_response(
            503,
            "storage_unavailable",
            "The database cannot take changes right now (it may be full, read-only or unreachable). "
            "Nothing was changed; please try again later.",
        )

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=error)
        return error_response(500, "internal_error", "Something went wrong on the server. It was logged.")
