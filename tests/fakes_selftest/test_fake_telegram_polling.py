"""PTB ``Application`` in polling mode against ``FakeTelegram``, over real HTTP."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeAlias

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes import DEFAULT_GROUP, DEFAULT_USER, FakeTelegram

pytestmark = pytest.mark.asyncio

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
VOICE = b"OggS" + bytes(range(256)) * 8


App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


def build_app(fake: FakeTelegram) -> App:
    # PTB appends the token to base_url/base_file_url itself.
    return Application.builder().token(fake.token).base_url(fake.base_url).base_file_url(fake.base_file_url).build()


@asynccontextmanager
async def polling(app: App) -> AsyncIterator[None]:
    async with app:  # initialize(): getMe; shutdown() on exit
        await app.start()
        assert app.updater is not None
        # A short long-poll keeps stop() fast; the fake honours the timeout.
        await app.updater.start_polling(poll_interval=0.0, timeout=dtm.timedelta(seconds=2))
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


async def test_text_reply_callback_photo_and_start_code(fake_telegram: FakeTelegram) -> None:
    app = build_app(fake_telegram)
    start_args: list[list[str]] = []

    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        start_args.append(list(context.args or []))
        assert update.effective_message is not None
        await update.effective_message.reply_photo(PNG, caption="Welcome")

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.effective_chat is not None
        await context.bot.send_chat_action(update.effective_chat.id, "typing")
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Buy", callback_data="buy:42")]])
        await update.message.reply_text(f"echo: {update.message.text}", reply_markup=keyboard)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Noted")
        await query.edit_message_text(f"You chose {query.data}")

    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_button))

    async with polling(app):
        fake_telegram.push_text("hello 123")
        (reply,) = await fake_telegram.wait_for_messages(DEFAULT_USER.id, 1)
        assert reply.text == "echo: hello 123"  # "123" typed by the user stayed text
        assert reply.message["from"]["id"] == fake_telegram.bot_user.id
        assert reply.button(text="Buy")["callback_data"] == "buy:42"
        assert fake_telegram.calls_to("sendChatAction")[0].params["action"] == "typing"

        fake_telegram.push_callback(reply, data="buy:42")
        await fake_telegram.wait_for_calls("editMessageText")
        assert fake_telegram.callback_answers[0]["text"] == "Noted"
        assert reply.text == "You chose buy:42"
        assert reply.history[0]["text"] == "echo: hello 123"
        assert reply.reply_markup is None  # edit without reply_markup drops the keyboard

        fake_telegram.push_command("start", "PROMO2024")
        sent = await fake_telegram.wait_for_messages(DEFAULT_USER.id, 2)
        assert start_args == [["PROMO2024"]]
        assert sent[1].method == "sendPhoto" and sent[1].caption == "Welcome"
        assert sent[1].upload is not None and sent[1].upload.data == PNG

    methods = [c.method for c in fake_telegram.calls]
    assert methods[0] == "getMe" and "deleteWebhook" in methods  # PTB's polling bootstrap
    await fake_telegram.wait_for_updates_consumed()


async def test_voice_download_and_group_mentions(fake_telegram: FakeTelegram) -> None:
    app = build_app(fake_telegram)
    downloaded: list[bytes] = []

    async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.voice is not None
        tg_file = await update.message.voice.get_file()  # getFile
        downloaded.append(bytes(await tg_file.download_as_bytearray()))  # GET /file/bot<token>/...
        await update.message.reply_text(f"got {len(downloaded[-1])} bytes")

    async def on_mention(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("you called?")

    app.add_handler(MessageHandler(filters.VOICE, on_voice))
    # The usual "answer in groups only when mentioned" rule.
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.Entity("mention"), on_mention))

    async with polling(app):
        fake_telegram.push_voice(VOICE, duration=3)
        (reply,) = await fake_telegram.wait_for_messages(DEFAULT_USER.id, 1)
        assert downloaded == [VOICE]
        assert reply.text == f"got {len(VOICE)} bytes"

        fake_telegram.push_group_text("just chatting")
        fake_telegram.push_group_text("🙂 what's the price?", mention_bot=True)
        (group_reply,) = await fake_telegram.wait_for_messages(DEFAULT_GROUP.id, 1)
        assert group_reply.text == "you called?"
        await fake_telegram.wait_for_updates_consumed()
        assert len(fake_telegram.sent_to(DEFAULT_GROUP.id)) == 1


async def test_polling_recovers_from_a_bad_gateway(fake_telegram: FakeTelegram) -> None:
    app = build_app(fake_telegram)

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("still here")

    app.add_handler(MessageHandler(filters.TEXT, on_text))
    fake_telegram.fail_next("getUpdates", 1, status=502)
    async with polling(app):
        fake_telegram.push_text("ping")
        # PTB's network loop logs the NetworkError and retries after ~1 s.
        await fake_telegram.wait_for_messages(DEFAULT_USER.id, 1)
    statuses = [c.status for c in fake_telegram.calls_to("getUpdates")]
    assert statuses[0] == 502 and 200 in statuses


def retry_after_seconds(exc: RetryAfter) -> float:
    # PTB 22.2+ gives an int plus a PTBDeprecationWarning (raised already when
    # RetryAfter is constructed) unless PTB_TIMEDELTA=1, then a timedelta.
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def test_errors_surface_as_ptb_exceptions(fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # the future behaviour, no deprecation warning
    app = build_app(fake_telegram)
    async with app:
        bot = app.bot
        fake_telegram.fail_next("sendMessage", 1, status=429, retry_after=7)
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(DEFAULT_USER.id, "hi")
        assert retry_after_seconds(caught.value) == 7
        await bot.send_message(DEFAULT_USER.id, "hi")  # the next call goes through
        assert [c.status for c in fake_telegram.calls_to("sendMessage")] == [429, 200]

        fake_telegram.fail_next("sendMessage", 1, status=502)
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(DEFAULT_USER.id, "hi")

        fake_telegram.set_down(True)
        with pytest.raises(NetworkError):
            await bot.get_me()
        fake_telegram.set_down(False)

        await fake_telegram.refuse_connections()
        with pytest.raises(NetworkError):
            await bot.send_message(DEFAULT_USER.id, "hi")
        await fake_telegram.accept_connections()
        await bot.send_message(DEFAULT_USER.id, "back")

        fake_telegram.block_chat(DEFAULT_USER.id)
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(DEFAULT_USER.id, "hi")
        fake_telegram.block_chat(DEFAULT_USER.id, False)

        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(DEFAULT_USER.id, "x" * 4097)
        with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
            await bot.get_file("nope")
        sent = await bot.send_message(DEFAULT_USER.id, "same")
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_text("same", chat_id=DEFAULT_USER.id, message_id=sent.message_id)


async def test_misc_methods_parse_in_ptb(fake_telegram: FakeTelegram) -> None:
    from telegram import BotCommand

    fake_telegram.set_chat_member(DEFAULT_GROUP.id, DEFAULT_USER, "creator")
    fake_telegram.push_group_text("hi")  # makes the group and user known
    app = build_app(fake_telegram)
    async with app:
        bot = app.bot
        assert await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("deals", "My deals")])
        assert [c.command for c in await bot.get_my_commands()] == ["start", "deals"]
        chat = await bot.get_chat(DEFAULT_GROUP.id)
        assert chat.title == "Sales team"
        member = await bot.get_chat_member(DEFAULT_GROUP.id, DEFAULT_USER.id)
        assert member.status == "creator"
        admins = await bot.get_chat_administrators(DEFAULT_GROUP.id)
        assert [a.user.id for a in admins] == [DEFAULT_USER.id]
        document = await bot.send_document(DEFAULT_USER.id, b"%PDF-1.4", filename="offer.pdf")
        assert document.document is not None and document.document.file_name == "offer.pdf"
        assert fake_telegram.sent[-1].upload is not None
        assert await bot.close() and await bot.log_out()
