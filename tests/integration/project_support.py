"""Shared builders for the project tests: a team with a PM, a customer, a deal won into a project."""

from __future__ import annotations

from decimal import Decimal

from core.context import CoreGateway
from core.models import User
from core.services import customers, deals, projects
from core.services.deals import DealChanges
from tests.factories import add_user


def team(core: CoreGateway, *, with_pm: bool = True) -> dict[str, int]:
    people = {
        "alice": add_user(core, "Alice", "rep", "East"),
        "bob": add_user(core, "Bob", "rep", "East"),
        "mia": add_user(core, "Mia", "manager", "East"),
        "fay": add_user(core, "Fay", "finance", "East"),
        "wen": add_user(core, "Wen", "rep", "West", lang="zh"),
    }
    if with_pm:
        people["pat"] = add_user(core, "Pat", "pm", "East")
    with core.system() as system:
        alice = system.session.get(User, people["alice"].id)
        assert alice is not None
        alice.cost_rate = Decimal("300")
    return {name: user.id for name, user in people.items()}


def won_project(core: CoreGateway, owner: int, customer: str = "Acme", *, title: str = "Acme ERP rollout",
                deal_type: str | None = None, amount: str = "500000") -> int:
    """A deal of `owner`'s, moved to won: the project it became."""
    with core.unit(owner) as ctx:
        found = customers.find_exact(ctx, customer)
        row = found[0] if found else customers.create(ctx, customer)
        deal = deals.create(ctx, row.id, title, amount=Decimal(amount), stage="negotiation")
        deal.deal_type = deal_type
        deal_id = deal.id
    with core.unit(owner) as ctx:  # the win is a change of its own (what an undo takes back)
        deals.update(ctx, deal_id, DealChanges(stage="won"))
        project = projects.of_deal(ctx, deal_id)
        assert project is not None
        return project.id
