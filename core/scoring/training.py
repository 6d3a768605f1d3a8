"""Training the win model on the team's closed deals: nightly from the scheduler's tick, or on demand
(`salesbot scoring train`). A few thousand deals train in well under a second (bench/scoring_calibration.py).

While history is thin — fewer than MIN_CLOSED closed deals, or fewer than MIN_EACH won or lost — there is no
model and every estimate is its stage's default (core.models.deals.STAGE_PROBABILITY).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.context import CoreGateway
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


def refresh(core: CoreGateway, *, force: bool = False) -> store.Status:
    """Retrain when forced, when there is no model yet, or when it is older than a day (the scheduler's tick
    calls this; `salesbot scoring train` forces it). The history is read in one short transaction and the model
    fitted outside it, so a write lock is never held while scikit-learn loads or fits."""
    with core.system() as system:
        status = store.current(system)
        now = system.now()
        if not force and status is not None and now - status.trained_at < MAX_AGE:
            return status
        history = loading.load(system)
    fresh = train_history(history, now) or store.Status(None, len(history.closed()), now)
    with core.system() as system:
        store.save(system, fresh)
    return fresh
