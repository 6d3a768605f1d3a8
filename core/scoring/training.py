"""Training the win model on the team's closed deals: nightly from the scheduler's tick, or on demand
(`salesbot scoring train`). A few thousand deals train in well under a second (bench/scoring_calibration.py).

While history is thin — fewer than MIN_CLOSED closed deals, or fewer than MIN_EACH won or lost — there is no
model and every estimate is its stage's default (core.models.deals.STAGE_PROBABILITY).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.context import SystemContext
from core.scoring import features, loading, store
from core.scoring.model import fit
from core.scoring.records import History

MIN_CLOSED = 30
MIN_EACH = 5
MAX_AGE = timedelta(hours=24)


def thin(history: History) -> bool:
    closed = history.closed()
    won = sum(d.outcome == "won" for d in closed)
    return len(closed) < MIN_CLOSED or won < MIN_EACH or len(closed) - won < MIN_EACH


def train_history(history: History, trained_at: datetime) -> store.Status | None:
    """A model for these records, or None while they are too thin to learn from."""
    if thin(history):
        return None
    samples = features.training_snapshots(history)
    if len({label for _, label in samples}) < 2:
        return None
    closed = len(history.closed())
    model = fit(samples, closed_deals=closed, trained_at=trained_at.isoformat())
    records, prior = features.KnownRates.of(history)
    model.extra.update(owners=records, owner_prior=prior)
    return store.Status(model, closed, trained_at)


def retrain(system: SystemContext) -> store.Status:
    """Train on every closed deal (the whole team's history) and keep the result."""
    now = system.now()
    history = loading.load(system)
    status = train_history(history, now) or store.Status(None, len(history.closed()), now)
    store.save(system.defaults, status)
    return status


def refresh_if_stale(system: SystemContext) -> store.Status:
    """Retrain when there is no model yet or it is older than a day (the scheduler's tick calls this)."""
    status = store.current(system.defaults)
    if status is None or system.now() - status.trained_at >= MAX_AGE:
        return retrain(system)
    return status
