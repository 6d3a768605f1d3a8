"""When an active customer became high churn risk (流失风险升高) — what its owner's push is raised from.

Churn risk has no events to walk, so its history is sampled: the score at each local midnight (the team's default
timezone) of the last HISTORY_DAYS days (`churn.assess`): the interactions before it, and the receivables as the
books stood at the end of the day before (`receivables.by_customer(as_of=…)`, rebuilt from what carries a date, so
a payment recorded today does not clear an invoice's overdue past), aged against that day. The walk is the one
high intent uses (`core.scoring.crossing`): a crossing is a midnight at which the score reached `churn.HIGH_FROM`
from below, and another counts only after the score has fallen under `churn.LISTED_FROM` (off the list: recovered).
The same data give the same crossing at every tick, so the push's key names it and the engine stores it once.
What carries no date can still change the past (an invoice voided, an interaction logged for an earlier day):
`told_already` checks a crossing against the pushes raised before it.

What sampling costs: a risk that appears during the day is noticed at the next midnight (the push waits for the
owner's morning anyway), and an invoice counts a day less late at a midnight than in today's list. Every tick scores
the active customers now (what `churn.risks` does for the chat); only those high now have their history walked,
reading their interactions once and the receivables aging once per sampled day (bench/churn_push_bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.context import SystemContext
from core.scoring import churn
from core.scoring.churn import ChurnRisk
from core.scoring.crossing import Hysteresis, Step
from core.timeutil import local_today, start_of_local_day

# How far back the history is walked: a customer high all that time counts as told already (its crossing, if any,
# is older than any tick's window); one that stays listed that long without being told can be told again.
HISTORY_DAYS = 14
WATCH = Hysteresis(churn.HIGH_FROM, churn.LISTED_FROM)


@dataclass(frozen=True)
class Crossing:
    risk: ChurnRisk  # as it stands now
    at: datetime  # the midnight the score reached HIGH_FROM
    # The last midnight before the crossing the score was seen recovered (under LISTED_FROM), else the walk's first:
    # an owner told about the customer since then has not seen it recover (see `told_already`).
    recovered_at: datetime


def midnights(end: datetime, tz: str, days: int = HISTORY_DAYS) -> list[tuple[datetime, date]]:
    """The local midnights of the last `days` days up to `end` (oldest first), each with the day that ended at it."""
    today = local_today(end, tz)
    return [(start_of_local_day(day, tz), day - timedelta(days=1))
            for day in (today - timedelta(days=back) for back in range(days - 1, -1, -1))]


def crossed_between(system: SystemContext, start: datetime, end: datetime) -> list[Crossing]:
    """Active customers whose churn score crossed HIGH_FROM at a midnight in (start, end] and is still at or over
    it at `end` (the scheduler's system unit: every customer)."""
    customers = churn.active(system)
    if not customers:
        return []
    recent = churn.touches(system, [c.id for c in customers], end - churn.BEFORE, end)
    now_overdue = churn.overdue_by_customer(system)
    high: list[ChurnRisk] = []
    for customer in customers:
        reasons = churn.assess(recent.get(customer.id, []), end, now_overdue.get(customer.id, {}))
        if churn.score_of(reasons) >= churn.HIGH_FROM:
            high.append(ChurnRisk(customer.id, customer.name, customer.owner_id, churn.score_of(reasons), reasons))
    if not high:
        return []
    samples = midnights(end, system.defaults.timezone)
    history = churn.touches(system, [risk.customer_id for risk in high], samples[0][0] - churn.BEFORE, end)
    scores: dict[int, list[Step]] = {risk.customer_id: [] for risk in high}
    for at, ended in samples:
        overdue = churn.overdue_by_customer(system, as_of=ended)
        for risk in high:
            steps = scores[risk.customer_id]
            value = churn.score_of(churn.assess(history.get(risk.customer_id, []), at,
                                                overdue.get(risk.customer_id, {})))
            steps.append(Step(at, steps[-1].value if steps else 0.0, value))
    out = []
    for risk in high:
        steps = scores[risk.customer_id]
        found = WATCH.crossings(steps)
        if found and start < found[-1] <= end:
            lows = [step.at for step in steps if step.at < found[-1] and step.value < WATCH.rearm_below]
            out.append(Crossing(risk, found[-1], max(lows, default=steps[0].at)))
    return out


def told_already(crossing: Crossing, last_told: datetime | None) -> bool:
    """Whether the owner was told about this customer since it was last seen recovered.

    The walk reads the data as they stand now, and a payment recorded today also clears yesterday's overdue
    invoice: a customer told about last week, paid, then late again can look as if it had never been high. The
    pushes already raised remember what was said; a crossing after them counts only once the walk has seen the
    customer recover in between."""
    return last_told is not None and last_told >= crossing.recovered_at
