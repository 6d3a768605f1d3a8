"""Aging and margin honour the period named (issue #12), against hand-computed figures over
tests/integration/report_world.py with `add_dated_books`, on SQLite and PostgreSQL; today is 2026-11-25.

Aging at the end of September: Acme's first part (150,000, due 09-01) less the 20,000 received 09-10 → 130,000,
29 days late (the 50,000 received 11-25 had not come yet); Hooli's 100,000 (due 09-20, paid 10-20), 10 days late;
Hooli's 20,000 invoice was issued 10-05, after that day. At the end of October: Acme 130,000 now 60 days late and
the second part (300,000, due 10-15, not invoiced) 16 days; Hooli's 20,000 not due yet (11-04).

Margin of Acme ERP (Alice's hours at 500): Q3 = the first part due 09-01 (150,000), no cost; October = the
second part (300,000) − 10 h (5,000); Q4 = 300,000 − 14 h (7,000) − 120,000 expenses; life = 500,000 − 127,000."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.intents.rules import RuleParser
from core import reports
from core.clock import FixedClock
from core.context import CoreGateway
from core.reports import Period
from core.services import receivables, users
from tests.integration.report_world import ReportWorld, add_dated_books, build
from tests.notify_helpers import chat

D = Decimal
Q3 = Period(start=date(2026, 7, 1), end=date(2026, 9, 30))
Q4 = Period(start=date(2026, 10, 1), end=date(2026, 12, 31))
OCTOBER = Period(start=date(2026, 10, 1), end=date(2026, 10, 31))
NOVEMBER = Period(start=date(2026, 11, 1), end=date(2026, 11, 30))
LIFE = Period.until(date(2026, 11, 25))


@pytest.fixture
def world(core: CoreGateway, clock: FixedClock) -> ReportWorld:
    found = build(core, clock, chinese=("Mia",))
    add_dated_books(core, found)
    with core.system() as system:
        for name, telegram in (("Alice", "100"), ("Mia", "200"), ("Bob", "300")):
            users.link(system, users.require_by_name(system, name), "telegram", telegram)
    return found


def _aging(core: CoreGateway, user: int, period: Period) -> tuple[date, list[tuple[str, dict[str, dict[str, D]]]],
                                                                 tuple[str, ...]]:
    with core.reading(user) as ctx:
        found = reports.receivables_aging(ctx, period)
    return found.as_of, [(c.name, {b: a for b, a in c.buckets.items() if a}) for c in found.customers], found.undated


def test_aging_at_the_end_of_last_quarter_counts_what_was_owed_that_day(core: CoreGateway,
                                                                          world: ReportWorld) -> None:
    as_of, customers, undated = _aging(core, world.ids["Mia"], Q3)
    assert as_of == date(2026, 9, 30) and undated  # rebuilt: the report says what it could not date
    # Acme: the 11-25 payment counts as still owed, the 09-10 one does not; Hooli's paid-since invoice is owed.
    assert customers == [("Acme", {"1_30": {"CNY": D("130000.00")}}), ("Hooli", {"1_30": {"CNY": D("100000.00")}})]
    assert _aging(core, world.ids["Alice"], Q3)[1] == [("Acme", {"1_30": {"CNY": D("130000.00")}})]
    assert _aging(core, world.ids["Carol"], Q3)[1] == []  # another team's money, on any day


def test_aging_at_the_end_of_october_ages_against_that_day(core: CoreGateway, world: ReportWorld) -> None:
    as_of, customers, _ = _aging(core, world.ids["Mia"], OCTOBER)
    assert as_of == date(2026, 10, 31)
    assert customers == [
        ("Acme", {"1_30": {"CNY": D("300000.00")}, "31_60": {"CNY": D("130000.00")}}),  # part two not invoiced yet
        ("Hooli", {"current": {"CNY": D("20000.00")}})]  # issued 10-05, due 11-04; the 100,000 paid 10-20


def test_a_period_that_holds_today_or_none_is_todays_books(core: CoreGateway, world: ReportWorld) -> None:
    for period in (NOVEMBER, LIFE, Q4):
        as_of, customers, undated = _aging(core, world.ids["Mia"], period)
        assert as_of == date(2026, 11, 25) and not undated
        # Hooli paid everything; Acme as in the reports' own test.
        assert customers == [("Acme", {"31_60": {"CNY": D("300000.00")}, "61_90": {"CNY": D("80000.00")}})]


def test_the_service_rebuilt_for_today_agrees_with_the_open_invoice_books(core: CoreGateway,
                                                                          world: ReportWorld) -> None:
    # The as-of path run for today must give today's figures (nothing received after today).
    with core.reading(world.ids["Fay"]) as ctx:
        today = receivables.today_of(ctx)
        rebuilt = receivables.by_customer(ctx, as_of=today)
        books = receivables.by_customer(ctx)
        assert [(a.name, a.buckets) for a in rebuilt] == [(a.name, a.buckets) for a in books]
        assert [a.name for a in receivables.by_team(ctx, as_of=date(2026, 9, 30))] == ["East"]


def _margins(core: CoreGateway, user: int, period: Period) -> tuple[bool, list[tuple[str, D, D, D, D | None]]]:
    with core.reading(user) as ctx:
        found = reports.profit_margin(ctx, period)
    return found.life_to_date, [(p.name, p.revenue, p.cost, p.margin, p.margin_percent) for p in found.projects]


def test_margin_over_a_period_counts_its_hours_expenses_and_revenue_due(core: CoreGateway,
                                                                        world: ReportWorld) -> None:
    alice = world.ids["Alice"]
    assert _margins(core, alice, Q3) == (False, [("Acme ERP", D("150000.00"), D("0.00"), D("150000.00"),
                                                  D("100.0"))])
    # October: the November hours and the 11-01 expenses are outside it.
    assert _margins(core, alice, OCTOBER) == (False, [("Acme ERP", D("300000.00"), D("5000.00"), D("295000.00"),
                                                       D("98.3"))])
    assert _margins(core, alice, Q4) == (False, [("Acme ERP", D("300000.00"), D("127000.00"), D("173000.00"),
                                                  D("57.7"))])
    assert _margins(core, alice, LIFE) == (True, [("Acme ERP", D("500000.00"), D("127000.00"), D("373000.00"),
                                                   D("74.6"))])
    # Bob's project had nothing in Q3: left out, not a zero line; over its life it is there (no contract).
    assert _margins(core, world.ids["Bob"], Q3) == (False, [])
    assert _margins(core, world.ids["Bob"], LIFE) == (True, [("Hooli platform", D("0.00"), D("0.00"), D("0.00"),
                                                              None)])
    # All time but ending before today is cut too (the API's `to` alone): hours up to 10-31 only.
    assert _margins(core, alice, Period.until(date(2026, 10, 31))) == (
        False, [("Acme ERP", D("450000.00"), D("5000.00"), D("445000.00"), D("98.9"))])


def test_aging_and_margin_in_chat_name_the_day_and_the_period(core: CoreGateway, world: ReportWorld) -> None:
    say = chat(core, RuleParser())
    [aging] = say("receivables aging last quarter")
    assert aging.text.splitlines()[0] == "Receivables aging · your deals · as of Wed 30 Sep"
    assert "1–30 days late: ¥130,000" in aging.text and "Rebuilt from invoice, payment and signing dates" in aging.text
    [margin] = say("profit margin last quarter")
    lines = margin.text.splitlines()
    assert lines[0].startswith("Project profit margin · ") and "1 Jul" in lines[0] and "30 Sep" in lines[0]
    assert "Acme ERP: revenue ¥150,000, cost ¥0 → margin ¥150,000 (100.0%)" in margin.text
    [today] = say("receivables aging")
    assert "as of Wed 25 Nov" in today.text.splitlines()[0] and "Rebuilt" not in today.text
    [october] = say("receivables aging at the end of last month", sender="300")  # Bob: Hooli
    assert october.text.splitlines()[0] == "Receivables aging · your deals · as of Sat 31 Oct"
    assert "not yet due: ¥20,000" in october.text  # the 100,000 was paid 10-20, the 20,000 is due 11-04
    [nobody] = say("receivables aging as of Aug 31", sender="300")  # Hooli's first invoice came 09-05
    assert nobody.text == "Nobody owed us money at the end of Mon 31 Aug, so there is nothing to age."
    [empty] = say("profit margin last quarter", sender="300")
    assert empty.text.startswith("No project had hours, expenses or contract revenue due in ") and empty.image is None


def test_aging_and_margin_in_chinese(core: CoreGateway, world: ReportWorld) -> None:
    say = chat(core, RuleParser())
    [aging] = say("上季度末应收账龄", sender="200")
    heading = aging.text.splitlines()[0]
    assert heading.startswith("应收账龄 · ") and "截至9月30日" in heading
    assert "逾期1–30天:23万元" in aging.text  # Acme 130,000 + Hooli 100,000, both owed on 09-30
    assert "按开票、回款和签约日期还原" in aging.text and aging.image is not None
    [margin] = say("上季度项目利润率", sender="200")
    assert "7月1日" in margin.text.splitlines()[0] and "Acme ERP:收入15万元" in margin.text
    assert "Hooli platform" not in margin.text  # nothing worked, spent or due there in Q3
