"""What every report shares: the stages in funnel order (from the one stage list in core.models), amounts per
currency (never added across currencies) and percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import case

from core.models import OPEN_STAGES, STAGE_PROBABILITY, STAGES

# The path a deal walks: the open stages in order, then won. Lost leaves the path (from any stage).
FUNNEL_STAGES: tuple[str, ...] = (*OPEN_STAGES, "won")
CLOSED_STAGES: tuple[str, ...] = ("won", "lost")
PROBABILITIES = STAGE_PROBABILITY

Amounts = dict[str, Decimal]
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def add(into: Amounts, currency: str, amount: Decimal | int | float | str | None) -> None:
    if amount is None:
        return
    value = Decimal(str(amount))
    into[currency] = (into.get(currency, Decimal(0)) + value).quantize(CENT, rounding=ROUND_HALF_UP)


def merged(*parts: Amounts) -> Amounts:
    out: Amounts = {}
    for part in parts:
        for currency, amount in part.items():
            add(out, currency, amount)
    return out


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when there is no whole to speak of."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def weighted(amount: Decimal | None, probability: int) -> Decimal:
    """A deal's amount × its win probability (a percentage)."""
    return (Decimal(amount or 0) * probability / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def main_amount(amounts: Amounts, currency: str) -> Decimal:
    """The figure a ranking sorts by: the amount in the team's currency (others are shown, never converted)."""
    return amounts.get(currency, Decimal(0))


def stage_index(column: Any) -> Any:
    """SQL: a stage's place on the funnel path (lead 0 … won); lost and unknown stages give NULL."""
    return case(*((column == stage, index) for index, stage in enumerate(FUNNEL_STAGES)), else_=None)


assert set(FUNNEL_STAGES) | {"lost"} == set(STAGES), "every stage is on the path or leaves it"
