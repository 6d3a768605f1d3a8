"""The propose → confirm → write loop, driven with a scripted parser so only the conversation is under test."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.assistant import Assistant
from bot.conversation import Conversation
from bot.handlers import default_handlers
from bot.intents.base import ParseContext, Parsed
from bot.intents.schema import command_from
from bot.messages import IncomingMessage
from core.context import CoreGateway
from core.models import AuditLog, Customer, Deal, InboundMessage, Interaction, Task
from core.outbound import Reply
from core.services import customers, deals, users
from tests.factories import acting, add_user


class ScriptedParser:
    """Maps exact texts to commands; anything else is unknown."""

    def __init__(self, script: dict[str, tuple[str, dict[str, Any]]]) -> None:
        self.script = script

    def parse(self, text: str, context: ParseContext) -> Parsed:
        intent, slots = self.script.get(text, ("unknown", {}))
        confidence = 0.0 if intent == "unknown" else 0.5 if text.startswith("maybe") else 0.9
        return Parsed(command_from(intent, slots), confidence)


SCRIPT: dict[str, tuple[str, dict[str, Any]]] = {
    "visited acme": ("log_interaction", {"customer": "acme", "channel": "visit", "summary": "wants a quote",
                                         "contact": "Li Wei", "follow_up": date(2026, 11, 27),
                                         "next_step": "send quote"}),
    "maybe visited acme": ("log_interaction", {"customer": "acme", "channel": "visit"}),
    "visited acem": ("log_interaction", {"customer": "acem", "channel": "visit"}),
    "visited zeta": ("log_interaction", {"customer": "Zeta Labs", "channel": "visit"}),
    "new deal": ("create_deal", {"amount": Decimal(500000)}),
    "move it to negotiation": ("update_deal", {"stage": "negotiation", "refers_to_context": True}),
    "amount 600k": ("update_deal", {"amount": Decimal(600000)}),
    "new customer acme": ("create_customer", {"name": "acme"}),
    "new customer acme logistics": ("create_customer", {"name": "Acme Logistic"}),
    "undo": ("undo", {}),
    "help": ("help", {}),
    "cancel": ("cancel", {}),
    "negative": ("create_deal", {"customer": "Acme Corp"}),
}


@pytest.fixture
def assistant(core: CoreGateway) -> Assistant:
    return Assistant(core, Conversation(core, ScriptedParser(SCRIPT), default_handlers()), "zh")


@pytest.fixture
def alice(core: CoreGateway) -> int:
    user = add_user(core, "Alice")
    with core.system() as system:
        users.link(system, user, "telegram", "100")
    with acting(core, user) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        customers.create(ctx, "Acme Logistics")
        deals.create(ctx, acme.id, "ERP", stage="proposal")
    return user.id


Say = Callable[..., list[Reply]]


@pytest.fixture
def say(assistant: Assistant, alice: int) -> Say:
    counter = iter(range(1, 10_000))

    def send(text: str = "", action: str | None = None, sender: str = "100", message_id: str | None = None
             ) -> list[Reply]:
        message = IncomingMessage(channel="telegram", chat_id="c1", sender_id=sender,
                                  message_id=message_id or str(next(counter)), text=text, action=action)
        return assistant.handle_sync(message)

    return send


def count(core: CoreGateway, model: type) -> int:
    with core.system() as system:
        session = system.session
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_write_is_proposed_and_written_only_after_yes(core: CoreGateway, say: Say) -> None:
    [card] = say("visited acme")
    assert "Acme Corp" in card.text and "Li Wei (new)" in card.text
    assert [c.fallback for c in card.choices] == ["yes", "edit", "no"]
    assert count(core, Interaction) == 0
    [done] = say("yes")
    assert "Logged for Acme Corp" in done.text and done.resolves == card.proposal_id
    assert count(core, Interaction) == 1 and count(core, Task) == 1


def test_the_interaction_keeps_the_words_the_user_wrote_not_the_confirmation(core: CoreGateway, say: Say) -> None:
    say("visited acme")
    say("edit")
    say("amount 600k")  # a correction (the budget) before confirming
    say("yes")
    with core.system() as system:
        session = system.session
        assert session.scalars(select(Interaction.source_text)).one() == "visited acme"


def test_a_guess_is_proposed_with_a_warning_on_the_card(core: CoreGateway, say: Say) -> None:
    [card] = say("maybe visited acme")
    assert card.text.startswith("🤔") and "Log visit · Acme Corp" in card.text
    *_, plain = say("visited acme")
    assert not plain.text.startswith("🤔")


def test_the_same_proposal_confirmed_twice_executes_once(core: CoreGateway, say: Say) -> None:
    [card] = say("visited acme")
    action = f"confirm:{card.proposal_id}"
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: say(action=action, text="yes", message_id=f"tap{i}"), range(4)))
    texts = [r[0].text for r in results]
    assert sum("Logged" in t for t in texts) == 1
    assert count(core, Interaction) == 1


def test_no_drops_the_proposal(core: CoreGateway, say: Say) -> None:
    say("visited acme")
    [reply] = say("取消")
    assert "nothing was saved" in reply.text
    assert say("yes")[0].text == "There's nothing waiting for confirmation."
    assert count(core, Interaction) == 0


def test_fuzzy_match_asks_did_you_mean_and_never_becomes_identity_silently(core: CoreGateway, say: Say) -> None:
    [question] = say("visited acem")
    labels = [c.label for c in question.choices]
    assert labels[0] == "Acme Corp" and any("New customer" in label for label in labels)
    [card] = say("1")
    assert "Log visit · Acme Corp" in card.text
    say("yes")
    with core.system() as system:
        session = system.session
        assert session.scalar(select(func.count()).select_from(Customer)) == 2


def test_unknown_customer_on_a_write_asks_whether_to_create_it(core: CoreGateway, say: Say) -> None:
    [question] = say("visited zeta")
    assert "Create it?" in question.text
    [card] = say(action=question.choices[0].action)
    assert "Zeta Labs (new)" in card.text
    say("yes")
    with core.system() as system:
        session = system.session
        assert session.scalar(select(Customer.name).where(Customer.name == "Zeta Labs")) == "Zeta Labs"


def test_missing_slot_is_asked_with_one_question(core: CoreGateway, say: Say) -> None:
    [question] = say("new deal")
    assert question.text == "Which customer?"
    [card] = say("Acme Corp")
    assert "New deal" in card.text and "¥500,000" in card.text
    say("yes")
    assert count(core, Deal) == 2


def test_it_refers_to_the_deal_we_just_talked_about(core: CoreGateway, say: Say) -> None:
    say("visited acme")
    say("yes")
    [card] = say("move it to negotiation")
    assert "ERP" in card.text and "proposal → negotiation" in card.text
    say("yes")
    with core.system() as system:
        session = system.session
        assert session.scalar(select(Deal.stage).where(Deal.title == "ERP")) == "negotiation"


def test_edit_changes_a_slot_before_confirming(core: CoreGateway, say: Say) -> None:
    say("visited acme")
    say("yes")
    [card] = say("move it to negotiation")
    replies = say(action=f"edit:{card.proposal_id}", text="edit")
    assert replies[0].resolves == card.proposal_id
    [edited] = say("amount 600k")
    assert "¥600,000" in edited.text and "negotiation" in edited.text
    say("yes")
    with core.system() as system:
        session = system.session
        assert session.scalar(select(Deal.amount).where(Deal.title == "ERP")) == Decimal(600000)


def test_create_customer_never_makes_a_silent_duplicate(core: CoreGateway, say: Say) -> None:
    [reply] = say("new customer acme")
    assert "already in your customers" in reply.text and not reply.choices
    [question] = say("new customer acme logistics")
    assert question.choices[0].label == "Acme Logistics"
    [reply] = say("1")
    assert "nothing new created" in reply.text
    assert count(core, Customer) == 2


def test_undo_reverts_the_last_change_after_confirmation(core: CoreGateway, say: Say) -> None:
    say("visited acme")
    say("yes")
    [card] = say("undo")
    assert "logged interaction" in card.text
    assert count(core, Interaction) == 1
    [done] = say("yes")
    assert done.text.startswith("Undone")
    assert count(core, Interaction) == 0 and count(core, Task) == 0


def test_a_failed_confirmation_leaves_nothing_written(core: CoreGateway, say: Say, alice: int) -> None:
    say("visited zeta")
    say("1")
    # Meanwhile somebody else creates the same customer: the confirmation now conflicts.
    bob = add_user(core, "Bob")
    with acting(core, bob) as ctx:
        customers.create(ctx, "Zeta Labs")
    [reply] = say("yes")
    assert "looked after by a colleague" in reply.text and reply.private
    assert count(core, Interaction) == 0


def test_unknown_user_gets_access_help_and_only_the_inbound_message_is_stored(core: CoreGateway, say: Say) -> None:
    audit_before = count(core, AuditLog)
    [reply] = say("帮我记一下拜访", sender="999")
    assert "管理员" in reply.text and not reply.private
    with core.system() as system:
        session = system.session
        row = session.scalars(select(InboundMessage).where(InboundMessage.sender_id == "999")).one()
        assert row.status == "rejected" and row.user_id is None
    assert count(core, AuditLog) == audit_before


def test_a_redelivered_message_is_processed_once(core: CoreGateway, say: Say) -> None:
    assert say("visited acme", message_id="m-1")
    assert say("visited acme", message_id="m-1") == []


def test_replies_follow_the_users_language(core: CoreGateway, assistant: Assistant) -> None:
    user = add_user(core, "王芳", lang="zh")
    with core.system() as system:
        users.link(system, user, "slack", "U1")
    [reply] = assistant.handle_sync(IncomingMessage(channel="slack", chat_id="D1", sender_id="U1",
                                                    message_id="x", text="help"))
    assert "我能帮你做这些" in reply.text
