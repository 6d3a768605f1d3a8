"""High-intent customers (自动识别高潜力客户) from behaviour events, scored with exponential decay.

score(t) = Σ weight(kind, page) · 0.5^(age_days / half_life) over the customer's events up to t. A customer is
flagged when the score crosses the threshold upwards — once per crossing: it must fall well below (threshold ×
rearm) and rise again to be flagged again (`core.scoring.crossing`). Crossings are computed from the events
themselves, so no flag table is needed and a crossing always has the same instant (the notification key's
occurrence).

Events come through an `EventSource`; the default reads the `behaviour_events` table through the unit it is
given (scoped for an actor). An integrator can point `use_source` at another store of the same events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select

from core.context import ServiceContext, SystemContext, Unit
from core.models import BehaviourEvent, Customer
from core.scoping import CUSTOMER_NAMES
from core.scoring.crossing import Hysteresis, Step
from core.scoring.intent_config import Event as Event
from core.scoring.intent_config import IntentConfig as IntentConfig

DAY = 86400.0
WEEK = timedelta(days=7)


class EventSource(Protocol):
    def events(self, unit: Unit, since: datetime, until: datetime,
               customer_ids: Collection[int] | None = None) -> list[Event]: ...


class TableEvents:
    """Events from the behaviour_events table (what the unit's scope lets it read)."""

    def events(self, unit: Unit, since: datetime, until: datetime,
               customer_ids: Collection[int] | None = None) -> list[Event]:
        q = select(BehaviourEvent).where(BehaviourEvent.occurred_at > since, BehaviourEvent.occurred_at <= until)
        if customer_ids is not None:
            q = q.where(BehaviourEvent.customer_id.in_(list(customer_ids)))
        rows = unit.session.scalars(q.order_by(BehaviourEvent.occurred_at, BehaviourEvent.id))
        return [Event(r.kind, r.customer_id, r.occurred_at, dict(r.detail or {})) for r in rows]


_SOURCE: list[EventSource] = [TableEvents()]


def use_source(source: EventSource) -> None:
    """Point the scoring at another store of behaviour events (the integrator's hook)."""
    _SOURCE[0] = source


# -- the maths (pure) -------------------------------------------------------------------------------------------

def decay(age: timedelta, half_life_days: float) -> float:
    return float(0.5 ** (max(0.0, age.total_seconds() / DAY) / half_life_days))


def score_at(events: Iterable[Event], at: datetime, config: IntentConfig) -> float:
    return sum(config.weight(e) * decay(at - e.occurred_at, config.half_life_days)
               for e in events if e.occurred_at <= at)


def crossings(events: list[Event], config: IntentConfig) -> list[datetime]:
    """Instants the score rose to the threshold from below (events of one customer, oldest first). Between
    events the score only decays, so its lowest point is just before the next event: that is where re-arming
    is checked."""
    steps: list[Step] = []
    score, last = 0.0, None
    for event in events:
        before = score if last is None else score * decay(event.occurred_at - last, config.half_life_days)
        score, last = before + config.weight(event), event.occurred_at
        steps.append(Step(event.occurred_at, before, score))
    return Hysteresis(config.threshold, config.threshold * config.rearm).crossings(steps)


def flagged_since(events: list[Event], now: datetime, config: IntentConfig) -> datetime | None:
    """The crossing that flags the customer now (None when the score is under the threshold)."""
    if score_at(events, now, config) < config.threshold:
        return None
    found = crossings(events, config)
    return found[-1] if found else None


# -- what services answer ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Highlight:
    kind: str
    subject: str
    count: int  # in the last 7 days


@dataclass(frozen=True)
class IntentScore:
    customer_id: int
    customer: str
    owner_id: int
    score: float
    flagged_since: datetime | None
    highlights: list[Highlight]


def highlights(events: list[Event], now: datetime, config: IntentConfig) -> list[Highlight]:
    """The week's events by kind and subject, the weightiest first ("viewed the pricing page 4 times")."""
    week = [e for e in events if now - WEEK < e.occurred_at <= now]
    counts = Counter((e.kind, e.subject) for e in week)
    weights = {(e.kind, e.subject): config.weight(e) for e in week}
    ranked = sorted(counts.items(), key=lambda kv: (-weights[kv[0]] * kv[1], kv[0]))
    return [Highlight(kind, subject, n) for (kind, subject), n in ranked]


def _by_customer(events: list[Event]) -> dict[int, list[Event]]:
    out: dict[int, list[Event]] = {}
    for event in events:
        out.setdefault(event.customer_id, []).append(event)
    return out


def _scores(unit: Unit, now: datetime, config: IntentConfig, customer_ids: Collection[int] | None
            ) -> list[IntentScore]:
    events = _by_customer(_SOURCE[0].events(unit, now - config.lookback, now, customer_ids))
    if not events:
        return []
    rows = unit.session.execute(select(Customer.id, Customer.name, Customer.owner_id)
                                .where(Customer.id.in_(list(events))).execution_options(**CUSTOMER_NAMES)).all()
    out = []
    for row in rows:
        mine = events[row.id]
        out.append(IntentScore(row.id, row.name, row.owner_id, round(score_at(mine, now, config), 2),
                               flagged_since(mine, now, config), highlights(mine, now, config)))
    return sorted(out, key=lambda s: (-s.score, s.customer_id))


def high_intent(ctx: ServiceContext, *, config: IntentConfig | None = None, mine_only: bool = False,
                limit: int = 10) -> list[IntentScore]:
    """Customers the actor sees whose score is at or over the threshold, highest first."""
    config = config or ctx.defaults.intent
    found = [s for s in _scores(ctx, ctx.now(), config, None) if s.score >= config.threshold]
    if mine_only:
        found = [s for s in found if s.owner_id == ctx.actor.user_id]
    return found[:limit]


def customer_score(ctx: ServiceContext, customer_id: int, *, config: IntentConfig | None = None
                   ) -> IntentScore | None:
    """One customer's score (None when it has no recent events); the customer must be the actor's to read."""
    from core.services import customers

    customers.get(ctx, customer_id)
    found = _scores(ctx, ctx.now(), config or ctx.defaults.intent, [customer_id])
    return found[0] if found else None


def crossed_between(system: SystemContext, start: datetime, end: datetime, *, config: IntentConfig | None = None
                    ) -> list[tuple[IntentScore, datetime]]:
    """(score, crossing instant) for each customer whose score crossed the threshold in (start, end] and is
    still over it at `end` — what the high-intent push is raised from (the scheduler's system unit)."""
    config = config or system.defaults.intent
    # A crossing happens at an event: only customers with events in the window can have one (each tick reads
    # the window's events, then the lookback of those few customers).
    recent = {e.customer_id for e in _SOURCE[0].events(system, start, end)}
    if not recent:
        return []
    out = []
    for found in _scores(system, end, config, recent):
        if found.flagged_since is not None and start < found.flagged_since <= end:
            out.append((found, found.flagged_since))
    return out


def describe(customer: str, found: list[Highlight], lang: str) -> str:
    """The week's strongest signal in words: "Acme viewed the pricing page 4 times this week"."""
    from core.i18n import t

    if not found:
        return t(lang, "scoring.intent.quiet_week", customer=customer)
    top = found[0]
    times = t(lang, "scoring.intent.once") if top.count == 1 else t(lang, "scoring.intent.times", count=top.count)
    key = f"scoring.intent.{top.kind}"
    if top.kind in ("product_page_view", "download") and not top.subject:
        key += "_any"
    return t(lang, key, customer=customer, subject=top.subject, times=times)


def still_flagged(unit: Unit, customer_id: int, now: datetime, *, config: IntentConfig | None = None) -> bool:
    """Whether the customer's score is still at or over the threshold (events the unit may read)."""
    config = config or unit.defaults.intent
    events = _SOURCE[0].events(unit, now - config.lookback, now, [customer_id])
    return score_at(events, now, config) >= config.threshold
