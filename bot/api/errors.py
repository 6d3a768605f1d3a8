"""Errors as HTTP answers: domain errors in the caller's language with their code; validation errors as 422 with
the fields at fault; anything unexpected is logged (redacted) and answered 500 without details."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from core.i18n import t

log = logging.getLogger(__name__)
STATUS: list[tuple[type[DomainError], int]] = [(NotFound, 404), (PermissionDenied, 403), (InvalidInput, 422),
                                                (Conflict, 409)]


def problem(status: int, detail: str, code: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code}, status_code=status, headers=headers)


def _language(request: Request) -> str:
    return str(getattr(request.state, "language", "en"))


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain(request: Request, exc: DomainError) -> JSONResponse:
        status = next((code for kind, code in STATUS if isinstance(exc, kind)), 400)
        try:
            text = t(_language(request), exc.key, **exc.params)
        except (KeyError, IndexError, ValueError):
            text = t(_language(request), type(exc).key)
        return problem(status, text, exc.key)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        return JSONResponse({"detail": fields, "code": "error.invalid_input"}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http(_: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), f"http.{exc.status_code}", headers=dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("API request %s %s failed", request.method, request.url.path)
        return problem(500, "internal error", "error.internal")
