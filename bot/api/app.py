"""The API application: FastAPI (its OpenAPI 3 document comes from the same pydantic models that validate the
requests), served at /api/v1 inside the aiohttp server of `salesbot serve` / `salesbot api` (`bot.api.mount`)."""

from __future__ import annotations

from fastapi import FastAPI

from bot.api import errors, events, finance, records, reports, writes
from bot.api.settings import ApiSettings
from core.context import CoreGateway

PREFIX = "/api/v1"


def build_api(core: CoreGateway, settings: ApiSettings) -> FastAPI:
    # Routes are relative to the mount point: the server passes PREFIX as the ASGI root_path (which FastAPI also
    # puts in the document's `servers`), so the same app answers at /api/v1 in aiohttp and at / when tested bare.
    api = FastAPI(title="salesbot API", version="1", openapi_url="/openapi.json", docs_url="/docs",
                  redoc_url=None, description="Per-user tokens (`Authorization: Bearer …`); every request sees and "
                  "changes exactly what its user may in the chat.")
    api.state.core = core
    errors.install(api)
    for part in (records.router(), writes.router(), events.router(), finance.router(settings), reports.router()):
        api.include_router(part)
    return api
