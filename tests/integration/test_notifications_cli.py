"""`salesbot jobs run-due / list` and `salesbot user prefs` on a real database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import main
from core.context import CoreGateway
from core.models import OutboxMessage
from core.services import tasks
from tests.factories import acting
from tests.notify_helpers import person

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def run(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SALESBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SALESBOT_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no stray .env
    return CliRunner()


def _setup(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="10001", mute=["suggestion"])
    person(core, "Bob", mute=["suggestion"])  # no linked chat
    with acting(core, alice) as ctx:
        tasks.create(ctx, "Send the ERP quote", due=datetime(2026, 11, 26, 9, 30, tzinfo=SH))


def _outbox(core: CoreGateway) -> int:
    with core.system() as system:
        session = system.session
        return int(session.scalar(select(func.count(OutboxMessage.id))) or 0)


def test_run_due_dry_run_prints_and_changes_nothing(run: CliRunner, core: CoreGateway) -> None:
    _setup(core)
    result = run.invoke(main, ["jobs", "run-due", "--now", "2026-11-26T09:30", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run at 2026-11-26T01:30:00+00:00: 1 newly due, 1 message(s) queued" in result.output
    assert "would send → Alice (telegram:10001) [reminder]" in result.output
    assert "⏰ Reminder: Send the ERP quote — due Thu 26 Nov 09:30" in result.output
    assert _outbox(core) == 0


def test_run_due_queues_once_and_says_for_whom(run: CliRunner, core: CoreGateway) -> None:
    _setup(core)
    first = run.invoke(main, ["jobs", "run-due", "--now", "2026-11-26T09:30"])
    assert first.exit_code == 0, first.output
    assert "queued → Alice (telegram:10001) [reminder]" in first.output
    again = run.invoke(main, ["jobs", "run-due", "--now", "2026-11-26T09:30"])
    assert "0 newly due, 0 message(s) queued" in again.output
    assert _outbox(core) == 1
    evening = run.invoke(main, ["jobs", "run-due", "--now", "2026-11-26T18:00+08:00"])
    assert "no_channel → Bob [daily_report] — no linked chat" in evening.output
    assert "queued → Alice (telegram:10001) [report_nudge]" in evening.output


def test_jobs_list_shows_what_is_scheduled(run: CliRunner, core: CoreGateway) -> None:
    _setup(core)
    result = run.invoke(main, ["jobs", "list"])
    assert result.exit_code == 0, result.output
    assert "scheduler jobs: none stored yet" in result.output
    assert "leader: none" in result.output
    assert "Alice: zone Asia/Shanghai · quiet 21:00-08:00 · report nudge 18:00" in result.output


def test_user_prefs_show_change_and_refuse(run: CliRunner, core: CoreGateway) -> None:
    person(core, "Alice", tz=None)
    shown = run.invoke(main, ["user", "prefs", "Alice"])
    assert shown.exit_code == 0, shown.output
    assert "timezone Asia/Shanghai (default)" in shown.output and "quiet hours 21:00-08:00" in shown.output
    changed = run.invoke(main, ["user", "prefs", "Alice", "--tz", "Europe/London", "--quiet", "22:00-07:00",
                                "--digest", "08:00", "--mute", "deal_stale", "--no-batch", "--headsup", "15"])
    assert changed.exit_code == 0, changed.output
    assert "timezone Europe/London · language en" in changed.output
    assert "quiet hours 22:00-07:00" in changed.output and "digest 08:00" in changed.output
    assert "batching off" in changed.output and "heads-up 15" in changed.output
    assert "muted: deal_stale" in changed.output
    bad = run.invoke(main, ["user", "prefs", "Alice", "--tz", "Mars/Olympus"])
    assert bad.exit_code == 2 and "isn't a timezone I know" in bad.output
    bad_time = run.invoke(main, ["user", "prefs", "Alice", "--report", "7pm"])
    assert bad_time.exit_code == 2 and "isn't a time of day" in bad_time.output
