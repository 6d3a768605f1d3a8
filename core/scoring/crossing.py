"""Once per crossing (shared by high intent and churn risk): a score "crosses" when it rises to a threshold from
below, and it must have fallen under a lower re-arm line since its last crossing for the next one to count — a
score hovering around the threshold crosses once, not every other day.

Crossings are found by walking the score's history, which the data alone determine, so no flag table is needed
and a crossing always has the same instant: the notification key's occurrence (the engine stores a key once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Step:
    """The score at one instant of its history, and its lowest value just before (since the previous step)."""

    at: datetime
    before: float
    value: float


@dataclass(frozen=True)
class Hysteresis:
    threshold: float
    # A crossing counts again only once the score has been under this since the last one.
    rearm_below: float

    def crossings(self, steps: Iterable[Step]) -> list[datetime]:
        """The instants the score crossed the threshold upwards (steps oldest first; armed at the start)."""
        found: list[datetime] = []
        armed = True
        for step in steps:
            armed = armed or step.before < self.rearm_below
            if armed and step.before < self.threshold <= step.value:
                found.append(step.at)
                armed = False
        return found
