"""The e-signature webhook on the HTTP edge: POST /esign/webhook[/<provider>].

The body is authenticated before anything else: an HMAC-SHA256 of the raw body under the shared secret
(`SALESBOT_ESIGN_WEBHOOK_SECRET`), in the `X-Salesbot-Signature` header (`core.esign`). Without a configured
secret the route answers 404 (nothing to authenticate against: it is off). A valid event marks the contract
signed (or back to approved when declined) through `core.services.contracts`; a repeated event is answered 200
and changes nothing (providers retry until they see a 2xx).
"""

from __future__ import annotations

import asyncio
import json
import logging

from aiohttp import web
from pydantic import ValidationError

from bot.esign_settings import ESignSettings
from bot.http import SlowBody, read_body
from core import esign
from core.context import CoreGateway
from core.errors import NotFound
from core.services import contracts

log = logging.getLogger(__name__)
ROUTE = "/esign/webhook"


def add_esign_routes(app: web.Application, core: CoreGateway, settings: ESignSettings) -> None:
    async def webhook(request: web.Request) -> web.Response:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        if not secret:
            raise web.HTTPNotFound()
        try:
            body = await read_body(request)
        except SlowBody:
            raise web.HTTPRequestTimeout() from None
        if not esign.verify(secret, body, request.headers.get(esign.SIGNATURE_HEADER)):
            raise web.HTTPUnauthorized(text="bad signature")
        name = request.match_info.get("provider") or settings.provider
        try:
            provider = esign.provider(name)
            event = provider.parse_event(json.loads(body))
        except (ValueError, ValidationError, TypeError):
            raise web.HTTPBadRequest(text="not an e-signature event") from None
        def apply() -> contracts.SignatureApplied:
            with core.system() as system:
                return contracts.apply_signature_event(system, provider.name, event)

        try:
            applied = await asyncio.to_thread(apply)  # the database is not waited on in the event loop
        except NotFound:
            raise web.HTTPNotFound(text="no contract with that envelope") from None
        log.info("e-signature %s: contract %s is %s", event.outcome, applied.number, applied.status)
        return web.json_response({"contract": applied.number, "status": applied.status, "changed": applied.changed})

    app.router.add_post(ROUTE, webhook)
    app.router.add_post(ROUTE + "/{provider}", webhook)
