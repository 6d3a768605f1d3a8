"""The win model: a logistic regression over `features`, kept as plain numbers (JSON, no pickle).

Why logistic regression rather than gradient boosting: on the synthetic history (bench/scoring_calibration.py)
both score about the same Brier, the regression is calibrated out of the box, trains in milliseconds, and its
log-odds split exactly into per-feature contributions — which is what the reasons a rep reads are made of.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from core.models import OPEN_STAGES, STAGE_PROBABILITY
from core.scoring.features import NUMERIC, Snapshot, numeric

# An industry gets its own coefficient once this many training snapshots share it.
MIN_INDUSTRY = 20
# L2 strength (sklearn's C): mild, so a thin industry or owner does not swing estimates.
REGULARISATION = 1.0


@dataclass
class WinModel:
    industries: list[str]
    amount_fill: float
    means: list[float]  # numeric features' means (standardisation)
    scales: list[float]
    coef: list[float]  # stage one-hots, industry one-hots, standardised numerics
    intercept: float
    column_means: list[float]  # each column's training mean: the "typical deal" contributions are measured from
    usual_days: dict[str, float]  # median days in each stage (what "longer than usual" means)
    usual_amount: float
    closed_deals: int
    trained_at: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WinModel:
        return cls(**data)

    def row(self, snap: Snapshot) -> list[float]:
        stages = [1.0 if snap.stage == s else 0.0 for s in OPEN_STAGES]
        industries = [1.0 if snap.industry == i else 0.0 for i in self.industries]
        raw = numeric(snap, self.amount_fill)
        scaled = [(v - m) / s for v, m, s in zip(raw, self.means, self.scales, strict=True)]
        return stages + industries + scaled

    def groups(self) -> list[str]:
        return ["stage"] * len(OPEN_STAGES) + ["industry"] * len(self.industries) + list(NUMERIC)

    def probability(self, snap: Snapshot) -> float:
        z = self.intercept + sum(c * x for c, x in zip(self.coef, self.row(snap), strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def contributions(self, snap: Snapshot) -> dict[str, float]:
        """Log-odds each feature group adds against the typical training deal (positive: raises the estimate)."""
        out: dict[str, float] = {}
        for group, c, x, mean in zip(self.groups(), self.coef, self.row(snap), self.column_means, strict=True):
            out[group] = out.get(group, 0.0) + c * (x - mean)
        return out


def stage_default(stage: str) -> float:
    """The stage's default probability (the one table in core.models.deals), as a fraction."""
    return STAGE_PROBABILITY.get(stage, 0) / 100.0


def fit(samples: list[tuple[Snapshot, int]], *, closed_deals: int, trained_at: str) -> WinModel:
    """Train on labelled snapshots. scikit-learn is imported here only (training is a job, never an import)."""
    from sklearn.linear_model import LogisticRegression

    snaps = [s for s, _ in samples]
    labels = [y for _, y in samples]
    counts = Counter(s.industry for s in snaps if s.industry)
    industries = sorted(i for i, n in counts.items() if n >= MIN_INDUSTRY)
    amounts = [s.amount for s in snaps if s.amount is not None and s.amount > 0]
    amount_fill = statistics.median(amounts) if amounts else 0.0
    raw = [numeric(s, amount_fill) for s in snaps]
    means = [statistics.fmean(col) for col in zip(*raw, strict=True)]
    scales = [statistics.pstdev(col) or 1.0 for col in zip(*raw, strict=True)]
    model = WinModel(industries=industries, amount_fill=amount_fill, means=means, scales=scales, coef=[],
                     intercept=0.0, column_means=[], usual_days={}, usual_amount=amount_fill,
                     closed_deals=closed_deals, trained_at=trained_at)
    matrix = [model.row(s) for s in snaps]
    fitted = LogisticRegression(C=REGULARISATION, max_iter=1000).fit(matrix, labels)
    model.coef = [float(c) for c in fitted.coef_[0]]
    model.intercept = float(fitted.intercept_[0])
    model.column_means = [statistics.fmean(col) for col in zip(*matrix, strict=True)]
    for stage in OPEN_STAGES:
        days = [s.days_in_stage for s in snaps if s.stage == stage]
        model.usual_days[stage] = statistics.median(days) if days else 0.0
    return model


def brier(probabilities: list[float], labels: list[int]) -> float:
    return sum((p - y) ** 2 for p, y in zip(probabilities, labels, strict=True)) / max(1, len(labels))


def reliability(probabilities: list[float], labels: list[int], bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed win rate, count) per probability bin that has deals."""
    table: list[tuple[float, float, int]] = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        pairs = [(p, y) for p, y in zip(probabilities, labels, strict=True)
                 if low <= p < high or (b == bins - 1 and p == 1.0)]
        if pairs:
            table.append((statistics.fmean(p for p, _ in pairs), statistics.fmean(y for _, y in pairs), len(pairs)))
    return table
