"""Webhook mode without PTB's own webhook server.

The app hosts its own HTTP server, so the pattern is: verify the secret
header, ``Update.de_json(body, application.bot)``, then either put it on
``application.update_queue`` (processed by a started Application) or await
``application.process_update`` (inline; only needs ``initialize()``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, TypeAlias

import pytest
import pytest_asyncio
from aiohttp import web
from telegram import Update
from telegram.error import Conflict
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.fakes import DEFAULT_USER, FakeTelegram, LocalServer, post_webhook_update
from tests.fakes.telegram_objects import SECRET_TOKEN_HEADER

pytestmark = pytest.mark.asyncio

SECRET = "s3cret_token-1"
App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


def build_app(fake: FakeTelegram) -> App:
    # updater(None): no Updater at all -- updates arrive through our endpoint.
    app = (
        Application.builder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .updater(None)
        .build()
    )

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"webhook got: {update.message.text}")

    app.add_handler(MessageHandler(filters.TEXT, on_text))
    return app


def webhook_endpoint(app: App, *, inline: bool) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        if request.headers.get(SECRET_TOKEN_HEADER) != SECRET:
            return web.Response(status=403)
        update = Update.de_json(await request.json(), app.bot)
        if inline:
            await app.process_update(update)  # handler finished before we answer
        else:
            await app.update_queue.put(update)  # answer at once, process in background
        return web.Response()

    web_app = web.Application()
    web_app.router.add_post("/telegram/webhook", handle)
    return web_app


@pytest_asyncio.fixture(params=["queue", "inline"])
async def endpoint(request: pytest.FixtureRequest, fake_telegram: FakeTelegram) -> AsyncIterator[tuple[str, App]]:
    app = build_app(fake_telegram)
    server = LocalServer(webhook_endpoint(app, inline=request.param == "inline"))
    async with app:
        await app.start()
        await server.start()
        try:
            yield f"{server.url}/telegram/webhook", app
        finally:
            await server.stop()
            await app.stop()


async def test_secret_checked_and_update_processed(fake_telegram: FakeTelegram, endpoint: tuple[str, App]) -> None:
    url, _app = endpoint
    update = fake_telegram.text_update("from webhook")  # built, not queued for getUpdates

    status, _ = await post_webhook_update(url, update)
    assert status == 403
    status, _ = await post_webhook_update(url, update, secret_token="wrong")
    assert status == 403
    assert fake_telegram.sent == []

    status, _ = await post_webhook_update(url, update, secret_token=SECRET)
    assert status == 200
    (reply,) = await fake_telegram.wait_for_messages(DEFAULT_USER.id, 1)
    assert reply.text == "webhook got: from webhook"


async def test_set_webhook_round_trip(fake_telegram: FakeTelegram) -> None:
    app = build_app(fake_telegram)
    async with app:
        bot = app.bot
        await bot.set_webhook("https://bot.example.com/telegram/webhook", secret_token=SECRET)
        assert fake_telegram.webhook is not None
        assert fake_telegram.webhook["secret_token"] == SECRET
        info = await bot.get_webhook_info()
        assert info.url == "https://bot.example.com/telegram/webhook"
        with pytest.raises(Conflict):  # Telegram refuses polling while a webhook is set
            await bot.get_updates()
        await bot.delete_webhook(drop_pending_updates=True)
        assert (await bot.get_webhook_info()).url == ""
        assert await bot.get_updates(timeout=0) == ()
