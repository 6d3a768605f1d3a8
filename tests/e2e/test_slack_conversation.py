"""Whole conversations through Slack: link, log a visit, confirm or edit by button, ask; mentions; /sales."""

from __future__ import annotations

from sqlalchemy import select

from core.models import AuditLog, Interaction, Task
from core.services import customers
from tests.e2e.slack_harness import ALICE, ALICE_DM, SlackHarness, slack
from tests.fakes import slack_events as se
from tests.fakes.slack_objects import SlackMessage

__all__ = ["slack"]

VISIT = "visited Acme today, met Li Wei, they want a quote by Friday"


def with_acme(slack: SlackHarness) -> int:
    alice = slack.add_user("Alice")
    with slack.app.core.unit(alice) as ctx:
        customers.create(ctx, "Acme Corp")
    return alice


def no_stale_buttons(messages: list[SlackMessage]) -> None:
    assert [m.text for m in messages if m.buttons()] == []


async def test_link_log_a_visit_confirm_by_button_then_ask(slack: SlackHarness) -> None:
    alice = with_acme(slack)
    code = slack.invite(alice)

    await slack.dm(f"link {code}")
    (welcome,) = await slack.said(1)
    assert "Alice" in (welcome.text or "")

    await slack.dm(VISIT)
    card = (await slack.said(2))[-1]
    assert "Acme Corp" in (card.text or "") and "Li Wei" in (card.text or "")
    assert len(card.buttons()) == 3

    await slack.press(card, "Confirm")
    messages = await slack.said(3)
    assert "Acme Corp" in (messages[-1].text or "")
    assert card.history, "the card was updated (chat.update)"
    assert not card.buttons() and "Li Wei" in (card.text or "")  # same card, decided, no buttons

    await slack.dm("tell me about Acme")
    answer = (await slack.said(4))[-1]
    assert "Acme Corp" in (answer.text or "") and "Li Wei" in (answer.text or "")
    no_stale_buttons(slack.fake.messages_in(ALICE_DM))

    with slack.app.core.system() as system:

        session = system.session
        interaction = session.scalars(select(Interaction)).one()
        assert interaction.author_id == alice
        assert session.scalars(select(Task)).one().assignee_id == alice
        # The assistant acted as the person who wrote: the change names Alice (admin set-up has no actor).
        logged = session.scalars(select(AuditLog).where(AuditLog.entity_type == "interactions")).all()
        assert logged and {row.actor_id for row in logged} == {alice}
        assert set(session.scalars(select(AuditLog.actor_id).where(AuditLog.actor_id.is_not(None)))) == {alice}


async def test_edit_by_button_then_confirm_leaves_no_stale_buttons(slack: SlackHarness) -> None:
    alice = with_acme(slack)
    slack.link(alice, ALICE)
    await slack.dm(VISIT)
    (card,) = await slack.said(1)
    await slack.press(card, "Edit")
    messages = await slack.said(3)
    assert not card.buttons()
    question = messages[-1]
    assert [b["text"]["text"] for b in question.buttons()] == ["✖️ Cancel"]

    await slack.dm("amount 600k")
    new_card = (await slack.said(4))[-1]
    assert len(new_card.buttons()) == 3 and not question.buttons()

    await slack.press(new_card, "Confirm")
    await slack.said(5)
    no_stale_buttons(slack.fake.messages_in(ALICE_DM))
    assert slack.count(Interaction) == 1


async def test_a_double_tap_records_once(slack: SlackHarness) -> None:
    alice = with_acme(slack)
    slack.link(alice, ALICE)
    await slack.dm(VISIT)
    (card,) = await slack.said(1)
    # The second tap comes from a client that still shows the card with its buttons.
    stale = SlackMessage(card.channel, card.ts, dict(card.message), card.params)
    await slack.press(card, "Confirm")
    await slack.said(2)
    await slack.press(stale, "Confirm")
    messages = await slack.said(3)
    assert slack.count(Interaction) == 1
    assert "already" in (messages[-1].text or "")


async def test_a_mention_in_a_channel_answers_privately(slack: SlackHarness) -> None:
    alice = with_acme(slack)
    slack.link(alice, ALICE)
    await slack.post(se.event_request(se.app_mention_event(VISIT, channel="C0SALES")))
    (note,) = await slack.said(1, "C0SALES")
    (card,) = await slack.said(1)
    assert "private" in (note.text or "") and "Acme" not in (note.text or "") and not note.buttons()
    assert "Acme Corp" in (card.text or "") and len(card.buttons()) == 3
    assert slack.fake.calls_to("conversations.open")

    # The conversation continues in the DM: typing "yes" there confirms the card from the channel.
    await slack.dm("yes")
    messages = await slack.said(2)
    assert "Acme Corp" in (messages[-1].text or "") and not card.buttons()
    assert len(slack.fake.messages_in("C0SALES")) == 1
    assert slack.count(Interaction) == 1

    # Help carries no data: it may be answered in the channel.
    await slack.post(se.event_request(se.app_mention_event("help", channel="C0SALES")))
    channel = await slack.said(2, "C0SALES")
    assert "visit" in (channel[-1].text or "").lower()


async def test_slash_commands_answer_in_the_dm(slack: SlackHarness) -> None:
    alice = with_acme(slack)
    code = slack.invite(alice)
    response = await slack.post(se.slash_command_request("/sales", f"link {code}", channel=ALICE_DM,
                                                         response_url=slack.fake.response_url()))
    assert response.status == 200 and response.body == ""  # in the bot's DM: nothing ephemeral needed
    assert "Alice" in ((await slack.said(1))[-1].text or "")

    response = await slack.post(se.slash_command_request("/sales", "pipeline", channel="C0SALES",
                                                         response_url=slack.fake.response_url()))
    assert response.status == 200, response
    assert "direct messages" in response.body, response  # Bolt sends ack(text=...) as text: ephemeral
    await slack.said(2)
    await slack.post(se.slash_command_request("/sales", "", channel="C0SALES"))
    help_text = (await slack.said(3))[-1].text or ""
    assert "visit" in help_text.lower()
    assert slack.fake.messages_in("C0SALES") == [] and slack.fake.responses == []


async def test_link_by_profile_email_when_the_admin_allows_it(make_app, fake_slack, clock) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.slack_harness import start_slack

    harness = await start_slack(make_app, fake_slack, clock, slack_link_by_email=True)
    try:
        harness.add_user("Alice", email="Alice@Example.com")
        await harness.dm("help")
        welcome, answer = await harness.said(2)
        assert "Alice" in (welcome.text or "") and "visit" in (answer.text or "").lower()
        assert fake_slack.calls_to("users.info")
    finally:
        await harness.server.stop()


async def test_no_email_linking_unless_allowed(slack: SlackHarness) -> None:
    slack.add_user("Alice", email="alice@example.com")
    await slack.dm("help")
    (reply,) = await slack.said(1)
    assert "link CODE" in (reply.text or "")
    assert slack.fake.calls_to("users.info") == []
