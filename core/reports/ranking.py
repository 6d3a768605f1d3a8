"""Team ranking (团队排名): per owner the actor may see, what they won in the period (amount and count), how
many interactions they logged in it (activities) and their conversion (won ÷ closed in the period). Ranked by
won amount in the team's currency, then deals won, then activities."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import func, select

from core.context import ServiceContext
from core.models import Interaction, User
from core.reports.closed import closed_in
from core.reports.common import Amounts, add, main_amount, percent
from core.reports.period import Period


class RankedRep(BaseModel):
    rank: int
    user_id: int
    name: str
    won: int
    won_amounts: Amounts
    lost: int
    activities: int

    @property
    def conversion_percent(self) -> Decimal | None:
        return percent(self.won, self.won + self.lost)


class TeamRanking(BaseModel):
    period: Period
    currency: str  # the one the ranking sorts by
    reps: list[RankedRep]

    @property
    def empty(self) -> bool:
        return not self.reps


@dataclass
class _Row:
    name: str
    won: int = 0
    won_amounts: Amounts = field(default_factory=dict)
    lost: int = 0
    activities: int = 0


def team_ranking(ctx: ServiceContext, period: Period) -> TeamRanking:
    start, end = period.bounds(ctx.actor.timezone)
    rows: dict[int, _Row] = {}
    for deal in closed_in(ctx, period):
        entry = rows.setdefault(deal.owner_id, _Row(deal.owner))
        if deal.won:
            entry.won += 1
            add(entry.won_amounts, deal.currency, deal.amount)
        else:
            entry.lost += 1
    logged = (select(Interaction.author_id, User.name, func.count(Interaction.id))
              .join(User, User.id == Interaction.author_id)
              .where(Interaction.occurred_at >= start, Interaction.occurred_at < end)
              .group_by(Interaction.author_id, User.name))
    for user_id, name, count in ctx.session.execute(logged).all():
        rows.setdefault(user_id, _Row(name)).activities = int(count)
    currency = ctx.defaults.currency
    reps = [RankedRep(rank=0, user_id=user_id, name=r.name, won=r.won, won_amounts=r.won_amounts, lost=r.lost,
                      activities=r.activities) for user_id, r in rows.items()]
    reps.sort(key=lambda r: (-main_amount(r.won_amounts, currency), -r.won, -r.activities, r.name))
    for place, rep in enumerate(reps, start=1):
        rep.rank = place
    return TeamRanking(period=period, currency=currency, reps=reps)
