"""GET /api/v1/reports/{kind} over real HTTP: the core report for the token's user (a rep their own deals, a
manager the team's), named and explicit periods, and bad input answered 401/422 with its code.

The team (tests/integration/api_support.py): Alice and Bob, reps of East, each with one ¥1,000 deal created
today (2026-11-25, Shanghai); Mia their manager; Fay finance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.context import CoreGateway
from core.services import invoices, payments
from tests.integration.api_support import running_api

pytestmark = pytest.mark.integration


async def test_a_funnel_per_scope_and_period(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        status, body = await api.call("GET", "/reports/funnel", "Mia")
        assert status == 200
        assert body["period"] == {"start": "2026-10-01", "end": "2026-12-31"}
        assert body["deals"] == 2 and body["lost"] == 0
        lead = body["stages"][0]
        assert lead["stage"] == "lead" and lead["count"] == 2 and lead["amounts"] == {"CNY": "2000.00"}
        assert [stage["stage"] for stage in body["stages"]] == ["lead", "qualified", "proposal", "negotiation", "won"]
        status, body = await api.call("GET", "/reports/funnel", "Alice")
        assert status == 200 and body["deals"] == 1 and body["stages"][0]["amounts"] == {"CNY": "1000.00"}
        status, body = await api.call("GET", "/reports/funnel?period=last_quarter", "Mia")
        assert status == 200 and body["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
        assert body["deals"] == 0
        status, body = await api.call("GET", "/reports/funnel?from=2026-11-25&to=2026-11-25", "Alice")
        assert status == 200 and body["deals"] == 1


async def test_every_kind_answers(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        for kind in ("funnel", "win_rate", "cycle", "forecast", "ranking", "profit", "clv", "aging"):
            status, body = await api.call("GET", f"/reports/{kind}?period=this_month", "Mia")
            assert status == 200, (kind, body)
            assert body["period"] == {"start": "2026-11-01", "end": "2026-11-30"}, kind


async def test_aging_and_margin_honour_the_period(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        with core.unit(api.team.ids["Fay"]) as ctx:  # owed on 09-30, paid in full on 10-20
            alice = api.team.customers["Alice"]
            invoices.create(ctx, alice, amount=Decimal(1000), issue_date=date(2026, 9, 5), due_date=date(2026, 9, 20))
            payments.record(ctx, alice, Decimal(1000), received_on=date(2026, 10, 20))
        status, body = await api.call("GET", "/reports/aging?period=last_quarter", "Mia")
        assert status == 200 and body["as_of"] == "2026-09-30" and body["undated"]
        assert body["total"]["1_30"] == {"CNY": "1000.00"}
        status, body = await api.call("GET", "/reports/aging?to=2026-10-31", "Mia")
        assert status == 200 and body["as_of"] == "2026-10-31" and body["customers"] == []
        status, body = await api.call("GET", "/reports/aging", "Mia")
        assert status == 200 and body["as_of"] == "2026-11-25" and body["undated"] == [] and body["customers"] == []
        status, body = await api.call("GET", "/reports/profit?period=last_quarter", "Mia")
        assert status == 200 and body["life_to_date"] is False and body["projects"] == []
        status, body = await api.call("GET", "/reports/profit", "Mia")
        assert status == 200 and body["life_to_date"] is True


async def test_bad_requests(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        assert (await api.call("GET", "/reports/funnel"))[0] == 401
        status, body = await api.call("GET", "/reports/margins", "Mia")
        assert status == 422 and body["code"] == "error.invalid_input"
        status, body = await api.call("GET", "/reports/funnel?period=this_month&from=2026-11-01", "Mia")
        assert status == 422 and body["code"] == "report_period.both"
        status, body = await api.call("GET", "/reports/funnel?from=2026-11-30&to=2026-11-01", "Mia")
        assert status == 422 and body["code"] == "error.bad_period"
        status, body = await api.call("GET", "/reports/funnel?from=0001-01-01", "Mia")
        assert status == 422 and body["code"] == "report_period.out_of_range"
        status, body = await api.call("GET", "/reports/funnel?customer_id=1", "Mia")
        assert status == 422 and body["code"] == "report_period.customer_not_here"
        status, body = await api.call("GET", "/reports/funnel?period=someday", "Mia")
        assert status == 422
