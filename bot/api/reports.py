"""GET /api/v1/reports/{kind} goes here once `core/reports/` lands (funnel, win rate, forecast, …: issue #12).

Its route will read like the record routes: `who: Caller = Depends(caller)`, `with who.reading() as ctx:` and the
core report for the caller's scope; the period as query parameters. Until then this router is empty, so the
OpenAPI document promises nothing that does not exist."""

from __future__ import annotations

from fastapi import APIRouter


def router() -> APIRouter:
    return APIRouter(tags=["Reports"])
