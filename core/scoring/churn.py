"""Churn risk of active customers (预测客户流失风险): falling activity, overdue money, negative notes.

A customer counts as active when it is not marked churned and it has bought (a won deal) or is marked active.
The score is the sum of its reasons' points (capped at 100); each reason carries the facts a rep reads:

- activity: interactions in the last 30 days against the monthly average of the 60 days before
  (down by half or more: up to 40 points; none at all in 90 days: 30);
- money: overdue receivables (1–30 days late: 15, 31–60: 25, over 60: 35);
- notes: interaction summaries of the last 90 days with negative words (15 each, at most 30).

Read through the actor's scope: a rep sees their own customers, a manager the team's. A score is computed for any
instant (`assess`), so `churn_crossings` can walk its daily history to tell an owner once per crossing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select

from core.context import ServiceContext, SystemContext
from core.i18n import format as fmt
from core.i18n import t
from core.models import Customer, Deal, Interaction
from core.scoring.notes import negative_words
from core.services import receivables

RECENT = timedelta(days=30)
BEFORE = timedelta(days=90)
# Shown when the score reaches this (lower ones are noise in a list).
LISTED_FROM = 20
# High risk: its owner is told (once per crossing), managers read it in their morning digest.
HIGH_FROM = 50
SNIPPET = 40


@dataclass(frozen=True)
class ChurnReason:
    key: str  # scoring.churn.*
    points: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChurnRisk:
    customer_id: int
    customer: str
    owner_id: int
    score: int
    reasons: list[ChurnReason]


@dataclass(frozen=True)
class Touch:
    """One interaction as churn reads it."""

    customer_id: int
    occurred_at: datetime
    summary: str
    # The summary's negative words, found once (a history walk reads each note at every sampled midnight).
    negative: tuple[str, ...] = ()


@dataclass(frozen=True)
class Active:
    """An active customer as churn reads it."""

    id: int
    name: str
    owner_id: int


Overdue = dict[str, dict[str, Decimal]]  # bucket -> currency -> amount


def active(unit: ServiceContext | SystemContext, owner_id: int | None = None, customer_id: int | None = None
           ) -> list[Active]:
    """Active customers the unit may read (of one owner, or just one, when given)."""
    won = select(Deal.customer_id).where(Deal.stage == "won")
    q = (select(Customer.id, Customer.name, Customer.owner_id)
         .where(Customer.status != "churned", or_(Customer.status == "active", Customer.id.in_(won))))
    if owner_id is not None:
        q = q.where(Customer.owner_id == owner_id)
    if customer_id is not None:
        q = q.where(Customer.id == customer_id)
    return [Active(row.id, row.name, row.owner_id) for row in unit.session.execute(q.order_by(Customer.id))]


def touches(unit: ServiceContext | SystemContext, ids: Sequence[int], since: datetime, until: datetime
            ) -> dict[int, list[Touch]]:
    """The customers' interactions in (since, until], newest first."""
    rows = unit.session.execute(
        select(Interaction.customer_id, Interaction.occurred_at, Interaction.summary)
        .where(Interaction.customer_id.in_(list(ids)), Interaction.occurred_at > since,
               Interaction.occurred_at <= until)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())).all()
    out: dict[int, list[Touch]] = {}
    for row in rows:
        summary = row.summary or ""
        out.setdefault(row.customer_id, []).append(Touch(row.customer_id, row.occurred_at, summary,
                                                         tuple(negative_words(summary))))
    return out


def overdue_by_customer(unit: ServiceContext | SystemContext, as_of: date | None = None) -> dict[int, Overdue]:
    """Each customer's overdue buckets today, or as the books stood at the end of a past day (`as_of`)."""
    return {a.key: {b: a.buckets[b] for b in receivables.BUCKETS[1:]}
            for a in receivables.by_customer(unit, as_of=as_of) if a.key is not None}


def assess(mine: Sequence[Touch], at: datetime, overdue: Overdue) -> list[ChurnReason]:
    """A customer's reasons at `at`, from its interactions (newest first; later ones are ignored) and what it
    owes late; the weightiest first."""
    window = [touch for touch in mine if at - BEFORE < touch.occurred_at <= at]
    recent = sum(1 for touch in window if touch.occurred_at > at - RECENT)
    reasons = [r for r in (activity_reason(recent, len(window) - recent), money_reason(overdue),
                           _notes_reason([(touch.summary, touch.negative) for touch in window])) if r is not None]
    return sorted(reasons, key=lambda r: -r.points)


