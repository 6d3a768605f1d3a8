"""Outgoing webhooks end to end: a deal won over the API (or a contract signed, a payment booked) becomes an
event in the same transaction, the worker posts it signed to a small local receiver on port 0, a failing receiver
is retried after the backoff, and a delivery that never succeeds is kept as failed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.api.settings import ApiSettings
from bot.api.webhook_worker import WebhookWorker
from bot.http import start_http
from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Contract, WebhookEvent
from core.services import contracts, customers, deals, invoices, webhooks
from tests.factories import add_user
from tests.integration.api_support import running_api


@dataclass
class Receiver:
    url: str
    fail_first: int = 0
    got: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@asynccontextmanager
async def receiver(fail_first: int = 0) -> AsyncIterator[Receiver]:
    app = web.Application()
    box = Receiver("", fail_first)

    async def hook(request: web.Request) -> web.Response:
        box.got.append((dict(request.headers), await request.read()))
        if len(box.got) <= box.fail_first:
            return web.Response(status=503)
        return web.Response(status=204)

    app.router.add_post("/hook", hook)
    runner, port = await start_http(app, "127.0.0.1", 0)
    box.url = f"http://127.0.0.1:{port}/hook?key=abc"
    try:
        yield box
    finally:
        await runner.cleanup()


def subscribe(core: CoreGateway, url: str, events: list[str]) -> tuple[int, str]:
    with core.system() as system:
        row, secret = webhooks.subscribe(system, url, events)
        return row.id, secret


def statuses(core: CoreGateway) -> list[tuple[str, str, int]]:
    with core.system() as system:
        return [(d.event, d.status, d.attempts) for d in reversed(webhooks.deliveries(system))]


def check_signed(headers: dict[str, str], body: bytes, secret: str) -> dict[str, Any]:
    stamp = headers[webhooks.TIMESTAMP_HEADER]
    assert headers[webhooks.SIGNATURE_HEADER] == webhooks.sign(secret, stamp, body)
    assert not webhooks.verify(secret, stamp, body + b" ", headers[webhooks.SIGNATURE_HEADER])
    document: dict[str, Any] = json.loads(body)
    return document


async def test_a_won_deal_is_delivered_signed(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _), receiver() as hook:
        _, secret = subscribe(core, hook.url, ["deal.won"])
        _, other_secret = subscribe(core, hook.url, ["payment.received"])  # wants nothing of this
        alices = api.team.deals["Alice"]
        status, _ = await api.call("PATCH", f"/deals/{alices}", "Alice", json={"stage": "won"})
        assert status == 200
        worker = WebhookWorker(core, ApiSettings(_env_file=None))
        assert await worker.tick() == 1
        ((headers, body),) = hook.got
        document = check_signed(headers, body, secret)
        assert headers[webhooks.TIMESTAMP_HEADER] == str(int(clock.now().timestamp()))
        assert headers[webhooks.EVENT_HEADER] == "deal.won"
        assert document["event"] == "deal.won"
        assert document["data"]["deal_id"] == alices
        assert document["data"]["amount"] == "1000.00"
        assert other_secret != secret
        assert statuses(core) == [("deal.won", "sent", 1)]
        assert await worker.tick() == 0  # sent once, never again


async def test_a_failing_receiver_is_retried_after_the_backoff(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _), receiver(fail_first=1) as hook:
        _, secret = subscribe(core, hook.url, ["deal.stage_changed"])
        status, _ = await api.call("PATCH", f"/deals/{api.team.deals['Bob']}", "Bob", json={"stage": "qualified"})
        assert status == 200
        worker = WebhookWorker(core, ApiSettings(_env_file=None))
        await worker.tick()
        assert statuses(core) == [("deal.stage_changed", "pending", 1)]
        assert await worker.tick() == 0  # not due before the backoff
        clock.advance(webhooks.BACKOFF[0])
        assert await worker.tick() == 1
        assert statuses(core) == [("deal.stage_changed", "sent", 2)]
        assert len(hook.got) == 2
        first, second = (check_signed(h, b, secret) for h, b in hook.got)
        assert first == second  # the same event, re-signed at its own time
        assert first["data"]["from_stage"] == "lead" and first["data"]["stage"] == "qualified"


async def test_a_delivery_that_never_succeeds_is_kept_as_failed(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _), receiver(fail_first=99) as hook:
        subscribe(core, hook.url, ["deal.won"])
        await api.call("PATCH", f"/deals/{api.team.deals['Alice']}", "Alice", json={"stage": "won"})
        worker = WebhookWorker(core, ApiSettings(_env_file=None, webhook_max_attempts=3))
        for wait in (timedelta(0), *webhooks.BACKOFF[:2]):
            clock.advance(wait)
            assert await worker.tick() == 1
        assert statuses(core) == [("deal.won", "failed", 3)]
        clock.advance(timedelta(days=1))
        assert await worker.tick() == 0
        assert len(hook.got) == 3


async def test_an_unreachable_receiver_is_a_retry_not_a_crash(core: CoreGateway) -> None:
    async with running_api(core) as (api, _), receiver() as hook:
        dead = hook.url.rsplit(":", 1)[0] + ":9/hook"  # the discard port: nothing listens
        subscribe(core, dead, ["deal.won"])
        await api.call("PATCH", f"/deals/{api.team.deals['Alice']}", "Alice", json={"stage": "won"})
        worker = WebhookWorker(core, ApiSettings(_env_file=None, webhook_timeout=5))
        assert await worker.tick() == 1
        assert statuses(core) == [("deal.won", "pending", 1)]


def test_an_event_exists_only_if_its_change_committed(core: CoreGateway) -> None:
    rep = add_user(core, "Rita")
    with core.unit(rep.id) as ctx:
        customer = customers.create(ctx, "Rollback Co")
        ctx.session.flush()
        deal = deals.create(ctx, customer.id, "Deal", amount=Decimal(5))
        ctx.session.flush()
        deal_id = deal.id
    with pytest.raises(RuntimeError), core.unit(rep.id) as ctx:
        deals.update(ctx, deal_id, deals.DealChanges(stage="won"))
        raise RuntimeError("the turn failed after the change")
    with core.system() as system:
        assert system.session.scalar(select(func.count(WebhookEvent.id))) == 0
    with core.unit(rep.id) as ctx:
        deals.update(ctx, deal_id, deals.DealChanges(stage="won"))
    with core.system() as system:
        kinds = sorted(system.session.scalars(select(WebhookEvent.kind)))
    assert kinds == ["deal.stage_changed", "deal.won"]


async def test_contract_signed_and_payment_received_are_emitted(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _), receiver() as hook:
        _, secret = subscribe(core, hook.url, ["contract.signed", "payment.received"])
        alice, customer = api.team.ids["Alice"], api.team.customers["Alice"]
        with core.unit(alice) as ctx:
            row = Contract(number="C-2026-901", customer_id=customer, owner_id=alice, title="ERP",
                           amount=Decimal(800), currency="CNY", status="sent", created_at=ctx.now(),
                           updated_at=ctx.now())
            ctx.session.add(row)
            ctx.session.flush()
            contracts.mark_signed(ctx, row.id, signed_on=date(2026, 11, 24))
            invoices.create(ctx, customer, amount=Decimal(300))
        status, paid = await api.call("POST", "/payments", "Alice", json={"customer_id": customer,
                                                                        "amount": "300.00", "reference": "TT-1"})
        assert status == 201
        worker = WebhookWorker(core, ApiSettings(_env_file=None))
        assert await worker.tick() == 2
        documents = sorted((check_signed(h, b, secret) for h, b in hook.got), key=lambda d: d["event"])
        assert [d["event"] for d in documents] == ["contract.signed", "payment.received"]
        assert documents[0]["data"]["number"] == "C-2026-901" and documents[0]["data"]["signed_on"] == "2026-11-24"
        assert documents[1]["data"]["payment_id"] == paid["id"] and documents[1]["data"]["amount"] == "300.00"
