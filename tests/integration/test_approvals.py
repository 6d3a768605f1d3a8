"""The approval engine on a real database: designated approvers, stages in order and in parallel, one
rejection ends it, a decision is taken once (double taps, restarts, strangers), and decisions are final."""

from __future__ import annotations

import itertools
import sys
import types
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from core.clock import FixedClock
from core.context import CoreGateway, Defaults, ServiceContext
from core.datafiles import DataFileError
from core.db import make_session_factory
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.models import Contract
from core.services import approvals, customers
from tests.conftest import NOW
from tests.factories import add_user

HEARD: list[tuple[int, bool, str | None]] = []
NUMBERS = itertools.count(1)


@pytest.fixture
def subject_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A stand-in for the contracts module: records what the engine tells it."""
    module = types.ModuleType("tests_fake_contracts")

    def on_approval(ctx: ServiceContext, subject_id: int, approved: bool, comment: str | None) -> None:
        HEARD.append((subject_id, approved, comment))

    module.on_approval = on_approval  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_fake_contracts", module)
    monkeypatch.setitem(approvals.SUBJECT_MODULES, "contract", "tests_fake_contracts")
    HEARD.clear()
    yield


@pytest.fixture
def team(core: CoreGateway) -> dict[str, int]:
    people = {
        "alice": add_user(core, "Alice", "rep", "East"),
        "mia": add_user(core, "Mia", "manager", "East"),
        "fay": add_user(core, "Fay", "finance", "East"),
        "otto": add_user(core, "Otto", "manager", "West"),
        "ada": add_user(core, "Ada", "admin", None),
    }
    return {name: user.id for name, user in people.items()}


def _contract(core: CoreGateway, owner: int, amount: str = "200000", customer: str = "Acme") -> int:
    with core.unit(owner) as ctx:
        found = customers.find_exact(ctx, customer)
        customer_row = found[0] if found else customers.create(ctx, customer)
        number = f"C-{next(NUMBERS)}"
        row = Contract(number=number, customer_id=customer_row.id, owner_id=owner, title="ERP",
                       amount=Decimal(amount), currency="CNY", status="draft", created_at=ctx.now(),
                       updated_at=ctx.now())
        ctx.session.add(row)
        ctx.session.flush()
        return row.id


def _start(core: CoreGateway, who: int, contract: int, amount: str = "200000") -> tuple[int, list[int]]:
    with core.unit(who) as ctx:
        approval, first = approvals.start(ctx, "contract", contract, owner_id=who, amount=Decimal(amount))
        return approval.id, first


def _pending_step(core: CoreGateway, who: int) -> int:
    with core.reading(who) as ctx:
        waiting = approvals.waiting_on_me(ctx)
        assert len(waiting) == 1
        return waiting[0][0].id


def test_manager_then_finance_in_order(core: CoreGateway, team: dict[str, int], subject_module: None) -> None:
    contract = _contract(core, team["alice"])
    approval_id, first = _start(core, team["alice"], contract)
    assert first == [team["mia"]]
    with core.reading(team["fay"]) as ctx:
        assert approvals.waiting_on_me(ctx) == []  # finance waits for the manager
    with core.unit(team["mia"]) as ctx:
        decision = approvals.decide(ctx, _pending_step(core, team["mia"]), approve=True)
        assert decision.outcome == "waiting" and decision.notify == [team["fay"]]
    with core.unit(team["fay"]) as ctx:
        decision = approvals.decide(ctx, _pending_step(core, team["fay"]), approve=True, comment="ok")
        assert decision.outcome == "approved" and decision.notify == [team["alice"]]
    assert [(contract, True, "ok")] == HEARD
    with core.reading(team["alice"]) as ctx:
        approval = approvals.of_subject(ctx, "contract", contract)
        assert approval is not None and approval.id == approval_id and approval.status == "approved"


def test_a_rejection_ends_it_and_skips_the_rest(core: CoreGateway, team: dict[str, int],
                                                 subject_module: None) -> None:
    contract = _contract(core, team["alice"])
    approval_id, _ = _start(core, team["alice"], contract)
    with core.unit(team["mia"]) as ctx:
        decision = approvals.decide(ctx, _pending_step(core, team["mia"]), approve=False, comment="price too low")
        assert decision.outcome == "rejected"
    assert [(contract, False, "price too low")] == HEARD
    with core.reading(team["alice"]) as ctx:
        assert [s.status for s in approvals.steps_of(ctx, approval_id)] == ["rejected", "skipped"]
    with core.reading(team["fay"]) as ctx:
        assert approvals.waiting_on_me(ctx) == []


def test_only_the_designated_approver_decides_and_only_once(core: CoreGateway, team: dict[str, int],
                                                            subject_module: None) -> None:
    contract = _contract(core, team["alice"])
    _start(core, team["alice"], contract)
    step = _pending_step(core, team["mia"])
    with pytest.raises(NotFound), core.unit(team["otto"]) as ctx:  # another team's manager does not see it
        approvals.decide(ctx, step, approve=True)
    with pytest.raises(PermissionDenied), core.unit(team["alice"]) as ctx:  # the requester sees it, may not decide
        approvals.decide(ctx, step, approve=True)
    with core.unit(team["mia"]) as ctx:
        approvals.decide(ctx, step, approve=True)
    with pytest.raises(Conflict) as twice, core.unit(team["mia"]) as ctx:
        approvals.decide(ctx, step, approve=False)
    assert twice.value.key == "approval.already_decided"
    with pytest.raises(Conflict) as final, core.unit(team["mia"]) as ctx:
        from core import audit

        change = audit.last_change(ctx)
        assert change is not None
        audit.undo_change(ctx, change.change_id)
    assert final.value.key == "error.undo_final"


def test_a_decision_survives_a_restart(engine: object, core: CoreGateway, team: dict[str, int],
                                       subject_module: None) -> None:
    contract = _contract(core, team["alice"])
    _start(core, team["alice"], contract)
    step = _pending_step(core, team["mia"])
    with core.unit(team["mia"]) as ctx:
        approvals.decide(ctx, step, approve=True)
    restarted = CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults())  # type: ignore[arg-type]
    with pytest.raises(Conflict), restarted.unit(team["mia"]) as ctx:
        approvals.decide(ctx, step, approve=True)
    assert _pending_step(restarted, team["fay"])
    assert HEARD == []


def test_parallel_stage_and_amount_threshold(core: CoreGateway, team: dict[str, int], subject_module: None,
                                             tmp_path: Path) -> None:
    (tmp_path / "approval_flows.toml").write_text(
        '[contract]\nstages = [{ roles = ["manager", "finance"] }, { roles = ["admin"], over = "1000000" }]\n'
        '[change_request]\nstages = [{ roles = ["manager"] }]\n', "utf-8")
    custom = CoreGateway(core.factory, core.clock, Defaults(data_dir=tmp_path))
    contract = _contract(custom, team["alice"])
    _, first = _start(custom, team["alice"], contract, amount="2000000")
    assert sorted(first) == sorted([team["mia"], team["fay"]])
    with custom.unit(team["fay"]) as ctx:
        assert approvals.decide(ctx, _pending_step(custom, team["fay"]), approve=True).outcome == "waiting"
    with custom.unit(team["mia"]) as ctx:
        decision = approvals.decide(ctx, _pending_step(custom, team["mia"]), approve=True)
        assert decision.notify == [team["ada"]]  # over a million: the admin too
    small = _contract(custom, team["alice"])
    _, first = _start(custom, team["alice"], small, amount="5000")
    assert sorted(first) == sorted([team["mia"], team["fay"]])


def test_nobody_approves_their_own_and_a_missing_role_is_said(core: CoreGateway, team: dict[str, int],
                                                              subject_module: None) -> None:
    contract = _contract(core, team["mia"], customer="Globex")
    _, first = _start(core, team["mia"], contract)
    assert first == [team["ada"]]  # the manager's own contract goes to the admin, not to herself
    with core.system() as system:
        from core.models import User

        for user in system.session.query(User).filter(User.role == "admin"):
            user.active = False
    contract = _contract(core, team["mia"], customer="Globex")
    with pytest.raises(InvalidInput) as missing, core.unit(team["mia"]) as ctx:
        approvals.start(ctx, "contract", contract, owner_id=team["mia"])
    assert missing.value.key == "approval.no_approver" and missing.value.params == {"role": "manager"}


def test_a_broken_flow_file_is_a_clear_error(core: CoreGateway, team: dict[str, int], tmp_path: Path) -> None:
    (tmp_path / "approval_flows.toml").write_text('[contract]\nstages = [{ roles = ["boss"] }]\n', "utf-8")
    broken = CoreGateway(core.factory, core.clock, Defaults(data_dir=tmp_path))
    contract = _contract(broken, team["alice"])
    with pytest.raises(DataFileError) as error, broken.unit(team["alice"]) as ctx:
        approvals.start(ctx, "contract", contract, owner_id=team["alice"])
    assert error.value.params["file"] == "approval_flows.toml" and "contract.stages.0.roles.0" in error.value.params[
        "detail"]
