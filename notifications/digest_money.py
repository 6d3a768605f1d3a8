"""The receivables part of the manager digest: what the team's customers owe, by age, and the most overdue
customers — read with the manager's own permissions (their team's money)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.context import ServiceContext
from core.i18n import format as fmt
from core.i18n import t
from core.services import receivables
from core.services.receivables import BUCKETS

TOP_CUSTOMERS = 3


def _amounts(lang: str, values: dict[str, Decimal]) -> str:
    return " + ".join(fmt.money(amount, currency, lang) for currency, amount in sorted(values.items()) if amount)


def receivables_lines(ctx: ServiceContext, day: date) -> list[str]:
    lang = ctx.actor.language
    agings = receivables.by_customer(ctx, today=day)
    if not agings:
        return ["", t(lang, "digest.receivables_none")]
    whole = receivables.totals(agings)
    overdue = whole.overdue()
    lines = ["", t(lang, "digest.receivables_title", total=_amounts(lang, whole.total()),
                   overdue=_amounts(lang, overdue) or fmt.money(0, ctx.defaults.currency, lang))]
    buckets = [f"{t(lang, f'digest.aging.{bucket}')} {_amounts(lang, whole.buckets[bucket])}" for bucket in BUCKETS
               if whole.buckets[bucket]]
    lines.append("  " + " · ".join(buckets))
    for aging in [a for a in agings if a.overdue()][:TOP_CUSTOMERS]:
        lines.append("  " + t(lang, "digest.receivables_customer", customer=aging.name,
                              overdue=_amounts(lang, aging.overdue())))
    return lines
