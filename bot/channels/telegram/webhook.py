"""The webhook endpoint on salesbot's own HTTP server: Telegram POSTs each update to it with the secret header."""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from core.settings import Settings

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What Telegram accepts as a secret_token in setWebhook.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")



class BadUpdate(ValueError):
    """The body is JSON but not an update PTB can read."""


OnUpdate = Callable[[dict[str, Any]], Awaitable[None]]


def webhook_settings(settings: Settings) -> tuple[str, str]:
    """The public URL and the secret; webhook mode refuses to start without both, since without a secret anyone
    who finds the URL could post updates as any user."""
    url, secret = settings.telegram_webhook_url, settings.telegram_webhook_secret
    if not url or not url.startswith("https://"):
        raise ValueError("SALESBOT_TELEGRAM_WEBHOOK_URL must be the public https:// URL of /telegram/webhook")
    if not secret or not SECRET_PATTERN.fullmatch(secret):
        raise ValueError("SALESBOT_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return url, secret


def webhook_handler(secret: str, ready: Callable[[], bool], on_update: OnUpdate
                    ) -> Callable[[web.Request], Awaitable[web.Response]]:
    expected = secret.encode()

    async def handle(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        # Constant-time: the comparison must not tell an attacker how much of a guess was right.
        if not hmac.compare_digest(given, expected):
            return web.Response(status=401)
        if not ready():
            return web.Response(status=503)  # Telegram keeps the update and tries again
        try:
            body = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400)
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            return web.Response(status=400)
        try:
            await on_update(body)
        except BadUpdate:
            log.warning("unreadable Telegram update %s", body.get("update_id"), exc_info=True)
            return web.Response(status=400)
        except Exception:
            # Telegram redelivers on an error status; the inbox makes sure it is not processed twice.
            log.exception("Telegram update %s failed", body.get("update_id"))
            return web.Response(status=500)
        return web.Response()

    return handle
