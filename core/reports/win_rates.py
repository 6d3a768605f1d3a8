"""Win rate (赢单率): of the deals closed in the period, the share won — by count and by amount — overall and
per owner the actor may see."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from core.context import ServiceContext
from core.reports.closed import ClosedDeal, closed_in
from core.reports.common import Amounts, add, percent
from core.reports.period import Period


class WinTally(BaseModel):
    won: int = 0
    lost: int = 0
    won_amounts: Amounts = {}
    lost_amounts: Amounts = {}

    @property
    def closed(self) -> int:
        return self.won + self.lost

    @property
    def rate_percent(self) -> Decimal | None:
        return percent(self.won, self.closed)

    def count(self, deal: ClosedDeal) -> None:
        if deal.won:
            self.won += 1
            add(self.won_amounts, deal.currency, deal.amount)
        else:
            self.lost += 1
            add(self.lost_amounts, deal.currency, deal.amount)


class OwnerWinRate(BaseModel):
    owner_id: int
    owner: str
    tally: WinTally


class WinRate(BaseModel):
    period: Period
    total: WinTally
    by_owner: list[OwnerWinRate]

    @property
    def empty(self) -> bool:
        return self.total.closed == 0

    def amount_rate_percent(self, currency: str) -> Decimal | None:
        """Won amount ÷ closed amount in one currency."""
        won = self.total.won_amounts.get(currency, Decimal(0))
        return percent(won, won + self.total.lost_amounts.get(currency, Decimal(0)))


def win_rate(ctx: ServiceContext, period: Period) -> WinRate:
    total = WinTally(won_amounts={}, lost_amounts={})
    owners: dict[int, OwnerWinRate] = {}
    for deal in closed_in(ctx, period):
        total.count(deal)
        owner = owners.setdefault(deal.owner_id, OwnerWinRate(owner_id=deal.owner_id, owner=deal.owner,
                                                              tally=WinTally(won_amounts={}, lost_amounts={})))
        owner.tally.count(deal)
    ranked = sorted(owners.values(), key=lambda o: (-(o.tally.rate_percent or Decimal(-1)), -o.tally.closed, o.owner))
    return WinRate(period=period, total=total, by_owner=ranked)
