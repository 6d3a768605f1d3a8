"""What the win model learns from, as plain records (the database loader and the synthetic history in tests
both produce these): each deal's path through the stages, and each customer's activity and contacts."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime

CLOSED = ("won", "lost")


@dataclass(frozen=True)
class DealPath:
    deal_id: int
    owner_id: int
    customer_id: int
    industry: str | None
    amount: float | None
    # (stage, entered at), oldest first; the first entry is where the deal started.
    stages: tuple[tuple[str, datetime], ...]

    @property
    def outcome(self) -> str | None:
        last = self.stages[-1][0] if self.stages else None
        return last if last in CLOSED else None

    @property
    def created_at(self) -> datetime:
        return self.stages[0][1]

    @property
    def closed_at(self) -> datetime | None:
        return self.stages[-1][1] if self.outcome is not None else None

    def stage_at(self, instant: datetime) -> tuple[str, datetime]:
        """The stage the deal was in at `instant`, and since when."""
        current = self.stages[0]
        for entry in self.stages:
            if entry[1] > instant:
                break
            current = entry
        return current


@dataclass
class History:
    deals: list[DealPath]
    # customer id -> instants of logged interactions, sorted
    activity: dict[int, list[datetime]] = field(default_factory=dict)
    # customer id -> the first instant each contact took part in an interaction, sorted
    contacts: dict[int, list[datetime]] = field(default_factory=dict)

    def activities_between(self, customer_id: int, start: datetime, end: datetime) -> int:
        times = self.activity.get(customer_id, [])
        return bisect_right(times, end) - bisect_left(times, start)

    def last_activity(self, customer_id: int, before: datetime) -> datetime | None:
        times = self.activity.get(customer_id, [])
        index = bisect_right(times, before)
        return times[index - 1] if index else None

    def contacts_by(self, customer_id: int, instant: datetime) -> int:
        return bisect_right(self.contacts.get(customer_id, []), instant)

    def closed(self) -> list[DealPath]:
        return [d for d in self.deals if d.outcome is not None]