def score_of(reasons: Sequence[ChurnReason]) -> int:
    return min(100, sum(r.points for r in reasons))


def activity_reason(recent: int, previous: int) -> ChurnReason | None:
    """`recent` interactions in the last 30 days, `previous` in the 60 days before them."""
    usual = previous / 2
    if recent == 0 and previous == 0:
        return ChurnReason("silent", 30, {"days": BEFORE.days})
    if usual >= 1 and recent <= usual / 2:
        return ChurnReason("activity_down", round(40 * (1 - recent / usual)), {"recent": recent,
                                                                                "usual": round(usual, 1)})
    return None


def money_reason(overdue: dict[str, dict[str, Decimal]]) -> ChurnReason | None:
    """From a customer's overdue buckets (bucket -> currency -> amount)."""
    points = {"1_30": 15, "31_60": 25, "61_90": 35, "90_plus": 35}
    late = [bucket for bucket in ("90_plus", "61_90", "31_60", "1_30") if any(overdue.get(bucket, {}).values())]
    if not late:
        return None
    totals: dict[str, Decimal] = {}
    for bucket in late:
        for currency, amount in overdue[bucket].items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    days = {"1_30": 1, "31_60": 31, "61_90": 61, "90_plus": 91}[late[0]]
    return ChurnReason("overdue", points[late[0]], {"amounts": {c: str(a) for c, a in sorted(totals.items())},
                                                    "days": days})


def notes_reason(summaries: list[str]) -> ChurnReason | None:
    """From interaction summaries, newest first."""
    return _notes_reason([(s, tuple(negative_words(s))) for s in summaries])


def _notes_reason(notes: Sequence[tuple[str, tuple[str, ...]]]) -> ChurnReason | None:
    negative = [(s, words) for s, words in notes if words]
    if not negative:
        return None
    latest, words = negative[0]
    snippet = latest if len(latest) <= SNIPPET else latest[: SNIPPET - 1] + "…"
    return ChurnReason("notes", min(30, 15 * len(negative)), {"count": len(negative), "words": ", ".join(words),
                                                              "note": snippet})


def risks(ctx: ServiceContext, *, mine_only: bool = False, customer_id: int | None = None, limit: int | None = 20,
          min_score: int = LISTED_FROM) -> list[ChurnRisk]:
    """Active customers the actor sees, by churn risk, highest first (those under `min_score` left out unless
    one customer is asked about)."""
    found = active(ctx, ctx.actor.user_id if mine_only else None)
    if customer_id is not None:
        found = [c for c in found if c.id == customer_id]
    if not found:
        return []
    now = ctx.now()
    history = touches(ctx, [c.id for c in found], now - BEFORE, now)
    overdue = overdue_by_customer(ctx)
    out = []
    for customer in found:
        reasons = assess(history.get(customer.id, []), now, overdue.get(customer.id, {}))
        score = score_of(reasons)
        if score >= min_score or customer_id is not None:
            out.append(ChurnRisk(customer.id, customer.name, customer.owner_id, score, reasons))
    return sorted(out, key=lambda r: (-r.score, r.customer))[:limit]


def score_now(unit: ServiceContext | SystemContext, customer_id: int) -> int | None:
    """One customer's score now, or None when the unit may not read it or it is no longer active (the push's
    check right before it is sent)."""
    if not active(unit, customer_id=customer_id):
        return None
    now = unit.now()
    mine = touches(unit, [customer_id], now - BEFORE, now).get(customer_id, [])
    overdue = {a.key: {b: a.buckets[b] for b in receivables.BUCKETS[1:]}
               for a in receivables.by_customer(unit, customer_id=customer_id)}
    return score_of(assess(mine, now, overdue.get(customer_id, {})))


def describe(reason: ChurnReason, lang: str) -> str:
    params = dict(reason.params)
    if "amounts" in params:
        params["amount"] = " + ".join(fmt.money(Decimal(a), c, lang) for c, a in params.pop("amounts").items())
    return t(lang, f"scoring.churn.{reason.key}", **params)
