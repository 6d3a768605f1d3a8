"""The cached customer directory follows every change and never widens what a user may see."""

from __future__ import annotations

from bot.intents.directory import CustomerDirectory
from core import audit
from core.context import CoreGateway
from core.services import customers
from tests.factories import acting, add_user


def test_the_directory_sees_creates_renames_and_undos_and_respects_visibility(core: CoreGateway) -> None:
    alice = add_user(core, "Alice", team="East")
    bob = add_user(core, "Bob", team="North")
    admin = add_user(core, "Root", role="admin", team=None)
    directory = CustomerDirectory()
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
    with acting(core, bob) as ctx:
        customers.create(ctx, "Globex")
    with acting(core, alice) as ctx:
        assert [c.name for c in directory.visible(ctx).names] == ["Acme Corp"]
    with acting(core, admin) as ctx:
        assert {c.name for c in directory.visible(ctx).names} == {"Acme Corp", "Globex"}
    with acting(core, alice) as ctx:
        customers.update(ctx, acme.id, name="Acme Industries", aliases=["AI"])
    with acting(core, alice) as ctx:
        seen = directory.visible(ctx)
        assert [c.name for c in seen.names] == ["Acme Industries"]
        # Every customer's names are spotted (a colleague's too: the owned-customer policy answers those).
        assert set(seen.labels) == {"Acme Industries", "AI", "Globex"}
        assert seen.index.resolve("acme industries").exact is not None
    with acting(core, alice) as ctx:
        change = audit.last_change(ctx)
        assert change is not None
        audit.undo_change(ctx, change.change_id)
    with acting(core, alice) as ctx:
        assert set(directory.visible(ctx).labels) == {"Acme Corp", "Globex"}
