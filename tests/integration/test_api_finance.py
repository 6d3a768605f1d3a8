"""POST /api/v1/finance/payments: a finance system's signed report of a payment. A bad or stale signature books
nothing; a good one is booked by the payments service as the finance user; a replay of the same external id
answers the first payment and books nothing more."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bot.api.settings import ApiSettings
from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Invoice, Payment
from core.services import invoices, webhooks
from tests.integration.api_support import FINANCE_SECRET, Api, running_api


def signed(body: dict[str, Any], clock: FixedClock, secret: str = FINANCE_SECRET,
           skew: timedelta = timedelta(0)) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(body).encode()
    stamp = str(int((clock.now() + skew).timestamp()))
    return raw, {"Content-Type": "application/json", webhooks.TIMESTAMP_HEADER: stamp,
                 webhooks.SIGNATURE_HEADER: webhooks.sign(secret, stamp, raw)}


def payments_of(core: CoreGateway) -> list[tuple[Decimal, int, str | None]]:
    with core.system() as system:
        return [(p.amount, p.recorded_by_id, p.reference)
                for p in system.session.scalars(select(Payment).order_by(Payment.id))]


def owes(core: CoreGateway, api: Api, amount: str) -> int:
    with core.unit(api.team.ids["Alice"]) as ctx:
        invoice = invoices.create(ctx, api.team.customers["Alice"], amount=Decimal(amount))
        ctx.session.flush()
        return invoice.id


async def test_a_signed_report_is_booked_once(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _):
        invoice_id = owes(core, api, "500.00")
        report = {"external_id": "bank-77", "customer_id": api.team.customers["Alice"], "amount": "500.00",
                  "reference": "SWIFT 77"}
        raw, headers = signed(report, clock)
        status, first = await api.call("POST", "/finance/payments", data=raw, headers=headers)
        assert (status, first["duplicate"], first["external_id"]) == (201, False, "bank-77")
        clock.advance(timedelta(seconds=30))
        raw, headers = signed(report, clock)  # the finance system retries (a new signature, the same id)
        status, again = await api.call("POST", "/finance/payments", data=raw, headers=headers)
        assert (status, again["duplicate"], again["payment_id"]) == (200, True, first["payment_id"])
        assert payments_of(core) == [(Decimal("500.00"), api.team.ids["Fay"], "SWIFT 77")]
        with core.system() as system:
            paid = system.session.get(Invoice, invoice_id)
            assert paid is not None and (paid.status, paid.paid_amount) == ("paid", Decimal("500.00"))


async def test_bad_or_stale_signatures_book_nothing(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _):
        owes(core, api, "100.00")
        report = {"external_id": "bank-1", "customer_id": api.team.customers["Alice"], "amount": "100.00"}
        raw, headers = signed(report, clock, secret="not-the-secret-at-all")
        assert (await api.call("POST", "/finance/payments", data=raw, headers=headers))[0] == 401
        raw, headers = signed(report, clock)
        tampered = raw.replace(b"100.00", b"900.00")
        assert (await api.call("POST", "/finance/payments", data=tampered, headers=headers))[0] == 401
        assert (await api.call("POST", "/finance/payments", data=raw,
                               headers={"Content-Type": "application/json"}))[0] == 401
        raw, headers = signed(report, clock, skew=-timedelta(minutes=10))  # an old capture, replayed
        status, body = await api.call("POST", "/finance/payments", data=raw, headers=headers)
        assert (status, body["code"]) == (401, "finance.stale")
        # A user's token is no finance signature.
        status, _ = await api.call("POST", "/finance/payments", "Fay", json=report)
        assert status == 401
        assert payments_of(core) == []


async def test_malformed_or_impossible_reports_are_refused_clearly(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _):
        raw, headers = signed({"external_id": "x 1", "customer_id": "abc", "amount": "-1"}, clock)
        status, body = await api.call("POST", "/finance/payments", data=raw, headers=headers)
        assert status == 422
        assert {tuple(e["loc"]) for e in body["detail"]} >= {("external_id",), ("customer_id",), ("amount",)}
        raw, headers = signed({"external_id": "bank-2", "customer_id": api.team.customers["Bob"],
                               "amount": "10.00"}, clock)
        status, body = await api.call("POST", "/finance/payments", data=raw, headers=headers)
        assert (status, body["code"]) == (422, "payment.nothing_open")  # Bob's customer owes nothing
        raw, headers = signed({"external_id": "bank-3", "customer_id": 999999, "amount": "10.00"}, clock)
        assert (await api.call("POST", "/finance/payments", data=raw, headers=headers))[0] == 404
        assert payments_of(core) == []


async def test_the_endpoint_is_off_until_configured(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core, ApiSettings(_env_file=None)) as (api, _):
        raw, headers = signed({"external_id": "bank-9", "customer_id": 1, "amount": "1.00"}, clock)
        assert (await api.call("POST", "/finance/payments", data=raw, headers=headers))[0] == 404
