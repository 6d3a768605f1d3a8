"""Delay risk of a project, as pure functions over its facts (no database here).

The rules, each a `Risk` with a code the chat and the pushes say in the user's language:
- `late`: the finish projected from progress so far (elapsed days ÷ percent complete) falls after the planned end
  by more than `RiskRules.grace_days`;
- `past_end`: the planned end has passed and the project is not complete;
- `no_progress`: a quarter of the planned time has gone and nothing is reported done;
- `milestone_overdue`: a milestone's date has passed and it is not done;
- `burn_ahead`: the share of the hour budget burned runs ahead of the share of the work done by more than
  `RiskRules.burn_margin` percentage points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

RiskCode = Literal["late", "past_end", "no_progress", "milestone_overdue", "burn_ahead"]


@dataclass(frozen=True)
class RiskRules:
    grace_days: int = 3
    burn_margin: int = 15
    no_progress_share: float = 0.25


DEFAULT_RULES = RiskRules()


@dataclass(frozen=True)
class ProjectFacts:
    today: date
    planned_start: date | None
    planned_end: date | None
    percent_complete: int
    budget_hours: Decimal | None = None
    hours_burned: Decimal = Decimal(0)
    # (milestone name, its planned day) for milestones not done
    open_milestones: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True)
class Risk:
    code: RiskCode
    params: dict[str, str | int] = field(default_factory=dict)


def projected_finish(start: date, today: date, percent: int) -> date | None:
    """When the work ends if it goes on at the pace so far; None before the start or with nothing done."""
    if percent <= 0 or today < start:
        return None
    if percent >= 100:
        return today
    elapsed = (today - start).days + 1
    total = math.ceil(elapsed * 100 / percent)
    return start + timedelta(days=total - 1)


def burn_percent(budget_hours: Decimal | None, burned: Decimal) -> int | None:
    """Hours burned as a whole percentage of the budget (None without a budget)."""
    if not budget_hours or budget_hours <= 0:
        return None
    return int((burned * 100 / budget_hours).to_integral_value())


def assess(facts: ProjectFacts, rules: RiskRules = DEFAULT_RULES) -> list[Risk]:
    """Every rule that fires for the project, most telling first."""
    risks: list[Risk] = []
    done = facts.percent_complete >= 100
    start, end = facts.planned_start, facts.planned_end
    if not done and start is not None and end is not None and facts.today >= start:
        if facts.today > end:
            risks.append(Risk("past_end", {"end": end.isoformat(), "days": (facts.today - end).days}))
        else:
            projected = projected_finish(start, facts.today, facts.percent_complete)
            if projected is not None and (projected - end).days > rules.grace_days:
                risks.append(Risk("late", {"projected": projected.isoformat(), "end": end.isoformat(),
                                           "days": (projected - end).days}))
            planned = max(1, (end - start).days + 1)
            elapsed = (facts.today - start).days + 1
            if facts.percent_complete == 0 and elapsed / planned >= rules.no_progress_share:
                risks.append(Risk("no_progress", {"elapsed": elapsed, "planned": planned}))
    for name, due in facts.open_milestones:
        if due < facts.today:
            risks.append(Risk("milestone_overdue", {"milestone": name, "due": due.isoformat(),
                                                    "days": (facts.today - due).days}))
    burned = burn_percent(facts.budget_hours, facts.hours_burned)
    if burned is not None and burned - facts.percent_complete > rules.burn_margin:
        risks.append(Risk("burn_ahead", {"burned": burned, "percent": facts.percent_complete}))
    return risks


def describe(lang: str, risk: Risk) -> str:
    """The risk as a sentence in `lang` (its dates as the language writes them)."""
    from core.i18n import format as fmt
    from core.i18n import t

    params: dict[str, object] = {}
    for key, value in risk.params.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                params[key] = fmt.day(date.fromisoformat(value), lang)
                continue
            except ValueError:
                pass
        params[key] = value
    return t(lang, f"risk.{risk.code}", **params)
