"""No acknowledged Slack event is lost: Slack's Web API down (or refusing connections) right after a start, events
arriving meanwhile, the server restarting, Slack coming back — every event is answered exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from bot.bootstrap import App
from bot.channels.slack import SlackChannel
from core.clock import FixedClock
from core.models import InboundMessage
from tests.e2e.slack_harness import ALICE, ALICE_DM, SlackHarness, start_slack
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack

EVENTS = 5


def quick_retries(harness: SlackHarness) -> None:
    backlog = harness.channel.backlog
    backlog.first_retry, backlog.max_retry = 0.05, 0.4


async def wait_stored(harness: SlackHarness, n: int) -> None:
    """Until n events are stored and each has been tried at least once (and put back: Slack is unreachable)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while loop.time() < deadline:
        rows = harness.inbound()
        if len(rows) >= n and all(r.error for r in rows):
            assert {r.status for r in rows} <= {"received", "processing"}
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not stored: {[r.status for r in harness.inbound()]}")


@pytest.mark.parametrize("outage", ["503", "refused"])
async def test_events_during_an_outage_after_start_are_all_answered_once_slack_is_back(
        make_app: Callable[..., App], fake_slack: FakeSlack, clock: FixedClock, outage: str) -> None:
    if outage == "503":
        fake_slack.set_down(True)
    else:
        await fake_slack.refuse_connections()
    harness = await start_slack(make_app, fake_slack, clock)
    try:
        quick_retries(harness)
        alice = harness.add_user("Alice")
        harness.link(alice, ALICE)
        for n in range(EVENTS):
            response = await harness.dm("help", event_id=f"Ev0OUTAGE{outage}{n}")
            assert response.status == 200 and response.body == ""  # acknowledged: Slack never sends it again
        await wait_stored(harness, EVENTS)  # stored, waiting for Slack
        assert harness.fake.messages == []
        if outage == "503":
            fake_slack.set_down(False)
        else:
            await fake_slack.accept_connections()
        replies = await harness.said(EVENTS)
        lost = EVENTS - len(replies)
        assert lost == 0, f"{lost} events lost"
        assert len(replies) == EVENTS
        assert {row.status for row in harness.inbound()} == {"processed"}
    finally:
        await harness.server.stop()


async def test_events_stored_during_an_outage_survive_a_restart(
        make_app: Callable[..., App], fake_slack: FakeSlack, clock: FixedClock) -> None:
    fake_slack.set_down(True)
    first = await start_slack(make_app, fake_slack, clock)
    quick_retries(first)
    alice = first.add_user("Alice")
    first.link(alice, ALICE)
    for n in range(3):
        await first.dm("help", event_id=f"Ev0RESTART{n}")
    await wait_stored(first, 3)
    await first.server.stop()  # still down: nothing was processed

    fake_slack.set_down(False)
    from bot.serve import build_server

    server = build_server(first.app)
    await server.start()  # the backlog sweep on start takes up what the last run left
    second = SlackHarness(fake_slack, first.app, server, clock)
    try:
        assert len(await second.said(3)) == 3
        # Slack redelivering one of them (it never got our ack, say): recognised, not answered again.
        await second.post(se.event_request(se.message_event("help"), event_id="Ev0RESTART0"), retry_num=1,
                          retry_reason="http_timeout")
        await second.settle()
        assert len(fake_slack.messages_in(ALICE_DM)) == 3
        assert second.count(InboundMessage) == 3
    finally:
        await server.stop()


async def test_a_crash_while_processing_is_retried_from_the_store(
        make_app: Callable[..., App], fake_slack: FakeSlack, clock: FixedClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    harness = await start_slack(make_app, fake_slack, clock)
    try:
        quick_retries(harness)
        alice = harness.add_user("Alice")
        harness.link(alice, ALICE)
        channel = harness.channel
        real = SlackChannel._process
        crashes = [1]

        async def flaky(self: SlackChannel, stored: Any) -> Any:
            if crashes:
                crashes.pop()
                raise RuntimeError("worker died")
            return await real(self, stored)

        monkeypatch.setattr(SlackChannel, "_process", flaky)
        channel.backlog.handler = channel._process  # the bound method, now the flaky one
        await harness.dm("help", event_id="Ev0CRASH")
        assert len(await harness.said(1)) == 1
        (row,) = harness.inbound()
        assert row.status == "processed" and row.attempts == 1
    finally:
        await harness.server.stop()
