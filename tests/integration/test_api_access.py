"""The REST API's access rules over real HTTP: tokens (lifecycle, 401 for anything not a live token), the chat's
scoping (a colleague's record is 404, exactly like a missing one), 422 with the fields at fault, pagination."""

from __future__ import annotations

from datetime import timedelta

from core.clock import FixedClock
from core.context import CoreGateway
from core.services import api_tokens
from tests.integration.api_support import running_api


async def test_a_token_works_until_it_is_revoked_and_its_last_use_is_noted(core: CoreGateway,
                                                                          clock: FixedClock) -> None:
    async with running_api(core) as (api, _):
        alice = api.team.ids["Alice"]
        clock.advance(timedelta(minutes=5))
        status, _ = await api.call("GET", "/customers", "Alice")
        assert status == 200
        with core.reading(alice) as ctx:
            (row,) = api_tokens.listed(ctx)
            assert row.last_used_at == clock.now()
            assert api.team.tokens["Alice"] not in (row.secret_hash, row.prefix)  # only a hash is kept
        with core.unit(alice) as ctx:
            api_tokens.revoke(ctx, "ci")
        status, body = await api.call("GET", "/customers", "Alice")
        assert status == 401
        assert body["code"] == "http.401"


async def test_anything_but_a_live_token_is_401(core: CoreGateway, clock: FixedClock) -> None:
    async with running_api(core) as (api, _):
        good = api.team.tokens["Bob"]
        tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
        for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer nonsense"},
                        {"Authorization": f"Bearer {tampered}"}, {"Authorization": f"Basic {good}"}):
            status, _ = await api.call("GET", "/deals", headers=headers)
            assert status == 401, headers
        with core.unit(api.team.ids["Bob"]) as ctx:
            _, short_lived = api_tokens.create(ctx, "short", expires_at=clock.now() + timedelta(hours=1))
        status, _ = await api.call("GET", "/deals", headers={"Authorization": f"Bearer {short_lived}"})
        assert status == 200
        clock.advance(timedelta(hours=1))
        status, _ = await api.call("GET", "/deals", headers={"Authorization": f"Bearer {short_lived}"})
        assert status == 401


