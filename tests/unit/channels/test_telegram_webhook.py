"""The webhook route on its own: the secret header, storing before answering, and bodies that are not updates."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from bot.channels.settings import TelegramSettings
from bot.channels.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, BadUpdate, webhook_handler, webhook_settings
from bot.settings import Settings
from core.i18n import LANGS, catalogue, has
from tests.fakes import LocalServer

SECRET = "s3cret_Token-1"


class Endpoint:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.fail_with: Exception | None = None
        self.url = ""

    async def on_update(self, body: dict[str, Any]) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.received.append(body)

    async def post(self, body: bytes | str, secret: str | None = SECRET) -> int:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        async with aiohttp.ClientSession() as session, session.post(self.url, data=body, headers=headers) as response:
            return response.status


@pytest_asyncio.fixture
async def endpoint() -> AsyncIterator[Endpoint]:
    state = Endpoint()
    app = web.Application()
    app.router.add_post(WEBHOOK_PATH, webhook_handler(SECRET, state.on_update))
    server = LocalServer(app)
    await server.start()
    state.url = server.url + WEBHOOK_PATH
    try:
        yield state
    finally:
        await server.stop()


UPDATE = '{"update_id": 5, "message": {"message_id": 1}}'


async def test_without_the_right_secret_nothing_is_processed(endpoint: Endpoint) -> None:
    assert await endpoint.post(UPDATE, secret=None) == 401
    assert await endpoint.post(UPDATE, secret="wrong") == 401
    assert await endpoint.post(UPDATE, secret=SECRET + "x") == 401
    assert endpoint.received == []
    assert await endpoint.post(UPDATE) == 200
    assert endpoint.received == [{"update_id": 5, "message": {"message_id": 1}}]


async def test_bad_bodies_are_refused(endpoint: Endpoint) -> None:
    assert await endpoint.post("not json") == 400
    assert await endpoint.post("[1, 2]") == 400
    assert await endpoint.post('{"message": {}}') == 400  # no update_id
    endpoint.fail_with = BadUpdate("missing chat")
    assert await endpoint.post(UPDATE) == 400
    assert endpoint.received == []


async def test_hostile_bodies_get_400_without_a_traceback(endpoint: Endpoint, caplog: pytest.LogCaptureFixture
                                                            ) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert await endpoint.post(deep) == 400
    assert await endpoint.post(b"\xff\xfe{") == 400
    assert await endpoint.post('{"update_id": 1, "x": ' + "[" * 50_000 + "]" * 50_000 + "}") == 400
    assert endpoint.received == []
    assert "Traceback" not in caplog.text and len(caplog.text) < 2000


async def test_an_update_that_cannot_be_stored_asks_telegram_to_redeliver(endpoint: Endpoint) -> None:
    endpoint.fail_with = RuntimeError("database down")
    assert await endpoint.post(UPDATE) == 500  # not acknowledged: Telegram delivers it again


def settings(**overrides: Any) -> TelegramSettings:
    return Settings(_env_file=None, telegram_token="1:x", telegram_mode="webhook", **overrides).channels.telegram


def test_webhook_mode_needs_an_https_url_and_a_valid_secret() -> None:
    good = settings(telegram_webhook_url="https://bot.example.com/telegram/webhook", telegram_webhook_secret=SECRET)
    assert webhook_settings(good) == ("https://bot.example.com/telegram/webhook", SECRET)
    with pytest.raises(ValueError, match="WEBHOOK_URL"):
        webhook_settings(settings(telegram_webhook_url="http://bot.example.com/x", telegram_webhook_secret=SECRET))
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        webhook_settings(settings(telegram_webhook_url="https://bot.example.com/x"))
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        webhook_settings(settings(telegram_webhook_url="https://bot.example.com/x", telegram_webhook_secret="a b"))


def test_every_message_key_the_channel_uses_exists_in_both_languages() -> None:
    package = Path(__file__).resolve().parents[3] / "bot" / "channels" / "telegram"
    source = "\n".join(path.read_text() for path in package.glob("*.py"))
    used = set(re.findall(r'"((?:telegram|access|link)\.[a-z_.]+)"', source))
    used |= {f"telegram.commands.{name}" for name in ("help", "pipeline", "tasks", "report", "settings")}
    used |= {"telegram.language.en", "telegram.language.zh"}
    assert used and all(has(key) for key in used), sorted(k for k in used if not has(k))
    for key, entry in catalogue().items():
        if key.startswith("telegram."):
            assert all(entry[lang].strip() for lang in LANGS), key
