"""Every write is audited; the last change of a user can be undone — and only theirs, and only if untouched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from core import audit
from core.context import CoreGateway
from core.errors import Conflict
from core.models import AuditLog, Contact, Interaction, Task
from core.services import customers, deals, interactions
from tests.factories import acting, add_user


def test_every_write_is_audited_with_before_and_after(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
        deal = deals.create(ctx, acme.id, "ERP", amount=Decimal(10))
        deals.update(ctx, deal.id, deals.DealChanges(amount=Decimal(20)))
    with core.system() as system:
        session = system.session
        rows = session.scalars(select(AuditLog).where(AuditLog.actor_id == alice.id).order_by(AuditLog.id)).all()
        actions = [(r.action, r.entity_type) for r in rows]
        update = rows[-1]
    assert actions == [("create_customer", "customers"), ("create_deal", "deals"),
                       ("stage_change", "deal_stage_changes"), ("update_deal", "deals")]
    assert update.before is not None and update.after is not None
    assert (update.before["amount"], update.after["amount"]) == ("10", "20")


def test_undo_reverts_the_whole_last_change(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
    with acting(core, alice) as ctx:
        li = customers.add_contact(ctx, acme.id, "Li Wei")
    with acting(core, alice) as ctx:
        interactions.log(ctx, acme.id, channel="visit", summary="quote", contact_ids=[li.id],
                         follow_up=date(2026, 11, 27), next_step="send quote")
    with acting(core, alice) as ctx:
        change = audit.last_change(ctx)
        assert change is not None and change.actions == ("log_interaction", "create_task")
        audit.undo_change(ctx, change.change_id)
    with core.system() as system:
        session = system.session
        assert session.scalars(select(Interaction)).all() == []
        assert session.scalars(select(Task)).all() == []
        assert [c.name for c in session.scalars(select(Contact)).all()] == ["Li Wei"]
    with acting(core, alice) as ctx:
        # The next undo goes one step further back; undos themselves are not undone.
        change = audit.last_change(ctx)
        assert change is not None and change.actions == ("add_contact",)


def test_undo_restores_previous_values_of_an_update(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
        deal = deals.create(ctx, acme.id, "ERP", amount=Decimal(10), stage="proposal")
    with acting(core, alice) as ctx:
        deals.update(ctx, deal.id, deals.DealChanges(stage="won", amount=Decimal(99)))
    with acting(core, alice) as ctx:
        change = audit.last_change(ctx)
        assert change is not None
        audit.undo_change(ctx, change.change_id)
    with acting(core, alice) as ctx:
        restored = deals.get(ctx, deal.id)
        assert (restored.stage, restored.amount, restored.probability) == ("proposal", Decimal(10), 50)
        assert [h.to_stage for h in deals.history(ctx, deal.id)] == ["proposal"]


def test_undo_refuses_when_someone_changed_it_since(core: CoreGateway) -> None:
    alice = add_user(core, "Alice", team="East")
    manager = add_user(core, "Mia", role="manager", team="East")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
        deal = deals.create(ctx, acme.id, "ERP")
    with acting(core, alice) as ctx:
        deals.update(ctx, deal.id, deals.DealChanges(amount=Decimal(5)))
    with acting(core, manager) as ctx:
        deals.update(ctx, deal.id, deals.DealChanges(amount=Decimal(7)))
    with pytest.raises(Conflict), acting(core, alice) as ctx:
        change = audit.last_change(ctx)
        assert change is not None
        audit.undo_change(ctx, change.change_id)
    with acting(core, alice) as ctx:
        assert deals.get(ctx, deal.id).amount == Decimal(7)


def test_undo_is_per_user(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    bob = add_user(core, "Bob")
    with acting(core, alice) as ctx:
        customers.create(ctx, "Acme")
    with acting(core, bob) as ctx:
        assert audit.last_change(ctx) is None
