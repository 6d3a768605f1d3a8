"""10,000 reminders due in the same minute, delivered to a fake channel: how long, how many twice, how many lost —
also after the delivering process is killed with SIGKILL halfway and started again.

    python bench/reminders_bench.py                       # SQLite in a temp dir
    python bench/reminders_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The fake channel appends one line per accepted message to a file (os.write on an O_APPEND descriptor: a message
the "platform" accepted survives the kill). Each message carries its outbox dedupe key, so duplicates and losses
are counted from what the platform received. The worker process is the real code path: the tick (rules →
notifications → outbox) and the OutboxWorker (claim with a lease, send, mark sent).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repo's packages

from bench.common import private_schema
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from core.models import ChatIdentity, NotificationPref, Task, Team, User
from core.outbound import Reply
from core.services import outbox
from notifications.engine import NotificationEngine
from notifications.outbox import OutboxWorker

# The minute all reminders fall due (a Wednesday, 09:30 in Shanghai).
DUE = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)
LEASE = timedelta(seconds=5)  # short, so a restart re-claims what the killed process held


class ShiftedClock:
    """Real time, moved so that `epoch` (a wall-clock instant shared by parent and workers) reads as DUE."""

    def __init__(self, epoch: float) -> None:
        self.offset = DUE - datetime.fromtimestamp(epoch, UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class FileChannel:
    """The fake platform: each accepted message is one appended line with its key."""

    name = "telegram"

    def __init__(self, path: Path, latency: float) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.latency = latency

    async def send(self, chat_id: str, reply: Reply) -> str:
        await asyncio.sleep(self.latency)  # a platform round trip
        key = reply.text.split("Reminder #", 1)[1].split()[0]  # the task's number: one per reminder
        os.write(self.fd, f"{chat_id} {key}\n".encode())
        return key

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        return None


def gateway(url: str, epoch: float) -> CoreGateway:
    return CoreGateway(make_session_factory(make_engine(url)), ShiftedClock(epoch), Defaults())


def seed(url: str, reminders: int, users: int) -> None:
    """Users with a linked Telegram chat, quiet hours and batching off; `reminders` tasks due at DUE."""
    engine = make_engine(url)
    upgrade(engine)
    now = DUE - timedelta(days=1)
    with engine.begin() as connection:
        team_id = connection.execute(insert(Team).values(name="Bench", timezone="Asia/Shanghai", created_at=now)
                                     .returning(Team.id)).scalar_one()
        connection.execute(insert(User), [
            {"id": n + 1, "name": f"rep{n}", "role": "rep", "team_id": team_id, "language": "en",
             "timezone": "Asia/Shanghai", "active": True, "created_at": now} for n in range(users)])
        connection.execute(insert(ChatIdentity), [
            {"platform": "telegram", "platform_user_id": str(100_000 + n), "user_id": n + 1, "created_at": now}
            for n in range(users)])
        connection.execute(insert(NotificationPref), [
            {"user_id": n + 1, "quiet_enabled": False, "muted_kinds": ["suggestion", "deal_stale", "daily_report"],
             "batching": False, "heads_up_minutes": 0, "updated_at": now} for n in range(users)])
        connection.execute(insert(Task), [
            {"title": f"Reminder #{n}", "due_at": DUE, "due_all_day": False, "assignee_id": n % users + 1,
             "created_by_id": n % users + 1, "status": "open", "created_at": now} for n in range(reminders)])
    if engine.dialect.name == "postgresql":  # ids were given explicitly above
        with engine.begin() as connection:
            connection.execute(text("SELECT setval(pg_get_serial_sequence('users', 'id'), "
                                    "(SELECT max(id) FROM users))"))
    engine.dispose()


async def deliver_all(url: str, epoch: float, out: Path, latency: float, concurrency: int) -> None:
    """What a worker process does: tick (idempotent) and drain the outbox."""
    core = gateway(url, epoch)
    channel = FileChannel(out, latency)
    engine = NotificationEngine(core, charts=False)
    started = time.perf_counter()
    report = await asyncio.to_thread(engine.tick)
    print(f"    (worker {os.getpid()}: tick {time.perf_counter() - started:.1f} s, {report.discovered} newly due, "
          f"{report.queued} queued)", flush=True)
    worker = OutboxWorker(core, {"telegram": channel}, batch=500, concurrency=concurrency, lease=LEASE)
    while True:
        stats = await worker.deliver_once()
        if stats.sent or stats.retried:
            continue
        with core.system() as system:
            left = outbox.unsent_count(system)
        if left == 0:
            return
        await asyncio.sleep(0.2)  # rows held by a dead process's lease: wait for it to run out


@dataclass
class Figures:
    seconds: float
    delivered: int
    duplicates: int
    lost: int


def count(out: Path, expected: set[str]) -> Figures:
    lines = out.read_text().splitlines() if out.exists() else []
    keys = Counter(line.split(" ", 1)[1] for line in lines)
    return Figures(0.0, len(keys), sum(n - 1 for n in keys.values()), len(expected - set(keys)))


def queued(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = int(connection.execute(text("SELECT count(*) FROM outbox")).scalar_one())
    engine.dispose()
    return rows


def worker_command(url: str, epoch: float, out: Path, latency: float, concurrency: int) -> list[str]:
    return [sys.executable, __file__, "--worker", "--database-url", url, "--epoch", repr(epoch), "--out", str(out),
            "--latency", str(latency), "--concurrency", str(concurrency)]


def run_straight(url: str, out: Path, latency: float, concurrency: int, reminders: int) -> Figures:
    epoch = time.time()
    started = time.perf_counter()
    subprocess.run(worker_command(url, epoch, out, latency, concurrency), check=True)
    figures = count(out, {str(n) for n in range(reminders)})
    figures.seconds = time.perf_counter() - started
    assert queued(url) == reminders, "every reminder must have been queued once"
    return figures


def run_killed(url: str, out: Path, latency: float, concurrency: int, reminders: int) -> tuple[Figures, int]:
    epoch = time.time()
    started = time.perf_counter()
    child = subprocess.Popen(worker_command(url, epoch, out, latency, concurrency))
    while (len(out.read_text().splitlines()) if out.exists() else 0) < reminders // 2:
        if child.poll() is not None:
            raise RuntimeError("the worker finished before it could be killed")
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    at_kill = len(out.read_text().splitlines())
    subprocess.run(worker_command(url, epoch, out, latency, concurrency), check=True)
    figures = count(out, {str(n) for n in range(reminders)})
    figures.seconds = time.perf_counter() - started
    assert queued(url) == reminders, "every reminder must have been queued once"
    return figures, at_kill


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--latency", type=float, default=0.005, help="seconds per send at the fake platform")
    parser.add_argument("--concurrency", type=int, default=16, help="chats sent to in parallel")
    parser.add_argument("--database-url", default=None, help="PostgreSQL base URL (default: SQLite in a temp dir)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--epoch", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--out", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(deliver_all(args.database_url, args.epoch, Path(args.out), args.latency, args.concurrency))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        backend = "PostgreSQL" if args.database_url else "SQLite"
        print(f"{args.reminders} reminders due in the same minute, {args.users} users, {backend}, "
              f"fake platform latency {args.latency * 1000:.0f} ms, {args.concurrency} chats in parallel")
        for name, killed in (("straight", False), ("killed", True)):
            with private_schema(args.database_url or f"sqlite:///{folder / (name + '.db')}") as scratch:
                assert scratch is not None
                url = scratch
                seed(url, args.reminders, args.users)
                out = folder / f"{name}.log"
                if not killed:
                    figures = run_straight(url, out, args.latency, args.concurrency, args.reminders)
                    print(f"  uninterrupted: all delivered in {figures.seconds:.1f} s "
                          f"({args.reminders / figures.seconds:.0f}/s) · delivered {figures.delivered} · "
                          f"duplicates {figures.duplicates} · lost {figures.lost}")
                else:
                    figures, at_kill = run_killed(url, out, args.latency, args.concurrency, args.reminders)
                    print(f"  SIGKILL after {at_kill} sent, then restarted: done in {figures.seconds:.1f} s · "
                          f"delivered {figures.delivered} · duplicates {figures.duplicates} · lost {figures.lost}")


if __name__ == "__main__":
    main()
