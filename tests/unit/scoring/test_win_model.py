"""The win model on the synthetic history: it beats the stage-only baseline on held-out deals, falls back while
history is thin, and its reasons read in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.scoring import features, model, reasons, training
from core.scoring.features import Snapshot
from core.scoring.records import DealPath, History
from tests.scoring_history import generate, held_out, split

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def trained() -> tuple[History, History, model.WinModel]:
    history = generate(1500, seed=11)
    train, test, cut = split(history)
    status = training.train_history(train, cut)
    assert status is not None and status.model is not None
    return history, test, status.model


def test_the_model_beats_the_stage_defaults_on_held_out_deals(trained: tuple[History, History, model.WinModel]
                                                              ) -> None:
    history, test, win = trained
    samples = held_out(history, test)
    labels = [y for _, y in samples]
    assert len(samples) > 500 and 0 < sum(labels) < len(labels)
    ours = model.brier([win.probability(s) for s, _ in samples], labels)
    baseline = model.brier([model.stage_default(s.stage) for s, _ in samples], labels)
    assert ours < baseline
    # and against the history's own stage win rates (a fairer baseline than the fixed defaults)
    rates: dict[str, list[int]] = {}
    for snap, label in features.training_snapshots(split(history)[0]):
        rates.setdefault(snap.stage, []).append(label)
    stage_rates = model.brier([sum(rates[s.stage]) / len(rates[s.stage]) for s, _ in samples], labels)
    assert ours < stage_rates


def test_the_model_learnt_the_directions_a_rep_would_expect(trained: tuple[History, History, model.WinModel]
                                                            ) -> None:
    _, _, win = trained
    by_group = dict(zip(win.groups(), win.coef, strict=True))
    assert by_group["recency"] < 0  # quiet deals are lost
    assert by_group["frequency"] > 0
    assert by_group["owner_rate"] > 0
    stages = win.coef[:4]  # lead, qualified, proposal, negotiation
    assert stages[3] > stages[0]


def _path(deal_id: int, outcome: str, owner: int = 1) -> DealPath:
    return DealPath(deal_id, owner, deal_id, "Retail", 1000.0,
                    (("lead", T0), ("proposal", T0 + timedelta(days=10)), (outcome, T0 + timedelta(days=30))))


def test_thin_history_means_no_model() -> None:
    assert training.MIN_CLOSED == 30
    few = History([_path(i, "won" if i % 2 else "lost") for i in range(29)])
    assert training.thin(few) and training.train_history(few, T0) is None
    one_sided = History([_path(i, "won") for i in range(40)])
    assert training.thin(one_sided)  # 40 closed, but nothing lost to learn from
    enough = History([_path(i, "won" if i % 3 else "lost") for i in range(30)])
    assert not training.thin(enough)


def test_owner_rates_count_only_deals_closed_before_the_instant() -> None:
    deals = [_path(1, "won"), _path(2, "lost"), DealPath(3, 1, 3, None, None, (("lead", T0), ("won", T0 + timedelta(
        days=90))))]
    owners = features.OwnerRates(deals)
    at = T0 + timedelta(days=31)
    won, closed, smoothed = owners.at(1, at)
    assert (won, closed) == (1, 2)
    # smoothed towards the team's rate (2 of 3 won) with 5 pseudo-deals: (1 + 5 * 2/3) / (2 + 5)
    assert smoothed == pytest.approx((1 + 5 * 2 / 3) / 7)
    assert owners.at(1, T0 + timedelta(days=30))[:2] == (0, 0)  # closing at that instant does not count yet


def test_snapshot_features_hand_computed() -> None:
    deal = DealPath(7, 1, 70, "Retail", 50000.0, (("lead", T0), ("negotiation", T0 + timedelta(days=5))))
    history = History([deal], activity={70: [T0 + timedelta(days=1), T0 + timedelta(days=20)]},
                      contacts={70: [T0, T0 + timedelta(days=2)]})
    snap = features.snapshot(deal, T0 + timedelta(days=45), history, features.OwnerRates([]))
    assert snap.stage == "negotiation"
    assert snap.days_in_stage == 40
    assert snap.days_since_activity == 25
    assert snap.activities_30d == 1  # day 20 is within 30 days of day 45; day 1 is not
    assert snap.contacts == 2


def _negotiation_snapshot(days_in_stage: float, quiet: float) -> Snapshot:
    return Snapshot(deal_id=1, stage="negotiation", days_in_stage=days_in_stage, days_since_activity=quiet,
                    activities_30d=0, amount=200000.0, industry="Software", owner_won=9, owner_closed=20,
                    owner_rate=0.45, contacts=1)


def test_reasons_read_in_both_languages(trained: tuple[History, History, model.WinModel]) -> None:
    _, _, win = trained
    snap = _negotiation_snapshot(40, 21)
    found = reasons.factors(win, snap, top=8)
    keys = {f.key for f in found}
    assert "quiet" in keys and "age_long" in keys
    text = {lang: [reasons.describe(f, lang) for f in found] for lang in ("en", "zh")}
    assert "▼ no activity for 21 days" in text["en"]
    assert "▼ 已21天没有跟进" in text["zh"]
    usual = round(win.usual_days["negotiation"])
    assert f"▼ in negotiation for 40 days, longer than usual ({usual})" in text["en"]
    assert f"▼ 处于「谈判中」已40天,比通常({usual}天)久" in text["zh"]
    owner = next(f for f in found if f.key == "owner")
    assert reasons.describe(owner, "en").endswith("owner wins 45% of deals (9 of 20)")
    assert reasons.describe(owner, "zh").endswith("负责人的赢单率为45%(20单中赢9单)")


def test_a_quiet_deal_scores_lower_than_the_same_deal_busy(trained: tuple[History, History, model.WinModel]
                                                           ) -> None:
    _, _, win = trained
    assert win.probability(_negotiation_snapshot(10, 30)) < win.probability(_negotiation_snapshot(10, 1))


def test_the_model_survives_its_json_form(trained: tuple[History, History, model.WinModel]) -> None:
    _, _, win = trained
    again = model.WinModel.from_json(win.to_json())
    snap = _negotiation_snapshot(12, 3)
    assert again.probability(snap) == win.probability(snap)
