"""Daily pushes at each user's own local time: the report nudge with its draft, and the manager digest."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from core.context import CoreGateway
from core.services import customers, daily_reports, deals, interactions, tasks
from tests.factories import acting
from tests.notify_helpers import notes, outbox_rows, person, texts, tick

SH = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
QUIET = ["suggestion", "deal_stale", "task_due", "project_created", "project_at_risk", "milestone_due"]


def _log_day(core: CoreGateway, user_name: str, clock: FixedClock, at: datetime) -> None:
    from core.services import users

    with core.system() as system:

        user = users.require_by_name(system, user_name)
    clock.set(at)
    with acting(core, user) as ctx:
        acme = customers.create(ctx, f"Acme {user_name}")
        interactions.log(ctx, acme.id, channel="visit", summary="reviewed the ERP scope")
        tasks.create(ctx, "Send revised quote", due=at.date() + timedelta(days=1), customer_id=acme.id)


def test_the_report_nudge_comes_at_the_reps_local_time_with_a_draft(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=QUIET)
    person(core, "Leo", telegram="200", tz="Europe/London", mute=QUIET)
    _log_day(core, "Alice", clock, datetime(2026, 11, 25, 11, 0, tzinfo=SH))
    assert tick(core, datetime(2026, 11, 25, 17, 59, tzinfo=SH)).queued == 0
    report = tick(core, datetime(2026, 11, 25, 18, 0, tzinfo=SH))
    assert [o.user for o in report.outcomes] == ["Alice"]
    [text] = texts(core)
    assert text.startswith("📝 Your daily report for Wed 25 Nov isn't in yet")
    assert "visit Acme Alice: reviewed the ERP scope" in text and "Next: Send revised quote" in text
    labels = [c["label"] for c in outbox_rows(core)[0].payload["choices"]]
    assert labels == ["📤 Submit", "✏️ Edit", "⏭ Skip"]
    # London's 18:00 is eight hours later; Leo logged nothing, so his nudge asks instead of drafting.
    report = tick(core, datetime(2026, 11, 25, 18, 0, tzinfo=LONDON))
    assert [o.user for o in report.outcomes] == ["Leo"]
    assert texts(core)[1].startswith("📝 Your daily report for Wed 25 Nov isn't in yet, and you logged nothing")
    assert [c["label"] for c in outbox_rows(core)[1].payload["choices"]] == ["✏️ Edit", "⏭ Skip"]


def test_no_nudge_once_the_report_is_in_or_on_a_quiet_weekend(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=QUIET)
    with acting(core, alice) as ctx:
        daily_reports.submit(ctx, "visited Acme")
    assert tick(core, datetime(2026, 11, 25, 18, 0, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 28, 18, 0, tzinfo=SH)).queued == 0  # Saturday, nothing logged
    _log_day(core, "Alice", clock, datetime(2026, 11, 29, 10, 0, tzinfo=SH))  # Sunday, but she worked
    assert tick(core, datetime(2026, 11, 29, 18, 0, tzinfo=SH)).queued == 1


def test_the_report_time_is_a_preference(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=QUIET, report_time=time(17, 30))
    assert tick(core, datetime(2026, 11, 25, 17, 30, tzinfo=SH)).queued == 1


def test_a_polisher_rewrites_the_draft_and_a_failing_one_falls_back(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=QUIET, batching=False)
    person(core, "Bob", telegram="200", mute=QUIET, batching=False)
    _log_day(core, "Alice", clock, datetime(2026, 11, 25, 11, 0, tzinfo=SH))
    _log_day(core, "Bob", clock, datetime(2026, 11, 25, 11, 0, tzinfo=SH))

    def polish(draft: str, language: str) -> str:
        if "Bob" in draft:
            raise TimeoutError("model down")
        return f"[{language}] Productive day at Acme."

    tick(core, datetime(2026, 11, 25, 18, 0, tzinfo=SH), polisher=polish)
    alice_text, bob_text = texts(core)
    assert "[en] Productive day at Acme." in alice_text
    assert "visit Acme Bob: reviewed the ERP scope" in bob_text
    assert notes(core)[0].params["draft"] == "[en] Productive day at Acme."


def _team_book(core: CoreGateway, clock: FixedClock) -> None:
    from core.services import users

    with core.system() as system:

        alice = users.require_by_name(system, "Alice")
    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=SH))  # Tuesday
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        globex = customers.create(ctx, "Globex")
        erp = deals.create(ctx, acme.id, "ERP", amount=Decimal(500000), stage="qualified",
                           close_date=date(2026, 11, 20))
        deals.create(ctx, globex.id, "WMS", amount=Decimal(1200000), stage="proposal")
        deals.update(ctx, erp.id, deals.DealChanges(stage="negotiation"))
        won = deals.create(ctx, globex.id, "Pilot", amount=Decimal(80000), stage="negotiation")
        deals.update(ctx, won.id, deals.DealChanges(stage="won"))
        tasks.create(ctx, "Book survey", due=date(2026, 11, 23), customer_id=acme.id)
        interactions.log(ctx, acme.id, channel="visit", summary="ERP scope")


def test_the_daily_digest_at_the_managers_morning(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=[*QUIET, "daily_report"])
    person(core, "Wang", role="manager", telegram="900", lang="zh", mute=QUIET)
    person(core, "Zed", team="North", telegram="300", mute=QUIET)  # another team: not in Wang's digest
    _team_book(core, clock)
    assert tick(core, datetime(2026, 11, 25, 8, 29, tzinfo=SH)).queued == 0
    report = tick(core, datetime(2026, 11, 25, 8, 30, tzinfo=SH))
    assert [(o.user, o.kind) for o in report.outcomes] == [("Wang", "digest")]
    [text] = texts(core)
    assert text.startswith("📊 团队简报 · East · 11月25日(周三)")
    assert "新增 3 个" in text and "推进 1 个" in text and "赢单 1 个(8万元)" in text
    assert "🆕 Acme Corp — ERP" in text and "初步接触 → 谈判中" in text
    assert "预计成交日期已过 5 天" in text  # ERP's close date (20 Nov) passed
    assert "Book survey — Alice" in text
    assert "1. Alice — 赢单 8万元" in text
    assert "日报:已提交 0/1 · 未提交:Alice" in text
    assert outbox_rows(core)[0].payload["image"] is None  # the daily one is text only
    assert tick(core, datetime(2026, 11, 25, 12, 0, tzinfo=SH)).queued == 0


def test_monday_brings_the_weekly_digest_with_a_chart_instead(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=[*QUIET, "daily_report"])
    person(core, "Wang", role="manager", telegram="900", mute=QUIET)
    _team_book(core, clock)
    clock.set(datetime(2026, 11, 30, 8, 30, tzinfo=SH))
    from notifications.engine import NotificationEngine

    report = NotificationEngine(core, charts=True).tick()
    assert [n.kind for n in notes(core)] == ["digest_weekly"]
    assert report.queued == 1
    row = outbox_rows(core)[0]
    assert row.payload["text"].startswith("📊 Weekly digest · East · Mon 23 Nov – Sun 29 Nov")
    image = row.payload["image"]
    assert image is not None and image["filename"] == "pipeline-2026-11-30.png"
    from core.outbound import ImageRef

    # Decoded as the outbox decodes it (pydantic's URL-safe base64: the stdlib's b64decode drops '-' and '_').
    assert ImageRef.model_validate(image).data[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("muted", ["digest_weekly", "digest_daily"])
def test_muting_one_digest_keeps_the_other(core: CoreGateway, clock: FixedClock, muted: str) -> None:
    person(core, "Wang", role="manager", telegram="900", mute=[*QUIET, muted])
    tick(core, datetime(2026, 11, 30, 8, 30, tzinfo=SH))  # a Monday
    expected = "digest_daily" if muted == "digest_weekly" else "digest_weekly"
    assert [n.kind for n in notes(core)] == [expected]
