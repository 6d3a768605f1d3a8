"""The scheduler `salesbot serve` runs: APScheduler (AsyncIOScheduler, jobs stored in the same database), started
only in the process that holds the leader lease.

One job, the tick, every minute: it computes everything due at that instant (reminders, nudges, digests,
suggestions) from our own tables. APScheduler only wakes it; what was sent, snoozed or dismissed is never read
from APScheduler's job store, so a lost or duplicated job run cannot send anything twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from notifications.engine import NotificationEngine, TickReport
from notifications.lease import LeaderLease

log = logging.getLogger(__name__)

TICK_JOB_ID = "salesbot-tick"
JOB_TABLE = "apscheduler_jobs"
# The database APScheduler keeps its job in: the SQLAlchemy Engine of the composition root, handed to APScheduler's
# job store untouched (nothing here issues SQL, so nothing here needs its type).
JobDatabase = object
# Processes running a scheduler, by id; the stored job names its runtime id (jobs must be importable references).
_RUNTIMES: dict[str, NotificationScheduler] = {}


async def tick_job(runtime_id: str) -> None:
    """The stored job's entry point."""
    runtime = _RUNTIMES.get(runtime_id)
    if runtime is None:
        log.warning("tick for unknown scheduler runtime %s skipped", runtime_id)
        return
    await runtime.tick_now()


def _job_store(db: JobDatabase) -> Any:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore  # type: ignore[import-untyped]

    return SQLAlchemyJobStore(engine=db, tablename=JOB_TABLE)


def make_apscheduler(db: JobDatabase) -> Any:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

    return AsyncIOScheduler(
        jobstores={"default": _job_store(db)},
        # Missed runs collapse into one: the tick catches up by itself (it looks at what is due *now*).
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        timezone=UTC,
    )


def add_tick_job(scheduler: Any, runtime_id: str) -> None:
    from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]

    scheduler.add_job(
        "notifications.scheduler:tick_job", trigger=CronTrigger(second=0, timezone=UTC), id=TICK_JOB_ID,
        name="tick: reminders, daily-report nudges, digests, suggestions", replace_existing=True,
        kwargs={"runtime_id": runtime_id},
    )


@dataclass(frozen=True)
class StoredJob:
    id: str
    name: str
    trigger: str
    next_run: datetime | None


def stored_jobs(db: JobDatabase) -> list[StoredJob]:
    """The jobs APScheduler keeps in our database (for `salesbot jobs list`)."""
    return [StoredJob(job.id, job.name, str(job.trigger), job.next_run_time)
            for job in _job_store(db).get_all_jobs()]


class NotificationScheduler:
    def __init__(self, engine: NotificationEngine, lease: LeaderLease, db: JobDatabase, *,
                 wake: Callable[[], None] = lambda: None, renew_every: timedelta = timedelta(seconds=10),
                 use_apscheduler: bool = True) -> None:
        self.engine = engine
        self.lease = lease
        self.db = db
        self.wake = wake
        self.renew_every = renew_every
        self.use_apscheduler = use_apscheduler
        self.id = uuid.uuid4().hex
        self.ticks: list[TickReport] = []
        self._scheduler: Any = None
        self._lock = asyncio.Lock()

    @property
    def is_leader(self) -> bool:
        """True while this process holds the lease and runs the scheduled work."""
        return self._scheduler is not None

    async def run(self, stop: asyncio.Event) -> None:
        """Campaign for the lease until `stop`; run the scheduler while we hold it; hand it over on the way out."""
        _RUNTIMES[self.id] = self
        try:
            while not stop.is_set():
                await self.step()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.renew_every.total_seconds())
        finally:
            self._stop_scheduler()
            _RUNTIMES.pop(self.id, None)
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self.lease.release)

    async def step(self) -> bool:
        """One election round: renew or take the lease, start or stop the scheduler accordingly."""
        try:
            leader = await asyncio.to_thread(self.lease.acquire)
        except Exception:
            log.exception("leader lease check failed")
            leader = False
        if leader and self._scheduler is None:
            log.info("this process now runs the scheduled work (lease token %s)", self.lease.token)
            _RUNTIMES[self.id] = self
            self._start_scheduler()
            await self.tick_now()  # catch up at once rather than at the next full minute
        elif not leader and self._scheduler is not None:
            log.warning("lost the scheduler lease; stopping scheduled work here")
            self._stop_scheduler()
        return leader

    def abandon(self) -> None:
        """Stop without releasing the lease — what a crashed process looks like to the others (tests)."""
        self._stop_scheduler()
        _RUNTIMES.pop(self.id, None)
        self.lease.token = None

    async def tick_now(self) -> TickReport | None:
        async with self._lock:
            if not await asyncio.to_thread(self.lease.holds):
                return None  # fencing: an ex-leader that was paused does nothing
            report = await asyncio.to_thread(self.engine.tick)
            await asyncio.to_thread(self.lease.record_tick, report.now)
            self.ticks.append(report)
            del self.ticks[:-20]
            if report.queued:
                self.wake()
            return report

    def _start_scheduler(self) -> None:
        if not self.use_apscheduler:
            self._scheduler = object()  # tests drive ticks themselves
            return
        scheduler = make_apscheduler(self.db)
        add_tick_job(scheduler, self.id)
        scheduler.start()
        self._scheduler = scheduler

    def _stop_scheduler(self) -> None:
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is None or not self.use_apscheduler:
            return
        with contextlib.suppress(Exception):
            scheduler.shutdown(wait=False)
