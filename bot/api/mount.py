"""The API inside the one aiohttp server: every request under /api/ goes to the ASGI app (aiohttp-asgi), so the
chat webhooks, /healthz and the API share one host and port."""

from __future__ import annotations

from aiohttp import web
from aiohttp_asgi import ASGIResource

from bot.api.app import PREFIX, build_api
from bot.api.settings import ApiSettings
from core.context import CoreGateway


def mount_api(http: web.Application, core: CoreGateway, settings: ApiSettings) -> None:
    resource = ASGIResource(build_api(core, settings), root_path=PREFIX)
    http.router.register_resource(resource)
