"""Voice notes and audio files (getFile + download URL handed on as an AudioRef), and files we cannot use."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.messages import IncomingMessage
from core.i18n import t
from core.outbound import Reply
from tests.e2e.telegram_support import Factory, Telegram, telegram_settings, world
from tests.fakes import DEFAULT_USER, FakeTelegram, TgUser

__all__ = ["world"]

pytestmark = pytest.mark.asyncio

VOICE = b"OggS" + bytes(range(256)) * 8
STRANGER = TgUser(55555, "Sam", language_code="en")


def capture(world: Telegram) -> list[IncomingMessage]:
    """Record what reaches the assistant (and still let it answer)."""
    seen: list[IncomingMessage] = []
    assistant = world.app.assistant
    original = assistant.handle

    async def handle(message: IncomingMessage) -> list[Reply]:
        seen.append(message)
        return await original(message)

    assistant.handle = handle  # type: ignore[method-assign]
    return seen


async def send(world: Telegram, update: dict[str, Any], user: TgUser = DEFAULT_USER) -> str:
    before = len(world.fake.sent_to(user.id))
    await world.deliver(update)
    (reply,) = await world.replies_after(user.id, before)
    return reply.text or ""


async def test_a_voice_note_reaches_the_assistant_with_its_download_url(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    seen = capture(world)
    before = len(world.fake.sent_to(DEFAULT_USER.id))
    await world.deliver(world.fake.voice_update(VOICE, duration=3))
    ack, verdict = await world.replies_after(DEFAULT_USER.id, before, 2)
    assert ack.text == t("en", "voice.received_length", length="0:03")
    # The test bytes only look like Ogg: the transcription job says so instead of guessing.
    assert verdict.text in {t("en", "voice.error.corrupt"), t("en", "voice.error.not_audio")}

    (message,) = seen
    assert message.audio is not None and message.text is None
    stored = next(iter(world.fake.api.files.values()))
    assert message.audio.url == f"{world.fake.root}/file/bot{world.fake.token}/{stored.file_path}"
    assert message.audio.duration == 3.0 and message.audio.mime_type == "audio/ogg"
    assert message.audio.size == len(VOICE)
    async with aiohttp.ClientSession() as session, session.get(message.audio.url) as response:
        assert await response.read() == VOICE  # the URL really downloads the note


async def test_audio_files_are_audio_too(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    seen = capture(world)
    file_id = world.fake.add_file(b"ID3" + b"\x00" * 500, "music/call.mp3")
    audio = {"file_id": file_id, "file_unique_id": "u-a", "duration": 42, "file_name": "call.mp3",
             "mime_type": "audio/mpeg", "file_size": 503}
    before = len(world.fake.sent_to(DEFAULT_USER.id))
    await world.deliver(world.fake.text_update(None, audio=audio))  # type: ignore[arg-type]
    ack, verdict = await world.replies_after(DEFAULT_USER.id, before, 2)
    assert ack.text == t("en", "voice.received_length", length="0:42")
    assert verdict.text in {t("en", "voice.error.corrupt"), t("en", "voice.error.not_audio")}
    assert seen[0].audio is not None and seen[0].audio.file_name == "call.mp3"
    assert seen[0].audio.url.endswith("/music/call.mp3")


async def test_oversized_files_get_a_clear_reply_and_are_not_downloaded(make_app: Factory,
                                                                        fake_telegram: FakeTelegram) -> None:
    world = Telegram(fake_telegram, make_app(max_upload_mb=1, **telegram_settings(fake_telegram, "polling")),
                     "polling")
    await world.start()
    try:
        world.add_user("Alice")
        world.link("Alice", DEFAULT_USER)
        reply = await send(world, world.fake.voice_update(b"\x00" * (3 * 1024 * 1024 // 2)))
        assert reply == t("en", "telegram.file_too_large", size_mb="1.5", limit_mb=1)
        assert world.fake.calls_to("getFile") == []
    finally:
        await world.stop()


async def test_unsupported_files_and_unfetchable_ones_get_a_clear_reply(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    # (Photos and PDFs are evidence to attach: tests/e2e/test_telegram_attachments.py.)
    sticker = {"file_id": "S1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512,
               "is_animated": False, "is_video": False}
    assert await send(world, world.fake.text_update(None, sticker=sticker)) == t("en", "telegram.unsupported")  # type: ignore[arg-type]

    world.fake.fail_next("getFile", 1, status=502)
    assert await send(world, world.fake.voice_update(VOICE)) == t("en", "telegram.file_unavailable")


async def test_strangers_sending_files_only_learn_how_to_get_access(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    access = t("en", "access.unknown_user")
    assert await send(world, world.fake.voice_update(VOICE, user=STRANGER), STRANGER) == access
    photo = [{"file_id": "P1", "file_unique_id": "p1", "width": 90, "height": 90}]
    assert await send(world, world.fake.text_update(None, photo=photo, user=STRANGER), STRANGER) == access  # type: ignore[arg-type]
    assert world.fake.calls_to("getFile") == []  # a stranger's file is never fetched
