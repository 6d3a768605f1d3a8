"""The App Home tab: the user's own open deals and today's tasks, read with that user's permissions."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from core.services import customers, deals, tasks
from tests.e2e.slack_harness import ALICE, SlackHarness, slack
from tests.fakes import slack_events as se

__all__ = ["slack"]

BOB = "U0BOB"


def home_text(slack: SlackHarness, user: str) -> str:
    return json.dumps(slack.fake.home_views[user]["blocks"], ensure_ascii=False)


async def open_home(slack: SlackHarness, user: str = ALICE, tab: str = "home") -> None:
    response = await slack.post(se.event_request(se.app_home_opened_event(user, tab=tab)))
    assert response.status == 200
    await slack.settle()


async def test_the_home_tab_shows_my_open_deals_and_todays_tasks_only(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice", team="East")
    bob = slack.add_user("Bob", team="West")
    slack.link(alice, ALICE)
    slack.link(bob, BOB)
    now = slack.clock.now()
    with slack.app.core.unit(alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        deals.create(ctx, acme.id, "ERP rollout", amount=Decimal(500000), stage="proposal")
        won = deals.create(ctx, acme.id, "Old deal", stage="won")
        assert won.stage == "won"
        tasks.create(ctx, "Send the quote", due=now, customer_id=acme.id)
        tasks.create(ctx, "Plan next quarter", due=now + timedelta(days=5))
    with slack.app.core.unit(bob) as ctx:
        globex = customers.create(ctx, "Globex")
        deals.create(ctx, globex.id, "Secret Globex deal", stage="negotiation")

    await open_home(slack)
    text = home_text(slack, ALICE)
    assert "ERP rollout" in text and "Acme Corp" in text and "¥500,000" in text
    assert "Send the quote" in text
    assert "Old deal" not in text and "Plan next quarter" not in text
    assert "Globex" not in text  # another team's deal: not even its name

    await open_home(slack, BOB)
    assert "Secret Globex deal" in home_text(slack, BOB) and "Acme Corp" not in home_text(slack, BOB)


async def test_an_unlinked_user_sees_how_to_get_access(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    with slack.app.core.unit(alice) as ctx:
        customers.create(ctx, "Acme Corp")
    await open_home(slack, "U0STRANGER")
    text = home_text(slack, "U0STRANGER")
    assert "link" in text and "Acme" not in text and "Alice" not in text


async def test_the_messages_tab_publishes_nothing(slack: SlackHarness) -> None:
    await open_home(slack, tab="messages")
    assert slack.fake.home_views == {}
