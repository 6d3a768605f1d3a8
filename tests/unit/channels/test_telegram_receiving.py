"""Telegram updates → IncomingMessage: ids, group addressing (UTF-16 entity offsets), commands, files."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Message, Update
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram.receiving import (
    audio_of,
    callback_key,
    has_other_content,
    incoming,
    mentions_bot,
    message_key,
    parse_command,
    sender_language,
    strip_mention,
)
from tests.fakes.telegram_objects import DEFAULT_GROUP, DEFAULT_USER, TgChat, TgUser, entities_for, message_dict

BOT = TgUser(123456789, "SalesBot", "salesbot_test_bot", None, None, is_bot=True)
ZH_USER = TgUser(20002, "伟", username="zhang", language_code="zh-hans")


def update_of(chat: TgChat | None = None, sender: TgUser = DEFAULT_USER, message_id: int = 7,
              **fields: Any) -> Update:
    message = message_dict(message_id=message_id, chat=chat or TgChat.private(sender), sender=sender, **fields)
    return Update.de_json({"update_id": 1, "message": message}, None)


def message_of(**kwargs: Any) -> Message:
    update = update_of(**kwargs)
    assert update.message is not None
    return update.message


def test_message_ids_are_chat_and_message_so_redelivery_maps_to_the_same_id() -> None:
    first = message_of(chat=DEFAULT_GROUP, message_id=42, text="hi")
    again = message_of(chat=DEFAULT_GROUP, message_id=42, text="hi")
    other_chat = message_of(message_id=42, text="hi")
    assert message_key(first) == message_key(again) == f"{DEFAULT_GROUP.id}:42"
    assert message_key(other_chat) == f"{DEFAULT_USER.id}:42"


def test_callback_ids_use_the_query_id() -> None:
    card = message_dict(message_id=3, chat=TgChat.private(DEFAULT_USER), sender=BOT, text="card")
    update = Update.de_json({"update_id": 2, "callback_query": {
        "id": "987", "from": DEFAULT_USER.to_dict(), "message": card, "chat_instance": "ci", "data": "confirm:x"}},
        None)
    assert update.callback_query is not None
    assert callback_key(update.callback_query) == "cb:987"


@pytest.mark.parametrize("text", ["@salesbot_test_bot what's on", "🙂 @SalesBot_Test_Bot what's on",
                                  "what's on 👍🏽 @salesbot_test_bot"])
def test_mentions_are_found_at_utf16_offsets(text: str) -> None:
    handle = "@SalesBot_Test_Bot" if "@SalesBot" in text else "@salesbot_test_bot"
    message = message_of(chat=DEFAULT_GROUP, text=text, entities=entities_for(text, handle, "mention"))
    assert mentions_bot(message, BOT.username or "", BOT.id)
    assert strip_mention(text, "salesbot_test_bot").replace("🙂 ", "").replace(" 👍🏽", "") == "what's on"


def test_other_mentions_and_plain_text_do_not_address_the_bot() -> None:
    text = "@otherbot hello @salesbot_test_bot"  # our name present, but not as an entity
    message = message_of(chat=DEFAULT_GROUP, text=text, entities=entities_for(text, "@otherbot", "mention"))
    assert not mentions_bot(message, "salesbot_test_bot", BOT.id)
    assert not mentions_bot(message_of(chat=DEFAULT_GROUP, text="hello"), "salesbot_test_bot", BOT.id)


def test_a_text_mention_of_the_bot_user_counts() -> None:
    entity = {"type": "text_mention", "offset": 0, "length": 3, "user": BOT.to_dict()}
    message = message_of(chat=DEFAULT_GROUP, text="Bot help", entities=[entity])
    assert mentions_bot(message, "salesbot_test_bot", BOT.id)


@pytest.mark.parametrize(("text", "expected"), [
    ("/start AbC-123_x", ("start", "AbC-123_x")),
    ("/help@salesbot_test_bot", ("help", "")),
    ("/Pipeline", ("pipeline", "")),
    ("/report@SALESBOT_TEST_BOT  today ", ("report", "today")),
])
def test_commands_are_parsed(text: str, expected: tuple[str, str]) -> None:
    head = text.split()[0]
    message = message_of(text=text, entities=entities_for(text, head, "bot_command")[:1])
    command = parse_command(message, "salesbot_test_bot")
    assert command is not None and (command.name, command.args) == expected


def test_commands_for_other_bots_and_plain_text_are_not_ours() -> None:
    text = "/help@otherbot"
    message = message_of(chat=DEFAULT_GROUP, text=text, entities=entities_for(text, text, "bot_command"))
    assert parse_command(message, "salesbot_test_bot") is None
    assert parse_command(message_of(text="help me /start"), "salesbot_test_bot") is None


def test_voice_audio_and_audio_documents_are_audio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # what the channel opts into: durations are timedeltas
    voice = {"file_id": "V1", "file_unique_id": "u1", "file_size": 2048, "duration": 3, "mime_type": "audio/ogg"}
    media = audio_of(message_of(voice=voice))
    assert media is not None and (media.file_id, media.size, media.duration) == ("V1", 2048, 3.0)
    audio = {"file_id": "A1", "file_unique_id": "u2", "duration": 61, "file_name": "call.mp3",
             "mime_type": "audio/mpeg"}
    media = audio_of(message_of(audio=audio))
    assert media is not None and media.file_name == "call.mp3" and media.duration == 61.0
    document = {"file_id": "D1", "file_unique_id": "u3", "file_name": "memo.m4a", "mime_type": "audio/mp4"}
    assert audio_of(message_of(document=document)) is not None


def test_int_durations_still_work_without_the_timedelta_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    voice = {"file_id": "V1", "file_unique_id": "u1", "duration": 4}
    with pytest.warns(PTBDeprecationWarning):
        media = audio_of(message_of(voice=voice))
    assert media is not None and media.duration == 4.0


def test_photos_and_other_documents_are_other_content() -> None:
    pdf = {"file_id": "D2", "file_unique_id": "u4", "file_name": "offer.pdf", "mime_type": "application/pdf"}
    message = message_of(document=pdf)
    assert audio_of(message) is None and has_other_content(message)
    photo = [{"file_id": "P1", "file_unique_id": "u5", "width": 90, "height": 90}]
    assert has_other_content(message_of(photo=photo))
    assert not has_other_content(message_of(text="plain"))


def test_group_messages_continue_the_senders_private_conversation() -> None:
    update = update_of(chat=DEFAULT_GROUP, text="hi")
    assert update.message is not None and update.message.from_user is not None
    message = incoming(update, update.message, update.message.from_user, key="k", text="hi", mentioned=True)
    assert message.is_group and message.chat_id == str(DEFAULT_GROUP.id)
    assert message.conversation_id == str(DEFAULT_USER.id)
    assert message.received_at is not None and message.received_at.tzinfo is not None
    assert message.raw["message"]["chat"]["id"] == DEFAULT_GROUP.id

    private = update_of(text="hi")
    assert private.message is not None and private.message.from_user is not None
    direct = incoming(private, private.message, private.message.from_user, key="k", text="hi")
    assert not direct.is_group and direct.conversation_id is None


def test_a_button_press_acts_for_the_person_who_pressed_not_the_bot() -> None:
    card = message_dict(message_id=3, chat=TgChat.private(DEFAULT_USER), sender=BOT, text="card")
    update = Update.de_json({"update_id": 2, "callback_query": {
        "id": "5", "from": DEFAULT_USER.to_dict(), "message": card, "chat_instance": "ci", "data": "confirm:p"}}, None)
    query = update.callback_query
    assert query is not None and query.message is not None
    message = incoming(update, query.message, query.from_user, key=callback_key(query), action="confirm:p")
    assert message.sender_id == str(DEFAULT_USER.id) != str(BOT.id)
    assert message.action == "confirm:p" and message.received_at is None


def test_sender_language_from_the_telegram_app() -> None:
    assert sender_language(update_of(sender=ZH_USER, text="x").to_dict()) == "zh"
    assert sender_language(update_of(text="x").to_dict()) == "en"
    assert sender_language({"message": {"from": {"language_code": "de"}}}) is None
    assert sender_language({}) is None
