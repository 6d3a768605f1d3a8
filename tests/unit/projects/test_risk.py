"""Delay-risk rules: projected finish, past end, no progress, overdue milestones, budget burn ahead of progress."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from core.services.project_risk import ProjectFacts, RiskRules, assess, burn_percent, projected_finish

START, END = date(2026, 11, 1), date(2026, 11, 30)


def _codes(facts: ProjectFacts) -> list[str]:
    return [risk.code for risk in assess(facts)]


def test_projected_finish_extrapolates_the_pace_so_far() -> None:
    assert projected_finish(START, date(2026, 11, 10), 50) == date(2026, 11, 20)
    assert projected_finish(START, date(2026, 11, 10), 0) is None
    assert projected_finish(START, date(2026, 10, 1), 10) is None


def test_on_pace_is_not_at_risk() -> None:
    assert _codes(ProjectFacts(date(2026, 11, 15), START, END, 50)) == []


def test_slow_progress_projects_a_late_finish() -> None:
    risks = assess(ProjectFacts(date(2026, 11, 15), START, END, 30))
    assert [r.code for r in risks] == ["late"]
    assert risks[0].params["projected"] == "2026-12-20" and risks[0].params["days"] == 20


def test_a_finish_within_the_grace_days_is_not_late() -> None:
    # 15 days for 48%: projected 2026-12-01, one day late; grace is 3
    assert _codes(ProjectFacts(date(2026, 11, 15), START, END, 48)) == []
    assert _codes(ProjectFacts(date(2026, 11, 15), START, END, 48), ) == []
    assert [r.code for r in assess(ProjectFacts(date(2026, 11, 15), START, END, 48), RiskRules(grace_days=0))] == [
        "late"]


def test_past_the_planned_end_and_not_complete() -> None:
    assert _codes(ProjectFacts(date(2026, 12, 2), START, END, 90)) == ["past_end"]
    assert _codes(ProjectFacts(date(2026, 12, 2), START, END, 100)) == []


def test_nothing_done_after_a_quarter_of_the_time() -> None:
    assert _codes(ProjectFacts(date(2026, 11, 5), START, END, 0)) == []
    assert _codes(ProjectFacts(date(2026, 11, 9), START, END, 0)) == ["no_progress"]


def test_an_overdue_milestone() -> None:
    facts = ProjectFacts(date(2026, 11, 15), START, END, 50,
                         open_milestones=(("Design sign-off", date(2026, 11, 12)), ("Go-live", END)))
    risks = assess(facts)
    assert [(r.code, r.params.get("milestone")) for r in risks] == [("milestone_overdue", "Design sign-off")]


def test_budget_burn_ahead_of_progress() -> None:
    base = dict(today=date(2026, 11, 15), planned_start=START, planned_end=END, percent_complete=50,
                budget_hours=Decimal(100))
    assert _codes(ProjectFacts(**base, hours_burned=Decimal(60))) == []  # type: ignore[arg-type]
    assert _codes(ProjectFacts(**base, hours_burned=Decimal("70.5"))) == ["burn_ahead"]  # type: ignore[arg-type]
    assert burn_percent(None, Decimal(10)) is None and burn_percent(Decimal(8), Decimal(2)) == 25


def test_a_project_without_dates_is_judged_only_on_milestones_and_burn() -> None:
    assert _codes(ProjectFacts(date(2026, 11, 15), None, None, 0)) == []


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99),
       st.integers(min_value=0, max_value=200))
def test_more_progress_never_projects_a_later_finish(low: int, high: int, elapsed: int) -> None:
    low, high = min(low, high), max(low, high)
    today = START + timedelta(days=elapsed)
    slow, fast = projected_finish(START, today, low), projected_finish(START, today, high)
    assert slow is not None and fast is not None and fast <= slow and fast >= today
