"""The webhook endpoint on salesbot's own HTTP server: Telegram POSTs each update to it with the secret header.

An update is stored before the webhook answers 200, and processed afterwards: what could not be stored gets an
error status (Telegram delivers it again, and the inbox deduplicates), what was stored is never lost.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.settings import WEBHOOK_SECRET, TelegramSettings
from bot.http import SlowBody, read_body

from .intake import BadUpdate

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

__all__ = ["SECRET_HEADER", "WEBHOOK_PATH", "BadUpdate", "webhook_handler", "webhook_settings"]

# Stores the update (raising BadUpdate for one it cannot read, anything else when it cannot be stored).
OnUpdate = Callable[[dict[str, Any]], Awaitable[None]]


def webhook_settings(settings: TelegramSettings) -> tuple[str, str]:
    """The public URL and the secret; webhook mode refuses to start without both, since without a secret anyone
    who finds the URL could post updates as any user."""
    url = settings.webhook_url
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not url or not url.startswith("https://"):
        raise ValueError("SALESBOT_TELEGRAM_WEBHOOK_URL must be the public https:// URL of /telegram/webhook")
    if not secret or not WEBHOOK_SECRET.fullmatch(secret):
        raise ValueError("SALESBOT_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return url, secret


def webhook_handler(secret: str, on_update: OnUpdate) -> Callable[[web.Request], Awaitable[web.Response]]:
    expected = secret.encode()

    async def handle(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        # Constant-time: the comparison must not tell an attacker how much of a guess was right.
        if not hmac.compare_digest(given, expected):
            log.warning("telegram: webhook request without the right secret refused (401)")
            return web.Response(status=401)
        try:
            body = json.loads(await read_body(request))
        except SlowBody:
            return web.Response(status=408)
        except (ValueError, RecursionError):
            log.warning("telegram: webhook body is not JSON (400)")
            return web.Response(status=400)
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            log.warning("telegram: webhook body is not an update (400)")
            return web.Response(status=400)
        try:
            await on_update(body)
        except BadUpdate as exc:
            log.warning("telegram: unreadable update refused (400, %s)", exc)
            return web.Response(status=400)
        except Exception as exc:
            # Not stored: Telegram redelivers on an error status, and the inbox makes sure it is processed once.
            log.error("telegram: could not store an update (%s); Telegram will deliver it again", type(exc).__name__)
            return web.Response(status=500)
        return web.Response()

    return handle
