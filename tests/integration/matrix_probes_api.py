"""The REST API's core services in the permission matrix: API tokens are each user's own (personal rows: even an
admin never lists or revokes another's); behaviour events follow their customer (recorded and read by whoever
reads it); the API's record lists and look-ups see exactly what the chat sees."""

from __future__ import annotations

from core.context import CoreGateway
from core.services import api_tokens, behaviour_events, records
from tests.integration.matrix_world import OWNERS, Probe, World, _b, _ids

MODULES = (api_tokens, behaviour_events, records)
NOT_SERVICES = {records.saved}  # flushes a row the caller's service just wrote


def seed(core: CoreGateway, world: World) -> None:
    for name, user_id in world.ids.items():
        if name.startswith("request:"):
            continue
        with core.unit(user_id) as ctx:
            token, _ = api_tokens.create(ctx, "matrix")
            if name in OWNERS:
                book = world.books[name]
                event = behaviour_events.record(ctx, "website_visit", ctx.now(), customer_id=book.customer)
                book.extra.update(api_token=token.id, behaviour_event=event.id)


PROBES: list[Probe] = [
    Probe(api_tokens.create, "self", lambda c, w, o: api_tokens.create(c, "probe")),
    Probe(api_tokens.revoke, "self", lambda c, w, o: api_tokens.revoke(c, "matrix")),
    Probe(api_tokens.listed, "list", lambda c, w, o: api_tokens.listed(c),
          lambda r, w, o: _b(w, o).extra["api_token"] in _ids(r), personal=True),
    Probe(behaviour_events.record, "read", lambda c, w, o: behaviour_events.record(
        c, "download", c.now(), customer_id=_b(w, o).customer)),
    Probe(behaviour_events.find_customer, "read", lambda c, w, o: behaviour_events.find_customer(
        c, customer_id=_b(w, o).customer)),
    Probe(behaviour_events.of_customer, "list", lambda c, w, o: behaviour_events.of_customer(c, _b(w, o).customer),
          lambda r, w, o: _b(w, o).extra["behaviour_event"] in _ids(r)),
    Probe(records.page, "list", lambda c, w, o: records.page(c, "deals", limit=200).rows,
          lambda r, w, o: _b(w, o).deal in _ids(r)),
    Probe(records.get, "read", lambda c, w, o: records.get(c, "deals", _b(w, o).deal)),
]
