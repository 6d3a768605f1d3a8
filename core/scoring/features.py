"""Features of an open deal at one instant, the same for training snapshots and for today's estimate.

stage · days in stage · days since the customer's last activity · activities in the last 30 days · amount (log)
· industry · the owner's win rate on deals closed before that instant (smoothed) · contacts involved so far.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.models import OPEN_STAGES
from core.scoring.records import DealPath, History

DAY = 86400.0
ACTIVITY_WINDOW = timedelta(days=30)
# How strongly an owner's rate leans on the team's until they have closed a few deals (pseudo-deals).
OWNER_PRIOR_WEIGHT = 5.0
# Feature groups, in vector order after the stage and industry one-hots; the reasons speak per group.
NUMERIC = ("age_in_stage", "recency", "frequency", "amount", "owner_rate", "contacts")


@dataclass(frozen=True)
class Snapshot:
    deal_id: int
    stage: str
    days_in_stage: float
    days_since_activity: float
    activities_30d: int
    amount: float | None
    industry: str | None
    owner_won: int
    owner_closed: int
    owner_rate: float  # smoothed
    contacts: int
    # Whether the customer had any activity at all by then (a reader is told "none yet", not "0 days ago").
    ever_active: bool = True


class OwnerRates:
    """Each owner's wins among deals closed before an instant (a deal never counts towards its own estimate)."""

    def __init__(self, closed: list[DealPath]) -> None:
        self._by_owner: dict[int, tuple[list[datetime], list[int]]] = {}
        for deal in sorted(closed, key=lambda d: d.closed_at or d.created_at):
            times, wins = self._by_owner.setdefault(deal.owner_id, ([], [0]))
            times.append(deal.closed_at or deal.created_at)
            wins.append(wins[-1] + (deal.outcome == "won"))
        total = len(closed)
        self.prior = (sum(d.outcome == "won" for d in closed) / total) if total else 0.5

    def at(self, owner_id: int, instant: datetime) -> tuple[int, int, float]:
        times, wins = self._by_owner.get(owner_id, ([], [0]))
        n = bisect_right(times, instant - timedelta(microseconds=1))
        won = wins[n]
        smoothed = (won + OWNER_PRIOR_WEIGHT * self.prior) / (n + OWNER_PRIOR_WEIGHT)
        return won, n, smoothed


class KnownRates(OwnerRates):
    """Owners' records as of the last training (kept in the model): today's estimates use the whole team's
    history, which a rep's own scope does not hold, and an owner's rate must not depend on who asks."""

    def __init__(self, records: dict[str, list[int]], prior: float) -> None:
        self.records = records
        self.prior = prior

    def at(self, owner_id: int, instant: datetime) -> tuple[int, int, float]:
        won, closed = self.records.get(str(owner_id), [0, 0])
        return won, closed, (won + OWNER_PRIOR_WEIGHT * self.prior) / (closed + OWNER_PRIOR_WEIGHT)

    @staticmethod
    def of(history: History) -> tuple[dict[str, list[int]], float]:
        records: dict[str, list[int]] = {}
        for deal in history.closed():
            entry = records.setdefault(str(deal.owner_id), [0, 0])
            entry[0] += deal.outcome == "won"
            entry[1] += 1
        return records, OwnerRates(history.closed()).prior


def snapshot(deal: DealPath, instant: datetime, history: History, owners: OwnerRates) -> Snapshot:
    stage, since = deal.stage_at(instant)
    last = history.last_activity(deal.customer_id, instant)
    quiet_from = max(last, deal.created_at) if last is not None else deal.created_at
    won, closed, rate = owners.at(deal.owner_id, instant)
    return Snapshot(
        deal_id=deal.deal_id, stage=stage,
        days_in_stage=max(0.0, (instant - since).total_seconds() / DAY),
        days_since_activity=max(0.0, (instant - quiet_from).total_seconds() / DAY),
        activities_30d=history.activities_between(deal.customer_id, instant - ACTIVITY_WINDOW, instant),
        amount=deal.amount, industry=deal.industry, owner_won=won, owner_closed=closed, owner_rate=rate,
        contacts=history.contacts_by(deal.customer_id, instant), ever_active=last is not None,
    )


def training_snapshots(history: History, every: timedelta = timedelta(days=14), per_deal: int = 8, *,
                       owners: OwnerRates | None = None) -> list[tuple[Snapshot, int]]:
    """Closed deals seen as they were while open: one snapshot every `every` from creation until they closed
    (the latest `per_deal` of them), labelled 1 for won. Open deals teach nothing yet and are left out.
    `owners` gives owners' records (default: from these deals; a held-out set passes the whole history's)."""
    closed = history.closed()
    owners = owners or OwnerRates(closed)
    out: list[tuple[Snapshot, int]] = []
    for deal in closed:
        assert deal.closed_at is not None
        instants: list[datetime] = []
        instant = deal.created_at + timedelta(days=1)
        while instant < deal.closed_at:
            instants.append(instant)
            instant += every
        if not instants:
            instants = [deal.created_at + (deal.closed_at - deal.created_at) / 2]
        label = int(deal.outcome == "won")
        for at in instants[-per_deal:]:
            snap = snapshot(deal, at, history, owners)
            if snap.stage in OPEN_STAGES:
                out.append((snap, label))
    return out


def numeric(snap: Snapshot, amount_fill: float) -> list[float]:
    """The numeric features, in NUMERIC order (logs tame long tails: 90 quiet days is not 9x worse than 10)."""
    amount = snap.amount if snap.amount is not None and snap.amount > 0 else amount_fill
    return [math.log1p(snap.days_in_stage), math.log1p(snap.days_since_activity), math.log1p(snap.activities_30d),
            math.log1p(amount), snap.owner_rate, math.log1p(snap.contacts)]
