"""Scoring on a real database: the win model trained from the team's history (stage defaults while thin), the
manual override, high-intent customers (and the push, once per crossing), churn risk — each scoped to what the
asker may see. Today is 2026-11-25 10:00 Shanghai (tests/conftest.py NOW)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from core.context import CoreGateway, Defaults
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.models import BehaviourEvent, Interaction
from core.scoring import churn, intent, store, training, win
from core.scoring.settings import ScoringSettings
from core.services import customers, deals
from core.settings import load_section
from tests.notify_helpers import notes, person, texts, tick
from tests.scoring_history import generate, write

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _fresh_models() -> Iterator[None]:
    store.forget()
    yield
    store.forget()


@pytest.fixture
def people(core: CoreGateway) -> dict[str, int]:
    return {name: person(core, name.title(), role, team=team, telegram=tg).id for name, role, team, tg in (
        ("alice", "rep", "East", "1"), ("bob", "rep", "East", "2"), ("mia", "manager", "East", "3"),
        ("pat", "pm", "East", None), ("walt", "rep", "West", None))}


def _deal(core: CoreGateway, owner: int, name: str, stage: str = "proposal") -> tuple[int, int]:
    with core.unit(owner) as ctx:
        customer = customers.create(ctx, name, industry="Software")
        deal = deals.create(ctx, customer.id, f"{name} ERP", amount=Decimal(200000), stage=stage)
        return customer.id, deal.id


def _history(core: CoreGateway, people: dict[str, int]) -> None:
    with core.system() as system:
        write(system.session, generate(160, seed=3, owners=2), {1: people["alice"], 2: people["bob"]})


def test_thin_history_falls_back_to_the_stage_default(core: CoreGateway, people: dict[str, int]) -> None:
    _, deal = _deal(core, people["alice"], "Acme", "proposal")
    status = training.refresh(core)
    assert status.model is None and status.closed_deals == 0
    with core.unit(people["alice"]) as ctx:
        found = win.estimate(ctx, deal)
    assert (found.percent, found.source, found.model_percent, found.closed_deals) == (50, "stage", None, 0)


def test_trained_on_the_teams_history_with_reasons_and_a_private_file(core: CoreGateway, people: dict[str, int],
                                                                      tmp_path: Path) -> None:
    _history(core, people)
    _, deal = _deal(core, people["alice"], "Acme", "negotiation")
    with_dir = CoreGateway(core.factory, core.clock, Defaults("CNY", "Asia/Shanghai", "zh", data_dir=tmp_path))
    status = training.refresh(with_dir)
    assert status.model is not None and status.closed_deals >= training.MIN_CLOSED
    saved = tmp_path / store.FILE
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    store.forget()  # a restart: the model comes back from the file, not from retraining
    with with_dir.unit(people["alice"]) as ctx:
        found = win.estimate(ctx, deal)
    assert found.source == "model" and found.model_percent == found.percent and 0 <= found.percent <= 100
    assert found.factors and all(abs(f.weight) >= 0.1 for f in found.factors)
    # A fresh deal with no activity: being quiet is among what lowers it.
    assert any(f.key in ("quiet", "contacts_none", "activity") and not f.raises for f in found.factors)
    # Fresh enough: the next tick does not retrain.
    assert training.refresh(with_dir).trained_at == status.trained_at


def test_a_manual_probability_overrides_and_is_marked(core: CoreGateway, people: dict[str, int]) -> None:
    _history(core, people)
    training.refresh(core)
    _, deal = _deal(core, people["alice"], "Acme", "proposal")
    with core.unit(people["alice"]) as ctx:
        win.set_manual(ctx, deal, 80)
    with core.unit(people["alice"]) as ctx:
        found = win.estimate(ctx, deal)
        assert (found.percent, found.source) == (80, "manual")
        assert found.model_percent is not None  # what the model says stays visible
        # Bad input is refused and changes nothing.
        with pytest.raises(InvalidInput):
            win.set_manual(ctx, deal, 120)
    with core.unit(people["alice"]) as ctx:
        assert win.estimate(ctx, deal).percent == 80
        # Moving the stage without a new probability ends the override.
        deals.update(ctx, deal, deals.DealChanges(stage="negotiation"))
    with core.unit(people["alice"]) as ctx:
        assert win.estimate(ctx, deal).source == "model"
        # A probability said on the deal itself ("probability 60%") is manual too.
        deals.update(ctx, deal, deals.DealChanges(probability=60))
    with core.unit(people["alice"]) as ctx:
        assert (win.estimate(ctx, deal).percent, win.estimate(ctx, deal).source) == (60, "manual")
        win.set_manual(ctx, deal, None)
    with core.unit(people["alice"]) as ctx:
        assert win.estimate(ctx, deal).source == "model"


def test_who_may_set_a_manual_probability(core: CoreGateway, people: dict[str, int]) -> None:
    _, bobs = _deal(core, people["bob"], "Globex")
    with core.unit(people["alice"]) as ctx, pytest.raises(NotFound):
        win.set_manual(ctx, bobs, 70)
    with core.unit(people["pat"]) as ctx, pytest.raises(PermissionDenied):
        win.set_manual(ctx, bobs, 70)
    with core.unit(people["mia"]) as ctx:
        assert win.set_manual(ctx, bobs, 70).manual_probability == 70
    _, won = _deal(core, people["bob"], "Initech", "won")
    with core.unit(people["bob"]) as ctx, pytest.raises(InvalidInput):
        win.set_manual(ctx, won, 50)


def test_estimates_are_listed_within_scope(core: CoreGateway, people: dict[str, int]) -> None:
    _, alices = _deal(core, people["alice"], "Acme")
    _, bobs = _deal(core, people["bob"], "Globex", "negotiation")
    with core.unit(people["alice"]) as ctx:
        assert [e.deal_id for e in win.open_estimates(ctx)] == [alices]
    with core.unit(people["mia"]) as ctx:
        assert [e.deal_id for e in win.open_estimates(ctx)] == [bobs, alices]  # 75% before 50%
    with core.unit(people["walt"]) as ctx:
        assert win.open_estimates(ctx) == []


def _events(core: CoreGateway, customer: int, days_ago: list[float], page: str = "pricing") -> None:
    with core.system() as system:
        now = system.now()
        for days in days_ago:
            system.session.add(BehaviourEvent(customer_id=customer, kind="product_page_view",
                                              occurred_at=now - timedelta(days=days), detail={"page": page},
                                              created_at=now))


def test_high_intent_customers_are_scoped_and_their_owner_hears_once(core: CoreGateway, people: dict[str, int]
                                                                    ) -> None:
    acme, _ = _deal(core, people["alice"], "Acme")
    globex, _ = _deal(core, people["bob"], "Globex")
    quiet, _ = _deal(core, people["alice"], "Quiet Co")
    # Four pricing views, a day apart, the last one 30 minutes ago: 10.40 ≥ 10 (see the unit test's sums).
    _events(core, acme, [3 + 1 / 48, 2 + 1 / 48, 1 + 1 / 48, 1 / 48])
    _events(core, globex, [3, 2, 1, 0.1])
    _events(core, quiet, [20])
    with core.unit(people["alice"]) as ctx:
        found = intent.high_intent(ctx)
        assert [s.customer_id for s in found] == [acme]
        assert found[0].flagged_since is not None
        with pytest.raises(NotFound):
            intent.customer_score(ctx, globex)
    with core.unit(people["mia"]) as ctx:
        assert {s.customer_id for s in intent.high_intent(ctx)} == {acme, globex}
    tick(core)
    tick(core, core.clock.now() + timedelta(hours=1))
    pushed = notes(core, "high_intent_customer")
    assert sorted(n.user_id for n in pushed) == sorted([people["alice"], people["bob"]])
    said = [t for t in texts(core) if "High intent" in t]
    assert any("Acme viewed the pricing page 4 times this week" in t for t in said)
    assert len(said) == 2


def _interaction(core: CoreGateway, owner: int, customer: int, days_ago: int, summary: str = "") -> None:
    with core.system() as system:
        at = system.now() - timedelta(days=days_ago)
        system.session.add(Interaction(customer_id=customer, author_id=owner, channel="call", occurred_at=at,
                                       summary=summary, source="text", created_at=at))


def test_churn_risk_with_reasons_scoped(core: CoreGateway, people: dict[str, int]) -> None:
    acme, _ = _deal(core, people["alice"], "Acme", "won")
    steady, _ = _deal(core, people["alice"], "Steady", "won")
    globex, _ = _deal(core, people["bob"], "Globex", "won")
    prospect, _ = _deal(core, people["alice"], "Prospect", "proposal")  # not a customer yet: not listed
    for days in (35, 45, 55, 65, 70, 75, 80, 85):
        _interaction(core, people["alice"], acme, days)
        _interaction(core, people["alice"], steady, days - 30)
    _interaction(core, people["alice"], acme, 40, "客户不满意,在考虑换供应商")
    for days in (40, 50):
        _interaction(core, people["bob"], globex, days, "unhappy with support, mentioned a competitor")
    with core.unit(people["alice"]) as ctx:
        found = churn.risks(ctx)
        assert [r.customer_id for r in found] == [acme]
        risk = found[0]
        # 0 in the last 30 days vs 9 in the 60 before (4.5 a month): 40 points; one negative note: 15.
        assert risk.score == 55
        lines = [churn.describe(r, "zh") for r in risk.reasons]
        assert lines[0] == "互动减少:近30天0次,以往每月约4.5次"
        assert "换供应商" in lines[1] and "不满意" in lines[1]
        assert prospect not in {r.customer_id for r in churn.risks(ctx, customer_id=prospect)}
        assert churn.risks(ctx, customer_id=steady)[0].score == 0  # asked about by name: shown, no reasons
    with core.unit(people["mia"]) as ctx:
        assert {r.customer_id for r in churn.risks(ctx)} == {acme, globex}
    with core.unit(people["walt"]) as ctx:
        assert churn.risks(ctx) == []


def test_the_intent_settings_change_who_is_flagged_and_told(core: CoreGateway, people: dict[str, int]) -> None:
    acme, _ = _deal(core, people["alice"], "Acme")
    # Three pricing views, a day apart: 8.18, under the default threshold of 10.
    _events(core, acme, [2 + 1 / 48, 1 + 1 / 48, 1 / 48])
    with core.unit(people["alice"]) as ctx:
        assert intent.high_intent(ctx) == []
    tick(core)
    assert notes(core, "high_intent_customer") == []

    # SALESBOT_INTENT_THRESHOLD=8 (through the settings, as bootstrap does): Acme is flagged, and Alice told.
    lower = load_section(ScoringSettings, env_file=None, intent_threshold=8).intent_config()
    configured = CoreGateway(core.factory, core.clock, replace(core.defaults, intent=lower))
    with configured.unit(people["alice"]) as ctx:
        assert [s.customer_id for s in intent.high_intent(ctx)] == [acme]
    tick(configured, core.clock.now() + timedelta(minutes=1))
    assert [n.user_id for n in notes(core, "high_intent_customer")] == [people["alice"]]

    # A heavier pricing page view instead (weight 3 × 1.5 per view: 12.3): flagged at the default threshold.
    heavier = load_section(ScoringSettings, env_file=None,
                           intent_weights={"product_page_view": 3}).intent_config()
    with CoreGateway(core.factory, core.clock, replace(core.defaults, intent=heavier)).unit(people["alice"]) as ctx:
        assert [s.customer_id for s in intent.high_intent(ctx)] == [acme]
