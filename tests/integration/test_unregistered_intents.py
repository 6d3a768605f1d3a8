"""Intents written but not registered (no handler yet) are not understood in chat — through the real rule
parser and the real conversation: no stub answer, no card of another kind, nothing written.

Every written intent has its handler now, so the chat here is one that leaves `report` out (what a deployment
without reports, or the next intent written before its handler, looks like): the parser still scores the
written spec, so its messages become "not understood", never another intent's card."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.assistant import Assistant
from bot.conversation import Conversation
from bot.handlers import default_handlers
from bot.handlers.meta import help_text
from bot.intents.registry import REGISTRY
from bot.intents.rules import RuleParser
from bot.messages import IncomingMessage
from core.context import CoreGateway
from core.i18n import t
from core.models import AuditLog, Interaction
from core.services import customers, users
from tests.factories import acting, add_user

LEFT_OUT = "report"
OUT_OF_SCOPE = [
    "show me the sales funnel",
]


def test_messages_of_unregistered_intents_are_not_understood(core: CoreGateway) -> None:
    user = add_user(core, "Alice")
    with core.system() as system:
        session = system.session
        users.link(system, user, "telegram", "100")
    with acting(core, user) as ctx:
        customers.create(ctx, "Acme Corp")
        customers.create(ctx, "星辰科技有限公司")
    handlers = {name: handler for name, handler in default_handlers().items() if name != LEFT_OUT}
    parser = RuleParser(spec for spec in REGISTRY.active() if spec.name != LEFT_OUT)
    assistant = Assistant(core, Conversation(core, parser, handlers), "en")
    with core.system() as system:
        session = system.session
        changes_before = session.scalar(select(func.count()).select_from(AuditLog))
    for number, text in enumerate([*OUT_OF_SCOPE, "yes", "help"], start=1):
        message = IncomingMessage(channel="telegram", chat_id="c1", sender_id="100", message_id=str(number), text=text)
        [reply] = assistant.handle_sync(message)
        if text == "yes":
            assert reply.text == t("en", "confirm.nothing_pending")  # no card was left waiting
        elif text == "help":
            assert reply.text == help_text("en")
        else:
            assert reply.text == t("en", "unknown.reply") and not reply.choices, text
    with core.system() as system:
        session = system.session
        assert session.scalar(select(func.count()).select_from(Interaction)) == 0
        assert session.scalar(select(func.count()).select_from(AuditLog)) == changes_before
