"""Several `salesbot serve` processes on one database: exactly one runs the scheduled work; another takes over
when it dies. Runs on SQLite and PostgreSQL (two schedulers, each with its own engine, like two processes).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select

from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory
from core.models import OutboxMessage, SchedulerLease
from core.models.notifications import apscheduler_jobs
from core.services import tasks
from notifications.engine import NotificationEngine
from notifications.lease import LeaderLease
from notifications.scheduler import TICK_JOB_ID, NotificationScheduler, add_tick_job, make_apscheduler, tick_job
from tests.factories import acting
from tests.notify_helpers import person

SH = ZoneInfo("Asia/Shanghai")
TTL = timedelta(seconds=30)


@pytest.fixture
def second(database_url: str, clock: FixedClock) -> Iterator[CoreGateway]:
    """Another process's view of the same database: its own engine and connections, the same clock."""
    engine = make_engine(database_url)
    yield CoreGateway(make_session_factory(engine), clock, Defaults("CNY", "Asia/Shanghai", "zh"))
    engine.dispose()


def test_only_one_holds_the_lease_and_another_takes_over_when_it_dies(core: CoreGateway, second: CoreGateway,
                                                                      clock: FixedClock) -> None:
    a = LeaderLease(core, holder="a", ttl=TTL)
    b = LeaderLease(second, holder="b", ttl=TTL)
    assert a.acquire() and not b.acquire()
    clock.advance(timedelta(seconds=20))
    assert a.acquire() and not b.acquire()  # renewed: still a's
    assert a.holds() and not b.holds()
    # a dies: it stops renewing. Until its lease runs out nobody else may run the work.
    clock.advance(timedelta(seconds=29))
    assert not b.acquire()
    clock.advance(timedelta(seconds=2))
    assert b.acquire() and b.holds()
    assert b.token == (a.token or 0) + 1  # fencing: a new holder, a new token
    # a comes back from a long pause: its old token is worthless.
    assert not a.holds() and not a.acquire()


def test_a_clean_shutdown_hands_over_at_once(core: CoreGateway, second: CoreGateway) -> None:
    a = LeaderLease(core, holder="a", ttl=TTL)
    b = LeaderLease(second, holder="b", ttl=TTL)
    assert a.acquire()
    a.release()
    assert b.acquire()


def test_racing_for_a_free_lease_has_one_winner(core: CoreGateway, second: CoreGateway) -> None:
    import threading

    leases = [LeaderLease(core if n % 2 else second, holder=f"p{n}", ttl=TTL) for n in range(6)]
    results: list[bool] = []
    threads = [threading.Thread(target=lambda lease=lease: results.append(lease.acquire())) for lease in leases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    with core.system() as system:
        session = system.session
        assert session.scalar(select(func.count(SchedulerLease.name))) == 1


async def test_two_schedulers_one_does_the_work_the_other_takes_over(core: CoreGateway, second: CoreGateway,
                                                                     clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=["suggestion", "daily_report"], quiet_enabled=False)
    with acting(core, alice) as ctx:
        tasks.create(ctx, "Call A", due=datetime(2026, 11, 25, 10, 30, tzinfo=SH))
        tasks.create(ctx, "Call B", due=datetime(2026, 11, 25, 11, 30, tzinfo=SH))
    one = NotificationScheduler(NotificationEngine(core, charts=False), LeaderLease(core, holder="one", ttl=TTL),
                                core_engine(core), use_apscheduler=False)
    two = NotificationScheduler(NotificationEngine(second, charts=False),
                                LeaderLease(second, holder="two", ttl=TTL), core_engine(second),
                                use_apscheduler=False)
    assert await one.step() and not await two.step()
    clock.set(datetime(2026, 11, 25, 10, 30, tzinfo=SH))
    assert await one.step() and not await two.step()  # renewed in time (every few seconds in real life)
    assert await one.tick_now() is not None
    assert await two.tick_now() is None  # not the leader: does nothing
    assert _queued(core) == 1
    one.abandon()  # killed
    clock.set(datetime(2026, 11, 25, 11, 30, tzinfo=SH))
    assert await two.step()  # one's lease ran out long ago
    assert _queued(core) == 2  # two ticked at once on taking over
    assert await one.tick_now() is None


def core_engine(core: CoreGateway) -> Engine:
    bind = core.factory.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def _queued(core: CoreGateway) -> int:
    with core.system() as system:
        session = system.session
        return int(session.scalar(select(func.count(OutboxMessage.id))) or 0)


async def test_apscheduler_keeps_its_job_in_our_database(core: CoreGateway, engine: Engine) -> None:
    scheduler = make_apscheduler(engine)
    add_tick_job(scheduler, "runtime-x")
    scheduler.start()
    try:
        await asyncio.sleep(0)
        [job] = scheduler.get_jobs()
        assert job.id == TICK_JOB_ID and str(job.trigger).startswith("cron[")
        with engine.connect() as connection:
            stored = connection.execute(select(apscheduler_jobs.c.id, apscheduler_jobs.c.next_run_time)).all()
        assert [row[0] for row in stored] == [TICK_JOB_ID] and stored[0][1] is not None
    finally:
        scheduler.shutdown(wait=False)
    await tick_job("no-such-runtime")  # a stored job whose process is gone does nothing
