"""Scoring in the permission matrix: each owner's customer has pricing-page views enough to be high-intent, a won
deal and two negative notes (a churn risk); win estimates are read on the owner's open deal.

Scores follow the rows they are made of: estimates the deal, intent and churn the customer. Setting a manual
probability is changing the deal."""

from __future__ import annotations

from datetime import timedelta

from core.context import CoreGateway
from core.models import BehaviourEvent, Deal, Interaction
from core.scoring import churn, intent, win
from tests.integration.matrix_world import OWNERS, Probe, World, _b


def seed(core: CoreGateway, world: World) -> None:
    for owner in OWNERS:
        book, owner_id = world.books[owner], world.ids[owner]
        with core.unit(owner_id) as ctx:
            now = ctx.now()
            ctx.session.add(Deal(customer_id=book.customer, owner_id=owner_id, title="Scoring won", stage="won",
                                 probability=100, currency="CNY", created_at=now, updated_at=now))
            for days in (3, 2, 1, 0.01):
                ctx.session.add(BehaviourEvent(customer_id=book.customer, kind="product_page_view",
                                               occurred_at=now - timedelta(days=days), detail={"page": "pricing"},
                                               created_at=now))
            for days in (40, 50):
                at = now - timedelta(days=days)
                ctx.session.add(Interaction(customer_id=book.customer, author_id=owner_id, channel="call",
                                            occurred_at=at, summary="unhappy, looking at a competitor",
                                            source="text", created_at=at))


MODULES = (win, intent, churn)
# The same grouped query as receivables.by_customer (probed with the money), keyed for churn.
NOT_SERVICES = {churn.overdue_by_customer}

PROBES = [
    Probe(win.estimate, "read", lambda c, w, o: win.estimate(c, _b(w, o).deal)),
    Probe(win.open_estimates, "list", lambda c, w, o: win.open_estimates(c, limit=100),
          lambda r, w, o: any(e.deal_id == _b(w, o).deal for e in r)),
    Probe(win.set_manual, "change", lambda c, w, o: win.set_manual(c, _b(w, o).deal, 65)),
    Probe(intent.high_intent, "list", lambda c, w, o: intent.high_intent(c, limit=100),
          lambda r, w, o: any(s.customer_id == _b(w, o).customer for s in r)),
    Probe(intent.customer_score, "read", lambda c, w, o: intent.customer_score(c, _b(w, o).customer)),
    Probe(churn.risks, "list", lambda c, w, o: churn.risks(c, limit=100),
          lambda r, w, o: any(x.customer_id == _b(w, o).customer for x in r)),
    Probe(churn.active, "list", lambda c, w, o: churn.active(c),
          lambda r, w, o: any(x.id == _b(w, o).customer for x in r)),
    Probe(churn.touches, "list",
          lambda c, w, o: churn.touches(c, [_b(w, o).customer], c.now() - churn.BEFORE, c.now()),
          lambda r, w, o: _b(w, o).customer in r),
    Probe(churn.score_now, "list", lambda c, w, o: churn.score_now(c, _b(w, o).customer),
          lambda r, w, o: r is not None),
]
