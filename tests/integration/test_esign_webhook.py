"""The e-signature webhook over real HTTP (the serve HTTP app on port 0): authenticated by HMAC of the body,
a signed event marks the contract signed once, bad signatures, bodies and envelopes are refused."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from decimal import Decimal

import aiohttp
import pytest
from pydantic import SecretStr

from bot.esign_settings import ESignSettings
from bot.esign_webhook import add_esign_routes
from bot.http import make_http_app, start_http
from core import esign
from core.context import CoreGateway
from core.esign import ManualProvider
from core.services import approvals, contracts, customers
from tests.factories import add_user

SECRET = "s3cret-webhook-key"


@pytest.fixture
async def server(core: CoreGateway) -> AsyncIterator[str]:
    app = make_http_app()
    add_esign_routes(app, core, ESignSettings(webhook_secret=SecretStr(SECRET)))
    runner, port = await start_http(app, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{port}/esign/webhook"
    finally:
        await runner.cleanup()


def _sent_contract(core: CoreGateway) -> tuple[int, str]:
    alice = add_user(core, "Alice", "rep", "East").id
    mia = add_user(core, "Mia", "manager", "East").id
    fay = add_user(core, "Fay", "finance", "East").id
    with core.unit(alice) as ctx:
        contract = contracts.create(ctx, customers.create(ctx, "Acme").id, amount=Decimal("1000"))
        contract_id = contract.id
        contracts.submit(ctx, contract_id)
    for approver in (mia, fay):
        with core.unit(approver) as ctx:
            approvals.decide(ctx, contracts.my_step(ctx, contract_id).id, True)
    with core.unit(alice) as ctx:
        reference = contracts.send_for_signature(ctx, contract_id, ManualProvider()).esign_reference
    assert reference is not None
    return alice, reference


async def _post(url: str, payload: object, *, secret: str = SECRET, raw: bytes | None = None
                ) -> tuple[int, str]:
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {esign.SIGNATURE_HEADER: esign.sign_body(secret, body), "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as response:
        return response.status, await response.text()


async def test_a_signed_event_signs_the_contract_once(core: CoreGateway, server: str) -> None:
    alice, reference = _sent_contract(core)
    event = {"reference": reference, "outcome": "signed", "signed_on": "2026-11-24"}
    status, text = await _post(server, event)
    assert status == 200 and json.loads(text) == {"contract": "C-2026-001", "status": "signed", "changed": True}
    status, text = await _post(server + "/manual", event)  # the provider retries: answered, nothing changes
    assert status == 200 and json.loads(text)["changed"] is False
    with core.reading(alice) as ctx:
        contract = contracts.by_number(ctx, "C-2026-001")
        assert contract.status == "signed" and contract.signed_on is not None
        assert contract.signed_on.isoformat() == "2026-11-24"


async def test_what_is_refused(core: CoreGateway, server: str) -> None:
    alice, reference = _sent_contract(core)
    event = {"reference": reference, "outcome": "signed"}
    assert (await _post(server, event, secret="wrong"))[0] == 401
    async with aiohttp.ClientSession() as session, session.post(server, json=event) as unsigned:
        assert unsigned.status == 401
    assert (await _post(server, None, raw=b"not json"))[0] == 400
    assert (await _post(server, {"reference": reference, "outcome": "maybe"}))[0] == 400
    assert (await _post(server, {"reference": "manual-C-2099-999", "outcome": "signed"}))[0] == 404
    assert (await _post(server + "/docusign", event))[0] == 400  # no such provider configured
    with core.reading(alice) as ctx:
        assert contracts.by_number(ctx, "C-2026-001").status == "sent"


async def test_without_a_secret_the_route_is_off(core: CoreGateway) -> None:
    app = make_http_app()
    add_esign_routes(app, core, ESignSettings(webhook_secret=None))
    runner, port = await start_http(app, "127.0.0.1", 0)
    try:
        status, _ = await _post(f"http://127.0.0.1:{port}/esign/webhook", {"reference": "x", "outcome": "signed"},
                                secret="")
        assert status == 404
    finally:
        await runner.cleanup()
