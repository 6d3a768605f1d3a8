"""Churn risk of active customers (预测客户流失风险): falling activity, overdue money, negative notes.

A customer counts as active when it is not marked churned and it has bought (a won deal) or is marked active.
The score is the sum of its reasons' points (capped at 100); each reason carries the facts a rep reads:

- activity: interactions in the last 30 days against the monthly average of the 60 days before
  (down by half or more: up to 40 points; none at all in 90 days: 30);
- money: overdue receivables (1–30 days late: 15, 31–60: 25, over 60: 35);
- notes: interaction summaries of the last 90 days with negative words (15 each, at most 30).

Read through the actor's scope: a rep sees their own customers, a manager the team's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select

from core.context import ServiceContext
from core.i18n import format as fmt
from core.i18n import t
from core.models import Customer, Deal, Interaction
from core.scoring.notes import negative_words
from core.services import receivables

RECENT = timedelta(days=30)
BEFORE = timedelta(days=90)
# Shown when the score reaches this (lower ones are noise in a list).
LISTED_FROM = 20
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


def _active(ctx: ServiceContext, mine_only: bool) -> list[Customer]:
    won = select(Deal.customer_id).where(Deal.stage == "won")
    q = select(Customer).where(Customer.status != "churned", or_(Customer.status == "active", Customer.id.in_(won)))
    if mine_only:
        q = q.where(Customer.owner_id == ctx.actor.user_id)
    return list(ctx.session.scalars(q.order_by(Customer.id)).all())


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
    negative = [(s, negative_words(s)) for s in summaries]
    negative = [(s, words) for s, words in negative if words]
    if not negative:
        return None
    latest, words = negative[0]
    snippet = latest if len(latest) <= SNIPPET else latest[: SNIPPET - 1] + "…"
    return ChurnReason("notes", min(30, 15 * len(negative)), {"count": len(negative), "words": ", ".join(words),
                                                              "note": snippet})


def risks(ctx: ServiceContext, *, mine_only: bool = False, customer_id: int | None = None, limit: int = 20
          ) -> list[ChurnRisk]:
    """Active customers the actor sees, by churn risk, highest first (those under LISTED_FROM left out unless
    one customer is asked about)."""
    found = _active(ctx, mine_only)
    if customer_id is not None:
        found = [c for c in found if c.id == customer_id]
    if not found:
        return []
    now = ctx.now()
    ids = [c.id for c in found]
    rows = ctx.session.execute(
        select(Interaction.customer_id, Interaction.occurred_at, Interaction.summary)
        .where(Interaction.customer_id.in_(ids), Interaction.occurred_at > now - BEFORE,
               Interaction.occurred_at <= now)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())).all()
    overdue = {a.key: {b: a.buckets[b] for b in receivables.BUCKETS[1:]} for a in receivables.by_customer(ctx)}
    out = []
    for customer in found:
        mine = [r for r in rows if r.customer_id == customer.id]
        recent = sum(1 for r in mine if r.occurred_at > now - RECENT)
        reasons = [r for r in (activity_reason(recent, len(mine) - recent),
                               money_reason(overdue.get(customer.id, {})),
                               notes_reason([r.summary or "" for r in mine])) if r is not None]
        score = min(100, sum(r.points for r in reasons))
        if score >= LISTED_FROM or customer_id is not None:
            out.append(ChurnRisk(customer.id, customer.name, customer.owner_id, score,
                                 sorted(reasons, key=lambda r: -r.points)))
    return sorted(out, key=lambda r: (-r.score, r.customer))[:limit]


def describe(reason: ChurnReason, lang: str) -> str:
    params = dict(reason.params)
    if "amounts" in params:
        params["amount"] = " + ".join(fmt.money(Decimal(a), c, lang) for c, a in params.pop("amounts").items())
    return t(lang, f"scoring.churn.{reason.key}", **params)
