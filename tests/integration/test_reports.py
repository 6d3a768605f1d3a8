"""Report numbers against hand-computed figures (tests/integration/report_world.py holds the world and its table),
on SQLite and PostgreSQL: what each role sees, period boundaries in the asker's timezone, and empty data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core import reports
from core.clock import FixedClock
from core.context import CoreGateway
from core.errors import InvalidInput
from core.reports import Period
from core.services import customers, deals
from core.services.deals import DealChanges
from tests.conftest import NOW
from tests.factories import add_user
from tests.integration.report_world import ReportWorld, build

Q4 = Period(start=date(2026, 10, 1), end=date(2026, 12, 31))
NOVEMBER = Period(start=date(2026, 11, 1), end=date(2026, 11, 30))
D = Decimal


@pytest.fixture
def world(core: CoreGateway, clock: FixedClock) -> ReportWorld:
    return build(core, clock)


def _funnel(core: CoreGateway, user: int, period: Period = Q4) -> list[tuple[str, int, dict[str, Decimal],
                                                                            Decimal | None]]:
    with core.reading(user) as ctx:
        found = reports.funnel(ctx, period)
    return [(s.stage, s.count, s.amounts, s.conversion_percent) for s in found.stages]


def test_a_reps_funnel_counts_their_own_deals_by_the_furthest_stage_reached(core: CoreGateway,
                                                                             world: ReportWorld) -> None:
    # A1 won (passed negotiation by skipping it), A2 lost after qualified, A3 proposal, A4 negotiation, A5 lead.
    assert _funnel(core, world.ids["Alice"]) == [
        ("lead", 5, {"CNY": D("470000.00")}, D("80.0")),
        ("qualified", 4, {"CNY": D("430000.00")}, D("75.0")),
        ("proposal", 3, {"CNY": D("380000.00")}, D("66.7")),
        ("negotiation", 2, {"CNY": D("180000.00")}, D("50.0")),
        ("won", 1, {"CNY": D("100000.00")}, None),
    ]
    with core.reading(world.ids["Alice"]) as ctx:
        found = reports.funnel(ctx, Q4)
    assert (found.deals, found.lost, found.won_percent) == (5, 1, D("20.0"))
    assert found.model_dump(mode="json")["stages"][0] == {"stage": "lead", "count": 5,
                                                          "amounts": {"CNY": "470000.00"},
                                                          "conversion_percent": "80.0"}


def test_a_managers_funnel_is_their_team_and_an_admins_everyone(core: CoreGateway, world: ReportWorld) -> None:
    team = [(stage, count) for stage, count, _, _ in _funnel(core, world.ids["Mia"])]
    assert team == [("lead", 7), ("qualified", 6), ("proposal", 4), ("negotiation", 3), ("won", 2)]  # no Carol
    everyone = [(stage, count) for stage, count, _, _ in _funnel(core, world.ids["Root"])]
    assert everyone == [("lead", 8), ("qualified", 7), ("proposal", 5), ("negotiation", 4), ("won", 3)]
    bob = _funnel(core, world.ids["Bob"])
    assert [(s, c) for s, c, _, _ in bob] == [("lead", 2), ("qualified", 2), ("proposal", 1), ("negotiation", 1),
                                              ("won", 1)]  # none of Alice's
    # Only deals created in the period: in September nothing was.
    assert all(count == 0 for _, count, _, _ in _funnel(core, world.ids["Root"], Period(
        start=date(2026, 9, 1), end=date(2026, 9, 30))))


def test_win_rate_over_deals_closed_in_the_period(core: CoreGateway, world: ReportWorld) -> None:
    with core.reading(world.ids["Alice"]) as ctx:
        alice = reports.win_rate(ctx, Q4)
    assert (alice.total.won, alice.total.lost, alice.total.rate_percent) == (1, 1, D("50.0"))
    assert alice.amount_rate_percent("CNY") == D("66.7")  # 100k of 150k
    with core.reading(world.ids["Mia"]) as ctx:
        team = reports.win_rate(ctx, Q4)
    assert (team.total.won, team.total.lost, team.total.rate_percent) == (2, 1, D("66.7"))
    assert [(o.owner, o.tally.won, o.tally.lost, o.tally.rate_percent) for o in team.by_owner] == [
        ("Bob", 1, 0, D("100.0")), ("Alice", 1, 1, D("50.0"))]
    with core.reading(world.ids["Alice"]) as ctx:
        october = reports.win_rate(ctx, Period(start=date(2026, 10, 1), end=date(2026, 10, 31)))
    assert october.empty and october.total.rate_percent is None


def test_average_days_in_each_stage_from_the_history(core: CoreGateway, world: ReportWorld) -> None:
    with core.reading(world.ids["Alice"]) as ctx:
        found = reports.cycle_time(ctx, Q4)
    # lead: A1 5 days, A2 10 days; qualified: A1 10, A2 25; proposal: A1 14; A1 won 29 days after creation.
    assert [(s.stage, s.stays, s.average_days) for s in found.stages] == [
        ("lead", 2, D("7.5")), ("qualified", 2, D("17.5")), ("proposal", 1, D("14.0")), ("negotiation", 0, None)]
    assert (found.won, found.average_days_to_win) == (1, D("29.0"))
    with core.reading(world.ids["Alice"]) as ctx:
        # In November only the stays that ended then: A1's proposal (14) and A2's qualified (25).
        november = reports.cycle_time(ctx, NOVEMBER)
    assert [(s.stage, s.stays, s.average_days) for s in november.stages][1:3] == [
        ("qualified", 1, D("25.0")), ("proposal", 1, D("14.0"))]


def test_forecast_weights_the_open_pipeline_by_close_month(core: CoreGateway, world: ReportWorld) -> None:
    period = reports.default_period("forecast", date(2026, 11, 25))
    assert period == Period(start=date(2026, 11, 1), end=date(2027, 1, 31))
    with core.reading(world.ids["Alice"]) as ctx:
        found = reports.forecast(ctx, period)
    # A4 80k × 75 % (negotiation: commit), A3 200k × 50 % (best case only), A5 40k × 80 % (commit: ≥ 70 %).
    assert [(m.month, m.deals, m.commit, m.best_case) for m in found.months] == [
        (date(2026, 11, 1), 1, {"CNY": D("60000.00")}, {"CNY": D("60000.00")}),
        (date(2026, 12, 1), 1, {}, {"CNY": D("100000.00")}),
        (date(2027, 1, 1), 1, {"CNY": D("32000.00")}, {"CNY": D("32000.00")}),
    ]
    assert (found.commit, found.best_case) == ({"CNY": D("92000.00")}, {"CNY": D("192000.00")})
    with core.reading(world.ids["Mia"]) as ctx:
        team = reports.forecast(ctx, period)
    assert team.best_case == {"CNY": D("207000.00")}  # + B2 60k × 25 %
    assert team.months[1].deals == 2 and team.commit == {"CNY": D("92000.00")}


def test_team_ranking_by_won_amount_with_activities_and_conversion(core: CoreGateway, world: ReportWorld) -> None:
    with core.reading(world.ids["Mia"]) as ctx:
        found = reports.team_ranking(ctx, NOVEMBER)
    assert [(r.rank, r.name, r.won, r.won_amounts, r.activities, r.conversion_percent) for r in found.reps] == [
        (1, "Bob", 1, {"CNY": D("300000.00")}, 1, D("100.0")),  # Bob's October visit is outside November
        (2, "Alice", 1, {"CNY": D("100000.00")}, 3, D("50.0")),
    ]
    with core.reading(world.ids["Root"]) as ctx:
        everyone = reports.team_ranking(ctx, NOVEMBER)
    assert [r.name for r in everyone.reps] == ["Carol", "Bob", "Alice"]
    with core.reading(world.ids["Alice"]) as ctx:
        own = reports.team_ranking(ctx, NOVEMBER)
    assert [r.name for r in own.reps] == ["Alice"]


def test_customer_lifetime_value_is_payments_plus_weighted_pipeline(core: CoreGateway, world: ReportWorld) -> None:
    all_time = reports.default_period("clv", date(2026, 11, 25))
    with core.reading(world.ids["Alice"]) as ctx:
        found = reports.customer_value(ctx, all_time)
    assert [(c.name, c.received, c.expected, c.value) for c in found.customers] == [
        ("Globex", {}, {"CNY": D("100000.00")}, {"CNY": D("100000.00")}),
        ("Acme", {"CNY": D("70000.00")}, {}, {"CNY": D("70000.00")}),
        ("Initech", {}, {"CNY": D("60000.00")}, {"CNY": D("60000.00")}),
        ("Umbrella", {}, {"CNY": D("32000.00")}, {"CNY": D("32000.00")}),
    ]
    with core.reading(world.ids["Alice"]) as ctx:
        acme = reports.customer_value(ctx, Q4, customer_id=world.customers["Acme"])
    assert [(c.name, c.received) for c in acme.customers] == [("Acme", {"CNY": D("50000.00")})]  # Q4's payment
    with core.reading(world.ids["Carol"]) as ctx:
        assert [c.name for c in reports.customer_value(ctx, all_time).customers] == []  # Wayne: nothing open or paid


def test_profit_margin_and_aging_reuse_the_money_services(core: CoreGateway, world: ReportWorld) -> None:
    period = reports.default_period("profit", date(2026, 11, 25))
    with core.reading(world.ids["Alice"]) as ctx:
        profit = reports.profit_margin(ctx, period)
        aging = reports.receivables_aging(ctx, period)
    assert [(p.name, p.revenue, p.cost, p.margin, p.margin_percent) for p in profit.projects] == [
        ("Acme ERP", D("500000.00"), D("120000.00"), D("380000.00"), D("76.0"))]
    # 150k due 09-01 less the 70k paid → 80k, 85 days late; 300k due 10-15, 41 days late; 50k not due yet.
    assert aging.as_of == date(2026, 11, 25)
    assert [(c.name, c.buckets["61_90"], c.buckets["31_60"], c.total) for c in aging.customers] == [
        ("Acme", {"CNY": D("80000.00")}, {"CNY": D("300000.00")}, {"CNY": D("380000.00")})]
    assert aging.total["61_90"] == {"CNY": D("80000.00")}
    for other in ("Bob", "Carol"):
        with core.reading(world.ids[other]) as ctx:
            # Their own won deal's project (no contract yet: no margin), never Alice's.
            assert [(p.name, p.margin_percent) for p in reports.profit_margin(ctx, period).projects] == [
                ({"Bob": "Hooli platform", "Carol": "Wayne campus"}[other], None)]
            assert reports.receivables_aging(ctx, period).empty
    with core.reading(world.ids["Mia"]) as ctx:
        assert [c.name for c in reports.receivables_aging(ctx, period).customers] == ["Acme"]


def test_period_boundaries_are_the_askers_local_midnights(core: CoreGateway, clock: FixedClock) -> None:
    """A deal won at 01:00 on 1 December in Shanghai is a December win there, and a November one in London."""
    alice = add_user(core, "Alice", tz="Asia/Shanghai").id
    mia = add_user(core, "Mia", role="manager", tz="Europe/London").id
    clock.set(datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    with core.unit(alice) as ctx:
        deal = deals.create(ctx, customers.create(ctx, "Acme").id, "ERP", amount=Decimal(1000))
    clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    with core.unit(alice) as ctx:
        deals.update(ctx, deal.id, DealChanges(stage="won"))
    clock.set(NOW)
    december = Period(start=date(2026, 12, 1), end=date(2026, 12, 31))
    with core.reading(alice) as ctx:
        assert reports.win_rate(ctx, NOVEMBER).total.won == 0
        assert reports.win_rate(ctx, december).total.won == 1
    with core.reading(mia) as ctx:
        assert reports.win_rate(ctx, NOVEMBER).total.won == 1
        assert reports.win_rate(ctx, december).total.won == 0
    # The deal was created on 2 November: in the funnel of 2 November only, on each side of the world.
    one_day = Period(start=date(2026, 11, 2), end=date(2026, 11, 2))
    with core.reading(alice) as ctx:
        assert reports.funnel(ctx, one_day).deals == 1
    with core.reading(mia) as ctx:
        assert reports.funnel(ctx, one_day).deals == 1  # 02:00 London time


def test_every_report_on_no_data_is_empty_not_an_error(core: CoreGateway) -> None:
    nobody = add_user(core, "Newbie").id
    with core.reading(nobody) as ctx:
        today = date(2026, 11, 25)
        results = [
            reports.funnel(ctx, reports.default_period("funnel", today)),
            reports.win_rate(ctx, reports.default_period("win_rate", today)),
            reports.cycle_time(ctx, reports.default_period("cycle", today)),
            reports.forecast(ctx, reports.default_period("forecast", today)),
            reports.team_ranking(ctx, reports.default_period("ranking", today)),
            reports.profit_margin(ctx, reports.default_period("profit", today)),
            reports.customer_value(ctx, reports.default_period("clv", today)),
            reports.receivables_aging(ctx, reports.default_period("aging", today)),
        ]
    assert all(result.empty for result in results)
    assert [s.conversion_percent for s in results[0].stages] == [None] * 5  # type: ignore[attr-defined]


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        Period(start=date(2026, 12, 1), end=date(2026, 11, 1))
    assert refused.value.key == "error.bad_period"


def test_a_deal_without_history_counts_at_its_current_stage(core: CoreGateway, clock: FixedClock) -> None:
    """A deal written without stage changes (an import) still reaches its own stage in the funnel."""
    from core.models import Deal

    alice = add_user(core, "Alice", tz="Asia/Shanghai").id
    with core.unit(alice) as ctx:
        customer = customers.create(ctx, "Acme").id
        ctx.session.add(Deal(customer_id=customer, owner_id=alice, title="Imported", amount=Decimal(500),
                             currency="CNY", stage="proposal", probability=50, created_at=ctx.now(),
                             updated_at=ctx.now()))
    with core.reading(alice) as ctx:
        found = reports.funnel(ctx, NOVEMBER)
    assert [(s.stage, s.count) for s in found.stages] == [("lead", 1), ("qualified", 1), ("proposal", 1),
                                                          ("negotiation", 0), ("won", 0)]


def test_a_deal_moved_back_counts_at_the_furthest_stage_it_reached(core: CoreGateway, clock: FixedClock) -> None:
    """Proposal, then back to qualified: the funnel still counts it as having reached proposal."""
    alice = add_user(core, "Alice", tz="Asia/Shanghai").id
    clock.set(datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    with core.unit(alice) as ctx:
        deal = deals.create(ctx, customers.create(ctx, "Acme").id, "ERP", amount=Decimal(1000)).id
    for day, stage in ((5, "proposal"), (9, "qualified")):
        clock.set(datetime(2026, 11, day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
        with core.unit(alice) as ctx:
            deals.update(ctx, deal, DealChanges(stage=stage))
    with core.reading(alice) as ctx:
        found = reports.funnel(ctx, NOVEMBER)
    assert [(s.stage, s.count) for s in found.stages] == [("lead", 1), ("qualified", 1), ("proposal", 1),
                                                          ("negotiation", 0), ("won", 0)]
    assert found.stages[2].amounts == {"CNY": D("1000.00")}