async def test_a_rep_cannot_see_a_colleagues_deal_and_cannot_tell_it_exists(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        bobs = api.team.deals["Bob"]
        status, mine = await api.call("GET", "/deals", "Alice")
        assert status == 200
        assert [d["id"] for d in mine["items"]] == [api.team.deals["Alice"]]
        hidden = await api.call("GET", f"/deals/{bobs}", "Alice")
        missing = await api.call("GET", "/deals/999999", "Alice")
        assert hidden[0] == missing[0] == 404
        assert hidden[1] == missing[1]  # the same words: nothing tells a hidden deal from a missing one
        status, _ = await api.call("PATCH", f"/deals/{bobs}", "Alice", json={"stage": "won"})
        assert status == 404
        status, body = await api.call("GET", f"/deals/{bobs}", "Mia")  # their manager reads it
        assert (status, body["stage"]) == (200, "lead")
        status, listed = await api.call("GET", "/deals?owner_id=" + str(api.team.ids["Bob"]), "Mia")
        assert [d["id"] for d in listed["items"]] == [bobs]


async def test_bad_bodies_get_422_naming_the_fields(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        status, body = await api.call("POST", "/deals", "Alice", json={"customer_id": "x", "amount": -5})
        assert status == 422
        fields = {tuple(error["loc"]) for error in body["detail"]}
        assert {("body", "customer_id"), ("body", "title"), ("body", "amount")} <= fields
        status, body = await api.call("POST", "/customers", "Alice", data=b"{not json",
                                      headers={"Content-Type": "application/json"})
        assert status == 422
        status, body = await api.call("POST", "/customers", "Alice", json={"name": "Acme", "colour": "red"})
        assert status == 422
        assert ["body", "colour"] in [error["loc"] for error in body["detail"]]
        status, body = await api.call("GET", "/deals?stage=sideways", "Alice")
        assert status == 422
        # A domain rule (a payment of a customer who owes nothing) is a 422 in the user's words, with its code.
        status, body = await api.call("POST", "/payments", "Alice",
                                      json={"customer_id": api.team.customers["Alice"], "amount": "10.00"})
        assert (status, body["code"]) == (422, "payment.nothing_open")
        assert "Alice Industries" in body["detail"]


async def test_writes_go_through_the_core_services(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        status, created = await api.call("POST", "/customers", "Alice", json={"name": "Zeta Ltd", "city": "Wuxi"})
        assert (status, created["owner_id"], created["city"]) == (201, api.team.ids["Alice"], "Wuxi")
        status, body = await api.call("POST", "/customers", "Bob", json={"name": "ZETA ltd."})
        assert (status, body["code"]) == (409, "customer.owned_by_colleague")  # the 撞单 rule holds here too
        status, contact = await api.call("POST", "/contacts", "Alice", json={
            "customer_id": created["id"], "name": "Li Wei", "email": "li@zeta.example"})
        assert status == 201
        status, deal = await api.call("POST", "/deals", "Alice", json={
            "customer_id": created["id"], "title": "Zeta CRM", "amount": "2500.00", "stage": "proposal"})
        assert (status, deal["probability"]) == (201, 50)
        status, moved = await api.call("PATCH", f"/deals/{deal['id']}", "Alice", json={"stage": "won"})
        assert (status, moved["stage"], moved["probability"]) == (200, "won", 100)
        status, projects = await api.call("GET", f"/projects?customer_id={created['id']}", "Alice")
        assert status == 200 and len(projects["items"]) == 1  # a won deal starts its project, as in chat
        status, note = await api.call("POST", "/interactions", "Alice", json={
            "customer_id": created["id"], "channel": "call", "summary": "pricing", "follow_up_on": "2026-11-27"})
        assert (status, note["author_id"]) == (201, api.team.ids["Alice"])
        status, task = await api.call("POST", "/tasks", "Alice", json={"title": "Send quote", "due_on": "2026-11-26"})
        assert (status, task["status"]) == (201, "open")
        status, done = await api.call("PATCH", f"/tasks/{task['id']}", "Alice", json={"status": "done"})
        assert (status, done["status"]) == (200, "done")
        status, _ = await api.call("POST", "/contacts", "Bob", json={"customer_id": created["id"], "name": "X"})
        assert status == 404
        assert contact["customer_id"] == created["id"]


async def test_pages_walk_every_row_once(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        for n in range(5):
            status, _ = await api.call("POST", "/customers", "Alice", json={"name": f"Paged {n}"})
            assert status == 201
        seen: list[int] = []
        offset: int | None = 0
        while offset is not None:
            status, page = await api.call("GET", f"/customers?limit=2&offset={offset}", "Alice")
            assert status == 200 and len(page["items"]) <= 2
            seen += [c["id"] for c in page["items"]]
            offset = page["next_offset"]
        assert len(seen) == 6 and seen == sorted(set(seen))  # her first customer and the five, in id order
        status, _ = await api.call("GET", "/customers?limit=0", "Alice")
        assert status == 422
        status, _ = await api.call("GET", "/customers?limit=201", "Alice")
        assert status == 422
        status, later = await api.call("GET", "/customers?updated_since=2030-01-01T00:00:00Z", "Alice")
        assert (status, later["items"]) == (200, [])
        status, _ = await api.call("GET", "/customers?updated_since=2026-01-01T00:00:00", "Alice")
        assert status == 422  # a time without its zone is refused, not guessed


async def test_behaviour_events_are_stored_for_a_customer_the_caller_reads(core: CoreGateway) -> None:
    async with running_api(core) as (api, _):
        alices = api.team.customers["Alice"]
        status, _ = await api.call("POST", "/contacts", "Alice", json={
            "customer_id": alices, "name": "Wang Fang", "email": "Wang@alice-ind.example"})
        assert status == 201
        status, by_id = await api.call("POST", "/events", "Alice", json={
            "kind": "product_page_view", "occurred_at": "2026-11-24T09:30:00+08:00", "customer_id": alices,
            "detail": {"url": "/pricing"}})
        assert (status, by_id["customer_id"], by_id["detail"]) == (201, alices, {"url": "/pricing"})
        status, by_mail = await api.call("POST", "/events", "Alice", json={
            "kind": "email_open", "occurred_at": "2026-11-24T10:00:00Z", "email": "wang@ALICE-IND.example"})
        assert (status, by_mail["customer_id"]) == (201, alices)
        status, by_domain = await api.call("POST", "/events", "Alice", json={
            "kind": "download", "occurred_at": "2026-11-24T10:00:00Z", "domain": "alice-ind.example"})
        assert (status, by_domain["customer_id"]) == (201, alices)
        status, _ = await api.call("POST", "/events", "Bob", json={
            "kind": "download", "occurred_at": "2026-11-24T10:00:00Z", "customer_id": alices})
        assert status == 404
        status, body = await api.call("POST", "/events", "Alice", json={
            "kind": "download", "occurred_at": "2026-11-24T10:00:00Z"})
        assert (status, body["code"]) == (422, "behaviour.no_customer")
        status, _ = await api.call("POST", "/events", "Alice", json={
            "kind": "download", "occurred_at": "2026-11-24T10:00:00", "customer_id": alices})
        assert status == 422
