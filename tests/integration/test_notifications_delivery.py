"""Pushes through the outbox on both databases: sent once, a channel that is down makes them wait, the guard
re-checks visibility at send time, a restart does not duplicate, concurrent ticks do not double-queue.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Deal, Notification, OutboxMessage, Task
from core.services import customers, deals, outbox, preferences, tasks, users
from notifications.engine import NotificationEngine
from notifications.guard import PushGuard
from notifications.outbox import Backoff, OutboxWorker
from tests.factories import acting
from tests.notify_helpers import FakePort, notes, outbox_rows, person, tick

SH = ZoneInfo("Asia/Shanghai")
CALM = ["suggestion", "daily_report", "deal_stale", "digest_daily", "digest_weekly"]


def _worker(core: CoreGateway, port: FakePort) -> OutboxWorker:
    return OutboxWorker(core, {port.name: port}, guard=PushGuard(core), backoff=Backoff(base=1, cap=5))


def _setup(core: CoreGateway) -> tuple[int, int]:
    alice = person(core, "Alice", telegram="100", mute=CALM, batching=False)
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        deal = deals.create(ctx, acme.id, "ERP", amount=Decimal(1), stage="proposal", close_date=date(2026, 11, 25))
        task = tasks.create(ctx, "Call Li Wei", due=datetime(2026, 11, 26, 9, 30, tzinfo=SH), customer_id=acme.id)
    return deal.id, task.id


async def test_a_push_is_sent_once_and_marked_sent(core: CoreGateway) -> None:
    _setup(core)
    port = FakePort()
    worker = _worker(core, port)
    assert tick(core, datetime(2026, 11, 26, 9, 30, tzinfo=SH)).queued == 2  # close date passed + task due
    stats = await worker.deliver_once()
    assert stats.sent == 2 and len(port.sent) == 2
    assert tick(core, datetime(2026, 11, 26, 9, 31, tzinfo=SH)).queued == 0
    assert (await worker.deliver_once()).sent == 0
    assert {row.status for row in outbox_rows(core)} == {"sent"}
    assert [chat for chat, _ in port.sent] == ["100", "100"]


async def test_a_channel_that_is_down_makes_the_push_wait(core: CoreGateway, clock: FixedClock) -> None:
    _setup(core)
    port = FakePort(down=True)
    worker = _worker(core, port)
    tick(core, datetime(2026, 11, 26, 9, 30, tzinfo=SH))
    stats = await worker.deliver_once()
    assert stats.sent == 0 and stats.retried == 2
    assert {row.status for row in outbox_rows(core)} == {"pending"}
    port.down = False
    assert (await worker.deliver_once()).sent == 0  # not due yet: it waits its backoff
    clock.advance(timedelta(seconds=31))
    assert (await worker.deliver_once()).sent == 2
    assert len(port.sent) == 2 and {row.status for row in outbox_rows(core)} == {"sent"}


async def test_a_push_no_longer_visible_is_dropped_at_send_time(core: CoreGateway) -> None:
    deal_id, _ = _setup(core)
    bob = person(core, "Bob", telegram="200", mute=CALM)
    port = FakePort()
    tick(core, datetime(2026, 11, 26, 9, 30, tzinfo=SH))
    with core.system() as system:  # the deal changes hands while the push waits in the outbox
        session = system.session
        deal = session.get(Deal, deal_id)
        assert deal is not None
        deal.owner_id = bob.id
    stats = await _worker(core, port).deliver_once()
    assert stats.dropped == 1 and stats.sent == 1
    assert [reply.text for _, reply in port.sent] == [
        "⏰ Reminder: Call Li Wei — due Thu 26 Nov 09:30\n   Customer: Acme Corp"]
    dropped = [row for row in outbox_rows(core) if row.status == "dropped"]
    assert len(dropped) == 1 and dropped[0].last_error == "nothing left the recipient may see"
    assert [n.reason for n in notes(core, "deal_close_passed")] == [f"not visible: deal {deal_id}"]


async def test_a_batch_loses_only_what_became_invisible(core: CoreGateway) -> None:
    deal_id, _ = _setup(core)
    bob = person(core, "Bob", telegram="200", mute=CALM)
    with core.system() as system:
        session = system.session
        alice = users.require_by_name(system, "Alice")
        preferences.apply(system, alice.id, preferences.PrefChanges(batching=True))
    tick(core, datetime(2026, 11, 26, 9, 30, tzinfo=SH))
    assert [row.kind for row in outbox_rows(core)] == ["batch"]
    with core.system() as system:
        session = system.session
        deal = session.get(Deal, deal_id)
        assert deal is not None
        deal.owner_id = bob.id
    port = FakePort()
    await _worker(core, port).deliver_once()
    [(_, reply)] = port.sent
    assert "Call Li Wei" in reply.text and "ERP" not in reply.text
    assert reply.text.startswith("🔔 1 thing needs your attention:")
    assert [c.label for c in reply.choices] == ["✅ 2", "💤 2", "📂 2"]


async def test_a_task_done_while_the_push_waited_is_not_sent(core: CoreGateway) -> None:
    _, task_id = _setup(core)
    tick(core, datetime(2026, 11, 26, 9, 30, tzinfo=SH))
    with core.system() as system:
        session = system.session
        task = session.get(Task, task_id)
        assert task is not None
        task.status = "done"
    port = FakePort()
    stats = await _worker(core, port).deliver_once()
    assert stats.dropped == 1 and stats.sent == 1
    assert [n.reason for n in notes(core, "task_due")] == ["no longer relevant"]


async def test_a_restart_after_a_crash_sends_what_was_due_once(core: CoreGateway, clock: FixedClock) -> None:
    _setup(core)
    tick(core, datetime(2026, 11, 26, 9, 30, tzinfo=SH))
    # The first process claimed the rows and died before sending anything (no mark_sent).
    with core.system() as system:
        claimed = outbox.claim_due(system, lease=timedelta(seconds=60))
    assert len(claimed) == 2
    port = FakePort()
    worker = _worker(core, port)
    tick(core, datetime(2026, 11, 26, 9, 30, 30, tzinfo=SH))  # the restarted process ticks again: nothing new
    assert (await worker.deliver_once()).sent == 0  # the dead process's lease has not run out yet
    clock.advance(timedelta(seconds=31))
    assert (await worker.deliver_once()).sent == 2
    assert (await worker.deliver_once()).sent == 0
    assert len(port.sent) == 2 and len(outbox_rows(core)) == 2


def test_concurrent_ticks_queue_each_push_once(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM, batching=False)
    with acting(core, alice) as ctx:
        for n in range(30):
            tasks.create(ctx, f"Call {n}", due=datetime(2026, 11, 26, 9, 30, tzinfo=SH))
    clock.set(datetime(2026, 11, 26, 9, 30, tzinfo=SH))
    errors: list[BaseException] = []

    def run() -> None:
        try:
            NotificationEngine(core, charts=False).tick()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with core.system() as system:
        session = system.session
        keys = list(session.scalars(select(OutboxMessage.dedupe_key)))
        queued = session.scalars(select(Notification.status)).all()
    assert len(keys) == 30 and len(set(keys)) == 30
    assert set(queued) == {"queued"}


async def test_a_digest_queued_before_the_manager_left_the_team_is_not_sent(core: CoreGateway,
                                                                            clock: FixedClock) -> None:
    from core.models import User

    wang = person(core, "Wang", role="manager", telegram="900", mute=["suggestion"])
    tick(core, datetime(2026, 11, 25, 8, 30, tzinfo=SH))
    assert [row.kind for row in outbox_rows(core)] == ["digest"]
    with core.system() as system:
        session = system.session
        user = session.get(User, wang.id)
        assert user is not None
        user.team_id = users.get_or_create_team(system, "West").id
    port = FakePort(name="telegram")
    stats = await _worker(core, port).deliver_once()
    assert stats.dropped == 1 and port.sent == []
    assert [n.reason for n in notes(core)] == ["recipient left the team"]
