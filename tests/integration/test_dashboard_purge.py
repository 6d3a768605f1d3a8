"""Old dashboard sign-in links and sessions are deleted by the scheduler's tick, a day after they stopped opening
anything (the injected clock moves; today is 2026-11-25 10:00 Shanghai, tests/conftest.py NOW)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import DashboardLink, DashboardSession
from core.services import dashboard_access
from core.services.dashboard_access import SignIn
from tests.notify_helpers import person, tick

pytestmark = pytest.mark.integration


def _issue(core: CoreGateway, user_id: int) -> str:
    with core.unit(user_id) as ctx:
        return dashboard_access.issue_link(ctx)


def _sign_in(core: CoreGateway, token: str) -> SignIn:
    with core.system() as system:
        found = dashboard_access.exchange_link(system, token)
    assert isinstance(found, SignIn)
    return found


def _counts(core: CoreGateway) -> tuple[int, int]:
    with core.system() as system:
        return (int(system.session.scalar(select(func.count(DashboardLink.id))) or 0),
                int(system.session.scalar(select(func.count(DashboardSession.id))) or 0))


def test_the_tick_purges_links_and_sessions_a_day_after_they_ended(core: CoreGateway, clock: FixedClock) -> None:
    mia = person(core, "Mia", "manager").id
    start = clock.now()
    spent = _issue(core, mia)
    signed_out = _sign_in(core, spent)
    with core.system() as system:
        dashboard_access.end_session(system, signed_out.secret)
    _issue(core, mia)  # never used: expires after 15 minutes
    clock.set(start + timedelta(hours=2))
    kept = _sign_in(core, _issue(core, mia))  # a session from 12:00 until 00:00
    assert _counts(core) == (3, 2)

    # Within the day's grace nothing goes, and a second click on the spent link still says "used".
    tick(core, start + timedelta(hours=23))
    assert _counts(core) == (3, 2)
    with core.system() as system:
        assert dashboard_access.exchange_link(system, spent) == "used"

    # A day after: the two 10:00 links and the signed-out session go; the 12:00 link (spent) and its session
    # (expired at 00:00, still within the grace: its cookie is answered in Mia's language) stay.
    tick(core, start + timedelta(days=1, minutes=16))
    assert _counts(core) == (1, 1)
    with core.system() as system:
        assert dashboard_access.exchange_link(system, spent) == "unknown"
        assert dashboard_access.session_user(system, kept.secret) is None
        assert dashboard_access.session_owner(system, kept.secret) == mia

    # A day after the 12:00 session expired, it is gone, and so is its link.
    tick(core, start + timedelta(hours=2 + 12 + 24, minutes=1))
    assert _counts(core) == (0, 0)


def test_a_dry_run_purges_nothing(core: CoreGateway, clock: FixedClock) -> None:
    from notifications.engine import NotificationEngine

    mia = person(core, "Mia", "manager").id
    _issue(core, mia)
    clock.set(clock.now() + timedelta(days=3))
    NotificationEngine(core, charts=False).tick(dry_run=True)
    assert _counts(core) == (1, 0)
    tick(core)
    assert _counts(core) == (0, 0)
