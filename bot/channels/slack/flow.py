"""What happens after the ack: who wrote, link or refuse, check files, run the assistant, queue the replies.

A Slack user's conversation with salesbot lives in their DM with the bot, wherever they write from: a
mention in a channel, a button, `/sales`, or the DM itself all continue the same conversation. In a channel,
only replies that carry no data and no buttons are posted there; everything else goes to the DM.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.assistant import guess_language
from bot.channels.slack import inbound
from bot.channels.slack.blocks import decode_value
from bot.channels.slack.commands import command_text
from bot.channels.slack.files import FileVerdict, SlackFiles
from bot.channels.slack.home import HomeTab
from bot.channels.slack.people import PLATFORM, People, Person
from bot.dispatch import Dispatcher
from bot.linking import Linker
from bot.messages import IncomingMessage
from core.i18n import t
from core.outbound import Reply
from core.services import inbox

log = logging.getLogger(__name__)

JSON = dict[str, Any]
# The Bolt context key under which the channel passes the inbox id of the stored event being processed.
INBOUND_KEY = "salesbot_inbound_id"


@dataclass(frozen=True)
class Arrival:
    """One thing a Slack user said or pressed, with where their conversation lives."""

    key: str  # the inbox id: one Slack event (or press, or command) is processed once
    slack_user: str
    text: str
    dm: str  # the user's DM with the bot: the conversation's chat, where private replies go
    origin: str  # where it was written (the DM, or the channel of a mention)
    action: str | None = None
    files: tuple[JSON, ...] = ()
    raw: JSON = field(default_factory=dict)
    received_at: datetime | None = None
    inbound_id: int | None = None  # the stored event (claimed for processing by the channel)

    @property
    def in_channel(self) -> bool:
        return self.origin != self.dm

    def message(self, text: str | None = None, audio: Any = None) -> IncomingMessage:
        return IncomingMessage(
            channel=PLATFORM, chat_id=self.dm, sender_id=self.slack_user, message_id=self.key[:128],
            text=self.text if text is None else text, audio=audio, action=self.action, is_group=False,
            mentioned=self.in_channel, received_at=self.received_at, raw=self.raw,
        )


class Inbound:
    def __init__(self, dispatcher: Dispatcher, linker: Linker, people: People, files: SlackFiles,
                 home: HomeTab) -> None:
        self.core = dispatcher.core
        self.dispatcher = dispatcher
        self.linker = linker
        self.people = people
        self.files = files
        self.home = home

    # -- entry points (called by the Bolt listeners, after the ack) -------------------------------------

    async def on_message(self, body: JSON, event: JSON, bot_user_id: str | None, inbound_id: int | None = None
                         ) -> None:
        """message.im: a person writing in their DM with the bot (other channels answer mentions only)."""
        if not inbound.is_user_message(event) or not inbound.is_bot_dm(event):
            return
        user, channel = str(event["user"]), str(event["channel"])
        self.people.remember_dm(user, channel)
        await self.handle(Arrival(
            key=inbound.event_key(body, event), slack_user=user, text=inbound.plain_text(event.get("text"),
            bot_user_id), dm=channel, origin=channel, files=tuple(event.get("files") or ()),
            raw=inbound.trimmed_raw(event), received_at=inbound.received_at(event.get("ts")), inbound_id=inbound_id,
        ))

    async def on_mention(self, body: JSON, event: JSON, bot_user_id: str | None, inbound_id: int | None = None
                         ) -> None:
        """app_mention in a channel. In the bot's own DM the same message also arrives as message.im,
        which answers it; answering here too would answer one message twice."""
        if not inbound.is_user_message(event) or str(event.get("channel", "")).startswith("D"):
            return
        user = str(event["user"])
        await self.handle(Arrival(
            key=inbound.event_key(body, event), slack_user=user,
            text=inbound.plain_text(event.get("text"), bot_user_id), dm=await self.people.dm(user),
            origin=str(event["channel"]), files=tuple(event.get("files") or ()), raw=inbound.trimmed_raw(event),
            received_at=inbound.received_at(event.get("ts")), inbound_id=inbound_id,
        ))

    async def on_action(self, body: JSON, inbound_id: int | None = None) -> None:
        """A button of ours. Buttons are only ever posted in the user's DM, so the presser owns the card."""
        user = str((body.get("user") or {}).get("id") or "")
        actions = body.get("actions") or []
        pressed = decode_value(actions[0].get("value")) if actions else None
        if not user or pressed is None:
            return
        dm = await self.people.dm(user)
        await self.handle(Arrival(
            key=inbound.action_key(body, actions[0]), slack_user=user, text=pressed.fallback, dm=dm, origin=dm,
            action=pressed.action, raw={"type": "block_actions", "action": pressed.action,
                                        "container": body.get("container")}, inbound_id=inbound_id,
        ))

    async def on_command(self, command: JSON, inbound_id: int | None = None) -> None:
        """`/sales …`: answered in the DM whatever channel it was typed in (a slash command's reply
        could otherwise show data in a channel)."""
        user = str(command.get("user_id") or "")
        if not user:
            return
        dm = await self.people.dm(user)
        text = command_text(inbound.plain_text(command.get("text")))
        await self.handle(Arrival(
            key=inbound.command_key(command), slack_user=user, text=text, dm=dm, origin=dm,
            raw={"type": "slash_command", "command": command.get("command"), "channel": command.get("channel_id")},
            inbound_id=inbound_id,
        ))

    async def command_ack_text(self, command: JSON) -> str | None:
        """The ephemeral ack of `/sales` outside the bot's DM: where the answer will be."""
        user, channel = str(command.get("user_id") or ""), str(command.get("channel_id") or "")
        dm = self.people.known_dm(user)
        if dm is None:
            try:  # one quick look-up; the ack must leave within 3 seconds
                dm = await asyncio.wait_for(self.people.dm(user), timeout=1.0)
            except TimeoutError:
                dm = None
        if dm == channel:
            return None
        lang = await self.people.language(user, command.get("text"))
        return t(lang, "slack.command.answered_in_dm")

    async def on_home_opened(self, event: JSON) -> None:
        if event.get("tab") not in (None, "home") or not event.get("user"):
            return
        user = str(event["user"])
        if await self.people.find(user) is None:
            await self._link_by_email(user, await self.people.dm(user))
        await self.home.publish(user)

    # -- the pipeline -----------------------------------------------------------------------------------

    async def handle(self, arrival: Arrival) -> None:
        if arrival.inbound_id is None and await asyncio.to_thread(self._seen, arrival.key):
            log.info("slack %s already processed", arrival.key)  # a redelivery (X-Slack-Retry-Num)
            return
        if arrival.action is None:
            code = inbound.link_code(arrival.text)
            if code is not None:
                await self._redeem(arrival, code)
                return
            if inbound.is_bare_link(arrival.text):
                await self._notice(arrival, "slack.link.usage", None)
                return
        person = await self.people.find(arrival.slack_user)
        if person is None:
            person = await self._link_by_email(arrival.slack_user, arrival.dm)
        if person is None:
            await self._notice(arrival, "slack.access.unknown_user", None, status="rejected")
            return
        # A message that is only a photo or a PDF is evidence to attach; with text, the text is what is meant.
        verdict = (await self.files.inspect(list(arrival.files), evidence=not arrival.text) if arrival.files
                   else FileVerdict())
        if verdict.problem and not arrival.text:
            await self._notice(arrival, verdict.problem, person, **verdict.params)
            return
        message = replace(arrival.message(text=arrival.text or None, audio=verdict.audio), file=verdict.file)
        replies = await self.dispatcher.assistant.handle(message)
        if verdict.problem and replies:
            replies.append(Reply(text=t(person.language, verdict.problem, **verdict.params), private=False))
        await self._deliver(arrival, message, replies)

    async def _deliver(self, arrival: Arrival, message: IncomingMessage, replies: list[Reply]) -> None:
        if not replies:
            return
        if not arrival.in_channel:
            await self.dispatcher.deliver(message, replies)
            return
        # Buttons and decided cards belong in the DM: only there is the person who presses the owner of
        # the conversation, and only there can the card they resolve be found and edited.
        routed = [r if r.private or not (r.choices or r.resolves or r.proposal_id)
                  else r.model_copy(update={"private": True}) for r in replies]
        in_channel = replace(message, chat_id=arrival.origin, is_group=True)
        await self.dispatcher.deliver(in_channel, routed, private_chat_id=arrival.dm)

    async def _link_by_email(self, slack_user: str, dm: str) -> Person | None:
        result = await self.people.link_by_profile_email(slack_user)
        if result is None or not result.linked:
            return None
        note = IncomingMessage(channel=PLATFORM, chat_id=dm, sender_id=slack_user, message_id="")
        await self.dispatcher.deliver(note, [result.reply])
        return await self.people.find(slack_user)

    async def _redeem(self, arrival: Arrival, code: str) -> None:
        # The code is not kept in the inbox: invites store only its hash, and so does this.
        inbound_id = arrival.inbound_id
        if inbound_id is None:
            inbound_id = await asyncio.to_thread(self._record, arrival, "link ***", {"type": "link"})
        if inbound_id is None:
            return
        lang = await self.people.language(arrival.slack_user, arrival.text)
        result = await self.linker.redeem(PLATFORM, arrival.slack_user, code, lang)
        person = await self.people.find(arrival.slack_user)
        await asyncio.to_thread(self._finish, inbound_id, "processed" if result.linked else "rejected",
                                person.user_id if person else None)
        await self.dispatcher.deliver(arrival.message(text=""), [result.reply])

    async def _notice(self, arrival: Arrival, key: str, person: Person | None, status: str = "processed",
                      **params: Any) -> None:
        """Answer with one catalogue message (no assistant run); still recorded once in the inbox."""
        inbound_id = arrival.inbound_id
        if inbound_id is None:
            inbound_id = await asyncio.to_thread(self._record, arrival, arrival.text, arrival.raw)
        if inbound_id is None:
            return
        await asyncio.to_thread(self._finish, inbound_id, status, person.user_id if person else None)
        lang = person.language if person else guess_language(arrival.text, self.people.default_language)
        # Privately: an unknown person or a file problem is nobody else's business in a channel.
        await self.dispatcher.deliver(arrival.message(), [Reply(text=t(lang, key, **params), private=False)])

    # -- inbox bookkeeping (worker threads) -------------------------------------------------------------

    def _seen(self, key: str) -> bool:
        with self.core.system() as system:
            return inbox.seen(system, PLATFORM, key[:128])

    def _record(self, arrival: Arrival, text: str | None, raw: JSON) -> int | None:
        with self.core.system() as system:
            return inbox.record(system, channel=PLATFORM, platform_message_id=arrival.key[:128],
                                chat_id=arrival.dm, sender_id=arrival.slack_user, text=text, raw=raw)

    def _finish(self, inbound_id: int, status: str, user_id: int | None) -> None:
        with self.core.system() as system:
            inbox.finish(system, inbound_id, status=status, user_id=user_id)
