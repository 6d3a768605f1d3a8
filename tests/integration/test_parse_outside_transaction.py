"""A slow parse (an LLM can take seconds) holds no write lock: another user's write goes through meanwhile.

Alice's message is parsed by a parser that waits until Bob has proposed and confirmed a write of his own. If
the parse ran inside a write transaction, SQLite's write lock would be held all along and Bob's write would
fail with "database is locked" (the engine here waits at most half a second for a lock), so the order of
events, not a stopwatch, decides the test.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.assistant import Assistant
from bot.conversation import Conversation
from bot.handlers import default_handlers
from bot.intents.base import ParseContext, Parsed
from bot.intents.schema import command_from
from bot.messages import IncomingMessage
from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory
from core.models import Interaction
from core.services import customers, users
from tests.factories import acting, add_user

WAIT = 60.0  # only ever reached if the test is broken: every wait below returns as soon as its event is set


class SlowForAlice:
    """Parses "visited <customer>"; Alice's message waits until Bob's write is done."""

    def __init__(self) -> None:
        self.alice_parsing = threading.Event()
        self.bob_done = threading.Event()

    def parse(self, text: str, context: ParseContext) -> Parsed:
        if text == "visited acme (alice)":
            self.alice_parsing.set()
            assert self.bob_done.wait(WAIT), "Bob's write never finished while Alice's parse was running"
            return Parsed(command_from("log_interaction", {"customer": "Acme Corp", "channel": "visit"}), 0.9)
        if text == "visited globex (bob)":
            return Parsed(command_from("log_interaction", {"customer": "Globex", "channel": "visit"}), 0.9)
        return Parsed(command_from("unknown", {}), 0.0)


@pytest.fixture
def impatient_core(database_url: str, clock: FixedClock) -> Any:
    """A gateway whose SQLite connections give up on a held write lock after half a second."""
    engine = make_engine(database_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA busy_timeout=500"))
    yield CoreGateway(make_session_factory(engine), clock, Defaults("CNY", "Asia/Shanghai", "zh"))
    engine.dispose()


def test_a_slow_parse_does_not_hold_up_another_users_write(impatient_core: CoreGateway) -> None:
    core = impatient_core
    alice, bob = add_user(core, "Alice"), add_user(core, "Bob")
    with core.system() as system:
        users.link(system, alice, "telegram", "1")
        users.link(system, bob, "telegram", "2")
    with acting(core, alice) as ctx:
        customers.create(ctx, "Acme Corp")
    with acting(core, bob) as ctx:
        customers.create(ctx, "Globex")
    parser = SlowForAlice()
    assistant = Assistant(core, Conversation(core, parser, default_handlers()), "en")

    def say(sender: str, text: str, message_id: str) -> list[Any]:
        return assistant.handle_sync(IncomingMessage(channel="telegram", chat_id=sender, sender_id=sender,
                                                     message_id=message_id, text=text))

    alice_replies: list[Any] = []
    alice_turn = threading.Thread(target=lambda: alice_replies.extend(say("1", "visited acme (alice)", "a1")))
    alice_turn.start()
    assert parser.alice_parsing.wait(WAIT)
    # Alice's parse is running now. Bob proposes and confirms a write.
    [card] = say("2", "visited globex (bob)", "b1")
    assert "Globex" in card.text
    [done] = say("2", "yes", "b2")
    assert "Logged for Globex" in done.text
    parser.bob_done.set()
    alice_turn.join(WAIT)
    assert not alice_turn.is_alive()
    assert alice_replies and "Acme Corp" in alice_replies[0].text
    with core.system() as system:
        assert system.session.scalar(select(func.count(Interaction.id))) == 1
